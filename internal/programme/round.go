// Package programme holds the rules of the Municipal Partnership Programme:
// rounds, their rules (countries, project types, caps), applications and their
// validation. It is pure Go: no AWS, no I/O, no clock of its own.
package programme

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Stockholm must resolve on provided.al2023 too.
)

// Stockholm is the programme's time zone: deadlines are set and shown in it.
var Stockholm = mustLoad("Europe/Stockholm")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("programme: time zone %s: %v", name, err))
	}
	return loc
}

// RoundStatus is where a round is in its life. It only moves forward.
type RoundStatus string

const (
	RoundScheduled RoundStatus = "scheduled"
	RoundOpen      RoundStatus = "open"
	RoundClosed    RoundStatus = "closed"
	RoundDecided   RoundStatus = "decided"
	RoundNotified  RoundStatus = "notified"
)

// Region groups partner countries for the budget caps.
type Region string

const (
	Europe Region = "europe"
	Africa Region = "africa"
	Asia   Region = "asia"
	LatAm  Region = "latam"
)

// Country is a partner country with its names in both languages.
type Country struct {
	Code   string `json:"code"`
	NameSv string `json:"nameSv"`
	NameEn string `json:"nameEn"`
	Region Region `json:"region"`
}

// Name returns the country's name in lang.
func (c Country) Name(lang Lang) string {
	if lang == English {
		return c.NameEn
	}
	return c.NameSv
}

// ProjectType is a kind of project the programme funds.
type ProjectType string

const (
	Inception           ProjectType = "inception"
	Project             ProjectType = "project"
	Dissemination       ProjectType = "dissemination"
	InceptionThreeParty ProjectType = "inception-three-party"
	ProjectThreeParty   ProjectType = "project-three-party"
	// SteeringGroup funds the politicians' steering group beside a project.
	SteeringGroup ProjectType = "steering-group"
	// Development is the development and expansion of a partnership.
	Development ProjectType = "development"
)

// MaxProjectYears is the longest a project may run, in years: no type's
// rule may allow more, and an application never asks for more.
const MaxProjectYears = 3

// TypeRule says how long a project of a type may run and how much it may ask for.
type TypeRule struct {
	Type     ProjectType `json:"type"`
	MinYears int         `json:"minYears"`
	MaxYears int         `json:"maxYears"`
	// PerYear: the caps apply to each year's budget; otherwise to the total.
	PerYear bool `json:"perYear"`
	// Caps in SEK by the partner country's region.
	Caps map[Region]int64 `json:"caps"`
	// ThreeParty types need a partner in an EU country as well.
	ThreeParty bool `json:"threeParty"`
	// Documents are the appendices the type asks for (documents.go).
	Documents []DocumentRule `json:"documents,omitempty"`
	// Team is how each partner's team is made up (team.go); nil: the
	// round was announced before teams were asked for, and any team goes.
	Team *TeamRule `json:"team,omitempty"`
}

// UsesYear says whether a project of the type may have a budget for
// project year y (1-based): its duration decides.
func (t TypeRule) UsesYear(y int) bool { return y >= 1 && y <= t.MaxYears }

// Cap returns the cap for a partner in region, and whether there is one.
func (t TypeRule) Cap(r Region) (int64, bool) {
	c, ok := t.Caps[r]
	return c, ok
}

// Theme is a shared challenge a project addresses.
type Theme string

// Rules travel with a round: which countries, types and themes it accepts.
type Rules struct {
	Countries   []Country  `json:"countries"`
	EUCountries []Country  `json:"euCountries,omitempty"`
	Types       []TypeRule `json:"types"`
	Themes      []Theme    `json:"themes"`
	// Confirmation is the rule on the partner's confirmation (confirmrule.go).
	Confirmation ConfirmationRule `json:"confirmation"`
	// Review is how applications are scored before the decision (review.go);
	// nil: the round was announced before reviews were recorded.
	Review *ReviewRule `json:"review,omitempty"`
	// Grant is how grants are followed up: report deadlines and documents
	// (grant.go); nil: the round was stored before, DefaultGrantRule applies.
	Grant *GrantRule `json:"grant,omitempty"`
}

// Country returns the partner country with the code, if the round accepts it.
func (r Rules) Country(code string) (Country, bool) { return findCountry(r.Countries, code) }

// EUCountry returns the EU country with the code, if the round accepts it.
func (r Rules) EUCountry(code string) (Country, bool) { return findCountry(r.EUCountries, code) }

func findCountry(list []Country, code string) (Country, bool) {
	for _, c := range list {
		if c.Code == code {
			return c, true
		}
	}
	return Country{}, false
}

// Type returns the rule for a project type, if the round offers it.
func (r Rules) Type(t ProjectType) (TypeRule, bool) {
	for _, tr := range r.Types {
		if tr.Type == t {
			return tr, true
		}
	}
	return TypeRule{}, false
}

// MaxYears is the longest any of the round's types may run: the budget
// years the form shows.
func (r Rules) MaxYears() int {
	longest := 0
	for _, t := range r.Types {
		longest = max(longest, t.MaxYears)
	}
	return min(longest, MaxProjectYears)
}

// TypesUsingYear are the round's types that may have a budget for project
// year y (1-based), in the round's order.
func (r Rules) TypesUsingYear(y int) []ProjectType {
	var out []ProjectType
	for _, t := range r.Types {
		if t.UsesYear(y) {
			out = append(out, t.Type)
		}
	}
	return out
}

// HasTheme says whether the round accepts the theme.
func (r Rules) HasTheme(t Theme) bool {
	for _, th := range r.Themes {
		if th == t {
			return true
		}
	}
	return false
}

// Round is one call for applications: exact instants, a budget and its rules.
type Round struct {
	ID     string `json:"id"`
	NameSv string `json:"nameSv"`
	NameEn string `json:"nameEn"`
	// Applications are accepted from OpensAt (inclusive) to ClosesAt (exclusive).
	OpensAt      time.Time   `json:"opensAt"`
	ClosesAt     time.Time   `json:"closesAt"`
	Status       RoundStatus `json:"status"`
	Budget       int64       `json:"budget"`
	GrantedTotal int64       `json:"grantedTotal"`
	Rules        Rules       `json:"rules"`
	Version      int64       `json:"version"`
	// Set when the round closes: when, and whether every application has
	// been moved to review and the staff summary queued.
	ClosedAt     time.Time `json:"closedAt,omitzero"`
	ReviewQueued bool      `json:"reviewQueued,omitempty"`
}

// Name returns the round's name in lang.
func (r Round) Name(lang Lang) string {
	if lang == English {
		return r.NameEn
	}
	return r.NameSv
}

// AcceptsAt says whether a submission made at t gets in: the round is open and
// t lies in [OpensAt, ClosesAt). The store checks the same condition again at
// write time, so this is the early, friendly answer, not the guarantee.
func (r Round) AcceptsAt(t time.Time) bool {
	return r.Status == RoundOpen && !t.Before(r.OpensAt) && t.Before(r.ClosesAt)
}

// StatusAt is the status a round should have at t by its instants alone, for
// a round that has not moved past closed (decisions are not a matter of time).
func (r Round) StatusAt(t time.Time) RoundStatus {
	switch {
	case r.Status == RoundDecided || r.Status == RoundNotified:
		return r.Status
	case t.Before(r.OpensAt):
		return RoundScheduled
	case t.Before(r.ClosesAt):
		return RoundOpen
	default:
		return RoundClosed
	}
}

// Validate checks a round's own data: instants in order, a budget, rules
// that make sense. It returns the first problem found.
func (r Round) Validate() error {
	switch {
	case r.ID == "":
		return fmt.Errorf("round: id is empty")
	case r.ID == "grants" || strings.Contains(r.ID, "/"):
		return fmt.Errorf("round %q: an id may not be %q or hold a slash (the documents' folders)", r.ID, "grants")
	case r.NameSv == "" || r.NameEn == "":
		return fmt.Errorf("round %s: name in both languages is required", r.ID)
	case !r.OpensAt.Before(r.ClosesAt):
		return fmt.Errorf("round %s: opens %s is not before closes %s", r.ID, r.OpensAt, r.ClosesAt)
	case r.Budget <= 0:
		return fmt.Errorf("round %s: budget must be positive", r.ID)
	case len(r.Rules.Countries) == 0 || len(r.Rules.Types) == 0 || len(r.Rules.Themes) == 0:
		return fmt.Errorf("round %s: rules need countries, types and themes", r.ID)
	}
	for _, t := range r.Rules.Types {
		if t.MinYears < 1 || t.MaxYears < t.MinYears || t.MaxYears > MaxProjectYears {
			return fmt.Errorf("round %s: type %s: years %d..%d out of 1..%d", r.ID, t.Type, t.MinYears, t.MaxYears, MaxProjectYears)
		}
		for _, reg := range []Region{Europe, Africa, Asia, LatAm} {
			if c, ok := t.Caps[reg]; !ok || c <= 0 {
				return fmt.Errorf("round %s: type %s: no positive cap for region %s", r.ID, t.Type, reg)
			}
		}
		if t.ThreeParty && len(r.Rules.EUCountries) == 0 {
			return fmt.Errorf("round %s: three-party type %s needs euCountries", r.ID, t.Type)
		}
		if err := t.Team.validate(); err != nil {
			return fmt.Errorf("round %s: type %s: team: %w", r.ID, t.Type, err)
		}
		seen := map[DocumentKind]bool{}
		for _, d := range t.Documents {
			if err := d.validate(); err != nil {
				return fmt.Errorf("round %s: type %s: %w", r.ID, t.Type, err)
			}
			if seen[d.Kind] {
				return fmt.Errorf("round %s: type %s: document %s twice", r.ID, t.Type, d.Kind)
			}
			seen[d.Kind] = true
		}
	}
	if d := r.Rules.Confirmation.DaysAfterDeadline; d < 0 || d > MaxConfirmDays {
		return fmt.Errorf("round %s: confirmation daysAfterDeadline %d out of 0..%d", r.ID, d, MaxConfirmDays)
	}
	if err := r.Rules.Review.validate(); err != nil {
		return fmt.Errorf("round %s: review: %w", r.ID, err)
	}
	if err := r.Rules.Grant.validate(); err != nil {
		return fmt.Errorf("round %s: grant: %w", r.ID, err)
	}
	for _, c := range append(append([]Country{}, r.Rules.Countries...), r.Rules.EUCountries...) {
		if c.Code == "" || c.NameSv == "" || c.NameEn == "" {
			return fmt.Errorf("round %s: country %+v lacks code or names", r.ID, c)
		}
	}
	return nil
}

// CurrentRounds returns the rounds accepting submissions at t, in the order given.
func CurrentRounds(rounds []Round, t time.Time) []Round {
	var open []Round
	for _, r := range rounds {
		if r.AcceptsAt(t) {
			open = append(open, r)
		}
	}
	return open
}

// OverlapError: rounds A and B both offer Type at overlapping times.
type OverlapError struct {
	A, B Round
	Type ProjectType
}

func (e *OverlapError) Error() string {
	return fmt.Sprintf("rounds %s and %s both offer %s at overlapping times", e.A.ID, e.B.ID, e.Type)
}

// CheckOverlaps refuses two rounds that offer the same project type at
// overlapping times: a submission must belong to exactly one round.
func CheckOverlaps(rounds []Round) error {
	for i, a := range rounds {
		for _, b := range rounds[i+1:] {
			if a.ID == b.ID {
				return fmt.Errorf("round %s appears twice", a.ID)
			}
			if !a.OpensAt.Before(b.ClosesAt) || !b.OpensAt.Before(a.ClosesAt) {
				continue
			}
			for _, t := range a.Rules.Types {
				if _, ok := b.Rules.Type(t.Type); ok {
					return &OverlapError{A: a, B: b, Type: t.Type}
				}
			}
		}
	}
	return nil
}
