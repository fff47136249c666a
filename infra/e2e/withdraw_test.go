package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
	"partnerskap/internal/roundjob"
	"partnerskap/internal/store"
)

// Staff withdraw fake and withdrawn applications through the local API, so
// that they cannot block a round: one withdrawn while the round is open
// (never moved to review, no email, not in the staff summary), one granted
// then withdrawn as spam from the listing's form (its amount back in the
// budget), one withdrawn by its applicant as JSON; the last one decided.
// The dashboard counts the withdrawn apart, the round can be notified with
// nothing undecided, the decision emails go to the remaining one only, the
// public list leaves the withdrawn out, and a batch with a reference whose
// decision email is queued (and an unknown one) says so, per reference.
func TestWithdrawSpamAndWithdrawnApplications(t *testing.T) {
	s := newSystem(t)
	ctx := context.Background()
	type applicant struct{ ref, email, partner string }
	var apps []applicant
	for i, country := range []string{"KE", "UG", "RS", "TZ"} {
		tok := programme.NewToken()
		a := applicant{programme.RefFor(tok), stacktest.UniqueName(fmt.Sprint("wd", i)) + "@example.se",
			stacktest.UniqueName(fmt.Sprint("wdp", i)) + "@example.org"}
		app := programme.Application{Ref: a.ref, RoundID: "2027-1", Lang: programme.Swedish,
			SwedishParty: programme.Party{Organisation: "Region Västernorrland", ContactName: "Erik Berg", Email: a.email, Phone: "+46 611 800 00"},
			Partner:      programme.Party{Organisation: "Stad " + country, Country: country, ContactName: "Amina Hassan", Email: a.partner},
			Type:         programme.Project, Theme: "integration", Title: fmt.Sprintf("Projekt %d", i), Summary: "S", Objectives: "O",
			DurationYears: 1, BudgetPerYear: []int64{int64(400000 + 10000*i)}}
		if _, _, err := s.Env.Store.Submit(ctx, app, store.Secrets{TokenHash: programme.Hash(tok)}, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		apps = append(apps, a)
	}
	spam, byApplicant, decided, early := apps[0], apps[1], apps[2], apps[3]
	withdrawJSON := func(body string) (int, struct {
		Withdrawn, Refused int
		Results            []struct {
			Reference, Outcome, Message string
			GaveBack                    int64
		}
	}) {
		t.Helper()
		res, b := s.staff(t, "POST", "/staff/rounds/2027-1/withdraw", "application/json", body)
		var out struct {
			Withdrawn, Refused int
			Results            []struct {
				Reference, Outcome, Message string
				GaveBack                    int64
			}
		}
		if err := json.Unmarshal([]byte(b), &out); err != nil {
			t.Fatalf("%d %s", res.StatusCode, b)
		}
		return res.StatusCode, out
	}

	// While the round is open: a fake one goes before it costs anything.
	if code, out := withdrawJSON(`{"refs":["` + early.ref + `"],"reason":"spam"}`); code != 200 || out.Withdrawn != 1 || out.Results[0].Outcome != "withdrawn" {
		t.Fatalf("withdraw while open: %d %+v", code, out)
	}
	// The close: three moved to review, three "in review" emails, a summary of three.
	staffAddr := stacktest.UniqueName("wdstaff") + "@example.se"
	s.clock.Set(springCloses.Add(time.Hour))
	job := &roundjob.Job{Store: s.Envs["rounds"].Store, Now: s.clock.Now, Log: quiet, StaffAddress: staffAddr}
	rep, err := job.Run(ctx)
	if err != nil || rep.Moved != 3 {
		t.Fatalf("close: %+v %v", rep, err)
	}
	if _, err := s.fastMailer().Run(ctx); err != nil {
		t.Fatal(err)
	}
	if got := mailsTo(t, early.email); len(got) != 0 {
		t.Errorf("the withdrawn applicant got %d emails at the close", len(got))
	}
	if got := waitForMail(t, staffAddr, 1); !strings.Contains(got[0].Subject, ": 3 ansökningar") {
		t.Errorf("staff summary %q, want 3 applications", got[0].Subject)
	}

	// The listing: a checkbox per row that can be withdrawn, named by its
	// reference, and the form below the table.
	res, body := s.staff(t, "GET", "/staff/rounds/2027-1/applications", "", "")
	for _, want := range []string{`<th scope="col">Välj</th>`, `name="ref" value="` + spam.ref + `" form="withdraw" aria-label="Välj ` + spam.ref + `"`,
		`<form id="withdraw" method="post" action="/staff/rounds/2027-1/withdraw?lang=sv"`, `name="reason" value="spam"`,
		`name="reason" value="withdrawn_by_applicant"`, "Markera som återkallade"} {
		if res.StatusCode != 200 || !strings.Contains(body, want) {
			t.Fatalf("listing: %d, no %s\n%s", res.StatusCode, want, body)
		}
	}
	if strings.Contains(body, `aria-label="Välj `+early.ref+`"`) {
		t.Fatal("a withdrawn application can be selected again")
	}

	// Granted, then withdrawn as spam from the listing's form: the amount goes back.
	if res, body := s.staff(t, "POST", "/staff/applications/"+spam.ref+"/decision", "application/json",
		`{"outcome":"granted","amount":300000,"motivation":"Bra."}`); res.StatusCode != 200 {
		t.Fatalf("grant: %d %s", res.StatusCode, body)
	}
	if r := s.roundStatus(t, "2027-1"); r.GrantedTotal != 300000 {
		t.Fatalf("granted total %d", r.GrantedTotal)
	}
	// Nothing chosen: the listing again, saying so, nothing written.
	res, body = s.staff(t, "POST", "/staff/rounds/2027-1/withdraw?status=granted&lang=sv", "application/x-www-form-urlencoded", "reason=spam")
	if res.StatusCode != 422 || !strings.Contains(body, "Ansökningar att markera: välj minst en.") || !strings.Contains(body, spam.ref) {
		t.Fatalf("nothing chosen: %d\n%s", res.StatusCode, body)
	}
	res, _ = s.staff(t, "POST", "/staff/rounds/2027-1/withdraw?status=granted&lang=sv", "application/x-www-form-urlencoded",
		url.Values{"ref": {spam.ref}, "reason": {"spam"}}.Encode())
	loc, _ := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != 303 || loc.Path != "/staff/rounds/2027-1/applications" || loc.Query().Get("ok") != "withdrawn" || loc.Query().Get("status") != "granted" {
		t.Fatalf("withdraw form: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, page := s.staff(t, "GET", loc.String(), "", ""); !strings.Contains(page, "De valda ansökningarna är markerade som återkallade.") {
		t.Fatalf("after the redirect:\n%s", page)
	}
	if r := s.roundStatus(t, "2027-1"); r.GrantedTotal != 0 {
		t.Fatalf("granted total %d after withdrawing the grant, want 0", r.GrantedTotal)
	}
	res, body = s.staff(t, "GET", "/staff/applications/"+spam.ref, "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "<dd>Återkallad (skräp)</dd>") ||
		!strings.Contains(body, "Återkallad (skräp); tidigare Beviljad, 300\u00a0000\u00a0kr; 300\u00a0000\u00a0kr tillbaka i utlysningens budget") ||
		strings.Contains(body, `name="version"`) {
		t.Fatalf("withdrawn application's page: %d\n%s", res.StatusCode, body)
	}
	// Withdrawn by its applicant, as JSON.
	if code, out := withdrawJSON(`{"refs":["` + byApplicant.ref + `"],"reason":"withdrawn_by_applicant"}`); code != 200 || out.Results[0].Outcome != "withdrawn" {
		t.Fatalf("withdraw as JSON: %d %+v", code, out)
	}
	if res, body := s.staff(t, "POST", "/staff/applications/"+byApplicant.ref+"/decision", "application/json",
		`{"outcome":"rejected","motivation":"m"}`); res.StatusCode != 409 {
		t.Fatalf("a decision on a withdrawn application: %d %s", res.StatusCode, body)
	}
	if res, body := s.staff(t, "POST", "/staff/applications/"+decided.ref+"/decision", "application/json",
		`{"outcome":"granted","amount":350000,"motivation":"Stark förankring."}`); res.StatusCode != 200 {
		t.Fatalf("decide: %d %s", res.StatusCode, body)
	}

	// The dashboard: the withdrawn apart, nothing left to decide.
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1", "", "", "Accept", "application/json")
	var dash struct {
		ByStatus                     map[string]int
		Requested, Granted           int64
		Undecided, Withdrawn, Budget int
	}
	if err := json.Unmarshal([]byte(body), &dash); err != nil || dash.Undecided != 0 || dash.Withdrawn != 3 || dash.ByStatus["withdrawn"] != 3 ||
		dash.ByStatus["granted"] != 1 || dash.Granted != 350000 || dash.Requested != 420000 {
		t.Fatalf("dashboard: %d %s", res.StatusCode, body)
	}
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1", "", "")
	if !strings.Contains(body, "<dt>Totalt</dt><dd>1</dd>") || !strings.Contains(body, "<dt>Återkallade (räknas inte)</dt><dd>3</dd>") ||
		!strings.Contains(body, "<dt>Beslut att fatta</dt><dd>0</dd>") {
		t.Fatalf("dashboard page: %d\n%s", res.StatusCode, body)
	}
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1/applications?format=csv", "", "")
	if res.StatusCode != 200 || strings.Count(body, ";Återkallad;") != 3 {
		t.Fatalf("CSV: the withdrawn ones listed with their status: %d\n%s", res.StatusCode, body)
	}

	// Notify: emails for the decided one only.
	if res, body := s.staff(t, "POST", "/staff/rounds/2027-1/notify", "application/json", ""); res.StatusCode != 200 || !strings.Contains(body, `"queued":2`) {
		t.Fatalf("notify: %d %s", res.StatusCode, body)
	}
	if _, err := s.fastMailer().Run(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublishMailEvents(ctx); err != nil {
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
			if want := map[bool]int{true: 1, false: 0}[a == decided]; n != want {
				t.Errorf("%s (%s) got %d decision emails, want %d", addr, a.ref, n, want)
			}
		}
	}

	// A batch with a reference whose decision email is queued, one withdrawn
	// already and one unknown: said per reference, nothing written.
	code, out := withdrawJSON(`{"refs":["` + decided.ref + `","` + spam.ref + `","KP-0000000000"],"reason":"spam"}`)
	if code != 200 || out.Withdrawn != 1 || out.Refused != 2 || len(out.Results) != 3 ||
		out.Results[0].Outcome != "locked" || !strings.Contains(out.Results[0].Message, "Beslutsmejlet är köat") ||
		out.Results[1].Outcome != "already_withdrawn" || out.Results[2].Outcome != "unknown_application" {
		t.Fatalf("a batch with a queued decision: %d %+v", code, out)
	}
	// The same from the form: a page naming the ones that did not go through.
	res, body = s.staff(t, "POST", "/staff/rounds/2027-1/withdraw?lang=en", "application/x-www-form-urlencoded",
		url.Values{"ref": {decided.ref, "KP-0000000000"}, "reason": {"spam"}}.Encode())
	if res.StatusCode != 409 || !strings.Contains(body, "0 of 2 were marked as withdrawn") || !strings.Contains(body, decided.ref+"</a>: The decision email is queued") ||
		!strings.Contains(body, "KP-0000000000</a>: The application does not exist.") {
		t.Fatalf("form with refusals: %d\n%s", res.StatusCode, body)
	}
	if r := s.roundStatus(t, "2027-1"); r.GrantedTotal != 350000 {
		t.Fatalf("granted total %d after the refused batch", r.GrantedTotal)
	}

	// Published: the decided one only.
	if _, err := job.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if r := s.roundStatus(t, "2027-1"); r.Status != programme.RoundNotified {
		t.Fatalf("round %s, want notified", r.Status)
	}
	res, body = s.do(t, "GET", "/rounds/2027-1/granted?format=json", "", "")
	if res.StatusCode != 200 || !strings.Contains(body, decided.ref) || strings.Contains(body, spam.ref) || strings.Contains(body, byApplicant.ref) ||
		strings.Contains(body, early.ref) {
		t.Fatalf("public list: %d %s", res.StatusCode, body)
	}
}
