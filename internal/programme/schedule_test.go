package programme_test

import (
	"errors"
	"testing"
	"time"

	"partnerskap/internal/programme"
)

func TestNextStatusOnlyMovesForward(t *testing.T) {
	r := round(t, "2027-1")
	opens, closes := r.OpensAt, r.ClosesAt
	for _, c := range []struct {
		status programme.RoundStatus
		at     time.Time
		want   programme.RoundStatus
		due    bool
	}{
		{programme.RoundScheduled, opens.Add(-time.Second), programme.RoundScheduled, false},
		{programme.RoundScheduled, opens, programme.RoundOpen, true},
		{programme.RoundScheduled, closes, programme.RoundClosed, true}, // the job missed the whole window
		{programme.RoundOpen, closes.Add(-time.Nanosecond), programme.RoundOpen, false},
		{programme.RoundOpen, closes, programme.RoundClosed, true},
		{programme.RoundClosed, opens, programme.RoundClosed, false}, // never back
		{programme.RoundDecided, closes.Add(time.Hour), programme.RoundDecided, false},
	} {
		r.Status = c.status
		if got, due := programme.NextStatus(r, c.at); got != c.want || due != c.due {
			t.Errorf("%s at %v: %s %v, want %s %v", c.status, c.at, got, due, c.want, c.due)
		}
	}
}

func TestExtendDeadline(t *testing.T) {
	rounds, err := roundsAt(now)
	if err != nil {
		t.Fatal(err)
	}
	spring := rounds["2027-1"]
	spring.Status = programme.RoundOpen
	others := []programme.Round{rounds["2026-2"], rounds["2026-27-inception"], rounds["2027-2"]}
	week := spring.ClosesAt.Add(7 * 24 * time.Hour)

	got, err := programme.ExtendDeadline(spring, week, now, others)
	if err != nil || !got.ClosesAt.Equal(week) || !spring.ClosesAt.Before(week) {
		t.Fatalf("a week's extension: %v %v", got.ClosesAt, err)
	}
	for _, c := range []struct {
		name   string
		round  programme.Round
		closes time.Time
		at     time.Time
		want   error
	}{
		{"into the past", spring, now.Add(-time.Hour), now, programme.ErrDeadlineInPast},
		{"earlier than now's deadline", spring, spring.ClosesAt.Add(-time.Hour), now, programme.ErrDeadlineNotLater},
		{"after the deadline passed", spring, week, spring.ClosesAt, programme.ErrRoundAlreadyClosed},
		{"a closed round", rounds["2026-2"], week, now, programme.ErrRoundAlreadyClosed},
	} {
		if _, err := programme.ExtendDeadline(c.round, c.closes, c.at, others); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	// Into the autumn round, which offers the same types: refused.
	if _, err := programme.ExtendDeadline(spring, rounds["2027-2"].OpensAt.Add(time.Hour), now, others); err == nil {
		t.Error("an extension overlapping the autumn round was accepted")
	}
}

func TestCloseStatsSorted(t *testing.T) {
	s := programme.NewCloseStats()
	s.Add(programme.Project, "climate", "UG", 900000)
	s.Add(programme.Project, "gender", "KE", 100000)
	s.Add(programme.Dissemination, "climate", "KE", 200000)
	byType := programme.Sorted(s.ByType)
	if s.Applications != 3 || s.RequestedTotal != 1200000 || byType[0] != (programme.Count{Key: "project", N: 2}) {
		t.Fatalf("%+v %v", s, byType)
	}
	if c := programme.Sorted(s.ByCountry); c[0].Key != "KE" || c[1].Key != "UG" {
		t.Fatalf("by country %v", c)
	}
}
