package programme_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"partnerskap/internal/programme"
)

func member(name string, role programme.TeamRole) programme.MemberInput {
	return programme.MemberInput{Name: name, Role: string(role)}
}

// civilServants is a team of n civil servants of org, the first the coordinator.
func civilServants(org string, n int) []programme.MemberInput {
	out := []programme.MemberInput{member(org+" samordnare", programme.Coordinator)}
	for i := 1; i < n; i++ {
		out = append(out, member(fmt.Sprintf("%s tjänsteperson %d", org, i), programme.CivilServant))
	}
	return out
}

// delegation is an inception's team of one party: two politicians and two
// civil servants, one of them the coordinator.
func delegation(org string) []programme.MemberInput {
	return []programme.MemberInput{member(org+" majoritet", programme.PoliticianMajority),
		member(org+" opposition", programme.PoliticianOpposition),
		member(org+" samordnare", programme.Coordinator), member(org+" tjänsteperson", programme.CivilServant)}
}

func projectTeam() *programme.TeamInput {
	return &programme.TeamInput{SwedishParty: civilServants("Kalix", 3), Partner: civilServants("Masaka", 3)}
}

func inceptionTeam() *programme.TeamInput {
	return &programme.TeamInput{SwedishParty: delegation("Kalix"), Partner: delegation("Masaka")}
}

// typeRule is a type's rule as rounds.json gives it.
func typeRule(t *testing.T, roundID string, typ programme.ProjectType) programme.TypeRule {
	t.Helper()
	rule, ok := round(t, roundID).Rules.Type(typ)
	if !ok || rule.Team == nil {
		t.Fatalf("round %s offers no %s with a team rule", roundID, typ)
	}
	return rule
}

// Each type's rule, at its edges: the counts just inside and just outside,
// each problem on the field the form shows it at.
func TestEachTypesTeamRule(t *testing.T) {
	type want struct{ field, code string }
	ok := []want(nil)
	maj, opp, cs, co := programme.PoliticianMajority, programme.PoliticianOpposition, programme.CivilServant, programme.Coordinator
	cases := []struct {
		name  string
		round string
		typ   programme.ProjectType
		team  programme.TeamInput
		want  []want
	}{
		{"inception: two politicians, two civil servants each", "2026-27-inception", programme.Inception,
			*inceptionTeam(), ok},
		{"inception: no opposition politician", "2026-27-inception", programme.Inception,
			programme.TeamInput{SwedishParty: delegation("Kalix"), Partner: slices.Delete(delegation("Masaka"), 1, 2)},
			[]want{{"team.partner", programme.CodeTeamCount}}},
		{"inception: two from the majority", "2026-27-inception", programme.Inception,
			programme.TeamInput{SwedishParty: append(delegation("Kalix")[:1], append([]programme.MemberInput{member("M2", maj)}, delegation("Kalix")[1:]...)...),
				Partner: delegation("Masaka")},
			[]want{{"team.swedishParty", programme.CodeTeamCount}}},
		{"inception: three civil servants", "2026-27-inception", programme.Inception,
			programme.TeamInput{SwedishParty: append(delegation("Kalix"), member("C3", cs)), Partner: delegation("Masaka")},
			[]want{{"team.swedishParty", programme.CodeTeamCount}}},
		{"inception: no coordinator", "2026-27-inception", programme.Inception,
			programme.TeamInput{SwedishParty: delegation("Kalix"), Partner: []programme.MemberInput{member("M", maj), member("O", opp), member("C1", cs), member("C2", cs)}},
			[]want{{"team.partner", programme.CodeTeamCount}}},
		{"inception: two coordinators", "2026-27-inception", programme.Inception,
			programme.TeamInput{SwedishParty: delegation("Kalix"), Partner: []programme.MemberInput{member("M", maj), member("O", opp), member("C1", co), member("C2", co)}},
			[]want{{"team.partner", programme.CodeTeamCount}}},
		{"inception: nobody from the partner", "2026-27-inception", programme.Inception,
			programme.TeamInput{SwedishParty: delegation("Kalix")},
			[]want{{"team.partner", programme.CodeTeamEmpty}}},
		{"three-party inception: the EU partner's delegation too", "2026-27-inception", programme.InceptionThreeParty,
			programme.TeamInput{SwedishParty: delegation("Kalix"), Partner: delegation("Masaka"), ThirdParty: delegation("Tartu")}, ok},
		{"three-party inception: no EU delegation", "2026-27-inception", programme.InceptionThreeParty,
			*inceptionTeam(), []want{{"team.thirdParty", programme.CodeTeamEmpty}}},
		{"project: three civil servants each", "2027-1", programme.Project, *projectTeam(), ok},
		{"project: five civil servants", "2027-1", programme.Project,
			programme.TeamInput{SwedishParty: civilServants("Kalix", 5), Partner: civilServants("Masaka", 3)}, ok},
		{"project: two civil servants", "2027-1", programme.Project,
			programme.TeamInput{SwedishParty: civilServants("Kalix", 3), Partner: civilServants("Masaka", 2)},
			[]want{{"team.partner", programme.CodeTeamCount}}},
		{"project: six civil servants", "2027-1", programme.Project,
			programme.TeamInput{SwedishParty: civilServants("Kalix", 6), Partner: civilServants("Masaka", 3)},
			[]want{{"team.swedishParty", programme.CodeTeamCount}}},
		{"project: no coordinator", "2027-1", programme.Project,
			programme.TeamInput{SwedishParty: civilServants("Kalix", 3)[1:], Partner: civilServants("Masaka", 3)},
			[]want{{"team.swedishParty", programme.CodeTeamCount}, {"team.swedishParty", programme.CodeTeamCount}}},
		{"project: a politician has no place (nor the party it would reveal)", "2027-1", programme.Project,
			programme.TeamInput{SwedishParty: append(civilServants("Kalix", 3), member("P", opp)), Partner: civilServants("Masaka", 3)},
			[]want{{"team.swedishParty.4.role", programme.CodeTeamRoleNotInType}}},
		{"three-party project: the EU partner's three", "2027-1", programme.ProjectThreeParty,
			programme.TeamInput{SwedishParty: civilServants("Kalix", 3), Partner: civilServants("Masaka", 4), ThirdParty: civilServants("Tartu", 3)}, ok},
		{"three-party project: the EU partner's two", "2027-1", programme.ProjectThreeParty,
			programme.TeamInput{SwedishParty: civilServants("Kalix", 3), Partner: civilServants("Masaka", 4), ThirdParty: civilServants("Tartu", 2)},
			[]want{{"team.thirdParty", programme.CodeTeamCount}}},
		{"two-party project: no EU partner's team", "2027-1", programme.Project,
			programme.TeamInput{SwedishParty: civilServants("Kalix", 3), Partner: civilServants("Masaka", 3), ThirdParty: civilServants("Tartu", 3)},
			[]want{{"team.thirdParty", programme.CodeThirdPartyNotAllowed}}},
		{"dissemination: the coordinator alone", "2027-1", programme.Dissemination,
			programme.TeamInput{SwedishParty: civilServants("Kalix", 1), Partner: civilServants("Masaka", 3)}, ok},
		{"dissemination: four civil servants", "2027-1", programme.Dissemination,
			programme.TeamInput{SwedishParty: civilServants("Kalix", 4), Partner: civilServants("Masaka", 1)},
			[]want{{"team.swedishParty", programme.CodeTeamCount}}},
		{"steering group: one politician of each side and the coordinator", "2027-1", programme.SteeringGroup,
			programme.TeamInput{SwedishParty: []programme.MemberInput{member("M", maj), member("O", opp), member("S", co)},
				Partner: []programme.MemberInput{member("M1", maj), member("M2", maj), member("O1", opp), member("O2", opp), member("S", co)}}, ok},
		{"steering group: three from the majority", "2027-1", programme.SteeringGroup,
			programme.TeamInput{SwedishParty: []programme.MemberInput{member("M", maj), member("O", opp), member("S", co)},
				Partner: []programme.MemberInput{member("M1", maj), member("M2", maj), member("M3", maj), member("O1", opp), member("S", co)}},
			[]want{{"team.partner", programme.CodeTeamCount}}},
		{"steering group: no one from the opposition", "2027-1", programme.SteeringGroup,
			programme.TeamInput{SwedishParty: []programme.MemberInput{member("M", maj), member("S", co)},
				Partner: []programme.MemberInput{member("M", maj), member("O", opp), member("S", co)}},
			[]want{{"team.swedishParty", programme.CodeTeamCount}}},
		{"steering group: the coordinator is its only civil servant", "2027-1", programme.SteeringGroup,
			programme.TeamInput{SwedishParty: []programme.MemberInput{member("M", maj), member("O", opp), member("S", co), member("C", cs)},
				Partner: []programme.MemberInput{member("M", maj), member("O", opp), member("S", co)}},
			[]want{{"team.swedishParty.4.role", programme.CodeTeamRoleNotInType}}},
		{"development: like a project", "2027-1", programme.Development,
			programme.TeamInput{SwedishParty: civilServants("Kalix", 5), Partner: civilServants("Masaka", 3)}, ok},
		{"development: two civil servants", "2027-1", programme.Development,
			programme.TeamInput{SwedishParty: civilServants("Kalix", 2), Partner: civilServants("Masaka", 3)},
			[]want{{"team.swedishParty", programme.CodeTeamCount}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			team, errs := programme.CheckTeam(&c.team, typeRule(t, c.round, c.typ))
			var got []want
			for _, e := range errs {
				got = append(got, want{e.Field, e.Code})
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("problems %v, want %v", errs, c.want)
			}
			if len(c.want) == 0 && len(team) != len(c.team.SwedishParty)+len(c.team.Partner)+len(c.team.ThirdParty) {
				t.Fatalf("team %v lost members of %+v", team, c.team)
			}
			for _, e := range errs {
				sv, en := e.Message(programme.Swedish), e.Message(programme.English)
				if sv == en || strings.Contains(sv+en, "{") || !strings.HasPrefix(sv, programme.FieldLabel(e.Field, programme.Swedish)+": ") {
					t.Errorf("messages not field-level and bilingual: %q / %q", sv, en)
				}
			}
		})
	}
}

// A row is a name and a role: blank rows are left out (the others keep
// their numbers), half a row is a problem on the half missing, and a
// partner lists at most the form's rows.
func TestTeamRows(t *testing.T) {
	rule := typeRule(t, "2027-1", programme.Project)
	blank := programme.MemberInput{Name: "  ", Role: ""}
	in := programme.TeamInput{
		SwedishParty: append([]programme.MemberInput{blank}, civilServants("Kalix", 3)...),
		Partner: []programme.MemberInput{member("Amina", programme.Coordinator), blank, {Name: "Peter"},
			{Role: string(programme.CivilServant)}, member("Ann\r\nBcc: x@y.se", programme.CivilServant), member("Jo", "mayor")},
	}
	team, errs := programme.CheckTeam(&in, rule)
	var got []string
	for _, e := range errs {
		got = append(got, e.Field+" "+e.Code)
	}
	want := []string{"team.partner.3.role required", "team.partner.4.name required", "team.partner.5.name line_break", "team.partner.6.role invalid_choice"}
	if !slices.Equal(got, want) {
		t.Fatalf("problems %q, want %q", got, want)
	}
	if len(team) != 3+5 || team[0] != (programme.Member{Party: programme.RoleSwedish, Role: programme.Coordinator, Name: "Kalix samordnare"}) {
		t.Fatalf("team %+v", team)
	}
	if m := errs[0].Message(programme.Swedish); m != "Teamet hos partnern, person 3, roll: välj ett alternativ." {
		t.Errorf("a role left empty says %q", m)
	}
	if m := errs[1].Message(programme.English); m != "The partner's team, person 4, name: this field is required." {
		t.Errorf("a name left empty says %q", m)
	}

	seven := programme.TeamInput{SwedishParty: civilServants("Kalix", 7), Partner: civilServants("Masaka", 3)}
	_, errs = programme.CheckTeam(&seven, rule)
	if len(errs) != 1 || errs[0].Field != "team.swedishParty" || errs[0].Code != programme.CodeTeamTooMany ||
		errs[0].Message(programme.Swedish) != "Teamet hos den svenska parten: högst 6 personer." {
		t.Fatalf("seven rows: %v", errs)
	}
}

// The messages say what the rule needs and what there is, with Swedish
// plurals from the catalogue.
func TestTeamMessages(t *testing.T) {
	inception := typeRule(t, "2026-27-inception", programme.Inception)
	for _, c := range []struct {
		rule     programme.TypeRule
		lang     programme.Lang
		sentence string
	}{
		{inception, programme.Swedish, "1 politiker från majoriteten, 1 politiker från oppositionen och 2 tjänstepersoner, varav 1 samordnare"},
		{inception, programme.English, "1 politician from the majority, 1 politician from the opposition and 2 civil servants, including 1 coordinator"},
		{typeRule(t, "2027-1", programme.Project), programme.Swedish, "3 till 5 tjänstepersoner, varav 1 samordnare"},
		{typeRule(t, "2027-1", programme.Dissemination), programme.English, "1 to 3 civil servants, including 1 coordinator"},
		{typeRule(t, "2027-1", programme.SteeringGroup), programme.Swedish, "1 till 2 politiker från majoriteten, 1 till 2 politiker från oppositionen och 1 samordnare"},
	} {
		if got := c.rule.Team.Text(c.lang); got != c.sentence {
			t.Errorf("%s in %s: %q, want %q", c.rule.Type, c.lang, got, c.sentence)
		}
	}

	dissemination := typeRule(t, "2027-1", programme.Dissemination)
	in := programme.TeamInput{SwedishParty: []programme.MemberInput{member("Ann", programme.CivilServant)},
		Partner: civilServants("Masaka", 4)}
	_, errs := programme.CheckTeam(&in, dissemination)
	var got []string
	for _, e := range errs {
		got = append(got, e.Message(programme.Swedish), e.Message(programme.English))
	}
	want := []string{
		"Teamet hos den svenska parten: teamet ska ha 1 samordnare, nu 0.",
		"The Swedish party's team: the team needs 1 coordinator, now 0.",
		"Teamet hos partnern: teamet ska ha 1 till 3 tjänstepersoner, nu 4.",
		"The partner's team: the team needs 1 to 3 civil servants, now 4.",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("messages\n%q\nwant\n%q", got, want)
	}
	_, errs = programme.CheckTeam(&programme.TeamInput{Partner: delegation("Masaka")}, inception)
	if m := errs[0].Message(programme.Swedish); errs[0].Code != programme.CodeTeamEmpty ||
		m != "Teamet hos den svenska parten: ange vilka som är med: 1 politiker från majoriteten, 1 politiker från oppositionen och 2 tjänstepersoner, varav 1 samordnare." {
		t.Fatalf("an empty team says %q", m)
	}
	// A lone civil servant is singular.
	lone := programme.TeamRule{CivilServants: programme.Span{Min: 1, Max: 1}}
	if got := lone.Text(programme.Swedish); got != "1 tjänsteperson" {
		t.Errorf("one civil servant: %q", got)
	}
}

// The type's duration decides the budget years: which the form shows, and
// which an application may fill in.
func TestTypeDurationDecidesTheBudgetYears(t *testing.T) {
	inception, main := round(t, "2026-27-inception"), round(t, "2027-1")
	if inception.Rules.MaxYears() != 1 || main.Rules.MaxYears() != 3 {
		t.Fatalf("max years: inception round %d, main round %d", inception.Rules.MaxYears(), main.Rules.MaxYears())
	}
	if got := main.Rules.TypesUsingYear(2); slices.Contains(got, programme.Dissemination) || !slices.Contains(got, programme.Project) ||
		!slices.Contains(got, programme.SteeringGroup) {
		t.Fatalf("year 2 of the main round is for %v", got)
	}
	if got := main.Rules.TypesUsingYear(1); len(got) != len(main.Rules.Types) {
		t.Fatalf("year 1 is every type's, got %v", got)
	}

	in := validInput()
	in.Round, in.Type, in.Team = "2026-27-inception", "inception", inceptionTeam()
	in.DurationYears, in.BudgetPerYear = 1, []int64{200000, 50000}
	_, errs := programme.Validate(in, inception)
	e, ok := errs.For("budgetPerYear.2")
	if !ok || e.Code != programme.CodeYearBeyondType || len(errs) != 1 {
		t.Fatalf("year 2 of an inception: %v", errs)
	}
	if sv, en := e.Message(programme.Swedish), e.Message(programme.English); !strings.Contains(sv, "pågår högst 1 år: lämna året tomt") ||
		!strings.HasPrefix(sv, "Budget år 2 (kr): Förstudie") || !strings.Contains(en, "runs for at most 1 year: leave this year empty") {
		t.Fatalf("messages %q / %q", sv, en)
	}

	in.DurationYears, in.BudgetPerYear = 2, []int64{200000}
	_, errs = programme.Validate(in, inception)
	e, ok = errs.For("durationYears")
	if !ok || e.Code != programme.CodeDurationExact {
		t.Fatalf("two years of an inception: %v", errs)
	}
	if sv := e.Message(programme.Swedish); strings.Contains(sv, "1 till 1") || !strings.Contains(sv, "pågår 1 år: välj 1.") {
		t.Fatalf("duration message %q", sv)
	}

	in = validInput()
	in.Type, in.DurationYears, in.BudgetPerYear = "dissemination", 1, []int64{200000, 0, 100000}
	in.Team = &programme.TeamInput{SwedishParty: civilServants("Kalix", 2), Partner: civilServants("Masaka", 1)}
	_, errs = programme.Validate(in, main)
	if len(errs) != 1 || errs[0].Field != "budgetPerYear.3" || errs[0].Code != programme.CodeYearBeyondType {
		t.Fatalf("dissemination with a third year (the second left empty): %v", errs)
	}

	in = validInput()
	in.Type, in.DurationYears, in.BudgetPerYear = "steering-group", 3, []int64{300000, 300000, 300000}
	in.Team = &programme.TeamInput{
		SwedishParty: []programme.MemberInput{member("M", programme.PoliticianMajority), member("O", programme.PoliticianOpposition), member("S", programme.Coordinator)},
		Partner:      []programme.MemberInput{member("M", programme.PoliticianMajority), member("O", programme.PoliticianOpposition), member("S", programme.Coordinator)}}
	app, errs := programme.Validate(in, main)
	if errs != nil || len(app.Team) != 6 || app.Team[3].Party != programme.RolePartner {
		t.Fatalf("a three-year steering group: %v %+v", errs, app.Team)
	}
	in.BudgetPerYear[2] = 300001
	if _, errs = programme.Validate(in, main); len(errs) != 1 || errs[0].Code != programme.CodeOverCapPerYear {
		t.Fatalf("a steering group over its guide: %v", errs)
	}
}

// The team is part of what the partner confirms: another team, another hash.
func TestTeamIsInTheContentHash(t *testing.T) {
	app, errs := programme.Validate(validInput(), round(t, "2027-1"))
	if errs != nil {
		t.Fatal(errs)
	}
	h := programme.ContentHash(app)
	other := app
	other.Team = slices.Clone(app.Team)
	other.Team[1].Name = "Someone else"
	if programme.ContentHash(other) == h {
		t.Fatal("a changed name left the hash as it was")
	}
	other.Team = nil
	none := programme.ContentHash(other)
	other.Team = []programme.Member{}
	if programme.ContentHash(other) != none || none == h {
		t.Fatal("no team must hash as before teams existed")
	}
}

// Team rules are data: a rule that cannot be met is refused with the round.
func TestRoundRefusesAnImpossibleTeamRule(t *testing.T) {
	for name, rule := range map[string]programme.TeamRule{
		"min above max":                   {CivilServants: programme.Span{Min: 5, Max: 3}},
		"more coordinators than servants": {CivilServants: programme.Span{Min: 1, Max: 1}, Coordinators: programme.Span{Min: 2, Max: 2}},
		"a smallest team beyond the rows": {Majority: programme.Span{Min: 2, Max: 2}, Opposition: programme.Span{Min: 2, Max: 2}, CivilServants: programme.Span{Min: 3, Max: 5}},
		"nobody":                          {},
	} {
		r := round(t, "2027-1")
		r.Rules.Types = slices.Clone(r.Rules.Types)
		r.Rules.Types[0].Team = &rule
		if err := r.Validate(); err == nil || !strings.Contains(err.Error(), "team") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
