package auth

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/session"
)

// Authorizer is the HTTP API Lambda authorizer of every staff route
// (payload format 2.0, simple responses). API Gateway runs it before any
// staff function; a refusal is API Gateway's own 403, and no function runs.
//
// It lets a request through when it carries a verified ID token of a user
// in the staff group or the reviewer group, in the session cookie or as a
// bearer token, and comes from our own origin if it changes anything; the
// user's groups go to the function in the context, and each function
// requires its own role (a staff page refuses a reviewer, a review page a
// staff member without the reviewer group). HTTP APIs cannot turn a refusal
// into a redirect, so one kind of request without such an identity is let
// through too: a browser's GET navigation to a staff page, marked anonymous
// (and why), for which the function answers only with a redirect to sign-in
// or a page saying the user has no access. Nothing else without a role gets
// past.
type Authorizer struct {
	verifier *Verifier
	origins  *OriginCheck
	log      *slog.Logger
}

// NewAuthorizer builds the authorizer; trusted is our public origin (the
// request's own origin is always trusted).
func NewAuthorizer(v *Verifier, publicBaseURL string, log *slog.Logger) (*Authorizer, error) {
	origins, err := NewOriginCheck(publicBaseURL)
	if err != nil {
		return nil, err
	}
	return &Authorizer{verifier: v, origins: origins, log: log}, nil
}

// Reasons a request is refused or let through anonymous, as logged.
const (
	reasonCrossOrigin = "cross-origin request that changes state"
	reasonNoToken     = "no token"
	reasonNoRole      = "in neither the staff nor the reviewer group"
)

// Handle is the authorizer's Lambda handler.
func (a *Authorizer) Handle(ctx context.Context, req events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error) {
	allow, extra, reason := a.decide(ctx, req)
	log := a.log.With("function", "authorizer", "apiRequestId", req.RequestContext.RequestID, "route", req.RouteKey)
	switch {
	case !allow:
		log.InfoContext(ctx, "staff request refused", "reason", reason, "method", req.RequestContext.HTTP.Method)
	case extra[session.KeyAnonymous] != nil:
		log.InfoContext(ctx, "page request let through anonymous", "reason", reason, "as", extra[session.KeyAnonymous])
	}
	return events.APIGatewayV2CustomAuthorizerSimpleResponse{IsAuthorized: allow, Context: extra}, nil
}

func (a *Authorizer) decide(ctx context.Context, req events.APIGatewayV2CustomAuthorizerV2Request) (bool, map[string]any, string) {
	// HTTP APIs pass header names in lower case; the guide's examples do not.
	headers := make(map[string]string, len(req.Headers))
	for k, v := range req.Headers {
		headers[strings.ToLower(k)] = v
	}
	req.Headers = headers
	if err := a.origins.Check(req.RequestContext.HTTP.Method, req.Headers, req.RequestContext.DomainName); err != nil {
		return false, nil, reasonCrossOrigin
	}
	raw := Token(req.Headers["authorization"], req.Cookies)
	if raw == "" {
		return anonymousPage(req, session.SignIn, reasonNoToken)
	}
	id, _, err := a.verifier.Verify(ctx, raw)
	if err != nil {
		return anonymousPage(req, session.SignIn, err.Error())
	}
	if !id.Staff() && !id.Reviewer() {
		return anonymousPage(req, session.Forbidden, reasonNoRole)
	}
	return true, map[string]any{
		session.KeySub: id.Sub, session.KeyEmail: id.Email, session.KeyGroups: strings.Join(id.Groups, " "),
		session.KeyExpires: strconv.FormatInt(id.Expires.Unix(), 10),
	}, ""
}

// anonymousPage lets a browser's page request through marked anonymous
// (why), and refuses every other request.
func anonymousPage(req events.APIGatewayV2CustomAuthorizerV2Request, why, reason string) (bool, map[string]any, string) {
	if !PageNavigation(req.RequestContext.HTTP.Method, req.Headers) {
		return false, nil, reason
	}
	return true, map[string]any{session.KeyAnonymous: why}, reason
}

// PageNavigation says whether a request is a browser opening a page: a GET
// (or HEAD) that the browser marks as a navigation (Sec-Fetch-Mode), or,
// from a browser that sends no fetch metadata, one that accepts HTML. What
// it lets through gets a redirect or a page without data, whatever the
// client claims.
func PageNavigation(method string, headers map[string]string) bool {
	if method != http.MethodGet && method != http.MethodHead {
		return false
	}
	if mode, ok := headers["sec-fetch-mode"]; ok {
		return mode == "navigate"
	}
	return strings.Contains(headers["accept"], "text/html")
}

// Token is the ID token a request carries: a bearer token in the
// Authorization header, or else the session cookie.
func Token(authorization string, cookies []string) string {
	if scheme, tok, ok := strings.Cut(strings.TrimSpace(authorization), " "); ok && strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(tok)
	}
	for _, c := range cookies {
		if name, value, ok := strings.Cut(strings.TrimSpace(c), "="); ok && name == session.Cookie {
			return value
		}
	}
	return ""
}

// OriginCheck refuses a state-changing request from a browser on another
// origin, as http.CrossOriginProtection decides (Sec-Fetch-Site, else
// Origin against Host), on top of SameSite cookies. Requests without those
// headers (not from a browser: a JSON client with a bearer token) pass.
type OriginCheck struct{ cop *http.CrossOriginProtection }

// NewOriginCheck trusts the request's own origin and publicBaseURL's.
func NewOriginCheck(publicBaseURL string) (*OriginCheck, error) {
	cop := http.NewCrossOriginProtection()
	if err := cop.AddTrustedOrigin(publicBaseURL); err != nil {
		return nil, err
	}
	return &OriginCheck{cop}, nil
}

// Check is nil for a safe method or a request from an allowed origin.
// headers are API Gateway's (lower-case names); domain is the request's
// domain, used when there is no host header.
func (o *OriginCheck) Check(method string, headers map[string]string, domain string) error {
	h := http.Header{}
	for k, v := range headers {
		h.Set(k, v)
	}
	host := headers["host"]
	if host == "" {
		host = domain
	}
	return o.cop.Check(&http.Request{Method: method, Header: h, Host: host})
}

// PoolClient is the HTTP client for the pool's public endpoints (keys,
// token): a short timeout, as API Gateway waits for an authorizer at most
// 10 seconds.
func PoolClient() *http.Client { return &http.Client{Timeout: 5 * time.Second} }

// Handler is an HTTP API Lambda authorizer's handler (payload format 2.0,
// simple responses).
type Handler = func(context.Context, events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error)

// NewHandler is the AuthorizerFunction, configured from its
// environment through lookup (os.LookupEnv in Lambda). It builds no AWS
// client: it calls no AWS API.
func NewHandler(lookup func(string) (string, bool), log *slog.Logger, now func() time.Time) (Handler, error) {
	cfg, err := LoadConfig(lookup)
	if err != nil {
		return nil, err
	}
	a, err := NewAuthorizer(NewVerifier(cfg, PoolClient(), now), cfg.PublicBaseURL, log)
	if err != nil {
		return nil, err
	}
	return a.Handle, nil
}
