package stack

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/infra/sam"
)

const throttleTemplate = `
Parameters:
  Rate: {Type: Number, Default: 20}
  Burst: {Type: Number, Default: 4}
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefaultRouteSettings:
        ThrottlingRateLimit: !Ref Rate
        ThrottlingBurstLimit: !Ref Burst
      RouteSettings:
        "POST /things":
          ThrottlingRateLimit: 1
          ThrottlingBurstLimit: 2
  ThingFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Events:
        List: {Type: HttpApi, Properties: {ApiId: !Ref Api, Path: /things, Method: GET}}
        Add: {Type: HttpApi, Properties: {ApiId: !Ref Api, Path: /things, Method: POST}}
`

// The template's stage throttling, resolved: RouteSettings over
// DefaultRouteSettings, parameters by their defaults unless overridden; a
// RouteSettings key that names no route is refused, as API Gateway does.
func TestThrottlingFromTheTemplate(t *testing.T) {
	tpl, err := sam.Parse([]byte(throttleTemplate))
	if err != nil {
		t.Fatal(err)
	}
	got, err := tpl.Throttling(sam.Resolver{Params: map[string]string{"Burst": "5"}})
	if err != nil {
		t.Fatal(err)
	}
	if got["GET /things"] != (sam.Throttle{Rate: 20, Burst: 5}) || got["POST /things"] != (sam.Throttle{Rate: 1, Burst: 2}) || len(got) != 2 {
		t.Fatalf("throttling %v", got)
	}
	bad := strings.Replace(throttleTemplate, `"POST /things":`, `"POST /nothing":`, 1)
	if _, err := sam.Parse([]byte(bad)); err == nil || !strings.Contains(err.Error(), "POST /nothing") {
		t.Fatalf("RouteSettings for a route that does not exist: %v", err)
	}
}

// A token bucket per route: burst requests at once, then 429
// {"message":"Too Many Requests"} before the function runs, refilled at the
// rate; one route's bucket does not drain another's.
func TestThrottleIsATokenBucketPerRoute(t *testing.T) {
	tpl, err := sam.Parse([]byte(throttleTemplate))
	if err != nil {
		t.Fatal(err)
	}
	var runs atomic.Int64
	counting := func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		runs.Add(1)
		return events.APIGatewayV2HTTPResponse{StatusCode: 200}, nil
	}
	api, err := NewAPI(tpl, map[string]Handler{"thing": counting}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	limits, err := tpl.Throttling(sam.Resolver{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	now := time.Date(2027, 3, 15, 15, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	api.Throttle(limits, clock)
	srv := httptest.NewServer(api)
	defer srv.Close()

	call := func(method string) (int, string) {
		req, _ := http.NewRequest(method, srv.URL+"/things", nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	// POST: burst 2, rate 1/s.
	for i := range 2 {
		if code, _ := call("POST"); code != 200 {
			t.Fatalf("POST %d within the burst: %d", i, code)
		}
	}
	code, body := call("POST")
	if code != http.StatusTooManyRequests || body != `{"message":"Too Many Requests"}` || runs.Load() != 2 {
		t.Fatalf("POST over the burst: %d %s, %d runs, want 429 and 2 runs", code, body, runs.Load())
	}
	// GET has its own bucket (the default: burst 4).
	for i := range 4 {
		if code, _ := call("GET"); code != 200 {
			t.Fatalf("GET %d: %d (drained by POST?)", i, code)
		}
	}
	if code, _ := call("GET"); code != 429 {
		t.Fatalf("GET over its burst: %d", code)
	}
	// Half a second refills half a token: still refused; a second, one.
	advance(500 * time.Millisecond)
	if code, _ := call("POST"); code != 429 {
		t.Fatalf("POST after 0.5 s at 1/s: %d, want 429", code)
	}
	advance(500 * time.Millisecond)
	if code, _ := call("POST"); code != 200 {
		t.Fatalf("POST after 1 s at 1/s: %d, want 200", code)
	}
	if code, _ := call("POST"); code != 429 {
		t.Fatalf("POST again at once: %d, want 429", code)
	}
	// A long pause refills up to the burst, never beyond.
	advance(time.Hour)
	for i := range 3 {
		want := 200
		if i == 2 {
			want = 429
		}
		if code, _ := call("POST"); code != want {
			t.Fatalf("POST %d after an hour: %d, want %d", i, code, want)
		}
	}
	// Lifted: nothing throttled.
	api.Throttle(nil, clock)
	for range 10 {
		if code, _ := call("POST"); code != 200 {
			t.Fatalf("unthrottled POST: %d", code)
		}
	}
}
