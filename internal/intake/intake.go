// Package intake is the applicant's path: which rounds are open, submitting
// an application (validate, store once, send the receipt) and looking up its
// status with the secret key. It joins the programme's rules to the store and
// the mailer through small interfaces, so it runs the same in Lambda, in the
// local stack and in tests.
package intake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Store is what intake needs of the table.
type Store interface {
	Round(ctx context.Context, id string) (programme.Round, error)
	Rounds(ctx context.Context) ([]programme.Round, error)
	Start(ctx context.Context, p programme.Proof, link programme.Email, also ...store.Also) error
	Proof(ctx context.Context, tokenHash string) (programme.Proof, error)
	Submit(ctx context.Context, app programme.Application, sec store.Secrets, now time.Time, also ...store.Also) (programme.Application, bool, error)
	Application(ctx context.Context, ref string) (programme.Application, store.Secrets, error)
	Answer(ctx context.Context, app programme.Application, party programme.ConfirmParty, c programme.Confirmation) error
	SaveDraft(ctx context.Context, p programme.Proof, values map[string]string, at time.Time) error
	Draft(ctx context.Context, tokenHash string) (map[string]string, time.Time, error)
	Documents(ctx context.Context, tokenHash string) ([]programme.Document, error)
	PutDocument(ctx context.Context, p programme.Proof, d programme.Document, prev string) error
	RemoveDocument(ctx context.Context, p programme.Proof, kind programme.DocumentKind, key string) error
}

// Courier sends one queued email now, through the outbox's own path (a
// lease on the item, SES, the record): exactly once, with the
// configuration set. If it cannot, the mailer's next run does.
type Courier interface {
	SendNow(ctx context.Context, id string) error
}

// Service is the applicant's path.
type Service struct {
	Store   Store
	Courier Courier
	// Files is the documents bucket, for the functions that upload, check
	// or read documents (nil in the others).
	Files Files
	Now   func() time.Time
	Log   *slog.Logger
	// EmailsPerDay caps the emails one address gets from the intake a day
	// (links and receipts; the day in Europe/Stockholm), counted in the
	// table in the write that queues each; 0 is no cap.
	EmailsPerDay int
	// StartsPerSourcePerDay caps the links one connection (API Gateway's
	// source IP) asks for a day; 0 is no cap.
	StartsPerSourcePerDay int
	// PerOrganisation caps the applications of one Swedish organisation in
	// one round; 0 is no cap.
	PerOrganisation int
}

// ErrNotFound: no such application, or the key does not open it. The two
// are one error on purpose: a wrong key reveals nothing.
var ErrNotFound = errors.New("application not found")

// ErrConflict: the token's reference is taken by another submission
// (astronomically unlikely; the applicant should reload the form).
var ErrConflict = errors.New("reference conflict")

// ErrTokenReused: the token already made an application with a different
// input; that application stays as it is (the IETF Idempotency-Key draft's
// 422: a key reused with another payload).
var ErrTokenReused = errors.New("token reused with a different input")

// ErrTooManyReceipts: the Swedish contact's address has had EmailsPerDay
// emails today; the submission was refused and nothing was written.
var ErrTooManyReceipts = errors.New("too many receipts to one address today")

// ErrTooManyLinks: the address has had EmailsPerDay emails today; no link
// was sent and nothing was written.
var ErrTooManyLinks = errors.New("too many emails to one address today")

// ErrAlreadyAnswered: the partner (or the signatory) has answered already.
var ErrAlreadyAnswered = programme.ErrAlreadyAnswered

// ErrTooManyStarts: the connection has asked for StartsPerSourcePerDay
// links today.
var ErrTooManyStarts = errors.New("too many starts from one source today")

// ErrTooManyFromOrganisation: the Swedish organisation has PerOrganisation
// applications in the round.
var ErrTooManyFromOrganisation = errors.New("too many applications from one organisation in the round")

// RoundNotOpenError: the round does not accept submissions now.
type RoundNotOpenError struct {
	Round programme.Round
	At    time.Time
}

func (e *RoundNotOpenError) Error() string {
	return fmt.Sprintf("round %s does not accept submissions at %s", e.Round.ID, e.At.UTC().Format(time.RFC3339))
}

// Message explains it to the applicant in lang.
func (e *RoundNotOpenError) Message(lang programme.Lang) string {
	return programme.NotOpenMessage(e.Round, e.At, lang)
}

// OpenRounds returns the rounds that accept submissions now, with their rules.
func (s *Service) OpenRounds(ctx context.Context) ([]programme.Round, error) {
	all, err := s.Store.Rounds(ctx) // whole, with their rules
	if err != nil {
		return nil, err
	}
	return programme.CurrentRounds(all, s.Now()), nil
}

// UpcomingRound returns the next round to open after now, if any.
func (s *Service) UpcomingRound(ctx context.Context) (programme.Round, bool, error) {
	all, err := s.Store.Rounds(ctx)
	if err != nil {
		return programme.Round{}, false, err
	}
	now := s.Now()
	for _, r := range all { // ordered by opening time
		if r.OpensAt.After(now) {
			return r, true, nil
		}
	}
	return programme.Round{}, false, nil
}

// Round returns a round with its rules (store.ErrNotFound if there is none).
func (s *Service) Round(ctx context.Context, id string) (programme.Round, error) {
	return s.Store.Round(ctx, id)
}

// Start begins an application: it checks the round and the address, stores
// a proof (the hash of a new secret token) and queues the email with the
// link (link(round, token): our words only), both in one write with the
// day's caps of the address and of the connection (source), then sends the
// email at once (or the mailer's next run does). The token exists only in
// the email.
//
// Errors: programme.FieldErrors, *RoundNotOpenError, ErrTooManyLinks,
// ErrTooManyStarts, or a wrapped infrastructure error.
func (s *Service) Start(ctx context.Context, in programme.StartInput, source string, link func(round, token string) string) error {
	if in.Round == "" {
		return programme.FieldErrors{{Field: "round", Code: programme.CodeRequired}}
	}
	round, err := s.Store.Round(ctx, in.Round)
	if errors.Is(err, store.ErrNotFound) {
		return programme.FieldErrors{{Field: "round", Code: programme.CodeUnknownRound}}
	}
	if err != nil {
		return fmt.Errorf("read round %s: %w", in.Round, err)
	}
	now := s.Now()
	token := programme.NewToken()
	proof, errs := programme.StartProof(in, round, token, now)
	if errs != nil {
		return errs
	}
	if !round.AcceptsAt(now) {
		return &RoundNotOpenError{Round: round, At: now}
	}
	msg, err := mail.StartLink(proof.Email, mail.StartData{Lang: proof.Lang, RoundName: round.Name(proof.Lang),
		Link: link(round.ID, token), Deadline: round.ClosesAt})
	if err != nil {
		return err
	}
	email := programme.Email{ID: programme.EmailID(programme.AboutStart, programme.ProofID(proof.TokenHash)), Kind: programme.StartEmail,
		RoundID: round.ID, To: proof.Email, Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML}
	var also []store.Also
	if s.EmailsPerDay > 0 {
		also = append(also, store.MailLimit{To: proof.Email, PerDay: s.EmailsPerDay})
	}
	if s.StartsPerSourcePerDay > 0 && source != "" {
		also = append(also, store.SourceLimit{Source: source, PerDay: s.StartsPerSourcePerDay})
	}
	switch err := s.Store.Start(ctx, proof, email, also...); {
	case errors.Is(err, store.ErrMailLimit):
		s.Log.InfoContext(ctx, "email cap reached for the address: no link sent", "round", round.ID)
		return ErrTooManyLinks
	case errors.Is(err, store.ErrSourceLimit):
		s.Log.InfoContext(ctx, "start cap reached for the source: no link sent", "round", round.ID)
		return ErrTooManyStarts
	case err != nil:
		return err
	}
	s.Log.InfoContext(ctx, "application started: link queued", "round", round.ID, "outbox", email.ID)
	s.sendNow(ctx, email.ID)
	return nil
}

// sendNow sends a queued email at once through the outbox's own path
// (exactly once, with the configuration set); if it cannot, the mailer's
// next run does, so a failure here is only logged.
func (s *Service) sendNow(ctx context.Context, id string) {
	if s.Courier == nil {
		return
	}
	if err := s.Courier.SendNow(ctx, id); err != nil {
		s.Log.WarnContext(ctx, "email not sent at once; the mailer's next run sends it", "outbox", id, "error", err)
	}
}

// ErrProofInvalid: the link does not open a form (Code says why, a
// programme.CodeProof* code).
type ErrProofInvalid struct{ Code string }

func (e *ErrProofInvalid) Error() string { return "proof: " + e.Code }

// Message explains it in lang.
func (e *ErrProofInvalid) Message(lang programme.Lang) string {
	return programme.FieldError{Field: "proof", Code: e.Code}.Message(lang)
}

// OpenForm checks the link's token for round (which the caller has read)
// and returns what it proves; the proof comes with an *ErrProofInvalid too.
func (s *Service) OpenForm(ctx context.Context, round, token string) (programme.Proof, error) {
	p, err := s.proof(ctx, token)
	if err != nil {
		return p, err
	}
	if code := p.Opens(round, "", s.Now()); code != "" {
		return p, &ErrProofInvalid{Code: code}
	}
	return p, nil
}

// proven checks the submission's proof for round and ref at now and makes
// the Swedish contact's address the proven one (an address sent that is
// not the proven one is a problem of its own): the proof, and the problems
// to report with the input's.
func (s *Service) proven(ctx context.Context, in *programme.Input, round, ref string, now time.Time) (programme.Proof, programme.FieldErrors, error) {
	if in.Proof == "" {
		return programme.Proof{}, programme.FieldErrors{{Field: "proof", Code: programme.CodeRequired}}, nil
	}
	proof, err := s.proof(ctx, in.Proof)
	var invalid *ErrProofInvalid
	if errors.As(err, &invalid) {
		return proof, programme.FieldErrors{{Field: "proof", Code: invalid.Code}}, nil
	}
	if err != nil {
		return proof, nil, err
	}
	if code := proof.Opens(round, ref, now); code != "" {
		return proof, programme.FieldErrors{{Field: "proof", Code: code}}, nil
	}
	if in.SwedishParty.Email == "" {
		in.SwedishParty.Email = proof.Email
	} else if !strings.EqualFold(strings.TrimSpace(in.SwedishParty.Email), proof.Email) {
		return proof, programme.FieldErrors{{Field: "swedishParty.email", Code: programme.CodeProofEmail}}, nil
	}
	return proof, nil, nil
}

func (s *Service) proof(ctx context.Context, token string) (programme.Proof, error) {
	if !programme.ValidToken(token) {
		return programme.Proof{}, &ErrProofInvalid{Code: programme.CodeProofUnknown}
	}
	p, err := s.Store.Proof(ctx, programme.Hash(token))
	if errors.Is(err, store.ErrNotFound) {
		return p, &ErrProofInvalid{Code: programme.CodeProofUnknown}
	}
	if err != nil {
		return p, fmt.Errorf("read proof: %w", err)
	}
	return p, nil
}

// Links builds the links a submission's emails carry.
type Links struct {
	Status  func(ref, key string) string // the applicant's status page
	Confirm func(ref, key string) string // the partner's or the signatory's confirmation
}

// Receipt is the outcome of a submission.
type Receipt struct {
	App       programme.Application
	StatusKey string
	// Replay: the token had been used; App is the application it made, and
	// nothing was written or sent this time.
	Replay bool
}

// Submit validates an input against its round and the proof of its
// Swedish contact's address (in.Proof, the link's token: the contact's
// address is the proven one), stores it once per token and, the first
// time, queues the receipt to the proven address in the same write (the
// mailer sends it, exactly once). One link makes one application.
// unreadable are the fields the client sent that could not be read at all
// (the form's "abc" in a number field): with any, nothing is written, and
// every problem is reported at once, each field once (FieldErrors.Merge).
// links builds the receipt's status link and the confirmation links (the
// partner's; the Swedish party's signatory's, if the input names one: its
// own email, in the application's language, queued in the same write)
// from reference and key.
//
// A token presented again with the same input (programme.InputHash) finds
// its application (Replay); with another input it is ErrTokenReused.
//
// Errors: programme.FieldErrors (nothing written), *RoundNotOpenError,
// ErrConflict, ErrTokenReused, ErrTooManyReceipts, ErrTooManyFromOrganisation,
// or a wrapped infrastructure error.
func (s *Service) Submit(ctx context.Context, in programme.Input, unreadable programme.FieldErrors,
	links Links) (Receipt, error) {
	if in.Token == "" {
		in.Token = programme.NewToken()
	} else if !programme.ValidToken(in.Token) {
		return Receipt{}, unreadable.Merge(programme.FieldErrors{{Field: "token", Code: programme.CodeInvalidToken}})
	}
	if in.Round == "" {
		return Receipt{}, unreadable.Merge(programme.FieldErrors{{Field: "round", Code: programme.CodeRequired}})
	}
	round, err := s.Store.Round(ctx, in.Round)
	if errors.Is(err, store.ErrNotFound) {
		return Receipt{}, unreadable.Merge(programme.FieldErrors{{Field: "round", Code: programme.CodeUnknownRound}})
	}
	if err != nil {
		return Receipt{}, fmt.Errorf("read round %s: %w", in.Round, err)
	}
	if unreadable != nil {
		// The proven address stands in for the one the form does not send.
		if p, err := s.proof(ctx, in.Proof); err == nil && in.SwedishParty.Email == "" {
			in.SwedishParty.Email = p.Email
		}
		_, errs := programme.Validate(in, round)
		return Receipt{}, unreadable.Merge(errs)
	}

	ref, key := programme.RefFor(in.Token), programme.StatusKeyFor(in.Token)
	sec := store.Secrets{TokenHash: programme.Hash(in.Token), StatusKeyHash: programme.Hash(key), InputHash: programme.InputHash(in)}

	now := s.Now()
	if !round.AcceptsAt(now) {
		// A replay of a submission that got in before the deadline must still
		// find its receipt, so ask the store before refusing.
		if existing, sec2, err := s.Store.Application(ctx, ref); err == nil && sec2.TokenHash == sec.TokenHash {
			if !sec2.SameInput(sec.InputHash) {
				return Receipt{}, ErrTokenReused
			}
			return Receipt{App: existing, StatusKey: key, Replay: true}, nil
		}
		return Receipt{}, &RoundNotOpenError{Round: round, At: now}
	}
	proof, problems, err := s.proven(ctx, &in, round.ID, ref, now)
	if err != nil {
		return Receipt{}, err
	}
	app, errs := programme.Validate(in, round)
	if problems == nil {
		// The appendices uploaded behind the link, checked against the
		// chosen type's (the form shows them after the budget).
		if app.Documents, err = s.Store.Documents(ctx, proof.TokenHash); err != nil {
			return Receipt{}, err
		}
		if t, ok := round.Rules.Type(app.Type); ok {
			errs = append(errs, programme.CheckDocuments(t, app.Documents)...)
		}
	}
	if errs = append(errs, problems...); errs != nil { // the input's problems first, in the form's order
		return Receipt{}, errs
	}
	app.Ref = ref
	app.SwedishParty.Email = proof.Email

	msg, err := mail.Receipt(proof.Email, mail.ReceiptData{Lang: app.Lang, Ref: ref, Title: app.Title,
		RoundName: round.Name(app.Lang), SubmittedAt: now, StatusURL: links.Status(ref, key)})
	if err != nil {
		return Receipt{}, err
	}
	receipt := programme.Email{ID: programme.EmailID(programme.AboutReceipt, ref), Kind: programme.ReceiptEmail, Ref: ref,
		RoundID: round.ID, To: proof.Email, Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML}
	// The partner confirms itself what was sent in its name: a link (our
	// words only, in English) to a read-only view, queued with the rest.
	partnerKey := programme.ConfirmKeyFor(in.Token)
	sec.PartnerKeyHash = programme.Hash(partnerKey)
	pm, err := mail.PartnerConfirm(app.Partner.Email, mail.ConfirmData{Lang: programme.English, Ref: ref,
		Organisation: app.SwedishParty.Organisation, RoundName: round.Name(programme.English), Link: links.Confirm(ref, partnerKey)})
	if err != nil {
		return Receipt{}, err
	}
	toPartner := programme.Email{ID: programme.EmailID(programme.AboutConfirm, ref, "partner"), Kind: programme.PartnerConfirmEmail, Ref: ref,
		RoundID: round.ID, To: app.Partner.Email, Subject: pm.Subject, Text: pm.Text, HTML: pm.HTML}
	also := []store.Also{store.UseProof{TokenHash: proof.TokenHash, Ref: ref}, store.QueueEmail{Email: receipt}, store.QueueEmail{Email: toPartner}}
	// The Swedish party's signatory, if another than the contact, confirms
	// the same way with a key of its own: a link in the application's
	// language (our words and the organisation of the programme's list).
	var toSignatory *programme.Email
	if sig := app.Signatory; sig != nil {
		signatoryKey := programme.SignatoryKeyFor(in.Token)
		sec.SignatoryKeyHash = programme.Hash(signatoryKey)
		sm, err := mail.SignatoryConfirm(sig.Email, mail.ConfirmData{Lang: app.Lang, Ref: ref,
			Organisation: app.SwedishParty.Organisation, RoundName: round.Name(app.Lang), Link: links.Confirm(ref, signatoryKey)})
		if err != nil {
			return Receipt{}, err
		}
		toSignatory = &programme.Email{ID: programme.ConfirmEmailID(ref, programme.ConfirmBySignatory), Kind: programme.SignatoryConfirmEmail,
			Ref: ref, RoundID: round.ID, To: sig.Email, Subject: sm.Subject, Text: sm.Text, HTML: sm.HTML}
		also = append(also, store.QueueEmail{Email: *toSignatory})
	}
	for _, d := range app.Documents {
		also = append(also, store.KeepDocument{TokenHash: proof.TokenHash, Kind: d.Kind, Key: d.Key})
	}
	if s.EmailsPerDay > 0 {
		also = append(also, store.MailLimit{To: proof.Email, PerDay: s.EmailsPerDay})
	}
	if s.PerOrganisation > 0 {
		also = append(also, store.OrganisationLimit{Round: round.ID, Organisation: app.SwedishParty.Organisation,
			Max: s.PerOrganisation, Expires: round.ClosesAt.Add(store.ProofRetention)})
	}
	stored, replay, err := s.Store.Submit(ctx, app, sec, now, also...)
	switch {
	case errors.Is(err, store.ErrProof):
		return Receipt{}, programme.FieldErrors{{Field: "proof", Code: programme.CodeProofUsed}}
	case errors.Is(err, store.ErrDocumentChanged):
		return Receipt{}, programme.FieldErrors{{Field: "documents", Code: programme.CodeDocumentMoved}}
	case errors.Is(err, store.ErrOrganisationLimit):
		s.Log.InfoContext(ctx, "organisation cap reached in the round: refused", "ref", ref, "round", round.ID)
		return Receipt{}, ErrTooManyFromOrganisation
	case errors.Is(err, store.ErrMailLimit):
		s.Log.InfoContext(ctx, "receipt cap reached for the Swedish contact: refused", "ref", ref, "round", round.ID)
		return Receipt{}, ErrTooManyReceipts
	case errors.Is(err, store.ErrRoundNotOpen):
		return Receipt{}, &RoundNotOpenError{Round: round, At: now}
	case errors.Is(err, store.ErrRefCollision):
		return Receipt{}, ErrConflict
	case errors.Is(err, store.ErrTokenReused):
		s.Log.InfoContext(ctx, "token reused with a different input: refused", "ref", ref, "round", round.ID)
		return Receipt{}, ErrTokenReused
	case err != nil:
		return Receipt{}, err
	}
	rc := Receipt{App: stored, StatusKey: key, Replay: replay}
	if replay {
		s.Log.InfoContext(ctx, "submission replayed", "ref", ref, "round", round.ID)
		return rc, nil
	}
	s.Log.InfoContext(ctx, "application submitted; receipt queued", "ref", ref, "round", round.ID,
		"type", stored.Type, "requestedTotal", stored.RequestedTotal(), "outbox", receipt.ID, "signatory", toSignatory != nil)
	s.sendNow(ctx, receipt.ID)
	s.sendNow(ctx, toPartner.ID)
	if toSignatory != nil {
		s.sendNow(ctx, toSignatory.ID)
	}
	return rc, nil
}

// Status returns the application that ref names if key opens it.
func (s *Service) Status(ctx context.Context, ref, key string) (programme.Application, programme.Round, error) {
	if !programme.ValidRef(ref) || key == "" {
		return programme.Application{}, programme.Round{}, ErrNotFound
	}
	app, sec, err := s.Store.Application(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return app, programme.Round{}, ErrNotFound
	}
	if err != nil {
		return app, programme.Round{}, fmt.Errorf("read application %s: %w", ref, err)
	}
	if !programme.SecretMatches(key, sec.StatusKeyHash) {
		return programme.Application{}, programme.Round{}, ErrNotFound
	}
	round, err := s.Store.Round(ctx, app.RoundID)
	if err != nil {
		return app, round, fmt.Errorf("read round %s of %s: %w", app.RoundID, ref, err)
	}
	return app, round, nil
}

// ForConfirmation returns the application ref names, its round, and the
// party whose confirmation key opens it: the partner's, or the Swedish
// party's signatory's (ErrNotFound otherwise: a wrong key reveals nothing).
// A key opens its own party's confirmation only.
func (s *Service) ForConfirmation(ctx context.Context, ref, key string) (programme.Application, programme.Round, programme.ConfirmParty, error) {
	if !programme.ValidRef(ref) || key == "" {
		return programme.Application{}, programme.Round{}, "", ErrNotFound
	}
	app, sec, err := s.Store.Application(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return app, programme.Round{}, "", ErrNotFound
	}
	if err != nil {
		return app, programme.Round{}, "", fmt.Errorf("read application %s: %w", ref, err)
	}
	var party programme.ConfirmParty
	switch {
	case sec.PartnerKeyHash != "" && programme.SecretMatches(key, sec.PartnerKeyHash):
		party = programme.ConfirmByPartner
	case sec.SignatoryKeyHash != "" && programme.SecretMatches(key, sec.SignatoryKeyHash):
		party = programme.ConfirmBySignatory
	default:
		return programme.Application{}, programme.Round{}, "", ErrNotFound
	}
	round, err := s.Store.Round(ctx, app.RoundID)
	return app, round, party, err
}

// Answer records the answer of the party whose key (key) opens the
// application ref (the partner, or the Swedish party's signatory): once,
// for the version it was asked about, until the round's day to answer.
//
// Errors: ErrNotFound, programme.FieldErrors, ErrAlreadyAnswered,
// programme.ErrAnswerTooLate (the round's time to answer is over).
func (s *Service) Answer(ctx context.Context, ref, key string, in programme.ConfirmInput) (programme.Application, programme.ConfirmParty, error) {
	app, round, party, err := s.ForConfirmation(ctx, ref, key)
	if err != nil {
		return app, party, err
	}
	if app.Answer(party).State != programme.ConfirmWaiting {
		return app, party, ErrAlreadyAnswered
	}
	if err := round.AnswerOpen(s.Now()); err != nil {
		return app, party, err
	}
	c, errs := programme.Answer(in, app, s.Now())
	if errs != nil {
		return app, party, errs
	}
	switch err := s.Store.Answer(ctx, app, party, c); {
	case errors.Is(err, store.ErrConflict):
		return app, party, ErrAlreadyAnswered
	case err != nil:
		return app, party, err
	}
	s.Log.InfoContext(ctx, "answered", "ref", ref, "party", party, "state", c.State)
	app.SetAnswer(party, c)
	return app, party, nil
}

// draftFields are the form's fields a draft keeps: the application's, not
// the form's machinery (token, link, page language, honeypot, button).
func draftField(name string) bool {
	switch name {
	case "token", "proof", "ui", "website", "action", "round":
		return false
	}
	return true
}

// SaveDraft keeps what was typed behind the link (token) for round, to
// come back to from any device until the deadline: never seen by staff,
// never counted as submitted, and not once the link has made its
// application. Errors: programme.FieldErrors on "proof".
func (s *Service) SaveDraft(ctx context.Context, round, token string, values map[string]string) (time.Time, error) {
	p, err := s.proof(ctx, token)
	var invalid *ErrProofInvalid
	if errors.As(err, &invalid) {
		return time.Time{}, programme.FieldErrors{{Field: "proof", Code: invalid.Code}}
	}
	if err != nil {
		return time.Time{}, err
	}
	now := s.Now()
	if code := p.Opens(round, "", now); code != "" {
		return time.Time{}, programme.FieldErrors{{Field: "proof", Code: code}}
	}
	kept := map[string]string{}
	for k, v := range values {
		if draftField(k) && strings.TrimSpace(v) != "" {
			kept[k] = v
		}
	}
	if err := s.Store.SaveDraft(ctx, p, kept, now); errors.Is(err, store.ErrProof) {
		return time.Time{}, programme.FieldErrors{{Field: "proof", Code: programme.CodeProofUsed}}
	} else if err != nil {
		return time.Time{}, err
	}
	s.Log.InfoContext(ctx, "draft saved", "round", round, "fields", len(kept))
	return now, nil
}

// Draft is what was saved behind the link (token), and when; nil if
// nothing was.
func (s *Service) Draft(ctx context.Context, token string) (map[string]string, time.Time, error) {
	values, at, err := s.Store.Draft(ctx, programme.Hash(token))
	if errors.Is(err, store.ErrNotFound) {
		return nil, time.Time{}, nil
	}
	return values, at, err
}
