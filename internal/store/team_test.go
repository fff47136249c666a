package store_test

import (
	"slices"
	"testing"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// The team is stored with the application and read back as submitted
// (each person's party, role and name); erasing a party's contact details
// erases the names of its team too, and only its.
func TestTeamIsStoredAndErasedWithItsParty(t *testing.T) {
	s := newStore(t)
	at := opens.Add(2 * time.Hour)
	app, sec := application(programme.NewToken())
	app.Team = []programme.Member{
		{Party: programme.RoleSwedish, Role: programme.Coordinator, Name: "Anna Andersson"},
		{Party: programme.RolePartner, Role: programme.Coordinator, Name: "John Ssebunya"},
		{Party: programme.RoleSwedish, Role: programme.CivilServant, Name: "Erik Berg"},
		{Party: programme.RolePartner, Role: programme.CivilServant, Name: "Grace Nakato"},
	}
	if _, _, err := s.Submit(ctx, app, sec, at); err != nil {
		t.Fatal(err)
	}
	read, _, err := s.Application(ctx, app.Ref)
	if err != nil || !slices.Equal(read.Team, app.Team) || programme.ContentHash(read) != programme.ContentHash(app) {
		t.Fatalf("read back %+v %v", read.Team, err)
	}
	if _, _, err := s.RedactContacts(ctx, store.ContactRedaction{App: read, Roles: []programme.PartyRole{programme.RolePartner},
		At: at.Add(time.Hour), Actor: "sub", Reason: programme.EraseRequested}); err != nil {
		t.Fatal(err)
	}
	erased, _, err := s.Application(ctx, app.Ref)
	want := slices.Clone(app.Team)
	want[1].Name, want[3].Name = programme.Redacted, programme.Redacted
	if err != nil || !slices.Equal(erased.Team, want) {
		t.Fatalf("after erasing the partner: %+v %v", erased.Team, err)
	}
}
