package staff

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// EraseStore is what erasure needs of the table (*store.Store).
type EraseStore interface {
	Application(ctx context.Context, ref string) (programme.Application, store.Secrets, error)
	OutboxEmails(ctx context.Context, ids []string) (map[string]programme.Email, error)
	RedactContacts(ctx context.Context, r store.ContactRedaction) (cancelled, redacted int, err error)
}

// Eraser erases a person's contact details from an application when staff
// are asked to (programme.Erase): their name, address and phone number
// become programme.Redacted, the emails about the application still
// waiting to go to them are cancelled and the sent ones lose their address
// and body, in one write with an audit line that says who, why and whose,
// never what.
type Eraser struct {
	Store EraseStore
	Now   func() time.Time
	Log   *slog.Logger
}

// ErrEmailInFlight: an email to the person is being sent right now;
// nothing was erased (the mailer's lease runs out within minutes).
var ErrEmailInFlight = errors.New("an email to the person is being sent; nothing was erased")

// Erased is what an erasure did.
type Erased struct {
	programme.Erasure
	Cancelled int // emails that will not be sent
	Redacted  int // sent emails whose address and body went
}

// Erase erases in.Person's contact details from application ref, by by.
// Errors: ErrUnknownApplication, programme.FieldErrors (what staff must
// give), programme.ErrAlreadyErased, ErrEmailInFlight, and
// ErrApplicationChanged if it kept changing meanwhile.
func (s *Eraser) Erase(ctx context.Context, ref string, in programme.EraseInput, by string) (Erased, error) {
	for range 3 { // the application or an email may change between the read and the write
		app, _, err := s.Store.Application(ctx, ref)
		if errors.Is(err, store.ErrNotFound) {
			return Erased{}, ErrUnknownApplication
		}
		if err != nil {
			return Erased{}, err
		}
		e, err := programme.Erase(in, app, by, s.Now())
		if err != nil {
			return Erased{}, err
		}
		byID, err := s.Store.OutboxEmails(ctx, e.Emails)
		if err != nil {
			return Erased{}, err
		}
		var emails []programme.Email
		for _, id := range e.Emails {
			if m, ok := byID[id]; ok {
				emails = append(emails, m)
			}
		}
		cancelled, redacted, err := s.Store.RedactContacts(ctx, store.ContactRedaction{App: app, Roles: []programme.PartyRole{e.Role},
			Emails: emails, At: e.At, Actor: by, Reason: e.Reason})
		switch {
		case errors.Is(err, store.ErrConflict):
			continue
		case errors.Is(err, store.ErrEmailInFlight):
			return Erased{}, ErrEmailInFlight
		case err != nil:
			return Erased{}, err
		}
		actor, _ := programme.SplitActor(by) // the stable id only: the log carries no email address
		s.Log.InfoContext(ctx, "contact details erased on request", "ref", ref, "party", e.Role, "reason", e.Reason,
			"cancelled", cancelled, "redacted", redacted, "by", actor)
		return Erased{Erasure: e, Cancelled: cancelled, Redacted: redacted}, nil
	}
	return Erased{}, ErrApplicationChanged
}
