// Package web is the HTTP edge: API Gateway HTTP API (payload format 2.0)
// requests in, responses out, HTML pages in Swedish and English. Handlers
// decode, call the domain (intake) and encode; they decide nothing else.
package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/programme"
)

// Handler is an HTTP API Lambda handler.
type Handler = func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

type eventsResponse = events.APIGatewayV2HTTPResponse

// MaxBody is the largest request body accepted (413 above it).
const MaxBody = 256 << 10

// body returns the request body, decoded from base64 if API Gateway encoded it.
func body(req events.APIGatewayV2HTTPRequest) ([]byte, error) {
	raw := req.Body
	if req.IsBase64Encoded {
		if base64.StdEncoding.DecodedLen(len(raw)) > MaxBody+3 {
			return nil, errTooLarge
		}
		b, err := base64.StdEncoding.DecodeString(raw)
		if err != nil {
			return nil, errEncoding
		}
		if len(b) > MaxBody {
			return nil, errTooLarge
		}
		return b, nil
	}
	if len(raw) > MaxBody {
		return nil, errTooLarge
	}
	return []byte(raw), nil
}

// header returns a request header; payload 2.0 has them in lower case.
func header(req events.APIGatewayV2HTTPRequest, name string) string {
	if v, ok := req.Headers[strings.ToLower(name)]; ok {
		return v
	}
	for k, v := range req.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

func mediaType(req events.APIGatewayV2HTTPRequest) string {
	mt, _, err := mime.ParseMediaType(header(req, "content-type"))
	if err != nil {
		return ""
	}
	return mt
}

// wantsJSON: the client sent JSON or asks for it first.
func wantsJSON(req events.APIGatewayV2HTTPRequest) bool {
	if mediaType(req) == "application/json" {
		return true
	}
	accept := header(req, "accept")
	return strings.HasPrefix(accept, "application/json") || req.QueryStringParameters["format"] == "json"
}

// requestLang is the language the client asked for: ?lang=, then for JSON
// clients Accept-Language; Swedish otherwise.
func requestLang(req events.APIGatewayV2HTTPRequest) programme.Lang {
	if l := req.QueryStringParameters["lang"]; l != "" {
		return programme.ParseLang(l)
	}
	if wantsJSON(req) {
		return programme.ParseLang(header(req, "accept-language"))
	}
	return programme.Swedish
}

// baseURL is where links in emails point: the configured public URL, else
// the API's own domain as API Gateway names it (requestContext.domainName,
// over HTTPS). Never a header: a client sets those (Host, X-Forwarded-*),
// and a link in our email must not lead where a stranger chose.
func baseURL(configured string, req events.APIGatewayV2HTTPRequest) string {
	if configured != "" {
		return strings.TrimSuffix(configured, "/")
	}
	return "https://" + req.RequestContext.DomainName
}

var securityHeaders = map[string]string{
	"X-Content-Type-Options":  "nosniff",
	"Referrer-Policy":         "no-referrer",
	"X-Frame-Options":         "DENY",
	"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
}

func respond(status int, contentType, body string) events.APIGatewayV2HTTPResponse {
	h := map[string]string{"Content-Type": contentType}
	for k, v := range securityHeaders {
		h[k] = v
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: status, Headers: h, Body: body}
}

func jsonResponse(status int, v any) events.APIGatewayV2HTTPResponse {
	b, err := json.Marshal(v)
	if err != nil { // only our own types are encoded; this is a bug
		return respond(http.StatusInternalServerError, "application/json", `{"error":"internal"}`)
	}
	r := respond(status, "application/json; charset=utf-8", string(b))
	r.Headers["Cache-Control"] = "no-store"
	return r
}

// list is s, or an empty list for none: a JSON list is [], never null.
func list[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// maxResponsePayload is Lambda's limit on a synchronous invocation's
// response, 6 MB (Lambda quotas, "6 MB each for request and response
// (synchronous)"; in bytes as the runtime counts it, 6 MiB + 100), measured
// on the JSON the runtime sends (responsePayload). Over it the client gets
// API Gateway's 502, not the response.
const maxResponsePayload = 6*1024*1024 + 100

// responsePayload is the size of res as aws-lambda-go sends it to Lambda.
func responsePayload(res events.APIGatewayV2HTTPResponse) int { return PayloadSize(res) }

// PayloadSize is the size of v as aws-lambda-go sends it to (or the local
// stack receives it from) Lambda: JSON without HTML escaping, plus a newline.
func PayloadSize(v any) int {
	var n byteCount
	enc := json.NewEncoder(&n)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return 0
	}
	return int(n)
}

type byteCount int

func (c *byteCount) Write(p []byte) (int, error) {
	*c += byteCount(len(p))
	return len(p), nil
}

// acceptsGzip: the client's Accept-Encoding names gzip (or *) without q=0.
func acceptsGzip(req events.APIGatewayV2HTTPRequest) bool {
	for _, part := range strings.Split(header(req, "accept-encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		if q == "q=0" || strings.HasPrefix(q, "q=0.") && strings.Trim(q[4:], "0") == "" {
			continue
		}
		return true
	}
	return false
}

// gzipped is a response with body compressed (Content-Encoding: gzip),
// base64-encoded for API Gateway as a binary body.
func gzipped(status int, contentType string, body []byte) events.APIGatewayV2HTTPResponse {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	_, _ = zw.Write(body)
	_ = zw.Close()
	res := respond(status, contentType, base64.StdEncoding.EncodeToString(b.Bytes()))
	res.IsBase64Encoded = true
	res.Headers["Content-Encoding"] = "gzip"
	res.Headers["Vary"] = "Accept-Encoding"
	return res
}

// problem is the JSON error body: a code, a message in the client's language
// and, for invalid input, one entry per field.
type problem struct {
	Error   string       `json:"error"`
	Message string       `json:"message"`
	Fields  []fieldIssue `json:"fields,omitempty"`
}

type fieldIssue struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func fieldIssues(errs programme.FieldErrors, lang programme.Lang) []fieldIssue {
	out := make([]fieldIssue, len(errs))
	for i, e := range errs {
		out[i] = fieldIssue{Field: e.Field, Code: e.Code, Message: e.Message(lang)}
	}
	return out
}

// Routes dispatches on the route key API Gateway matched, for a function
// that serves several routes.
func Routes(routes map[string]Handler) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		if h, ok := routes[req.RouteKey]; ok {
			return h(ctx, req)
		}
		return eventsResponse{}, errRouteNotFound
	}
}

// readBody is the one reader of a request body: a form post or JSON (else
// errUnsupported), at most MaxBody (else errTooLarge), decoded from base64
// if API Gateway encoded it. isJSON says which it is.
func readBody(req events.APIGatewayV2HTTPRequest) (b []byte, isJSON bool, err error) {
	switch mediaType(req) {
	case "application/json":
		isJSON = true
	case "application/x-www-form-urlencoded":
	default:
		return nil, false, errUnsupported
	}
	b, err = body(req)
	return b, isJSON, err
}

// staffInput reads a staff POST: JSON, strictly, into v, or a form post,
// returned as values.
func staffInput(req events.APIGatewayV2HTTPRequest, v any) (form url.Values, isJSON bool, err error) {
	b, isJSON, err := readBody(req)
	if err != nil {
		return nil, isJSON, err
	}
	if isJSON {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			return nil, true, &malformedError{err}
		}
		return nil, true, nil
	}
	if form, err = url.ParseQuery(string(b)); err != nil {
		return nil, false, &malformedError{err}
	}
	return form, false, nil
}
