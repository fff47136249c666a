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

// submittedReport writes year y's report of g as submitted by its grantee,
// with costs on the whole budget line and both required documents
// recorded, through the store as the grantee's pages leave it.
func submittedReport(t *testing.T, s *system, g programme.Grant, y int, costs int64) programme.Grant {
	t.Helper()
	now := s.clock.Now()
	g, r, err := programme.NewReport(g, y, now)
	if err != nil {
		t.Fatal(err)
	}
	in := programme.ReportInput{Narrative: programme.Narrative{Done: "Two visits.", Results: "Sorting in both towns.",
		Deviations: "Travel cost more.", Summary: "Waste sorting in both towns."},
		Accounts: []programme.Account{{Line: programme.WholeBudget, Amount: costs}}, Total: costs,
		Documents: []programme.Document{
			{Kind: programme.AuditCertificate, Format: programme.PDF, Size: 1000, Key: "uploads/grants/x/a.pdf", Name: "a.pdf"},
			{Kind: programme.SignedApproval, Format: programme.PDF, Size: 1000, Key: "uploads/grants/x/s.pdf", Name: "s.pdf"}}}
	if r, err = programme.SaveReport(g, r, in, now); err != nil {
		t.Fatal(err)
	}
	read := g
	if g, r, err = programme.SubmitReport(g, r, now); err != nil {
		t.Fatal(err)
	}
	g.Version = read.Version
	if err := s.Env.Store.WriteReport(context.Background(), &g, r, nil, now); err != nil {
		t.Fatal(err)
	}
	f, err := s.Env.Store.GrantFile(context.Background(), g.Ref)
	if err != nil {
		t.Fatal(err)
	}
	return f.Grant
}

// Two staff approving one report at once: one approval, one reimbursement
// (capped at the year's granted amount), one audit line; the other is told
// it is approved already. Approving again, or returning it, changes
// nothing. The last year's approval closes the grant with what was not
// used; the public list then says so, with the grantee's summary.
func TestTwoStaffApproveAReportOnce(t *testing.T) {
	s := newSystem(t)
	g, _ := stacktest.SeedGrant(t, s.Stack, stacktest.Grant{Asked: []int64{300000, 200000}})
	y1, _ := g.Year(1)
	s.clock.Set(y1.Ends.Add(48 * time.Hour))
	g = submittedReport(t, s, g, 1, 350000) // over the year's 300 000

	approve := func() (int, string) {
		res, body := s.staff(t, "POST", "/staff/grants/"+g.Ref+"/reports/1", "application/x-www-form-urlencoded", "action=approve&comments=")
		return res.StatusCode, body
	}
	_, _ = s.staff(t, "GET", "/staff/grants", "", "") // signed in before the race
	codes := make(chan int, 2)
	bodies := make(chan string, 2)
	for range 2 {
		go func() { c, b := approve(); codes <- c; bodies <- b }()
	}
	got := map[int]int{}
	var refused string
	for range 2 {
		c, b := <-codes, <-bodies
		got[c]++
		if c != 303 {
			refused = b
		}
	}
	if got[303] != 1 || got[409] != 1 || !strings.Contains(refused, "redan godkänd") {
		t.Fatalf("two approvals at once: %v\n%s", got, refused)
	}
	f, err := s.Env.Store.GrantFile(context.Background(), g.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if y, _ := f.Grant.Year(1); f.Grant.Paid != 300000 || y.Reimbursed != 300000 || f.Reports[0].State != programme.ReportApproved {
		t.Fatalf("after the approvals: paid %d, %+v", f.Grant.Paid, f.Reports[0])
	}
	for _, action := range []string{"action=approve", "action=return&comments=Fel."} {
		if res, body := s.staff(t, "POST", "/staff/grants/"+g.Ref+"/reports/1", "application/x-www-form-urlencoded", action); res.StatusCode != 409 {
			t.Fatalf("%s on an approved report: %d\n%s", action, res.StatusCode, body)
		}
	}
	log, err := s.Env.Store.ApplicationLog(context.Background(), g.Ref)
	if err != nil {
		t.Fatal(err)
	}
	approvals := 0
	for _, e := range log {
		if e.Code == programme.AuditReportApproved {
			approvals++
		}
	}
	if approvals != 1 {
		t.Fatalf("%d approval lines, want 1", approvals)
	}

	// The last year: approved, the grant closes with its unused funds.
	y2, _ := f.Grant.Year(2)
	s.clock.Set(y2.Ends.Add(24 * time.Hour))
	submittedReport(t, s, f.Grant, 2, 150000)
	if code, body := approve2(t, s, g.Ref); code != 303 {
		t.Fatalf("year 2's approval: %d\n%s", code, body)
	}
	f, _ = s.Env.Store.GrantFile(context.Background(), g.Ref)
	if f.Grant.State != programme.GrantClosed || f.Grant.Paid != 450000 || f.Grant.Unused != 50000 ||
		f.Grant.PublicSummary != "Waste sorting in both towns." {
		t.Fatalf("the closed grant: %+v", f.Grant)
	}
	r, err := s.Env.Store.Round(context.Background(), g.RoundID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Env.Store.MoveRound(context.Background(), r, programme.RoundNotified, s.clock.Now(), "test"); err != nil {
		t.Fatal(err)
	}
	res, body := s.do(t, "GET", "/rounds/"+g.RoundID+"/granted?format=json", "", "")
	if res.StatusCode != 200 || !strings.Contains(body, `"state":"closed"`) || !strings.Contains(body, `"summary":"Waste sorting in both towns."`) ||
		strings.Contains(body, "Anna") {
		t.Fatalf("public list: %d %s", res.StatusCode, body)
	}
}

func approve2(t *testing.T, s *system, ref string) (int, string) {
	res, body := s.staff(t, "POST", "/staff/grants/"+ref+"/reports/2", "application/x-www-form-urlencoded", "action=approve")
	return res.StatusCode, body
}
