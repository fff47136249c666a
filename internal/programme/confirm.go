package programme

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// The partner confirms, itself, what was sent in its name: on submission
// its contact gets a link (our words only) to a read-only view of the
// application, and confirms or declines it with a name and a role. The
// answer is bound to a hash of exactly the submitted version. The Swedish
// party's signatory, when the applicant names one, confirms in the same
// way with a link of its own (ConfirmParty): a key opens one party's
// answer, never the other's.

// Confirmation states.
const (
	ConfirmWaiting   = "waiting"
	ConfirmConfirmed = "confirmed"
	ConfirmDeclined  = "declined"
)

// Confirmation is a party's answer (the partner's or the signatory's).
type Confirmation struct {
	State   string
	Name    string
	Role    string
	Comment string
	At      time.Time
	// Version is the hash of the application as it was confirmed
	// (ContentHash).
	Version string
}

// ConfirmInput is a party's answer as it arrives.
type ConfirmInput struct {
	Decision string `json:"decision"` // "confirm" or "decline"
	Name     string `json:"name"`
	Role     string `json:"role"`
	Comment  string `json:"comment"`
}

// ErrAlreadyAnswered: the party has answered for this version already.
var ErrAlreadyAnswered = errors.New("already answered")

// AuditPartnerAnswer is the audit line of the partner's answer (state,
// role; the name is the line's actor label).
const AuditPartnerAnswer = "app.partner_answer"

// ActorPartner is the actor of the partner's answer (the name is its label).
const ActorPartner = "partner"

// AuditSignatoryAnswer is the audit line of the signatory's answer (state,
// role); its actor is ActorSignatory alone: the name stays in the
// application, where the erasure of the Swedish party's contact details
// reaches it.
const AuditSignatoryAnswer = "app.signatory_answer"

// ActorSignatory is the actor of the Swedish party's signatory's answer.
const ActorSignatory = "signatory"

// ConfirmParty is who confirms an application from an emailed link: its
// partner, or the Swedish party's signatory. Its value names the
// application's attributes, the confirmation email's id and the audit
// line's actor.
type ConfirmParty string

const (
	ConfirmByPartner   ConfirmParty = "partner"
	ConfirmBySignatory ConfirmParty = "signatory"
)

// Answer is party's confirmation of a.
func (a Application) Answer(party ConfirmParty) Confirmation {
	if party == ConfirmBySignatory {
		return a.SignatoryAnswer
	}
	return a.PartnerAnswer
}

// SetAnswer records c as party's confirmation of a.
func (a *Application) SetAnswer(party ConfirmParty, c Confirmation) {
	if party == ConfirmBySignatory {
		a.SignatoryAnswer = c
	} else {
		a.PartnerAnswer = c
	}
}

// Audit is the code and actor of party's answer in the audit log (name:
// who answered).
func (party ConfirmParty) Audit(name string) (code, actor string) {
	if party == ConfirmBySignatory {
		return AuditSignatoryAnswer, ActorSignatory
	}
	return AuditPartnerAnswer, ActorOf(ActorPartner, name)
}

// maxComment is the most characters of a decline's words.
const maxComment = 2000

// Answer checks a party's input against the application as submitted
// and returns the confirmation to store, or the problems: a decision, a
// name and a role; words when declining.
func Answer(in ConfirmInput, app Application, now time.Time) (Confirmation, FieldErrors) {
	var v validator
	c := Confirmation{At: now, Version: ContentHash(app)}
	switch in.Decision {
	case "confirm":
		c.State = ConfirmConfirmed
	case "decline":
		c.State = ConfirmDeclined
	case "":
		v.add("decision", CodeRequired)
	default:
		v.add("decision", CodeInvalidChoice)
	}
	c.Name = v.line("name", in.Name, maxName, true)
	c.Role = v.line("role", in.Role, maxName, true)
	// Words are optional when confirming, required when declining.
	if strings.TrimSpace(in.Comment) != "" || c.State == ConfirmDeclined {
		c.Comment = v.text("comment", in.Comment, maxComment)
	}
	return c, v.errs
}

// ContentHash is the hash of what an application says (its parties,
// project, budget, documents, team), not of its state: a changed application asks the
// partner again.
func ContentHash(app Application) string {
	b, err := json.Marshal(struct {
		Round, Type, Theme, Title, Summary, Objectives string
		SwedishParty, Partner                          Party
		ThirdParty                                     *Party
		Duration                                       int
		Budget                                         []int64
		// Each document by kind and content (its ETag in the bucket);
		// none leaves the hash as it was before documents existed.
		Documents []string `json:",omitempty"`
		// The team (each member's party, role and name); none leaves the
		// hash as it was before teams existed.
		Team []Member `json:",omitempty"`
	}{app.RoundID, string(app.Type), string(app.Theme), app.Title, app.Summary, app.Objectives,
		app.SwedishParty, app.Partner, app.ThirdParty, app.DurationYears, app.BudgetPerYear, documentHashes(app.Documents), app.Team})
	if err != nil { // plain strings and numbers: it always encodes
		panic(err)
	}
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func documentHashes(docs []Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, string(d.Kind)+" "+d.ETag+" "+d.Version+" "+d.Name)
	}
	return out
}

// ConfirmKeyFor is the secret of the partner's link for a submission token.
func ConfirmKeyFor(token string) string {
	sum := sha256.Sum256([]byte("partner\x00" + token))
	return base64.RawURLEncoding.EncodeToString(sum[:24])
}

// SignatoryKeyFor is the secret of the signatory's link for a submission
// token (another label: it is never the partner's).
func SignatoryKeyFor(token string) string {
	sum := sha256.Sum256([]byte("signatory\x00" + token))
	return base64.RawURLEncoding.EncodeToString(sum[:24])
}

// PartnerConfirmEmail is the partner's link's email kind; AboutConfirm the
// first word of its id.
const PartnerConfirmEmail EmailKind = "partner-confirm"

// SignatoryConfirmEmail is the signatory's link's email kind.
const SignatoryConfirmEmail EmailKind = "signatory-confirm"

// AboutConfirm begins the id of a confirmation link's email:
// confirm_<ref>_<party> (ConfirmEmailID).
const AboutConfirm = "confirm"

// ConfirmEmailID is the outbox id of the email with party's link for ref.
func ConfirmEmailID(ref string, party ConfirmParty) string {
	return EmailID(AboutConfirm, ref, string(party))
}
