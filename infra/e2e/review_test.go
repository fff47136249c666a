package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
	"partnerskap/internal/roundjob"
)

// reviewer is a signed-in reviewer's requests (a real sign-in through the
// local provider, its ID token as a bearer token).
type reviewer struct {
	s     *system
	token string
}

func (r reviewer) do(t *testing.T, method, path, contentType, body string) (*http.Response, string) {
	t.Helper()
	return r.s.do(t, method, path, contentType, body, "Authorization", "Bearer "+r.token)
}

const formType = "application/x-www-form-urlencoded"

// fullSheet is a complete sheet's form: every criterion scored n.
func fullSheet(n string, action string) string {
	v := url.Values{"action": {action}}
	for _, c := range []string{"relevance", "feasibility", "anchoring", "planning-tool", "team", "budget"} {
		v.Set("score."+c, n)
		v.Set("comment."+c, "Motiverat.")
	}
	return v.Encode()
}

// The review of a round through the HTTP API, as reviewers and staff use
// it: conflicts declared up front keep a reviewer from an organisation's
// applications, the assignment balances and reports who is short, a
// reviewer answers the conflict question before any content, scores
// (out of range refused, submitted locked, staff reopen), a conflict
// declared on opening removes the assignment and scoring it is refused,
// two staff moving one assignment at once move it once, the meeting ranks,
// and a batch that crosses the budget decides what fits and says what not.
// Reviewers reach no staff page and staff no reviewer page.
func TestReviewAndDecisionMeeting(t *testing.T) {
	s := newSystem(t)
	orgs := []string{"Kalix", "Umeå", "Region Västernorrland"}
	refs := map[string]string{}
	for i, org := range orgs {
		m := validJSON()
		p := party(m, "swedishParty")
		p["organisation"], p["email"] = org, stacktest.UniqueName("rv")+"@example.se"
		m["title"] = "Projekt " + org
		b, _ := json.Marshal(s.provenJSON(t, m))
		res, body := s.do(t, "POST", "/applications", "application/json", string(b))
		if res.StatusCode != 201 {
			t.Fatalf("submit %d: %d %s", i, res.StatusCode, body)
		}
		var out struct{ Reference string }
		_ = json.Unmarshal([]byte(body), &out)
		refs[org] = out.Reference
	}
	s.clock.Set(springCloses.Add(time.Hour))
	job := &roundjob.Job{Store: s.Envs["rounds"].Store, Now: s.clock.Now, Log: quiet, StaffAddress: "s@example.se"}
	if _, err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, tok1 := stacktest.SignIn(t, s.Stack, stacktest.ReviewerUser(s.Stack))
	_, tok2 := stacktest.SignIn(t, s.Stack, stacktest.SecondReviewerUser(s.Stack))
	r1, r2 := reviewer{s, tok1}, reviewer{s, tok2}

	// Roles: a reviewer reaches no staff page, staff no reviewer page.
	if res, _ := r1.do(t, "GET", "/staff/rounds", "", ""); res.StatusCode != 403 {
		t.Fatalf("a reviewer on a staff page: %d", res.StatusCode)
	}
	if res, _ := s.staff(t, "GET", "/staff/review", "", ""); res.StatusCode != 403 {
		t.Fatalf("staff on the reviewer's page: %d", res.StatusCode)
	}
	// Nothing before the conflicts are declared.
	if res, body := r1.do(t, "GET", "/staff/review/"+refs["Kalix"], "", ""); res.StatusCode != 409 {
		t.Fatalf("an application before declaring: %d %s", res.StatusCode, body)
	}
	if res, body := r1.do(t, "POST", "/staff/review/conflicts", formType, "round=2027-1&organisations=Ingen+s%C3%A5dan"); res.StatusCode != 422 ||
		!strings.Contains(body, "Svenska organisationer") {
		t.Fatalf("an unknown organisation: %d\n%s", res.StatusCode, body)
	}
	for _, c := range []struct {
		r    reviewer
		form string
	}{{r1, "round=2027-1&organisations="}, {r2, "round=2027-1&organisations=Kalix"}} {
		if res, body := c.r.do(t, "POST", "/staff/review/conflicts", formType, c.form); res.StatusCode != 303 {
			t.Fatalf("declare %s: %d %s", c.form, res.StatusCode, body)
		}
	}

	// Assignment: two reviewers each; the second has a conflict with Kalix.
	res, body := s.staff(t, "POST", "/staff/rounds/2027-1/assign", "application/json", "")
	var plan struct {
		Added int
		Short []programme.Shortfall
	}
	if err := json.Unmarshal([]byte(body), &plan); err != nil || res.StatusCode != 200 || plan.Added != 5 || len(plan.Short) != 1 ||
		plan.Short[0].Ref != refs["Kalix"] || plan.Short[0].Conflicted != 1 {
		t.Fatalf("assign: %d %s", res.StatusCode, body)
	}
	if res, body := s.staff(t, "POST", "/staff/rounds/2027-1/assign", "application/json", ""); res.StatusCode != 200 || !strings.Contains(body, `"added":0`) {
		t.Fatalf("assign again: %d %s", res.StatusCode, body)
	}
	_, page := r2.do(t, "GET", "/staff/review", "", "")
	if strings.Contains(page, refs["Kalix"]) || !strings.Contains(page, refs["Umeå"]) {
		t.Fatalf("the second reviewer's list:\n%s", page)
	}

	// The conflict question first, then the content without contacts.
	kalix := refs["Kalix"]
	_, page = r1.do(t, "GET", "/staff/review/"+kalix, "", "")
	if !strings.Contains(page, "Har du jäv mot den här ansökan?") || strings.Contains(page, "Två hamnstäder.") {
		t.Fatalf("before the answer:\n%s", page)
	}
	if res, _ := r1.do(t, "POST", "/staff/review/"+kalix, formType, fullSheet("4", "submit")); res.StatusCode != 404 {
		t.Fatalf("scoring before the answer: %d", res.StatusCode)
	}
	if res, _ := r1.do(t, "POST", "/staff/review/"+kalix+"/answer", formType, "conflict=no"); res.StatusCode != 303 {
		t.Fatalf("no conflict: %d", res.StatusCode)
	}
	_, page = r1.do(t, "GET", "/staff/review/"+kalix, "", "")
	app, _, _ := s.Env.Store.Application(context.Background(), kalix)
	if !strings.Contains(page, "Två hamnstäder.") || strings.Contains(page, app.SwedishParty.Email) || strings.Contains(page, app.Partner.ContactName) {
		t.Fatalf("the content, without contacts:\n%s", page)
	}
	// The documents are part of what is assessed: links once opened, never before.
	for _, d := range app.Documents { // the seeded records' files, in the bucket
		if _, err := s.S3().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(stack.DocumentsBucketName(s.Env.Store.Table())),
			Key: aws.String(d.Key), Body: bytes.NewReader(pdfFile())}); err != nil {
			t.Fatal(err)
		}
	}
	if res, _ := r1.do(t, "GET", "/staff/review/"+kalix+"/documents/planning-tool", "", ""); res.StatusCode != 303 ||
		!strings.Contains(res.Header.Get("Location"), "X-Amz-Signature") {
		t.Fatalf("the planning tool for its reviewer: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := r2.do(t, "GET", "/staff/review/"+refs["Umeå"]+"/documents/planning-tool", "", ""); res.StatusCode != 404 {
		t.Fatalf("a document before the conflict question: %d", res.StatusCode)
	}
	res, page = r1.do(t, "POST", "/staff/review/"+kalix, formType, strings.Replace(fullSheet("4", "submit"), "score.team=4", "score.team=9", 1))
	if res.StatusCode != 422 || !strings.Contains(page, `href="#f-score-team"`) {
		t.Fatalf("a score out of range: %d\n%s", res.StatusCode, page)
	}
	if it, _ := s.Env.Store.Review(context.Background(), kalix, stacktest.ReviewerUser(s.Stack).Sub); it.Sheet.Status != "" {
		t.Fatalf("a refused sheet was written: %+v", it.Sheet)
	}
	if res, _ := r1.do(t, "POST", "/staff/review/"+kalix, formType, fullSheet("4", "submit")); res.StatusCode != 303 {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	if res, _ := r1.do(t, "POST", "/staff/review/"+kalix, formType, fullSheet("2", "save")); res.StatusCode != 409 {
		t.Fatalf("a submitted sheet saved again: %d", res.StatusCode)
	}
	sub1 := stacktest.ReviewerUser(s.Stack).Sub
	if res, body := s.staff(t, "POST", "/staff/applications/"+kalix+"/reviews/"+sub1+"/reopen", formType, ""); res.StatusCode != 303 {
		t.Fatalf("reopen: %d %s", res.StatusCode, body)
	}
	if res, _ := r1.do(t, "POST", "/staff/review/"+kalix, formType, fullSheet("5", "submit")); res.StatusCode != 303 {
		t.Fatalf("submit after reopening: %d", res.StatusCode)
	}

	// A conflict declared on opening: the assignment goes, scoring is refused.
	umea := refs["Umeå"]
	if res, _ := r2.do(t, "POST", "/staff/review/"+umea+"/answer", formType, "conflict=yes"); res.StatusCode != 303 {
		t.Fatalf("conflict: %d", res.StatusCode)
	}
	if res, _ := r2.do(t, "POST", "/staff/review/"+umea, formType, fullSheet("3", "submit")); res.StatusCode != 404 {
		t.Fatalf("scoring after a conflict: %d", res.StatusCode)
	}
	log, _ := s.Env.Store.ApplicationLog(context.Background(), umea)
	if !hasCode(log, programme.AuditReviewConflict) {
		t.Fatalf("no conflict line in the log: %+v", log)
	}

	// Two staff move one assignment at once: it moves once.
	vn := refs["Region Västernorrland"]
	sub2 := stacktest.SecondReviewerUser(s.Stack).Sub
	if _, err := s.Env.Store.Review(context.Background(), vn, sub2); err != nil {
		t.Fatal(err)
	}
	// Reviewer 1 is assigned too; free it so that 2's assignment can move to it.
	if it, err := s.Env.Store.Review(context.Background(), vn, sub1); err == nil {
		if err := s.Env.Store.ChangeAssignments(context.Background(), it.App, "2027-1", nil, []string{sub1}, "test", "test", s.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, _ := s.staff(t, "POST", "/staff/applications/"+vn+"/reviews/"+sub2+"/reassign", formType, "to="+url.QueryEscape(sub1))
			codes[i] = res.StatusCode
		}()
	}
	wg.Wait()
	if (codes[0] == 303) == (codes[1] == 303) || (codes[0] != 303 && codes[0] < 400) || (codes[1] != 303 && codes[1] < 400) {
		t.Fatalf("two staff moving one assignment: %v", codes)
	}
	items, _ := s.Env.Store.ApplicationReviews(context.Background(), vn)
	if len(items) != 1 || items[0].Reviewer != sub1 {
		t.Fatalf("after the move: %+v", items)
	}

	// The meeting: Kalix ranked first with its total.
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1/meeting", "", "", "Accept", "application/json")
	var meeting struct{ Ranking []programme.RankedApp }
	if err := json.Unmarshal([]byte(body), &meeting); err != nil || len(meeting.Ranking) != 3 || meeting.Ranking[0].Ref != kalix ||
		meeting.Ranking[0].Review.Count != 1 || meeting.Ranking[0].Review.Mean != programme.MaxTotal {
		t.Fatalf("meeting: %d %s", res.StatusCode, body)
	}
	if res, page := s.staff(t, "GET", "/staff/rounds/2027-1/meeting?country=KE", "", ""); res.StatusCode != 200 || !strings.Contains(page, kalix) {
		t.Fatalf("meeting page: %d\n%s", res.StatusCode, page)
	}

	// A batch over the budget: what fits is granted, the rest said why.
	setBudget(t, s, "2027-1", 900000)
	form := url.Values{"refs": {kalix, umea, vn}, "outcome": {"granted"}, "motivation": {"Väl förankrat."}}
	res, page = s.staff(t, "POST", "/staff/rounds/2027-1/batch", formType, form.Encode())
	if res.StatusCode != 200 || !strings.Contains(page, "2 beslut sparade.") || !strings.Contains(page, "Dessa gick inte igenom") ||
		!strings.Contains(page, vn+":") {
		t.Fatalf("batch over the budget: %d\n%s", res.StatusCode, page)
	}
	r, _ := s.Env.Store.Round(context.Background(), "2027-1")
	if r.GrantedTotal != 800000 {
		t.Fatalf("granted total after the batch: %d", r.GrantedTotal)
	}
	if a, _, _ := s.Env.Store.Application(context.Background(), vn); a.Decision != nil {
		t.Fatalf("the application over the budget got a decision: %+v", a.Decision)
	}
	if res, page := s.staff(t, "POST", "/staff/rounds/2027-1/batch", formType, "outcome=rejected"); res.StatusCode != 422 ||
		!strings.Contains(page, `href="#f-motivation"`) {
		t.Fatalf("a batch without applications or motivation: %d\n%s", res.StatusCode, page)
	}
}

func hasCode(log []programme.AuditEntry, code string) bool {
	for _, e := range log {
		if e.Code == code {
			return true
		}
	}
	return false
}

// setBudget sets a round's budget in the table (the test's setup, as a
// data change of the round would).
func setBudget(t *testing.T, s *system, roundID string, budget int64) {
	t.Helper()
	_, err := s.Env.Store.DB().UpdateItem(context.Background(), &dynamodb.UpdateItemInput{TableName: aws.String(s.Env.Store.Table()),
		Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "ROUND#" + roundID},
			"SK": &types.AttributeValueMemberS{Value: "ROUND"}},
		UpdateExpression:          aws.String("SET budget = :b"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":b": &types.AttributeValueMemberN{Value: strconv.FormatInt(budget, 10)}}})
	if err != nil {
		t.Fatal(err)
	}
}
