package stack

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/infra/sam"
)

// guardedAPI serves one route behind a Lambda authorizer whose answer the
// test chooses, and records what the authorizer and the function received.
func guardedAPI(t *testing.T, au sam.Authorizer, answer AuthorizerHandler) (*httptest.Server, *events.APIGatewayV2CustomAuthorizerV2Request, *events.APIGatewayV2HTTPRequest) {
	t.Helper()
	au.Name, au.Function = "Guard", "GuardFunction"
	tpl := &sam.Template{
		Functions: []sam.Function{
			{LogicalID: "GuardFunction", Timeout: 200 * time.Millisecond},
			{LogicalID: "ThingFunction", Routes: []sam.Route{{Method: "POST", Path: "/things/{id}", Authorizer: "Guard"}}},
		},
		Authorizers: map[string]sam.Authorizer{"Guard": au},
	}
	var seen events.APIGatewayV2CustomAuthorizerV2Request
	var got events.APIGatewayV2HTTPRequest
	guard := func(ctx context.Context, req events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error) {
		seen = req
		return answer(ctx, req)
	}
	thing := func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		got = req
		return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: "ran"}, nil
	}
	api, err := NewAPI(tpl, map[string]Handler{"thing": thing}, map[string]AuthorizerHandler{"guard": guard}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return srv, &seen, &got
}

func post(t *testing.T, u string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var simple = sam.Authorizer{PayloadFormatVersion: "2.0", SimpleResponses: true}

// The authorizer gets the request in payload format 2.0; its yes passes its
// context to the function (through JSON, as on AWS); its no is API
// Gateway's fixed 403, and the function never runs.
func TestLambdaAuthorizerDecidesBeforeTheFunction(t *testing.T) {
	allow := true
	srv, seen, got := guardedAPI(t, simple, func(_ context.Context, req events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error) {
		return events.APIGatewayV2CustomAuthorizerSimpleResponse{IsAuthorized: allow, Context: map[string]any{"sub": "u-1", "n": 2}}, nil
	})
	status, body := post(t, srv.URL+"/things/7?x=1", "Cookie", "a=1; staff_session=tok", "X-Custom", "v")
	if status != 200 || body != "ran" {
		t.Fatalf("allowed: %d %s", status, body)
	}
	if seen.Version != "2.0" || seen.Type != "REQUEST" || seen.RouteKey != "POST /things/{id}" || seen.RawPath != "/things/7" ||
		seen.RawQueryString != "x=1" || seen.Headers["x-custom"] != "v" || len(seen.Cookies) != 2 || seen.Cookies[1] != "staff_session=tok" ||
		seen.PathParameters["id"] != "7" || !strings.HasSuffix(seen.RouteArn, "/$default/POST/things/7") || seen.RequestContext.RequestID == "" {
		t.Fatalf("authorizer event: %+v", *seen)
	}
	lambda := got.RequestContext.Authorizer.Lambda
	if lambda["sub"] != "u-1" || lambda["n"] != float64(2) {
		t.Fatalf("function's authorizer context: %#v", lambda)
	}

	allow = false
	*got = events.APIGatewayV2HTTPRequest{}
	if status, body := post(t, srv.URL+"/things/7"); status != 403 || body != bodyForbidden || got.RouteKey != "" {
		t.Fatalf("refused: %d %s (function ran: %v)", status, body, got.RouteKey != "")
	}
}

// An authorizer that fails, panics or outlives its timeout is a 500, as
// API Gateway answers when it cannot get a valid answer.
func TestLambdaAuthorizerFailureIs500(t *testing.T) {
	for name, answer := range map[string]AuthorizerHandler{
		"error": func(context.Context, events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error) {
			return events.APIGatewayV2CustomAuthorizerSimpleResponse{}, errors.New("boom")
		},
		"panic": func(context.Context, events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error) {
			panic("boom")
		},
		"timeout": func(ctx context.Context, _ events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error) {
			<-ctx.Done()
			time.Sleep(50 * time.Millisecond)
			return events.APIGatewayV2CustomAuthorizerSimpleResponse{IsAuthorized: true}, nil
		},
	} {
		srv, _, got := guardedAPI(t, simple, answer)
		if status, body := post(t, srv.URL+"/things/1"); status != 500 || body != bodyInternalError || got.RouteKey != "" {
			t.Errorf("%s: %d %s", name, status, body)
		}
	}
}

// With identity sources, a request missing one is API Gateway's 401, and
// the authorizer is not invoked.
func TestLambdaAuthorizerIdentitySources(t *testing.T) {
	au := simple
	au.IdentitySources = []string{"$request.header.Authorization", "$request.querystring.k"}
	calls := 0
	srv, seen, _ := guardedAPI(t, au, func(context.Context, events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error) {
		calls++
		return events.APIGatewayV2CustomAuthorizerSimpleResponse{IsAuthorized: true}, nil
	})
	if status, body := post(t, srv.URL+"/things/1?k=v"); status != 401 || body != bodyUnauthorized || calls != 0 {
		t.Fatalf("missing header: %d %s, %d calls", status, body, calls)
	}
	if status, _ := post(t, srv.URL+"/things/1?k=v", "Authorization", "t"); status != 200 || calls != 1 ||
		len(seen.IdentitySource) != 2 || seen.IdentitySource[0] != "t" || seen.IdentitySource[1] != "v" {
		t.Fatalf("both present: %d, %d calls, %v", status, calls, seen.IdentitySource)
	}
}

// What the local API does not emulate it refuses at start, rather than
// pass requests unchecked: JWT authorizers, payload format 1.0 or IAM
// policy answers, result caching.
func TestLocalAPIRefusesAuthorizersItDoesNotEmulate(t *testing.T) {
	for name, au := range map[string]sam.Authorizer{
		"jwt":       {JWT: true},
		"1.0":       {PayloadFormatVersion: "1.0", SimpleResponses: true},
		"iam":       {PayloadFormatVersion: "2.0"},
		"cache 300": {PayloadFormatVersion: "2.0", SimpleResponses: true, ReauthorizeEvery: 300, IdentitySources: []string{"$request.header.X"}},
	} {
		au.Name, au.Function = "Guard", "GuardFunction"
		tpl := &sam.Template{Functions: []sam.Function{{LogicalID: "GuardFunction"}}, Authorizers: map[string]sam.Authorizer{"Guard": au}}
		if _, err := NewAPI(tpl, nil, map[string]AuthorizerHandler{"guard": nil}, slog.Default()); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
