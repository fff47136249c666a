package programme

import (
	"errors"
	"slices"
	"strings"
)

// MaxDeclaredConflicts is the most organisations and countries a reviewer
// declares up front, each.
const MaxDeclaredConflicts = 50

// DeclareConflicts sets the organisations and partner countries a reviewer
// declares a conflict of interest with before seeing any application: each
// organisation one applications name (IsSwedishOrganisation), each country
// one of the round's (its code); empty entries are dropped, doubles kept
// once. The conflicts with single applications declared on opening them
// stay. Field errors: organisations, countries.
func DeclareConflicts(r Reviewer, organisations, countries []string, rules Rules) (Reviewer, FieldErrors) {
	var errs FieldErrors
	var out []Conflict
	for _, c := range r.Conflicts {
		if c.Kind == ConflictApplication {
			out = append(out, c)
		}
	}
	add := func(kind ConflictKind, field string, values []string, valid func(string) bool, invalid string) {
		n := 0
		for _, v := range values {
			v = strings.TrimSpace(v)
			c := Conflict{Kind: kind, Value: v}
			switch {
			case v == "" || slices.Contains(out, c):
				continue
			case !valid(v):
				errs = append(errs, FieldError{Field: field, Code: invalid, Args: []any{v}})
				return
			}
			if n++; n > MaxDeclaredConflicts {
				errs = append(errs, FieldError{Field: field, Code: CodeTooLong, Args: []any{MaxDeclaredConflicts}})
				return
			}
			out = append(out, c)
		}
	}
	add(ConflictOrganisation, "organisations", organisations, IsSwedishOrganisation, CodeNotAnOrganisation)
	add(ConflictCountry, "countries", countries, func(code string) bool { _, ok := rules.Country(code); return ok }, CodeCountryNotInRound)
	if errs != nil {
		return r, errs
	}
	r.Conflicts = out
	return r, nil
}

// Declared are the reviewer's conflicts of kind, their values in order.
func (r Reviewer) Declared(kind ConflictKind) []string {
	var out []string
	for _, c := range r.Conflicts {
		if c.Kind == kind {
			out = append(out, c.Value)
		}
	}
	return out
}

// ErrSheetLocked: a submitted score sheet changes only after staff reopen it.
var ErrSheetLocked = errors.New("the score sheet is submitted; staff can reopen it")

// ForAssessment is an application as a reviewer reads it: the project, its
// organisations, countries, budget, team (its composition is assessed) and
// documents, the parties' confirmations (answered or not); no contact
// person's name, email or phone, no signatory, no one's name on an answer.
func ForAssessment(a Application) Application {
	strip := func(p Party) Party { return Party{Organisation: p.Organisation, Country: p.Country} }
	a.SwedishParty, a.Partner = strip(a.SwedishParty), strip(a.Partner)
	if a.ThirdParty != nil {
		tp := strip(*a.ThirdParty)
		a.ThirdParty = &tp
	}
	a.Signatory = nil
	a.PartnerAnswer = Confirmation{State: a.PartnerAnswer.State, At: a.PartnerAnswer.At}
	a.SignatoryAnswer = Confirmation{State: a.SignatoryAnswer.State, At: a.SignatoryAnswer.At}
	a.Decision = nil // the meeting's, not the reviewer's
	return a
}
