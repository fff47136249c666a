package programme_test

import (
	"testing"
	"time"

	"partnerskap/internal/programme"
)

func TestStartProofAndWhatItOpens(t *testing.T) {
	closes := time.Date(2027, 3, 15, 16, 0, 0, 0, programme.Stockholm)
	r := programme.Round{ID: "2027-1", ClosesAt: closes}
	now := closes.Add(-time.Hour)
	for _, bad := range []string{"", "  ", "nope", "a@b", "Anna <a@kalix.se>", "a@kalix.se\r\nBcc: x@y.se"} {
		if _, errs := programme.StartProof(programme.StartInput{Round: r.ID, Email: bad}, r, "tok", now); errs == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
	p, errs := programme.StartProof(programme.StartInput{Round: r.ID, Email: " anna@kalix.example.se ", Lang: "en"}, r, "tok", now)
	if errs != nil || p.Email != "anna@kalix.example.se" || p.Lang != programme.English || p.TokenHash != programme.Hash("tok") ||
		!p.ExpiresAt.Equal(closes) || p.RoundID != r.ID {
		t.Fatalf("proof: %+v %v", p, errs)
	}
	for _, c := range []struct {
		round, ref string
		at         time.Time
		used       string
		want       string
	}{
		{"2027-1", "", now, "", ""},
		{"2027-1", "KP-1", now, "", ""},
		{"2027-2", "", now, "", programme.CodeProofRound},
		{"2027-1", "", closes, "", programme.CodeProofExpired},
		{"2027-1", "", closes.Add(-time.Millisecond), "", ""},
		{"2027-1", "KP-2", now, "KP-1", programme.CodeProofUsed},
		{"2027-1", "KP-1", now, "KP-1", ""}, // a replay of its own application
		{"2027-1", "", now, "KP-1", programme.CodeProofUsed},
	} {
		q := p
		q.UsedBy = c.used
		if got := q.Opens(c.round, c.ref, c.at); got != c.want {
			t.Errorf("%+v: %q, want %q", c, got, c.want)
		}
	}
	if id := programme.ProofID(p.TokenHash); len(id) != 24 || programme.EmailID(programme.AboutStart, id) != "start_"+id {
		t.Fatalf("proof id %q", id)
	}
}
