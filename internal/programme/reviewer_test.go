package programme_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"partnerskap/internal/programme"
)

// A reviewer declares organisations and countries up front: known ones
// only, each once; the conflicts with single applications stay.
func TestDeclareConflicts(t *testing.T) {
	rules := round(t, "2027-1").Rules
	r := programme.Reviewer{ID: "sub-1", Conflicts: []programme.Conflict{{Kind: programme.ConflictApplication, Value: "KP-1"},
		{Kind: programme.ConflictOrganisation, Value: "Kalix"}}}
	got, errs := programme.DeclareConflicts(r, []string{" Region Västernorrland ", "", "Region Västernorrland", "Umeå"}, []string{"KE"}, rules)
	if errs != nil {
		t.Fatal(errs)
	}
	if !slices.Equal(got.Declared(programme.ConflictOrganisation), []string{"Region Västernorrland", "Umeå"}) ||
		!slices.Equal(got.Declared(programme.ConflictCountry), []string{"KE"}) ||
		!slices.Equal(got.Declared(programme.ConflictApplication), []string{"KP-1"}) {
		t.Fatalf("declared: %+v", got.Conflicts)
	}
	for _, c := range []struct {
		orgs, countries []string
		field           string
	}{
		{[]string{"Ingen sådan kommun"}, nil, "organisations"},
		{nil, []string{"XX"}, "countries"},
	} {
		same, errs := programme.DeclareConflicts(r, c.orgs, c.countries, rules)
		if len(errs) != 1 || errs[0].Field != c.field || !slices.Equal(same.Conflicts, r.Conflicts) {
			t.Errorf("%v %v: %v, %+v", c.orgs, c.countries, errs, same.Conflicts)
		}
	}
	if none, errs := programme.DeclareConflicts(r, nil, nil, rules); errs != nil || len(none.Conflicts) != 1 {
		t.Errorf("declaring none keeps only the application's: %+v %v", none.Conflicts, errs)
	}
}

// A reviewer reads no contact person's details.
func TestForAssessment(t *testing.T) {
	r := round(t, "2027-1")
	app, errs := programme.Validate(validInput(), r)
	if errs != nil {
		t.Fatal(errs)
	}
	app.Signatory = &programme.Signatory{Name: "Sara Sign", Email: "sara@kalix.example.se"}
	app.PartnerAnswer = programme.Confirmation{State: programme.ConfirmConfirmed, Name: "John Okello", Role: "Mayor"}
	got := programme.ForAssessment(app)
	b := fmt.Sprintf("%+v", got)
	for _, personal := range []string{app.SwedishParty.ContactName, app.SwedishParty.Email, app.SwedishParty.Phone,
		app.Partner.ContactName, app.Partner.Email, "Sara Sign", "sara@", "John Okello", "Mayor"} {
		if personal != "" && strings.Contains(b, personal) {
			t.Errorf("a reviewer reads %q", personal)
		}
	}
	if got.SwedishParty.Organisation != app.SwedishParty.Organisation || got.Partner.Country != app.Partner.Country ||
		got.Title != app.Title || got.PartnerAnswer.State != programme.ConfirmConfirmed || len(got.Team) != len(app.Team) {
		t.Errorf("what the assessment needs went too: %+v", got)
	}
}
