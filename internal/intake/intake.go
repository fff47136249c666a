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
	"time"

	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Store is what intake needs of the table.
type Store interface {
	Round(ctx context.Context, id string) (programme.Round, error)
	Rounds(ctx context.Context) ([]programme.Round, error)
	Submit(ctx context.Context, app programme.Application, sec store.Secrets, now time.Time, limits ...store.MailLimit) (programme.Application, bool, error)
	Application(ctx context.Context, ref string) (programme.Application, store.Secrets, error)
}

// Mailer sends one email.
type Mailer interface {
	Send(ctx context.Context, m mail.Message) (string, error)
}

// Service is the applicant's path.
type Service struct {
	Store  Store
	Mailer Mailer
	Now    func() time.Time
	Log    *slog.Logger
	// ReceiptsPerDay caps the receipts one address gets a day (the day in
	// Europe/Stockholm), counted in the table in the submission's own
	// transaction; 0 is no cap.
	ReceiptsPerDay int
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

// ErrTooManyReceipts: the Swedish contact's address has had ReceiptsPerDay
// receipts today; the submission was refused and nothing was written.
var ErrTooManyReceipts = errors.New("too many receipts to one address today")

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

// Receipt is the outcome of a submission.
type Receipt struct {
	App       programme.Application
	StatusKey string
	// Replay: the token had been used; App is the application it made, and
	// nothing was written or sent this time.
	Replay bool
}

// Submit validates an input against its round, stores it once per token
// and, the first time, emails the receipt to the Swedish contact.
// unreadable are the fields the client sent that could not be read at all
// (the form's "abc" in a number field): with any, nothing is written, and
// every problem is reported at once, each field once (FieldErrors.Merge).
// statusURL builds the link of the receipt from reference and key.
//
// A token presented again with the same input (programme.InputHash) finds
// its application (Replay); with another input it is ErrTokenReused.
//
// Errors: programme.FieldErrors (nothing written), *RoundNotOpenError,
// ErrConflict, ErrTokenReused, ErrTooManyReceipts, or a wrapped infrastructure error.
func (s *Service) Submit(ctx context.Context, in programme.Input, unreadable programme.FieldErrors,
	statusURL func(ref, key string) string) (Receipt, error) {
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
	app, errs := programme.Validate(in, round)
	if errs != nil {
		return Receipt{}, errs
	}
	app.Ref = ref

	stored, replay, err := s.Store.Submit(ctx, app, sec, now,
		store.MailLimit{To: app.SwedishParty.Email, PerDay: s.ReceiptsPerDay})
	switch {
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
	s.Log.InfoContext(ctx, "application submitted", "ref", ref, "round", round.ID,
		"type", stored.Type, "requestedTotal", stored.RequestedTotal())
	s.sendReceipt(ctx, stored, round, statusURL(ref, key))
	return rc, nil
}

// sendReceipt emails the receipt. The application is stored whatever
// happens here; a failure is logged with everything needed to resend by hand.
func (s *Service) sendReceipt(ctx context.Context, app programme.Application, round programme.Round, link string) {
	msg, err := mail.Receipt(app.SwedishParty.Email, mail.ReceiptData{Lang: app.Lang, Ref: app.Ref, Title: app.Title,
		RoundName: round.Name(app.Lang), SubmittedAt: app.SubmittedAt, StatusURL: link})
	if err == nil {
		var id string
		id, err = s.Mailer.Send(ctx, msg)
		if err == nil {
			s.Log.InfoContext(ctx, "receipt sent", "ref", app.Ref, "sesMessageId", id)
			return
		}
	}
	s.Log.ErrorContext(ctx, "receipt not sent; the application is stored", "ref", app.Ref, "error", err)
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
