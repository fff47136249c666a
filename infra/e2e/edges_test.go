package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/store"
)

// An empty list is [] in every staff and publish JSON, never null: a
// repeated filter (API Gateway joins repeated query values with commas, so
// "submitted,in_review" matches nothing), a round without applications, a
// new application's empty log, a round without decision emails, a
// published round without grants.
func TestEmptyListsAreEmptyNotNull(t *testing.T) {
	s := newSystem(t)
	code, ref := s.submitJSON(t, stacktest.UniqueName("empty")+"@example.se")
	if code != 201 {
		t.Fatal(code)
	}
	// A round published with nothing granted.
	if _, err := s.rawDB().UpdateItem(context.Background(), &dynamodb.UpdateItemInput{TableName: aws.String(s.Env.Store.Table()),
		Key:                       map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "ROUND#2026-2"}, "SK": &types.AttributeValueMemberS{Value: "ROUND"}},
		UpdateExpression:          aws.String("SET #s = :n"),
		ExpressionAttributeNames:  map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":n": &types.AttributeValueMemberS{Value: "notified"}}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, list string
		staff      bool
	}{
		{"/staff/rounds/2027-1/applications?status=submitted&status=in_review", "applications", true},
		{"/staff/rounds/2027-1/applications?country=ZW", "applications", true},
		{"/staff/rounds/2026-2/applications", "applications", true},
		{"/staff/applications/" + ref, "log", true},
		{"/staff/rounds/2027-1/notify", "notDelivered", true},
		{"/rounds/2026-2/granted?format=json", "projects", false},
	} {
		var status int
		var body string
		if c.staff {
			res, b := s.staff(t, "GET", c.path, "", "", "Accept", "application/json")
			status, body = res.StatusCode, b
		} else {
			res, b := s.do(t, "GET", c.path, "", "")
			status, body = res.StatusCode, b
		}
		var out map[string]json.RawMessage
		if status != 200 || json.Unmarshal([]byte(body), &out) != nil {
			t.Errorf("%s: %d %s", c.path, status, body)
			continue
		}
		if strings.Contains(body, "null") || string(out[c.list]) != "[]" {
			t.Errorf("%s: %s is %s, want []: %s", c.path, c.list, out[c.list], body)
		}
	}
}

// A round id or an application reference longer than DynamoDB can hold in a
// key (3,000 characters) is unknown: every route that takes one answers as
// for an id that does not exist (404, same body), not 500.
func TestOversizedIdsAreUnknown(t *testing.T) {
	s := newSystem(t)
	long := strings.Repeat("x", 3000)
	longRef := "KP-" + strings.Repeat("Z", 3000)
	for _, c := range []struct {
		method, path, contentType, body string
		staff                           bool
	}{
		{"GET", "/staff/rounds/{id}/applications", "", "", true},
		{"GET", "/staff/rounds/{id}/applications?format=csv", "", "", true},
		{"POST", "/staff/rounds/{id}/deadline", "application/json", `{"closes":"2027-03-22T16:00"}`, true},
		{"GET", "/staff/rounds/{id}/notify", "", "", true},
		{"POST", "/staff/rounds/{id}/notify", "application/json", "", true},
		{"POST", "/staff/rounds/{id}/withdraw", "application/json", `{"refs":["KP-0000000000"],"reason":"spam"}`, true},
		{"GET", "/staff/applications/{ref}", "", "", true},
		{"POST", "/staff/applications/{ref}/decision", "application/json", `{"outcome":"rejected","motivation":"m"}`, true},
		{"GET", "/applications/{ref}?key=" + url.QueryEscape("k"), "", "", false},
		{"GET", "/rounds/{id}/granted", "", "", false},
		{"GET", "/rounds/{id}/granted?format=json", "", "", false},
	} {
		for _, accept := range []string{"", "application/json"} {
			ask := func(id, ref string) (int, string) {
				path := strings.NewReplacer("{id}", id, "{ref}", ref).Replace(c.path)
				if c.staff {
					res, body := s.staff(t, c.method, path, c.contentType, c.body, "Accept", accept)
					return res.StatusCode, body
				}
				res, body := s.do(t, c.method, path, c.contentType, c.body, "Accept", accept)
				return res.StatusCode, body
			}
			wantStatus, wantBody := ask("1999-9", "KP-0000000000")
			status, body := ask(long, longRef)
			if wantStatus != 404 || status != wantStatus || body != wantBody {
				t.Errorf("%s %s (Accept %q): %d %.200s, want %d %.200s as for an unknown id", c.method, c.path, accept, status, body, wantStatus, wantBody)
			}
		}
	}
	// The store itself: a key DynamoDB could never hold finds nothing.
	if _, err := s.Env.Store.Round(context.Background(), long); err != store.ErrNotFound {
		t.Fatalf("Round: %v", err)
	}
	if _, _, err := s.Env.Store.Application(context.Background(), longRef); err != store.ErrNotFound {
		t.Fatalf("Application: %v", err)
	}
}
