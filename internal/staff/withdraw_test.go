package staff_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
	"partnerskap/internal/store"
)

// A batch withdraws each application in its own write and says per
// reference what became of it: withdrawn (a granted one giving its amount
// back), withdrawn already, changed meanwhile, its decision email queued,
// unknown (or another round's); duplicates count once.
func TestWithdrawReportsEachReference(t *testing.T) {
	apps := map[string]programme.Application{}
	add := func(ref string, change func(*programme.Application)) {
		a := inReview()
		a.Ref = ref
		if change != nil {
			change(&a)
		}
		apps[ref] = a
	}
	add("KP-REVIEW", nil)
	add("KP-GRANTED", func(a *programme.Application) {
		a.Status, a.Decision = programme.AppGranted, &programme.Decision{Outcome: programme.Granted, Amount: 400000, Motivation: "m"}
	})
	add("KP-QUEUED", func(a *programme.Application) {
		a.Status, a.DecisionQueued = programme.AppRejected, true
		a.Decision = &programme.Decision{Outcome: programme.Rejected, Motivation: "m"}
	})
	add("KP-RACED", nil)
	add("KP-LOCKEDMEANWHILE", nil)
	add("KP-GONE", func(a *programme.Application) { a.Status = programme.AppWithdrawn })
	add("KP-AUTUMN", func(a *programme.Application) { a.RoundID = "2027-2" })
	var written []string
	var withdrawals []programme.Withdrawal
	s := &fakeStore{t: t,
		RoundFn: func(string) (programme.Round, error) { return closedSpring(), nil },
		ApplicationFn: func(ref string) (programme.Application, store.Secrets, error) {
			a, ok := apps[ref]
			if !ok {
				return a, store.Secrets{}, store.ErrNotFound
			}
			return a, store.Secrets{}, nil
		},
		WithdrawFn: func(a programme.Application, w programme.Withdrawal) error {
			written = append(written, a.Ref)
			withdrawals = append(withdrawals, w)
			switch a.Ref {
			case "KP-RACED":
				return store.ErrConflict
			case "KP-LOCKEDMEANWHILE":
				return programme.ErrDecisionLocked
			}
			return nil
		},
	}
	refs := []string{"KP-REVIEW", " KP-GRANTED ", "KP-QUEUED", "KP-RACED", "KP-NOPE", "KP-LOCKEDMEANWHILE", "KP-GONE", "KP-AUTUMN", "KP-REVIEW", ""}
	results, err := service(s, unitNow).Withdraw(context.Background(), "2027-1", refs, "spam", "sub-1 eva@example.se")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		ref      string
		err      error
		already  bool
		gaveBack int64
	}{
		{"KP-REVIEW", nil, false, 0},
		{"KP-GRANTED", nil, false, 400000},
		{"KP-QUEUED", programme.ErrDecisionLocked, false, 0},
		{"KP-RACED", staff.ErrApplicationChanged, false, 0},
		{"KP-NOPE", staff.ErrUnknownApplication, false, 0},
		{"KP-LOCKEDMEANWHILE", programme.ErrDecisionLocked, false, 0},
		{"KP-GONE", nil, true, 0},
		{"KP-AUTUMN", staff.ErrUnknownApplication, false, 0},
	}
	if len(results) != len(want) {
		t.Fatalf("%d results, want %d: %+v", len(results), len(want), results)
	}
	for i, w := range want {
		r := results[i]
		if r.Ref != w.ref || !errors.Is(r.Err, w.err) || (w.err == nil) != r.OK() || r.Already != w.already || r.GaveBack != w.gaveBack {
			t.Errorf("result %d: %+v, want %+v", i, r, w)
		}
	}
	// Written: only what the rules allow, each once; none for the queued,
	// the unknown, the other round's or the one withdrawn already.
	if !slices.Equal(written, []string{"KP-REVIEW", "KP-GRANTED", "KP-RACED", "KP-LOCKEDMEANWHILE"}) {
		t.Fatalf("written %v", written)
	}
	for _, w := range withdrawals {
		if w.Reason != programme.WithdrawSpam || w.By != "sub-1 eva@example.se" || !w.At.Equal(unitNow) {
			t.Errorf("withdrawal %+v", w)
		}
	}
}

// Refused whole, nothing read or written: no reference, too many, an
// unknown reason (every problem at once), an unknown round.
func TestWithdrawRefusesABadBatchWhole(t *testing.T) {
	many := make([]string, staff.MaxWithdraw+1)
	for i := range many {
		many[i] = fmt.Sprintf("KP-%010d", i)
	}
	for _, c := range []struct {
		name   string
		refs   []string
		reason string
		fields []string
		codes  []string
	}{
		{"no reference", nil, "spam", []string{"ref"}, []string{programme.CodeNoneChosen}},
		{"only blanks", []string{"", "  "}, "spam", []string{"ref"}, []string{programme.CodeNoneChosen}},
		{"too many", many, "withdrawn_by_applicant", []string{"ref"}, []string{programme.CodeTooManyChosen}},
		{"no reason", []string{"KP-A"}, "", []string{"reason"}, []string{programme.CodeInvalidChoice}},
		{"neither", nil, "fraud", []string{"ref", "reason"}, []string{programme.CodeNoneChosen, programme.CodeInvalidChoice}},
	} {
		s := &fakeStore{t: t, RoundFn: func(string) (programme.Round, error) { return closedSpring(), nil }}
		_, err := service(s, unitNow).Withdraw(context.Background(), "2027-1", c.refs, c.reason, "eva")
		var fe programme.FieldErrors
		if !errors.As(err, &fe) || len(fe) != len(c.fields) {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i := range fe {
			if fe[i].Field != c.fields[i] || fe[i].Code != c.codes[i] {
				t.Errorf("%s: %v", c.name, fe)
			}
		}
	}
	// At the limit is fine (read, then refused as unknown: nothing written).
	s := &fakeStore{t: t, RoundFn: func(string) (programme.Round, error) { return closedSpring(), nil },
		ApplicationFn: func(string) (programme.Application, store.Secrets, error) {
			return programme.Application{}, store.Secrets{}, store.ErrNotFound
		}}
	if res, err := service(s, unitNow).Withdraw(context.Background(), "2027-1", many[:staff.MaxWithdraw], "spam", "eva"); err != nil || len(res) != staff.MaxWithdraw {
		t.Fatalf("a batch at the limit: %d %v", len(res), err)
	}
	s = &fakeStore{t: t, RoundFn: func(string) (programme.Round, error) { return programme.Round{}, store.ErrNotFound }}
	if _, err := service(s, unitNow).Withdraw(context.Background(), "1999-1", []string{"KP-A"}, "spam", "eva"); !errors.Is(err, staff.ErrUnknownRound) {
		t.Fatalf("unknown round: %v", err)
	}
	// The table failing stops the batch, with the results so far.
	s = &fakeStore{t: t, RoundFn: func(string) (programme.Round, error) { return closedSpring(), nil },
		ApplicationFn: func(ref string) (programme.Application, store.Secrets, error) {
			if ref == "KP-B" {
				return programme.Application{}, store.Secrets{}, errors.New("throttled")
			}
			a := inReview()
			a.Ref = ref
			return a, store.Secrets{}, nil
		},
		WithdrawFn: func(programme.Application, programme.Withdrawal) error { return nil }}
	res, err := service(s, unitNow).Withdraw(context.Background(), "2027-1", []string{"KP-A", "KP-B", "KP-C"}, "spam", "eva")
	if err == nil || !strings.Contains(err.Error(), "throttled") || len(res) != 1 || !res[0].OK() {
		t.Fatalf("%+v %v", res, err)
	}
}

// What is withdrawn counts apart: not among the round's applications,
// not a decision to make, not in what the round's applications request.
func TestDashboardCountsWithdrawnApart(t *testing.T) {
	tally := map[programme.AppStatus]int{programme.AppInReview: 1, programme.AppGranted: 2, programme.AppWithdrawn: 40}
	s := &fakeStore{t: t,
		RoundFn:             func(string) (programme.Round, error) { return closedSpring(), nil },
		RoundTallyFn:        func(string) (map[programme.AppStatus]int, int64, error) { return tally, 1500000, nil },
		RoundOutboxCountsFn: func(_, _ string) (map[string]int, error) { return nil, nil },
	}
	d, err := service(s, unitNow).Dashboard(context.Background(), "2027-1")
	if err != nil || d.Applications() != 3 || d.Withdrawn() != 40 || d.Undecided() != 1 {
		t.Fatalf("%+v %v: applications %d, withdrawn %d, undecided %d", d, err, d.Applications(), d.Withdrawn(), d.Undecided())
	}
}

// Against the table, through the staff function's own store (every call
// checked against its policy in template.yaml): a grant withdrawn gives its
// amount back, the withdrawn ones are no longer decisions to make, the
// decision emails go to the rest only, and a withdrawal after the emails
// are queued is refused.
func TestWithdrawAgainstTheTable(t *testing.T) {
	svc, s, refs := closedRound(t, 3)
	if _, err := svc.Decide(ctx, refs[0], programme.DecisionInput{Outcome: "granted", Amount: 300000, Motivation: "m"}, nil, "sub-1"); err != nil {
		t.Fatal(err)
	}
	if granted(t, s) != 300000 {
		t.Fatalf("granted %d", granted(t, s))
	}
	var und *staff.ErrUndecided
	if _, err := svc.Notify(ctx, "2027-1", "sub-1"); !errors.As(err, &und) || und.Count != 2 {
		t.Fatalf("notify before: %v, want 2 undecided", err)
	}
	res, err := svc.Withdraw(ctx, "2027-1", []string{refs[0], refs[1]}, "spam", "sub-1 eva@example.se")
	if err != nil || len(res) != 2 || !res[0].OK() || res[0].GaveBack != 300000 || !res[1].OK() || res[1].GaveBack != 0 {
		t.Fatalf("%+v %v", res, err)
	}
	if granted(t, s) != 0 {
		t.Fatalf("granted %d after withdrawing the grant, want 0", granted(t, s))
	}
	if _, err := svc.Notify(ctx, "2027-1", "sub-1"); !errors.As(err, &und) || und.Count != 1 {
		t.Fatalf("notify with the withdrawn left out: %v, want 1 undecided", err)
	}
	if _, err := svc.Decide(ctx, refs[2], programme.DecisionInput{Outcome: "rejected", Motivation: "m"}, nil, "sub-1"); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.Notify(ctx, "2027-1", "sub-1"); err != nil || n != 2 {
		t.Fatalf("notify: %d emails, %v; want the 2 of the one decided", n, err)
	}
	res, err = svc.Withdraw(ctx, "2027-1", []string{refs[2], refs[0]}, "withdrawn_by_applicant", "sub-1")
	if err != nil || !errors.Is(res[0].Err, programme.ErrDecisionLocked) || !res[1].OK() || !res[1].Already {
		t.Fatalf("after the emails: %+v %v", res, err)
	}
	d, err := svc.Dashboard(ctx, "2027-1")
	if err != nil || d.Withdrawn() != 2 || d.Applications() != 1 || d.Undecided() != 0 || d.Requested != 500000 {
		t.Fatalf("dashboard %+v %v", d, err)
	}
}
