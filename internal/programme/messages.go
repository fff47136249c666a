package programme

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"partnerskap/internal/i18n"
)

// Lang is the applicant's language: Swedish (the default) or English. The
// texts in both are in the catalogue, package i18n.
type Lang = i18n.Lang

const (
	Swedish = i18n.Swedish
	English = i18n.English
)

// ParseLang returns the language named by s, Swedish for anything unknown.
func ParseLang(s string) Lang { return i18n.ParseLang(s) }

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
	CodeNotADate             = "not_a_date"
	CodeNotAnOrganisation    = "not_an_organisation" // Args: the value as typed
	CodeWrongType            = "wrong_type"
	CodeUnknownField         = "unknown_field"
	CodeUnknownRound         = "unknown_round"
	CodeInvalidToken         = "invalid_token"
	CodeNoAmountOnRejection  = "no_amount_on_rejection"
	CodeOverGrantLimit       = "over_grant_limit"
	// The type's duration and its team (team.go).
	CodeDurationExact     = "duration_exact"
	CodeYearBeyondType    = "year_beyond_type"
	CodeTeamEmpty         = "team_empty"
	CodeTeamCount         = "team_count"
	CodeTeamTooMany       = "team_too_many"
	CodeTeamRoleNotInType = "team_role_not_in_type"
)

// FieldError is one problem with one field.
type FieldError struct {
	Field string
	Code  string
	Args  []any
}

// Message is the error in lang, starting with the field's label.
func (e FieldError) Message(lang Lang) string {
	r, ok := reasons[e.Code]
	if !ok {
		r = reasons[CodeInvalidText]
	}
	if e.Code == CodeRequired {
		r = requiredReason(e.Field) // "choose" for a choice
	}
	args := i18n.Args{}
	for i, a := range e.Args {
		if i >= len(r.args) {
			break
		}
		switch v := a.(type) {
		case interface{ Text(Lang) string }: // a type's name, a team's rule or count
			args[r.args[i]] = v.Text(lang)
		case int64: // an amount
			args[r.args[i]] = FormatSEK(v, lang)
		default:
			args[r.args[i]] = fmt.Sprint(v)
		}
	}
	return FieldLabel(e.Field, lang) + ": " + r.key.Format(lang, args)
}

// FieldErrors are all the problems found in one input.
type FieldErrors []FieldError

// Merge adds the problems the rules found (more) to the fields that could
// not be read at all (fe): a field that could not be read is reported once,
// as unreadable, and not again as the rules see its empty value.
func (fe FieldErrors) Merge(more FieldErrors) FieldErrors {
	unreadable := map[string]bool{}
	for _, e := range fe {
		unreadable[strings.Split(e.Field, ".")[0]] = true
	}
	out := slices.Clone(fe)
	for _, e := range more {
		if !unreadable[strings.Split(e.Field, ".")[0]] {
			out = append(out, e)
		}
	}
	return out
}

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

// reason is the catalogue's text for an error code, and the names of its
// placeholders in the order of FieldError.Args.
type reason struct {
	key  i18n.Key
	args []string
}

var reasons = map[string]reason{
	CodeRequired:              {i18n.ReasonRequired, nil},
	CodeTooLong:               {i18n.ReasonTooLong, []string{"max"}},
	CodeInvalidText:           {i18n.ReasonInvalidText, nil},
	CodeLineBreak:             {i18n.ReasonLineBreak, nil},
	CodeInvalidEmail:          {i18n.ReasonInvalidEmail, nil},
	CodeInvalidPhone:          {i18n.ReasonInvalidPhone, nil},
	CodeInvalidChoice:         {i18n.ReasonInvalidChoice, nil},
	CodeUnknownOrganisation:   {i18n.ReasonUnknownOrganisation, nil},
	CodeCountryNotInRound:     {i18n.ReasonCountryNotInRound, nil},
	CodeTypeNotOffered:        {i18n.ReasonTypeNotOffered, nil},
	CodeThirdPartyNotAllowed:  {i18n.ReasonThirdPartyNotAllowed, nil},
	CodeDurationRange:         {i18n.ReasonDurationRange, []string{"min", "max"}},
	CodeBudgetYears:           {i18n.ReasonBudgetYears, nil},
	CodePositiveAmount:        {i18n.ReasonPositiveAmount, nil},
	CodeOverCapPerYear:        {i18n.ReasonOverCapPerYear, []string{"amount"}},
	CodeOverCapTotal:          {i18n.ReasonOverCapTotal, []string{"amount"}},
	CodeNotANumber:            {i18n.ReasonNotANumber, nil},
	CodeNotADate:              {i18n.ReasonNotADate, nil},
	CodeNotAnOrganisation:     {i18n.ReasonNotAnOrganisation, []string{"value"}},
	CodeWrongType:             {i18n.ReasonWrongType, nil},
	CodeUnknownField:          {i18n.ReasonUnknownField, nil},
	CodeUnknownRound:          {i18n.ReasonUnknownRound, nil},
	CodeInvalidToken:          {i18n.ReasonInvalidToken, nil},
	CodeNoAmountOnRejection:   {i18n.ReasonNoAmountOnRejection, nil},
	CodeOverGrantLimit:        {i18n.ReasonOverGrantLimit, []string{"amount"}},
	CodeNotConfirmed:          {i18n.ReasonNotConfirmed, nil},
	CodeNoneChosen:            {i18n.ReasonNoneChosen, nil},
	CodeTooManyChosen:         {i18n.ReasonTooManyChosen, []string{"max"}},
	CodeProofUnknown:          {i18n.ReasonProofUnknown, nil},
	CodeProofExpired:          {i18n.ReasonProofExpired, nil},
	CodeProofRound:            {i18n.ReasonProofRound, nil},
	CodeProofUsed:             {i18n.ReasonProofUsed, nil},
	CodeProofEmail:            {i18n.ReasonProofEmail, nil},
	CodeDurationExact:         {i18n.ReasonDurationExact, []string{"max", "type"}},
	CodeYearBeyondType:        {i18n.ReasonYearBeyondType, []string{"type", "max"}},
	CodeTeamEmpty:             {i18n.ReasonTeamEmpty, []string{"rule"}},
	CodeTeamCount:             {i18n.ReasonTeamCount, []string{"count", "got"}},
	CodeTeamTooMany:           {i18n.ReasonTeamTooMany, []string{"max"}},
	CodeTeamRoleNotInType:     {i18n.ReasonTeamRoleNotInType, []string{"type"}},
	CodeFileEmpty:             {i18n.ReasonFileEmpty, nil},
	CodeNotConfirmedByPartner: {i18n.ReasonNotConfirmedByPartner, nil},
	CodeFileTooLarge:          {i18n.ReasonFileTooLarge, []string{"max"}},
	CodeFileType:              {i18n.ReasonFileType, []string{"formats"}},
	CodeFileThreat:            {i18n.ReasonFileThreat, nil},
	CodeFileKind:              {i18n.ReasonFileKind, nil},
	CodeDocumentMoved:         {i18n.ReasonDocumentChanged, nil},

	CodeNotConfirmedBySignatory: {i18n.ReasonNotConfirmedBySignatory, nil},
}

var labels = map[string]i18n.Key{
	"organisations":              i18n.RVOrganisations,
	"countries":                  i18n.RVCountries,
	"round":                      i18n.FieldRound,
	"token":                      i18n.FieldToken,
	"proof":                      i18n.FieldProof,
	"email":                      i18n.FieldStartEmail,
	"decision":                   i18n.ConfirmDecision,
	"name":                       i18n.FieldConfirmName,
	"role":                       i18n.FieldConfirmRole,
	"comment":                    i18n.FieldConfirmComment,
	"lang":                       i18n.FieldLang,
	"swedishParty.organisation":  i18n.FieldSwedishOrganisation,
	"swedishParty.contactName":   i18n.FieldSwedishContactName,
	"swedishParty.email":         i18n.FieldSwedishEmail,
	"swedishParty.phone":         i18n.FieldSwedishPhone,
	"signatory.name":             i18n.FieldSignatoryName,
	"signatory.email":            i18n.FieldSignatoryEmail,
	"partner.organisation":       i18n.FieldPartnerOrganisation,
	"partner.country":            i18n.FieldPartnerCountry,
	"partner.contactName":        i18n.FieldPartnerContactName,
	"partner.email":              i18n.FieldPartnerEmail,
	"partner.phone":              i18n.FieldPartnerPhone,
	"thirdParty.organisation":    i18n.FieldThirdPartyOrganisation,
	"thirdParty.country":         i18n.FieldThirdPartyCountry,
	"thirdParty.contactName":     i18n.FieldThirdPartyContactName,
	"thirdParty.email":           i18n.FieldThirdPartyEmail,
	"thirdParty.phone":           i18n.FieldThirdPartyPhone,
	"type":                       i18n.FieldType,
	"theme":                      i18n.FieldTheme,
	"title":                      i18n.FieldTitle,
	"summary":                    i18n.FieldSummary,
	"objectives":                 i18n.FieldObjectives,
	"durationYears":              i18n.FieldDuration,
	"budgetPerYear":              i18n.FieldBudget,
	"budgetPerYear.1":            i18n.FieldBudgetYear1,
	"budgetPerYear.2":            i18n.FieldBudgetYear2,
	"budgetPerYear.3":            i18n.FieldBudgetYear3,
	"body":                       i18n.FieldBody,
	"outcome":                    i18n.FieldOutcome,
	"amount":                     i18n.FieldAmount,
	"motivation":                 i18n.FieldMotivationSv,
	"motivationEn":               i18n.FieldMotivationEn,
	"person":                     i18n.FieldErasePerson,
	"confirm":                    i18n.FieldEraseConfirm,
	"ref":                        i18n.FieldWithdrawRefs,
	"reason":                     i18n.FieldWithdrawReason,
	"documents":                  i18n.DocumentsSection,
	"documents.letter-of-intent": i18n.DocLetterOfIntent,
	"documents.budget":           i18n.DocBudget,
	"documents.planning-tool":    i18n.DocPlanningTool,
	"documents.other":            i18n.DocOther,
}

// FieldLabel is a field's label in lang; an unknown field is named as is.
func FieldLabel(field string, lang Lang) string {
	if k, ok := labels[field]; ok {
		return k.In(lang)
	}
	if l, ok := teamFieldLabel(field, lang); ok {
		return l
	}
	return field
}

var typeNames = map[ProjectType]i18n.Key{
	Inception:           i18n.TypeInception,
	Project:             i18n.TypeProject,
	Dissemination:       i18n.TypeDissemination,
	InceptionThreeParty: i18n.TypeInceptionThreeParty,
	ProjectThreeParty:   i18n.TypeProjectThreeParty,
	SteeringGroup:       i18n.TypeSteeringGroup,
	Development:         i18n.TypeDevelopment,
}

// TypeName is a project type's name in lang.
func TypeName(t ProjectType, lang Lang) string { return label(typeNames, t, lang) }

var themeNames = map[Theme]i18n.Key{
	"climate":     i18n.ThemeClimate,
	"health":      i18n.ThemeHealth,
	"integration": i18n.ThemeIntegration,
	"dialogue":    i18n.ThemeDialogue,
	"gender":      i18n.ThemeGender,
}

// ThemeName is a theme's name in lang.
func ThemeName(t Theme, lang Lang) string { return label(themeNames, t, lang) }

var statusNames = map[AppStatus]i18n.Key{
	AppSubmitted: i18n.AppSubmitted,
	AppInReview:  i18n.AppInReview,
	AppGranted:   i18n.AppGranted,
	AppRejected:  i18n.AppRejected,
	AppWithdrawn: i18n.AppWithdrawn,
}

// StatusName is an application status in lang. A decision's outcome is
// named as the status it leads to.
func StatusName(s AppStatus, lang Lang) string { return label(statusNames, s, lang) }

var roundStatusNames = map[RoundStatus]i18n.Key{
	RoundScheduled: i18n.RoundScheduled,
	RoundOpen:      i18n.RoundOpen,
	RoundClosed:    i18n.RoundClosed,
	RoundDecided:   i18n.RoundDecided,
	RoundNotified:  i18n.RoundNotified,
}

// RoundStatusName is a round's status in lang.
func RoundStatusName(s RoundStatus, lang Lang) string { return label(roundStatusNames, s, lang) }

var emailStateNames = map[string]i18n.Key{
	EmailPending:    i18n.MailPending,
	EmailSending:    i18n.MailSending,
	EmailSent:       i18n.MailSent,
	EmailFailed:     i18n.MailFailed,
	EmailBounced:    i18n.MailBounced,
	EmailComplained: i18n.MailComplained,
	EmailCancelled:  i18n.MailCancelled,
}

// EmailStateName is an email's state in lang.
func EmailStateName(state string, lang Lang) string { return label(emailStateNames, state, lang) }

// label is v's name in lang from names, or v as it is when it has none (a
// value this version does not know: shown, not hidden).
func label[V ~string](names map[V]i18n.Key, v V, lang Lang) string {
	if k, ok := names[v]; ok {
		return k.In(lang)
	}
	return string(v)
}

// LangName is a language's name in lang ("engelska", "Swedish").
func LangName(of, lang Lang) string {
	if of == English {
		return i18n.LanguageEnglish.In(lang)
	}
	return i18n.LanguageSwedish.In(lang)
}

// Message says which round offers the same type at the same time.
func (e *OverlapError) Message(lang Lang) string {
	return i18n.ExtendOverlap.Format(lang, i18n.Args{"round": e.B.Name(lang), "type": TypeName(e.Type, lang)})
}

func (e *OverBudgetError) Message(lang Lang) string {
	return i18n.OverBudget.Format(lang, i18n.Args{"remaining": FormatSEK(e.Remaining, lang)})
}

// NotOpenMessage tells an applicant that round r does not take submissions
// at t: not yet (when it opens) or no longer (when it closed).
func NotOpenMessage(r Round, t time.Time, lang Lang) string {
	if t.Before(r.ClosesAt) && r.Status == RoundScheduled || t.Before(r.OpensAt) {
		return i18n.RoundNotYetOpen.Format(lang, i18n.Args{"round": r.Name(lang), "opens": FormatTime(r.OpensAt, lang)})
	}
	return i18n.RoundNoLongerOpen.Format(lang, i18n.Args{"round": r.Name(lang), "deadline": FormatTime(r.ClosesAt, lang)})
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

var emailKindNames = map[EmailKind]i18n.Key{
	ReceiptEmail:          i18n.MailKindReceipt,
	RoundClosedEmail:      i18n.MailKindRoundClosed,
	CloseSummaryEmail:     i18n.MailKindSummary,
	DecisionGrantedEmail:  i18n.MailKindGranted,
	DecisionRejectedEmail: i18n.MailKindRejected,
	ReminderEmail:         i18n.MailKindReminder,
	PartnerConfirmEmail:   i18n.MailKindPartnerConfirm,
	SignatoryConfirmEmail: i18n.MailKindSignatoryConfirm,
}

// EmailKindName is what an email is, in lang.
func EmailKindName(k EmailKind, lang Lang) string {
	if key, ok := emailKindNames[k]; ok {
		return key.In(lang)
	}
	return string(k)
}

// sesEventStates is the state each of SES's failure events stands for.
var sesEventStates = map[string]string{"Bounce": EmailBounced, "Complaint": EmailComplained, "Reject": EmailFailed}

// AuditText is an audit line in lang: its code's label with its details,
// each value in lang. A line without a code (written before codes existed)
// or with a code not known here is its text as it was written.
func AuditText(e AuditEntry, lang Lang) string {
	d := e.Detail
	switch e.Code {
	case AuditRoundMoved:
		return i18n.AuditRoundMoved.Format(lang, i18n.Args{"from": RoundStatusName(RoundStatus(d["from"]), lang),
			"to": RoundStatusName(RoundStatus(d["to"]), lang)})
	case AuditDeadlineExtended:
		return i18n.AuditDeadline.Format(lang, i18n.Args{"from": auditTime(d["from"], lang), "to": auditTime(d["to"], lang)})
	case AuditReviewQueued:
		return i18n.AuditReviewQueued.In(lang)
	case AuditInReview:
		return i18n.AuditInReview.Format(lang, i18n.Args{"from": StatusName(AppSubmitted, lang), "to": StatusName(AppInReview, lang)})
	case AuditDecision:
		decision := decisionText(d["outcome"], d["amount"], lang)
		if d["previousOutcome"] == "" {
			return i18n.AuditDecision.Format(lang, i18n.Args{"decision": decision})
		}
		return i18n.AuditDecisionChanged.Format(lang, i18n.Args{"decision": decision,
			"previous": decisionText(d["previousOutcome"], d["previousAmount"], lang)})
	case AuditDecisionQueued:
		return i18n.AuditDecisionQueued.In(lang)
	case AuditReminderQueued:
		return i18n.AuditReminderQueued.Format(lang, i18n.Args{"year": d["year"]})
	case AuditGrantStarted, AuditReportSubmitted, AuditReportReturned, AuditReportApproved, AuditChangeRequested, AuditChangeDecided:
		return grantAuditText(e, lang)
	case AuditWithdrawn:
		return withdrawnText(d, lang)
	case AuditPartnerAnswer:
		key := i18n.AuditPartnerConfirmed
		if d["state"] == ConfirmDeclined {
			key = i18n.AuditPartnerDeclined
		}
		return key.Format(lang, i18n.Args{"role": d["role"]})
	case AuditSignatoryAnswer:
		key := i18n.AuditSignatoryConfirmed
		if d["state"] == ConfirmDeclined {
			key = i18n.AuditSignatoryDeclined
		}
		return key.Format(lang, i18n.Args{"role": d["role"]})
	case AuditContactsErased, AuditArchiveMarked:
		return retentionAuditText(e, lang)
	case AuditEmailEvent:
		event := d["kind"]
		if st, ok := sesEventStates[event]; ok {
			event = EmailStateName(st, lang)
		}
		return i18n.AuditEmail.Format(lang, i18n.Args{"email": EmailKindName(EmailKind(d["email"]), lang), "event": event})
	}
	return e.Event
}

// decisionText is an outcome with its amount, if any: "Beviljad, 450 000 kr".
func decisionText(outcome, amount string, lang Lang) string {
	s := StatusName(AppStatus(outcome), lang)
	if n, err := strconv.ParseInt(amount, 10, 64); err == nil && n != 0 {
		s += ", " + FormatSEK(n, lang)
	}
	return s
}

// auditTime is an instant of an audit line's details in lang, or the text as
// it is if it is not one.
func auditTime(s string, lang Lang) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return FormatTime(t, lang)
}
