package pages

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"partnerskap/infra/browser"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// inReporting is in the seeded grant's first reporting period: its year 1
// (1 July 2027 to 30 June 2028) has ended, its report is due by 29 August
// 2028; year 2 has begun.
var inReporting = time.Date(2028, 7, 15, 10, 0, 0, 0, programme.Stockholm)

// reportFiles writes the report's files: two PDFs, and a Windows program
// named like the audit certificate's PDF.
func reportFiles(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	pdf := []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
	out := map[string]string{}
	for name, content := range map[string][]byte{
		"revisorsintyg.pdf": pdf,
		"godkännande.pdf":   pdf,
		"intyg.pdf":         append([]byte("MZ\x90\x00\x03\x00\x00\x00"), bytes.Repeat([]byte{0}, 4096)...),
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		out[name] = path
	}
	return out
}

// TestGrantYearsInABrowser: a grant after the decision (issue 12), keyboard
// only, in real Chromium against the whole stack and the real S3 server.
// The grantee opens the grant from the decision email's link, follows the
// link to year 1's report, has a program named .pdf refused, uploads the
// audit certificate and the signed approval, writes the narrative and the
// accounts per budget line, submits with a total that is not the lines'
// sum (the error summary, in focus, leads to the total), fixes it and
// submits: the report is locked. Staff sign in, see the overview, open the
// grant, try to return the report without comments (the summary leads to
// the comments), return it with comments; the grantee sees them and
// submits again; staff approve, and the grant's pages and the overview show
// the reimbursement. Then a change request: a later last day for year 2's
// report, first without a reason, then complete; staff approve it with a
// motivation and the grant's page shows the new last day. axe-core at 1280
// and 320 px and reflow at 320 px on every state, each photographed. With
// JavaScript off: the only script these pages load is the documents page's
// (documents.js: a file over the limit stopped before it travels), which
// TestApplicationWithAppendicesInABrowser runs both ways; both ways here
// passed when this test was written, at twice the minutes of every CI run.
func TestGrantYearsInABrowser(t *testing.T) {
	browser.Require(t)
	grantYears(t, false)
}

func grantYears(t *testing.T, js bool) {
	began := time.Now()
	s := newSystemAt(t, inReporting)
	g, key := stacktest.SeedGrant(t, s.Stack, stacktest.Grant{Lines: []programme.BudgetLine{
		{ID: "travel", Name: "Resor", Amounts: []int64{120000, 100000}},
		{ID: "staff-time", Name: "Personal", Amounts: []int64{180000, 200000}},
	}})
	f := reportFiles(t)
	var opts []browser.Option
	suffix := ""
	if !js {
		opts, suffix = append(opts, browser.NoScript()), "-nojs"
	}
	grantURL := s.URL + "/grants/" + g.Ref + "?key=" + key

	// focusIn: the focus is inside the element selector matches.
	k := keyboard{t}
	focusIn, typeInto, press, follow := k.focusIn, k.typeInto, k.press, k.follow
	// summaryLeadsTo: after a refused form the error summary has the focus,
	// its first link goes to the field id, and Enter on it (then Tab, if
	// the fragment only moved the starting point) brings the focus there.
	summaryLeadsTo := func(p *browser.Page, what, id string) {
		t.Helper()
		if !focusIn(p, ".error-summary") {
			t.Errorf("%s: the focus is on %s, not on the error summary", what, p.Focused())
		}
		link := p.TabTo("the error summary's first link", func(x browser.Focus) bool { return x.Tag == "a" && strings.HasPrefix(x.Href, "#") }, 5)
		if link.Href != "#"+id {
			t.Errorf("%s: the summary's first link goes to %s, want #%s", what, link.Href, id)
		}
		var invalid bool
		p.Eval(`document.getElementById(`+strconv.Quote(id)+`)?.getAttribute("aria-invalid") === "true"`, &invalid)
		if !invalid {
			t.Errorf("%s: #%s is not marked aria-invalid", what, id)
		}
		// PressNative: Press's Enter would reach the field too, and submit
		// its form (see PressNative).
		p.PressNative("Enter")
		if at := p.Focused(); at.ID != id {
			if at = p.Tab(); at.ID != id {
				t.Fatalf("%s: Enter on the summary's link, then Tab: focus on %s, want #%s", what, at, id)
			}
		}
	}

	// The grantee: the grant behind the decision email's link.
	p := browser.Open(t, grantURL, browser.Desktop, opts...)
	if text := p.Text(); p.Status != http.StatusOK || !strings.Contains(text, g.Ref) || !strings.Contains(text, "Skriv rapporten för år 1") ||
		!strings.Contains(text, "29 augusti 2028") {
		t.Fatalf("the grant's page: %d %s\n%.2000s", p.Status, p.URL(), text)
	}
	look(t, p, "grant"+suffix)
	follow(p, "Skriv rapporten för år 1", 40)
	reportURL := p.URL()
	if text := p.Text(); p.Status != http.StatusOK || !strings.Contains(reportURL, "/grants/"+g.Ref+"/reports/1?") ||
		!strings.Contains(text, "Rapport för projektår 1") {
		t.Fatalf("year 1's report: %d %s\n%.2000s", p.Status, reportURL, text)
	}
	look(t, p, "grant-report"+suffix)

	// The documents: a program named .pdf refused, then the two PDFs.
	uploadWithKeys(t, p, "audit-certificate", f["intyg.pdf"])
	if text := p.Text(); p.Status != http.StatusOK || !strings.Contains(text, "Filen räknas inte och är borttagen.") ||
		!strings.Contains(text, "Revisorsintyg: filen är inte i något av formaten PDF") {
		t.Fatalf("a program named intyg.pdf: %d %s\n%.2000s", p.Status, p.URL(), text)
	}
	if !focusIn(p, ".error-summary") {
		// The problem summary has autofocus, but the check's redirect ends
		// in #main, and a document opened at a fragment skips autofocus.
		t.Errorf("after the refused upload the focus is on %s, not on the summary that says why (role=alert, autofocus) at %s", p.Focused(), p.URL())
	}
	look(t, p, "grant-report-refused"+suffix)
	uploadWithKeys(t, p, "audit-certificate", f["revisorsintyg.pdf"])
	if text := p.Text(); !strings.Contains(text, "revisorsintyg.pdf är uppladdad och kontrollerad.") {
		t.Fatalf("after the audit certificate: %s\n%.2000s", p.URL(), text)
	}
	uploadWithKeys(t, p, "signed-approval", f["godkännande.pdf"])
	if text := p.Text(); !strings.Contains(text, "godkännande.pdf är uppladdad och kontrollerad.") || !strings.Contains(text, "revisorsintyg.pdf") {
		t.Fatalf("after the signed approval: %s\n%.2000s", p.URL(), text)
	}
	look(t, p, "grant-report-uploaded"+suffix)

	// The narrative and the accounts, the total wrong.
	typeInto(p, "narrative.done", "Two visits, in Kalix and in Masaka.", 40)
	typeInto(p, "narrative.results", "Both towns have a climate plan.", 5)
	typeInto(p, "narrative.deviations", "Travel cost more than planned.", 5)
	typeInto(p, "narrative.summary", "Kalix and Masaka share a climate plan.", 5)
	typeInto(p, "accounts.travel", "130 000", 8)
	typeInto(p, "accounts.staff-time", "170000", 5)
	typeInto(p, "accounts.total", "310 000", 5)
	press(p, "Skicka in rapporten", 5)
	if text := p.Text(); p.Status != http.StatusUnprocessableEntity || !strings.Contains(text, "raderna blir tillsammans 300\u00a0000\u00a0kr") {
		t.Fatalf("a total that is not the lines' sum: %d %s\n%.2000s", p.Status, p.URL(), text)
	}
	var kept struct{ Done, Travel, Total string }
	p.Eval(`({Done: document.getElementById("f-narrative-done").value, Travel: document.getElementById("f-accounts-travel").value,
		Total: document.getElementById("f-accounts-total").value})`, &kept)
	if kept.Done != "Two visits, in Kalix and in Masaka." || kept.Travel != "130 000" || kept.Total != "310 000" {
		t.Errorf("what was typed is not kept: %+v", kept)
	}
	look(t, p, "grant-report-errors"+suffix)
	summaryLeadsTo(p, "the wrong total", "f-accounts-total")
	p.Eval(`document.activeElement.select()`, nil) // as Ctrl+A does
	p.Type("300 000")
	press(p, "Skicka in rapporten", 5)
	if text := p.Text(); p.Status != http.StatusOK || !strings.Contains(text, "Rapporten är inskickad och låst.") ||
		!strings.Contains(text, "Kalix and Masaka share a climate plan.") || !strings.Contains(text, "revisorsintyg.pdf") {
		t.Fatalf("submitted: %d %s\n%.2000s", p.Status, p.URL(), text)
	}
	var controls int
	p.Eval(`document.querySelectorAll("main textarea, main input:not([type=hidden]), main select").length`, &controls)
	if controls != 0 {
		t.Errorf("the submitted report still has %d form controls", controls)
	}
	look(t, p, "grant-report-submitted"+suffix)

	// Staff: the overview, the grant; return without comments, then with.
	st := browser.Open(t, "about:blank", browser.Desktop, opts...)
	signIn(t, s, st, "/staff/grants", stacktest.StaffUser(s.Stack))
	if text := st.Text(); !strings.Contains(text, "Bidrag att följa upp") || !strings.Contains(text, g.Ref) {
		t.Fatalf("the staff's overview:\n%.2000s", text)
	}
	look(t, st, "grant-staff-overview"+suffix)
	follow(st, g.Ref, 40)
	if text := st.Text(); st.Status != http.StatusOK || !strings.Contains(text, "Two visits, in Kalix and in Masaka.") || !strings.Contains(text, "Skicka tillbaka med kommentarerna") {
		t.Fatalf("the staff's grant page: %d %s\n%.3000s", st.Status, st.URL(), text)
	}
	staffGrantURL := st.URL()
	// The report's documents by their names, as the grantee's pages name them.
	if text := st.Text(); !strings.Contains(text, "Revisorsintyg") || !strings.Contains(text, "Undertecknat godkännande av rapporten") ||
		strings.Contains(text, "documents.") {
		var names []string
		st.Eval(`[...document.querySelectorAll("main .checklist li strong")].map(e => e.innerText)`, &names)
		t.Errorf("the staff's grant page names the report's documents %q, want Revisorsintyg and Undertecknat godkännande av rapporten", names)
	}
	look(t, st, "grant-staff-grant"+suffix)
	press(st, "Skicka tillbaka med kommentarerna", 80)
	if text := st.Text(); st.Status != http.StatusUnprocessableEntity || !strings.Contains(text, "Det gick inte att spara. Rätta följande:") {
		t.Fatalf("returned without comments: %d %s\n%.3000s", st.Status, st.URL(), text)
	}
	look(t, st, "grant-staff-return-error"+suffix)
	summaryLeadsTo(st, "a return without comments", "f-comments-1")
	comments := "Bifoga kvittona för resorna."
	st.Type(comments)
	press(st, "Skicka tillbaka med kommentarerna", 5)
	if text := st.Text(); st.Status != http.StatusOK || !strings.Contains(text, "Rapporten är skickad tillbaka till bidragsmottagaren") {
		t.Fatalf("returned with comments: %d %s\n%.3000s", st.Status, st.URL(), text)
	}
	look(t, st, "grant-staff-returned"+suffix)

	// The grantee: the comments, and the report submitted again.
	p.Go(grantURL)
	follow(p, "Öppna rapporten för år 1", 40)
	if text := p.Text(); p.Status != http.StatusOK || !strings.Contains(text, "Handläggaren har skickat tillbaka rapporten med dessa kommentarer") ||
		!strings.Contains(text, comments) || !strings.Contains(text, "Återsänd för komplettering") {
		t.Fatalf("the returned report: %d %s\n%.2000s", p.Status, p.URL(), text)
	}
	look(t, p, "grant-report-returned"+suffix)
	press(p, "Skicka in rapporten", 60)
	if text := p.Text(); p.Status != http.StatusOK || !strings.Contains(text, "Rapporten är inskickad och låst.") {
		t.Fatalf("submitted again: %d %s\n%.2000s", p.Status, p.URL(), text)
	}

	// Staff approve: the reimbursement on the grant and in the overview.
	st.Go(staffGrantURL)
	press(st, "Godkänn och registrera ersättningen", 80)
	if text := st.Text(); st.Status != http.StatusOK || !strings.Contains(text, "Rapporten är godkänd och ersättningen registrerad.") {
		t.Fatalf("approved: %d %s\n%.3000s", st.Status, st.URL(), text)
	}
	var facts map[string]string
	st.Eval(`Object.fromEntries([...document.querySelectorAll("main dl")[0].querySelectorAll("dt")].map(dt => [dt.innerText.trim(), dt.nextElementSibling.innerText.trim()]))`, &facts)
	if facts["Ersatt"] != "300\u00a0000\u00a0kr" || facts["Kvar att ersätta"] != "300\u00a0000\u00a0kr" {
		t.Errorf("the staff's grant page after the approval: %q", facts)
	}
	look(t, st, "grant-staff-approved"+suffix)
	st.Go(s.URL + "/staff/grants")
	var row []string
	st.Eval(`[...document.querySelectorAll("main tbody tr")].filter(r => r.innerText.includes(`+strconv.Quote(g.Ref)+`)).flatMap(r => [...r.children].map(c => c.innerText.trim()))`, &row)
	if len(row) < 10 || row[8] != "300\u00a0000\u00a0kr" || row[9] != "300\u00a0000\u00a0kr" {
		t.Errorf("the overview's row after the approval: %q", row)
	}
	look(t, st, "grant-staff-overview-reimbursed"+suffix)
	p.Go(reportURL)
	if text := p.Text(); !strings.Contains(text, "Rapporten är godkänd. Ersatt för året: 300\u00a0000\u00a0kr.") {
		t.Errorf("the approved report's page:\n%.2000s", text)
	}
	look(t, p, "grant-report-approved"+suffix)

	// A change request: year 2's report a month later, first without a reason.
	p.Go(grantURL)
	var paid string
	p.Eval(`[...document.querySelectorAll("main dt")].find(dt => dt.innerText.trim() === "Ersatt hittills")?.nextElementSibling.innerText.trim() || ""`, &paid)
	if paid != "300\u00a0000\u00a0kr" {
		t.Errorf("the grant's page after the approval says %q reimbursed so far, want 300 000 kr", paid)
	}
	look(t, p, "grant-reimbursed"+suffix)
	at := p.TabTo("what to change", func(x browser.Focus) bool { return x.Name == "kind" }, 60)
	for range 3 {
		if at.Value == string(programme.ChangeExtension) {
			break
		}
		p.Press("ArrowDown")
		at = p.Focused()
	}
	if !at.Checked {
		p.Press("Space")
	}
	fill(t, p, []field{{"year", "select", "År 2", "2"}})
	p.TabTo("the new last day", func(x browser.Focus) bool { return x.Is("deadline") }, 5)
	typeDate(t, p, 2029, 9, 30)
	press(p, "Skicka begäran", 10)
	if text := p.Text(); p.Status != http.StatusUnprocessableEntity || !strings.Contains(text, "Begäran kunde inte skickas. Rätta följande:") ||
		!strings.Contains(text, "Skäl till ändringen: fyll i fältet.") {
		t.Fatalf("a change without a reason: %d %s\n%.2000s", p.Status, p.URL(), text)
	}
	var typed struct{ Kind, Year, Deadline string }
	p.Eval(`({Kind: document.querySelector("input[name=kind]:checked")?.value || "", Year: document.querySelector("select[name=year]").value,
		Deadline: document.querySelector("input[name=deadline]").value})`, &typed)
	if typed.Kind != "extension" || typed.Year != "2" || typed.Deadline != "2029-09-30" {
		t.Errorf("the change form after the refusal does not keep what was chosen: %+v", typed)
	}
	look(t, p, "grant-change-error"+suffix)
	summaryLeadsTo(p, "a change without a reason", "f-reason")
	p.Type("Revisorn är sjuk i augusti.")
	press(p, "Skicka begäran", 5)
	if text := p.Text(); p.Status != http.StatusOK || !strings.Contains(text, "Begäran är skickad.") ||
		!strings.Contains(text, "År 2: ny sista dag för rapporten 30 september 2029") || !strings.Contains(text, "Väntar på beslut") {
		t.Fatalf("the change requested: %d %s\n%.2000s", p.Status, p.URL(), text)
	}
	look(t, p, "grant-change-requested"+suffix)

	// Staff approve it with a motivation; the grant's page has the new day.
	st.Go(staffGrantURL)
	if text := st.Text(); !strings.Contains(text, "Ny sista dag för rapporten för projektår 2: 30 september 2029") {
		t.Fatalf("the change on the staff's grant page:\n%.3000s", text)
	}
	look(t, st, "grant-staff-change"+suffix)
	typeInto(st, "motivation", "Godkänt: revisorn är sjuk.", 80)
	press(st, "Godkänn ändringen", 3)
	if text := st.Text(); st.Status != http.StatusOK || !strings.Contains(text, "Ändringsbegäran är besvarad.") {
		t.Fatalf("the change approved: %d %s\n%.3000s", st.Status, st.URL(), text)
	}
	look(t, st, "grant-staff-change-approved"+suffix)
	p.Go(grantURL)
	var year2 []string
	p.Eval(`[...document.querySelectorAll("main tbody tr")].filter(r => r.querySelector("th")?.innerText.trim() === "2").flatMap(r => [...r.children].map(c => c.innerText.trim()))`, &year2)
	if len(year2) < 4 || !strings.Contains(year2[3], "30 september 2029") {
		t.Errorf("year 2's row after the extension: %q", year2)
	}
	if text := p.Text(); !strings.Contains(text, "Godkänt: revisorn är sjuk.") || !strings.Contains(text, "Godkänd") {
		t.Errorf("the approved change on the grant's page:\n%.3000s", text)
	}
	look(t, p, "grant-changed"+suffix)
	t.Logf("the grant's path (%s) took %s", map[bool]string{true: "JavaScript on", false: "JavaScript off"}[js], time.Since(began).Round(time.Millisecond))
}

// typeDate types a date into the date field that has the focus, its first
// part, in the order of the field's parts. Chromium lays a date field out in
// its own language (its UI locale, not the page's nor the emulated one):
// year-month-day in Swedish, month/day/year or day/month/year elsewhere.
// As a person reads the order off the field, the test tries each order,
// year first, emptying the field and coming back to its first part (Shift+
// Tab out of it, Tab in) after an order that gave another date.
func typeDate(t *testing.T, p *browser.Page, y, m, d int) {
	t.Helper()
	want := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	var tried []string
	for i, typed := range []string{want, fmt.Sprintf("%02d%02d%04d", m, d, y), fmt.Sprintf("%02d%02d%04d", d, m, y)} {
		if i > 0 {
			p.Eval(`document.activeElement.value = ""`, nil)
			for range 4 {
				if f := p.Focused(); f.Type != "date" {
					break
				}
				p.Press("Shift+Tab")
			}
			if f := p.Tab(); f.Type != "date" {
				t.Fatalf("back to the date field: focus on %s", f)
			}
		}
		p.Type(typed)
		got := p.Focused().Value
		if got == want {
			if i > 0 {
				t.Logf("the date field's parts are in another order than the page's language's: %s took %q", want, typed)
			}
			return
		}
		tried = append(tried, fmt.Sprintf("%q gave %q", typed, got))
	}
	t.Fatalf("the date field takes %s in no order: %s", want, strings.Join(tried, "; "))
}
