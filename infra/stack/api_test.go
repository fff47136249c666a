package stack

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	api, err := NewAPI(tpl, map[string]Handler{"thing": echo, "fail": failing, "bin": binary}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
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
		{mustReq("GET", srv.URL+"/fail", "", ""), 502},
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
	if _, err := NewAPI(tpl, map[string]Handler{}, nil, slog.Default()); err == nil || !strings.Contains(err.Error(), "functions/lost") {
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

// limitsAPI serves handlers that test AWS's limits, with the integration
// timeout given (0: the API's default).
func limitsAPI(t *testing.T, integrationTimeout time.Duration, handlers map[string]Handler) (*API, *httptest.Server, *syncWriter) {
	t.Helper()
	tpl := &sam.Template{Functions: []sam.Function{
		{LogicalID: "BigFunction", Timeout: 10 * time.Second, Routes: []sam.Route{{Method: "GET", Path: "/big/{n}"}}},
		{LogicalID: "SizeFunction", Timeout: 10 * time.Second, Routes: []sam.Route{{Method: "POST", Path: "/size"}}},
		{LogicalID: "StuckFunction", Timeout: time.Hour, Routes: []sam.Route{{Method: "GET", Path: "/stuck"}}},
		{LogicalID: "ShortFunction", Timeout: 50 * time.Millisecond, Routes: []sam.Route{{Method: "GET", Path: "/short"}}},
	}}
	logs := &syncWriter{w: &bytes.Buffer{}}
	api, err := NewAPI(tpl, handlers, nil, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if integrationTimeout != 0 {
		api.IntegrationTimeout = integrationTimeout
	}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return api, srv, logs
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// envelope is how large res is as the function's runtime sends it to Lambda.
func envelope(t *testing.T, res events.APIGatewayV2HTTPResponse) int {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		t.Fatal(err)
	}
	return b.Len()
}

func TestAPIDefaultsAreAWSs(t *testing.T) {
	api, _, _ := limitsAPI(t, 0, map[string]Handler{"big": echo, "size": echo, "stuck": echo, "short": echo})
	if api.IntegrationTimeout != 30*time.Second {
		t.Fatalf("integration timeout %v, want HTTP API's 30 s", api.IntegrationTimeout)
	}
	if lambdaResponseLimit != 6_291_556 || apiPayloadLimit != 10*1024*1024 {
		t.Fatalf("limits %d %d", lambdaResponseLimit, apiPayloadLimit)
	}
}

// A response whose JSON encoding (what Lambda counts, not the body) is over
// 6 MB never reaches the client: 502 with API Gateway's body, and a loud
// log naming the function, the route and the excess. One byte less passes.
func TestAPIRefusesAResponseOverLambdasPayloadLimit(t *testing.T) {
	base := events.APIGatewayV2HTTPResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "text/plain"}}
	overhead := envelope(t, base) // the response with an empty body
	sized := func(_ context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		n, _ := strconv.Atoi(ev.PathParameters["n"])
		res := base
		if n < 0 { // a body of quotes: each is two bytes once encoded
			res.Body = strings.Repeat(`"`, -n)
		} else {
			res.Body = strings.Repeat("x", n-overhead)
		}
		return res, nil
	}
	_, srv, logs := limitsAPI(t, 0, map[string]Handler{"big": sized, "size": echo, "stuck": echo, "short": echo})

	for _, c := range []struct {
		n      int
		status int
	}{
		{lambdaResponseLimit, 200},        // exactly the limit
		{lambdaResponseLimit + 1, 502},    // one byte over
		{-(lambdaResponseLimit / 2), 502}, // a 3 MB body that encodes to over 6 MB
	} {
		res, err := http.Get(srv.URL + "/big/" + strconv.Itoa(c.n))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.status {
			t.Fatalf("encoded size %d: %d, want %d", c.n, res.StatusCode, c.status)
		}
		switch c.status {
		case 200:
			if len(b) != lambdaResponseLimit-overhead {
				t.Fatalf("body of %d bytes, want %d", len(b), lambdaResponseLimit-overhead)
			}
		case 502:
			if string(b) != `{"message":"Internal Server Error"}` || res.Header.Get("Content-Type") != "application/json" {
				t.Fatalf("body %.100q %v", b, res.Header)
			}
		}
	}
	if log := logs.String(); !strings.Contains(log, "RESPONSE PAYLOAD TOO LARGE") || !strings.Contains(log, "function=BigFunction") ||
		!strings.Contains(log, `route="GET /big/{n}"`) || !strings.Contains(log, "over=1 ") {
		t.Fatalf("log does not say who exceeded the limit and by how much:\n%s", log)
	}
}

// A request over API Gateway's 10 MB is refused before any function runs;
// one at 10 MB reaches a function if its event fits Lambda's 6 MB request
// payload, and is a 500 (Lambda refuses the invocation) if it does not.
func TestAPIRequestLimits(t *testing.T) {
	var calls atomic.Int32
	size := func(_ context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		calls.Add(1)
		return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: strconv.Itoa(len(ev.Body))}, nil
	}
	_, srv, logs := limitsAPI(t, 0, map[string]Handler{"big": echo, "size": size, "stuck": echo, "short": echo})
	for _, c := range []struct {
		name   string
		n      int
		status int
		body   string
	}{
		{"over 10 MB", apiPayloadLimit + 1, 413, `{"message":"Request Entity Too Large"}`},
		{"10 MB: the event is over Lambda's 6 MB", apiPayloadLimit, 500, `{"message":"Internal Server Error"}`},
		{"5 MB", 5 << 20, 200, strconv.Itoa(5 << 20)},
	} {
		res, err := http.DefaultClient.Do(mustReq("POST", srv.URL+"/size", "text/plain", strings.Repeat("x", c.n)))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.status || string(b) != c.body {
			t.Errorf("%s: %d %.80s, want %d %s", c.name, res.StatusCode, b, c.status, c.body)
		}
	}
	if calls.Load() != 1 {
		t.Fatalf("the function ran %d times, want once (only the 5 MB request)", calls.Load())
	}
	if !strings.Contains(logs.String(), "REQUEST PAYLOAD TOO LARGE") {
		t.Fatalf("no log of the refused invocation:\n%s", logs)
	}
}

// A handler that runs past the integration timeout, ignoring its context,
// gets 503 from the API, which stops waiting at the deadline; one whose own
// (shorter) Timeout passes first gets the 502 of a Lambda timeout. The
// handler saw its function's deadline in its context.
func TestAPITimeouts(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	var deadlines sync.Map
	stuck := func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		d, _ := ctx.Deadline()
		deadlines.Store(ev.RouteKey, d)
		<-release // ignores ctx
		return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: "too late"}, nil
	}
	logs := &bytes.Buffer{}
	for _, c := range []struct {
		path, route        string
		integrationTimeout time.Duration // the function's is an hour (stuck) or 50 ms (short)
		status             int
		body               string
	}{
		{"/stuck", "GET /stuck", 200 * time.Millisecond, 503, `{"message":"Service Unavailable"}`},
		{"/short", "GET /short", time.Hour, 502, `{"message":"Internal Server Error"}`},
	} {
		_, srv, l := limitsAPI(t, c.integrationTimeout, map[string]Handler{"big": echo, "size": echo, "stuck": stuck, "short": stuck})
		start := time.Now()
		res, err := http.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.status || string(b) != c.body {
			t.Fatalf("%s: %d %s, want %d %s", c.path, res.StatusCode, b, c.status, c.body)
		}
		d, ok := deadlines.Load(c.route)
		if !ok || d.(time.Time).Before(start) {
			t.Fatalf("%s: the handler had no deadline in its context (%v)", c.path, d)
		}
		logs.WriteString(l.String())
	}
	if log := logs.String(); !strings.Contains(log, "INTEGRATION TIMEOUT") || !strings.Contains(log, "function=StuckFunction") ||
		!strings.Contains(log, "FUNCTION TIMED OUT") || !strings.Contains(log, "function=ShortFunction") {
		t.Fatalf("log:\n%s", log)
	}
}
