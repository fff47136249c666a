package stack

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"partnerskap/infra/sam"
	"partnerskap/internal/web"
)

// Handler is an HTTP API Lambda handler (payload format 2.0).
type Handler = web.Handler

// AWS's limits on a request through an HTTP API to a Lambda function, as
// the local API enforces them (green locally must mean working on AWS).
const (
	// apiPayloadLimit is the HTTP API's request payload size: 10 MB, not
	// adjustable ("Payload size | 10 MB", Quotas for configuring and running
	// an HTTP API, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html).
	// Above it API Gateway answers 413 before any function runs.
	apiPayloadLimit = 10 << 20

	// DefaultIntegrationTimeout is the HTTP API's integration timeout: 30
	// seconds at most, not adjustable ("Maximum integration timeout | 30
	// seconds", same page; TimeoutInMillis "between 50 and 30,000
	// milliseconds for HTTP APIs", AWS::ApiGatewayV2::Integration). The
	// template sets no shorter one, so each route gets the maximum.
	DefaultIntegrationTimeout = 30 * time.Second

	// lambdaResponseLimit is Lambda's synchronous invocation payload limit
	// for the response, 6 MB ("Invocation payload (request and response) |
	// 6 MB each for request and response (synchronous)", Lambda quotas,
	// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html;
	// "For synchronous invocations, the maximum payload size is 6 MB", Invoke,
	// https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html), in bytes
	// as Lambda counts it: 6 MiB + 100 (interop.MaxPayloadSize of the Lambda
	// Runtime Interface Emulator), measured on the JSON the function's runtime
	// sends back, which for aws-lambda-go is json.Encoder without HTML
	// escaping plus a newline.
	lambdaResponseLimit = 6*1024*1024 + 100

	// lambdaRequestLimit is the same quota on the invocation request: the
	// event API Gateway sends, JSON-encoded, must be under 6 MB (6,291,456
	// bytes); the Invoke API refuses a larger one (RequestTooLargeException),
	// so a body API Gateway accepts (up to 10 MB) can still never reach the
	// function: 500, as for any invocation Lambda rejects.
	lambdaRequestLimit = 6 * 1024 * 1024

	// lambdaDefaultTimeout is a function's timeout when the template sets
	// none (Lambda's default, 3 seconds).
	lambdaDefaultTimeout = 3 * time.Second
)

// API Gateway's own answers. HTTP APIs write {"message":"Internal Server
// Error"} (Troubleshooting issues with HTTP API Lambda integrations,
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html),
// REST APIs "Internal server error".
//
// "If the Lambda API rejects the invocation request, API Gateway returns a
// 500 error code. If the function runs but returns an error, or returns a
// response in the wrong format, API Gateway returns a 502" (Handling Lambda
// errors with an API Gateway API,
// https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html).
// A response over the payload limit and a function timeout are function
// errors reported by Lambda (Function.ResponseSizeTooLarge, "Task timed
// out"): 502. An integration that does not answer within the integration
// timeout is a 503 {"message":"Service Unavailable"} from an HTTP API (REST
// APIs answer 504): AWS's pages do not state the HTTP API's status; this is
// what deployed HTTP APIs answer (e.g. cortexlabs/cortex#1225,
// serverless/serverless#11222).
const (
	bodyInternalError = `{"message":"Internal Server Error"}`
	bodyUnavailable   = `{"message":"Service Unavailable"}`
)

// API serves template.yaml's HttpApi routes as API Gateway's HTTP API does
// with payload format 2.0: route keys, path parameters, lower-case headers,
// cookies apart, base64 bodies for non-text content, a request id, and the
// Lambda context with its deadline.
type API struct {
	routes []route
	log    *slog.Logger
	// IntegrationTimeout is how long the API waits for a function before it
	// answers 503: AWS's 30 s (DefaultIntegrationTimeout) unless a test sets
	// it shorter. Zero means the default.
	IntegrationTimeout time.Duration
	// buckets are the routes' throttles, by route key (see Throttle).
	buckets     map[string]*tokenBucket
	throttleNow func() time.Time
}

type route struct {
	key      string
	method   string
	parts    []string
	function string
	timeout  time.Duration
	handler  Handler
	// authorizer guards the route (nil: none).
	authorizer *lambdaAuthorizer
}

// NewAPI routes each HttpApi event of the template to the handler of its
// function (by folder name, e.g. "submit"), behind its Lambda authorizer
// (authorizers: by the authorizer function's folder name). A routed
// function or an authorizer without a handler is an error: the template and
// the code must agree.
func NewAPI(tpl *sam.Template, handlers map[string]Handler, authorizers map[string]AuthorizerHandler, log *slog.Logger) (*API, error) {
	a := &API{log: log, IntegrationTimeout: DefaultIntegrationTimeout}
	guards, err := newAuthorizers(tpl, authorizers)
	if err != nil {
		return nil, err
	}
	for _, f := range tpl.Functions {
		if len(f.Routes) == 0 {
			continue
		}
		h, ok := handlers[f.Name()]
		if !ok {
			return nil, fmt.Errorf("template function %s (functions/%s) has routes but no handler in the local stack", f.LogicalID, f.Name())
		}
		for _, r := range f.Routes {
			rt := route{key: r.Key(), method: r.Method, parts: splitPath(r.Path), function: f.LogicalID, timeout: f.Timeout, handler: h}
			if r.Authorizer != "" && r.Authorizer != "NONE" {
				if rt.authorizer = guards[r.Authorizer]; rt.authorizer == nil {
					return nil, fmt.Errorf("route %s names authorizer %s, which the HttpApi does not define", r.Key(), r.Authorizer)
				}
			}
			a.routes = append(a.routes, rt)
		}
	}
	// Literal segments win over parameters, as in API Gateway.
	sort.SliceStable(a.routes, func(i, j int) bool { return literals(a.routes[i].parts) > literals(a.routes[j].parts) })
	return a, nil
}

// RouteKeys lists the route keys served.
func (a *API) RouteKeys() []string {
	keys := make([]string, len(a.routes))
	for i, r := range a.routes {
		keys[i] = r.key
	}
	sort.Strings(keys)
	return keys
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func literals(parts []string) int {
	n := 0
	for _, p := range parts {
		if !strings.HasPrefix(p, "{") {
			n++
		}
	}
	return n
}

func (r route) match(method string, parts []string) (map[string]string, bool) {
	if r.method != method && r.method != "ANY" {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range r.parts {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "+}") {
			if i >= len(parts) {
				return nil, false
			}
			params[strings.Trim(p, "{+}")] = strings.Join(parts[i:], "/")
			return params, true
		}
		if i >= len(parts) {
			return nil, false
		}
		if strings.HasPrefix(p, "{") {
			params[strings.Trim(p, "{}")] = parts[i]
		} else if p != parts[i] {
			return nil, false
		}
	}
	return params, len(parts) == len(r.parts)
}

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := splitPath(r.URL.Path)
	var rt *route
	var params map[string]string
	for i := range a.routes {
		if p, ok := a.routes[i].match(r.Method, parts); ok {
			rt, params = &a.routes[i], p
			break
		}
	}
	if rt == nil {
		writeJSON(w, http.StatusNotFound, `{"message":"Not Found"}`)
		return
	}
	// Throttling comes first: a throttled request reaches neither the
	// authorizer nor the function.
	if a.throttled(w, rt) {
		return
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, apiPayloadLimit+1))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, `{"message":"Bad Request"}`)
		return
	}
	if len(raw) > apiPayloadLimit {
		writeJSON(w, http.StatusRequestEntityTooLarge, `{"message":"Request Entity Too Large"}`)
		return
	}
	event := a.event(r, rt, params, raw)
	if rt.authorizer != nil {
		context, ok := a.authorize(w, r, rt, event)
		if !ok {
			return
		}
		event.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: context}
	}
	a.invoke(w, r, rt, event)
}

// invoke runs the route's function as Lambda behind an HTTP API would: with
// the function's timeout as the context deadline, the invocation payload
// limits both ways, and an API that stops waiting at the integration timeout
// (or the function's, if shorter) whether or not the handler heeds its
// context.
func (a *API) invoke(w http.ResponseWriter, r *http.Request, rt *route, event events.APIGatewayV2HTTPRequest) {
	if n := web.PayloadSize(event); n >= lambdaRequestLimit {
		a.log.Error("LAMBDA REQUEST PAYLOAD TOO LARGE: Lambda refuses the invocation, API Gateway answers 500",
			"function", rt.function, "route", rt.key, "bytes", n, "limit", lambdaRequestLimit, "over", n-lambdaRequestLimit+1)
		writeJSON(w, http.StatusInternalServerError, bodyInternalError)
		return
	}
	fnTimeout := rt.timeout
	if fnTimeout <= 0 {
		fnTimeout = lambdaDefaultTimeout
	}
	apiTimeout := a.IntegrationTimeout
	if apiTimeout <= 0 {
		apiTimeout = DefaultIntegrationTimeout
	}
	// The invocation outlives a client that goes away, as on AWS; only its
	// own timeout ends it.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), fnTimeout)
	defer cancel()
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: newID(),
		InvokedFunctionArn: "arn:aws:lambda:local:000000000000:function:" + rt.function})

	type result struct {
		res   events.APIGatewayV2HTTPResponse
		err   error
		panic any
	}
	done := make(chan result, 1) // buffered: a handler answering after the deadline does not block
	start := time.Now()
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{panic: p}
			}
		}()
		res, err := rt.handler(ctx, event)
		done <- result{res: res, err: err}
	}()
	apiTimer := time.NewTimer(apiTimeout)
	defer apiTimer.Stop()

	var out result
	select {
	case out = <-done:
	case <-ctx.Done():
		// Lambda ends the invocation at the function's timeout ("Task timed
		// out"), a function error. (Here the goroutine cannot be stopped: a
		// handler that ignores its context runs on, unheard.)
		a.log.Error("FUNCTION TIMED OUT: Lambda ends it at the function's Timeout, API Gateway answers 502",
			"function", rt.function, "route", rt.key, "timeout", fnTimeout)
		writeJSON(w, http.StatusBadGateway, bodyInternalError)
		return
	case <-apiTimer.C:
		a.log.Error("INTEGRATION TIMEOUT: the HTTP API stops waiting, answers 503",
			"function", rt.function, "route", rt.key, "timeout", apiTimeout, "functionTimeout", fnTimeout)
		writeJSON(w, http.StatusServiceUnavailable, bodyUnavailable)
		return
	case <-r.Context().Done():
		return // the client left; nobody to answer
	}
	elapsed := time.Since(start)
	switch {
	case out.panic != nil:
		a.log.Error("handler panicked", "function", rt.function, "route", rt.key, "panic", out.panic)
		writeJSON(w, http.StatusBadGateway, bodyInternalError)
		return
	case out.err != nil:
		a.log.Error("handler returned an error", "function", rt.function, "route", rt.key, "error", out.err)
		writeJSON(w, http.StatusBadGateway, bodyInternalError)
		return
	}
	if n := web.PayloadSize(out.res); n > lambdaResponseLimit {
		a.log.Error("LAMBDA RESPONSE PAYLOAD TOO LARGE: Lambda refuses it, API Gateway answers 502",
			"function", rt.function, "route", rt.key, "bytes", n, "limit", lambdaResponseLimit,
			"over", n-lambdaResponseLimit, "bodyBytes", len(out.res.Body), "ms", elapsed.Milliseconds())
		writeJSON(w, http.StatusBadGateway, bodyInternalError)
		return
	}
	writeResponse(w, out.res)
}

func (a *API) event(r *http.Request, rt *route, params map[string]string, raw []byte) events.APIGatewayV2HTTPRequest {
	headers := map[string]string{}
	var cookies []string
	for k, vs := range r.Header {
		lk := strings.ToLower(k)
		if lk == "cookie" {
			for _, v := range vs {
				for _, c := range strings.Split(v, ";") {
					if c = strings.TrimSpace(c); c != "" {
						cookies = append(cookies, c)
					}
				}
			}
			continue
		}
		headers[lk] = strings.Join(vs, ",")
	}
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	headers["host"] = r.Host
	headers["x-forwarded-proto"] = "http"
	headers["x-forwarded-for"] = ip
	_, localPort, _ := net.SplitHostPort(r.Host)
	headers["x-forwarded-port"] = localPort

	var query map[string]string
	if q := r.URL.Query(); len(q) > 0 {
		query = make(map[string]string, len(q))
		for k, vs := range q {
			query[k] = strings.Join(vs, ",")
		}
	}
	if len(params) == 0 {
		params = nil
	}
	now := time.Now()
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: rt.key, RawPath: r.URL.EscapedPath(), RawQueryString: r.URL.RawQuery,
		Cookies: cookies, Headers: headers, QueryStringParameters: query, PathParameters: params,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey: rt.key, AccountID: "000000000000", Stage: "$default", RequestID: newID(),
			APIID: "local", DomainName: r.Host, DomainPrefix: strings.Split(r.Host, ".")[0],
			Time: now.UTC().Format("02/Jan/2006:15:04:05 -0700"), TimeEpoch: now.UnixMilli(),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: r.Method, Path: r.URL.Path,
				Protocol: r.Proto, SourceIP: ip, UserAgent: r.UserAgent()},
		},
	}
	if len(raw) > 0 {
		if isText(r.Header.Get("Content-Type")) {
			ev.Body = string(raw)
		} else {
			ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString(raw), true
		}
	}
	return ev
}

// isText: API Gateway passes these bodies as they are and base64-encodes
// everything else (form posts included).
func isText(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return strings.HasPrefix(mt, "text/") || mt == "application/json" || mt == "application/xml" ||
		mt == "application/javascript" || strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+xml")
}

func writeResponse(w http.ResponseWriter, res events.APIGatewayV2HTTPResponse) {
	for k, v := range res.Headers {
		w.Header().Set(k, v)
	}
	for k, vs := range res.MultiValueHeaders {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	for _, c := range res.Cookies {
		w.Header().Add("Set-Cookie", c)
	}
	body := []byte(res.Body)
	if res.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(res.Body)
		if err != nil { // a response in the wrong format
			writeJSON(w, http.StatusBadGateway, bodyInternalError)
			return
		}
		body = b
	}
	status := res.StatusCode
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
