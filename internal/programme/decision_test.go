package programme_test

import (
	"errors"
	"testing"

	"partnerskap/internal/programme"
)

func TestDecide(t *testing.T) {
	r := round(t, "2027-1")
	r.Status = programme.RoundClosed
	app, errs := programme.Validate(validInput(), r) // Uganda, project, 2 years, 450 000 + 500 000 asked
	if errs != nil {
		t.Fatal(errs)
	}
	app.Status = programme.AppInReview

	d, err := programme.Decide(programme.DecisionInput{Outcome: "granted", Amount: 950000, Motivation: " Bra. "}, app, r, "eva", now)
	if err != nil || d.Amount != 950000 || d.Motivation != "Bra." || d.DecidedBy != "eva" {
		t.Fatalf("granting what was asked: %+v %v", d, err)
	}
	for _, c := range []struct {
		name  string
		in    programme.DecisionInput
		field string
		code  string
	}{
		{"more than asked", programme.DecisionInput{Outcome: "granted", Amount: 950001, Motivation: "m"}, "amount", programme.CodeOverGrantLimit},
		{"zero", programme.DecisionInput{Outcome: "granted", Amount: 0, Motivation: "m"}, "amount", programme.CodePositiveAmount},
		{"negative", programme.DecisionInput{Outcome: "granted", Amount: -5, Motivation: "m"}, "amount", programme.CodePositiveAmount},
		{"no motivation", programme.DecisionInput{Outcome: "rejected", Motivation: "  "}, "motivation", programme.CodeRequired},
		{"rejection with an amount", programme.DecisionInput{Outcome: "rejected", Amount: 10, Motivation: "m"}, "amount", programme.CodeNoAmountOnRejection},
		{"unknown outcome", programme.DecisionInput{Outcome: "maybe", Motivation: "m"}, "outcome", programme.CodeInvalidChoice},
	} {
		_, err := programme.Decide(c.in, app, r, "eva", now)
		var fe programme.FieldErrors
		if !errors.As(err, &fe) {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if e, ok := fe.For(c.field); !ok || e.Code != c.code {
			t.Errorf("%s: %v, want %s on %s", c.name, fe, c.code, c.field)
		}
	}

	// The cap binds below what was asked: Serbia (Europe) caps a project at 450 000 a year.
	app.Partner.Country = "RS"
	if _, err := programme.Decide(programme.DecisionInput{Outcome: "granted", Amount: 900001, Motivation: "m"}, app, r, "eva", now); err == nil {
		t.Error("granted above two years of the European cap")
	}
	app.DecisionQueued = true
	if _, err := programme.Decide(programme.DecisionInput{Outcome: "rejected", Motivation: "m"}, app, r, "eva", now); !errors.Is(err, programme.ErrDecisionLocked) {
		t.Errorf("locked: %v", err)
	}
	app.DecisionQueued = false
	r.Status = programme.RoundOpen
	if _, err := programme.Decide(programme.DecisionInput{Outcome: "rejected", Motivation: "m"}, app, r, "eva", now); !errors.Is(err, programme.ErrRoundNotClosed) {
		t.Errorf("open round: %v", err)
	}
}

func TestGrantDelta(t *testing.T) {
	g := func(n int64) *programme.Decision { return &programme.Decision{Outcome: programme.Granted, Amount: n} }
	rej := programme.Decision{Outcome: programme.Rejected}
	if programme.GrantDelta(nil, *g(100)) != 100 || programme.GrantDelta(g(100), *g(40)) != -60 ||
		programme.GrantDelta(g(100), rej) != -100 || programme.GrantDelta(&rej, *g(7)) != 7 || programme.GrantDelta(nil, rej) != 0 {
		t.Fatal("GrantDelta")
	}
}

func TestOverBudgetMessageNamesWhatIsLeft(t *testing.T) {
	e := &programme.OverBudgetError{Remaining: 150000, Asked: 200000}
	if got := e.Message(programme.Swedish); got != "Beslutet skulle överskrida utlysningens budget: 150\u00a0000\u00a0kr återstår." {
		t.Fatal(got)
	}
	if got := e.Message(programme.English); got != "The decision would exceed the call's budget: SEK 150,000 is left." {
		t.Fatal(got)
	}
}
