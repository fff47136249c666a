package web

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// roleRequest is a request for path (in English) with the authorizer's
// context lambda.
func roleRequest(path string, lambda map[string]any) events.APIGatewayV2HTTPRequest {
	return events.APIGatewayV2HTTPRequest{RawPath: path, RawQueryString: "lang=en", QueryStringParameters: map[string]string{"lang": "en"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			Authorizer: &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: lambda}}}
}

// A reviewer gets past the authorizer, but a staff page stays as strict as
// before: the staff group only. A reviewer gets the not-staff page; a user
// in both groups is staff.
func TestStaffOnlyRefusesAReviewer(t *testing.T) {
	ran := false
	h := StaffOnly(func(ctx context.Context, _ events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ran = true
		return events.APIGatewayV2HTTPResponse{StatusCode: 200}, nil
	})
	for _, path := range []string{"/staff/rounds", "/staff/rounds/2027-1/applications", "/staff/applications/KP-1", "/staff/review"} {
		ran = false
		res, err := h(context.Background(), roleRequest(path, map[string]any{"sub": "r1", "email": "granskare@example.org", "groups": "reviewer"}))
		if err != nil || res.StatusCode != 403 || ran {
			t.Errorf("%s as a reviewer: %d %v, handler ran %v: want the 403 page", path, res.StatusCode, err, ran)
		}
		if !strings.Contains(res.Body, i18n.NotStaff.In(programme.English)) || strings.Contains(res.Body, i18n.NotReviewer.In(programme.English)) {
			t.Errorf("%s as a reviewer: not the not-staff page: %.400s", path, res.Body)
		}
	}
	res, err := h(context.Background(), roleRequest("/staff/rounds", map[string]any{"sub": "u1", "groups": "reviewer staff"}))
	if err != nil || res.StatusCode != 200 || !ran {
		t.Errorf("a user in both groups on a staff page: %d %v", res.StatusCode, err)
	}
}

// ReviewerOnly is StaffOnly for the reviewer group: a reviewer reaches the
// handler with who they are in its context (signedIn, actor); a page
// request let through anonymous gets a redirect to sign-in (and back below
// /staff/review) or the 403 page, which for a signed-in user outside the
// group (staff included) says the account is not a reviewer's; anything
// else is refused.
func TestReviewerOnlyReadsTheAuthorizersContext(t *testing.T) {
	var gotActor, gotEmail string
	inner := func(ctx context.Context, _ events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		gotActor = actor(ctx)
		w, ok := signedIn(ctx)
		if !ok {
			t.Error("no signed-in user in the handler's context")
		}
		gotEmail = w.Email
		return events.APIGatewayV2HTTPResponse{StatusCode: 200}, nil
	}
	h := ReviewerOnly(inner)
	notReviewer := i18n.NotReviewer.In(programme.English)
	for _, c := range []struct {
		context  map[string]any
		status   int
		location string
		text     string // on the 403 page
	}{
		{map[string]any{"sub": "r1", "email": "granskare@example.org", "groups": "reviewer", "expires": "1803204000"}, 200, "", ""},
		{map[string]any{"sub": "r1", "groups": "readonly reviewer"}, 200, "", ""},
		{map[string]any{"sub": "r1", "groups": "staff reviewer"}, 200, "", ""},
		{map[string]any{"sub": "u1", "email": "eva@example.org", "groups": "staff"}, 403, "", notReviewer},
		{map[string]any{"sub": "r1", "groups": "readonly,reviewer"}, 403, "", notReviewer},
		{map[string]any{"sub": "r1", "groups": `["reviewer"]`}, 403, "", notReviewer},
		{map[string]any{"sub": "r1", "groups": "Reviewer"}, 403, "", notReviewer},
		{map[string]any{"sub": "r1", "groups": "reviewers"}, 403, "", notReviewer},
		{map[string]any{"sub": "r1", "groups": ""}, 403, "", notReviewer},
		{map[string]any{"sub": "r1"}, 403, "", notReviewer},
		{map[string]any{"groups": "reviewer"}, 401, "", ""},
		{map[string]any{"anonymous": "signin"}, 303, "/staff/signin?return=%2Fstaff%2Freview%2FKP-1%3Flang%3Den", ""},
		{map[string]any{"anonymous": "forbidden"}, 403, "", notReviewer},
		{map[string]any{"anonymous": "true", "sub": "r1", "groups": "reviewer"}, 401, "", ""},
		{map[string]any{}, 401, "", ""},
		{nil, 401, "", ""},
	} {
		gotActor, gotEmail = "", ""
		res, err := h(context.Background(), roleRequest("/staff/review/KP-1", c.context))
		if err != nil || res.StatusCode != c.status || res.Headers["Location"] != c.location {
			t.Errorf("%v: %d %q %v, want %d %q", c.context, res.StatusCode, res.Headers["Location"], err, c.status, c.location)
		}
		if (c.status == 200) != (gotActor != "") {
			t.Errorf("%v: handler ran as %q", c.context, gotActor)
		}
		if c.text != "" && (!strings.Contains(res.Body, c.text) || strings.Contains(res.Body, i18n.NotStaff.In(programme.English))) {
			t.Errorf("%v: the 403 page does not say %q: %.400s", c.context, c.text, res.Body)
		}
		if c.status == 401 && !strings.Contains(res.Body, `"unauthorized"`) {
			t.Errorf("%v: 401 body %q, want the JSON problem", c.context, res.Body)
		}
	}
	_, _ = h(context.Background(), roleRequest("/staff/review", map[string]any{"sub": "r1", "email": "granskare@example.org", "groups": "reviewer"}))
	if gotActor != "r1 granskare@example.org" || gotEmail != "granskare@example.org" {
		t.Fatalf("actor %q, email %q: want the sub with the email as a label", gotActor, gotEmail)
	}
	// In Swedish too, with its own hint.
	req := roleRequest("/staff/review", map[string]any{"sub": "u1", "groups": "staff"})
	req.RawQueryString, req.QueryStringParameters = "", nil
	res, _ := h(context.Background(), req)
	if res.StatusCode != 403 || !strings.Contains(res.Body, i18n.NotReviewer.In(programme.Swedish)) || !strings.Contains(res.Body, i18n.NotReviewerHint.In(programme.Swedish)) {
		t.Errorf("the Swedish 403 page: %d %.400s", res.StatusCode, res.Body)
	}
}
