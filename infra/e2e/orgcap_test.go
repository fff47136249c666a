package e2e

import (
	"encoding/json"
	"net/http"
	"testing"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// The cap on one Swedish organisation's applications in a round
// (APPLICATIONS_PER_ORGANISATION, here 2; the organisation is one of the
// programme's list, counted by its name): the third is 409 with the message, stores nothing and
// sends nothing; another organisation, and the same one in another round,
// are not refused; an application withdrawn by staff gives its place back.
func TestApplicationsPerOrganisationAreCappedPerRound(t *testing.T) {
	clock := stacktest.NewClock(springDay)
	st := stacktest.NewWith(t, stack.Options{Now: clock.Now, Params: map[string]string{"ApplicationsPerOrganisation": "2"}})
	s := &system{Stack: st, clock: clock, client: noRedirects()}
	post := func(round, org string) (int, map[string]any) {
		t.Helper()
		m := validJSON()
		m["round"] = round
		email := stacktest.UniqueName("org") + "@rvn.example.se"
		party(m, "swedishParty")["email"] = email
		party(m, "swedishParty")["organisation"] = org
		if round != "2027-1" {
			m["type"], m["theme"] = "inception", "climate"
			m["budgetPerYear"] = []any{250000}
			m["team"] = inceptionTeamJSON()
		}
		res, body := s.do(t, "POST", "/applications", "application/json", mustJSON(s.provenJSON(t, m)))
		var out map[string]any
		_ = json.Unmarshal([]byte(body), &out)
		return res.StatusCode, out
	}
	var refs []string
	for i, org := range []string{"Region Västernorrland", "Region Västernorrland"} {
		code, out := post("2027-1", org)
		if code != http.StatusCreated {
			t.Fatalf("application %d of the organisation: %d %v", i+1, code, out)
		}
		refs = append(refs, out["reference"].(string))
	}
	before := s.applications(t)
	code, out := post("2027-1", "Region Västernorrland")
	if code != http.StatusConflict || out["error"] != "too_many_from_organisation" || out["message"] != i18n.TooManyFromOrganisation.In(programme.Swedish) {
		t.Fatalf("the third: %d %v, want 409 too_many_from_organisation", code, out)
	}
	if n := s.applications(t); n != before {
		t.Fatalf("the refused one stored something: %d applications, want %d", n, before)
	}
	if code, out := post("2027-1", "Kalix"); code != http.StatusCreated {
		t.Errorf("another organisation: %d %v", code, out)
	}
	if code, out := post("2026-27-inception", "Region Västernorrland"); code != http.StatusCreated {
		t.Errorf("the same organisation in another round: %d %v", code, out)
	}
	// One of the two withdrawn as spam by staff: it no longer counts.
	if res, body := s.staff(t, "POST", "/staff/rounds/2027-1/withdraw", "application/json", `{"refs":["`+refs[0]+`"],"reason":"spam"}`); res.StatusCode != 200 {
		t.Fatalf("withdraw: %d %s", res.StatusCode, body)
	}
	if code, out := post("2027-1", "Region Västernorrland"); code != http.StatusCreated {
		t.Errorf("after a withdrawal: %d %v, want 201", code, out)
	}
}
