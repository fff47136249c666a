package programme

import (
	"errors"
	"time"
)

// ConfirmationRule is a round's rule on the confirmations: whether an
// application may be granted before its partner (and its Swedish
// signatory, if one was asked) has confirmed it, and until when they can
// answer.
type ConfirmationRule struct {
	// RequiredForGrant: an application whose partner was asked is granted
	// only once the partner has confirmed it, and its signatory too when
	// one was asked (a rejection needs nothing).
	RequiredForGrant bool `json:"requiredForGrant"`
	// DaysAfterDeadline: the partner and the signatory answer until this
	// many days after the round's deadline, at the same time of day; 0:
	// until the decision.
	DaysAfterDeadline int `json:"daysAfterDeadline"`
}

// MaxConfirmDays is the longest a rule may give partners after the deadline.
const MaxConfirmDays = 90

// AnswerBy is when the time to answer (the partner's and the signatory's)
// ends, if the round sets one.
func (r Round) AnswerBy() (time.Time, bool) {
	d := r.Rules.Confirmation.DaysAfterDeadline
	if d <= 0 {
		return time.Time{}, false
	}
	return r.ClosesAt.In(Stockholm).AddDate(0, 0, d), true
}

// ErrAnswerTooLate: the round's time for the partner to answer is over.
var ErrAnswerTooLate = errors.New("the time to answer is over")

// AnswerOpen says whether the partner or the signatory may still answer at now.
func (r Round) AnswerOpen(now time.Time) error {
	if by, ok := r.AnswerBy(); ok && !now.Before(by) {
		return ErrAnswerTooLate
	}
	return nil
}

// CodeNotConfirmedByPartner: a grant of an application its partner has not
// confirmed, in a round that requires the confirmation.
const CodeNotConfirmedByPartner = "not_confirmed_by_partner"

// CodeNotConfirmedBySignatory: a grant of an application the Swedish
// party's signatory was asked to confirm and has not, in a round that
// requires the confirmation.
const CodeNotConfirmedBySignatory = "not_confirmed_by_signatory"

// grantNeedsConfirmation is the problem with granting app in r, if any: its
// partner (or its signatory) was asked (an application from before
// partners were asked, or without a signatory, has no state) and has not
// confirmed, and the round requires it. The partner's is said first.
func grantNeedsConfirmation(app Application, r Round) *FieldError {
	if !r.Rules.Confirmation.RequiredForGrant {
		return nil
	}
	if s := app.PartnerAnswer.State; s != "" && s != ConfirmConfirmed {
		return &FieldError{Field: "outcome", Code: CodeNotConfirmedByPartner}
	}
	if s := app.SignatoryAnswer.State; s != "" && s != ConfirmConfirmed {
		return &FieldError{Field: "outcome", Code: CodeNotConfirmedBySignatory}
	}
	return nil
}
