package store_test

import (
	"errors"
	"testing"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// The Swedish party's signatory is stored with the application, its
// confirmation waiting; each party's answer is written once, in its own
// attributes, the signatory's audit line by "signatory" without a name.
// The erasure of the Swedish party's contact details takes the signatory's
// name and address and the name it answered with (the partner's answer
// stays); an erasure read before an answer conflicts, writing nothing.
func TestTheSignatorysAnswerAndItsErasure(t *testing.T) {
	s := newStore(t)
	at := opens.Add(2 * time.Hour)
	token := programme.NewToken()
	app, sec := application(token)
	app.Signatory = &programme.Signatory{Name: "Per Persson", Email: "per@kalix.example.se"}
	sec.PartnerKeyHash, sec.SignatoryKeyHash = programme.Hash(programme.ConfirmKeyFor(token)), programme.Hash(programme.SignatoryKeyFor(token))
	if _, _, err := s.Submit(ctx, app, sec, at); err != nil {
		t.Fatal(err)
	}
	read, gotSec, err := s.Application(ctx, app.Ref)
	if err != nil || read.Signatory == nil || *read.Signatory != *app.Signatory || gotSec.SignatoryKeyHash != sec.SignatoryKeyHash ||
		read.SignatoryAnswer.State != programme.ConfirmWaiting || read.PartnerAnswer.State != programme.ConfirmWaiting {
		t.Fatalf("stored %+v %+v %+v %v", read.Signatory, read.SignatoryAnswer, gotSec, err)
	}

	c := programme.Confirmation{State: programme.ConfirmConfirmed, Name: "Per Persson", Role: "Ordförande", At: at.Add(time.Hour), Version: programme.ContentHash(read)}
	if err := s.Answer(ctx, read, programme.ConfirmBySignatory, c); err != nil {
		t.Fatal(err)
	}
	if err := s.Answer(ctx, read, programme.ConfirmBySignatory, c); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("twice: %v", err)
	}
	after, _, _ := s.Application(ctx, app.Ref)
	if after.SignatoryAnswer.State != programme.ConfirmConfirmed || after.SignatoryAnswer.Name != "Per Persson" || !after.SignatoryAnswer.At.Equal(c.At) ||
		after.PartnerAnswer.State != programme.ConfirmWaiting {
		t.Fatalf("after the signatory's answer: %+v, the partner's %+v", after.SignatoryAnswer, after.PartnerAnswer)
	}
	lines := auditLines(t, s, app.Ref)
	if len(lines) != 1 {
		t.Fatalf("%d audit lines", len(lines))
	}
	if actor, _ := attr(lines[0], "actor"); actor != programme.ActorSignatory {
		t.Errorf("the audit line's actor %q", actor)
	}
	if label, ok := attr(lines[0], "actorLabel"); ok && label != "" {
		t.Errorf("the audit line names the signatory: %q", label)
	}
	if code, _ := attr(lines[0], "code"); code != programme.AuditSignatoryAnswer {
		t.Errorf("the audit line's code %q", code)
	}

	// Read before the partner's answer: the erasure conflicts.
	pc := programme.Confirmation{State: programme.ConfirmDeclined, Name: "John", Role: "Director", Comment: "No.", At: at.Add(2 * time.Hour), Version: c.Version}
	if err := s.Answer(ctx, after, programme.ConfirmByPartner, pc); err != nil {
		t.Fatal(err)
	}
	erase := store.ContactRedaction{App: after, Roles: []programme.PartyRole{programme.RolePartner}, At: at.Add(3 * time.Hour), Actor: "sub",
		Reason: programme.EraseRequested}
	if _, _, err := s.RedactContacts(ctx, erase); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("an erasure read before the partner answered: %v", err)
	}
	erase.App, _, _ = s.Application(ctx, app.Ref)
	erase.Roles = []programme.PartyRole{programme.RoleSwedish}
	if _, _, err := s.RedactContacts(ctx, erase); err != nil {
		t.Fatal(err)
	}
	item := rawItem(t, s, "APP#"+app.Ref, "APP")
	for path, want := range map[string]string{"signatory.name": programme.Redacted, "signatory.email": programme.Redacted,
		"signatoryName": programme.Redacted, "signatoryRole": "Ordförande", "partnerName": "John", "partner.email": "john@masaka.example.ug"} {
		var got string
		switch path {
		case "signatory.name":
			got, _ = attr(item, "signatory", "name")
		case "signatory.email":
			got, _ = attr(item, "signatory", "email")
		case "partner.email":
			got, _ = attr(item, "partner", "email")
		default:
			got, _ = attr(item, path)
		}
		if got != want {
			t.Errorf("%s after the Swedish party's erasure: %q, want %q", path, got, want)
		}
	}
	erase.App, _, _ = s.Application(ctx, app.Ref)
	erase.Roles = []programme.PartyRole{programme.RolePartner}
	if _, _, err := s.RedactContacts(ctx, erase); err != nil {
		t.Fatal(err)
	}
	if got, _ := attr(rawItem(t, s, "APP#"+app.Ref, "APP"), "partnerName"); got != programme.Redacted {
		t.Errorf("the partner's answering name after its erasure: %q", got)
	}
}
