package programme

import (
	"errors"
	"testing"
	"time"
)

func TestPartnerAnswersUntilTheRoundsDay(t *testing.T) {
	r := Round{ID: "r", ClosesAt: time.Date(2027, 3, 15, 16, 0, 0, 0, Stockholm)}
	if _, ok := r.AnswerBy(); ok || r.AnswerOpen(r.ClosesAt.AddDate(1, 0, 0)) != nil {
		t.Fatal("a round without a day keeps answers open")
	}
	r.Rules.Confirmation.DaysAfterDeadline = 21
	by, ok := r.AnswerBy()
	// Summer time begins on 28 March 2027: the answer's last day keeps the hour in Swedish time.
	if !ok || !by.Equal(time.Date(2027, 4, 5, 16, 0, 0, 0, Stockholm)) {
		t.Fatalf("answer by %s", by)
	}
	if err := r.AnswerOpen(by.Add(-time.Millisecond)); err != nil {
		t.Errorf("a millisecond before: %v", err)
	}
	if err := r.AnswerOpen(by); !errors.Is(err, ErrAnswerTooLate) {
		t.Errorf("at the instant: %v", err)
	}
	r.Rules.Confirmation.DaysAfterDeadline = MaxConfirmDays + 1
	r.NameSv, r.NameEn, r.OpensAt, r.Budget = "a", "b", r.ClosesAt.Add(-time.Hour), 1
	r.Rules.Countries, r.Rules.Themes = []Country{{Code: "KE", NameSv: "Kenya", NameEn: "Kenya", Region: Africa}}, []Theme{"health"}
	r.Rules.Types = []TypeRule{{Type: Project, MinYears: 1, MaxYears: 1, Caps: map[Region]int64{Europe: 1, Africa: 1, Asia: 1, LatAm: 1}}}
	if err := r.Validate(); err == nil {
		t.Error("a rule of 91 days accepted")
	}
}

func TestGrantNeedsThePartnersConfirmationWhereTheRoundSays(t *testing.T) {
	r := Round{Status: RoundClosed, Rules: Rules{Countries: []Country{{Code: "KE", Region: Africa}},
		Types: []TypeRule{{Type: Project, MinYears: 1, MaxYears: 3, PerYear: true, Caps: map[Region]int64{Africa: 500_000}}}}}
	app := Application{Type: Project, Status: AppInReview, Partner: Party{Country: "KE"}, DurationYears: 1, BudgetPerYear: []int64{400_000}}
	grant := DecisionInput{Outcome: "granted", Amount: 400_000, Motivation: "Bra."}
	reject := DecisionInput{Outcome: "rejected", Motivation: "Nej."}
	for _, c := range []struct {
		name     string
		required bool
		state    string
		in       DecisionInput
		refused  bool
	}{
		{"not required, waiting", false, ConfirmWaiting, grant, false},
		{"required, confirmed", true, ConfirmConfirmed, grant, false},
		{"required, waiting", true, ConfirmWaiting, grant, true},
		{"required, declined", true, ConfirmDeclined, grant, true},
		{"required, never asked (submitted before partners were)", true, "", grant, false},
		{"required, waiting, a rejection", true, ConfirmWaiting, reject, false},
	} {
		r.Rules.Confirmation.RequiredForGrant = c.required
		app.PartnerAnswer.State = c.state
		_, err := Decide(c.in, app, r, "sub", time.Now())
		var fe FieldErrors
		got := errors.As(err, &fe) && len(fe) == 1 && fe[0].Code == CodeNotConfirmedByPartner && fe[0].Field == "outcome"
		if got != c.refused || (!c.refused && err != nil) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
