// Package logging makes the JSON slog logger every function uses. Each
// record carries the Lambda request id (and the API Gateway one, when the
// handler put it in the context), so one grep finds a request's whole story.
// Logs hold no email addresses: any that reaches a value (a staff member's
// sign-in name, an address inside an error from SES) is masked to its
// domain, so a log line still tells which organisation it was about.
package logging

import (
	"context"
	"io"
	"log/slog"
	"regexp"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

type ctxKey struct{}
type actorKey struct{}

// WithActor returns ctx carrying the signed-in staff member's stable id
// (never a name or an address), logged with every record.
func WithActor(ctx context.Context, sub string) context.Context {
	return context.WithValue(ctx, actorKey{}, sub)
}

// WithAPIRequestID returns ctx carrying API Gateway's request id.
func WithAPIRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// New returns a JSON logger writing to w at level.
func New(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(requestIDs{slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: maskEmails})})
}

type requestIDs struct{ slog.Handler }

func (h requestIDs) Handle(ctx context.Context, r slog.Record) error {
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		r.AddAttrs(slog.String("requestId", lc.AwsRequestID))
	}
	if id, ok := ctx.Value(ctxKey{}).(string); ok && id != "" {
		r.AddAttrs(slog.String("apiRequestId", id))
	}
	if sub, ok := ctx.Value(actorKey{}).(string); ok && sub != "" {
		r.AddAttrs(slog.String("actor", sub))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDs) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDs{h.Handler.WithAttrs(as)}
}
func (h requestIDs) WithGroup(name string) slog.Handler { return requestIDs{h.Handler.WithGroup(name)} }

// emailAddress matches an address's local part and the @ (the domain stays).
var emailAddress = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@`)

// maskEmails replaces the local part of every email address in a string
// value (errors included) with "…@".
func maskEmails(_ []string, a slog.Attr) slog.Attr {
	var s string
	switch a.Value.Kind() {
	case slog.KindString:
		s = a.Value.String()
	case slog.KindAny:
		err, ok := a.Value.Any().(error)
		if !ok {
			return a
		}
		s = err.Error()
	default:
		return a
	}
	if masked := emailAddress.ReplaceAllString(s, "…@"); masked != s {
		return slog.String(a.Key, masked)
	}
	return a
}
