package stack

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"partnerskap/infra/sam"
)

// echo answers with the event it was given, so the test sees what a
// handler would see.
func echo(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	_, hasDeadline := ctx.Deadline()
	b, _ := json.Marshal(map[string]any{"event": ev, "awsRequestId": lc.AwsRequestID, "deadline": hasDeadline})
	return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: string(b), Cookies: []string{"a=1", "b=2"},
		Headers: map[string]string{"X-Test": "yes"}}, nil
}

func failing(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return events.APIGatewayV2HTTPResponse{}, io.ErrUnexpectedEOF
}

func binary(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return events.APIGatewayV2HTTPResponse{StatusCode: 201, IsBase64Encoded: true, Body: base64.StdEncoding.EncodeToString([]byte{0, 1, 2})}, nil
}

func testAPI(t *testing.T) *httptest.Server {
	tpl := &sam.Template{Functions: []sam.Function{
		{LogicalID: "ThingFunction", Timeout: 2 * time.Second, Routes: []sam.Route{
			{Method: "GET", Path: "/things/{id}"}, {Method: "GET", Path: "/things/new"}, {Method: "POST", Path: "/things"}}},
		{LogicalID: "FailFunction", Routes: []sam.Route{{Method: "GET", Path: "/fail"}}},
		{LogicalID: "BinFunction", Routes: []sam.Route{{Method: "ANY", Path: "/files/{path+}"}}},
		{LogicalID: "JobFunction"}, // no routes: needs no handler
	}}
	api, err := NewAPI(tpl, map[string]Handler{"thing": echo, "fail": failing, "bin": binary}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, req *http.Request) (*http.Response, map[string]any) {
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(res.Body)
	_ = json.Unmarshal(b, &out)
	return res, out
}

func TestAPIGatewayPayload2(t *testing.T) {
	srv := testAPI(t)

	req, _ := http.NewRequest("GET", srv.URL+"/things/KP-1?lang=en&x=1&x=2", nil)
	req.Header.Set("Cookie", "session=abc; theme=dark")
	req.Header.Set("X-Custom", "v")
	res, out := get(t, req)
	ev := out["event"].(map[string]any)
	if res.StatusCode != 200 || ev["routeKey"] != "GET /things/{id}" || ev["version"] != "2.0" {
		t.Fatalf("%d %v", res.StatusCode, ev)
	}
	if ev["pathParameters"].(map[string]any)["id"] != "KP-1" || ev["queryStringParameters"].(map[string]any)["x"] != "1,2" ||
		ev["rawQueryString"] != "lang=en&x=1&x=2" {
		t.Fatalf("parameters %v", ev)
	}
	headers := ev["headers"].(map[string]any)
	if headers["x-custom"] != "v" || headers["cookie"] != nil || len(ev["cookies"].([]any)) != 2 {
		t.Fatalf("headers %v cookies %v: lower case, cookies apart", headers, ev["cookies"])
	}
	if out["awsRequestId"] == "" || out["deadline"] != true {
		t.Fatalf("no Lambda context: %v", out)
	}
	if res.Header.Get("X-Test") != "yes" || len(res.Header.Values("Set-Cookie")) != 2 {
		t.Fatalf("response headers %v", res.Header)
	}

	// A literal segment wins over a parameter.
	_, out = get(t, mustReq("GET", srv.URL+"/things/new", "", ""))
	if out["event"].(map[string]any)["routeKey"] != "GET /things/new" {
		t.Fatalf("GET /things/new went to %v", out["event"].(map[string]any)["routeKey"])
	}

	// Form posts arrive base64-encoded, JSON as it is.
	_, out = get(t, mustReq("POST", srv.URL+"/things", "application/x-www-form-urlencoded", "a=1&b=%C3%A5"))
	ev = out["event"].(map[string]any)
	if ev["isBase64Encoded"] != true || ev["body"] != base64.StdEncoding.EncodeToString([]byte("a=1&b=%C3%A5")) {
		t.Fatalf("form body %v %v", ev["isBase64Encoded"], ev["body"])
	}
	_, out = get(t, mustReq("POST", srv.URL+"/things", "application/json", `{"a":1}`))
	if ev = out["event"].(map[string]any); ev["isBase64Encoded"] != false || ev["body"] != `{"a":1}` {
		t.Fatalf("JSON body %v %v", ev["isBase64Encoded"], ev["body"])
	}
}

func TestAPIGatewayErrors(t *testing.T) {
	srv := testAPI(t)
	for _, c := range []struct {
		req    *http.Request
		status int
	}{
		{mustReq("GET", srv.URL+"/nothing", "", ""), 404},
		{mustReq("DELETE", srv.URL+"/things/1", "", ""), 404},
		{mustReq("GET", srv.URL+"/things/1/more", "", ""), 404},
		{mustReq("GET", srv.URL+"/fail", "", ""), 500},
		{mustReq("POST", srv.URL+"/things", "text/plain", strings.Repeat("x", apiPayloadLimit+1)), 413},
	} {
		res, err := http.DefaultClient.Do(c.req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.status || !strings.Contains(string(b), `"message"`) {
			t.Errorf("%s %s = %d %s, want %d", c.req.Method, c.req.URL.Path, res.StatusCode, b, c.status)
		}
	}
	res, err := http.Get(srv.URL + "/files/a/b/c.bin")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 201 || string(b) != "\x00\x01\x02" {
		t.Fatalf("greedy path and base64 response: %d %q", res.StatusCode, b)
	}
}

func TestAPIRefusesARoutedFunctionWithoutHandler(t *testing.T) {
	tpl := &sam.Template{Functions: []sam.Function{{LogicalID: "LostFunction", Routes: []sam.Route{{Method: "GET", Path: "/"}}}}}
	if _, err := NewAPI(tpl, map[string]Handler{}, slog.Default()); err == nil || !strings.Contains(err.Error(), "functions/lost") {
		t.Fatalf("err = %v", err)
	}
}

func mustReq(method, url, contentType, body string) *http.Request {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}
