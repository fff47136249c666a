package programme_test

import (
	"strings"
	"testing"
	"time"

	"partnerskap/data"
	"partnerskap/internal/programme"
)

var now = time.Date(2027, 2, 20, 10, 0, 0, 0, programme.Stockholm)

func round(t *testing.T, id string) programme.Round {
	t.Helper()
	rounds, err := data.Rounds(now)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rounds {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no round %s in data/rounds.json", id)
	return programme.Round{}
}

func roundsAt(at time.Time) (map[string]programme.Round, error) {
	rounds, err := data.Rounds(at)
	m := map[string]programme.Round{}
	for _, r := range rounds {
		m[r.ID] = r
	}
	return m, err
}

// validInput is Kalix with Masaka, Uganda: a two-year project under the
// cap, with three civil servants from each partner (team_test.go).
func validInput() programme.Input {
	return programme.Input{
		Round: "2027-1", Lang: "sv",
		SwedishParty: programme.PartyInput{Organisation: "Kalix", ContactName: "Anna Andersson",
			Email: "anna.andersson@example.se", Phone: "+46 923 650 00"},
		Partner: programme.PartyInput{Organisation: "Masaka District Local Government", Country: "UG",
			ContactName: "John Ssebunya", Email: "john@example.ug"},
		Type: "project", Theme: "climate", Title: "Klimatsmart avfallshantering",
		Summary: "Vi bygger upp sortering.", Objectives: "Halverad deponi.",
		DurationYears: 2, BudgetPerYear: []int64{450000, 500000},
		Team: projectTeam(),
	}
}

func TestValidateAcceptsAValidApplication(t *testing.T) {
	app, errs := programme.Validate(validInput(), round(t, "2027-1"))
	if errs != nil {
		t.Fatalf("unexpected errors: %v", errs)
	}
	if app.RequestedTotal() != 950000 || app.Partner.Country != "UG" || app.Lang != programme.Swedish {
		t.Fatalf("application not built from input: %+v", app)
	}
}

func TestValidateReportsEachProblemOnItsField(t *testing.T) {
	cases := []struct {
		name   string
		change func(in *programme.Input)
		field  string
		code   string
	}{
		{"missing title", func(in *programme.Input) { in.Title = "  " }, "title", programme.CodeRequired},
		{"unknown municipality", func(in *programme.Input) { in.SwedishParty.Organisation = "Gotham" }, "swedishParty.organisation", programme.CodeUnknownOrganisation},
		{"country not in round", func(in *programme.Input) { in.Partner.Country = "NO" }, "partner.country", programme.CodeCountryNotInRound},
		{"type not offered", func(in *programme.Input) { in.Type = "inception" }, "type", programme.CodeTypeNotOffered},
		{"unknown theme", func(in *programme.Input) { in.Theme = "space" }, "theme", programme.CodeInvalidChoice},
		{"invalid email", func(in *programme.Input) { in.SwedishParty.Email = "anna@" }, "swedishParty.email", programme.CodeInvalidEmail},
		{"display name email", func(in *programme.Input) { in.Partner.Email = "John <john@example.ug>" }, "partner.email", programme.CodeInvalidEmail},
		{"CR LF in name", func(in *programme.Input) { in.SwedishParty.ContactName = "Anna\r\nBcc: x@y.se" }, "swedishParty.contactName", programme.CodeLineBreak},
		{"LF in title", func(in *programme.Input) { in.Title = "a\nb" }, "title", programme.CodeLineBreak},
		{"LF in email", func(in *programme.Input) { in.Partner.Email = "a@b.se\nBcc: c@d.se" }, "partner.email", programme.CodeLineBreak},
		{"over cap per year (Africa)", func(in *programme.Input) { in.BudgetPerYear = []int64{500001, 1} }, "budgetPerYear.1", programme.CodeOverCapPerYear},
		{"over cap per year (Europe)", func(in *programme.Input) { in.Partner.Country = "RS"; in.BudgetPerYear = []int64{450000, 450001} }, "budgetPerYear.2", programme.CodeOverCapPerYear},
		{"budget years differ from duration", func(in *programme.Input) { in.BudgetPerYear = []int64{1000} }, "budgetPerYear", programme.CodeBudgetYears},
		{"zero budget", func(in *programme.Input) { in.BudgetPerYear = []int64{0, 10} }, "budgetPerYear.1", programme.CodePositiveAmount},
		{"duration too long", func(in *programme.Input) { in.DurationYears = 4 }, "durationYears", programme.CodeDurationRange},
		{"duration missing", func(in *programme.Input) { in.DurationYears = 0 }, "durationYears", programme.CodeRequired},
		{"too long summary", func(in *programme.Input) { in.Summary = strings.Repeat("å", 4001) }, "summary", programme.CodeTooLong},
		{"control char in text", func(in *programme.Input) { in.Summary = "a\x00b" }, "summary", programme.CodeInvalidText},
		{"bad phone", func(in *programme.Input) { in.SwedishParty.Phone = "call me" }, "swedishParty.phone", programme.CodeInvalidPhone},
		{"unknown language", func(in *programme.Input) { in.Lang = "de" }, "lang", programme.CodeInvalidChoice},
		{"third party on a plain project", func(in *programme.Input) {
			in.ThirdParty = &programme.PartyInput{Organisation: "Tallinn", Country: "EE"}
		}, "thirdParty.organisation", programme.CodeThirdPartyNotAllowed},
		{"three-party project without EU partner", func(in *programme.Input) { in.Type = "project-three-party" }, "thirdParty.organisation", programme.CodeRequired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := validInput()
			c.change(&in)
			_, errs := programme.Validate(in, round(t, "2027-1"))
			e, ok := errs.For(c.field)
			if !ok || e.Code != c.code {
				t.Fatalf("want %s on %s, got %v", c.code, c.field, errs)
			}
			sv, en := e.Message(programme.Swedish), e.Message(programme.English)
			if sv == en || !strings.HasPrefix(sv, programme.FieldLabel(c.field, programme.Swedish)+": ") {
				t.Fatalf("messages not field-level and bilingual: %q / %q", sv, en)
			}
		})
	}
}

func TestValidateKeepsHTMLAsTyped(t *testing.T) {
	in := validInput()
	in.Summary = "<script>alert(1)</script> & <b>fet</b>"
	app, errs := programme.Validate(in, round(t, "2027-1"))
	if errs != nil || app.Summary != in.Summary {
		t.Fatalf("HTML in free text must be stored as typed: %v %q", errs, app.Summary)
	}
}

func TestInceptionCapIsOnTheTotal(t *testing.T) {
	in := validInput()
	in.Round, in.Type, in.DurationYears = "2026-27-inception", "inception", 1
	in.Team = inceptionTeam()
	r := round(t, "2026-27-inception")
	in.BudgetPerYear = []int64{275000} // Uganda: Africa cap
	if _, errs := programme.Validate(in, r); errs != nil {
		t.Fatalf("275 000 to Uganda is at the cap: %v", errs)
	}
	in.Partner.Country = "UA" // Europe: 220 000
	_, errs := programme.Validate(in, r)
	if e, ok := errs.For("budgetPerYear"); !ok || e.Code != programme.CodeOverCapTotal {
		t.Fatalf("want over_cap_total, got %v", errs)
	}
	if got := errs[0].Message(programme.Swedish); !strings.Contains(got, "220\u00a0000\u00a0kr") {
		t.Fatalf("cap not in message: %q", got)
	}
}

func TestThreePartyNeedsAnEUCountry(t *testing.T) {
	in := validInput()
	in.Type = "project-three-party"
	in.ThirdParty = &programme.PartyInput{Organisation: "Tartu", Country: "UG", ContactName: "Mari", Email: "mari@example.ee"}
	_, errs := programme.Validate(in, round(t, "2027-1"))
	if e, ok := errs.For("thirdParty.country"); !ok || e.Code != programme.CodeCountryNotInRound {
		t.Fatalf("want EU country check, got %v", errs)
	}
	in.ThirdParty.Country = "EE"
	in.BudgetPerYear = []int64{650000, 650000}
	in.Team.ThirdParty = civilServants("Tartu", 3)
	if _, errs := programme.Validate(in, round(t, "2027-1")); errs != nil {
		t.Fatalf("valid three-party project refused: %v", errs)
	}
}

func TestRoundAcceptsOnlyInsideItsInstants(t *testing.T) {
	r := round(t, "2027-1")
	closes := time.Date(2027, 3, 15, 16, 0, 0, 0, programme.Stockholm)
	if !r.ClosesAt.Equal(closes) || r.ClosesAt.UTC().Hour() != 15 {
		t.Fatalf("closes %v, want 16:00 CET = 15:00 UTC", r.ClosesAt)
	}
	r.Status = programme.RoundOpen
	for _, c := range []struct {
		at   time.Time
		want bool
	}{
		{r.OpensAt.Add(-time.Nanosecond), false},
		{r.OpensAt, true},
		{closes.Add(-time.Millisecond), true},
		{closes, false},
	} {
		if got := r.AcceptsAt(c.at); got != c.want {
			t.Errorf("AcceptsAt(%v) = %v, want %v", c.at, got, c.want)
		}
	}
	r.Status = programme.RoundClosed
	if r.AcceptsAt(closes.Add(-time.Hour)) {
		t.Error("a closed round accepted a submission")
	}
}

func TestAutumnDeadlineIsInSummerTime(t *testing.T) {
	r := round(t, "2027-2")
	if r.ClosesAt.UTC().Hour() != 14 {
		t.Fatalf("16:00 CEST is 14:00 UTC, got %v", r.ClosesAt.UTC())
	}
	if got := programme.FormatTime(r.ClosesAt, programme.Swedish); got != "15 oktober 2027 kl. 16:00 (CEST)" {
		t.Fatalf("FormatTime = %q", got)
	}
}

func TestRoundsDataIsConsistent(t *testing.T) {
	rounds, err := data.Rounds(now)
	if err != nil {
		t.Fatal(err)
	}
	if len(programme.CurrentRounds(rounds, now)) != 2 {
		t.Fatalf("on %v the spring round and the inception round are open", now)
	}
	overlapping := append([]programme.Round{}, rounds...)
	clash := rounds[2]
	clash.ID = "clash"
	overlapping = append(overlapping, clash)
	if err := programme.CheckOverlaps(overlapping); err == nil {
		t.Fatal("overlapping rounds for the same type were accepted")
	}
}

func TestSwedishOrganisations(t *testing.T) {
	kommuner, regions := 0, 0
	for _, o := range programme.SwedishOrganisations() {
		switch o.Kind {
		case "kommun":
			kommuner++
		case "region":
			regions++
		}
	}
	// 290 municipalities, of which Gotland is Region Gotland, and 21 regions.
	if kommuner != 289 || regions != 21 {
		t.Fatalf("%d municipalities and %d regions", kommuner, regions)
	}
	for _, name := range []string{"Kalix", "Robertsfors", "Region Västernorrland", "Region Gotland"} {
		if !programme.IsSwedishOrganisation(name) {
			t.Errorf("%s missing", name)
		}
	}
}

func TestTokensDeriveStableSecrets(t *testing.T) {
	a, b := programme.NewToken(), programme.NewToken()
	if a == b || !programme.ValidToken(a) {
		t.Fatalf("tokens %q %q", a, b)
	}
	if ref := programme.RefFor(a); ref != programme.RefFor(a) || ref == programme.RefFor(b) {
		t.Fatal("reference must be a function of the token")
	}
	if !programme.ValidRef(programme.RefFor(a)) || programme.ValidRef("KP-0000000001x") || programme.ValidRef("KP-ILOU000000") {
		t.Fatal("ValidRef")
	}
	key := programme.StatusKeyFor(a)
	if !programme.SecretMatches(key, programme.Hash(key)) || programme.SecretMatches(programme.StatusKeyFor(b), programme.Hash(key)) {
		t.Fatal("status key check")
	}
	for _, bad := range []string{"short", strings.Repeat("a", 65), strings.Repeat("a", 21) + "!"} {
		if programme.ValidToken(bad) {
			t.Errorf("ValidToken(%q)", bad)
		}
	}
}

func TestFormatSEK(t *testing.T) {
	for _, c := range []struct {
		n    int64
		lang programme.Lang
		want string
	}{
		{450000, programme.Swedish, "450\u00a0000\u00a0kr"},
		{9800000, programme.English, "SEK 9,800,000"},
		{999, programme.English, "SEK 999"},
	} {
		if got := programme.FormatSEK(c.n, c.lang); got != c.want {
			t.Errorf("FormatSEK(%d, %s) = %q, want %q", c.n, c.lang, got, c.want)
		}
	}
}

// Every audit code reads in both languages, each value named in the
// reader's; a line from before codes is its text as written.
func TestAuditText(t *testing.T) {
	for _, c := range []struct {
		e      programme.AuditEntry
		sv, en string
	}{
		{programme.AuditEntry{Code: programme.AuditRoundMoved, Event: "round open -> closed", Detail: map[string]string{"from": "open", "to": "closed"}},
			"Utlysningen: Öppen → Stängd, under granskning", "Call: Open → Closed, in review"},
		{programme.AuditEntry{Code: programme.AuditDeadlineExtended, Detail: map[string]string{"from": "2027-03-15T15:00:00.000Z", "to": "2027-03-22T15:00:00.000Z"}},
			"Sista ansökningsdag flyttad från 15 mars 2027 kl. 16:00 (CET) till 22 mars 2027 kl. 16:00 (CET)",
			"Deadline moved from 15 March 2027, 16:00 (CET) to 22 March 2027, 16:00 (CET)"},
		{programme.AuditEntry{Code: programme.AuditDecision, Detail: map[string]string{"outcome": "granted", "amount": "450000",
			"previousOutcome": "rejected", "previousAmount": "0"}},
			"Beslut: Beviljad, 450\u00a0000\u00a0kr (tidigare Avslagen)", "Decision: Granted, SEK 450,000 (before: Rejected)"},
		{programme.AuditEntry{Code: programme.AuditInReview}, "Status: Inkommen → Under granskning (utlysningen stängde)", "Status: Submitted → In review (the call closed)"},
		{programme.AuditEntry{Code: programme.AuditEmailEvent, Detail: map[string]string{"kind": "Bounce", "email": "round-closed"}},
			"Mejl, besked om granskning: Studsade", "Email, notice of review: Bounced"},
		{programme.AuditEntry{Event: "status submitted -> in_review (round closed)"},
			"status submitted -> in_review (round closed)", "status submitted -> in_review (round closed)"},
	} {
		if sv, en := programme.AuditText(c.e, programme.Swedish), programme.AuditText(c.e, programme.English); sv != c.sv || en != c.en {
			t.Errorf("%s: %q / %q, want %q / %q", c.e.Code, sv, en, c.sv, c.en)
		}
	}
}
