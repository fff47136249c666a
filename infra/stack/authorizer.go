package stack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"partnerskap/infra/sam"
)

// AuthorizerHandler is an HTTP API Lambda authorizer (payload format 2.0,
// simple responses), as the template's authorizer function's main.go runs.
type AuthorizerHandler = func(context.Context, events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error)

// authorizerWait is how long API Gateway waits for a Lambda authorizer
// before it answers 500: 10 seconds ("Lambda authorizer ... timeout: 10
// seconds", Quotas for configuring and running an HTTP API).
const authorizerWait = 10 * time.Second

// API Gateway's own answers when an authorizer refuses: 401 when an
// identity source is missing (the function is not invoked), 403 when the
// function answers isAuthorized false. Their bodies are fixed.
const (
	bodyUnauthorized = `{"message":"Unauthorized"}`
	bodyForbidden    = `{"message":"Forbidden"}`
)

// lambdaAuthorizer is one of the HttpApi's Lambda authorizers.
type lambdaAuthorizer struct {
	name, function string
	sources        []string
	timeout        time.Duration
	handler        AuthorizerHandler
}

// newAuthorizers builds the template's authorizers from their functions'
// handlers (by folder name). The local API emulates what the template uses
// and refuses the rest rather than pass it unchecked: Lambda authorizers
// with payload format 2.0 and simple responses, without result caching.
func newAuthorizers(tpl *sam.Template, handlers map[string]AuthorizerHandler) (map[string]*lambdaAuthorizer, error) {
	out := map[string]*lambdaAuthorizer{}
	for name, a := range tpl.Authorizers {
		switch {
		case a.JWT:
			return nil, fmt.Errorf("authorizer %s: the local API emulates Lambda authorizers only, not JWT authorizers", name)
		case a.PayloadFormatVersion != "2.0" || !a.SimpleResponses:
			return nil, fmt.Errorf("authorizer %s: the local API emulates payload format 2.0 with simple responses only", name)
		case a.ReauthorizeEvery != 0:
			// AWS caches by the identity sources (and needs at least one);
			// a cached answer would hide the function from the tests.
			return nil, fmt.Errorf("authorizer %s: result caching (Identity.ReauthorizeEvery %d) is not emulated; set it to 0", name, a.ReauthorizeEvery)
		}
		f, ok := tpl.Function(a.Function)
		if !ok {
			return nil, fmt.Errorf("authorizer %s: no function %s in the template", name, a.Function)
		}
		h, ok := handlers[f.Name()]
		if !ok {
			return nil, fmt.Errorf("authorizer %s: function %s (functions/%s) has no handler in the local stack", name, a.Function, f.Name())
		}
		timeout := f.Timeout
		if timeout <= 0 {
			timeout = lambdaDefaultTimeout
		}
		out[name] = &lambdaAuthorizer{name: name, function: a.Function, sources: a.IdentitySources, timeout: timeout, handler: h}
	}
	return out, nil
}

// authorize runs the route's authorizer as API Gateway does, before the
// route's function: 401 if an identity source is missing, 500 if the
// authorizer fails, times out or answers in another format, 403 if it says
// no. On yes it returns the context to pass to the function (as
// requestContext.authorizer.lambda, through JSON as on AWS).
func (a *API) authorize(w http.ResponseWriter, r *http.Request, rt *route, ev events.APIGatewayV2HTTPRequest) (map[string]any, bool) {
	au := rt.authorizer
	var values []string
	for _, src := range au.sources {
		v := identity(r, src)
		if v == "" {
			writeJSON(w, http.StatusUnauthorized, bodyUnauthorized)
			return nil, false
		}
		values = append(values, v)
	}
	req := events.APIGatewayV2CustomAuthorizerV2Request{
		Version: "2.0", Type: "REQUEST", IdentitySource: values, RouteKey: ev.RouteKey,
		RouteArn: "arn:aws:execute-api:" + LocalRegion + ":" + LocalAccount + ":" + ev.RequestContext.APIID + "/" +
			ev.RequestContext.Stage + "/" + ev.RequestContext.HTTP.Method + ev.RequestContext.HTTP.Path,
		RawPath: ev.RawPath, RawQueryString: ev.RawQueryString, Cookies: ev.Cookies, Headers: ev.Headers,
		QueryStringParameters: ev.QueryStringParameters, RequestContext: ev.RequestContext, PathParameters: ev.PathParameters,
	}
	wait := min(au.timeout, authorizerWait)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), wait)
	defer cancel()
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: newID(),
		InvokedFunctionArn: "arn:aws:lambda:" + LocalRegion + ":" + LocalAccount + ":function:" + au.function})
	type result struct {
		res   events.APIGatewayV2CustomAuthorizerSimpleResponse
		err   error
		panic any
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{panic: p}
			}
		}()
		res, err := au.handler(ctx, req)
		done <- result{res: res, err: err}
	}()
	var out result
	select {
	case out = <-done:
	case <-ctx.Done():
		a.log.Error("AUTHORIZER TIMED OUT: API Gateway answers 500", "authorizer", au.name, "route", rt.key, "timeout", wait)
		writeJSON(w, http.StatusInternalServerError, bodyInternalError)
		return nil, false
	}
	if out.panic != nil || out.err != nil {
		a.log.Error("AUTHORIZER FAILED: API Gateway answers 500", "authorizer", au.name, "route", rt.key, "error", out.err, "panic", out.panic)
		writeJSON(w, http.StatusInternalServerError, bodyInternalError)
		return nil, false
	}
	// What the function answers travels as JSON, as Lambda returns it.
	b, err := json.Marshal(out.res)
	var back events.APIGatewayV2CustomAuthorizerSimpleResponse
	if err == nil {
		err = json.Unmarshal(b, &back)
	}
	if err != nil {
		a.log.Error("AUTHORIZER ANSWERED IN ANOTHER FORMAT: API Gateway answers 500", "authorizer", au.name, "error", err)
		writeJSON(w, http.StatusInternalServerError, bodyInternalError)
		return nil, false
	}
	if !back.IsAuthorized {
		writeJSON(w, http.StatusForbidden, bodyForbidden)
		return nil, false
	}
	return back.Context, true
}

// identity reads an identity source ($request.header.X, case-insensitive;
// $request.querystring.X, case-sensitive) from the request.
func identity(r *http.Request, source string) string {
	switch {
	case strings.HasPrefix(source, "$request.header."):
		return r.Header.Get(strings.TrimPrefix(source, "$request.header."))
	case strings.HasPrefix(source, "$request.querystring."):
		return r.URL.Query().Get(strings.TrimPrefix(source, "$request.querystring."))
	}
	return ""
}
