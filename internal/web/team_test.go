package web

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"partnerskap/data"
	"partnerskap/internal/intake"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// teamStore is the applicant's table in memory with a round of
// rounds.json (its types' durations and team rules): it keeps a draft
// and a submitted application, and opens the partner's link.
type teamStore struct {
	*intakeStore
	draft     map[string]string
	submitted []programme.Application
	sec       store.Secrets
}

func (s *teamStore) SaveDraft(_ context.Context, _ programme.Proof, values map[string]string, _ time.Time) error {
	s.draft = values
	return nil
}

func (s *teamStore) Draft(context.Context, string) (map[string]string, time.Time, error) {
	if s.draft == nil {
		return nil, time.Time{}, store.ErrNotFound
	}
	return s.draft, inTheRound, nil
}

func (s *teamStore) Submit(_ context.Context, app programme.Application, sec store.Secrets, now time.Time, _ ...store.Also) (programme.Application, bool, error) {
	app.Status, app.SubmittedAt, app.Version = programme.AppSubmitted, now, 1
	s.submitted, s.sec = append(s.submitted, app), sec
	return app, false, nil
}

func (s *teamStore) Application(_ context.Context, ref string) (programme.Application, store.Secrets, error) {
	for _, a := range s.submitted {
		if a.Ref == ref {
			a.PartnerAnswer.State = programme.ConfirmWaiting
			return a, s.sec, nil
		}
	}
	return programme.Application{}, store.Secrets{}, store.ErrNotFound
}

// teamService serves round (of rounds.json, open) with one link, its token returned.
func teamService(t *testing.T, id string) (*intake.Service, *teamStore, string) {
	t.Helper()
	rounds, err := data.Rounds(inTheRound)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rounds, func(r programme.Round) bool { return r.ID == id })
	if i < 0 {
		t.Fatalf("no round %s", id)
	}
	r := rounds[i]
	// The teams' tests, not the appendices': no documents asked for.
	r.Rules.Types = slices.Clone(r.Rules.Types)
	for i := range r.Rules.Types {
		r.Rules.Types[i].Documents = nil
	}
	token := programme.NewToken()
	proof := programme.Proof{TokenHash: programme.Hash(token), Email: "anna@kalix.example.se", RoundID: r.ID, Lang: programme.Swedish,
		CreatedAt: r.OpensAt, ExpiresAt: r.ClosesAt}
	s := &teamStore{intakeStore: &intakeStore{round: r, proofs: map[string]programme.Proof{proof.TokenHash: proof}}}
	return &intake.Service{Store: s, Now: func() time.Time { return inTheRound }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, s, token
}

// projectForm is a complete form for a one-year project in the spring
// round, with three civil servants from each partner (the first the
// coordinator) on rows 1, 2 and 4 (row 3 blank).
func projectForm(token string) url.Values {
	v := url.Values{"round": {"2027-1"}, "token": {programme.NewToken()}, "proof": {token}, "ui": {"sv"}, "lang": {"sv"},
		"swedishParty.organisation": {"Kalix"}, "swedishParty.contactName": {"Anna Andersson"}, "swedishParty.phone": {"+46 923 650 00"},
		"partner.organisation": {"Masaka District"}, "partner.country": {"UG"}, "partner.contactName": {"John"}, "partner.email": {"john@masaka.example.ug"},
		"type": {"project"}, "theme": {"health"}, "title": {"Vatten"}, "summary": {"Sammanfattning."}, "objectives": {"Mål."},
		"durationYears": {"1"}, "budgetPerYear.1": {"400 000"}}
	for _, party := range []string{"swedishParty", "partner"} {
		v.Set("team."+party+".1.name", party+" Samordnare")
		v.Set("team."+party+".1.role", "coordinator")
		v.Set("team."+party+".2.name", party+" Två")
		v.Set("team."+party+".2.role", "civil-servant")
		v.Set("team."+party+".4.name", party+" <Fyra>")
		v.Set("team."+party+".4.role", "civil-servant")
	}
	return v
}

// The type's duration decides the budget years the form shows: an
// inception round shows year 1 only (and a duration of 1); the spring
// round shows three, years 2 and 3 saying which types use them, and
// marked for the script that hides them for the others.
func TestFormShowsTheYearsTheRoundsTypesUse(t *testing.T) {
	for _, c := range []struct {
		round      string
		years      int
		note, lang string
	}{
		{"2026-27-inception", 1, "", "sv"},
		{"2027-1", 3, "Bara för: Projekt (1–3 år); Projekt, trepartssamverkan (med EU-partner); Styrgrupp; Utveckling och expansion.", "sv"},
		{"2027-1", 3, "Only for: Project (1–3 years); Project, three-party (with an EU partner); Steering group; Development and expansion.", "en"},
	} {
		svc, _, token := teamService(t, c.round)
		res, err := Form(svc)(context.Background(), pageGet("/", url.Values{"round": {c.round}, "proof": {token}, "lang": {c.lang}}.Encode()))
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("%s: %d %v", c.round, res.StatusCode, err)
		}
		for y := 1; y <= programme.MaxProjectYears; y++ {
			field := `name="budgetPerYear.` + string(rune('0'+y)) + `"`
			option := `<option value="` + string(rune('0'+y)) + `">`
			if shown := strings.Contains(res.Body, field); shown != (y <= c.years) || strings.Contains(res.Body, option) != (y <= c.years) {
				t.Errorf("%s: year %d shown %v (and as a duration %v), want %v", c.round, y, shown, strings.Contains(res.Body, option), y <= c.years)
			}
		}
		if c.note != "" && (!strings.Contains(res.Body, `<p class="hint" id="f-budgetPerYear-2-hint">`+html.EscapeString(c.note)+`</p>`) ||
			!strings.Contains(res.Body, `<div data-types="project project-three-party steering-group development"><div class="field" id="f-budgetPerYear-3-group">`)) {
			t.Errorf("%s: years 2 and 3 do not say which types use them:\n%s", c.round, res.Body)
		}
		if !strings.Contains(res.Body, `<script src="/form.js" defer></script>`) {
			t.Errorf("%s: the form has no script to hide the years", c.round)
		}
	}
}

// The form's script: a file of our origin (the CSP allows scripts from
// 'self' only, no inline script), and it knows the marks the page sets.
func TestFormScriptIsServedFromOurOrigin(t *testing.T) {
	res, err := FormScript()(context.Background(), pageGet("/form.js", ""))
	if err != nil || res.StatusCode != 200 || res.Headers["Content-Type"] != "text/javascript; charset=utf-8" ||
		!strings.Contains(res.Body, `querySelectorAll("[data-types]")`) || !strings.Contains(res.Body, "disabled") {
		t.Fatalf("GET /form.js: %d %v %v", res.StatusCode, err, res.Headers)
	}
	csp := res.Headers["Content-Security-Policy"]
	if !strings.Contains(csp, "script-src 'self';") {
		t.Fatalf("CSP %q", csp)
	}
}

// A bad team is shown where it is wrong: the partner's fieldset says what
// its composition lacks (tied to it by aria-describedby, focusable from
// the summary), a row's missing role is the role's problem, and the
// summary lists them in the page's order. What was typed stays.
func TestABadTeamIsShownOnItsFields(t *testing.T) {
	svc, s, token := teamService(t, "2027-1")
	form := projectForm(token)
	form.Del("team.partner.4.role") // a name without a role: the row's problem
	// A politician: no place in a project's team.
	form.Set("team.swedishParty.5.name", "Per")
	form.Set("team.swedishParty.5.role", "politician-opposition")
	form.Set("budgetPerYear.2", "100 000") // a year the type runs, but a one-year duration
	res, err := Submit(svc, "")(context.Background(), formPost("/applications", form))
	if err != nil || res.StatusCode != 422 || len(s.submitted) != 0 {
		t.Fatalf("a bad team: %d %v, %d stored", res.StatusCode, err, len(s.submitted))
	}
	var links []string
	for _, m := range summaryLink.FindAllStringSubmatch(res.Body, -1) {
		links = append(links, m[1])
	}
	want := []string{"f-budgetPerYear", "f-team-swedishParty-5-role", "f-team-partner", "f-team-partner-4-role"}
	if !slices.Equal(links, want) {
		t.Fatalf("the summary links to %v, want %v\n%s", links, want, res.Body)
	}
	var at []int
	for _, id := range links {
		at = append(at, strings.Index(res.Body, `id="`+id+`"`))
	}
	if !slices.IsSorted(at) || at[0] < 0 {
		t.Errorf("the summary's order %v is not the page's", at)
	}
	for _, want := range []string{
		`<fieldset id="f-team-partner" class="field-error" aria-describedby="f-team-partner-error" tabindex="-1">`,
		`<div id="f-team-partner-error"><p class="error-message">` + html.EscapeString("Teamet hos partnern: teamet ska ha 3 till 5 tjänstepersoner, nu 2.") + `</p></div>`,
		`<p class="error-message" id="f-team-partner-4-role-error">Teamet hos partnern, person 4, roll: välj ett alternativ.</p>`,
		`aria-describedby="f-team-partner-4-role-error" aria-invalid="true"`,
		`id="f-team-swedishParty-5-role-error">Teamet hos den svenska parten, person 5, roll: rollen ingår inte i teamet för Projekt (1–3 år): välj en annan roll.`,
		`value="partner &lt;Fyra&gt;"`, `<option value="politician-opposition" selected>`,
	} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("no %s", want)
		}
	}
}

// The team goes through the draft ("Spara utkast") and comes back in the
// form; submitted, it is in the stored application, party by party, and
// the partner's read-only page shows it.
func TestTheTeamRoundTrips(t *testing.T) {
	ctx := context.Background()
	svc, s, token := teamService(t, "2027-1")
	form := projectForm(token)
	save := url.Values{}
	for k, v := range form {
		save[k] = v
	}
	save.Set("action", "save")
	if res, err := Submit(svc, "")(ctx, formPost("/applications", save)); err != nil || res.StatusCode != 303 {
		t.Fatalf("save: %d %v", res.StatusCode, err)
	}
	if s.draft["team.partner.4.name"] != "partner <Fyra>" || s.draft["team.partner.4.role"] != "civil-servant" {
		t.Fatalf("the draft lost the team: %v", s.draft)
	}
	res, err := Form(svc)(ctx, pageGet("/", url.Values{"round": {"2027-1"}, "proof": {token}}.Encode()))
	if err != nil || !strings.Contains(res.Body, `name="team.partner.4.name" value="partner &lt;Fyra&gt;"`) ||
		!strings.Contains(res.Body, `<select id="f-team-partner-4-role" name="team.partner.4.role"><option value="">Välj …</option> <option value="politician-majority">Politiker, majoriteten</option><option value="politician-opposition">Politiker, oppositionen</option><option value="civil-servant" selected>`) {
		t.Fatalf("the draft's team is not in the form: %v\n%s", err, res.Body)
	}

	res, err = Submit(svc, "")(ctx, formPost("/applications", form))
	if err != nil || res.StatusCode != 303 || len(s.submitted) != 1 {
		t.Fatalf("submit: %d %v\n%s", res.StatusCode, err, res.Body)
	}
	app := s.submitted[0]
	want := []programme.Member{
		{Party: programme.RoleSwedish, Role: programme.Coordinator, Name: "swedishParty Samordnare"},
		{Party: programme.RoleSwedish, Role: programme.CivilServant, Name: "swedishParty Två"},
		{Party: programme.RoleSwedish, Role: programme.CivilServant, Name: "swedishParty <Fyra>"},
		{Party: programme.RolePartner, Role: programme.Coordinator, Name: "partner Samordnare"},
		{Party: programme.RolePartner, Role: programme.CivilServant, Name: "partner Två"},
		{Party: programme.RolePartner, Role: programme.CivilServant, Name: "partner <Fyra>"},
	}
	if !slices.Equal(app.Team, want) {
		t.Fatalf("stored team %+v", app.Team)
	}

	key := programme.ConfirmKeyFor(form.Get("token"))
	req := pageGet("/applications/"+app.Ref+"/confirm", url.Values{"key": {key}}.Encode())
	req.PathParameters = map[string]string{"ref": app.Ref}
	res, err = PartnerConfirm(svc)(ctx, req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("the partner's page: %d %v", res.StatusCode, err)
	}
	for _, want := range []string{"<h2>The team</h2>", "<h3>The partner&#39;s team</h3>", "<li>partner &lt;Fyra&gt; – Civil servant</li>",
		"<li>swedishParty Samordnare – Coordinator (civil servant)</li>"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the partner's page has no %s:\n%s", want, res.Body)
		}
	}
}

// A JSON client sends the team as lists of rows and is told what is
// wrong, field by field, in its language.
func TestJSONTeam(t *testing.T) {
	svc, s, token := teamService(t, "2026-27-inception")
	member := func(name, role string) map[string]string { return map[string]string{"name": name, "role": role} }
	delegation := []any{member("M", "politician-majority"), member("O", "politician-opposition"), member("S", "coordinator"), member("C", "civil-servant")}
	in := map[string]any{"round": "2026-27-inception", "token": programme.NewToken(), "proof": token, "lang": "en",
		"swedishParty": map[string]string{"organisation": "Kalix", "contactName": "Anna", "phone": "+46 923 650 00"},
		"partner":      map[string]string{"organisation": "Masaka", "country": "UG", "contactName": "John", "email": "john@masaka.example.ug"},
		"type":         "inception", "theme": "climate", "title": "Waste", "summary": "Visits.", "objectives": "A plan.",
		"durationYears": 1, "budgetPerYear": []int{275000},
		"team": map[string]any{"swedishParty": delegation, "partner": delegation[:3]}}
	b, _ := json.Marshal(in)
	req := formPost("/applications", nil)
	req.Headers["content-type"], req.Body = "application/json", string(b)
	_, err := Submit(svc, "")(context.Background(), req)
	var invalid *invalidError
	if !errors.As(err, &invalid) || len(invalid.fields) != 1 || invalid.fields[0].Field != "team.partner" || invalid.fields[0].Code != programme.CodeTeamCount ||
		invalid.fields[0].Message(programme.English) != "The partner's team: the team needs 2 civil servants, now 1." || len(s.submitted) != 0 {
		t.Fatalf("an inception delegation short of a civil servant: %v", err)
	}
	in["team"] = map[string]any{"swedishParty": delegation, "partner": delegation}
	b, _ = json.Marshal(in)
	req.Body = string(b)
	res, err := Submit(svc, "")(context.Background(), req)
	if err != nil || res.StatusCode != 201 || len(s.submitted) != 1 || len(s.submitted[0].Team) != 8 {
		t.Fatalf("a full delegation: %d %v", res.StatusCode, err)
	}
}

// The staff see the team on the application's page.
func TestStaffSeeTheTeam(t *testing.T) {
	r := testRound()
	app := programme.Application{Ref: "KP-XJXMFDHFW1", RoundID: r.ID, Type: programme.Project, Status: programme.AppInReview,
		Partner: programme.Party{Country: "KE"}, BudgetPerYear: []int64{100},
		Team: []programme.Member{{Party: programme.RoleSwedish, Role: programme.Coordinator, Name: evil("coordinator")},
			{Party: programme.RolePartner, Role: programme.CivilServant, Name: evil("servant")}}}
	body := render(t, "staff-team", applicationView(newApplicationPage(programme.Swedish, app, r, nil, Notices{}, nil, programme.DecisionInput{})))
	showsEscaped(t, "staff application", body, "coordinator", "servant")
	for _, want := range []string{"<h2>Teamet</h2>", "<h3>Teamet hos den svenska parten</h3>", " – Samordnare (tjänsteperson)</li>", "<h3>Teamet hos partnern</h3>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the staff page has no %s", want)
		}
	}
	app.Team = nil // submitted before teams were asked for: nothing said
	if body = render(t, "staff-noteam", applicationView(newApplicationPage(programme.Swedish, app, r, nil, Notices{}, nil, programme.DecisionInput{}))); strings.Contains(body, "Teamet") {
		t.Error("an application without a team shows one")
	}
}
