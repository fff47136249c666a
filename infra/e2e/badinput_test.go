package e2e

import (
	"encoding/json"
	"maps"
	"net/url"
	"strings"
	"testing"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// validJSON is a valid JSON application for the spring round, as a map so
// a case can break one thing.
func validJSON() map[string]any {
	return map[string]any{
		"round": "2027-1", "token": programme.NewToken(), "lang": "sv",
		"swedishParty": map[string]any{"organisation": "Region Västernorrland", "contactName": "Erik Berg",
			"email": "erik.berg@rvn.example.se", "phone": "+46 611 800 00"},
		"partner": map[string]any{"organisation": "Mombasa County", "country": "KE", "contactName": "Amina Hassan",
			"email": "amina@mombasa.example.ke"},
		"type": "project", "theme": "integration", "title": "Hamnstäder i samverkan",
		"summary": "Två hamnstäder.", "objectives": "Gemensam plan.", "durationYears": 1, "budgetPerYear": []any{400000},
		"team": projectTeamJSON(),
	}
}

func with(change func(m map[string]any)) string {
	m := validJSON()
	change(m)
	b, _ := json.Marshal(m)
	return string(b)
}

// team is m's team, a copy of its own to change.
func team(m map[string]any) map[string]any {
	t := maps.Clone(m["team"].(map[string]any))
	m["team"] = t
	return t
}

func party(m map[string]any, which string) map[string]any {
	p := maps.Clone(m[which].(map[string]any))
	m[which] = p
	return p
}

// Every bad input gets a clear 4xx, with a field-level message in the
// applicant's language, and nothing is written.
func TestBadInputIsRefusedAndNothingIsWritten(t *testing.T) {
	s := newSystem(t)
	const js, form = "application/json", "application/x-www-form-urlencoded"
	proof := stacktest.Prove(t, s.Stack, "2027-1", "bad@robertsfors.example.se") // the form is behind the link
	formWith := func(change func(v url.Values)) string {
		v := validForm("bad@robertsfors.example.se")
		v.Set("proof", proof)
		change(v)
		return v.Encode()
	}
	cases := []struct {
		name        string
		contentType string
		body        string
		status      int
		field       string // the field the error names ("" for none)
		says        string // part of the message the applicant reads
	}{
		{"malformed JSON", js, `{"round": "2027-1",`, 400, "", "kunde inte läsas"},
		{"JSON that is not an object", js, `[1,2]`, 400, "body", "fel typ av värde"},
		{"trailing garbage", js, with(func(map[string]any) {}) + `{}`, 400, "", "kunde inte läsas"},
		{"empty body", js, ``, 400, "", "kunde inte läsas"},
		{"wrong content type", "text/plain", `round=2027-1`, 415, "", "formulär eller JSON"},
		{"no content type", "", `{}`, 415, "", "formulär eller JSON"},
		{"body over 256 KB", js, `{"title":"` + strings.Repeat("x", 300<<10) + `"}`, 413, "", "för stor"},
		{"missing fields", js, `{"round":"2027-1"}`, 422, "title", "fyll i fältet"},
		{"wrong type", js, with(func(m map[string]any) { m["durationYears"] = "två" }), 400, "durationYears", "fel typ av värde"},
		{"wrong type in a list", js, with(func(m map[string]any) { m["budgetPerYear"] = []any{"400000"} }), 400, "budgetPerYear", "fel typ av värde"},
		{"unknown field", js, with(func(m map[string]any) { m["admin"] = true }), 400, "admin", "okänt fält"},
		{"unknown round", js, with(func(m map[string]any) { m["round"] = "1999-1" }), 422, "round", "finns inte"},
		{"closed round", js, with(func(m map[string]any) { m["round"] = "2026-2" }), 409, "", "är stängd"},
		{"round not open yet", js, with(func(m map[string]any) { m["round"] = "2027-2" }), 409, "", "har inte öppnat"},
		{"country not in the round", js, with(func(m map[string]any) { party(m, "partner")["country"] = "NO" }), 422, "partner.country", "ingår inte"},
		{"type not offered", js, with(func(m map[string]any) { m["type"] = "inception" }), 422, "type", "går inte att söka"},
		{"over the cap", js, with(func(m map[string]any) { m["budgetPerYear"] = []any{500001} }), 422, "budgetPerYear.1", "högst 500\u00a0000\u00a0kr per år"},
		{"invalid email", js, with(func(m map[string]any) { party(m, "swedishParty")["email"] = "erik@rvn" }), 422, "swedishParty.email", "giltig e-postadress"},
		{"CR LF in a name", js, with(func(m map[string]any) { party(m, "partner")["contactName"] = "Amina\r\nBcc: all@example.com" }), 422, "partner.contactName", "radbrytningar"},
		{"CR LF in an email", js, with(func(m map[string]any) { party(m, "swedishParty")["email"] = "erik@rvn.example.se\nBcc: x@y.se" }), 422, "swedishParty.email", "radbrytningar"},
		{"invalid token", js, with(func(m map[string]any) { m["token"] = "1" }), 422, "token", "ladda om sidan"},
		{"a signatory without an address", js, with(func(m map[string]any) { m["signatory"] = map[string]any{"name": "Per Persson"} }),
			422, "signatory.email", "fyll i fältet"},
		{"CR LF in the signatory's name", js, with(func(m map[string]any) {
			m["signatory"] = map[string]any{"name": "Per\r\nBcc: all@example.com", "email": "per@rvn.example.se"}
		}), 422, "signatory.name", "radbrytningar"},
		{"English messages", js, with(func(m map[string]any) { m["lang"] = "en"; m["title"] = "" }), 422, "title", "this field is required"},
		{"a team short of civil servants", js, with(func(m map[string]any) { t := team(m); t["partner"] = t["partner"].([]any)[:2] }),
			422, "team.partner", "teamet ska ha 3 till 5 tjänstepersoner, nu 2"},
		{"a politician in a project's team", js, with(func(m map[string]any) {
			t := team(m)
			t["swedishParty"] = append(t["swedishParty"].([]any)[:3:3], map[string]any{"name": "Per", "role": "politician-majority"})
		}), 422, "team.swedishParty.4.role", "rollen ingår inte i teamet"},
		{"a year the type does not run", js, with(func(m map[string]any) { m["type"], m["budgetPerYear"] = "dissemination", []any{200000, 50000} }),
			422, "budgetPerYear.2", "pågår högst 1 år: lämna året tomt"},
		{"form: a team without its coordinator", form, formWith(func(v url.Values) { v.Set("team.partner.1.role", "civil-servant") }),
			422, "team.partner", "teamet ska ha 1 samordnare, nu 0"},
		{"form: a name without a role", form, formWith(func(v url.Values) { v.Set("team.partner.5.name", "Peter Otieno") }),
			422, "team.partner.5.role", "välj ett alternativ"},
		{"form: missing title", form, formWith(func(v url.Values) { v.Del("title") }), 422, "title", "fyll i fältet"},
		{"form: the signatory's address", form, formWith(func(v url.Values) { v.Set("signatory.name", "Per Persson"); v.Set("signatory.email", "per@") }),
			422, "signatory.email", "giltig e-postadress"},
		{"form: budget not a number", form, formWith(func(v url.Values) { v.Set("budgetPerYear.2", "fyrtio") }), 422, "budgetPerYear.2", "ange beloppet i hela kronor"},
		{"form: English page", form, formWith(func(v url.Values) { v.Set("ui", "en"); v.Set("partner.email", "nope") }), 422, "partner.email", "enter a valid email"},
		{"form: closed round", form, formWith(func(v url.Values) { v.Set("round", "2026-2") }), 409, "", "är stängd"},
		{"form: not form encoding", "multipart/form-data; boundary=x", "--x--", 415, "", "formulär eller JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, body := s.do(t, "POST", "/applications", c.contentType, c.body)
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d:\n%.600s", res.StatusCode, c.status, body)
			}
			if !strings.Contains(body, c.says) {
				t.Fatalf("the answer does not say %q:\n%.3000s", c.says, body)
			}
			isJSON := strings.HasPrefix(res.Header.Get("Content-Type"), "application/json")
			switch {
			case c.field != "" && isJSON:
				var p struct {
					Fields []struct{ Field, Code, Message string }
				}
				if err := json.Unmarshal([]byte(body), &p); err != nil {
					t.Fatal(err)
				}
				found := false
				for _, f := range p.Fields {
					found = found || (f.Field == c.field && strings.Contains(f.Message, c.says))
				}
				if !found {
					t.Fatalf("no error on %s saying %q: %s", c.field, c.says, body)
				}
			case c.field != "":
				// The page links the error summary to the field, marks the
				// field invalid and keeps what was typed.
				id := "f-" + strings.ReplaceAll(c.field, ".", "-")
				if !strings.Contains(body, `href="#`+id+`"`) || !strings.Contains(body, `id="`+id+`-error"`) {
					t.Fatalf("error summary does not link to #%s:\n%s", id, body)
				}
				if !strings.Contains(body, `value="Karin Lindström"`) || !strings.Contains(body, "&lt;mödrahälsovård&gt;") {
					t.Fatal("the form lost what was typed")
				}
			}
			if res.StatusCode < 400 || res.StatusCode >= 500 {
				t.Fatalf("not a 4xx: %d", res.StatusCode)
			}
		})
	}
	if n := s.applications(t); n != 0 {
		t.Fatalf("bad input wrote %d applications", n)
	}
}

// A form with a field that cannot be read shows every other problem too,
// each once, in the error summary.
func TestFormShowsEveryProblemAtOnce(t *testing.T) {
	s := newSystem(t)
	v := s.proven(t, validForm("all@robertsfors.example.se"))
	v.Set("budgetPerYear.1", "mycket")
	v.Del("title")
	v.Set("partner.country", "NO")
	res, body := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", v.Encode())
	if res.StatusCode != 422 {
		t.Fatalf("status %d", res.StatusCode)
	}
	summary := body[strings.Index(body, `class="error-summary"`):strings.Index(body, "</ul>")]
	for _, id := range []string{"f-budgetPerYear-1", "f-title", "f-partner-country"} {
		if strings.Count(summary, `href="#`+id+`"`) != 1 {
			t.Errorf("summary does not link once to #%s:\n%s", id, summary)
		}
	}
	if strings.Contains(summary, `href="#f-budgetPerYear"`) {
		t.Errorf("the unreadable budget is reported twice:\n%s", summary)
	}
	// The proven address counts: the form sends none, and none is missing.
	if strings.Contains(summary, "f-swedishParty-email") {
		t.Errorf("the summary asks for the proven address:\n%s", summary)
	}
	if n := s.applications(t); n != 0 {
		t.Fatalf("%d applications written", n)
	}
}
