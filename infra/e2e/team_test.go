package e2e

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"partnerskap/infra/stack/stacktest"
)

// The teams a valid application has (programme/team.go, the rules in
// rounds.json): a project's three civil servants from each partner, the
// first the coordinator; an inception's delegations of two politicians
// (majority and opposition) and two civil servants, one the coordinator.

// projectTeamRows are a partner's project team, as name and role.
func projectTeamRows(org string) [][2]string {
	return [][2]string{{org + " Samordnare", "coordinator"}, {org + " Handläggare", "civil-servant"}, {org + " Utvecklare", "civil-servant"}}
}

// withProjectTeam sets a project's team in a form, rows 1 to 3 of each partner.
func withProjectTeam(v url.Values) url.Values {
	for party, org := range map[string]string{"swedishParty": "Robertsfors", "partner": "Machakos"} {
		for i, m := range projectTeamRows(org) {
			n := strconv.Itoa(i + 1)
			v.Set("team."+party+"."+n+".name", m[0])
			v.Set("team."+party+"."+n+".role", m[1])
		}
	}
	return v
}

func teamJSON(rows [][2]string) []any {
	var out []any
	for _, m := range rows {
		out = append(out, map[string]any{"name": m[0], "role": m[1]})
	}
	return out
}

// projectTeamJSON is a project's team as JSON.
func projectTeamJSON() map[string]any {
	return map[string]any{"swedishParty": teamJSON(projectTeamRows("Härnösand")), "partner": teamJSON(projectTeamRows("Mombasa"))}
}

// inceptionTeamJSON is an inception's delegations as JSON.
func inceptionTeamJSON() map[string]any {
	delegation := func(org string) []any {
		return teamJSON([][2]string{{org + " Majoritet", "politician-majority"}, {org + " Opposition", "politician-opposition"},
			{org + " Samordnare", "coordinator"}, {org + " Handläggare", "civil-servant"}})
	}
	return map[string]any{"swedishParty": delegation("Kalix"), "partner": delegation("Masaka")}
}

// The form's script is a file of the form's function, served through the
// API as the template routes it; the pages' CSP allows scripts from our
// origin only, so the form has no inline script.
func TestFormScriptIsServedThroughTheAPI(t *testing.T) {
	s := newSystem(t)
	res, body := s.do(t, "GET", "/form.js", "", "")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/javascript; charset=utf-8" || !strings.Contains(body, "data-types") {
		t.Fatalf("GET /form.js: %d %q\n%.300s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	proof := stacktest.Prove(t, s.Stack, "2026-27-inception", stacktest.UniqueName("js")+"@kalix.example.se")
	res, body = s.do(t, "GET", "/?"+url.Values{"round": {"2026-27-inception"}, "proof": {proof}}.Encode(), "", "")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self';") ||
		strings.Count(body, "<script") != 1 || !strings.Contains(body, `<script src="/form.js" defer></script>`) {
		t.Fatalf("the form's script: CSP %q\n%s", csp, body)
	}
	// An inception round's form asks for one budget year, and a duration of one.
	if !strings.Contains(body, `name="budgetPerYear.1"`) || strings.Contains(body, `name="budgetPerYear.2"`) || strings.Contains(body, `<option value="2">`) {
		t.Fatalf("an inception round's form offers more than one year:\n%s", body)
	}
}
