package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
)

// apigwRequest is one of aws-lambda-go's HTTP API (payload 2.0) request
// fixtures (internal/web/testdata/apigw), routed to one of our routes as
// API Gateway would route it.
func apigwRequest(t *testing.T, file, method, path string) events.APIGatewayV2HTTPRequest {
	t.Helper()
	var req events.APIGatewayV2HTTPRequest
	read(t, filepath.Join(stacktest.Root(), "internal", "web", "testdata", "apigw", file), &req)
	req.RouteKey, req.RawPath = method+" "+path, path
	req.RequestContext.RouteKey, req.RequestContext.HTTP.Method, req.RequestContext.HTTP.Path = req.RouteKey, method, path
	return req
}

// AWS's own request payloads go through our handlers: the form answers the
// plain one; the staff function lets in only what the staff authorizer
// passes (requestContext.authorizer.lambda, as in AWS's Lambda authorizer
// sample): a staff identity, or a page request marked anonymous, which only
// gets a redirect to sign-in or the not-staff page. Any other context, or
// none (a route deployed without the authorizer), is refused.
func TestAWSDocumentedRequests(t *testing.T) {
	s := newSystem(t)
	form, err := stack.HTTPFunctions["form"](s.Envs["form"])
	if err != nil {
		t.Fatal(err)
	}
	res, err := form(context.Background(), apigwRequest(t, "apigw-v2-request-no-authorizer.json", "GET", "/"))
	if err != nil || res.StatusCode != 200 || !strings.Contains(res.Body, "Ansök om medel för kommunalt partnerskap") {
		t.Fatalf("form: %d %v\n%.600s", res.StatusCode, err, res.Body)
	}
	staff, err := stack.HTTPFunctions["staff"](s.Envs["staff"])
	if err != nil {
		t.Fatal(err)
	}
	staffContext := map[string]any{"sub": "5e1f0c7a-0000-4000-8000-000000000001", "email": "eva@example.org", "groups": "staff", "expires": "1803204000"}
	with := func(change map[string]any) map[string]any {
		c := map[string]any{}
		for k, v := range staffContext {
			c[k] = v
		}
		for k, v := range change {
			if v == nil {
				delete(c, k)
			} else {
				c[k] = v
			}
		}
		return c
	}
	for _, c := range []struct {
		name    string
		file    string
		context map[string]any // the authorizer's context; nil: the fixture's own
		want    int
	}{
		{"no authorizer", "apigw-v2-request-no-authorizer.json", nil, 401},
		{"IAM", "apigw-v2-request-iam.json", nil, 401},
		{"a JWT authorizer's claims", "apigw-v2-request-jwt-authorizer.json", nil, 401},
		{"AWS's sample context", "apigw-v2-request-lambda-authorizer.json", nil, 401},
		{"staff", "apigw-v2-request-lambda-authorizer.json", staffContext, 200},
		{"staff among other groups", "apigw-v2-request-lambda-authorizer.json", with(map[string]any{"groups": "readonly staff"}), 200},
		{"no sub", "apigw-v2-request-lambda-authorizer.json", with(map[string]any{"sub": nil}), 401},
		{"other groups", "apigw-v2-request-lambda-authorizer.json", with(map[string]any{"groups": "readonly staffer"}), 403},
		{"groups as JSON", "apigw-v2-request-lambda-authorizer.json", with(map[string]any{"groups": `["staff"]`}), 403},
		{"groups as a list", "apigw-v2-request-lambda-authorizer.json", with(map[string]any{"groups": []any{"staff"}}), 403},
		{"anonymous: sign in", "apigw-v2-request-lambda-authorizer.json", map[string]any{"anonymous": "signin"}, 303},
		{"anonymous: not staff", "apigw-v2-request-lambda-authorizer.json", map[string]any{"anonymous": "forbidden"}, 403},
		{"anonymous, with a staff sub beside", "apigw-v2-request-lambda-authorizer.json", with(map[string]any{"anonymous": "signin"}), 303},
		{"anonymous: something else", "apigw-v2-request-lambda-authorizer.json", map[string]any{"anonymous": "yes"}, 401},
	} {
		req := apigwRequest(t, c.file, "GET", "/staff/rounds")
		req.Headers = map[string]string{"accept": "application/json"}
		if c.context != nil {
			req.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: c.context}
		}
		res, err := staff(context.Background(), req)
		if err != nil || res.StatusCode != c.want {
			t.Errorf("%s: %d %v, want %d", c.name, res.StatusCode, err, c.want)
		}
		if c.want != 200 && strings.Contains(res.Body, "2027-1") {
			t.Errorf("%s: staff data served: %.300s", c.name, res.Body)
		}
	}
}
