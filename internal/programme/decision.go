package programme

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Outcome is a decision on an application.
type Outcome string

const (
	Granted  Outcome = "granted"
	Rejected Outcome = "rejected"
)

// Decision is staff's decision on an application: granted with an amount,
// or rejected; always with a motivation.
type Decision struct {
	Outcome    Outcome   `json:"outcome"`
	Amount     int64     `json:"amount"` // SEK; 0 when rejected
	Motivation string    `json:"motivation"`
	DecidedBy  string    `json:"decidedBy"`
	DecidedAt  time.Time `json:"decidedAt"`
}

// Errors of a decision.
var (
	ErrRoundNotClosed = errors.New("decisions are made on a closed round only")
	ErrDecisionLocked = errors.New("the decision email is queued; the decision can no longer change")
	ErrNotUnderReview = errors.New("the application is not in review")
)

// DecisionInput is a decision as staff enter it.
type DecisionInput struct {
	Outcome    string `json:"outcome"`
	Amount     int64  `json:"amount"`
	Motivation string `json:"motivation"`
	// Version is the application's version the decision was made on (0:
	// whatever it is now); another staff's change in between is a conflict.
	Version int64 `json:"version"`
}

const maxMotivation = 4000

// Decide checks a decision on app in round r and returns it, or the
// field-level problems. An amount must be a whole positive number of
// kronor, not above what was asked for nor above the cap for the type and
// the partner's region (a yearly cap counts once per year).
func Decide(in DecisionInput, app Application, r Round, by string, now time.Time) (Decision, error) {
	switch {
	case app.DecisionQueued:
		return Decision{}, ErrDecisionLocked
	case r.Status != RoundClosed:
		return Decision{}, ErrRoundNotClosed
	case app.Status != AppInReview && app.Status != AppGranted && app.Status != AppRejected:
		return Decision{}, ErrNotUnderReview
	}
	var errs FieldErrors
	d := Decision{Outcome: Outcome(in.Outcome), Amount: in.Amount, DecidedBy: by, DecidedAt: now}
	d.Motivation = strings.TrimSpace(strings.ReplaceAll(in.Motivation, "\r\n", "\n"))
	switch {
	case d.Motivation == "":
		errs = append(errs, FieldError{Field: "motivation", Code: CodeRequired})
	case utf8.RuneCountInString(d.Motivation) > maxMotivation:
		errs = append(errs, FieldError{Field: "motivation", Code: CodeTooLong, Args: []any{maxMotivation}})
	}
	switch d.Outcome {
	case Rejected:
		if d.Amount != 0 {
			errs = append(errs, FieldError{Field: "amount", Code: CodeNoAmountOnRejection})
		}
	case Granted:
		limit := app.RequestedTotal()
		if rule, ok := r.Rules.Type(app.Type); ok {
			if c, ok := r.Rules.Country(app.Partner.Country); ok {
				if cap, ok := rule.Cap(c.Region); ok {
					if rule.PerYear {
						cap *= int64(app.DurationYears)
					}
					limit = min(limit, cap)
				}
			}
		}
		switch {
		case d.Amount <= 0:
			errs = append(errs, FieldError{Field: "amount", Code: CodePositiveAmount})
		case d.Amount > limit:
			errs = append(errs, FieldError{Field: "amount", Code: CodeOverGrantLimit, Args: []any{limit}})
		}
	default:
		errs = append(errs, FieldError{Field: "outcome", Code: CodeInvalidChoice})
	}
	if errs != nil {
		return Decision{}, errs
	}
	return d, nil
}

// GrantDelta is how much a new decision changes the round's granted total,
// given the application's previous decision (nil if none).
func GrantDelta(prev *Decision, next Decision) int64 {
	var before int64
	if prev != nil && prev.Outcome == Granted {
		before = prev.Amount
	}
	var after int64
	if next.Outcome == Granted {
		after = next.Amount
	}
	return after - before
}

// OverBudgetError says how much of the round's budget is left.
type OverBudgetError struct {
	Remaining int64
	Asked     int64
}

func (e *OverBudgetError) Error() string {
	return fmt.Sprintf("over budget: %d SEK asked, %d SEK left", e.Asked, e.Remaining)
}
