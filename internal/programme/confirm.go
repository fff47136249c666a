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
// answer is bound to a hash of exactly the submitted version.

// Confirmation states.
const (
	ConfirmWaiting   = "waiting"
	ConfirmConfirmed = "confirmed"
	ConfirmDeclined  = "declined"
)

// Confirmation is the partner's answer.
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

// ConfirmInput is the partner's answer as it arrives.
type ConfirmInput struct {
	Decision string `json:"decision"` // "confirm" or "decline"
	Name     string `json:"name"`
	Role     string `json:"role"`
	Comment  string `json:"comment"`
}

// ErrAlreadyAnswered: the partner has answered for this version already.
var ErrAlreadyAnswered = errors.New("the partner has already answered")

// AuditPartnerAnswer is the audit line of the partner's answer (state,
// role; the name is the line's actor label).
const AuditPartnerAnswer = "app.partner_answer"

// ActorPartner is the actor of the partner's answer (the name is its label).
const ActorPartner = "partner"

// maxComment is the most characters of a decline's words.
const maxComment = 2000

// Answer checks the partner's input against the application as submitted
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
// project, budget), not of its state: a changed application asks the
// partner again.
func ContentHash(app Application) string {
	b, err := json.Marshal(struct {
		Round, Type, Theme, Title, Summary, Objectives string
		SwedishParty, Partner                          Party
		ThirdParty                                     *Party
		Duration                                       int
		Budget                                         []int64
	}{app.RoundID, string(app.Type), string(app.Theme), app.Title, app.Summary, app.Objectives,
		app.SwedishParty, app.Partner, app.ThirdParty, app.DurationYears, app.BudgetPerYear})
	if err != nil { // plain strings and numbers: it always encodes
		panic(err)
	}
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// ConfirmKeyFor is the secret of the partner's link for a submission token.
func ConfirmKeyFor(token string) string {
	sum := sha256.Sum256([]byte("partner\x00" + token))
	return base64.RawURLEncoding.EncodeToString(sum[:24])
}

// PartnerConfirmEmail is the partner's link's email kind; AboutConfirm the
// first word of its id.
const PartnerConfirmEmail EmailKind = "partner-confirm"

// AboutConfirm begins the id of a partner's link's email.
const AboutConfirm = "confirm"
