package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
	"partnerskap/internal/roundjob"
)

// No staff data is ever served without a staff identity, whatever the
// method, headers or path: every staff route refuses a request without a
// token, with a tampered one, one from another pool (another stack's
// provider), an applicant's status key, or a valid token of a user in
// neither the staff nor the reviewer group (API Gateway's 403, from the
// authorizer: no function runs), and writes nothing. The one exception is
// a browser's page request, which the authorizer lets through marked
// anonymous: it is sent to sign-in and back (a redirect, no data), or told
// the account is not staff. A reviewer gets past the authorizer (the
// review pages are below /staff too), but every staff route answers them
// with the not-staff page, whatever the request. An applicant's status key
// opens no staff route.
func TestNoStaffDataWithoutAStaffIdentity(t *testing.T) {
	s := newSystem(t)
	code, ref := s.submitJSON(t, stacktest.UniqueName("sec")+"@example.se")
	if code != 201 {
		t.Fatal(code)
	}
	app, _, _ := s.Env.Store.Application(context.Background(), ref)
	_, valid := stacktest.SignIn(t, s.Stack, stacktest.StaffUser(s.Stack))
	_, other := stacktest.SignIn(t, s.Stack, stacktest.OtherUser(s.Stack))
	_, reviewer := stacktest.SignIn(t, s.Stack, stacktest.ReviewerUser(s.Stack))
	elsewhere := stacktest.New(t, s.clock.Now)
	_, foreign := stacktest.SignIn(t, elsewhere, stacktest.StaffUser(elsewhere))
	parts := strings.Split(valid, ".")
	claims, _ := base64.RawURLEncoding.DecodeString(parts[1])
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(claims), `"staff"`, `"staff","admin"`, 1))) + "." + parts[2]
	statusKey := programme.StatusKeyFor("whatever")

	routes := []struct{ method, path, contentType, body string }{
		{"GET", "/staff/rounds", "", ""},
		{"GET", "/staff/rounds/2027-1", "", ""},
		{"GET", "/staff/rounds/2027-1/notify?confirm=1", "", ""},
		{"POST", "/staff/rounds/2027-1/deadline", "application/json", `{"closes":"2027-03-22T16:00"}`},
		{"GET", "/staff/rounds/2027-1/applications", "", ""},
		{"GET", "/staff/rounds/2027-1/applications?format=csv", "", ""},
		{"GET", "/staff/rounds/2027-1/applications.xlsx", "", ""},
		{"GET", "/staff/applications/" + ref, "", ""},
		{"POST", "/staff/applications/" + ref + "/decision", "application/x-www-form-urlencoded", "outcome=rejected&motivation=m&version=1"},
		{"GET", "/staff/rounds/2027-1/notify", "", ""},
		{"POST", "/staff/rounds/2027-1/notify", "application/json", ``},
		{"POST", "/staff/rounds/2027-1/withdraw", "application/x-www-form-urlencoded", "ref=" + ref + "&reason=spam"},
	}
	credentials := []struct {
		name   string
		header []string
		staff  bool // a staff identity: let in
		other  bool // a user of the pool outside the staff group
		// a reviewer: past the authorizer, refused by the staff function
		reviewer bool
	}{
		{name: "nothing"},
		{name: "not a JWT", header: []string{"Authorization", "Bearer nonsense"}},
		{name: "tampered", header: []string{"Authorization", "Bearer " + tampered}},
		{name: "tampered cookie", header: []string{"Cookie", "staff_session=" + tampered}},
		{name: "another pool's", header: []string{"Authorization", "Bearer " + foreign}},
		{name: "an applicant's status key", header: []string{"Authorization", "Bearer " + statusKey}},
		{name: "valid, not staff", header: []string{"Authorization", "Bearer " + other}, other: true},
		{name: "valid cookie, not staff", header: []string{"Cookie", "staff_session=" + other}, other: true},
		{name: "valid, a reviewer", header: []string{"Authorization", "Bearer " + reviewer}, reviewer: true},
		{name: "valid cookie, a reviewer", header: []string{"Cookie", "staff_session=" + reviewer}, reviewer: true},
	}
	browsers := []struct {
		name     string
		header   []string
		navigate bool
	}{
		{name: "a JSON client", header: []string{"Accept", "application/json"}},
		{name: "a script's fetch", header: []string{"Sec-Fetch-Mode", "cors", "Sec-Fetch-Site", "same-origin", "Accept", "text/html"}},
		{name: "a page request", header: []string{"Sec-Fetch-Mode", "navigate", "Sec-Fetch-Site", "none", "Accept", "text/html"}, navigate: true},
		{name: "an old browser's page request", header: []string{"Accept", "text/html,application/xhtml+xml"}, navigate: true},
	}
	for _, rt := range routes {
		for _, c := range credentials {
			for _, b := range browsers {
				res, body := s.do(t, rt.method, rt.path, rt.contentType, rt.body, append(slices.Clone(c.header), b.header...)...)
				what := fmt.Sprintf("%s %s with %s, as %s", rt.method, rt.path, c.name, b.name)
				if strings.Contains(body, ref) || strings.Contains(body, "Robertsfors") || strings.Contains(body, "Mödrahälsovård") {
					t.Errorf("%s: staff data served: %d %.300s", what, res.StatusCode, body)
				}
				switch {
				case c.reviewer:
					if res.StatusCode != 403 || !strings.Contains(body, i18n.NotStaff.In(programme.Swedish)) || !strings.Contains(body, "Logga ut") {
						t.Errorf("%s: %d, want the not-staff page with sign-out:\n%.500s", what, res.StatusCode, body)
					}
				case rt.method != "GET" || !b.navigate:
					if res.StatusCode != 403 || body != `{"message":"Forbidden"}` {
						t.Errorf("%s: %d %s, want API Gateway's 403", what, res.StatusCode, body)
					}
				case c.other:
					if res.StatusCode != 403 || !strings.Contains(body, "Logga ut") {
						t.Errorf("%s: %d, want the not-staff page with sign-out:\n%.500s", what, res.StatusCode, body)
					}
				default:
					loc := res.Header.Get("Location")
					back, _ := url.Parse(loc)
					if res.StatusCode != 303 || back.Path != "/staff/signin" || back.Query().Get("return") != rt.path {
						t.Errorf("%s: %d %q, want a redirect to sign-in and back", what, res.StatusCode, loc)
					}
				}
			}
		}
	}
	// The status key in the query does not open staff routes either.
	if res, _ := s.do(t, "GET", "/staff/applications/"+ref+"?key="+statusKey, "", ""); res.StatusCode != 403 {
		t.Errorf("status key in the query: %d", res.StatusCode)
	}
	after, _, _ := s.Env.Store.Application(context.Background(), ref)
	r, _ := s.Env.Store.Round(context.Background(), "2027-1")
	if after.Version != app.Version || after.Decision != nil || !r.ClosesAt.Equal(springCloses) {
		t.Fatalf("a refused request changed something: %+v %v", after, r.ClosesAt)
	}
	// And a staff token does get in, as a bearer token or as the cookie.
	if res, body := s.do(t, "GET", "/staff/applications/"+ref, "", "", "Authorization", "Bearer "+valid); res.StatusCode != 200 || !strings.Contains(body, ref) {
		t.Fatalf("staff token refused: %d", res.StatusCode)
	}
	if res, body := s.do(t, "GET", "/staff/applications/"+ref, "", "", "Cookie", "staff_session="+valid); res.StatusCode != 200 || !strings.Contains(body, ref) {
		t.Fatalf("staff cookie refused: %d", res.StatusCode)
	}
}

// A state-changing staff request from another website is refused, even
// with the staff member's own session cookie (as a browser would attach
// it to a cross-site form post if SameSite did not stop it): API Gateway's
// 403, nothing written. The same post from our own pages goes through.
func TestCrossOriginStaffPostIsRefused(t *testing.T) {
	s := newSystem(t)
	code, ref := s.submitJSON(t, stacktest.UniqueName("csrf")+"@example.se")
	if code != 201 {
		t.Fatal(code)
	}
	_, token := stacktest.SignIn(t, s.Stack, stacktest.StaffUser(s.Stack))
	body := `{"closes":"2027-03-22T16:00"}`
	for _, h := range [][]string{
		{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"},
		{"Sec-Fetch-Site", "same-site", "Origin", "http://attacker.localhost"},
		{"Origin", "https://evil.example"}, // a browser without fetch metadata
	} {
		res, out := s.do(t, "POST", "/staff/rounds/2027-1/deadline", "application/json", body, append([]string{"Cookie", "staff_session=" + token}, h...)...)
		if res.StatusCode != 403 || out != `{"message":"Forbidden"}` {
			t.Errorf("cross-origin post %v: %d %s", h, res.StatusCode, out)
		}
	}
	// Signing out from another site is refused too (a forced sign-out).
	if res, _ := s.do(t, "POST", "/staff/signout", "application/x-www-form-urlencoded", "", "Sec-Fetch-Site", "cross-site", "Cookie", "staff_session="+token); res.StatusCode != 403 ||
		strings.Contains(res.Header.Get("Set-Cookie"), "staff_session=;") {
		t.Errorf("cross-origin sign-out: %d %v", res.StatusCode, res.Header["Set-Cookie"])
	}
	if r, _ := s.Env.Store.Round(context.Background(), "2027-1"); !r.ClosesAt.Equal(springCloses) {
		t.Fatalf("a refused post moved the deadline: %v", r.ClosesAt)
	}
	res, out := s.do(t, "POST", "/staff/rounds/2027-1/deadline", "application/json", body,
		"Cookie", "staff_session="+token, "Sec-Fetch-Site", "same-origin", "Origin", s.URL)
	if r, _ := s.Env.Store.Round(context.Background(), "2027-1"); res.StatusCode != 200 || r.ClosesAt.Equal(springCloses) {
		t.Fatalf("same-origin post: %d %s", res.StatusCode, out)
	}
	_ = ref
}

// The whole staff path through the local API: review with filters and a
// CSV, decisions (two staff at once, the budget, bad amounts), the preview
// and the send of the decision emails (twice is once), delivery tracking,
// the round notified, and the public list with nothing personal in it.
func TestReviewDecideNotifyPublish(t *testing.T) {
	s := newSystem(t)
	type applicant struct{ ref, email, partner string }
	var apps []applicant
	for i, country := range []string{"KE", "UG", "RS"} {
		m := validJSON()
		email := stacktest.UniqueName(fmt.Sprint("rev", i)) + "@example.se"
		partner := stacktest.UniqueName(fmt.Sprint("partner", i)) + "@example.org"
		party(m, "swedishParty")["email"] = email
		party(m, "swedishParty")["contactName"] = "Åsa Öberg"
		p := party(m, "partner")
		p["country"], p["email"], p["organisation"] = country, partner, "Stad "+country
		m["title"] = fmt.Sprintf("Projekt %d: vatten & miljö", i)
		b, _ := json.Marshal(s.provenJSON(t, m))
		res, body := s.do(t, "POST", "/applications", "application/json", string(b))
		if res.StatusCode != 201 {
			t.Fatalf("submit: %d %s", res.StatusCode, body)
		}
		var out struct{ Reference string }
		_ = json.Unmarshal([]byte(body), &out)
		apps = append(apps, applicant{out.Reference, email, partner})
	}
	s.clock.Set(springCloses.Add(time.Hour))
	job := &roundjob.Job{Store: s.Envs["rounds"].Store, Now: s.clock.Now, Log: quiet, StaffAddress: "s@example.se"}
	if _, err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}

	// Review: filters by GSI Query, CSV for Excel.
	res, body := s.staff(t, "GET", "/staff/rounds/2027-1/applications?country=KE", "", "", "Accept", "application/json")
	var listed struct {
		Applications []programme.AppSummary
		Next         *string
	}
	if err := json.Unmarshal([]byte(body), &listed); err != nil || res.StatusCode != 200 || len(listed.Applications) != 1 ||
		listed.Applications[0].Ref != apps[0].ref || listed.Next != nil {
		t.Fatalf("filter by country: %d %s", res.StatusCode, body)
	}
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1/applications?status=in_review&type=project&theme=integration", "", "", "Accept", "application/json")
	if _ = json.Unmarshal([]byte(body), &listed); res.StatusCode != 200 || len(listed.Applications) != 3 {
		t.Fatalf("filter by status, type and theme: %s", body)
	}
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1/applications?format=csv", "", "")
	if res.StatusCode != 200 || !strings.HasPrefix(body, "\ufeffReferens;Status;Svensk part") || !strings.Contains(body, "Region Västernorrland") ||
		!strings.Contains(body, "\r\n") || !strings.Contains(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %q", res.StatusCode, body[:min(200, len(body))])
	}
	res, body = s.staff(t, "GET", "/staff/applications/"+apps[0].ref, "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "Åsa Öberg") || !strings.Contains(body, "vatten &amp; miljö") ||
		!strings.Contains(body, "Status: Inkommen → Under granskning (utlysningen stängde)") || !strings.Contains(body, `name="version"`) ||
		!strings.Contains(body, `<nav class="crumbs" aria-label="Du är här">`) || !strings.Contains(body, `href="/staff/rounds/2027-1?lang=sv"`) {
		t.Fatalf("application page: %d\n%s", res.StatusCode, body)
	}

	// Decide: bad input refused, nothing changed.
	for _, c := range []struct{ body, says string }{
		{`{"outcome":"granted","amount":-1,"motivation":"m"}`, "större än noll"},
		{`{"outcome":"granted","amount":1.5,"motivation":"m"}`, "malformed"},
		{`{"outcome":"granted","amount":999999999,"motivation":"m"}`, "högst"},
		{`{"outcome":"rejected","motivation":"  "}`, "fyll i fältet"},
		{`{"outcome":"maybe","motivation":"m"}`, "välj ett av alternativen"},
		{`{"outcome":"rejected","motivation":"` + strings.Repeat("x", 300<<10) + `"}`, "för stor"},
		{`{"outcome":"rejected","motivation":"m","admin":true}`, "kunde inte läsas"},
	} {
		res, body := s.staff(t, "POST", "/staff/applications/"+apps[0].ref+"/decision", "application/json", c.body)
		if res.StatusCode < 400 || res.StatusCode >= 500 || !strings.Contains(body, c.says) {
			t.Errorf("decision %s: %d %s", c.body, res.StatusCode, body)
		}
	}
	if res, _ := s.staff(t, "POST", "/staff/applications/KP-0000000000/decision", "application/json", `{"outcome":"rejected","motivation":"m"}`); res.StatusCode != 404 {
		t.Errorf("unknown application: %d", res.StatusCode)
	}
	// A form with an unreadable amount and no motivation shows both problems.
	res, body = s.staff(t, "POST", "/staff/applications/"+apps[0].ref+"/decision", "application/x-www-form-urlencoded",
		url.Values{"outcome": {"granted"}, "amount": {"mycket"}, "motivation": {""}, "version": {"2"}}.Encode())
	if res.StatusCode != 422 || !strings.Contains(body, `href="#f-amount"`) || !strings.Contains(body, `href="#f-motivation"`) {
		t.Fatalf("decision form errors: %d\n%s", res.StatusCode, body)
	}
	// Two staff on the same version: one wins, the other gets 409.
	a0, _, _ := s.Env.Store.Application(context.Background(), apps[0].ref)
	form := func(outcome, amount string) string {
		return url.Values{"outcome": {outcome}, "amount": {amount}, "motivation": {"Bra plan."}, "version": {fmt.Sprint(a0.Version)}}.Encode()
	}
	first, _ := s.staff(t, "POST", "/staff/applications/"+apps[0].ref+"/decision", "application/x-www-form-urlencoded", form("granted", "400 000"))
	second, page := s.staff(t, "POST", "/staff/applications/"+apps[0].ref+"/decision", "application/x-www-form-urlencoded", form("rejected", ""))
	if first.StatusCode != 303 || !strings.Contains(first.Header.Get("Location"), "ok=decision_saved") {
		t.Fatalf("first of two staff: %d %s", first.StatusCode, first.Header.Get("Location"))
	}
	// The second gets the page again saying why, with what they typed.
	if second.StatusCode != 409 || !strings.Contains(page, "ändrades av någon annan") || !strings.Contains(page, "Bra plan.") {
		t.Fatalf("second of two staff: %d\n%s", second.StatusCode, page)
	}
	// A crafted link cannot make a staff page say anything: only our own codes show.
	if _, page := s.staff(t, "GET", "/staff/applications/"+apps[0].ref+"?ok=Logga+in+på+evil.example&error=x", "", ""); strings.Contains(page, "evil.example") {
		t.Fatal("a page shows text from its link")
	}
	if res, body := s.staff(t, "POST", "/staff/rounds/2027-1/notify", "application/json", ""); res.StatusCode != 409 || !strings.Contains(body, "2 ansökningar saknar beslut") {
		t.Fatalf("notify with undecided: %d %s", res.StatusCode, body)
	}
	for i, d := range []string{`{"outcome":"granted","amount":350000,"motivation":"Stark förankring."}`, `{"outcome":"rejected","motivation":"Otydliga mål."}`} {
		if res, body := s.staff(t, "POST", "/staff/applications/"+apps[i+1].ref+"/decision", "application/json", d); res.StatusCode != 200 {
			t.Fatalf("decide %d: %d %s", i+1, res.StatusCode, body)
		}
	}

	// The dashboard: every application decided, what is granted and left.
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1", "", "", "Accept", "application/json")
	var dash struct {
		Status             string
		ByStatus           map[string]int
		Requested, Granted int64
		Left               int64
		Undecided          int
		Emails             map[string]int
		Published          bool
		Budget             int64
	}
	if err := json.Unmarshal([]byte(body), &dash); err != nil || res.StatusCode != 200 || dash.Status != "closed" || dash.Undecided != 0 ||
		dash.ByStatus["granted"] != 2 || dash.ByStatus["rejected"] != 1 || dash.Granted != 750000 || dash.Left != dash.Budget-750000 ||
		dash.Requested <= 0 || dash.Published || dash.Emails["sent"] != 0 {
		t.Fatalf("dashboard: %d %s", res.StatusCode, body)
	}
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1?lang=en", "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "Closed, in review") || !strings.Contains(body, "SEK 750,000") ||
		!strings.Contains(body, "No decision emails are queued yet.") || !strings.Contains(body, "Not published yet.") ||
		!strings.Contains(body, `href="/staff/rounds/2027-1/applications?lang=en"`) || !strings.Contains(body, `aria-current="page"`) {
		t.Fatalf("dashboard page: %d\n%s", res.StatusCode, body)
	}

	// Preview, confirm (a GET: nothing sent), then send twice: one set of emails.
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1/notify", "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "Beslut: ansökan") || !strings.Contains(body, "Decision: application") ||
		!strings.Contains(body, `name="confirm" value="1"`) || strings.Contains(body, `method="post" action="/staff/rounds/2027-1/notify`) {
		t.Fatalf("preview: %d\n%s", res.StatusCode, body)
	}
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1/notify?confirm=1", "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "När du skickar köas 6 mejl") || !strings.Contains(body, "2 beviljade och 1 avslagen ansökan") ||
		!strings.Contains(body, "<dt>Svenska parter, på svenska</dt><dd>3</dd>") || !strings.Contains(body, "<dt>Partner, på engelska</dt><dd>3</dd>") ||
		!strings.Contains(body, `<form method="post" action="/staff/rounds/2027-1/notify?lang=sv"><button type="submit">Skicka 6 mejl nu</button>`) {
		t.Fatalf("confirmation: %d\n%s", res.StatusCode, body)
	}
	if r, _ := s.Env.Store.Round(context.Background(), "2027-1"); r.Status != programme.RoundClosed {
		t.Fatalf("the confirmation changed the round: %s", r.Status)
	}
	for range 2 {
		res, body = s.staff(t, "POST", "/staff/rounds/2027-1/notify", "application/json", "")
		if res.StatusCode != 200 {
			t.Fatalf("notify: %d %s", res.StatusCode, body)
		}
	}
	if res, body := s.staff(t, "POST", "/staff/applications/"+apps[1].ref+"/decision", "application/json", `{"outcome":"rejected","motivation":"m"}`); res.StatusCode != 409 {
		t.Fatalf("decision after the emails were queued: %d %s", res.StatusCode, body)
	}
	if _, err := s.fastMailer().Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublishMailEvents(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, a := range apps {
		for _, addr := range []string{a.email, a.partner} {
			n := 0
			for _, m := range mailsTo(t, addr) {
				if strings.HasPrefix(m.Subject, "Beslut:") || strings.HasPrefix(m.Subject, "Decision:") {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("%s got %d decision emails", addr, n)
			}
		}
	}
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1/notify", "", "", "Accept", "application/json")
	if res.StatusCode != 200 || !strings.Contains(body, `"sent":6`) {
		t.Fatalf("progress: %s", body)
	}

	// Not public before the round is notified; then page, JSON and CSV.
	if res, _ := s.do(t, "GET", "/rounds/2027-1/granted", "", ""); res.StatusCode != 404 {
		t.Fatalf("published before notified: %d", res.StatusCode)
	}
	if _, err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Env.Store.Round(context.Background(), "2027-1"); r.Status != programme.RoundNotified {
		t.Fatalf("round %s, want notified", r.Status)
	}
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1", "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "Beslut skickade") || !strings.Contains(body, "<dt>Skickat</dt><dd>6</dd>") ||
		!strings.Contains(body, `href="/rounds/2027-1/granted?lang=sv"`) {
		t.Fatalf("dashboard of a notified round: %d\n%s", res.StatusCode, body)
	}
	for _, path := range []string{"/rounds/2027-1/granted", "/rounds/2027-1/granted?format=json", "/rounds/2027-1/granted?format=csv&lang=en"} {
		res, body := s.do(t, "GET", path, "", "")
		if res.StatusCode != 200 || !strings.Contains(body, "Region Västernorrland") || !strings.Contains(body, "Stad KE") || !strings.Contains(body, "Stad UG") {
			t.Fatalf("%s: %d\n%s", path, res.StatusCode, body)
		}
		if strings.Contains(body, "Stad RS") {
			t.Fatalf("%s publishes a rejected project", path)
		}
		for _, personal := range []string{"@example", "Åsa", "Öberg", "Amina", "Erik", "+46", "611"} {
			if strings.Contains(body, personal) {
				t.Fatalf("%s publishes personal data (%q):\n%s", path, personal, body)
			}
		}
	}
}

// The staff rounds page reads the rounds whole in two calls (GSI1 for the
// ids, one BatchGetItem for their round and rules items) and counts each
// round's submitted and in-review applications: 2 + 2 per round, whatever
// the rounds hold (before the listing carried the rules: 1 + 3 per round).
func TestStaffRoundsPageCalls(t *testing.T) {
	s := newSystem(t)
	rounds, err := s.Env.Store.Rounds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	calls := func() int {
		n := 0
		for _, c := range s.Calls.Counts()["StaffFunction"] {
			n += c
		}
		return n
	}
	before := calls()
	if res, body := s.staff(t, "GET", "/staff/rounds", "", ""); res.StatusCode != 200 {
		t.Fatalf("staff rounds page: %d\n%s", res.StatusCode, body)
	}
	got, want := calls()-before, 2+2*len(rounds)
	t.Logf("%d rounds: %d DynamoDB calls (%v)", len(rounds), got, s.Calls.Counts()["StaffFunction"])
	if got != want {
		t.Errorf("the staff rounds page made %d DynamoDB calls, want %d (2 + 2 per round)", got, want)
	}
}

// A round's dashboard reads the round (one Query), one tally of its
// applications (one Query per megabyte of its GSI1 partition: one here)
// and, once it has closed, its decision emails' counts (one COUNT Query per
// email state): 2 before the close, 2 + 6 after.
func TestStaffRoundDashboardCalls(t *testing.T) {
	s := newSystem(t)
	if code, _ := s.submitJSON(t, stacktest.UniqueName("dash")+"@example.se"); code != 201 {
		t.Fatal(code)
	}
	calls := func() int {
		n := 0
		for _, c := range s.Calls.Counts()["StaffFunction"] {
			n += c
		}
		return n
	}
	for _, c := range []struct {
		at   time.Time
		want int
	}{{springCloses.Add(-time.Hour), 2}, {springCloses.Add(time.Hour), 2 + len(programme.EmailStates)}} {
		s.clock.Set(c.at)
		job := &roundjob.Job{Store: s.Envs["rounds"].Store, Now: s.clock.Now, Log: quiet, StaffAddress: "s@example.se"}
		if _, err := job.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		before := calls()
		res, body := s.staff(t, "GET", "/staff/rounds/2027-1", "", "")
		if res.StatusCode != 200 || !strings.Contains(body, "<dt>Totalt</dt><dd>1</dd>") {
			t.Fatalf("dashboard: %d\n%s", res.StatusCode, body)
		}
		got := calls() - before
		t.Logf("dashboard at %s: %d DynamoDB calls (%v)", c.at, got, s.Calls.Counts()["StaffFunction"])
		if got != c.want {
			t.Errorf("the dashboard made %d DynamoDB calls, want %d", got, c.want)
		}
	}
}
