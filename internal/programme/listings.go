package programme

import (
	"errors"
	"strings"
	"time"

	"partnerskap/internal/i18n"
)

// AppSummary is an application as a listing shows it: what staff filter and
// sort a round's applications by, without the parties' contact details or
// the texts. The JSON names are the staff API's.
type AppSummary struct {
	Ref                 string `json:"reference"`
	Status              string `json:"status"`
	Type                string `json:"type"`
	Theme               string `json:"theme"`
	Title               string `json:"title"`
	SwedishOrganisation string `json:"swedishOrganisation"`
	PartnerOrganisation string `json:"partnerOrganisation"`
	Country             string `json:"country"`
	RequestedTotal      int64  `json:"requestedTotal"`
	GrantedAmount       int64  `json:"grantedAmount"`
	SubmittedAt         string `json:"submittedAt"` // fixed-width UTC, as stored: it sorts as a string
	DecisionQueued      bool   `json:"decisionQueued"`
}

// AppFilter narrows a round's applications; empty fields match all.
type AppFilter struct {
	Status  AppStatus
	Type    string
	Theme   string
	Country string
}

// GrantedProject is one granted project as published: who (municipality,
// partner, country), what (type, theme, title) and how much. It holds no
// contact people, emails or phone numbers, and must not: it is public. The
// JSON names are the published list's.
type GrantedProject struct {
	Ref                 string `json:"reference"`
	SwedishOrganisation string `json:"swedishOrganisation"`
	PartnerOrganisation string `json:"partnerOrganisation"`
	Country             string `json:"country"`
	Type                string `json:"type"`
	Theme               string `json:"theme"`
	Title               string `json:"title"`
	Amount              int64  `json:"amount"`
	// The grant's state (running, closed) and the public summary of its
	// latest approved report's results, once there is a grant.
	State   GrantState `json:"state,omitempty"`
	Summary string     `json:"summary,omitempty"`
}

// AuditEntry is one line of an application's or a round's audit log: who
// changed what, when. Code says what happened (an Audit* code, labelled in
// both languages by AuditText) with its Detail; Event is the same in plain
// English for logs and tools. Lines written before codes existed have only
// Event.
type AuditEntry struct {
	At    time.Time
	Actor string // a stable id: the staff member's sub, or ActorRoundJob, ActorSES
	// ActorLabel names the actor for people (a staff member's email).
	ActorLabel string
	Code       string
	Event      string
	Detail     map[string]string
}

// The codes of audit lines, with the details each carries.
const (
	AuditRoundMoved       = "round.moved"        // from, to: round statuses
	AuditDeadlineExtended = "round.deadline"     // from, to: instants (RFC 3339)
	AuditReviewQueued     = "round.review"       // outbox: the staff summary's id
	AuditInReview         = "app.in_review"      // outbox: the email's id
	AuditDecision         = "app.decision"       // outcome, amount; previousOutcome, previousAmount when changed
	AuditDecisionQueued   = "app.decision_mails" // outbox: the emails' ids
	AuditEmailEvent       = "email.event"        // kind: SES's event type; email: the email's kind; state; detail
	AuditReminderQueued   = "grant.reminder"     // outbox: the email's id; year; kind: programme.ReminderKind; lastDay (2006-01-02)
	// AuditWithdrawn: reason; from: the status it had; previousOutcome,
	// previousAmount: its decision, if any; amount: given back to the budget.
	AuditWithdrawn = "app.withdrawn"
	// AuditGrantStarted: the grant is made, with the decision's emails:
	// amount (SEK); start: the first day; lastDays: each year's report's
	// last day, by year, space-separated (dates as 2006-01-02, Swedish time).
	AuditGrantStarted = "grant.started"
)

// ErrBadCursor: a page cursor that the listing never gave (a client's own,
// or one from another round or filter).
var ErrBadCursor = errors.New("invalid page cursor")

// The actors of audit lines that are not people.
const (
	ActorRoundJob = "round-job" // the scheduled round job (RoundsFunction)
	ActorSES      = "ses"       // SES's events about an email
	// ActorReminderJob: the daily job that queues reminders of grants'
	// report deadlines (internal/reminders, RoundsFunction's Reminders
	// schedule).
	ActorReminderJob = "reminder-job"
)

var actorNames = map[string]i18n.Key{ActorRoundJob: i18n.ActorRoundJob, ActorSES: i18n.ActorSES, ActorRetentionJob: i18n.ActorRetentionJob,
	ActorReminderJob: i18n.ActorReminderJob, ActorSignatory: i18n.SignatoryTerm}

// Who names the actor of an audit line for people, in lang: the label (a
// staff member's email), the name of the job or service, or else the id.
func (e AuditEntry) Who(lang Lang) string {
	if e.ActorLabel != "" {
		return e.ActorLabel
	}
	if k, ok := actorNames[e.Actor]; ok {
		return k.In(lang)
	}
	return e.Actor
}

// ActorOf is how a staff member is passed to the use cases that record who
// did something: their stable id (the pool's sub) and, after a space, a
// label for people (their email). Audit lines keep the two apart
// (SplitActor): the id is what identifies, the label may change.
func ActorOf(id, label string) string {
	if label == "" {
		return id
	}
	return id + " " + label
}

// SplitActor is ActorOf's inverse.
func SplitActor(actor string) (id, label string) {
	id, label, _ = strings.Cut(actor, " ")
	return id, label
}
