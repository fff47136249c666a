package store_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// A withdrawal is one transaction: the application leaves its status (and
// its place in GSI1) for withdrawn, loses its decision, gives a granted
// amount back to the round, and gets an audit line. It is conditional on
// the version and on the decision email not being queued. Every listing by
// status then leaves it out: the close does not move it, the summary, the
// counts, the tally's requested sum and the public list do not see it.
func TestWithdrawInOneTransaction(t *testing.T) {
	s := newStore(t)
	at := opens.Add(2 * time.Hour)
	var refs []string
	for range 4 {
		app, sec := application(programme.NewToken())
		if _, _, err := s.Submit(ctx, app, sec, at); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, app.Ref)
	}
	granted, inReview, queued, early := refs[0], refs[1], refs[2], refs[3]
	read := func(ref string) programme.Application {
		t.Helper()
		a, _, err := s.Application(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	withdraw := func(ref string, reason programme.WithdrawReason, now time.Time) error {
		t.Helper()
		a := read(ref)
		w, err := programme.Withdraw(a, reason, "sub-1 eva@example.se", now)
		if err != nil {
			t.Fatal(err)
		}
		return s.Withdraw(ctx, a, w)
	}

	// Withdrawn while the round is open, before the close: never moved to
	// review, never sent the "in review" email.
	if err := withdraw(early, programme.WithdrawByApplicant, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	r, err := s.Round(ctx, "2027-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MoveRound(ctx, r, programme.RoundClosed, closes, programme.ActorRoundJob); err != nil {
		t.Fatal(err)
	}
	submitted, err := s.SubmittedPage(ctx, "2027-1", 100)
	if err != nil || len(submitted) != 3 || slices.ContainsFunc(submitted, func(a programme.Application) bool { return a.Ref == early }) {
		t.Fatalf("the close reads %d submitted (%v), want the 3 not withdrawn", len(submitted), err)
	}
	var mails []programme.Email
	for _, a := range submitted {
		mails = append(mails, programme.Email{ID: programme.EmailID(programme.AboutClosed, a.Ref), Kind: programme.RoundClosedEmail,
			Ref: a.Ref, RoundID: a.RoundID, To: a.SwedishParty.Email, Subject: "s", Text: "t"})
	}
	if n, err := s.MoveToReview(ctx, submitted, mails, closes); err != nil || n != 3 {
		t.Fatalf("moved %d: %v", n, err)
	}
	if r, err = s.Round(ctx, "2027-1"); err != nil {
		t.Fatal(err)
	}
	decidedAt := closes.Add(24 * time.Hour)
	if err := s.RecordDecision(ctx, read(granted), r, programme.Decision{Outcome: programme.Granted, Amount: 400000, Motivation: "m",
		MotivationEn: "m", DecidedBy: "sub-1", DecidedAt: decidedAt}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordDecision(ctx, read(queued), r, programme.Decision{Outcome: programme.Rejected, Motivation: "m",
		DecidedBy: "sub-1", DecidedAt: decidedAt}); err != nil {
		t.Fatal(err)
	}
	q := read(queued)
	if err := s.QueueDecision(ctx, q, []programme.Email{{ID: programme.EmailID(programme.AboutDecision, q.Ref, "swedish"),
		Kind: programme.DecisionRejectedEmail, Ref: q.Ref, RoundID: q.RoundID, To: "a@example.se", Subject: "s", Text: "t"}}, decidedAt, "sub-1"); err != nil {
		t.Fatal(err)
	}
	if r, _ = s.Round(ctx, "2027-1"); r.GrantedTotal != 400000 {
		t.Fatalf("granted total %d", r.GrantedTotal)
	}

	// The granted one, as spam: its amount goes back, its decision goes.
	before := read(granted)
	withdrawnAt := decidedAt.Add(time.Hour)
	if err := withdraw(granted, programme.WithdrawSpam, withdrawnAt); err != nil {
		t.Fatal(err)
	}
	after := read(granted)
	if after.Status != programme.AppWithdrawn || after.Decision != nil || after.Version != before.Version+1 {
		t.Fatalf("after the withdrawal: %+v", after)
	}
	if r, _ = s.Round(ctx, "2027-1"); r.GrantedTotal != 0 {
		t.Fatalf("granted total %d after withdrawing the grant, want 0", r.GrantedTotal)
	}
	log, err := s.ApplicationLog(ctx, granted)
	if err != nil {
		t.Fatal(err)
	}
	last := log[len(log)-1]
	if last.Code != programme.AuditWithdrawn || last.Actor != "sub-1" || last.ActorLabel != "eva@example.se" || !last.At.Equal(withdrawnAt) ||
		last.Detail["reason"] != "spam" || last.Detail["from"] != "granted" || last.Detail["previousOutcome"] != "granted" ||
		last.Detail["previousAmount"] != "400000" || last.Detail["amount"] != "400000" {
		t.Fatalf("audit line %+v", last)
	}

	// Withdrawn meanwhile by a colleague (read before): said so, nothing written.
	w, _ := programme.Withdraw(before, programme.WithdrawSpam, "sub-2", withdrawnAt)
	if err := s.Withdraw(ctx, before, w); !errors.Is(err, programme.ErrAlreadyWithdrawn) {
		t.Fatalf("withdrawn twice: %v", err)
	}
	// Decided meanwhile (read before the decision): a conflict, nothing written.
	stale := read(inReview)
	if err := s.RecordDecision(ctx, stale, r, programme.Decision{Outcome: programme.Granted, Amount: 100000, Motivation: "m",
		DecidedBy: "sub-1", DecidedAt: decidedAt}); err != nil {
		t.Fatal(err)
	}
	w, _ = programme.Withdraw(stale, programme.WithdrawSpam, "sub-2", withdrawnAt)
	if err := s.Withdraw(ctx, stale, w); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("withdrawing a stale read: %v", err)
	}
	if a := read(inReview); a.Status != programme.AppGranted {
		t.Fatalf("the conflict wrote: %+v", a)
	}
	// Its decision email queued: the store refuses too, whatever the caller's rules said.
	q = read(queued)
	if err := s.Withdraw(ctx, q, programme.Withdrawal{Reason: programme.WithdrawSpam, From: q.Status, By: "sub-1", At: withdrawnAt}); !errors.Is(err, programme.ErrDecisionLocked) {
		t.Fatalf("withdrawing a queued decision: %v", err)
	}
	if err := s.Withdraw(ctx, programme.Application{Ref: "KP-0000000000", RoundID: "2027-1", Version: 1},
		programme.Withdrawal{Reason: programme.WithdrawSpam, From: programme.AppInReview, By: "sub-1", At: withdrawnAt}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an unknown application: %v", err)
	}

	// Every listing by status: the withdrawn ones only where they are.
	for st, want := range map[programme.AppStatus]int{programme.AppWithdrawn: 2, programme.AppInReview: 0, programme.AppGranted: 1,
		programme.AppRejected: 1, programme.AppSubmitted: 0} {
		if n, err := s.CountByStatus(ctx, "2027-1", st); err != nil || n != want {
			t.Errorf("%s: %d %v, want %d", st, n, err, want)
		}
	}
	tally, requested, err := s.RoundTally(ctx, "2027-1")
	if err != nil || tally[programme.AppWithdrawn] != 2 || tally[programme.AppGranted] != 1 || requested != 2*400000 {
		t.Fatalf("tally %v, requested %d (%v), want 2 withdrawn and the other two's 800 000", tally, requested, err)
	}
	grants, err := s.Granted(ctx, "2027-1")
	if err != nil || len(grants) != 1 || grants[0].Ref != inReview {
		t.Fatalf("public list %+v %v, want only %s", grants, err, inReview)
	}
	listed, next, err := s.ApplicationsPage(ctx, "2027-1", programme.AppFilter{Status: programme.AppWithdrawn}, 10, "")
	if err != nil || next != "" || len(listed) != 2 {
		t.Fatalf("withdrawn listing %+v %q %v", listed, next, err)
	}
	for _, a := range listed {
		if a.Status != string(programme.AppWithdrawn) || a.GrantedAmount != 0 || (a.Ref != granted && a.Ref != early) {
			t.Errorf("listed %+v", a)
		}
	}
	if stats, err := s.ReviewSummary(ctx, "2027-1"); err != nil || stats.Applications != 0 {
		t.Fatalf("review summary %+v %v, want nothing in review", stats, err)
	}
}
