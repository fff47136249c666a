package staff_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
	"partnerskap/internal/roundjob"
	"partnerskap/internal/staff"
	"partnerskap/internal/store"
)

func TestMain(m *testing.M) { stacktest.Main(m) }

var (
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
	var refs []string
	for range n {
		tok := programme.NewToken()
		app := programme.Application{Ref: programme.RefFor(tok), RoundID: "2027-1", Lang: programme.Swedish,
			SwedishParty: programme.Party{Organisation: "Kalix", ContactName: "A", Email: "a@example.se"},
			Partner:      programme.Party{Organisation: "Masaka", Country: "UG", ContactName: "J", Email: "j@example.ug"},
			Type:         programme.Project, Theme: "climate", Title: "T", Summary: "S", Objectives: "O",
			DurationYears: 2, BudgetPerYear: []int64{250000, 250000}}
		if _, _, err := s.Submit(ctx, app, store.Secrets{TokenHash: programme.Hash(tok)}, clock.Now()); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, app.Ref)
	}
	job := &roundjob.Job{Store: s, Now: func() time.Time { return closes }, Log: quiet, StaffAddress: "s@example.se"}
	if _, err := job.Run(ctx); err != nil {
		t.Fatal(err)
	}
	return &staff.Service{Store: s, Now: func() time.Time { return closes.Add(time.Hour) }, Log: quiet}, s, refs
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
			_, err := svc.Decide(ctx, ref, programme.DecisionInput{Outcome: "granted", Amount: 200000, Motivation: "Väl motiverat."}, fmt.Sprint("staff-", i%3))
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
	if _, err := svc.Decide(ctx, refs[0], programme.DecisionInput{Outcome: "rejected", Motivation: "Omprövat."}, "eva"); err != nil {
		t.Fatal(err)
	}
	_, err := svc.Decide(ctx, refs[1], programme.DecisionInput{Outcome: "granted", Amount: 200000, Motivation: "m"}, "eva")
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
	svc := &staff.Service{Store: s, Now: time.Now, Log: quiet}
	if _, err := svc.Decide(ctx, "KP-0000000000", programme.DecisionInput{Outcome: "rejected", Motivation: "m"}, "x"); !errors.Is(err, staff.ErrUnknownApplication) {
		t.Fatalf("unknown: %v", err)
	}
	var fe programme.FieldErrors
	if _, err := svc.Decide(ctx, refs[0], programme.DecisionInput{Outcome: "granted", Amount: 500001, Motivation: "m"}, "x"); !errors.As(err, &fe) {
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
			_, _ = svc.Decide(ctx, ref, programme.DecisionInput{Outcome: "granted", Amount: 200000, Motivation: "m"}, "bench")
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
