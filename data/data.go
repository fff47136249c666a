// Package data holds the programme's data files: the rounds and their rules.
// They are embedded so the local stack, the seeding and the tests read the
// same bytes.
package data

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"partnerskap/internal/programme"
)

//go:embed rounds.json
var roundsJSON []byte

type roundsFile struct {
	Timezone string                     `json:"timezone"`
	RuleSets map[string]programme.Rules `json:"ruleSets"`
	Rounds   []struct {
		ID     string `json:"id"`
		NameSv string `json:"nameSv"`
		NameEn string `json:"nameEn"`
		Opens  string `json:"opens"`
		Closes string `json:"closes"`
		Budget int64  `json:"budget"`
		Rules  string `json:"rules"`
	} `json:"rounds"`
}

// Rounds returns the rounds of rounds.json with the status each should have
// at now by its instants. A round already over at now is closed with its
// review queued: it never took applications here, so the round job has
// nothing to move to review and no summary to send for it.
func Rounds(now time.Time) ([]programme.Round, error) {
	return ParseRounds(roundsJSON, now)
}

// ParseRounds reads a rounds file. Every round must be valid, and no two
// rounds may offer the same project type at overlapping times.
func ParseRounds(b []byte, now time.Time) ([]programme.Round, error) {
	var f roundsFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("rounds file: %w", err)
	}
	if f.Timezone != "Europe/Stockholm" {
		return nil, fmt.Errorf("rounds file: timezone %q: only Europe/Stockholm is supported", f.Timezone)
	}
	var out []programme.Round
	for _, fr := range f.Rounds {
		rules, ok := f.RuleSets[fr.Rules]
		if !ok {
			return nil, fmt.Errorf("round %s: unknown rule set %q", fr.ID, fr.Rules)
		}
		opens, err := parseLocal(fr.Opens)
		if err != nil {
			return nil, fmt.Errorf("round %s: opens: %w", fr.ID, err)
		}
		closes, err := parseLocal(fr.Closes)
		if err != nil {
			return nil, fmt.Errorf("round %s: closes: %w", fr.ID, err)
		}
		r := programme.Round{ID: fr.ID, NameSv: fr.NameSv, NameEn: fr.NameEn, OpensAt: opens, ClosesAt: closes,
			Budget: fr.Budget, Rules: rules}
		r.Status = r.StatusAt(now)
		if r.Status == programme.RoundClosed {
			// Over before it was seeded: it closed at its deadline, elsewhere.
			r.ClosedAt, r.ReviewQueued = r.ClosesAt, true
		}
		if err := r.Validate(); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := programme.CheckOverlaps(out); err != nil {
		return nil, err
	}
	return out, nil
}

func parseLocal(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, programme.Stockholm); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a local time like 2027-03-15T16:00", s)
}
