package programme_test

import (
	"errors"
	"testing"

	"partnerskap/internal/programme"
)

// An application can be withdrawn from submitted, in review, granted or
// rejected, until its decision email is queued; a granted one gives its
// amount back; the reason must be one of the two.
func TestWithdraw(t *testing.T) {
	granted := &programme.Decision{Outcome: programme.Granted, Amount: 450000, Motivation: "m"}
	rejected := &programme.Decision{Outcome: programme.Rejected, Motivation: "m"}
	for _, c := range []struct {
		name     string
		app      programme.Application
		reason   programme.WithdrawReason
		err      error
		giveBack int64
	}{
		{"submitted", programme.Application{Status: programme.AppSubmitted}, programme.WithdrawSpam, nil, 0},
		{"in review", programme.Application{Status: programme.AppInReview}, programme.WithdrawByApplicant, nil, 0},
		{"granted", programme.Application{Status: programme.AppGranted, Decision: granted}, programme.WithdrawSpam, nil, 450000},
		{"rejected", programme.Application{Status: programme.AppRejected, Decision: rejected}, programme.WithdrawSpam, nil, 0},
		{"granted, email queued", programme.Application{Status: programme.AppGranted, Decision: granted, DecisionQueued: true},
			programme.WithdrawSpam, programme.ErrDecisionLocked, 0},
		{"rejected, email queued", programme.Application{Status: programme.AppRejected, Decision: rejected, DecisionQueued: true},
			programme.WithdrawByApplicant, programme.ErrDecisionLocked, 0},
		{"withdrawn already", programme.Application{Status: programme.AppWithdrawn}, programme.WithdrawSpam, programme.ErrAlreadyWithdrawn, 0},
		{"a status this version does not know", programme.Application{Status: "draft"}, programme.WithdrawSpam, programme.ErrNotWithdrawable, 0},
	} {
		w, err := programme.Withdraw(c.app, c.reason, "eva", now)
		if !errors.Is(err, c.err) {
			t.Errorf("%s: %v, want %v", c.name, err, c.err)
			continue
		}
		if err != nil {
			continue
		}
		if w.GiveBack != c.giveBack || w.From != c.app.Status || w.Reason != c.reason || w.By != "eva" || !w.At.Equal(now) || w.Previous != c.app.Decision {
			t.Errorf("%s: %+v", c.name, w)
		}
	}
	for _, reason := range []string{"", "fraud", "SPAM"} {
		_, err := programme.Withdraw(programme.Application{Status: programme.AppInReview}, programme.WithdrawReason(reason), "eva", now)
		var fe programme.FieldErrors
		if !errors.As(err, &fe) || len(fe) != 1 || fe[0].Field != "reason" || fe[0].Code != programme.CodeInvalidChoice {
			t.Errorf("reason %q: %v, want a field error on reason", reason, err)
		}
	}
	if r, errs := programme.ParseWithdrawReason("withdrawn_by_applicant"); errs != nil || r != programme.WithdrawByApplicant {
		t.Errorf("ParseWithdrawReason: %q %v", r, errs)
	}
}

// The withdrawn status, its reasons and its audit line read in both
// languages; the audit line names the decision it undid and the amount
// given back.
func TestWithdrawnTexts(t *testing.T) {
	if sv, en := programme.StatusName(programme.AppWithdrawn, programme.Swedish), programme.StatusName(programme.AppWithdrawn, programme.English); sv != "Återkallad" || en != "Withdrawn" {
		t.Errorf("status: %q / %q", sv, en)
	}
	if sv, en := programme.WithdrawnName(programme.WithdrawSpam, programme.Swedish), programme.WithdrawnName(programme.WithdrawByApplicant, programme.English); sv != "Återkallad (skräp)" || en != "Withdrawn by the applicant" {
		t.Errorf("withdrawn names: %q / %q", sv, en)
	}
	if got := programme.WithdrawnName("other", programme.English); got != "Withdrawn" {
		t.Errorf("an unknown reason: %q", got)
	}
	for _, r := range programme.WithdrawReasons {
		if programme.WithdrawReasonName(r, programme.Swedish) == string(r) || programme.WithdrawReasonName(r, programme.English) == string(r) {
			t.Errorf("reason %s has no label", r)
		}
	}
	for _, c := range []struct {
		e      programme.AuditEntry
		sv, en string
	}{
		{programme.AuditEntry{Code: programme.AuditWithdrawn, Detail: map[string]string{"reason": "spam", "from": "granted",
			"previousOutcome": "granted", "previousAmount": "450000", "amount": "450000"}},
			"Återkallad (skräp); tidigare Beviljad, 450\u00a0000\u00a0kr; 450\u00a0000\u00a0kr tillbaka i utlysningens budget",
			"Withdrawn (spam); before: Granted, SEK 450,000; SEK 450,000 back in the call's budget"},
		{programme.AuditEntry{Code: programme.AuditWithdrawn, Detail: map[string]string{"reason": "withdrawn_by_applicant", "from": "in_review"}},
			"Återkallad av sökanden; tidigare Under granskning", "Withdrawn by the applicant; before: In review"},
		{programme.AuditEntry{Code: programme.AuditWithdrawn, Detail: map[string]string{"reason": "spam", "from": "rejected",
			"previousOutcome": "rejected", "previousAmount": "0"}},
			"Återkallad (skräp); tidigare Avslagen", "Withdrawn (spam); before: Rejected"},
	} {
		if sv, en := programme.AuditText(c.e, programme.Swedish), programme.AuditText(c.e, programme.English); sv != c.sv || en != c.en {
			t.Errorf("%v: %q / %q, want %q / %q", c.e.Detail, sv, en, c.sv, c.en)
		}
	}
	if msg := (programme.FieldError{Field: "ref", Code: programme.CodeTooManyChosen, Args: []any{100}}).Message(programme.English); msg != "Applications to mark: choose at most 100 at a time." {
		t.Errorf("too many: %q", msg)
	}
}

// A withdrawn application is not decided on.
func TestNoDecisionOnAWithdrawnApplication(t *testing.T) {
	r := round(t, "2027-1")
	r.Status = programme.RoundClosed
	app, errs := programme.Validate(validInput(), r)
	if errs != nil {
		t.Fatal(errs)
	}
	app.Status = programme.AppWithdrawn
	if _, err := programme.Decide(programme.DecisionInput{Outcome: "rejected", Motivation: "m"}, app, r, "eva", now); !errors.Is(err, programme.ErrNotUnderReview) {
		t.Fatalf("decision on a withdrawn application: %v", err)
	}
}
