package programme

import (
	"errors"
	"strconv"
	"time"

	"partnerskap/internal/i18n"
)

// AppWithdrawn is an application staff took out of its round: spam (a fake
// or abusive submission) or withdrawn by its applicant (WithdrawReason). A
// withdrawn application counts nowhere: it is not moved to review when the
// round closes, not in the staff summary, not a decision still to make, gets
// no decision email and is not published. Its GSI1 sort key starts with its
// status like any other's, so every listing by status leaves it out, and a
// listing of withdrawn ones finds it.
const AppWithdrawn AppStatus = "withdrawn"

// WithdrawReason is why an application was withdrawn.
type WithdrawReason string

const (
	// WithdrawSpam: a fake or abusive submission.
	WithdrawSpam WithdrawReason = "spam"
	// WithdrawByApplicant: the applicant asked to withdraw it.
	WithdrawByApplicant WithdrawReason = "withdrawn_by_applicant"
)

// WithdrawReasons are the reasons, in the order a form offers them.
var WithdrawReasons = []WithdrawReason{WithdrawSpam, WithdrawByApplicant}

// Withdrawal is staff's withdrawal of one application, as the rules allow it.
type Withdrawal struct {
	Reason WithdrawReason
	// From is the status the application had.
	From AppStatus
	// Previous is its decision, if it had one: withdrawing removes it (the
	// audit line keeps its outcome and amount).
	Previous *Decision
	// GiveBack is the granted amount that goes back to the round's budget
	// (0 unless it was granted).
	GiveBack int64
	By       string
	At       time.Time
}

// Errors of a withdrawal, besides ErrDecisionLocked (its decision email is
// queued: the applicant has been told, or is being told, the decision).
var (
	ErrAlreadyWithdrawn = errors.New("the application is withdrawn already")
	ErrNotWithdrawable  = errors.New("the application cannot be withdrawn in its status")
)

// CodeNoneChosen and CodeTooManyChosen: a batch without any application, or
// with more than its limit.
const (
	CodeNoneChosen    = "none_chosen"
	CodeTooManyChosen = "too_many_chosen"
)

// ParseWithdrawReason reads a reason as a form or a client sends it; an
// unknown or empty one is a field error on "reason".
func ParseWithdrawReason(s string) (WithdrawReason, FieldErrors) {
	for _, r := range WithdrawReasons {
		if string(r) == s {
			return r, nil
		}
	}
	return "", FieldErrors{{Field: "reason", Code: CodeInvalidChoice}}
}

// Withdraw checks that app may be withdrawn for reason, by by at now: only
// before its decision email is queued (DecisionQueued: after that the
// decision stands), from submitted, in review, granted or rejected. A
// granted one gives its amount back to the round's budget.
func Withdraw(app Application, reason WithdrawReason, by string, now time.Time) (Withdrawal, error) {
	if _, errs := ParseWithdrawReason(string(reason)); errs != nil {
		return Withdrawal{}, errs
	}
	switch {
	case app.Status == AppWithdrawn:
		return Withdrawal{}, ErrAlreadyWithdrawn
	case app.DecisionQueued:
		return Withdrawal{}, ErrDecisionLocked
	case app.Status != AppSubmitted && app.Status != AppInReview && app.Status != AppGranted && app.Status != AppRejected:
		return Withdrawal{}, ErrNotWithdrawable
	}
	w := Withdrawal{Reason: reason, From: app.Status, Previous: app.Decision, By: by, At: now}
	if app.Status == AppGranted && app.Decision != nil && app.Decision.Outcome == Granted {
		w.GiveBack = app.Decision.Amount
	}
	return w, nil
}

var withdrawReasonNames = map[WithdrawReason]i18n.Key{
	WithdrawSpam:        i18n.WithdrawSpam,
	WithdrawByApplicant: i18n.WithdrawByApplicant,
}

// WithdrawReasonName is a reason as a form offers it, in lang.
func WithdrawReasonName(r WithdrawReason, lang Lang) string {
	return label(withdrawReasonNames, r, lang)
}

var withdrawnNames = map[WithdrawReason]i18n.Key{
	WithdrawSpam:        i18n.WithdrawnSpam,
	WithdrawByApplicant: i18n.WithdrawnByApplicant,
}

// WithdrawnName is the status of an application withdrawn for r, with its
// reason, in lang ("Återkallad (skräp)"); the bare status for a reason not
// known here.
func WithdrawnName(r WithdrawReason, lang Lang) string {
	if k, ok := withdrawnNames[r]; ok {
		return k.In(lang)
	}
	return StatusName(AppWithdrawn, lang)
}

// withdrawnText is an AuditWithdrawn line in lang: what it became, what it
// was (with its decision, if any), and the amount given back, if any.
func withdrawnText(d map[string]string, lang Lang) string {
	from := StatusName(AppStatus(d["from"]), lang)
	if d["previousOutcome"] != "" {
		from = decisionText(d["previousOutcome"], d["previousAmount"], lang)
	}
	args := i18n.Args{"withdrawn": WithdrawnName(WithdrawReason(d["reason"]), lang), "from": from}
	if amount := d["amount"]; amount != "" && amount != "0" {
		args["amount"] = decisionAmount(amount, lang)
		return i18n.AuditWithdrawnGiveBack.Format(lang, args)
	}
	return i18n.AuditWithdrawn.Format(lang, args)
}

// decisionAmount is an amount of an audit line's details in lang, or the
// text as it is if it is not a number.
func decisionAmount(s string, lang Lang) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return s
	}
	return FormatSEK(n, lang)
}
