package programme

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// NextStatus is where the round job moves a round at now, by its instants:
// scheduled -> open at OpensAt, open -> closed at ClosesAt (scheduled ->
// closed if the job missed the whole window). Rounds only move forward, and
// decided and notified are not a matter of time. ok is false when the round
// stays as it is.
func NextStatus(r Round, now time.Time) (RoundStatus, bool) {
	switch r.Status {
	case RoundScheduled:
		if now.Before(r.OpensAt) {
			return r.Status, false
		}
		if now.Before(r.ClosesAt) {
			return RoundOpen, true
		}
		return RoundClosed, true
	case RoundOpen:
		if now.Before(r.ClosesAt) {
			return r.Status, false
		}
		return RoundClosed, true
	}
	return r.Status, false
}

// Errors of a deadline change.
var (
	ErrRoundAlreadyClosed = errors.New("the round is closed")
	ErrDeadlineNotLater   = errors.New("the new deadline is not later than the current one")
	ErrDeadlineInPast     = errors.New("the new deadline is in the past")
)

// ExtendDeadline returns the round with its deadline moved to closes, if
// that is allowed at now: the round has not closed (by status or by time),
// the new deadline is later than the current one and in the future, and the
// round then overlaps no other round offering one of its project types.
func ExtendDeadline(r Round, closes, now time.Time, others []Round) (Round, error) {
	switch {
	case r.Status != RoundScheduled && r.Status != RoundOpen, !now.Before(r.ClosesAt):
		return r, ErrRoundAlreadyClosed
	case !closes.After(now):
		return r, ErrDeadlineInPast
	case !closes.After(r.ClosesAt):
		return r, ErrDeadlineNotLater
	}
	extended := r
	extended.ClosesAt = closes
	all := []Round{extended}
	for _, o := range others {
		if o.ID != r.ID {
			all = append(all, o)
		}
	}
	if err := CheckOverlaps(all); err != nil {
		return r, err
	}
	return extended, nil
}

// CloseStats sums up a closed round for staff.
type CloseStats struct {
	Applications   int
	RequestedTotal int64
	ByType         map[ProjectType]int
	ByTheme        map[Theme]int
	ByCountry      map[string]int
}

// NewCloseStats returns empty stats.
func NewCloseStats() *CloseStats {
	return &CloseStats{ByType: map[ProjectType]int{}, ByTheme: map[Theme]int{}, ByCountry: map[string]int{}}
}

// Add counts one application.
func (s *CloseStats) Add(t ProjectType, th Theme, country string, requested int64) {
	s.Applications++
	s.RequestedTotal += requested
	s.ByType[t]++
	s.ByTheme[th]++
	s.ByCountry[country]++
}

// Count is one line of a breakdown.
type Count struct {
	Key string
	N   int
}

// Sorted returns a breakdown largest first, then by key.
func Sorted[K ~string](m map[K]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{string(k), n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// String is a one-line account, for logs.
func (s *CloseStats) String() string {
	return fmt.Sprintf("%d applications, %d SEK requested", s.Applications, s.RequestedTotal)
}
