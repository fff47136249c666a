package staff_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/app"
	"partnerskap/internal/mail/ses"
	"partnerskap/internal/mailer"
	"partnerskap/internal/programme"
	"partnerskap/internal/roundjob"
	"partnerskap/internal/staff"
	"partnerskap/internal/store"
)

func TestMain(m *testing.M) { stacktest.Main(m) }

var sender *ses.Sender // the SES server's, set by closedRound

func stacktestEnv(t *testing.T, _ *store.Store) *ses.Sender { return sender }

var (
	fns    map[string]*app.Env // the functions' environments of the last closedRound
	ctx    = context.Background()
	quiet  = slog.New(slog.NewTextHandler(io.Discard, nil))
	closes = time.Date(2027, 3, 15, 16, 0, 0, 0, programme.Stockholm)
)

// closedRound makes a closed spring round (budget 9 800 000) with n
// applications in review, each asking 250 000 a year for two years.
func closedRound(t testing.TB, n int) (*staff.Service, *store.Store, []string) {
	t.Helper()
	clock := stacktest.NewClock(closes.Add(-24 * time.Hour))
	st := stacktest.New(t, clock.Now)
	s := st.Env.Store
	e := st.Envs["mailer"]
	sender = ses.FromConfig(e.AWS, e.SESEndpoint, e.Sender, e.ReplyTo, e.SESConfigurationSet)
	var refs []string
	for range n {
		tok := programme.NewToken()
		app := programme.Application{Ref: programme.RefFor(tok), RoundID: "2027-1", Lang: programme.Swedish,
			SwedishParty: programme.Party{Organisation: "Kalix", ContactName: "A", Email: stacktest.UniqueName("sv") + "@example.se"},
			Partner:      programme.Party{Organisation: "Masaka", Country: "UG", ContactName: "J", Email: stacktest.UniqueName("p") + "@example.ug"},
			Type:         programme.Project, Theme: "climate", Title: "T", Summary: "S", Objectives: "O",
			DurationYears: 2, BudgetPerYear: []int64{250000, 250000}}
		if _, _, err := s.Submit(ctx, app, store.Secrets{TokenHash: programme.Hash(tok)}, clock.Now()); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, app.Ref)
	}
	// The jobs and the service run with their functions' stores: every call
	// is checked against that function's policy. s (the tool's) seeds and checks.
	fns = st.Envs
	job := &roundjob.Job{Store: fns["rounds"].Store, Now: func() time.Time { return closes }, Log: quiet, StaffAddress: "s@example.se"}
	if _, err := job.Run(ctx); err != nil {
		t.Fatal(err)
	}
	return &staff.Service{Store: fns["staff"].Store, Now: func() time.Time { return closes.Add(time.Hour) }, Log: quiet}, s, refs
}

func granted(t testing.TB, s *store.Store) int64 {
	r, err := s.Round(ctx, "2027-1")
	if err != nil {
		t.Fatal(err)
	}
	return r.GrantedTotal
}

// 100 staff decisions at once, each granting 200 000, against a budget of
// 9 800 000: exactly 49 fit; the others are refused with what is left.
func TestConcurrentDecisionsHoldTheBudgetExactly(t *testing.T) {
	svc, s, refs := closedRound(t, 100)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, over := 0, 0
	for i, ref := range refs {
		wg.Go(func() {
			_, err := svc.Decide(ctx, ref, programme.DecisionInput{Outcome: "granted", Amount: 200000, Motivation: "Väl motiverat."}, nil, fmt.Sprint("staff-", i%3))
			mu.Lock()
			defer mu.Unlock()
			var ob *programme.OverBudgetError
			switch {
			case err == nil:
				ok++
			case errors.As(err, &ob):
				over++
				if ob.Remaining < 0 || ob.Remaining >= 200000 {
					t.Errorf("remaining %d", ob.Remaining)
				}
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if ok != 49 || over != 51 || granted(t, s) != 9800000 {
		t.Fatalf("%d granted, %d over budget, total %d; want 49, 51, 9 800 000", ok, over, granted(t, s))
	}
	// Rejecting a granted one frees its amount; the refusal names what is left.
	if _, err := svc.Decide(ctx, refs[0], programme.DecisionInput{Outcome: "rejected", Motivation: "Omprövat."}, nil, "eva"); err != nil {
		t.Fatal(err)
	}
	_, err := svc.Decide(ctx, refs[1], programme.DecisionInput{Outcome: "granted", Amount: 200000, Motivation: "m"}, nil, "eva")
	var ob *programme.OverBudgetError
	if total := granted(t, s); err != nil && !errors.As(err, &ob) || total > 9800000 {
		t.Fatalf("after freeing 200 000: %v, total %d", err, total)
	}
}

// Two staff decide the same application at once: one wins, the other is
// told it changed, and the total counts one decision.
func TestTwoStaffDecideAtOnce(t *testing.T) {
	_, s, refs := closedRound(t, 1)
	app, _, err := s.Application(ctx, refs[0])
	if err != nil {
		t.Fatal(err)
	}
	round, _ := s.Round(ctx, "2027-1")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, amount := range []int64{300000, 400000} {
		wg.Go(func() {
			d, _ := programme.Decide(programme.DecisionInput{Outcome: "granted", Amount: amount, Motivation: "m"}, app, round, "x", closes.Add(time.Hour))
			errs[i] = s.RecordDecision(ctx, app, round, d)
		})
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, store.ErrConflict):
			t.Fatal(err)
		}
	}
	got, _, _ := s.Application(ctx, refs[0])
	if wins != 1 || got.Decision == nil || granted(t, s) != got.Decision.Amount || got.Status != programme.AppGranted {
		t.Fatalf("%d wins, decision %+v, total %d", wins, got.Decision, granted(t, s))
	}
	log, _ := s.ApplicationLog(ctx, refs[0])
	if last := log[len(log)-1]; last.Event != "decision: granted" || last.Actor != "x" {
		t.Fatalf("audit log %+v", log)
	}
}

func TestDecisionsOnlyOnAClosedRound(t *testing.T) {
	_, s, refs := closedRound(t, 1)
	svc := &staff.Service{Store: fns["staff"].Store, Now: time.Now, Log: quiet}
	if _, err := svc.Decide(ctx, "KP-0000000000", programme.DecisionInput{Outcome: "rejected", Motivation: "m"}, nil, "x"); !errors.Is(err, staff.ErrUnknownApplication) {
		t.Fatalf("unknown: %v", err)
	}
	var fe programme.FieldErrors
	if _, err := svc.Decide(ctx, refs[0], programme.DecisionInput{Outcome: "granted", Amount: 500001, Motivation: "m"}, nil, "x"); !errors.As(err, &fe) {
		t.Fatalf("over what was asked: %v", err)
	}
	if granted(t, s) != 0 {
		t.Fatal("a refused decision changed the total")
	}
}

// BenchmarkDecisions times 100 concurrent decisions with the budget held.
//
//	go test -run '^$' -bench Decisions -benchtime 1x ./internal/staff/
func BenchmarkDecisions(b *testing.B) {
	svc, s, refs := closedRound(b, 100)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for _, ref := range refs {
		wg.Go(func() {
			_, _ = svc.Decide(ctx, ref, programme.DecisionInput{Outcome: "granted", Amount: 200000, Motivation: "m"}, nil, "bench")
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if total := granted(b, s); total != 9800000 {
		b.Fatalf("total %d", total)
	}
	b.ReportMetric(elapsed.Seconds()*1000, "ms-for-100")
}

// Both motivations are stored with the decision; a decision changed to one
// without English keeps no English from before.
func TestDecisionKeepsBothMotivations(t *testing.T) {
	svc, s, refs := closedRound(t, 1)
	in := programme.DecisionInput{Outcome: "rejected", Motivation: "Otydliga mål.", MotivationEn: "Unclear objectives."}
	if _, err := svc.Decide(ctx, refs[0], in, nil, "eva"); err != nil {
		t.Fatal(err)
	}
	a, _, err := s.Application(ctx, refs[0])
	if err != nil || a.Decision == nil || a.Decision.Motivation != "Otydliga mål." || a.Decision.MotivationEn != "Unclear objectives." {
		t.Fatalf("stored: %+v %v", a.Decision, err)
	}
	in.MotivationEn, in.Version = "", a.Version
	if _, err := svc.Decide(ctx, refs[0], in, nil, "eva"); err != nil {
		t.Fatal(err)
	}
	if a, _, err = s.Application(ctx, refs[0]); err != nil || a.Decision.MotivationEn != "" || a.Decision.Motivation != "Otydliga mål." {
		t.Fatalf("changed to Swedish only: %+v %v", a.Decision, err)
	}
}

// Decision emails: a preview, then a trigger that queues two emails per
// application once (pressing twice queues nothing), locks the decisions,
// and the round becomes notified when the mailer has sent them all.
func TestDecisionEmails(t *testing.T) {
	svc, s, refs := closedRound(t, 3)
	if _, err := svc.Notify(ctx, "2027-1", "eva"); err == nil {
		t.Fatal("notified with undecided applications")
	}
	for i, ref := range refs {
		in := programme.DecisionInput{Outcome: "granted", Amount: 300000, Motivation: "Tydlig plan & <starkt> partnerskap."}
		if i == 1 {
			in.MotivationEn = "A clear plan & a <strong> partnership."
		}
		if i == 2 {
			in = programme.DecisionInput{Outcome: "rejected", Motivation: "Svag förankring."}
		}
		if _, err := svc.Decide(ctx, ref, in, nil, "eva"); err != nil {
			t.Fatal(err)
		}
	}
	p, err := svc.NotifyPreview(ctx, "2027-1")
	if err != nil || p.Granted != 2 || p.Rejected != 1 || p.Undecided != 0 || p.Emails != 6 || len(p.Samples) != 4 {
		t.Fatalf("preview %+v %v", p, err)
	}
	if m := p.Samples["granted-sv"]; !strings.Contains(m.Text, "300\u00a0000\u00a0kr") || !strings.Contains(m.HTML, "&amp; &lt;starkt&gt;") {
		t.Fatalf("granted sample:\n%s\n%s", m.Text, m.HTML)
	}
	if m := p.Samples["rejected-en"]; !strings.Contains(m.Subject, "is not granted") || !strings.Contains(m.Text, "Svag förankring.") ||
		!strings.Contains(m.Text, "written in Swedish only") {
		t.Fatalf("rejected sample: %s\n%s", m.Subject, m.Text)
	}
	if m := p.Samples["granted-en"]; !strings.Contains(m.Subject, refs[1]) || !strings.Contains(m.HTML, "A clear plan &amp; a &lt;strong&gt; partnership.") {
		t.Fatalf("granted sample in English, of the decision with an English motivation: %s\n%s", m.Subject, m.HTML)
	}
	if p.NoEnglish != 2 {
		t.Fatalf("%d decisions without English, want 2", p.NoEnglish)
	}
	n, err := svc.Notify(ctx, "2027-1", "eva")
	if err != nil || n != 6 {
		t.Fatalf("notify: %d %v", n, err)
	}
	if n, err := svc.Notify(ctx, "2027-1", "eva"); err != nil || n != 0 {
		t.Fatalf("second press queued %d (%v)", n, err)
	}
	if _, err := svc.Decide(ctx, refs[0], programme.DecisionInput{Outcome: "rejected", Motivation: "m"}, nil, "eva"); !errors.Is(err, programme.ErrDecisionLocked) {
		t.Fatalf("decision after queueing: %v", err)
	}
	if r, _ := s.Round(ctx, "2027-1"); r.Status != programme.RoundDecided {
		t.Fatalf("round %s, want decided", r.Status)
	}
	progress, _ := svc.Progress(ctx, "2027-1")
	if progress[programme.EmailPending] != 6 {
		t.Fatalf("progress %v", progress)
	}

	e := stacktestEnv(t, s)
	m := &mailer.Mailer{Store: fns["mailer"].Store, Sender: e, Now: time.Now, Log: quiet, Rate: 500, Lease: time.Minute}
	// 6 decision emails, and what the close queued: 3 "in review" emails, 1 staff summary
	// (a round seeded as already over is never summarised).
	if rep, err := m.Run(ctx); err != nil || rep.Sent != 10 {
		t.Fatalf("mailer %+v %v", rep, err)
	}
	for _, ref := range refs {
		app, _, _ := s.Application(ctx, ref)
		for _, addr := range []string{app.SwedishParty.Email, app.Partner.Email} {
			all, _ := stacktest.Mailbox().To(ctx, addr)
			var ms []stack.Mail
			for _, m := range all {
				if strings.HasPrefix(m.Subject, "Beslut:") || strings.HasPrefix(m.Subject, "Decision:") {
					ms = append(ms, m)
				}
			}
			if len(ms) != 1 || !strings.Contains(ms[0].Subject, ref) || len(ms[0].ReplyTo) != 1 {
				t.Fatalf("%s got %d decision mails", addr, len(ms))
			}
		}
		if ms, _ := stacktest.Mailbox().To(ctx, app.Partner.Email); len(ms) != 1 || !strings.HasPrefix(ms[0].Subject, "Decision:") {
			t.Fatalf("the partner's email is not in English: %s", ms[0].Subject)
		}
		// The partner reads the English motivation, or the Swedish one under a note.
		want := "written in Swedish only"
		if ref == refs[1] {
			want = "A clear plan & a <strong> partnership."
		}
		if ms, _ := stacktest.Mailbox().To(ctx, app.Partner.Email); !strings.Contains(ms[0].Body.Text, want) {
			t.Fatalf("the partner's email of %s lacks %q:\n%s", ref, want, ms[0].Body.Text)
		}
	}
	job := &roundjob.Job{Store: fns["rounds"].Store, Now: time.Now, Log: quiet, StaffAddress: "s@example.se"}
	rep, err := job.Run(ctx)
	if r, _ := s.Round(ctx, "2027-1"); err != nil || r.Status != programme.RoundNotified {
		t.Fatalf("round %s after the job (%+v, %v)", r.Status, rep, err)
	}
	if progress, _ := svc.Progress(ctx, "2027-1"); progress[programme.EmailSent] != 6 {
		t.Fatalf("progress %v", progress)
	}
}
