package web

import (
	"context"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"

	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
)

// evil is markup typed into the field name: a page must show it as text.
func evil(name string) string { return `<b id="x-` + name + `">&'` }

// render renders a page, and saves it to $PAGES_OUT (if set) to read or
// open in a browser.
func render(t *testing.T, name string, c templ.Component) string {
	t.Helper()
	res, err := htmlPage(context.Background(), 200, c)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("PAGES_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte(res.Body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return res.Body
}

// showsEscaped checks that every named value appears on the page escaped,
// and never as markup.
func showsEscaped(t *testing.T, page, body string, names ...string) {
	t.Helper()
	if strings.Contains(body, `<b id="x-`) {
		t.Errorf("%s: a value is written as markup", page)
	}
	for _, n := range names {
		if !strings.Contains(body, html.EscapeString(evil(n))) {
			t.Errorf("%s: %s is not shown, escaped", page, n)
		}
	}
}

func testRound() programme.Round {
	country := func(code string) programme.Country {
		return programme.Country{Code: code, NameSv: evil("country-" + code), NameEn: evil("country-" + code), Region: programme.Africa}
	}
	caps := map[programme.Region]int64{programme.Europe: 1, programme.Africa: 2, programme.Asia: 2, programme.LatAm: 2}
	return programme.Round{ID: "2027-1", NameSv: evil("round"), NameEn: evil("round"), Status: programme.RoundClosed, Budget: 9_800_000,
		OpensAt: time.Date(2027, 2, 1, 8, 0, 0, 0, programme.Stockholm), ClosesAt: time.Date(2027, 3, 15, 16, 0, 0, 0, programme.Stockholm),
		Rules: programme.Rules{Countries: []programme.Country{country("KE")}, EUCountries: []programme.Country{country("DE")},
			Types: []programme.TypeRule{{Type: programme.Project, MinYears: 1, MaxYears: 3, PerYear: true, Caps: caps},
				{Type: programme.ProjectThreeParty, MinYears: 1, MaxYears: 3, Caps: caps, ThreeParty: true}},
			Themes: []programme.Theme{"climate"}}}
}

// Every value typed into the form, every error and notice, the round's and
// the countries' names: shown escaped.
func TestFormPageEscapesEveryValue(t *testing.T) {
	r := testRound()
	text := []string{"swedishParty.contactName", "swedishParty.email", "swedishParty.phone", "partner.organisation", "partner.contactName",
		"partner.email", "partner.phone", "thirdParty.organisation", "thirdParty.contactName", "thirdParty.email", "thirdParty.phone",
		"title", "summary", "objectives", "budgetPerYear.1", "budgetPerYear.2", "budgetPerYear.3",
		"team.swedishParty.1.name", "team.partner.6.name", "team.thirdParty.3.name"}
	values := map[string]string{"token": evil("token")}
	var errs []fieldIssue
	for _, f := range text {
		values[f] = evil(f)
		errs = append(errs, fieldIssue{Field: f, Code: "x", Message: evil("error-" + f)})
	}
	errs = append(errs, fieldIssue{Field: "budgetPerYear", Message: evil("error-budgetPerYear")},
		fieldIssue{Field: "type", Message: evil("error-type")}, fieldIssue{Field: "team.partner", Message: evil("error-team.partner")})
	for _, lang := range []programme.Lang{programme.Swedish, programme.English} {
		p := newFormPage(lang, &r, values, url.Values{"round": {evil("query")}})
		p.Errors, p.Notice = errs, evil("notice")
		p.Proof, p.ProvenEmail = evil("proof"), evil("swedishParty.email") // the form behind the link
		body := render(t, "form-"+string(lang), formView(p))
		names := append([]string{"round", "country-KE", "country-DE", "notice", "error-budgetPerYear", "error-type", "error-team.partner", "proof"}, text...)
		for _, f := range text {
			names = append(names, "error-"+f)
		}
		showsEscaped(t, "form", body, names...)
		if strings.Contains(body, evil("token")) || strings.Contains(body, html.EscapeString(evil("token"))) {
			t.Error("a token that is not one is written back")
		}
		// Labels tied to inputs, errors to fields, the language switch.
		for _, want := range []string{`<html lang="` + string(lang) + `">`, `<label for="f-partner-email">`, `id="f-partner-email"`,
			`aria-describedby="f-partner-email-hint f-partner-email-error"`, `aria-invalid="true"`, `href="#f-partner-email"`,
			`<fieldset id="f-budgetPerYear" aria-describedby="f-budgetPerYear-error" tabindex="-1">`, `<legend>`, `hreflang="` + string(lang.Other()) + `"`,
			`<option value="KE">`, `name="type" value="project-three-party"`, `class="field field-error"`,
			`<fieldset id="f-team-partner" class="field-error" aria-describedby="f-team-partner-error" tabindex="-1">`,
			`<label for="f-team-partner-6-name">`, `aria-describedby="f-team-partner-6-name-error"`, `href="#f-team-partner"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s form: no %s", lang, want)
			}
		}
		if strings.Count(body, "<script") != 1 || !strings.Contains(body, `<script src="/form.js" defer></script>`) {
			t.Error("a page with a script other than the form's own file (no inline script)")
		}
	}
	// The choice of rounds and the next round.
	p := newFormPage(programme.Swedish, nil, nil, nil)
	p.Choices = []RoundChoice{{Name: evil("choice"), Deadline: evil("deadline"), URL: "/?round=x"}}
	showsEscaped(t, "choice", render(t, "form-choice", formView(p)), "choice", "deadline")
	p = newFormPage(programme.English, nil, nil, nil)
	p.Next = &NextRound{Name: evil("next"), Opens: evil("opens")}
	showsEscaped(t, "next round", render(t, "form-next", formView(p)), "next", "opens")
}

func TestPublicPagesEscapeEveryValue(t *testing.T) {
	body := render(t, "status", statusView(StatusPage{Page: newPage(programme.Swedish, 1, url.Values{"key": {evil("key")}}), New: true,
		Ref: evil("ref"), Status: evil("status"), Title: evil("title"), RoundName: evil("round"), SubmittedAt: evil("at"), Requested: evil("sum")}))
	showsEscaped(t, "status", body, "ref", "status", "title", "round", "at", "sum")
	if !strings.Contains(body, "?key="+url.QueryEscape(evil("key"))+"&amp;lang=en") {
		t.Errorf("the language switch does not keep the key:\n%s", body)
	}
	body = render(t, "granted", grantedView(GrantedPage{Page: newPage(programme.English, 1, nil), RoundName: evil("round"), Count: evil("count"),
		CSV: "?format=csv", JSON: "?format=json", Rows: []GrantedRow{{SwedishOrganisation: evil("swedish"), PartnerOrganisation: evil("partner"),
			Country: evil("country"), Type: evil("type"), Theme: evil("theme"), Title: evil("title"), Amount: evil("amount")}}}))
	showsEscaped(t, "granted", body, "round", "count", "swedish", "partner", "country", "type", "theme", "title", "amount")
	body = render(t, "message", messageView(MessagePage{Page: newPage(programme.Swedish, 1, nil), Message: evil("message")}))
	showsEscaped(t, "message", body, "message")
}

func TestStaffPagesEscapeEveryValue(t *testing.T) {
	r := testRound()
	party := func(who string) programme.Party {
		return programme.Party{Organisation: evil(who + "-org"), Country: "KE", ContactName: evil(who + "-name"), Email: evil(who + "-email"), Phone: evil(who + "-phone")}
	}
	tp := party("third")
	tp.Country = "DE"
	app := programme.Application{Ref: evil("ref"), RoundID: "2027-1", SwedishParty: party("swedish"), Partner: party("partner"), ThirdParty: &tp,
		Type: programme.ProjectThreeParty, Theme: "climate", Title: evil("title"), Summary: evil("summary"), Objectives: evil("objectives"),
		BudgetPerYear: []int64{100, 200}, Status: programme.AppInReview, Version: 3}
	log := []programme.AuditEntry{{At: r.ClosesAt, Actor: evil("actor"), Event: evil("event")}}
	in := programme.DecisionInput{Outcome: "granted", Amount: 100, Motivation: evil("motivation")}
	errs := []fieldIssue{{Field: "amount", Message: evil("error-amount")}, {Field: "motivation", Message: evil("error-motivation")}}
	fields := []string{"ref", "title", "summary", "objectives", "actor", "event", "motivation", "error-amount", "error-motivation",
		"country-KE", "country-DE", "round", "notice", "ok"}
	for _, who := range []string{"swedish", "partner", "third"} {
		for _, f := range []string{"org", "name", "email", "phone"} {
			fields = append(fields, who+"-"+f)
		}
	}
	body := render(t, "staff-application", applicationView(newApplicationPage(programme.Swedish, app, r, log,
		Notices{Error: evil("notice"), Success: evil("ok")}, errs, in)))
	showsEscaped(t, "application", body, fields...)
	for _, want := range []string{`href="#f-amount"`, `id="f-amount-error"`, `aria-describedby="f-motivation-error"`, `name="version" value="3"`,
		`value="granted" checked`} {
		if !strings.Contains(body, want) {
			t.Errorf("application page: no %s", want)
		}
	}
	// Decided and locked: the decision shown, not the form.
	app.Status, app.DecisionQueued = programme.AppGranted, true
	app.Decision = &programme.Decision{Outcome: programme.Granted, Amount: 100, Motivation: evil("decided")}
	body = render(t, "staff-application-decided", applicationView(newApplicationPage(programme.English, app, r, nil, Notices{}, nil, programme.DecisionInput{})))
	showsEscaped(t, "decided application", body, "decided")
	if strings.Contains(body, `name="outcome"`) || !strings.Contains(body, "can no longer change") {
		t.Errorf("a locked decision is not shown as such:\n%s", body)
	}

	p := ApplicationsPage{Page: newPage(programme.English, 1, nil), RoundName: evil("round"), Count: evil("count"), CSV: "?format=csv",
		Next: "?next=x", Filters: []FilterSelect{{Name: "country", Label: evil("filter"), Options: []Option{{Value: evil("value"), Label: evil("option")}}}},
		Apps: []AppRow{{Ref: evil("ref"), URL: "/staff/applications/x", Status: evil("status"), SwedishOrganisation: evil("swedish"),
			PartnerOrganisation: evil("partner"), Country: evil("country"), Title: evil("title"), Requested: evil("requested"), Granted: evil("granted")}}}
	showsEscaped(t, "applications", render(t, "staff-applications", applicationsView(p)), "round", "count", "filter", "value", "option", "ref",
		"status", "swedish", "partner", "country", "title", "requested", "granted")

	rp := RoundsPage{Page: newPage(programme.Swedish, 1, nil), Notices: Notices{Error: evil("error")},
		Rounds: []RoundRow{{ID: evil("id"), Name: evil("name"), Status: evil("status"), Opens: evil("opens"), Closes: evil("closes"), Budget: evil("budget"),
			Submitted: evil("submitted"), InReview: evil("review"), Extendable: true, ClosesInput: evil("input"), ExtendURL: "/staff/rounds/x/deadline"}}}
	showsEscaped(t, "rounds", render(t, "staff-rounds", roundsView(rp)), "error", "id", "name", "status", "opens", "closes", "budget",
		"submitted", "review", "input")

	prev := staff.Preview{Granted: 1, Emails: 2, Samples: map[string]mail.Message{
		"granted-sv": {Subject: evil("subject"), Text: evil("text")}, "<i>odd</i>": {Subject: "s", Text: "t"}}}
	bounced := []programme.Email{{Ref: evil("bounced-ref"), To: evil("to"), State: programme.EmailBounced, BounceType: evil("bounce")}}
	body = render(t, "staff-notify", notifyView(newNotifyPage(programme.Swedish, evil("round-id"), staff.NotifyView{Preview: prev,
		Progress: map[string]int{programme.EmailSent: 1, evil("state"): 2}, NotDelivered: bounced}, Notices{Success: evil("ok")})))
	showsEscaped(t, "notify", body, "round-id", "subject", "text", "bounced-ref", "to", "bounce", "state", "ok")
	for _, want := range []string{"Beviljad, på svenska", "&lt;i&gt;odd&lt;/i&gt;", "<dt>Skickat</dt><dd>1</dd>", "Studsade"} {
		if !strings.Contains(body, want) {
			t.Errorf("notify page: no %s", want)
		}
	}
}
