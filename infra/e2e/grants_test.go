package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
	"partnerskap/internal/roundjob"
)

// grantedRound is a spring round with one application in review, from
// Swedish contact email and partner: its reference.
func (s *system) applicationInReview(t *testing.T, email, partner string) string {
	t.Helper()
	m := validJSON()
	party(m, "swedishParty")["email"] = email
	party(m, "partner")["email"] = partner
	b, _ := json.Marshal(s.provenJSON(t, m))
	res, body := s.do(t, "POST", "/applications", "application/json", string(b))
	if res.StatusCode != 201 {
		t.Fatalf("submit: %d %s", res.StatusCode, body)
	}
	var out struct{ Reference string }
	_ = json.Unmarshal([]byte(body), &out)
	s.clock.Set(springCloses.Add(time.Hour))
	job := &roundjob.Job{Store: s.Envs["rounds"].Store, Now: s.clock.Now, Log: quiet, StaffAddress: "s@example.se"}
	if _, err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out.Reference
}

var versionField = regexp.MustCompile(`name="version" value="(\d+)"`)

// grantLink is the grantee's link in a decision email: path and key.
var grantLink = regexp.MustCompile(`https?://[^\s"<>]+(/grants/[A-Z0-9-]+)\?key=([A-Za-z0-9_-]+)`)

// The decision plans the grant (its first day, its report's last day);
// sending the decision emails starts it, and the Swedish party's email
// carries the grantee's link and the deadline, the partner's the deadline
// only; staff see the grant in the overview and its page, and the export.
func TestDecisionStartsTheGrant(t *testing.T) {
	s := newSystem(t)
	email := stacktest.UniqueName("grantee") + "@rvn.example.se"
	partner := stacktest.UniqueName("partner") + "@mombasa.example.ke"
	ref := s.applicationInReview(t, email, partner)

	_, page := s.staff(t, "GET", "/staff/applications/"+ref, "", "")
	v := versionField.FindStringSubmatch(page)
	if v == nil || !strings.Contains(page, `type="date" id="f-start" name="start"`) || !strings.Contains(page, `id="f-deadlines-1" name="deadlines.1"`) {
		t.Fatalf("the decision form has no plan:\n%s", page)
	}
	decide := func(start, deadline string) (int, string) {
		form := url.Values{"outcome": {"granted"}, "amount": {"400 000"}, "motivation": {"Bra."}, "version": {v[1]},
			"start": {start}, "deadlines.1": {deadline}}
		res, body := s.staff(t, "POST", "/staff/applications/"+ref+"/decision", "application/x-www-form-urlencoded", form.Encode())
		return res.StatusCode, body
	}
	for _, c := range []struct{ start, deadline, says string }{
		{"2027-07-01", "2028-05-01", "Sista dag för rapporten för år 1: sista dagen för rapporten ska komma efter projektårets sista dag, 30 juni 2028."},
		{"1 juli", "", "ange ett datum som ÅÅÅÅ-MM-DD"},
	} {
		code, body := decide(c.start, c.deadline)
		if code != 422 || !strings.Contains(body, c.says) || !strings.Contains(body, `href="#f-`) {
			t.Fatalf("plan %q %q: %d, want 422 saying %q\n%s", c.start, c.deadline, code, c.says, body)
		}
	}
	app, _, err := s.Env.Store.Application(context.Background(), ref)
	if err != nil || app.Decision != nil {
		t.Fatalf("a refused plan wrote a decision: %+v %v", app.Decision, err)
	}
	if code, body := decide("2027-07-01", "2028-09-30"); code != 303 {
		t.Fatalf("decision with a plan: %d\n%s", code, body)
	}
	if res, body := s.staff(t, "GET", "/staff/grants/"+ref, "", ""); res.StatusCode != 404 {
		t.Fatalf("a grant before its decision emails: %d\n%s", res.StatusCode, body)
	}
	for range 2 { // twice is once
		if res, body := s.staff(t, "POST", "/staff/rounds/2027-1/notify", "application/json", ""); res.StatusCode != 200 {
			t.Fatalf("notify: %d %s", res.StatusCode, body)
		}
	}
	f, err := s.Env.Store.GrantFile(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	y1, _ := f.Grant.Year(1)
	if f.Grant.Amount != 400000 || f.Grant.State != programme.GrantRunning || !f.Grant.Start.Equal(time.Date(2027, 7, 1, 0, 0, 0, 0, programme.Stockholm)) ||
		y1.LastDay().Format(time.DateOnly) != "2028-09-30" || f.Grant.Title != "Hamnstäder i samverkan" || f.KeyHash == "" {
		t.Fatalf("the grant: %+v", f.Grant)
	}

	if _, err := s.fastMailer().Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	var link []string
	for _, m := range mailsTo(t, email) {
		if strings.HasPrefix(m.Subject, "Beslut:") {
			link = grantLink.FindStringSubmatch(m.Body.Text)
			if link == nil || !strings.Contains(m.Body.Text, "30 september 2028") || !strings.Contains(m.Body.HTML, link[1]) {
				t.Fatalf("the Swedish party's decision email has no grant link or deadline:\n%s", m.Body.Text)
			}
		}
	}
	if link == nil {
		t.Fatal("no decision email to the Swedish party")
	}
	for _, m := range mailsTo(t, partner) {
		if strings.Contains(m.Body.Text, "/grants/") || !strings.Contains(m.Body.Text, "30 September 2028") {
			t.Fatalf("the partner's decision email: a grant link, or no deadline:\n%s", m.Body.Text)
		}
	}
	if programme.Hash(link[2]) != f.KeyHash {
		t.Fatal("the emailed key is not the grant's")
	}

	// Staff: the overview (page, JSON, Excel) and the grant's page.
	res, body := s.staff(t, "GET", "/staff/grants", "", "", "Accept", "application/json")
	var o struct{ Grants []programme.Grant }
	if err := json.Unmarshal([]byte(body), &o); err != nil || res.StatusCode != 200 || len(o.Grants) != 1 || o.Grants[0].Ref != ref {
		t.Fatalf("overview JSON: %d %s", res.StatusCode, body)
	}
	res, body = s.staff(t, "GET", "/staff/grants", "", "")
	if res.StatusCode != 200 || !strings.Contains(body, ref) || !strings.Contains(body, "Projektår 1, senast 30 september 2028") ||
		!strings.Contains(body, programme.FormatSEK(400000, programme.Swedish)) {
		t.Fatalf("overview page: %d\n%s", res.StatusCode, body)
	}
	res, body = s.staff(t, "GET", "/staff/grants.xlsx", "", "")
	if res.StatusCode != 200 || !strings.HasPrefix(body, "PK") || !strings.Contains(res.Header.Get("Content-Disposition"), "grants-") {
		t.Fatalf("export: %d %q", res.StatusCode, res.Header)
	}
	res, body = s.staff(t, "GET", "/staff/grants/"+ref, "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "Hamnstäder i samverkan") || !strings.Contains(body, "1 juli 2027 – 30 juni 2028") ||
		!strings.Contains(body, "Ingen rapport är påbörjad ännu.") {
		t.Fatalf("grant page: %d\n%s", res.StatusCode, body)
	}
	res, body = s.staff(t, "GET", "/staff/applications/"+ref, "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "Bidraget startade: "+programme.FormatSEK(400000, programme.Swedish)+", från 1 juli 2027") {
		t.Fatalf("the application's log has no line of the grant's start:\n%s", body)
	}
}
