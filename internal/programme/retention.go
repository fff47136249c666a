package programme

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"partnerskap/internal/i18n"
)

// Retention: what the system keeps of people, for how long, and what
// happens then. RetentionRules is the one table of it: the privacy notice
// shows it, the README repeats it (a test holds the two together), and the
// retention job (package retention) and the erasure (package staff) act by
// it. The periods marked Proposal are the programme's intended ones, to be
// confirmed with its data protection officer.

// Period is a length of time in calendar terms: "3 months" from 30
// November is 28 February (AddDate, in Swedish time).
type Period struct{ Years, Months, Days int }

// After is the instant p after t, counted in Swedish time.
func (p Period) After(t time.Time) time.Time {
	return t.In(Stockholm).AddDate(p.Years, p.Months, p.Days)
}

// Before is the instant p before t, counted in Swedish time: an item that
// settled before it is past its period at t.
func (p Period) Before(t time.Time) time.Time {
	return t.In(Stockholm).AddDate(-p.Years, -p.Months, -p.Days)
}

// IsZero says whether p is no time at all (a rule without a period).
func (p Period) IsZero() bool { return p == Period{} }

// String is p in English, as the README writes it: "90 days", "3 months".
func (p Period) String() string {
	var s string
	for _, part := range []struct {
		n    int
		unit string
	}{{p.Years, "year"}, {p.Months, "month"}, {p.Days, "day"}} {
		if part.n == 0 {
			continue
		}
		if s != "" {
			s += " "
		}
		s += strconv.Itoa(part.n) + " " + part.unit
		if part.n != 1 {
			s += "s"
		}
	}
	return s
}

// Args are p's numbers for a text of the catalogue: {years}, {months}, {days}.
func (p Period) Args() i18n.Args {
	return i18n.Args{"years": strconv.Itoa(p.Years), "months": strconv.Itoa(p.Months), "days": strconv.Itoa(p.Days)}
}

// How says how a rule is carried out.
type How string

const (
	// HowJob: the retention job (RoundsFunction's Retention schedule, daily)
	// replaces the details with Redacted inside an item that stays.
	HowJob How = "job"
	// HowTTL: DynamoDB deletes the whole item some time after its
	// expiresAt (the table's TimeToLiveSpecification).
	HowTTL How = "ttl"
	// HowMark: the retention job writes the date the period ends on the
	// record; nothing is removed by the system (the archive decides).
	HowMark How = "mark"
	// HowLogs: CloudWatch Logs' retention of the function's log group.
	HowLogs How = "logs"
	// HowKept: kept as long as the record it belongs to.
	HowKept How = "kept"
	// HowStaff: staff erase it when a person asks (Erase).
	HowStaff How = "staff"
)

var howKeys = map[How]i18n.Key{HowJob: i18n.RetentionByJob, HowTTL: i18n.RetentionByTTL, HowMark: i18n.RetentionNotImplemented,
	HowLogs: i18n.RetentionByLogs, HowKept: i18n.RetentionKeptWith, HowStaff: i18n.RetentionOnRequestHow}

// RetentionRule is one row of the retention table: which data, kept how
// long (Keep, from the instant its texts name), removed how.
type RetentionRule struct {
	ID       string // the row's name in the README's table
	Keep     Period // zero: as long as the record, or as the text says
	How      How
	Proposal bool // a period to confirm with the programme's DPO
	// The privacy notice's row: what, for how long (with Keep's numbers).
	Data, Period i18n.Key
}

// Deletion is how the rule is carried out, in lang.
func (r RetentionRule) Deletion(lang Lang) string { return howKeys[r.How].In(lang) }

// PeriodText is how long the rule keeps its data, in lang.
func (r RetentionRule) PeriodText(lang Lang) string { return r.Period.Format(lang, r.Keep.Args()) }

// The rules. Their numbers are the programme's, in one place.
var (
	// Applications while the call is handled: as they were submitted.
	RetainHandled = RetentionRule{ID: "applications", How: HowKept, Data: i18n.RetentionSubmitted, Period: i18n.RetentionSubmittedPeriod}
	// Outbox items (every email but none): the recipient's address and
	// the body are removed Keep after the email's last change (sent,
	// delivered, bounced, failed); the item stays with its state, kind,
	// ids and times, so every count of emails stays as it was.
	RetainEmails = RetentionRule{ID: "emails", Keep: Period{Days: 90}, How: HowJob, Data: i18n.RetentionEmails, Period: i18n.RetentionEmailsPeriod}
	// Rejected applications: the contact people's names, addresses and
	// phone numbers, Keep after the decision was emailed (the time to ask
	// for a review, plus margin). Ref, round, type, theme, texts, amounts,
	// the decision and the audit log stay.
	RetainRejected = RetentionRule{ID: "rejected", Keep: Period{Months: 3}, How: HowJob, Proposal: true,
		Data: i18n.RetentionRejected, Period: i18n.RetentionRejectedPeriod}
	// Withdrawn applications (spam, or withdrawn by the applicant): the
	// contact details, Keep after the withdrawal.
	RetainWithdrawn = RetentionRule{ID: "withdrawn", Keep: Period{Days: 30}, How: HowJob, Proposal: true,
		Data: i18n.RetentionWithdrawn, Period: i18n.RetentionWithdrawnPeriod}
	// Granted projects: the whole record for the archive period, Keep after
	// the project's last year (ArchiveUntil); the job marks the date.
	RetainGranted = RetentionRule{ID: "granted", Keep: Period{Years: 10}, How: HowMark, Proposal: true,
		Data: i18n.RetentionGranted, Period: i18n.RetentionGrantedPeriod}
	// The links that prove an applicant's address (PROOF# items, with the
	// address): deleted whole by TTL Keep after the round's deadline.
	RetainLinks = RetentionRule{ID: "links", Keep: Period{Days: 30}, How: HowTTL, Data: i18n.RetentionLinks, Period: i18n.RetentionLinksPeriod}
	// Uploaded files behind a link that made no application (or removed,
	// replaced or refused ones), and the files of a rejected or withdrawn
	// application whose contact details were erased: deleted, every
	// version, by the retention job's sweep Keep after the round's
	// deadline (an application's own files follow its rule).
	RetainUploads = RetentionRule{ID: "uploads", Keep: Period{Days: 30}, How: HowJob, Data: i18n.RetentionUploads, Period: i18n.RetentionUploadsPeriod}
	// Counters against abuse (LIMIT# items): hashes only, deleted by TTL.
	RetainCounters = RetentionRule{ID: "counters", How: HowTTL, Data: i18n.RetentionCounters, Period: i18n.RetentionCountersPeriod}
	// Audit lines: no applicant's data; a staff member's email as a label.
	RetainAudit = RetentionRule{ID: "audit", How: HowKept, Data: i18n.RetentionAudit, Period: i18n.RetentionAuditPeriod}
	// The functions' logs: no names or addresses; the template's
	// LogRetentionDays (its default).
	RetainLogs = RetentionRule{ID: "logs", Keep: Period{Days: 90}, How: HowLogs, Data: i18n.RetentionLogs, Period: i18n.RetentionLogsPeriod}
	// A person's contact details, erased by staff on request at once.
	RetainOnRequest = RetentionRule{ID: "erasure", How: HowStaff, Data: i18n.RetentionOnRequest, Period: i18n.RetentionOnRequestPeriod}
)

// RetentionRules is the retention table, in the privacy notice's order.
var RetentionRules = []RetentionRule{RetainHandled, RetainEmails, RetainRejected, RetainWithdrawn, RetainGranted,
	RetainLinks, RetainUploads, RetainCounters, RetainAudit, RetainLogs, RetainOnRequest}

// ContactAction is what a contact rule does when its time comes.
type ContactAction string

const (
	RedactContacts ContactAction = "redact"  // every party's contact details become Redacted
	MarkArchive    ContactAction = "archive" // the record's ArchiveUntil is written
)

// Anchor is the instant a contact rule's period runs from.
type Anchor string

const (
	// FromDecisionSent: the last of the application's decision emails
	// settled (sent, or bounced, failed, cancelled).
	FromDecisionSent Anchor = "decision-sent"
	// FromStatusSeen: the application entered the status: the instant the
	// change recorded (a withdrawal's withdrawnAt), or else when the
	// retention job first saw it so (it runs daily: at most a day late).
	FromStatusSeen Anchor = "status-seen"
	// FromProjectEnd: the end of the project's last year.
	FromProjectEnd Anchor = "project-end"
)

// ContactRule is what happens to an application's people in a status.
type ContactRule struct {
	Status AppStatus
	Rule   RetentionRule
	From   Anchor
	Action ContactAction
}

// ContactRules are the statuses whose applications the retention job looks
// at, one rule each: the one place to list them (a new status of spam or
// the like is one more line here). Submitted and in-review applications
// are kept as they are while the call is handled.
var ContactRules = []ContactRule{
	{Status: AppRejected, Rule: RetainRejected, From: FromDecisionSent, Action: RedactContacts},
	{Status: AppWithdrawn, Rule: RetainWithdrawn, From: FromStatusSeen, Action: RedactContacts},
	{Status: AppGranted, Rule: RetainGranted, From: FromProjectEnd, Action: MarkArchive},
}

// ContactRuleFor is the rule of status, if it has one.
func ContactRuleFor(status AppStatus) (ContactRule, bool) {
	for _, r := range ContactRules {
		if r.Status == status {
			return r, true
		}
	}
	return ContactRule{}, false
}

// Redacted replaces an erased contact name, address or phone number, and
// an email's recipient, where the item stays.
const Redacted = "[redacted]"

// PartyRole names a party of an application by its fields' prefix.
type PartyRole string

const (
	RoleSwedish PartyRole = "swedishParty"
	RolePartner PartyRole = "partner"
	RoleThird   PartyRole = "thirdParty"
)

// PartyRoles are every role, in the application's order.
var PartyRoles = []PartyRole{RoleSwedish, RolePartner, RoleThird}

// Roles are the roles app has (the third party only if it has one).
func (a Application) Roles() []PartyRole {
	if a.ThirdParty != nil {
		return PartyRoles
	}
	return PartyRoles[:2]
}

// Party is app's party in role, nil if it has none.
func (a *Application) Party(role PartyRole) *Party {
	switch role {
	case RoleSwedish:
		return &a.SwedishParty
	case RolePartner:
		return &a.Partner
	case RoleThird:
		return a.ThirdParty
	}
	return nil
}

// ErasedAt is when role's contact details were erased (ok false: they were not).
func (a Application) ErasedAt(role PartyRole) (time.Time, bool) {
	t, ok := a.Redacted[role]
	return t, ok
}

// Unerased are the roles of app whose contact details are still there.
func (a Application) Unerased() []PartyRole {
	var out []PartyRole
	for _, r := range a.Roles() {
		if _, ok := a.Redacted[r]; !ok {
			out = append(out, r)
		}
	}
	return out
}

// recipientRoles are the parties decision emails go to, by their
// DecisionRecipient.Who.
var recipientRoles = []struct {
	who  string
	role PartyRole
}{{"swedish", RoleSwedish}, {"partner", RolePartner}}

// recipientRole is the party of a DecisionRecipient.Who.
func recipientRole(who string) PartyRole {
	for _, r := range recipientRoles {
		if r.who == who {
			return r.role
		}
	}
	return PartyRole(who)
}

// ContactEmailIDs are the outbox ids of every email about application ref
// that goes to the people of role: the receipt, the "in review" email and
// the decision to the Swedish contact, and the link to the Swedish party's
// signatory (a contact detail of that party); the link to confirm and the
// decision to the partner; none to a third party.
func ContactEmailIDs(ref string, role PartyRole) []string {
	var ids []string
	switch role {
	case RoleSwedish:
		ids = append(ids, EmailID(AboutReceipt, ref), EmailID(AboutClosed, ref), ConfirmEmailID(ref, ConfirmBySignatory))
	case RolePartner:
		ids = append(ids, ConfirmEmailID(ref, ConfirmByPartner))
	}
	for _, r := range recipientRoles {
		if r.role == role {
			ids = append(ids, EmailID(AboutDecision, ref, r.who))
		}
	}
	return ids
}

// DecisionEmailIDs are the outbox ids of app's decision emails, one per
// party that gets one.
func DecisionEmailIDs(ref string) []string {
	return []string{EmailID(AboutDecision, ref, "swedish"), EmailID(AboutDecision, ref, "partner")}
}

// EmailFinal says whether an email has had its send: nothing more will be
// tried (sent, bounced, complained, failed, cancelled).
func EmailFinal(state string) bool {
	return state != EmailPending && state != EmailSending && state != ""
}

// EmailSettledAt is when e last changed for good: the latest of its send,
// its delivery and SES's last event, its cancellation for a cancelled one,
// or else its queueing (a failure records no instant of its own). A later
// removal of its address and body changes nothing of when it was sent.
func EmailSettledAt(e Email) time.Time {
	t := e.CreatedAt
	last := []time.Time{e.SentAt, e.DeliveredAt, e.EventAt}
	if e.State == EmailCancelled {
		last = append(last, e.RedactedAt)
	}
	for _, u := range last {
		if u.After(t) {
			t = u
		}
	}
	return t
}

// EmailDue says whether e's recipient and body are past RetainEmails at now.
func EmailDue(e Email, now time.Time) bool {
	return EmailFinal(e.State) && e.RedactedAt.IsZero() && !now.Before(RetainEmails.Keep.After(EmailSettledAt(e)))
}

// ArchiveUntil is when a granted project's archive period ends: the end of
// the RetainGranted.Keep'th calendar year after the project's last year
// (the year its round closed plus its duration in years), in Swedish time.
func ArchiveUntil(app Application, r Round) time.Time {
	last := r.ClosesAt.In(Stockholm).Year() + app.DurationYears
	return time.Date(last+RetainGranted.Keep.Years+1, time.January, 1, 0, 0, 0, 0, Stockholm)
}

// RetentionFacts are what the retention job knows of an application when it
// applies its status's rule.
type RetentionFacts struct {
	App   Application
	Round Round
	// DecisionEmails are the application's decision emails as stored (none
	// if not queued, or if nobody was left to send them to).
	DecisionEmails []Email
	// Seen is when the application entered its current status, as far as
	// the table knows (zero: not yet known; the job then records it).
	Seen time.Time
}

// StepKind is what the retention job does with one application now.
type StepKind int

const (
	StepWait       StepKind = iota // nothing yet: the period runs (Due, if known)
	StepStartClock                 // record that the job sees it in this status now
	StepRedact                     // replace Parties' contact details with Redacted
	StepArchive                    // write ArchiveUntil
	StepDone                       // the rule is carried out: nothing left to do
)

// RetentionStep is the job's next step with one application.
type RetentionStep struct {
	Kind         StepKind
	Due          time.Time   // when the redaction is due (StepWait, StepRedact), if known
	Parties      []PartyRole // StepRedact: the parties whose details are still there
	ArchiveUntil time.Time   // StepArchive
}

// NextRetentionStep is what rule asks of the application in f at now. It
// is pure: the job reads the facts, acts on the step, and a second run at
// the same instant finds StepDone (or the same wait).
func NextRetentionStep(rule ContactRule, f RetentionFacts, now time.Time) RetentionStep {
	app := f.App
	if app.Status != rule.Status {
		return RetentionStep{Kind: StepWait} // the status changed since it was listed
	}
	if rule.Action == MarkArchive {
		until := ArchiveUntil(app, f.Round)
		if app.ArchiveUntil.Equal(until) {
			return RetentionStep{Kind: StepDone}
		}
		return RetentionStep{Kind: StepArchive, ArchiveUntil: until}
	}
	var from time.Time
	switch rule.From {
	case FromStatusSeen:
		if f.Seen.IsZero() {
			return RetentionStep{Kind: StepStartClock}
		}
		from = f.Seen
	case FromDecisionSent:
		if !app.DecisionQueued {
			return RetentionStep{Kind: StepWait}
		}
		for _, e := range f.DecisionEmails {
			if !EmailFinal(e.State) {
				return RetentionStep{Kind: StepWait} // still to be sent: the period has not begun
			}
			if t := EmailSettledAt(e); t.After(from) {
				from = t
			}
		}
		if from.IsZero() && app.Decision != nil { // nobody was left to email
			from = app.Decision.DecidedAt
		}
	default:
		return RetentionStep{Kind: StepWait}
	}
	due := rule.Rule.Keep.After(from)
	left := app.Unerased()
	switch {
	case len(left) == 0:
		return RetentionStep{Kind: StepDone, Due: due}
	case now.Before(due):
		return RetentionStep{Kind: StepWait, Due: due}
	}
	return RetentionStep{Kind: StepRedact, Due: due, Parties: left}
}

// EraseReason is why staff erase a person's contact details: a code, so
// that the audit line says why without anything of what was erased.
type EraseReason string

const (
	EraseRequested EraseReason = "requested" // the person asked (GDPR art. 17)
	EraseObjected  EraseReason = "objected"  // the person objected to the processing (art. 21)
	EraseNotNeeded EraseReason = "not_needed"
	EraseWrong     EraseReason = "wrong_person" // the details are someone else's
)

// EraseReasons are the reasons, in the order the form offers them.
var EraseReasons = []EraseReason{EraseRequested, EraseObjected, EraseNotNeeded, EraseWrong}

// EraseInput is an erasure as staff ask for it.
type EraseInput struct {
	Person  string `json:"person"`  // a PartyRole
	Reason  string `json:"reason"`  // an EraseReason
	Confirm bool   `json:"confirm"` // staff confirm that it cannot be undone
}

// Erasure is one person's contact details to erase from an application.
type Erasure struct {
	Ref    string
	Role   PartyRole
	Reason EraseReason
	By     string
	At     time.Time
	// Emails are the outbox ids of the emails about the application to
	// that person (ContactEmailIDs): cancelled if still waiting, their
	// address and body removed if sent.
	Emails []string
}

// ErrAlreadyErased: that person's contact details are erased already.
var ErrAlreadyErased = errors.New("the contact details are erased already")

// CodeNotConfirmed: the erasure was not confirmed.
const CodeNotConfirmed = "not_confirmed"

// Erase checks an erasure of in.Person's contact details from app, asked by
// by at now: a party the application has, a reason of EraseReasons, and the
// confirmation. The decision, the amounts and everything but the person's
// name, address and phone number stay.
func Erase(in EraseInput, app Application, by string, now time.Time) (Erasure, error) {
	var errs FieldErrors
	role := PartyRole(in.Person)
	known := false
	for _, r := range app.Roles() {
		known = known || r == role
	}
	if !known {
		code := CodeInvalidChoice
		if in.Person == "" {
			code = CodeRequired
		}
		errs = append(errs, FieldError{Field: "person", Code: code})
	}
	reason := EraseReason(in.Reason)
	okReason := false
	for _, r := range EraseReasons {
		okReason = okReason || r == reason
	}
	if !okReason {
		code := CodeInvalidChoice
		if in.Reason == "" {
			code = CodeRequired
		}
		errs = append(errs, FieldError{Field: "reason", Code: code})
	}
	if !in.Confirm {
		errs = append(errs, FieldError{Field: "confirm", Code: CodeNotConfirmed})
	}
	if errs != nil {
		return Erasure{}, errs
	}
	if _, done := app.ErasedAt(role); done {
		return Erasure{}, ErrAlreadyErased
	}
	return Erasure{Ref: app.Ref, Role: role, Reason: reason, By: by, At: now, Emails: ContactEmailIDs(app.Ref, role)}, nil
}

// The codes of the retention's audit lines.
const (
	// AuditContactsErased: parties (space-separated roles); reason (an
	// EraseReason) when staff erased on request, rule (a RetentionRule's
	// ID) when the retention job did; emails: how many emails' addresses
	// went with them. Never what was erased.
	AuditContactsErased = "app.contacts_erased"
	// AuditArchiveMarked: until (RFC 3339): the end of the archive period.
	AuditArchiveMarked = "app.archive_marked"
)

// ActorRetentionJob is the retention job in audit lines.
const ActorRetentionJob = "retention-job"

var roleKeys = map[PartyRole]i18n.Key{RoleSwedish: i18n.SwedishParty, RolePartner: i18n.Partner, RoleThird: i18n.ThirdParty}

// RoleName is a party's name in lang ("Svensk part").
func RoleName(r PartyRole, lang Lang) string { return label(roleKeys, r, lang) }

var eraseReasonKeys = map[EraseReason]i18n.Key{EraseRequested: i18n.EraseRequested, EraseObjected: i18n.EraseObjected,
	EraseNotNeeded: i18n.EraseNotNeeded, EraseWrong: i18n.EraseWrongPerson}

// EraseReasonName is a reason in lang.
func EraseReasonName(r EraseReason, lang Lang) string { return label(eraseReasonKeys, r, lang) }

var ruleKeys = map[string]i18n.Key{RetainRejected.ID: i18n.RetentionRejected, RetainWithdrawn.ID: i18n.RetentionWithdrawn}

// retentionAuditText is an AuditContactsErased or AuditArchiveMarked line in lang.
func retentionAuditText(e AuditEntry, lang Lang) string {
	d := e.Detail
	if e.Code == AuditArchiveMarked {
		return i18n.AuditArchiveMarked.Format(lang, i18n.Args{"until": auditDate(d["until"], lang)})
	}
	var who string
	for i, r := range strings.Fields(d["parties"]) {
		if i > 0 {
			who += ", "
		}
		who += RoleName(PartyRole(r), lang)
	}
	if rule, ok := ruleKeys[d["rule"]]; ok {
		return i18n.AuditContactsRedacted.Format(lang, i18n.Args{"parties": who, "rule": rule.In(lang)})
	}
	return i18n.AuditContactsErased.Format(lang, i18n.Args{"parties": who, "reason": EraseReasonName(EraseReason(d["reason"]), lang)})
}

// FormatDate writes a day in Swedish time: "1 juni 2027", "1 June 2027".
func FormatDate(t time.Time, lang Lang) string {
	t = t.In(Stockholm)
	if lang == English {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", t.Day(), monthsSv[t.Month()-1], t.Year())
}

func auditDate(s string, lang Lang) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return FormatDate(t, lang)
}
