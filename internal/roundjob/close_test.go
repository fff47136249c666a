package roundjob_test

// The round job on an in-memory fake of the store: no DynamoDB Local, so
// `make test-unit` runs it. Concurrency, crashes and the index's lag stay in
// the integration tests (roundjob_test.go).

import (
	"context"
	"slices"
	"testing"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/roundjob"
	"partnerskap/internal/store"
)

// fakeStore is roundjob.Store as function fields; a call the test did not
// set fails it.
type fakeStore struct {
	t *testing.T

	RoundsFn            func() ([]programme.Round, error)
	RoundFn             func(id string) (programme.Round, error)
	MoveRoundFn         func(r programme.Round, to programme.RoundStatus, now time.Time) error
	CountByStatusFn     func(roundID string, status programme.AppStatus) (int, error)
	SubmittedPageFn     func(roundID string, limit int32) ([]programme.Application, error)
	MoveToReviewFn      func(apps []programme.Application, mails []programme.Email, now time.Time) (int, error)
	ReviewSummaryFn     func(roundID string) (*programme.CloseStats, error)
	FinishCloseFn       func(roundID string, summary programme.Email, now time.Time) error
	RoundOutboxCountsFn func(roundID, idPrefix string) (map[string]int, error)
}

var _ roundjob.Store = (*fakeStore)(nil)
var _ roundjob.Store = (*store.Store)(nil)

func (f *fakeStore) unexpected(call string) {
	f.t.Helper()
	f.t.Fatalf("unexpected call: %s", call)
}

func (f *fakeStore) HoldLease(context.Context, string, string, func() time.Time, time.Duration, time.Duration) (func() error, error) {
	return func() error { return nil }, nil
}

func (f *fakeStore) Rounds(context.Context) ([]programme.Round, error) {
	if f.RoundsFn == nil {
		f.unexpected("Rounds")
	}
	return f.RoundsFn()
}

func (f *fakeStore) Round(_ context.Context, id string) (programme.Round, error) {
	if f.RoundFn == nil {
		f.unexpected("Round " + id)
	}
	return f.RoundFn(id)
}

func (f *fakeStore) MoveRound(_ context.Context, r programme.Round, to programme.RoundStatus, now time.Time, _ string) error {
	if f.MoveRoundFn == nil {
		f.unexpected("MoveRound " + r.ID)
	}
	return f.MoveRoundFn(r, to, now)
}

func (f *fakeStore) CountByStatus(_ context.Context, roundID string, status programme.AppStatus) (int, error) {
	if f.CountByStatusFn == nil {
		f.unexpected("CountByStatus " + roundID)
	}
	return f.CountByStatusFn(roundID, status)
}

func (f *fakeStore) SubmittedPage(_ context.Context, roundID string, limit int32) ([]programme.Application, error) {
	if f.SubmittedPageFn == nil {
		f.unexpected("SubmittedPage " + roundID)
	}
	return f.SubmittedPageFn(roundID, limit)
}

func (f *fakeStore) MoveToReview(_ context.Context, apps []programme.Application, mails []programme.Email, now time.Time) (int, error) {
	if f.MoveToReviewFn == nil {
		f.unexpected("MoveToReview")
	}
	return f.MoveToReviewFn(apps, mails, now)
}

func (f *fakeStore) ReviewSummary(_ context.Context, roundID string) (*programme.CloseStats, error) {
	if f.ReviewSummaryFn == nil {
		f.unexpected("ReviewSummary " + roundID)
	}
	return f.ReviewSummaryFn(roundID)
}

func (f *fakeStore) FinishClose(_ context.Context, roundID string, summary programme.Email, now time.Time) error {
	if f.FinishCloseFn == nil {
		f.unexpected("FinishClose " + roundID)
	}
	return f.FinishCloseFn(roundID, summary, now)
}

func (f *fakeStore) RoundOutboxCounts(_ context.Context, roundID, idPrefix string) (map[string]int, error) {
	if f.RoundOutboxCountsFn == nil {
		f.unexpected("RoundOutboxCounts " + roundID)
	}
	return f.RoundOutboxCountsFn(roundID, idPrefix)
}

// A round past its deadline is closed, its submitted applications move to
// review with one "in review" email each, and once the index has settled
// the staff summary is queued: each email's id derived from what it is about.
func TestCloseQueuesAnEmailPerApplicationAndOneSummary(t *testing.T) {
	open := programme.Round{ID: "2027-1", NameSv: "Våren 2027", NameEn: "Spring 2027", Status: programme.RoundOpen,
		OpensAt: springDay.AddDate(0, 0, -20), ClosesAt: springCloses, Budget: 9800000, Version: 2}
	now := springCloses.Add(time.Hour)
	closed := open
	closed.Status, closed.ClosedAt, closed.Version = programme.RoundClosed, now, 3
	reads := []programme.Round{open, closed} // before and after the move
	apps := []programme.Application{
		{Ref: "KP-A", RoundID: "2027-1", Lang: programme.Swedish, Title: "A", SwedishParty: programme.Party{Email: "a@kalix.example.se"}, Status: programme.AppSubmitted},
		{Ref: "KP-B", RoundID: "2027-1", Lang: programme.English, Title: "B", SwedishParty: programme.Party{Email: "b@lulea.example.se"}, Status: programme.AppSubmitted},
	}
	var moved []programme.Email
	var summary programme.Email
	s := &fakeStore{t: t,
		RoundsFn: func() ([]programme.Round, error) { return []programme.Round{open}, nil },
		RoundFn: func(string) (programme.Round, error) {
			r := reads[0]
			reads = reads[1:]
			return r, nil
		},
		MoveRoundFn: func(r programme.Round, to programme.RoundStatus, _ time.Time) error {
			if r.Version != 2 || to != programme.RoundClosed {
				t.Errorf("moved v%d to %s", r.Version, to)
			}
			return nil
		},
		CountByStatusFn: func(string, programme.AppStatus) (int, error) { return 0, nil },
		SubmittedPageFn: func(string, int32) ([]programme.Application, error) {
			if moved != nil {
				return nil, nil
			}
			return apps, nil
		},
		MoveToReviewFn: func(a []programme.Application, mails []programme.Email, _ time.Time) (int, error) {
			moved = mails
			return len(a), nil
		},
		ReviewSummaryFn: func(string) (*programme.CloseStats, error) { return programme.NewCloseStats(), nil },
		FinishCloseFn: func(_ string, e programme.Email, _ time.Time) error {
			summary = e
			return nil
		},
	}
	job := &roundjob.Job{Store: s, Now: func() time.Time { return now }, Log: quiet, StaffAddress: "staff@example.se"}
	rep, err := job.Run(context.Background())
	if err != nil || rep.Moved != 2 || !slices.Equal(rep.Closed, []string{"2027-1"}) || !slices.Equal(rep.Finished, []string{"2027-1"}) {
		t.Fatalf("%+v %v", rep, err)
	}
	if len(moved) != 2 {
		t.Fatalf("%d emails, want 2", len(moved))
	}
	for i, m := range moved {
		if m.ID != programme.EmailID(programme.AboutClosed, apps[i].Ref) || m.Kind != programme.RoundClosedEmail ||
			m.Ref != apps[i].Ref || m.RoundID != "2027-1" || m.To != apps[i].SwedishParty.Email || m.Subject == "" || m.Text == "" {
			t.Errorf("email %d: %+v", i, m)
		}
	}
	if summary.ID != "summary_2027-1" || summary.Kind != programme.CloseSummaryEmail || summary.To != "staff@example.se" || summary.RoundID != "2027-1" {
		t.Fatalf("summary %+v", summary)
	}
}

// A closed round whose review is queued, and a notified one, need nothing
// of the job: it reads neither.
func TestFinishedRoundsAreNotRead(t *testing.T) {
	s := &fakeStore{t: t, RoundsFn: func() ([]programme.Round, error) {
		return []programme.Round{{ID: "2026-2", Status: programme.RoundClosed, ReviewQueued: true}, {ID: "2025-2", Status: programme.RoundNotified}}, nil
	}}
	job := &roundjob.Job{Store: s, Now: func() time.Time { return springDay }, Log: quiet, StaffAddress: "staff@example.se"}
	if rep, err := job.Run(context.Background()); err != nil || !isEmpty(rep) {
		t.Fatalf("%+v %v", rep, err)
	}
}
