package pages

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"partnerskap/infra/browser"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// TestStaffWithdrawInABrowser: a programme officer marks a fake
// application as spam from the round's listing, keyboard only (the row's
// checkbox, named by its reference; the reason; the button), and is back on
// the listing saying so; then a batch with an application whose decision
// email went out meanwhile comes back as a page naming it and why. axe-core
// and reflow on each page.
func TestStaffWithdrawInABrowser(t *testing.T) {
	t.Parallel()
	browser.Require(t)
	s := newSystemAt(t, springDay)
	var refs []string
	for i, country := range []string{"KE", "UG", "RS"} {
		tok := programme.NewToken()
		app := programme.Application{Ref: programme.RefFor(tok), RoundID: "2027-1", Lang: programme.Swedish,
			SwedishParty: programme.Party{Organisation: "Kalix", ContactName: "Anna", Email: stacktest.UniqueName("wd") + "@kalix.example.se", Phone: "+46 923 650 00"},
			Partner:      programme.Party{Organisation: "Stad " + country, Country: country, ContactName: "John", Email: stacktest.UniqueName("wdp") + "@example.org"},
			Type:         programme.Project, Theme: "climate", Title: fmt.Sprintf("Projekt %d", i+1), Summary: "S", Objectives: "O",
			DurationYears: 1, BudgetPerYear: []int64{400000}}
		if _, _, err := s.Env.Store.Submit(t.Context(), app, store.Secrets{TokenHash: programme.Hash(tok)}, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, app.Ref)
	}
	s.clock.Set(springCloses.Add(time.Second))
	if _, err := s.Fire(t.Context(), "RoundsFunction/CloseSpring"); err != nil {
		t.Fatal(err)
	}

	p := browser.Open(t, "about:blank", browser.Desktop)
	signIn(t, s, p, "/staff/rounds/2027-1/applications", stacktest.StaffUser(s.Stack))
	look(t, p, "withdraw-listing")
	// withdraw selects ref's row and the first reason (spam), and sends the form.
	withdraw := func(ref string) {
		t.Helper()
		p.TabTo("the checkbox of "+ref, func(f browser.Focus) bool { return f.Name == "ref" && f.Label == "Välj "+ref }, 60)
		p.Press("Space")
		p.TabTo("the reasons", func(f browser.Focus) bool { return f.Name == "reason" }, 60)
		if f := p.Focused(); !strings.HasPrefix(f.Label, "Skräp (spam)") {
			t.Fatalf("the first reason is %s, want spam", f)
		}
		p.Press("Space")
		p.TabTo("the button", func(f browser.Focus) bool { return f.Tag == "button" && f.Label == "Markera som återkallade" }, 10)
		p.PressAndWait("Enter")
	}
	withdraw(refs[0])
	if text := p.Text(); p.Status != http.StatusOK || !strings.Contains(text, "De valda ansökningarna är markerade som återkallade.") ||
		!strings.Contains(text, "Återkallad") {
		t.Fatalf("after the withdrawal: %d:\n%.1500s", p.Status, text)
	}
	look(t, p, "withdraw-done")

	// Meanwhile a colleague decides the other two and sends the decisions.
	token := s.staffToken(t)
	for _, ref := range refs[1:] {
		if res, body := s.do(t, "POST", "/staff/applications/"+ref+"/decision", "application/json", `{"outcome":"rejected","motivation":"m"}`,
			"Authorization", "Bearer "+token); res.StatusCode != http.StatusOK {
			t.Fatalf("decide %s: %d %s", ref, res.StatusCode, body)
		}
	}
	if res, body := s.do(t, "POST", "/staff/rounds/2027-1/notify", "application/json", "", "Authorization", "Bearer "+token); res.StatusCode != http.StatusOK {
		t.Fatalf("notify: %d %s", res.StatusCode, body)
	}
	withdraw(refs[1])
	if text := p.Text(); p.Status != http.StatusConflict || !strings.Contains(text, "0 av 1 markerades") ||
		!strings.Contains(text, refs[1]+": Beslutsmejlet är köat") {
		t.Fatalf("a batch refused: %d:\n%.1500s", p.Status, text)
	}
	look(t, p, "withdraw-refused")
}
