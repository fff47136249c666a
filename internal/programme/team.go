package programme

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"partnerskap/internal/i18n"
)

// The team: the people each partner sends, each with a name (to book their
// travel) and a role (what the type's composition rule counts). A
// politician's party is sensitive personal data (GDPR art. 9): it is never
// asked for or stored. Only whether a politician is of the majority or the
// opposition is, and only for the types whose rule needs both sides; a type
// whose rule has no politicians refuses those roles.

// TeamRole is a team member's role.
type TeamRole string

const (
	PoliticianMajority   TeamRole = "politician-majority"
	PoliticianOpposition TeamRole = "politician-opposition"
	CivilServant         TeamRole = "civil-servant"
	// Coordinator is the civil servant who coordinates the partner's part
	// (the project manager in a project): counted as a civil servant too.
	Coordinator TeamRole = "coordinator"
)

// TeamRoles are the roles, in the order the form offers them.
var TeamRoles = []TeamRole{PoliticianMajority, PoliticianOpposition, CivilServant, Coordinator}

func knownRole(r TeamRole) bool {
	for _, k := range TeamRoles {
		if r == k {
			return true
		}
	}
	return false
}

// TeamRows is the most people one partner's team lists: the rows the form
// has for each partner.
const TeamRows = 6

// Span is a count from Min to Max, both included.
type Span struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

func (s Span) has(n int) bool { return n >= s.Min && n <= s.Max }

// TeamRule is how each partner's team is made up in a type's projects: the
// same for each partner (the Swedish party, the partner and, in a
// three-party type, the EU partner). The coordinator is one of the civil
// servants, so CivilServants counts them too.
type TeamRule struct {
	Majority      Span `json:"politiciansMajority"`
	Opposition    Span `json:"politiciansOpposition"`
	CivilServants Span `json:"civilServants"`
	Coordinators  Span `json:"coordinators"`
}

// validate checks a rule's own data (a nil rule is none, and fine).
func (r *TeamRule) validate() error {
	if r == nil {
		return nil
	}
	for _, s := range []struct {
		name string
		span Span
	}{{"politiciansMajority", r.Majority}, {"politiciansOpposition", r.Opposition},
		{"civilServants", r.CivilServants}, {"coordinators", r.Coordinators}} {
		if s.span.Min < 0 || s.span.Max < s.span.Min {
			return fmt.Errorf("%s: %d..%d is not a count", s.name, s.span.Min, s.span.Max)
		}
	}
	switch {
	case r.Coordinators.Max > r.CivilServants.Max || r.Coordinators.Min > r.CivilServants.Max:
		return errors.New("the coordinators are civil servants: no more of them than of civil servants")
	case r.Majority.Min+r.Opposition.Min+r.CivilServants.Min > TeamRows:
		return fmt.Errorf("the smallest team is larger than the form's %d rows", TeamRows)
	case r.Majority.Max+r.Opposition.Max+r.CivilServants.Max == 0:
		return errors.New("nobody may take part")
	}
	return nil
}

// Allows says whether a team under the rule may have a member in role (a
// nil rule allows every role).
func (r *TeamRule) Allows(role TeamRole) bool {
	if !knownRole(role) {
		return false
	}
	if r == nil {
		return true
	}
	switch role {
	case PoliticianMajority:
		return r.Majority.Max > 0
	case PoliticianOpposition:
		return r.Opposition.Max > 0
	case Coordinator:
		return r.Coordinators.Max > 0
	}
	return r.CivilServants.Max > r.Coordinators.Min // room for a civil servant who is not the coordinator
}

// MemberInput is one row of a partner's team as typed.
type MemberInput struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

func (m MemberInput) blank() bool { return strings.TrimSpace(m.Name+m.Role) == "" }

// TeamInput is the team as it arrives: each partner's rows, in the form's
// order (blank rows are ignored; a row's number is its place here).
type TeamInput struct {
	SwedishParty []MemberInput `json:"swedishParty,omitempty"`
	Partner      []MemberInput `json:"partner,omitempty"`
	ThirdParty   []MemberInput `json:"thirdParty,omitempty"`
}

// Rows are party's rows.
func (t *TeamInput) Rows(party PartyRole) []MemberInput {
	if t == nil {
		return nil
	}
	switch party {
	case RoleSwedish:
		return t.SwedishParty
	case RolePartner:
		return t.Partner
	case RoleThird:
		return t.ThirdParty
	}
	return nil
}

func (t *TeamInput) empty(party PartyRole) bool {
	for _, m := range t.Rows(party) {
		if !m.blank() {
			return false
		}
	}
	return true
}

// Member is one person of a validated team.
type Member struct {
	Party PartyRole `json:"party"`
	Role  TeamRole  `json:"role"`
	Name  string    `json:"name"`
}

// TeamOf is the members app's party brings, in the order given.
func (a Application) TeamOf(party PartyRole) []Member {
	var out []Member
	for _, m := range a.Team {
		if m.Party == party {
			out = append(out, m)
		}
	}
	return out
}

// TeamField is the field of party's team as a whole, "team.partner": where
// what is wrong with its composition is reported (the form's fieldset).
func TeamField(party PartyRole) string { return "team." + string(party) }

// MemberField is a field of row i (0-based; the field's number is 1-based)
// of party's team: part is "name" or "role", e.g. "team.partner.2.role".
func MemberField(party PartyRole, i int, part string) string {
	return TeamField(party) + "." + strconv.Itoa(i+1) + "." + part
}

// parseMemberField splits a field of MemberField into its party, its row
// number (1-based) and its part; ok false for any other field.
func parseMemberField(field string) (party PartyRole, row int, part string, ok bool) {
	rest, found := strings.CutPrefix(field, "team.")
	if !found {
		return "", 0, "", false
	}
	bits := strings.Split(rest, ".")
	if len(bits) != 3 || (bits[2] != "name" && bits[2] != "role") {
		return "", 0, "", false
	}
	n, err := strconv.Atoi(bits[1])
	if err != nil || n < 1 {
		return "", 0, "", false
	}
	return PartyRole(bits[0]), n, bits[2], true
}

// CheckTeam checks a team against its type's rule and returns it as
// validated (blank rows left out), with its problems keyed to the form's
// fields, in the form's order: for each party the team as a whole
// (TeamField: its composition, or a team the type does not have) before
// its rows (MemberField: a name, a role, a role the type has no place for).
// The parties are the Swedish party, the partner and, in a three-party
// type, the EU partner.
func CheckTeam(in *TeamInput, rule TypeRule) ([]Member, FieldErrors) {
	v := validator{}
	team := v.team(in, rule, true)
	return team, v.errs
}

// team checks in as CheckTeam does; known false: the type is not known
// (reported on its own field), so only the rows are checked.
func (v *validator) team(in *TeamInput, rule TypeRule, known bool) []Member {
	var team []Member
	for _, party := range PartyRoles {
		field := TeamField(party)
		if party == RoleThird && known && !rule.ThreeParty {
			if !in.empty(party) {
				v.add(field, CodeThirdPartyNotAllowed)
			}
			continue
		}
		rows := v.fork()
		var counts [4]int // by TeamRoles' order
		listed := 0
		for i, m := range in.Rows(party) {
			if m.blank() {
				continue
			}
			if listed++; listed > TeamRows {
				v.add(field, CodeTeamTooMany, TeamRows)
				break
			}
			name := rows.line(MemberField(party, i, "name"), m.Name, maxName, true)
			role, roleField := TeamRole(strings.TrimSpace(m.Role)), MemberField(party, i, "role")
			switch {
			case role == "":
				rows.add(roleField, CodeRequired)
			case !knownRole(role):
				rows.add(roleField, CodeInvalidChoice)
			case known && !rule.Team.Allows(role):
				rows.add(roleField, CodeTeamRoleNotInType, rule.Type)
			default:
				for k, r := range TeamRoles {
					if r == role {
						counts[k]++
					}
				}
			}
			team = append(team, Member{Party: party, Role: role, Name: name})
		}
		if known && rule.Team != nil && listed <= TeamRows {
			v.composition(field, *rule.Team, counts, listed)
		}
		v.errs = append(v.errs, rows.errs...)
	}
	return team
}

// fork is a validator of its own, for problems to be added later in order.
func (v *validator) fork() *validator { return &validator{} }

// composition checks one party's counts (by TeamRoles' order) against r;
// a party that listed nobody gets one problem, saying whom to list.
func (v *validator) composition(field string, r TeamRule, counts [4]int, listed int) {
	if listed == 0 {
		v.add(field, CodeTeamEmpty, r)
		return
	}
	civil := counts[2] + counts[3]
	for _, c := range []struct {
		kind teamKind
		span Span
		n    int
	}{{kindMajority, r.Majority, counts[0]}, {kindOpposition, r.Opposition, counts[1]},
		{kindCivilServants, r.CivilServants, civil}, {kindCoordinators, r.Coordinators, counts[3]}} {
		if c.span.Max == 0 || c.span.has(c.n) {
			continue // a role with no place is its rows' problem
		}
		v.add(field, CodeTeamCount, teamSpan{c.kind, c.span}, c.n)
	}
}

// teamKind is what a team's count is of.
type teamKind int

const (
	kindMajority teamKind = iota
	kindOpposition
	kindCivilServants
	kindCoordinators
)

var teamCountKeys = [...]i18n.Key{
	kindMajority:      i18n.TeamCountMajority,
	kindOpposition:    i18n.TeamCountOpposition,
	kindCivilServants: i18n.TeamCountCivilServants,
	kindCoordinators:  i18n.TeamCountCoordinators,
}

// teamSpan is a count of a kind of member, said in a message's language:
// "1 politiker från majoriteten", "3 till 5 tjänstepersoner", "at most 2
// coordinators".
type teamSpan struct {
	kind teamKind
	span Span
}

// Text is the span in lang.
func (s teamSpan) Text(lang Lang) string {
	count := func(n int) string {
		return teamCountKeys[s.kind].Format(lang, i18n.Args{"n": strconv.Itoa(n)})
	}
	switch {
	case s.span.Min == s.span.Max:
		return count(s.span.Max)
	case s.span.Min == 0:
		return i18n.TeamAtMost.Format(lang, i18n.Args{"count": count(s.span.Max)})
	}
	return i18n.TeamSpan.Format(lang, i18n.Args{"min": strconv.Itoa(s.span.Min), "count": count(s.span.Max)})
}

// Text is the rule in words, in lang: whom each partner's team has, e.g.
// "1 politiker från majoriteten, 1 politiker från oppositionen och 2
// tjänstepersoner, varav 1 samordnare".
func (r TeamRule) Text(lang Lang) string {
	var parts []string
	if r.Majority.Max > 0 {
		parts = append(parts, teamSpan{kindMajority, r.Majority}.Text(lang))
	}
	if r.Opposition.Max > 0 {
		parts = append(parts, teamSpan{kindOpposition, r.Opposition}.Text(lang))
	}
	switch {
	case r.CivilServants.Max == 0:
	case r.Coordinators == r.CivilServants: // the coordinators are all the civil servants
		parts = append(parts, teamSpan{kindCoordinators, r.Coordinators}.Text(lang))
	case r.Coordinators.Max == 0:
		parts = append(parts, teamSpan{kindCivilServants, r.CivilServants}.Text(lang))
	default:
		parts = append(parts, i18n.TeamIncluding.Format(lang, i18n.Args{
			"count": teamSpan{kindCivilServants, r.CivilServants}.Text(lang),
			"of":    teamSpan{kindCoordinators, r.Coordinators}.Text(lang)}))
	}
	return JoinAnd(parts, lang)
}

// JoinAnd joins words the way lang lists them: "a, b och c", "a, b and c".
func JoinAnd(words []string, lang Lang) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + i18n.ListAnd.In(lang) + " " + words[len(words)-1]
}

// Text is the type's name in lang, for a message that names it.
func (t ProjectType) Text(lang Lang) string { return TypeName(t, lang) }

var teamRoleNames = map[TeamRole]i18n.Key{
	PoliticianMajority:   i18n.RolePoliticianMajority,
	PoliticianOpposition: i18n.RolePoliticianOpposition,
	CivilServant:         i18n.RoleCivilServant,
	Coordinator:          i18n.RoleCoordinator,
}

// TeamRoleName is a role's name in lang.
func TeamRoleName(r TeamRole, lang Lang) string { return label(teamRoleNames, r, lang) }

var teamNames = map[PartyRole]i18n.Key{
	RoleSwedish: i18n.TeamSwedishParty,
	RolePartner: i18n.TeamPartner,
	RoleThird:   i18n.TeamThirdParty,
}

// teamFieldLabel is the label of a team's field (TeamField, MemberField),
// ok false for any other field.
func teamFieldLabel(field string, lang Lang) (string, bool) {
	if k, ok := teamNames[PartyRole(strings.TrimPrefix(field, "team."))]; ok && strings.HasPrefix(field, "team.") {
		return k.In(lang), true
	}
	party, row, part, ok := parseMemberField(field)
	team, known := teamNames[party]
	if !ok || !known {
		return "", false
	}
	key := i18n.TeamMemberName
	if part == "role" {
		key = i18n.TeamMemberRole
	}
	return key.Format(lang, i18n.Args{"team": team.In(lang), "n": strconv.Itoa(row)}), true
}

// isTeamRoleField says whether field is a row's role: a choice.
func isTeamRoleField(field string) bool {
	_, _, part, ok := parseMemberField(field)
	return ok && part == "role"
}
