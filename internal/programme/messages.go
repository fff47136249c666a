package programme

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Lang is the applicant's language: Swedish (the default) or English.
type Lang string

const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// ParseLang returns the language named by s, Swedish for anything unknown.
func ParseLang(s string) Lang {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "en") {
		return English
	}
	return Swedish
}

// Error codes of field errors.
const (
	CodeRequired             = "required"
	CodeTooLong              = "too_long"
	CodeInvalidText          = "invalid_text"
	CodeLineBreak            = "line_break"
	CodeInvalidEmail         = "invalid_email"
	CodeInvalidPhone         = "invalid_phone"
	CodeInvalidChoice        = "invalid_choice"
	CodeUnknownOrganisation  = "unknown_organisation"
	CodeCountryNotInRound    = "country_not_in_round"
	CodeTypeNotOffered       = "type_not_offered"
	CodeThirdPartyNotAllowed = "third_party_not_allowed"
	CodeDurationRange        = "duration_range"
	CodeBudgetYears          = "budget_years"
	CodePositiveAmount       = "positive_amount"
	CodeOverCapPerYear       = "over_cap_per_year"
	CodeOverCapTotal         = "over_cap_total"
	CodeNotANumber           = "not_a_number"
	CodeWrongType            = "wrong_type"
	CodeUnknownField         = "unknown_field"
	CodeUnknownRound         = "unknown_round"
	CodeInvalidToken         = "invalid_token"
	CodeNoAmountOnRejection  = "no_amount_on_rejection"
	CodeOverGrantLimit       = "over_grant_limit"
)

// FieldError is one problem with one field.
type FieldError struct {
	Field string
	Code  string
	Args  []any
}

// Message is the error in lang, starting with the field's label.
func (e FieldError) Message(lang Lang) string {
	t, ok := reasons[e.Code]
	if !ok {
		t = reasons[CodeInvalidText]
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		if n, ok := a.(int64); ok {
			args[i] = FormatSEK(n, lang)
		} else {
			args[i] = a
		}
	}
	return FieldLabel(e.Field, lang) + ": " + fmt.Sprintf(t.pick(lang), args...)
}

// FieldErrors are all the problems found in one input.
type FieldErrors []FieldError

func (fe FieldErrors) Error() string {
	parts := make([]string, len(fe))
	for i, e := range fe {
		parts[i] = e.Field + ": " + e.Code
	}
	return "invalid application: " + strings.Join(parts, ", ")
}

// For returns the first error for field, if any.
func (fe FieldErrors) For(field string) (FieldError, bool) {
	for _, e := range fe {
		if e.Field == field {
			return e, true
		}
	}
	return FieldError{}, false
}

type text struct{ sv, en string }

func (t text) pick(lang Lang) string {
	if lang == English {
		return t.en
	}
	return t.sv
}

var reasons = map[string]text{
	CodeRequired:             {"fyll i fältet.", "this field is required."},
	CodeTooLong:              {"högst %d tecken.", "at most %d characters."},
	CodeInvalidText:          {"texten innehåller ogiltiga tecken.", "the text contains characters that are not allowed."},
	CodeLineBreak:            {"får inte innehålla radbrytningar eller styrtecken.", "must not contain line breaks or control characters."},
	CodeInvalidEmail:         {"ange en giltig e-postadress, till exempel namn@kommun.se.", "enter a valid email address, such as name@municipality.se."},
	CodeInvalidPhone:         {"ange ett telefonnummer med siffror, gärna med landsnummer (+46 ...).", "enter a phone number in digits, preferably with the country code (+46 ...)."},
	CodeInvalidChoice:        {"välj ett av alternativen.", "choose one of the options."},
	CodeUnknownOrganisation:  {"välj en svensk kommun eller region från listan.", "choose a Swedish municipality or region from the list."},
	CodeCountryNotInRound:    {"landet ingår inte i den här utlysningen.", "the country is not part of this call."},
	CodeTypeNotOffered:       {"projekttypen går inte att söka i den här utlysningen.", "this project type cannot be applied for in this call."},
	CodeThirdPartyNotAllowed: {"en tredje part hör bara till trepartsprojekt.", "a third party belongs only to three-party projects."},
	CodeDurationRange:        {"projekttiden ska vara %d till %d år.", "the duration must be %d to %d years."},
	CodeBudgetYears:          {"ange en budget för varje projektår, och bara för dem.", "enter a budget for each project year, and only for those."},
	CodePositiveAmount:       {"ange ett belopp i hela kronor, större än noll.", "enter an amount in whole kronor, greater than zero."},
	CodeOverCapPerYear:       {"högst %s per år för den här projekttypen och regionen.", "at most %s a year for this project type and region."},
	CodeOverCapTotal:         {"högst %s totalt för den här projekttypen och regionen.", "at most %s in total for this project type and region."},
	CodeNotANumber:           {"ange beloppet i hela kronor, med siffror (till exempel 450 000).", "enter the amount in whole kronor, in digits (such as 450000)."},
	CodeWrongType:            {"fel typ av värde.", "wrong type of value."},
	CodeUnknownField:         {"okänt fält.", "unknown field."},
	CodeUnknownRound:         {"utlysningen finns inte.", "the call does not exist."},
	CodeInvalidToken:         {"formulärets nyckel är ogiltig; ladda om sidan och försök igen.", "the form's key is invalid; reload the page and try again."},
	CodeNoAmountOnRejection:  {"ett avslag har inget belopp.", "a rejection has no amount."},
	CodeOverGrantLimit:       {"högst %s (det sökta beloppet eller taket för projekttypen).", "at most %s (the amount applied for, or the cap for the project type)."},
}

var labels = map[string]text{
	"round":                     {"Utlysning", "Call"},
	"token":                     {"Formulärnyckel", "Form key"},
	"lang":                      {"Språk", "Language"},
	"swedishParty.organisation": {"Svensk kommun eller region", "Swedish municipality or region"},
	"swedishParty.contactName":  {"Svensk kontaktperson", "Swedish contact person"},
	"swedishParty.email":        {"Svensk kontaktpersons e-post", "Swedish contact's email"},
	"swedishParty.phone":        {"Svensk kontaktpersons telefon", "Swedish contact's phone"},
	"partner.organisation":      {"Partnerorganisation", "Partner organisation"},
	"partner.country":           {"Partnerns land", "Partner's country"},
	"partner.contactName":       {"Partnerns kontaktperson", "Partner's contact person"},
	"partner.email":             {"Partnerns e-post", "Partner's email"},
	"partner.phone":             {"Partnerns telefon", "Partner's phone"},
	"thirdParty.organisation":   {"Tredje part (EU)", "Third party (EU)"},
	"thirdParty.country":        {"Tredje partens land", "Third party's country"},
	"thirdParty.contactName":    {"Tredje partens kontaktperson", "Third party's contact person"},
	"thirdParty.email":          {"Tredje partens e-post", "Third party's email"},
	"thirdParty.phone":          {"Tredje partens telefon", "Third party's phone"},
	"type":                      {"Projekttyp", "Project type"},
	"theme":                     {"Tema", "Theme"},
	"title":                     {"Projektets titel", "Project title"},
	"summary":                   {"Sammanfattning", "Summary"},
	"objectives":                {"Mål", "Objectives"},
	"durationYears":             {"Projekttid (år)", "Duration (years)"},
	"budgetPerYear":             {"Budget", "Budget"},
	"budgetPerYear.1":           {"Budget år 1 (kr)", "Budget year 1 (SEK)"},
	"budgetPerYear.2":           {"Budget år 2 (kr)", "Budget year 2 (SEK)"},
	"budgetPerYear.3":           {"Budget år 3 (kr)", "Budget year 3 (SEK)"},
	"body":                      {"Ansökan", "Application"},
	"outcome":                   {"Beslut", "Decision"},
	"amount":                    {"Beviljat belopp (kr)", "Amount granted (SEK)"},
	"motivation":                {"Motivering", "Motivation"},
}

// FieldLabel is a field's label in lang; an unknown field is named as is.
func FieldLabel(field string, lang Lang) string {
	if t, ok := labels[field]; ok {
		return t.pick(lang)
	}
	return field
}

var typeNames = map[ProjectType]text{
	Inception:           {"Förstudie (ett år, två ömsesidiga besök)", "Inception (one year, two mutual visits)"},
	Project:             {"Projekt (1–3 år)", "Project (1–3 years)"},
	Dissemination:       {"Spridning av resultat", "Dissemination of results"},
	InceptionThreeParty: {"Förstudie, trepartssamverkan (med EU-partner)", "Inception, three-party (with an EU partner)"},
	ProjectThreeParty:   {"Projekt, trepartssamverkan (med EU-partner)", "Project, three-party (with an EU partner)"},
}

// TypeName is a project type's name in lang.
func TypeName(t ProjectType, lang Lang) string {
	if n, ok := typeNames[t]; ok {
		return n.pick(lang)
	}
	return string(t)
}

var themeNames = map[Theme]text{
	"climate":     {"Klimat och miljö", "Climate and environment"},
	"health":      {"Hälso- och sjukvård, social omsorg", "Health care and social welfare"},
	"integration": {"Integration", "Integration"},
	"dialogue":    {"Medborgardialog", "Citizen dialogue"},
	"gender":      {"Jämställdhet", "Gender equality"},
}

// ThemeName is a theme's name in lang.
func ThemeName(t Theme, lang Lang) string {
	if n, ok := themeNames[t]; ok {
		return n.pick(lang)
	}
	return string(t)
}

var statusNames = map[AppStatus]text{
	AppSubmitted: {"Inkommen", "Submitted"},
	AppInReview:  {"Under granskning", "In review"},
	AppGranted:   {"Beviljad", "Granted"},
	AppRejected:  {"Avslagen", "Rejected"},
}

// StatusName is an application status in lang.
func StatusName(s AppStatus, lang Lang) string {
	if n, ok := statusNames[s]; ok {
		return n.pick(lang)
	}
	return string(s)
}

// FormatSEK writes an amount the way each language writes it:
// "450 000 kr" and "SEK 450,000".
func FormatSEK(n int64, lang Lang) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "\u00a0"
	if lang == English {
		sep = ","
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	out := b.String()
	if neg {
		out = "-" + out
	}
	if lang == English {
		return "SEK " + out
	}
	return out + "\u00a0kr"
}

var monthsSv = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}

// FormatTime writes an instant in Swedish time, with the zone's abbreviation:
// "15 mars 2027 kl. 16:00 (CET)" and "15 March 2027, 16:00 (CET)".
func FormatTime(t time.Time, lang Lang) string {
	t = t.In(Stockholm)
	if lang == English {
		return t.Format("2 January 2006, 15:04 (MST)")
	}
	return fmt.Sprintf("%d %s %d kl. %s", t.Day(), monthsSv[t.Month()-1], t.Year(), t.Format("15:04 (MST)"))
}
