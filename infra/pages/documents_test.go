package pages

import (
	"archive/zip"
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"partnerskap/infra/browser"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// files writes the test's files: a PDF, a real workbook (excelize), a
// Word file, a Windows program named like a workbook, and a 12 MB file.
func files(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	wb := excelize.NewFile()
	wb.SetCellValue("Sheet1", "A1", "Resor")
	wb.SetCellValue("Sheet1", "B1", 120000)
	xlsx, err := wb.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml":   `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`,
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	out := map[string]string{}
	for name, content := range map[string][]byte{
		"Avsiktsförklaring.pdf": []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"),
		"Budget 2027.xlsx":      xlsx.Bytes(),
		"LFA-matris.docx":       docx.Bytes(),
		"budget.xlsx":           append([]byte("MZ\x90\x00\x03\x00\x00\x00"), bytes.Repeat([]byte{0}, 4096)...),
		"stor budget.xlsx":      bytes.Repeat([]byte("x"), 12<<20),
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		out[name] = path
	}
	return out
}

// uploadWithKeys tabs to an appendix's file input, chooses the file (the
// dialog Space opens), tabs to its upload button and presses Enter: S3
// takes the file and sends the browser back through the check.
func uploadWithKeys(t *testing.T, p *browser.Page, kind, path string) {
	t.Helper()
	p.TabTo("the file input of "+kind, func(f browser.Focus) bool { return f.Tag == "input" && f.ID == "f-documents-"+kind }, 40)
	p.ChooseFiles(path)
	btn := p.TabTo("its upload button", func(f browser.Focus) bool { return f.Tag == "button" && f.Type == "submit" }, 3)
	if btn.Ring == "" {
		t.Errorf("the upload button shows no focus: %+v", btn)
	}
	p.PressAndWait("Enter")
}

// TestApplicationWithAppendicesInABrowser: the whole path of an
// application with its appendices, keyboard only, in real Chromium against
// the real S3 server: a draft, then the documents page (a PDF, a program
// renamed .xlsx refused by the check, a 12 MB file refused by S3's policy,
// a real workbook, a Word file), back to the form, submit; the partner
// sees the documents and confirms from the emailed link; staff see the
// documents and the confirmation. With JavaScript on, then off.
func TestApplicationWithAppendicesInABrowser(t *testing.T) {
	for _, js := range []bool{true, false} {
		name := "javascript-on"
		if !js {
			name = "javascript-off"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			browser.Require(t)
			applyWithAppendices(t, js)
		})
	}
}

func applyWithAppendices(t *testing.T, js bool) {
	began := time.Now()
	s := newSystemAt(t, springDay)
	f := files(t)
	email := stacktest.UniqueName("karin") + "@robertsfors.example.se"
	partner := stacktest.UniqueName("mary") + "@machakos.example.ke"
	stacktest.Prove(t, s.Stack, "2027-1", email)
	var opts []browser.Option
	suffix := ""
	if !js {
		opts, suffix = append(opts, browser.NoScript()), "-nojs"
	}
	p := browser.Open(t, stacktest.LinkTo(t, email), browser.Desktop, opts...)

	// A draft: some of the form, then on to the appendices.
	fill(t, p, []field{
		{"swedishParty.organisation", "select", "Robertsfors", "Robertsfors"},
		{"swedishParty.contactName", "text", "Karin Lindström", ""},
		{"swedishParty.phone", "text", "+46 934 140 00", ""},
		{"partner.organisation", "text", "Machakos County", ""},
		{"partner.country", "select", "Kenya", "KE"},
		{"partner.contactName", "text", "Mary Wanjiru", ""},
		{"partner.email", "text", partner, ""},
	})
	p.TabTo("the appendices button", func(x browser.Focus) bool { return x.Tag == "button" && x.Value == "documents" }, 120)
	p.PressAndWait("Enter")
	if !strings.Contains(p.URL(), "/documents?") || !strings.Contains(p.Text(), "Bilagor till ansökan") {
		t.Fatalf("after 'Spara utkast och hantera bilagor': %d %s\n%.1000s", p.Status, p.URL(), p.Text())
	}
	look(t, p, "documents"+suffix)

	uploadWithKeys(t, p, "letter-of-intent", f["Avsiktsförklaring.pdf"])
	if !strings.Contains(p.Text(), "Avsiktsförklaring.pdf är uppladdad och kontrollerad") {
		t.Fatalf("after the letter: %s\n%.1500s", p.URL(), p.Text())
	}
	uploadWithKeys(t, p, "budget", f["budget.xlsx"])
	if text := p.Text(); !strings.Contains(text, "filen är inte i något av formaten Excel (.xlsx)") {
		t.Fatalf("a program named budget.xlsx: %s\n%.1500s", p.URL(), text)
	}
	look(t, p, "documents-refused"+suffix)
	if js {
		// The page's script stops it before it travels, in the page's words.
		p.TabTo("the budget's file input", func(f browser.Focus) bool { return f.ID == "f-documents-budget" }, 40)
		p.ChooseFiles(f["stor budget.xlsx"])
		p.TabTo("its upload button", func(f browser.Focus) bool { return f.Tag == "button" && f.Type == "submit" }, 3)
		p.Press("Enter")
		if at := p.Focused(); at.ID != "f-documents-budget" || !strings.Contains(p.Text(), "Budget på programmets mall: filen är större än 10 MB.") ||
			!strings.Contains(p.URL(), "/documents?") {
			t.Fatalf("a 12 MB file with the script: focus %s at %s\n%.1500s", at, p.URL(), p.Text())
		}
		look(t, p, "documents-too-large")
	} else {
		// Without it, S3's policy refuses it (content-length-range).
		uploadWithKeys(t, p, "budget", f["stor budget.xlsx"])
		if p.Status != http.StatusBadRequest || !strings.Contains(p.Text(), "EntityTooLarge") {
			t.Fatalf("a 12 MB file: S3 answered %d at %s\n%.500s", p.Status, p.URL(), p.Text())
		}
		p.Go(s.URL + "/documents?" + strings.SplitN(stacktest.LinkTo(t, email), "?", 2)[1])
	}
	uploadWithKeys(t, p, "budget", f["Budget 2027.xlsx"])
	uploadWithKeys(t, p, "planning-tool", f["LFA-matris.docx"])
	if text := p.Text(); !strings.Contains(text, "LFA-matris.docx är uppladdad") || !strings.Contains(text, "Budget 2027.xlsx") {
		t.Fatalf("after the workbook and the Word file:\n%.2000s", text)
	}
	look(t, p, "documents-uploaded"+suffix)

	// Back to the form: the draft and the checklist are there.
	p.TabTo("the way back", func(x browser.Focus) bool { return x.Tag == "a" && strings.Contains(x.Label, "Tillbaka till ansökan") }, 5)
	p.PressAndWait("Enter")
	text := p.Text()
	if !strings.Contains(text, "Budget 2027.xlsx") || !strings.Contains(text, "Avsiktsförklaring.pdf") {
		t.Fatalf("the form after the appendices:\n%.3000s", text)
	}
	p.TabTo("the last field before the project", func(x browser.Focus) bool { return x.Is("thirdParty.phone") }, 30)
	fill(t, p, append([]field{
		{"type", "radio", "", "project"},
		{"theme", "radio", "", "health"},
		{"title", "text", "Mödrahälsovård på landsbygden", ""},
		{"summary", "text", "Robertsfors och Machakos utvecklar mödrahälsovård tillsammans.", ""},
		{"objectives", "text", "Fler besök hos barnmorska.", ""},
		{"durationYears", "select", "3", "3"},
		{"budgetPerYear.1", "text", "500 000", ""},
		{"budgetPerYear.2", "text", "480000", ""},
		{"budgetPerYear.3", "text", "300000", ""},
	}, teamFields()...))
	p.TabTo("the submit button", func(x browser.Focus) bool { return x.Tag == "button" && x.Type == "submit" && x.Value == "" }, 40)
	p.PressAndWait("Enter")
	text = p.Text()
	if p.Status != 200 || !strings.Contains(text, "Tack! Ansökan har kommit in") {
		t.Fatalf("after submit: %d %s\n%.3000s", p.Status, p.URL(), text)
	}
	ref := regexp.MustCompile(`KP-[0-9A-Z]{10}`).FindString(p.URL())

	// The partner: the emailed link, the documents, a confirmation.
	link := stacktest.ConfirmLinkTo(t, partner, ref)
	q := browser.Open(t, link, browser.Desktop, opts...)
	if text := q.Text(); !strings.Contains(text, "Budget 2027.xlsx") || !strings.Contains(text, "LFA-matris.docx") {
		t.Fatalf("the partner's page:\n%.3000s", text)
	}
	look(t, q, "partner-documents"+suffix)
	q.TabTo("confirm", func(x browser.Focus) bool { return x.Is("decision") }, 60)
	if at := q.Focused(); at.Value != "confirm" {
		q.Press("ArrowUp")
	}
	q.Press("Space")
	q.Press("Tab")
	q.Type("Mary Wanjiru")
	q.Press("Tab")
	q.Type("County Director of Health")
	q.TabTo("send", func(x browser.Focus) bool { return x.Tag == "button" && x.Type == "submit" }, 5)
	q.PressAndWait("Enter")
	if !strings.Contains(q.Text(), "Tack, ert svar är registrerat") && !strings.Contains(q.Text(), "Thank you, your answer is recorded") {
		t.Fatalf("the partner's answer:\n%.2000s", q.Text())
	}

	// Staff: the application with its documents and the confirmation.
	st := browser.Open(t, s.URL+"/", browser.Desktop, opts...)
	signIn(t, s, st, "/staff/applications/"+ref, stacktest.StaffUser(s.Stack))
	text = st.Text()
	if !strings.Contains(text, "Budget 2027.xlsx") || !strings.Contains(text, "Avsiktsförklaring.pdf") || !strings.Contains(text, "Mary Wanjiru") {
		t.Fatalf("staff's application page:\n%.3000s", text)
	}
	look(t, st, "staff-documents"+suffix)
	got := st.TabTo("the budget's link", func(x browser.Focus) bool { return x.Tag == "a" && strings.Contains(x.Href, "/documents/budget") }, 80)
	if got.Ring == "" {
		t.Errorf("the document link shows no focus: %+v", got)
	}
	t.Logf("the whole path (%s) took %s", map[bool]string{true: "JavaScript on", false: "JavaScript off"}[js], time.Since(began).Round(time.Millisecond))
	_ = programme.RefFor
}

// teamFields is a project's team, typed with the keyboard: a coordinator
// and two civil servants on each side.
func teamFields() []field {
	var out []field
	for _, party := range []string{"swedishParty", "partner"} {
		for i, m := range []struct{ name, role, label string }{
			{"Karin Lindström", "coordinator", "Samordnare"},
			{"Per Holm", "civil-servant", "Tjänsteperson"},
			{"Eva Berg", "civil-servant", "Tjänsteperson"},
		} {
			row := "team." + party + "." + string(rune('1'+i))
			out = append(out, field{row + ".name", "text", m.name, ""}, field{row + ".role", "select", m.label, m.role})
		}
	}
	return out
}
