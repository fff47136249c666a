package programme

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// AppStatus is where an application is in its life.
type AppStatus string

const (
	AppSubmitted AppStatus = "submitted"
	AppInReview  AppStatus = "in_review"
	AppGranted   AppStatus = "granted"
	AppRejected  AppStatus = "rejected"
)

// PartyInput is one party of an application as typed by the applicant.
type PartyInput struct {
	Organisation string `json:"organisation"`
	Country      string `json:"country,omitempty"`
	ContactName  string `json:"contactName"`
	Email        string `json:"email"`
	Phone        string `json:"phone,omitempty"`
}

// SignatoryInput is the Swedish party's signatory (firmatecknare) as typed:
// the person who signs for the municipality or region, when that is not
// the contact who fills in the form.
type SignatoryInput struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Input is an application as it arrives, before validation. The JSON names
// are also the form's field names (dotted for nested fields), so an error for
// "partner.email" points at the same field in both.
type Input struct {
	Round string `json:"round"`
	Token string `json:"token,omitempty"`
	// Proof is the secret of the link that proved the Swedish contact's
	// address (Proof): the application is submitted behind it.
	Proof         string      `json:"proof,omitempty"`
	Lang          string      `json:"lang"`
	SwedishParty  PartyInput  `json:"swedishParty"`
	Partner       PartyInput  `json:"partner"`
	ThirdParty    *PartyInput `json:"thirdParty,omitempty"`
	Type          string      `json:"type"`
	Theme         string      `json:"theme"`
	Title         string      `json:"title"`
	Summary       string      `json:"summary"`
	Objectives    string      `json:"objectives"`
	DurationYears int         `json:"durationYears"`
	BudgetPerYear []int64     `json:"budgetPerYear"`
	Team          *TeamInput  `json:"team,omitempty"`

	// Signatory is the Swedish party's signatory, optional: none (or the
	// contact's own address) means the contact signs.
	Signatory *SignatoryInput `json:"signatory,omitempty"`
}

// Party is a validated party.
type Party struct {
	Organisation string `json:"organisation"`
	Country      string `json:"country,omitempty"`
	ContactName  string `json:"contactName"`
	Email        string `json:"email"`
	Phone        string `json:"phone,omitempty"`
}

// Signatory is the Swedish party's signatory, validated: a contact detail
// of the Swedish party (erased with its contact's). The signatory confirms
// the application itself, as the partner does (SignatoryAnswer).
type Signatory struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Application is a validated application. Ref, SubmittedAt, Status and
// Version are set when it is stored.
type Application struct {
	Ref           string      `json:"reference"`
	RoundID       string      `json:"round"`
	Lang          Lang        `json:"lang"`
	SwedishParty  Party       `json:"swedishParty"`
	Signatory     *Signatory  `json:"signatory,omitempty"` // nil: the Swedish contact signs
	Partner       Party       `json:"partner"`
	ThirdParty    *Party      `json:"thirdParty,omitempty"`
	Type          ProjectType `json:"type"`
	Theme         Theme       `json:"theme"`
	Title         string      `json:"title"`
	Summary       string      `json:"summary"`
	Objectives    string      `json:"objectives"`
	DurationYears int         `json:"durationYears"`
	BudgetPerYear []int64     `json:"budgetPerYear"`
	Team          []Member    `json:"team,omitempty"`
	// Documents are the appendices uploaded behind the link, as they were
	// at submission (documents.go).
	Documents   []Document `json:"documents,omitempty"`
	Status      AppStatus  `json:"status"`
	SubmittedAt time.Time  `json:"submittedAt"`
	Version     int64      `json:"version"`
	// Decision is staff's, once made; DecisionQueued locks it (its email is queued).
	Decision       *Decision `json:"decision,omitempty"`
	DecisionQueued bool      `json:"decisionQueued,omitempty"`
	// PartnerAnswer is the partner's confirmation (State "" for an
	// application submitted before partners were asked).
	PartnerAnswer Confirmation `json:"-"`
	// SignatoryAnswer is the signatory's confirmation (State "" when there
	// is no signatory).
	SignatoryAnswer Confirmation `json:"-"`
	// Redacted: when each party's contact details were erased (on request,
	// or by the retention rules); their fields then hold Redacted.
	Redacted map[PartyRole]time.Time `json:"redacted,omitempty"`
	// ArchiveUntil: a granted project's archive period ends (RetainGranted).
	ArchiveUntil time.Time `json:"archiveUntil,omitzero"`
}

// RequestedTotal is the sum of the yearly budgets.
func (a Application) RequestedTotal() int64 {
	var sum int64
	for _, b := range a.BudgetPerYear {
		sum += b
	}
	return sum
}

// Field length limits, in characters.
const (
	maxName  = 100
	maxOrg   = 200
	maxTitle = 200
	maxText  = 4000
	maxEmail = 254
)

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()\-]{5,24}$`)

// Validate checks an input against a round's rules and returns the
// application it describes, or every problem found, field by field. It does
// not look at the clock: whether the round accepts submissions now is the
// caller's (and the store's) question.
func Validate(in Input, r Round) (Application, FieldErrors) {
	v := validator{}
	app := Application{RoundID: r.ID, Lang: Swedish}

	switch in.Lang {
	case "", string(Swedish):
	case string(English):
		app.Lang = English
	default:
		v.add("lang", CodeInvalidChoice)
	}

	sw := v.party("swedishParty", in.SwedishParty, true, nil)
	if sw.Organisation != "" && !IsSwedishOrganisation(sw.Organisation) {
		v.add("swedishParty.organisation", CodeUnknownOrganisation)
	}
	app.SwedishParty = sw
	app.Signatory = v.signatory(in.Signatory, sw.Email)

	var partnerCountry Country
	partner := v.party("partner", in.Partner, false, func(code string) {
		if code == "" {
			v.add("partner.country", CodeRequired)
		} else if c, ok := r.Rules.Country(code); ok {
			partnerCountry = c
		} else {
			v.add("partner.country", CodeCountryNotInRound)
		}
	})
	app.Partner = partner

	rule, typeOK := r.Rules.Type(ProjectType(in.Type))
	switch {
	case in.Type == "":
		v.add("type", CodeRequired)
	case !typeOK:
		v.add("type", CodeTypeNotOffered)
	}
	app.Type = ProjectType(in.Type)

	if typeOK && rule.ThreeParty {
		if in.ThirdParty == nil {
			v.add("thirdParty.organisation", CodeRequired)
		} else {
			tp := v.party("thirdParty", *in.ThirdParty, false, func(code string) {
				if code == "" {
					v.add("thirdParty.country", CodeRequired)
				} else if _, ok := r.Rules.EUCountry(code); !ok {
					v.add("thirdParty.country", CodeCountryNotInRound)
				}
			})
			app.ThirdParty = &tp
		}
	} else if in.ThirdParty != nil && !in.ThirdParty.empty() {
		v.add("thirdParty.organisation", CodeThirdPartyNotAllowed)
	}

	switch {
	case in.Theme == "":
		v.add("theme", CodeRequired)
	case !r.Rules.HasTheme(Theme(in.Theme)):
		v.add("theme", CodeInvalidChoice)
	}
	app.Theme = Theme(in.Theme)

	app.Title = v.line("title", in.Title, maxTitle, true)
	app.Summary = v.text("summary", in.Summary, maxText)
	app.Objectives = v.text("objectives", in.Objectives, maxText)

	app.DurationYears = in.DurationYears
	app.BudgetPerYear = append([]int64(nil), in.BudgetPerYear...)
	durationOK := false
	switch {
	case in.DurationYears == 0:
		v.add("durationYears", CodeRequired)
	case typeOK && rule.MinYears == rule.MaxYears && in.DurationYears != rule.MaxYears:
		v.add("durationYears", CodeDurationExact, rule.MaxYears, rule.Type)
	case typeOK && (in.DurationYears < rule.MinYears || in.DurationYears > rule.MaxYears):
		v.add("durationYears", CodeDurationRange, rule.MinYears, rule.MaxYears)
	case in.DurationYears < 1 || in.DurationYears > MaxProjectYears:
		v.add("durationYears", CodeDurationRange, 1, MaxProjectYears)
	default:
		durationOK = true
	}
	v.budget(in, rule, typeOK, durationOK, partnerCountry)
	app.Team = v.team(in.Team, rule, typeOK)

	return app, v.errs
}

func (p PartyInput) empty() bool {
	return strings.TrimSpace(p.Organisation+p.Country+p.ContactName+p.Email+p.Phone) == ""
}

type validator struct{ errs FieldErrors }

func (v *validator) add(field, code string, args ...any) {
	v.errs = append(v.errs, FieldError{Field: field, Code: code, Args: args})
}

// party checks a party's fields in the form's order: organisation, its
// country (checked by country, if the party has one), contact, email, phone;
// the errors come out in that order too, as the form's error summary lists them.
func (v *validator) party(prefix string, in PartyInput, phoneRequired bool, country func(code string)) Party {
	p := Party{Organisation: v.line(prefix+".organisation", in.Organisation, maxOrg, true), Country: strings.TrimSpace(in.Country)}
	if country != nil {
		country(p.Country)
	}
	p.ContactName = v.line(prefix+".contactName", in.ContactName, maxName, true)
	p.Email = v.email(prefix+".email", in.Email)
	p.Phone = v.line(prefix+".phone", in.Phone, 30, phoneRequired)
	if p.Phone != "" && !phonePattern.MatchString(p.Phone) {
		v.add(prefix+".phone", CodeInvalidPhone)
	}
	return p
}

// signatory checks the Swedish party's signatory, if one is given: a name
// and an address. The contact's own address means the contact signs: no
// separate signatory.
func (v *validator) signatory(in *SignatoryInput, contact string) *Signatory {
	if in == nil || strings.TrimSpace(in.Name+in.Email) == "" {
		return nil
	}
	if contact != "" && strings.EqualFold(strings.TrimSpace(in.Email), contact) {
		return nil
	}
	return &Signatory{Name: v.line("signatory.name", in.Name, maxName, true), Email: v.email("signatory.email", in.Email)}
}

// line checks a one-line value: it may end up in an email header, so no line
// breaks or other control characters.
func (v *validator) line(field, s string, max int, required bool) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		if required {
			v.add(field, CodeRequired)
		}
	case !utf8.ValidString(s):
		v.add(field, CodeInvalidText)
	case strings.ContainsFunc(s, unicode.IsControl):
		v.add(field, CodeLineBreak)
	case utf8.RuneCountInString(s) > max:
		v.add(field, CodeTooLong, max)
	}
	return s
}

// text checks a free text: line breaks and tabs are fine, other control
// characters are not. HTML is kept as typed; every page escapes it.
func (v *validator) text(field, s string, max int) string {
	s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
	switch {
	case s == "":
		v.add(field, CodeRequired)
	case !utf8.ValidString(s):
		v.add(field, CodeInvalidText)
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }):
		v.add(field, CodeInvalidText)
	case utf8.RuneCountInString(s) > max:
		v.add(field, CodeTooLong, max)
	}
	return s
}

func (v *validator) email(field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		v.add(field, CodeRequired)
		return s
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		v.add(field, CodeLineBreak)
		return s
	}
	if !ValidEmail(s) {
		v.add(field, CodeInvalidEmail)
	}
	return s
}

// ValidEmail accepts a bare address (no display name) with a dotted domain.
func ValidEmail(s string) bool {
	if len(s) > maxEmail || strings.ContainsAny(s, " <>\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

func (v *validator) budget(in Input, rule TypeRule, typeOK, durationOK bool, partner Country) {
	if len(in.BudgetPerYear) == 0 {
		v.add("budgetPerYear", CodeRequired)
		return
	}
	if len(in.BudgetPerYear) > MaxProjectYears {
		v.add("budgetPerYear", CodeBudgetYears)
		return
	}
	ok := true
	for i, b := range in.BudgetPerYear {
		if typeOK && !rule.UsesYear(i+1) {
			// A year the type does not run: to be left empty.
			if b != 0 {
				v.add(BudgetField(i), CodeYearBeyondType, rule.Type, rule.MaxYears)
				ok = false
			}
			continue
		}
		if b <= 0 {
			v.add(BudgetField(i), CodePositiveAmount)
			ok = false
		}
	}
	if !ok || !durationOK {
		return
	}
	if len(in.BudgetPerYear) != in.DurationYears {
		v.add("budgetPerYear", CodeBudgetYears)
		return
	}
	if !typeOK || partner.Region == "" {
		return // the cap depends on type and country, which are reported already
	}
	limit, _ := rule.Cap(partner.Region)
	if rule.PerYear {
		for i, b := range in.BudgetPerYear {
			if b > limit {
				v.add(BudgetField(i), CodeOverCapPerYear, limit)
			}
		}
		return
	}
	var total int64
	for _, b := range in.BudgetPerYear {
		total += b
	}
	if total > limit {
		v.add("budgetPerYear", CodeOverCapTotal, limit)
	}
}

// BudgetField is the field name of year i's budget (0-based i; names are 1-based).
func BudgetField(i int) string {
	return "budgetPerYear." + string(rune('1'+i))
}
