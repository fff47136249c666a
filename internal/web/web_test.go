package web

import (
	"context"
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/programme"
)

func TestDecodeFormReadsAmountsAsPeopleTypeThem(t *testing.T) {
	in, values, errs := decodeForm(url.Values{
		"round": {"2027-1"}, "durationYears": {"3"}, "title": {"T"},
		"budgetPerYear.1": {"450 000"}, "budgetPerYear.2": {""}, "budgetPerYear.3": {"1\u00a0000"},
		"thirdParty.organisation": {""},
	})
	if errs != nil {
		t.Fatal(errs)
	}
	// The empty second year stays a gap (0) so it is reported on its own field.
	if in.DurationYears != 3 || !slices.Equal(in.BudgetPerYear, []int64{450000, 0, 1000}) || in.ThirdParty != nil || values["title"] != "T" {
		t.Fatalf("%+v", in)
	}
	_, _, errs = decodeForm(url.Values{"durationYears": {"två"}, "budgetPerYear.1": {"4.5"}})
	if len(errs) != 2 || errs[0].Field != "durationYears" || errs[1].Field != "budgetPerYear.1" || errs[1].Code != programme.CodeNotANumber {
		t.Fatalf("errs %v", errs)
	}
}

func TestDecodeJSONNamesTheField(t *testing.T) {
	for _, c := range []struct{ body, field, code string }{
		{`{"durationYears":"2"}`, "durationYears", programme.CodeWrongType},
		{`{"partner":{"email":5}}`, "partner.email", programme.CodeWrongType},
		{`{"budgetPerYear":["1"]}`, "budgetPerYear", programme.CodeWrongType},
		{`"text"`, "body", programme.CodeWrongType},
		{`{"extra":1}`, "extra", programme.CodeUnknownField},
	} {
		_, issue, err := decodeJSON([]byte(c.body))
		if err != nil || issue == nil || issue.Field != c.field || issue.Code != c.code {
			t.Errorf("%s: %+v %v, want %s on %s", c.body, issue, err, c.code, c.field)
		}
	}
	for _, bad := range []string{``, `{`, `{} {}`, `nul`} {
		if _, issue, err := decodeJSON([]byte(bad)); err == nil && issue == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestBodyLimits(t *testing.T) {
	big := strings.Repeat("x", MaxBody+1)
	if _, err := body(events.APIGatewayV2HTTPRequest{Body: big}); err != errTooLarge {
		t.Fatalf("plain: %v", err)
	}
	if _, err := body(events.APIGatewayV2HTTPRequest{Body: base64.StdEncoding.EncodeToString([]byte(big)), IsBase64Encoded: true}); err != errTooLarge {
		t.Fatalf("base64: %v", err)
	}
	if _, err := body(events.APIGatewayV2HTTPRequest{Body: "!!", IsBase64Encoded: true}); err != errEncoding {
		t.Fatalf("bad base64: %v", err)
	}
	b, err := body(events.APIGatewayV2HTTPRequest{Body: base64.StdEncoding.EncodeToString([]byte("å=1")), IsBase64Encoded: true})
	if err != nil || string(b) != "å=1" {
		t.Fatalf("%q %v", b, err)
	}
}

func TestBaseURLAndLanguage(t *testing.T) {
	req := events.APIGatewayV2HTTPRequest{Headers: map[string]string{"x-forwarded-proto": "https", "accept-language": "en-GB,en;q=0.8"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{DomainName: "abc.execute-api.eu-north-1.amazonaws.com"}}
	if got := baseURL("", req); got != "https://abc.execute-api.eu-north-1.amazonaws.com" {
		t.Fatal(got)
	}
	if got := baseURL("https://ansok.example.se/", req); got != "https://ansok.example.se" {
		t.Fatal(got)
	}
	// Headers a client sets never shape a link.
	req.Headers["x-forwarded-proto"], req.Headers["host"], req.Headers["x-forwarded-host"] = "http", "evil.example", "evil.example"
	if got := baseURL("", req); got != "https://abc.execute-api.eu-north-1.amazonaws.com" {
		t.Fatalf("a client's headers chose the link: %s", got)
	}
	if requestLang(req) != programme.Swedish {
		t.Fatal("pages are Swedish unless the visitor switches")
	}
	req.Headers["content-type"] = "application/json"
	if requestLang(req) != programme.English {
		t.Fatal("a JSON client's Accept-Language counts")
	}
	req.QueryStringParameters = map[string]string{"lang": "sv"}
	if requestLang(req) != programme.Swedish {
		t.Fatal("?lang= wins")
	}
}

// StaffOnly lets through only what the staff authorizer passed in its
// context: a staff identity (the groups space-separated, "staff" among
// them) reaches the handler with the actor in its context; a page request
// let through anonymous gets a redirect to sign-in (and back, query and
// all) or the not-staff page; anything else is refused.
func TestStaffOnlyReadsTheAuthorizersContext(t *testing.T) {
	var gotActor string
	inner := func(ctx context.Context, _ events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		gotActor = actor(ctx)
		return events.APIGatewayV2HTTPResponse{StatusCode: 200}, nil
	}
	h := StaffOnly(inner)
	for _, c := range []struct {
		context  map[string]any
		status   int
		location string
	}{
		{map[string]any{"sub": "u1", "email": "eva@example.org", "groups": "staff", "expires": "1803204000"}, 200, ""},
		{map[string]any{"sub": "u1", "groups": "readonly staff"}, 200, ""},
		{map[string]any{"sub": "u1", "groups": "readonly,staff"}, 403, ""},
		{map[string]any{"sub": "u1", "groups": `["staff"]`}, 403, ""},
		{map[string]any{"sub": "u1", "groups": "Staff"}, 403, ""},
		{map[string]any{"sub": "u1", "groups": ""}, 403, ""},
		{map[string]any{"sub": "u1"}, 403, ""},
		{map[string]any{"groups": "staff"}, 401, ""},
		{map[string]any{"anonymous": "signin"}, 303, "/staff/signin?return=%2Fstaff%2Frounds%2F2027-1%3Flang%3Den"},
		{map[string]any{"anonymous": "forbidden"}, 403, ""},
		{map[string]any{"anonymous": "true", "sub": "u1", "groups": "staff"}, 401, ""},
		{map[string]any{}, 401, ""},
		{nil, 401, ""},
	} {
		req := events.APIGatewayV2HTTPRequest{RawPath: "/staff/rounds/2027-1", RawQueryString: "lang=en",
			RequestContext: events.APIGatewayV2HTTPRequestContext{
				Authorizer: &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: c.context}}}
		gotActor = ""
		res, err := h(context.Background(), req)
		if err != nil || res.StatusCode != c.status || res.Headers["Location"] != c.location {
			t.Errorf("%v: %d %q %v, want %d %q", c.context, res.StatusCode, res.Headers["Location"], err, c.status, c.location)
		}
		if (c.status == 200) != (gotActor != "") {
			t.Errorf("%v: handler ran as %q", c.context, gotActor)
		}
	}
	req := events.APIGatewayV2HTTPRequest{RequestContext: events.APIGatewayV2HTTPRequestContext{Authorizer: &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
		Lambda: map[string]any{"sub": "u1", "email": "eva@example.org", "groups": "staff"}}}}
	if _, _ = h(context.Background(), req); gotActor != "u1 eva@example.org" {
		t.Fatalf("actor %q, want the sub with the email as a label", gotActor)
	}
}

// A full page of the largest applications the form accepts (title and both
// organisations at their 200 characters, each character one that costs the
// most once JSON-encoded by the handler and again by the Lambda runtime)
// fits Lambda's 6 MB response, so a page never meets API Gateway's 502.
func TestALargestPageFitsLambdasResponse(t *testing.T) {
	worst := strings.Repeat("<", 200) // \u003c in the body, \\u003c in the runtime's JSON: 7 bytes each
	apps := make([]programme.AppSummary, MaxPage)
	for i := range apps {
		apps[i] = programme.AppSummary{Ref: "KP-XJXMFDHFW1", Status: "in_review", Type: "project-three-party", Theme: "integration",
			Title: worst, SwedishOrganisation: worst, PartnerOrganisation: worst, Country: "ZW",
			RequestedTotal: 1<<63 - 1, GrantedAmount: 1<<63 - 1, SubmittedAt: "2027-03-15T14:59:59.999Z", DecisionQueued: true}
	}
	res := jsonResponse(200, applicationsPage{Applications: apps, Next: strings.Repeat("x", 1400)})
	n := responsePayload(res)
	if n > maxResponsePayload*3/4 {
		t.Fatalf("a page of %d of the largest applications is %d bytes as Lambda counts it: over 3/4 of the %d limit", MaxPage, n, maxResponsePayload)
	}
	t.Logf("largest page: %d bytes of %d", n, maxResponsePayload)
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{"gzip, deflate, br": true, "br;q=1.0, gzip;q=0.8, *;q=0.1": true, "*": true,
		"": false, "identity": false, "gzip;q=0": false, "gzip; q=0.000": false, "deflate, br": false} {
		if got := acceptsGzip(events.APIGatewayV2HTTPRequest{Headers: map[string]string{"accept-encoding": h}}); got != want {
			t.Errorf("%q: %v", h, got)
		}
	}
}
