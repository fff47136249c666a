package pages

import (
	"net/http"
	"strings"
	"testing"

	"partnerskap/infra/browser"
	"partnerskap/infra/stack/stacktest"
)

// TestTeamInABrowser: the form's script (a file of ours: the CSP allows no
// inline script) hides what the chosen type does not use, the budget
// years beyond its duration and the EU partner's team, and shows them
// again for a type that uses them; a bad team comes back with its
// problems on the partner's fieldset and on a row's role, each summary
// link brings the focus there, and the page has no axe-core violation at
// 1280 or 320 px and reflows.
func TestTeamInABrowser(t *testing.T) {
	t.Parallel()
	browser.Require(t)
	s := newSystemAt(t, springDay)
	proof := stacktest.Prove(t, s.Stack, "2027-1", stacktest.UniqueName("team")+"@kalix.example.se")
	p := browser.Open(t, s.URL+"/?round=2027-1&proof="+proof, browser.Desktop)

	type shown struct{ Year3, Year3Disabled, EUTeam bool }
	state := func() shown {
		var st struct{ Y3, Y3Disabled, EU bool }
		p.Eval(`(() => { const y = document.getElementById("f-budgetPerYear-3");
			return {Y3: !y.closest("[data-types]").hidden, Y3Disabled: y.disabled, EU: !document.getElementById("f-team-thirdParty").hidden}; })()`, &st)
		return shown{st.Y3, st.Y3Disabled, st.EU}
	}
	choose := func(typ string) {
		p.Eval(`(() => { const r = document.querySelector('input[name=type][value="`+typ+`"]'); r.checked = true;
			r.dispatchEvent(new Event("change", {bubbles: true})); })()`, nil)
	}
	if got := state(); got != (shown{Year3: true, EUTeam: true}) {
		t.Errorf("no type chosen: %+v, want everything shown", got)
	}
	for _, c := range []struct {
		typ  string
		want shown
	}{
		{"dissemination", shown{Year3Disabled: true}},
		{"project-three-party", shown{Year3: true, EUTeam: true}},
		{"project", shown{Year3: true}},
	} {
		choose(c.typ)
		if got := state(); got != c.want {
			t.Errorf("%s chosen: %+v, want %+v", c.typ, got, c.want)
		}
	}

	set := func(name, value string) {
		p.Eval(`document.querySelector('[name="`+name+`"]').value = "`+value+`"`, nil)
	}
	set("team.swedishParty.1.name", "Karin Lindström") // no role
	set("team.partner.1.name", "Mary Wanjiru")
	set("team.partner.1.role", "civil-servant") // one, and no coordinator
	p.Eval(`document.querySelector("form[action='/applications'] button[type=submit]:not([name])").focus()`, nil)
	p.PressAndWait("Enter")
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a bad team: %d, want 422", p.Status)
	}
	text := p.Text()
	for _, want := range []string{"Teamet hos den svenska parten, person 1, roll: välj ett alternativ.",
		"Teamet hos partnern: teamet ska ha 3 till 5 tjänstepersoner, nu 1.", "Teamet hos partnern: teamet ska ha 1 samordnare, nu 0."} {
		if strings.Count(text, want) != 2 { // in the summary and at the field
			t.Errorf("%q is not in the summary and at its field:\n%.3000s", want, text)
		}
	}
	if got := state(); got != (shown{Year3: true}) {
		t.Errorf("the project's form again: %+v, want the EU partner's team hidden", got)
	}
	for _, id := range []string{"f-team-swedishParty-1-role", "f-team-partner"} {
		p.Eval(`document.querySelector('.error-summary a[href="#`+id+`"]').click()`, nil)
		if at := p.Focused(); at.ID != id || !at.Visible {
			t.Errorf("the summary's link to #%s leaves the focus on %s", id, at)
		}
	}
	look(t, p, "team-errors")
}
