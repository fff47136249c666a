package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/mail/ses"
	"partnerskap/internal/mailer"
	"partnerskap/internal/programme"
	"partnerskap/internal/roundjob"
)

var (
	springOpens  = time.Date(2027, 2, 15, 8, 0, 0, 0, programme.Stockholm)
	springCloses = time.Date(2027, 3, 15, 16, 0, 0, 0, programme.Stockholm)
	quiet        = slog.New(slog.NewTextHandler(io.Discard, nil))
)

// submitJSON submits a valid spring application for email and returns the
// status code and reference.
func (s *system) submitJSON(t testing.TB, email string) (int, string) {
	t.Helper()
	m := validJSON()
	party(m, "swedishParty")["email"] = email
	proof, status, _ := stacktest.TryProve(t, s.Stack, m["round"].(string), email)
	if proof == "" {
		return status, "" // the start was refused (the round closed, a cap)
	}
	m["proof"] = proof
	stacktest.SeedDocuments(t, s.Stack, m["round"].(string), proof, programme.ProjectType(m["type"].(string)))
	b, _ := json.Marshal(m)
	req, _ := http.NewRequest("POST", s.URL+"/applications", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	res, err := s.client.Do(req)
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	defer res.Body.Close()
	var out struct{ Reference string }
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out.Reference
}

func (s *system) fire(t testing.TB, schedule string) map[string]any {
	t.Helper()
	out, err := s.Fire(context.Background(), schedule)
	if err != nil {
		t.Fatalf("%s: %v", schedule, err)
	}
	b, _ := json.Marshal(out)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

func (s *system) fastMailer() *mailer.Mailer {
	e := s.Envs["mailer"]
	return &mailer.Mailer{Store: e.Store, Sender: ses.FromConfig(e.AWS, e.SESEndpoint, e.Sender, e.ReplyTo, e.SESConfigurationSet),
		Now: s.clock.Now, Log: quiet, Rate: 500, Lease: time.Minute}
}

func (s *system) roundStatus(t testing.TB, id string) programme.Round {
	t.Helper()
	r, err := s.Env.Store.Round(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The spring round opens and closes on its instants in Swedish time, each
// move once even when two jobs run at once; a close moves every application
// to review, each applicant gets one email, staff one summary.
func TestRoundOpensAndClosesOnItsInstants(t *testing.T) {
	s := newSystemAt(t, springOpens.Add(-time.Second))
	if r := s.roundStatus(t, "2027-1"); r.Status != programme.RoundScheduled {
		t.Fatalf("seeded a second before opening: %s", r.Status)
	}
	s.fire(t, "RoundsFunction/SafetyNet")
	if r := s.roundStatus(t, "2027-1"); r.Status != programme.RoundScheduled {
		t.Fatalf("opened early: %s", r.Status)
	}

	// 08:00:00 Swedish time: two runs at once open it once.
	s.clock.Set(springOpens)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { s.fire(t, "RoundsFunction/OpenSpring") })
	}
	wg.Wait()
	log, err := s.Env.Store.RoundLog(context.Background(), "2027-1")
	if err != nil || len(log) != 1 || log[0].Event != "round scheduled -> open" || !log[0].At.Equal(springOpens) {
		t.Fatalf("round log after two concurrent runs: %+v %v", log, err)
	}

	s.clock.Set(springOpens.Add(24 * time.Hour))
	emails := make([]string, 5)
	for i := range emails {
		emails[i] = stacktest.UniqueName("app") + "@example.se"
		if code, _ := s.submitJSON(t, emails[i]); code != 201 {
			t.Fatalf("submission %d: %d", i, code)
		}
	}

	// 16:00:00 on 15 March: closed, every application in review.
	s.clock.Set(springCloses)
	rep := s.fire(t, "RoundsFunction/CloseSpring")
	if r := s.roundStatus(t, "2027-1"); r.Status != programme.RoundClosed || !r.ClosedAt.Equal(springCloses) {
		t.Fatalf("after close: %+v (report %v)", r, rep)
	}
	if rep["ongoing"] == nil {
		t.Fatalf("the close must wait for the index to settle before the summary: %v", rep)
	}
	for _, st := range []programme.AppStatus{programme.AppSubmitted, programme.AppInReview} {
		n, _ := s.Env.Store.CountByStatus(context.Background(), "2027-1", st)
		if want := map[programme.AppStatus]int{programme.AppSubmitted: 0, programme.AppInReview: 5}[st]; n != want {
			t.Fatalf("%d %s, want %d", n, st, want)
		}
	}
	s.clock.Set(springCloses.Add(2 * time.Minute))
	rep = s.fire(t, "RoundsFunction/SafetyNet")
	if r := s.roundStatus(t, "2027-1"); !r.ReviewQueued {
		t.Fatalf("summary not queued: %v", rep)
	}
	s.fire(t, "RoundsFunction/SafetyNet") // nothing more to do

	// The mailer sends each email once; a second run sends nothing.
	if rep := s.fire(t, "MailerFunction/Drain"); rep["sent"].(float64) < 6 {
		t.Fatalf("mailer: %v", rep)
	}
	if rep := s.fire(t, "MailerFunction/Drain"); rep["sent"].(float64) != 0 {
		t.Fatalf("second mailer run sent again: %v", rep)
	}
	for _, e := range emails {
		ms := mailsTo(t, e)
		closed := 0
		for _, m := range ms {
			if strings.Contains(m.Subject, "granskas nu") {
				closed++
			}
		}
		if len(ms) != 2 || closed != 1 {
			t.Fatalf("%s got %d mails (%d 'in review'), want the receipt and one 'in review'", e, len(ms), closed)
		}
	}
	summary := mailsTo(t, "staff@partnerskap.example")
	found := false
	for _, m := range summary {
		if strings.Contains(m.Subject, "Våren 2027 har stängt: 5 ansökningar") &&
			strings.Contains(m.Body.Text, "Per land / By country:\n  Kenya: 5") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no staff summary for the spring round among %d mails", len(summary))
	}
}

// Submissions racing the close: none accepted after the round closed, none
// accepted and then lost: every accepted one ends in review with its email.
func TestSubmissionsRacingTheClose(t *testing.T) {
	s := newSystemAt(t, springDay)
	s.clock.Set(springCloses.Add(-time.Millisecond)) // the submit path's clock: still inside the round
	job := &roundjob.Job{Store: s.Envs["rounds"].Store, Now: func() time.Time { return springCloses }, Log: quiet,
		StaffAddress: "staff@example.se", PageSize: 7}

	// Four applicants keep submitting; once 20 are in, the job closes the
	// round while they go on; each stops at its first refusal.
	type result struct {
		code int
		ref  string
	}
	var mu sync.Mutex
	var results []result
	started := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				code, ref := s.submitJSON(t, stacktest.UniqueName("race")+"@example.se")
				mu.Lock()
				results = append(results, result{code, ref})
				if len(results) >= 20 {
					once.Do(func() { close(started) })
				}
				mu.Unlock()
				if code != 201 {
					return
				}
			}
		})
	}
	<-started
	if _, err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	n := len(results)
	accepted := map[string]bool{}
	refused := 0
	for _, r := range results {
		switch r.code {
		case 201:
			accepted[r.ref] = true
		case 409:
			refused++
		default:
			t.Fatalf("unexpected status %d", r.code)
		}
	}
	if refused != 4 {
		t.Fatalf("%d refused; every applicant should have been refused once after the close", refused)
	}
	// The close's later runs pick up whatever landed just before it.
	job.Settle = 0
	if _, err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	inReview, err := s.Env.Store.CountByStatus(context.Background(), "2027-1", programme.AppInReview)
	if r := s.roundStatus(t, "2027-1"); r.Status != programme.RoundClosed || !r.ReviewQueued || err != nil || inReview != len(accepted) {
		t.Fatalf("round %+v, %d in review (%v), %d accepted", r, inReview, err, len(accepted))
	}
	for ref := range accepted {
		app, _, err := s.Env.Store.Application(context.Background(), ref)
		if err != nil || app.Status != programme.AppInReview || !app.SubmittedAt.Before(springCloses) {
			t.Fatalf("accepted %s: %+v %v", ref, app.Status, err)
		}
		if o, err := s.Env.Store.OutboxItem(context.Background(), programme.EmailID(programme.AboutClosed, ref)); err != nil || o.State != programme.EmailPending {
			t.Fatalf("email of %s: %+v %v", ref, o.State, err)
		}
	}
	if got := s.applications(t); got != len(accepted) || refused+len(accepted) != n {
		t.Fatalf("%d stored, %d accepted, %d refused of %d", got, len(accepted), refused, n)
	}
	t.Logf("%d accepted before the close, %d refused after it", len(accepted), refused)
}

// A close interrupted after any page (here: a run may do one page only)
// and run again ends with every application moved once and every email
// sent once.
func TestInterruptedCloseResumes(t *testing.T) {
	s := newSystemAt(t, springDay)
	const n = 23
	emails := make([]string, n)
	for i := range emails {
		emails[i] = stacktest.UniqueName("resume") + "@example.se"
		if code, _ := s.submitJSON(t, emails[i]); code != 201 {
			t.Fatalf("submit: %d", code)
		}
	}
	after := springCloses.Add(time.Hour)
	staffAddr := stacktest.UniqueName("staff") + "@example.se"
	job := &roundjob.Job{Store: s.Envs["rounds"].Store, Now: func() time.Time { return after }, Log: quiet,
		StaffAddress: staffAddr, PageSize: 5, MaxPages: 1}
	runs, moved := 0, 0
	for ; runs < 20; runs++ {
		rep, err := job.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		moved += rep.Moved
		r := s.roundStatus(t, "2027-1")
		inReview, err := s.Env.Store.CountByStatus(context.Background(), "2027-1", programme.AppInReview)
		if want := min(5*(runs+1), n); err != nil || inReview != want || moved != want {
			t.Fatalf("after run %d: %d in review, %d moved, want %d (%+v, %v)", runs+1, inReview, moved, want, rep, err)
		}
		if r.ReviewQueued {
			break
		}
	}
	if runs != 5 { // 5 pages of 5, the last run finds nothing and finishes
		t.Fatalf("%d runs to close %d applications in pages of 5", runs+1, n)
	}
	// And the mailer, interrupted after every 4 emails, sends each once.
	m := s.fastMailer()
	m.MaxSends = 4
	for range 10 {
		if _, err := m.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range emails {
		ms := mailsTo(t, e)
		if len(ms) != 2 { // receipt + in review
			t.Fatalf("%s: %d mails", e, len(ms))
		}
	}
	spring := 0
	for _, m := range mailsTo(t, staffAddr) {
		if strings.Contains(m.Subject, "Våren 2027 har stängt: 23 ansökningar") {
			spring++
		}
	}
	if spring != 1 {
		t.Fatalf("%d staff summaries of the spring round, want 1", spring)
	}
}

// Staff extend a deadline; the submit path and the job pick it up at once.
func TestStaffExtendDeadline(t *testing.T) {
	s := newSystemAt(t, springDay)
	extended := springCloses.Add(7 * 24 * time.Hour)

	res, body := s.staff(t, "GET", "/staff/rounds", "", "")
	if res.StatusCode != 200 || !strings.Contains(body, `name="closes"`) || !strings.Contains(body, "Våren 2027") {
		t.Fatalf("staff rounds page: %d\n%s", res.StatusCode, body)
	}
	before := s.roundStatus(t, "2027-1")
	cases := []struct {
		name, round, closes string
		status              int
		says                string
	}{
		{"unknown round", "1999-1", "2027-03-22T16:00", 404, "finns inte"},
		{"not a time", "2027-1", "next week", 400, "datum och klockslag"},
		{"into the past", "2027-1", "2027-02-01T16:00", 422, "redan passerat"},
		{"earlier than now's deadline", "2027-1", "2027-03-14T16:00", 422, "senare än den nuvarande"},
		{"a closed round", "2026-2", "2027-03-22T16:00", 409, "stängd"},
		{"overlapping the autumn round", "2027-1", "2027-09-20T16:00", 409, "överlappa"},
	}
	for _, c := range cases {
		b, _ := json.Marshal(map[string]string{"closes": c.closes})
		res, body := s.staff(t, "POST", "/staff/rounds/"+c.round+"/deadline", "application/json", string(b))
		if res.StatusCode != c.status || !strings.Contains(body, c.says) {
			t.Errorf("%s: %d %s, want %d saying %q", c.name, res.StatusCode, body, c.status, c.says)
		}
	}
	if r := s.roundStatus(t, "2027-1"); r.Version != before.Version || !r.ClosesAt.Equal(springCloses) {
		t.Fatalf("a refused extension changed the round: %+v", r)
	}

	res, _ = s.staff(t, "POST", "/staff/rounds/2027-1/deadline", "application/x-www-form-urlencoded", url.Values{"closes": {"2027-03-22T16:00"}}.Encode())
	if res.StatusCode != 303 || !strings.Contains(res.Header.Get("Location"), "ok=") {
		t.Fatalf("extension by form: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if r := s.roundStatus(t, "2027-1"); !r.ClosesAt.Equal(extended) {
		t.Fatalf("closes %v, want %v", r.ClosesAt, extended)
	}
	// After the old deadline, a submission gets in and the job leaves the round open.
	s.clock.Set(springCloses.Add(time.Hour))
	if code, _ := s.submitJSON(t, stacktest.UniqueName("late")+"@example.se"); code != 201 {
		t.Fatalf("submission after the old deadline: %d", code)
	}
	s.fire(t, "RoundsFunction/CloseSpring")
	if r := s.roundStatus(t, "2027-1"); r.Status != programme.RoundOpen {
		t.Fatalf("the job closed an extended round: %s", r.Status)
	}
	s.clock.Set(extended)
	s.fire(t, "RoundsFunction/SafetyNet")
	if r := s.roundStatus(t, "2027-1"); r.Status != programme.RoundClosed {
		t.Fatalf("not closed at the extended deadline: %s", r.Status)
	}
	log, _ := s.Env.Store.RoundLog(context.Background(), "2027-1")
	if len(log) == 0 || log[0].Event != "deadline extended" || log[0].Detail["to"] == "" || log[0].Actor != stack.DevStaffSub || log[0].ActorLabel != stacktest.StaffUser(s.Stack).Email {
		t.Fatalf("no audit line for the extension: %+v", log)
	}
}

func TestFireNamesAScheduleOfTheTemplate(t *testing.T) {
	s := newSystem(t)
	for _, bad := range []string{"Nope/X", "RoundsFunction/Nope", "RoundsFunction"} {
		if _, err := s.Fire(context.Background(), bad); !errors.Is(err, stack.ErrNoSchedule) {
			t.Errorf("Fire(%q) = %v", bad, err)
		}
	}
	if _, err := s.Fire(context.Background(), "MailerFunction"); err != nil {
		t.Errorf("a function's only schedule needs no name: %v", err)
	}
	res, body := s.staff(t, "GET", "/staff/rounds", "", "", "Accept", "application/json")
	if res.StatusCode != 200 || !strings.Contains(body, `"budget":9800000`) {
		t.Fatalf("staff rounds JSON: %d %s", res.StatusCode, body)
	}
}
