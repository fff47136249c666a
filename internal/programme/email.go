package programme

import (
	"strings"
	"time"
)

// Email is one email to one recipient, queued (the outbox) in the same
// write as the change it reports and rendered then. Its ID is derived from
// what it is about (EmailID), so queueing the same email twice is refused.
type Email struct {
	ID      string
	Kind    EmailKind
	Ref     string // the application it is about, if any
	RoundID string
	To      string
	Subject string
	Text    string
	HTML    string

	// Set as it is sent (see the states).
	State      string
	Attempts   int
	LeaseID    string    // the mailer run that holds it while sending
	LeaseUntil time.Time // while sending
	MessageID  string    // SES's
	CreatedAt  time.Time
	SentAt     time.Time
	Error      string // why SES refused it, or why it was sent again

	// What SES's events said after the send.
	DeliveredAt time.Time
	BounceType  string
	EventAt     time.Time

	// RedactedAt: its recipient and body were removed (RetainEmails, or
	// the recipient's contact details were erased).
	RedactedAt time.Time
}

// An email's states. It is pending until a mailer claims it (sending, with
// a lease), then sent with SES's message id, or failed; SES's events may
// later make it bounced or complained. A sending email whose lease ran out
// waits for SES's own Send event, and is put back to pending only long after
// (package mailer says what that guarantees).
const (
	EmailPending = "pending"
	EmailSending = "sending"
	EmailSent    = "sent"
	EmailFailed  = "failed"
	// EmailCancelled: never sent; its recipient's contact details were
	// erased while it waited (programme.Erase).
	EmailCancelled  = "cancelled"
	EmailBounced    = "bounced"
	EmailComplained = "complained"
)

// EmailStates are every state: the sender's, then the final ones by severity.
var EmailStates = []string{EmailPending, EmailSending, EmailSent, EmailBounced, EmailComplained, EmailFailed, EmailCancelled}

// EmailKind says what an email is; it goes with the email to SES as the
// message tag "kind".
type EmailKind string

const (
	ReceiptEmail          EmailKind = "receipt"           // to the applicant, at once: the submission is in
	RoundClosedEmail      EmailKind = "round-closed"      // to the applicant: the round closed, the application is in review
	CloseSummaryEmail     EmailKind = "close-summary"     // to staff: a closed round's summary
	DecisionGrantedEmail  EmailKind = "decision-granted"  // to a party: the application is granted
	DecisionRejectedEmail EmailKind = "decision-rejected" // to a party: the application is rejected
	ReminderEmail         EmailKind = "reminder"          // to the Swedish party: a year's report is due or overdue (internal/reminders)
)

// DecisionEmail is the kind of the email that tells a decision's outcome.
func DecisionEmail(o Outcome) EmailKind {
	if o == Granted {
		return DecisionGrantedEmail
	}
	return DecisionRejectedEmail
}

// What a queued email is about: the first word of its id.
const (
	AboutClosed   = "closed"   // an application, when its round closed
	AboutSummary  = "summary"  // a closed round
	AboutDecision = "decision" // an application's decision, to one of its parties
)

// EmailID is the id of the email about parts (an application's reference, a
// round's id, a recipient's role), e.g. "closed_KP-XJXMFDHFW1" or
// "decision_KP-XJXMFDHFW1_partner". Deriving it from what the email is
// about makes queueing it twice impossible. The id is also the SES message
// tag that brings SES's events back to the email, so it is made of SES's tag
// alphabet only (ASCII letters, digits, '_' and '-'): parts may not contain
// '_' themselves.
func EmailID(about string, parts ...string) string {
	return strings.Join(append([]string{about}, parts...), "_")
}

// EmailIDPrefix is what every id about the same kind of thing begins with
// (for listings of a round's emails).
func EmailIDPrefix(about string) string { return about + "_" }
