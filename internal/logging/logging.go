// Package logging makes the JSON slog logger every function uses. Each
// record carries the Lambda request id (and the API Gateway one, when the
// handler put it in the context), so one grep finds a request's whole story.
package logging

import (
	"context"
	"io"
	"log/slog"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

type ctxKey struct{}

// WithAPIRequestID returns ctx carrying API Gateway's request id.
func WithAPIRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// New returns a JSON logger writing to w at level.
func New(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(requestIDs{slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})})
}

type requestIDs struct{ slog.Handler }

func (h requestIDs) Handle(ctx context.Context, r slog.Record) error {
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		r.AddAttrs(slog.String("requestId", lc.AwsRequestID))
	}
	if id, ok := ctx.Value(ctxKey{}).(string); ok && id != "" {
		r.AddAttrs(slog.String("apiRequestId", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDs) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDs{h.Handler.WithAttrs(as)}
}
func (h requestIDs) WithGroup(name string) slog.Handler { return requestIDs{h.Handler.WithGroup(name)} }
