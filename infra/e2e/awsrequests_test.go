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
// plain one; the staff function lets in only a JWT authorizer's identity
// that carries the staff group, as API Gateway passes the group claim.
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
	for _, c := range []struct {
		file   string
		groups string // the cognito:groups claim, "" for none
		want   int
	}{
		{"apigw-v2-request-no-authorizer.json", "", 401},
		{"apigw-v2-request-iam.json", "", 401},
		{"apigw-v2-request-lambda-authorizer.json", "", 401},
		{"apigw-v2-request-jwt-authorizer.json", "", 403},
		{"apigw-v2-request-jwt-authorizer.json", "[readonly staffer]", 403},
		{"apigw-v2-request-jwt-authorizer.json", `["staff"]`, 403},
		{"apigw-v2-request-jwt-authorizer.json", "[readonly,staff]", 403},
		{"apigw-v2-request-jwt-authorizer.json", "[staff]", 200},
		{"apigw-v2-request-jwt-authorizer.json", "[readonly staff]", 200},
	} {
		req := apigwRequest(t, c.file, "GET", "/staff/rounds")
		req.Headers = map[string]string{"accept": "application/json"}
		if c.groups != "" {
			req.RequestContext.Authorizer.JWT.Claims["cognito:groups"] = c.groups
		}
		res, err := staff(context.Background(), req)
		if err != nil || res.StatusCode != c.want {
			t.Errorf("%s with groups %q: %d %v, want %d", c.file, c.groups, res.StatusCode, err, c.want)
		}
	}
}
