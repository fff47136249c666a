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
// or rejected; always with a motivation in Swedish, and in English if staff
// wrote one (see MotivationIn for who reads which).
type Decision struct {
	Outcome      Outcome   `json:"outcome"`
	Amount       int64     `json:"amount"`     // SEK; 0 when rejected
	Motivation   string    `json:"motivation"` // in Swedish
	MotivationEn string    `json:"motivationEn,omitempty"`
	DecidedBy    string    `json:"decidedBy"`
	DecidedAt    time.Time `json:"decidedAt"`
	// Plan is how a grant is to be followed up (its first day and its
	// reports' last days): the grant is made of it when the decision's
	// emails are queued. Nil on a rejection.
	Plan *GrantInput `json:"plan,omitempty"`
}

// MotivationIn is the motivation a reader of lang gets: in Swedish, the
// Swedish one; in English, the English one, or, if staff wrote none, the
// Swedish one with swedishOnly set: the reader must be told that it is in
// Swedish (the decision emails say so in English above it).
func (d Decision) MotivationIn(lang Lang) (text string, swedishOnly bool) {
	return MotivationIn(lang, d.Motivation, d.MotivationEn)
}

// MotivationIn is Decision.MotivationIn of a decision's two motivations.
func MotivationIn(lang Lang, sv, en string) (text string, swedishOnly bool) {
	if lang != English {
		return sv, false
	}
	if en == "" {
		return sv, true
	}
	return en, false
}

// DecisionRecipient is one recipient of an application's decision email.
type DecisionRecipient struct {
	Who  string // "swedish" or "partner": the party, and the end of its email's outbox id
	To   string // the contact's address
	Lang Lang   // the email's language
}

// DecisionRecipients are the recipients of an application's decision, in
// the order the emails are queued: the Swedish party's contact in the
// application's language, and the partner's contact in English (the
// programme's common language with partners abroad, whatever the
// application's language).
func DecisionRecipients(app Application) []DecisionRecipient {
	lang := Swedish
	if app.Lang == English {
		lang = English
	}
	var out []DecisionRecipient
	for _, r := range []DecisionRecipient{{Who: "swedish", To: app.SwedishParty.Email, Lang: lang}, {Who: "partner", To: app.Partner.Email, Lang: English}} {
		if _, erased := app.Redacted[recipientRole(r.Who)]; !erased { // no email to a person whose details were erased
			out = append(out, r)
		}
	}
	return out
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
	Motivation string `json:"motivation"` // in Swedish: required
	// MotivationEn is the motivation in English: optional; without it,
	// English readers get the Swedish one (Decision.MotivationIn).
	MotivationEn string `json:"motivationEn"`
	// Version is the application's version the decision was made on (0:
	// whatever it is now); another staff's change in between is a conflict.
	Version int64 `json:"version"`
	// Start and Deadlines plan a grant (GrantInput): the project's first
	// day (none: DefaultStart) and the years' reports' last days (none:
	// the round's rule). Ignored on a rejection.
	Start     time.Time   `json:"start,omitzero"`
	Deadlines []time.Time `json:"deadlines,omitempty"`
}

// DefaultStart is a grant's first day when staff set none: the first day
// of the month after the decision, in Swedish time.
func DefaultStart(decided time.Time) time.Time {
	y, m, _ := decided.In(Stockholm).Date()
	return time.Date(y, m+1, 1, 0, 0, 0, 0, Stockholm)
}

// maxMotivation is the most characters of a motivation, in each language.
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
	d.Motivation = motivation("motivation", in.Motivation, true, &errs)
	d.MotivationEn = motivation("motivationEn", in.MotivationEn, false, &errs)
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
		if e := grantNeedsConfirmation(app, r); e != nil {
			errs = append(errs, *e)
		}
		switch {
		case d.Amount <= 0:
			errs = append(errs, FieldError{Field: "amount", Code: CodePositiveAmount})
		case d.Amount > limit:
			errs = append(errs, FieldError{Field: "amount", Code: CodeOverGrantLimit, Args: []any{limit}})
		default:
			d.Plan = &GrantInput{Start: in.Start, Deadlines: in.Deadlines}
			if d.Plan.Start.IsZero() {
				d.Plan.Start = DefaultStart(now)
			}
			d.Plan.Start = midnight(d.Plan.Start, 0)
			granted := app
			granted.Status, granted.Decision = AppGranted, &d
			var fe FieldErrors
			if _, err := NewGrant(granted, r, *d.Plan); errors.As(err, &fe) {
				errs = append(errs, fe...)
			}
		}
	default:
		errs = append(errs, FieldError{Field: "outcome", Code: CodeInvalidChoice})
	}
	if errs != nil {
		return Decision{}, errs
	}
	return d, nil
}

// motivation checks a motivation as typed (line breaks made \n, trimmed):
// required or not, at most maxMotivation characters.
func motivation(field, s string, required bool, errs *FieldErrors) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	switch {
	case s == "":
		if required {
			*errs = append(*errs, FieldError{Field: field, Code: CodeRequired})
		}
	case utf8.RuneCountInString(s) > maxMotivation:
		*errs = append(*errs, FieldError{Field: field, Code: CodeTooLong, Args: []any{maxMotivation}})
	}
	return s
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
