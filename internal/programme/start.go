package programme

import (
	"time"
)

// Proof is an applicant's proof that a work email is theirs: a link we
// emailed to the address (our words only), whose secret token came back.
// An application is filled in and submitted behind that link; its Swedish
// contact's address is the proven one, whatever the client sends, so no
// text an anonymous client typed goes to an address that has not shown it
// belongs to them. The token is stored only as its hash.
type Proof struct {
	TokenHash string
	Email     string
	RoundID   string
	Lang      Lang
	CreatedAt time.Time
	// ExpiresAt is the round's deadline: the link works until then.
	ExpiresAt time.Time
	// UsedBy is the application the link made, once submitted: one link,
	// one application.
	UsedBy string
}

// StartInput is what an applicant gives to begin: the round and their work
// email.
type StartInput struct {
	Round string `json:"round"`
	Email string `json:"email"`
	Lang  string `json:"lang"`
}

// What an email about a start or a submission is: the first word of its id
// (EmailID).
const (
	AboutStart   = "start"   // the link to fill in an application, to the address to prove
	AboutReceipt = "receipt" // a submission's receipt, to the proven address
)

// StartEmail is the link's email kind.
const StartEmail EmailKind = "start"

// ProofID is the proof's short public id (the start email's outbox id):
// the first 24 hex digits of its token's hash.
func ProofID(tokenHash string) string { return tokenHash[:24] }

// StartProof checks a start against round r at now and returns the proof
// to store for token, or the problems: an address (ValidEmail) and a round
// that takes submissions now.
func StartProof(in StartInput, r Round, token string, now time.Time) (Proof, FieldErrors) {
	var v validator
	email := v.email("email", in.Email)
	if v.errs != nil {
		return Proof{}, v.errs
	}
	lang := Swedish
	if in.Lang == string(English) {
		lang = English
	}
	return Proof{TokenHash: Hash(token), Email: email, RoundID: r.ID, Lang: lang, CreatedAt: now, ExpiresAt: r.ClosesAt}, nil
}

// Problems of a proof presented with a submission or to open the form.
const (
	CodeProofUnknown = "proof_unknown" // no such link (or a wrong token)
	CodeProofExpired = "proof_expired" // the round's deadline has passed
	CodeProofRound   = "proof_round"   // the link is for another round
	CodeProofUsed    = "proof_used"    // the link already made another application
	CodeProofEmail   = "proof_email"   // the Swedish contact's address is not the proven one
)

// Opens says whether p lets an application into round at now as ref ("" to
// open the form); the problem's code, or "".
func (p Proof) Opens(round, ref string, now time.Time) string {
	switch {
	case p.RoundID != round:
		return CodeProofRound
	case !now.Before(p.ExpiresAt):
		return CodeProofExpired
	case p.UsedBy != "" && p.UsedBy != ref:
		return CodeProofUsed
	}
	return ""
}
