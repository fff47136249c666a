package web

import (
	"net/http"
	"strconv"
	"strings"

	"context"
	_ "embed"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// The team in the form (team.templ): a fieldset per party with a fixed
// number of rows (programme.TeamRows), each a name and a role; blank rows
// are ignored, so the form needs no script to add or remove people. The
// budget years the round's types use, each saying which types use it. A
// small script (form.js, served by FormScript) hides what the chosen type
// does not use; without it, everything shows and the rules say the rest.

// teamParties are the parties whose teams the form asks for: the EU
// partner's only in a round with a three-party type.
func (p *FormPage) teamParties() []programme.PartyRole {
	if p.HasThreeParty {
		return programme.PartyRoles
	}
	return programme.PartyRoles[:2]
}

// TeamFieldset is one party's team in the form.
type TeamFieldset struct {
	Field, ID, Legend string
	// Errors are the team's problems as a whole (its composition).
	Errors []string
	Rows   []TeamRow
	// Types are the types whose applications have this team, for the
	// script ("": every type's).
	Types string
}

// ErrorID is the id of the fieldset's errors, "" when it has none.
func (f TeamFieldset) ErrorID() string {
	if len(f.Errors) == 0 {
		return ""
	}
	return f.ID + "-error"
}

// TeamRow is one row of a team: its legend ("Person 2"), a name and a role.
type TeamRow struct {
	Legend     string
	Name, Role FieldView
}

// TeamFieldsets are the teams the form asks for, with what was typed and
// what is wrong.
func (p *FormPage) TeamFieldsets() []TeamFieldset {
	var out []TeamFieldset
	roles := p.teamRoles()
	for _, party := range p.teamParties() {
		field := programme.TeamField(party)
		fs := TeamFieldset{Field: field, ID: fieldID(field), Legend: programme.FieldLabel(field, p.Lang)}
		for _, e := range p.Errors {
			if e.Field == field {
				fs.Errors = append(fs.Errors, e.Message)
			}
		}
		if party == programme.RoleThird {
			fs.Types = p.threePartyTypes()
		}
		for i := range programme.TeamRows {
			name := p.view(Field{Name: programme.MemberField(party, i, "name"), Kind: TextInput, Optional: true})
			role := p.view(Field{Name: programme.MemberField(party, i, "role"), Optional: true})
			name.Label, role.Label = p.T(i18n.TeamName), p.T(i18n.TeamRole)
			name.OptionalText, role.OptionalText = "", "" // every row is optional: the legend says who it is
			g := OptionGroup{}
			for _, r := range roles {
				g.Options = append(g.Options, Option{Value: string(r), Label: programme.TeamRoleName(r, p.Lang), Selected: string(r) == role.Value})
			}
			role.Groups = []OptionGroup{g}
			fs.Rows = append(fs.Rows, TeamRow{Legend: i18n.TeamPerson.Format(p.Lang, i18n.Args{"n": strconv.Itoa(i + 1)}), Name: name, Role: role})
		}
		out = append(out, fs)
	}
	return out
}

// teamRoles are the roles the round's types have a place for: a role no
// type takes (a politician in a round of projects only) is not offered.
func (p *FormPage) teamRoles() []programme.TeamRole {
	var out []programme.TeamRole
	for _, r := range programme.TeamRoles {
		for _, t := range p.Round.Rules.Types {
			if t.Team.Allows(r) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

func (p *FormPage) threePartyTypes() string {
	var types []string
	for _, t := range p.Round.Rules.Types {
		if t.ThreeParty {
			types = append(types, string(t.Type))
		}
	}
	return strings.Join(types, " ")
}

// TeamRuleLine is one type's team rule in words.
type TeamRuleLine struct{ Text, Type string }

// TeamRules say, per type, whom each party's team has.
func (p *FormPage) TeamRules() []TeamRuleLine {
	var out []TeamRuleLine
	for _, t := range p.Round.Rules.Types {
		if t.Team != nil {
			out = append(out, TeamRuleLine{Type: string(t.Type), Text: i18n.TeamRuleFor.Format(p.Lang,
				i18n.Args{"type": programme.TypeName(t.Type, p.Lang), "rule": t.Team.Text(p.Lang)})})
		}
	}
	return out
}

// BudgetYear is a budget year's field, and the types that use the year.
type BudgetYear struct {
	FieldView
	// Types that use the year, for the script ("": every type).
	Types string
}

// budgetYears are the budget fields of the years the round's types use,
// the first required; a year not every type uses says which do.
func (p *FormPage) budgetYears() []BudgetYear {
	var out []BudgetYear
	for i := range p.Round.Rules.MaxYears() {
		y := BudgetYear{FieldView: p.Input(Field{Name: programme.BudgetField(i), Kind: AmountInput, Optional: i > 0})}
		if types := p.Round.Rules.TypesUsingYear(i + 1); len(types) < len(p.Round.Rules.Types) {
			names, codes := make([]string, len(types)), make([]string, len(types))
			for j, t := range types {
				names[j], codes[j] = programme.TypeName(t, p.Lang), string(t)
			}
			y.Hint = i18n.BudgetYearFor.Format(p.Lang, i18n.Args{"types": strings.Join(names, "; ")})
			y.Types = strings.Join(codes, " ")
		}
		out = append(out, y)
	}
	return out
}

// decodeTeam reads the team's rows from a form post: each party's rows by
// their numbers (a blank row keeps its place, so that a problem names the
// row the applicant sees); nil when every row is blank.
func decodeTeam(values map[string]string) *programme.TeamInput {
	team := &programme.TeamInput{}
	found := false
	for _, party := range programme.PartyRoles {
		var rows []programme.MemberInput
		for i := range programme.TeamRows {
			m := programme.MemberInput{Name: values[programme.MemberField(party, i, "name")], Role: values[programme.MemberField(party, i, "role")]}
			if strings.TrimSpace(m.Name+m.Role) != "" {
				for len(rows) < i {
					rows = append(rows, programme.MemberInput{})
				}
				rows = append(rows, m)
				found = true
			}
		}
		switch party {
		case programme.RoleSwedish:
			team.SwedishParty = rows
		case programme.RolePartner:
			team.Partner = rows
		case programme.RoleThird:
			team.ThirdParty = rows
		}
	}
	if !found {
		return nil
	}
	return team
}

// teamFormOrder are the team's fields in the page's order: each party's
// fieldset (its composition) before its rows.
func teamFormOrder() []string {
	var f []string
	for _, party := range programme.PartyRoles {
		f = append(f, programme.TeamField(party))
		for i := range programme.TeamRows {
			f = append(f, programme.MemberField(party, i, "name"), programme.MemberField(party, i, "role"))
		}
	}
	return f
}

// answerValue is a team field's answer as text (a role by its name).
func answerValue(field, v string, lang programme.Lang) string {
	if strings.HasPrefix(field, "team.") && strings.HasSuffix(field, ".role") && v != "" {
		return programme.TeamRoleName(programme.TeamRole(v), lang)
	}
	return v
}

// TeamView is one party's team as submitted, to read.
type TeamView struct {
	Legend  string
	Members []MemberView
}

// MemberView is one person of a team, to read.
type MemberView struct{ Name, Role string }

// teamViews are app's teams, party by party (none for an application
// submitted before teams were asked for).
func teamViews(app programme.Application, lang programme.Lang) []TeamView {
	if len(app.Team) == 0 {
		return nil
	}
	var out []TeamView
	for _, party := range app.Roles() {
		v := TeamView{Legend: programme.FieldLabel(programme.TeamField(party), lang)}
		for _, m := range app.TeamOf(party) {
			v.Members = append(v.Members, MemberView{Name: m.Name, Role: programme.TeamRoleName(m.Role, lang)})
		}
		out = append(out, v)
	}
	return out
}

//go:embed form.js
var formJS string

// FormScriptPath is where the form's script is served (GET, the form's
// function): a file of our own origin, so the pages' CSP allows it
// (script-src 'self') and no page has an inline script.
const FormScriptPath = "/form.js"

// FormScript serves GET /form.js: the form's progressive enhancement.
func FormScript() Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		res := respond(http.StatusOK, "text/javascript; charset=utf-8", formJS)
		res.Headers["Cache-Control"] = "public, max-age=300"
		return res, nil
	}
}
