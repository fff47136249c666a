package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/grants"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// The grantee's pages through the local API (template.yaml's routes, each
// AWS call checked against GrantsFunction's policy) on DynamoDB Local and
// the S3 server, with a grant seeded as the decision emails' queueing makes
// one. The clock is in the grant's first year: its report can be written,
// the second year's not yet.

func TestMain(m *testing.M) { stacktest.Main(m) }

// inYear1 is three months into the seeded grant's first project year
// (1 July 2027 to 30 June 2028; the report due by 29 August 2028).
var inYear1 = time.Date(2027, 10, 1, 10, 0, 0, 0, programme.Stockholm)

// grantee is the system with one grant of two budget lines over two years.
type grantee struct {
	st     *stack.Stack
	client *http.Client
	g      programme.Grant
	key    string
	// staff is the staff side's service, on the tool's table, for the
	// answers the grantee's pages show.
	staff *grants.Service
}

func newGrantee(t *testing.T) *grantee {
	t.Helper()
	clock := stacktest.NewClock(inYear1)
	st := stacktest.New(t, clock.Now)
	g, key := stacktest.SeedGrant(t, st, stacktest.Grant{Lines: []programme.BudgetLine{
		{ID: "travel", Name: "Resor", Amounts: []int64{120000, 100000}},
		{ID: "staff-time", Name: "Personal", Amounts: []int64{180000, 200000}},
	}})
	return &grantee{st: st, g: g, key: key, client: &http.Client{Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		staff: &grants.Service{Store: st.Env.Store, Now: clock.Now, Log: slog.New(slog.DiscardHandler)}}
}

// do sends a request to the local API (path: ours, or an absolute URL);
// header is name, value pairs.
func (s *grantee) do(t *testing.T, method, path string, body io.Reader, header ...string) (*http.Response, string) {
	t.Helper()
	u := path
	if strings.HasPrefix(path, "/") {
		u = s.st.URL + path
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

func (s *grantee) get(t *testing.T, path string, header ...string) (*http.Response, string) {
	t.Helper()
	return s.do(t, "GET", path, nil, header...)
}

func (s *grantee) post(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	return s.do(t, "POST", path, strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
}

func (s *grantee) grantPath() string { return "/grants/" + s.g.Ref + "?key=" + s.key }

func (s *grantee) reportPath(y int) string {
	return "/grants/" + s.g.Ref + "/reports/" + strconv.Itoa(y)
}

// file is the grant, its reports and change requests, read back.
func (s *grantee) file(t *testing.T) store.GrantFile {
	t.Helper()
	f, err := s.st.Env.Store.GrantFile(context.Background(), s.g.Ref)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// report is the form to save year 1's report with fields set (key, ui and
// action filled in).
func (s *grantee) report(action string, fields ...string) url.Values {
	f := url.Values{"key": {s.key}, "ui": {"sv"}, "action": {action}}
	for i := 0; i+1 < len(fields); i += 2 {
		f.Set(fields[i], fields[i+1])
	}
	return f
}

var (
	controlPattern = regexp.MustCompile(`<(input|select|textarea)\b([^>]*)>`)
	idPattern      = regexp.MustCompile(`\bid="([^"]+)"`)
	summaryPattern = regexp.MustCompile(`(?s)<div class="error-summary" role="alert"[^>]*>(.*?)</div>`)
	hrefPattern    = regexp.MustCompile(`href="#([^"]+)"`)
)

// accessible checks what a page's markup can show of its accessibility:
// its language, unique ids, every control labelled (a label for it, or a
// radio inside its label), and an error summary's links each leading to
// a control on the page. The page is saved to $PAGES_OUT (if set), to
// read or open in a browser.
func accessible(t *testing.T, name, page string) {
	t.Helper()
	if dir := os.Getenv("PAGES_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "grantee-"+strings.ReplaceAll(name, " ", "-")+".html"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(page, `<html lang="sv">`) && !strings.Contains(page, `<html lang="en">`) {
		t.Errorf("%s: no page language", name)
	}
	seen := map[string]bool{}
	for _, m := range idPattern.FindAllStringSubmatch(page, -1) {
		if seen[m[1]] {
			t.Errorf("%s: id %q twice", name, m[1])
		}
		seen[m[1]] = true
	}
	for _, m := range controlPattern.FindAllStringSubmatchIndex(page, -1) {
		attrs := page[m[4]:m[5]]
		if strings.Contains(attrs, `type="hidden"`) {
			continue
		}
		id := idPattern.FindStringSubmatch(attrs)
		switch {
		case id == nil:
			t.Errorf("%s: a control without an id: %s", name, page[m[0]:m[1]])
		case strings.HasSuffix(page[:m[0]], `<label class="choice">`):
		case !strings.Contains(page, `<label for="`+id[1]+`"`):
			t.Errorf("%s: %s has no label", name, id[1])
		}
	}
	for _, s := range summaryPattern.FindAllStringSubmatch(page, -1) {
		for _, h := range hrefPattern.FindAllStringSubmatch(s[1], -1) {
			if !seen[h[1]] {
				t.Errorf("%s: the error summary links to #%s, which is not on the page", name, h[1])
			}
		}
	}
}

// A wrong key, a wrong reference: a 404 that says nothing of the grant,
// on every route; nothing is written.
func TestGranteeWrongKeyIsNotFound(t *testing.T) {
	s := newGrantee(t)
	other := programme.NewToken()
	for _, path := range []string{
		"/grants/" + s.g.Ref + "?key=" + other,
		"/grants/" + s.g.Ref + "?key=",
		"/grants/KP-NOSUCHGRANT?key=" + s.key,
		s.reportPath(1) + "?key=" + other,
		s.reportPath(1) + "/accounts.xlsx?key=" + other,
		s.reportPath(1) + "/documents/audit-certificate?key=" + other,
	} {
		res, body := s.get(t, path)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(body, "Vi hittar inget beviljat projekt") ||
			strings.Contains(body, s.g.Title) || strings.Contains(body, "Kalix") {
			t.Errorf("GET %s: %d\n%.1500s", path, res.StatusCode, body)
		}
	}
	res, body := s.post(t, s.reportPath(1), url.Values{"key": {other}, "action": {"save"}, "narrative.done": {"x"}})
	if res.StatusCode != http.StatusNotFound || strings.Contains(body, s.g.Title) {
		t.Errorf("POST with another key: %d\n%.1500s", res.StatusCode, body)
	}
	if f := s.file(t); len(f.Reports) != 0 {
		t.Errorf("written with a wrong key: %+v", f.Reports)
	}
}

// The grant's page: the project, its money, each year with its period,
// amount, report deadline and state; the started year's report is a link,
// the next year's is not yet.
func TestGranteeGrantPageListsTheYearsAndDeadlines(t *testing.T) {
	s := newGrantee(t)
	res, page := s.get(t, s.grantPath())
	if res.StatusCode != 200 {
		t.Fatalf("%d\n%s", res.StatusCode, page)
	}
	accessible(t, "grant page", page)
	want := []string{`<html lang="sv">`, s.g.Ref, html.EscapeString(s.g.Title), "Kalix kommun", "Masaka District",
		"600\u00a0000\u00a0kr",                          // granted
		"1 juli 2027 – 30 juni 2028", "29 augusti 2028", // year 1's period and last day
		"1 juli 2028 – 30 juni 2029", "29 augusti 2029",
		"Nästa rapport: projektår 1, senast 29 augusti 2028.",
		`href="/grants/` + s.g.Ref + `/reports/1?key=` + s.key + `&amp;lang=sv"`, "Skriv rapporten för år 1",
		"Året börjar 1 juli 2028.", "Inga ändringar är begärda.", "Begär en ändring"}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("the grant's page lacks %q", w)
		}
	}
	if strings.Contains(page, "/reports/2?") {
		t.Error("a link to the report of a year not started")
	}
	// Another language on request; the switch keeps the key.
	_, page = s.get(t, s.grantPath()+"&lang=en")
	for _, w := range []string{`<html lang="en">`, "Your grant", "29 August 2028", "Write the report for year 1", "SEK 600,000",
		`href="/grants/` + s.g.Ref + `?key=` + s.key + `&amp;lang=sv"`} {
		if !strings.Contains(page, w) {
			t.Errorf("the English page lacks %q", w)
		}
	}
	// The year not started: a message, no form.
	res, page = s.get(t, s.reportPath(2)+"?key="+s.key)
	if res.StatusCode != 200 || !strings.Contains(page, "Projektåret har inte börjat än") || strings.Contains(page, `name="narrative.done"`) {
		t.Errorf("year 2's report: %d\n%.3000s", res.StatusCode, page)
	}
	if res, _ := s.get(t, s.reportPath(3)+"?key="+s.key); res.StatusCode != http.StatusNotFound {
		t.Errorf("year 3 of a two-year grant: %d", res.StatusCode)
	}
}

// An amount that is not a number, or is negative: the form again (422)
// with what was typed and each problem on its field, and nothing written.
func TestGranteeReportRefusesNonNumbersAndNegativeAmounts(t *testing.T) {
	s := newGrantee(t)
	res, page := s.get(t, s.reportPath(1)+"?key="+s.key)
	if res.StatusCode != 200 {
		t.Fatalf("%d\n%s", res.StatusCode, page)
	}
	accessible(t, "report page", page)
	for _, w := range []string{`name="narrative.done"`, `name="accounts.travel"`, `name="accounts.staff-time"`, `name="accounts.total"`,
		"Budget för året: 120\u00a0000\u00a0kr", `value="submit"`, `value="save"`, "/accounts.xlsx?key=", `enctype="multipart/form-data"`} {
		if !strings.Contains(page, w) {
			t.Errorf("the report's page lacks %q", w)
		}
	}
	if i, j := strings.Index(page, `value="submit"`), strings.Index(page, `value="save"`); i > j {
		t.Error("save comes before submit: Enter in a field would only save")
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' "+s.st.S3Endpoint) {
		t.Errorf("the upload forms' origin is not in form-action: %s", csp)
	}

	for _, c := range []struct {
		name, action, field, value, says string
	}{
		{"not a number", "save", "accounts.travel", "tolv tusen", "Resor: ange beloppet i hela kronor, med siffror"},
		{"negative", "save", "accounts.staff-time", "-5 000", "Personal: ange ett belopp i hela kronor, noll eller mer."},
		{"a total that is not a number", "save", "accounts.total", "12.5", "Redovisade kostnader totalt (kr): ange beloppet i hela kronor"},
		// Submitted, it is not saved either: the page does not say it is.
		{"negative, submitted", "submit", "accounts.staff-time", "-1", "Personal: ange ett belopp i hela kronor, noll eller mer."},
	} {
		form := s.report(c.action, "narrative.done", "We met twice.", "accounts.travel", "12 000", c.field, c.value)
		res, page := s.post(t, s.reportPath(1), form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d\n%s", c.name, res.StatusCode, page)
		}
		accessible(t, c.name, page)
		summary := summaryPattern.FindString(page)
		id := "f-" + strings.ReplaceAll(c.field, ".", "-")
		if !strings.Contains(summary, "Rapporten är inte sparad") || !strings.Contains(summary, `href="#`+id+`"`) ||
			!strings.Contains(html.UnescapeString(summary), c.says) {
			t.Errorf("%s: summary %s", c.name, summary)
		}
		if !strings.Contains(page, `value="`+c.value+`"`) || !strings.Contains(page, "We met twice.") || !strings.Contains(page, `aria-invalid="true"`) {
			t.Errorf("%s: what was typed is not shown again, or not marked", c.name)
		}
		if f := s.file(t); len(f.Reports) != 0 || f.Grant.Years[0].Report != "" {
			t.Fatalf("%s: written: %+v, year 1 %q", c.name, f.Reports, f.Grant.Years[0].Report)
		}
	}
}

// A submission that lacks what a submitted report must have saves the
// draft and lists what is missing; the page says both.
func TestGranteeIncompleteSubmissionSavesTheDraft(t *testing.T) {
	s := newGrantee(t)
	form := s.report("submit", "narrative.done", "We met twice, in Kalix and in Masaka.", "accounts.travel", "100 000")
	res, page := s.post(t, s.reportPath(1), form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("%d\n%s", res.StatusCode, page)
	}
	accessible(t, "incomplete submission", page)
	summary := html.UnescapeString(summaryPattern.FindString(page))
	for _, w := range []string{"sparad som utkast men inte inskickad", "href=\"#f-narrative-results\"", "href=\"#f-accounts-staff-time\"",
		"href=\"#f-accounts-total\"", "href=\"#f-documents-audit-certificate\"", "href=\"#f-documents-signed-approval\"",
		"Revisorsintyg: ladda upp filen."} {
		if !strings.Contains(summary, w) {
			t.Errorf("the summary lacks %q:\n%s", w, summary)
		}
	}
	if strings.Contains(summary, "#f-narrative-done") || strings.Contains(summary, "#f-accounts-travel") {
		t.Errorf("what was given is listed as missing:\n%s", summary)
	}
	f := s.file(t)
	if len(f.Reports) != 1 {
		t.Fatalf("reports %+v", f.Reports)
	}
	r := f.Reports[0]
	if r.State != programme.ReportDraft || r.Narrative.Done != "We met twice, in Kalix and in Masaka." ||
		!slices.Equal(r.Accounts, []programme.Account{{Line: "travel", Amount: 100000}}) || f.Grant.Years[0].Report != programme.ReportDraft {
		t.Fatalf("the draft as stored: %+v; year 1 %q", r, f.Grant.Years[0].Report)
	}
	// The page of the saved draft: what was saved, and its deviations.
	_, page = s.get(t, s.reportPath(1)+"?key="+s.key)
	for _, w := range []string{"We met twice, in Kalix and in Masaka.", `value="100000"`, "Avvikelser mot budgeten", "-20\u00a0000\u00a0kr", "-16,7"} {
		if !strings.Contains(page, w) {
			t.Errorf("the draft's page lacks %q", w)
		}
	}
}

// uploadForm is one document's upload form on the report's page.
type uploadForm struct {
	action string
	fields [][2]string
}

var (
	uploadFormPattern = regexp.MustCompile(`(?s)<form method="post" action="([^"]+)" enctype="multipart/form-data" class="upload"[^>]*>(.*?)</form>`)
	hiddenPattern     = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"`)
	fileInputPattern  = regexp.MustCompile(`<input type="file" id="f-documents-([a-z-]+)"`)
)

func uploadForms(t *testing.T, page string) map[string]uploadForm {
	t.Helper()
	out := map[string]uploadForm{}
	for _, m := range uploadFormPattern.FindAllStringSubmatch(page, -1) {
		kind := fileInputPattern.FindStringSubmatch(m[2])
		if kind == nil {
			t.Fatalf("an upload form without its file input:\n%s", m[0])
		}
		f := uploadForm{action: html.UnescapeString(m[1])}
		for _, h := range hiddenPattern.FindAllStringSubmatch(m[2], -1) {
			f.fields = append(f.fields, [2]string{html.UnescapeString(h[1]), html.UnescapeString(h[2])})
		}
		out[kind[1]] = f
	}
	return out
}

// upload posts a file through the report page's form for kind as a
// browser does, follows S3's redirect through the check and returns the
// check's answer (a 303 back to the report's page) and the cookies it set.
func (s *grantee) upload(t *testing.T, kind, name string, content []byte) (*http.Response, string) {
	t.Helper()
	_, page := s.get(t, s.reportPath(1)+"?key="+s.key)
	f, ok := uploadForms(t, page)[kind]
	if !ok {
		t.Fatalf("no upload form for %s", kind)
	}
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, kv := range f.fields {
		w.WriteField(kv[0], kv[1])
	}
	part, _ := w.CreateFormFile("file", name)
	part.Write(content)
	w.Close()
	res, body := s.do(t, "POST", f.action, &b, "Content-Type", w.FormDataContentType())
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, s.st.URL+"/grants/"+s.g.Ref+"/uploaded/1/sv/") {
		t.Fatalf("upload of %s: S3 said %d %q\n%s", name, res.StatusCode, loc, body)
	}
	res, body = s.get(t, strings.TrimPrefix(loc, s.st.URL))
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), s.reportPath(1)+"?") {
		t.Fatalf("the check of %s: %d %q\n%s", name, res.StatusCode, res.Header.Get("Location"), body)
	}
	return res, body
}

// back follows the check's redirect to the report's page, with the cookie
// it set (a browser sends a Secure cookie to localhost; Go's jar would not).
func (s *grantee) back(t *testing.T, res *http.Response) string {
	t.Helper()
	var header []string
	for _, c := range res.Cookies() {
		header = append(header, "Cookie", c.Name+"="+c.Value)
	}
	r, page := s.get(t, res.Header.Get("Location"), header...)
	if r.StatusCode != 200 {
		t.Fatalf("back on the report's page: %d\n%s", r.StatusCode, page)
	}
	return page
}

func pdf() []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

// A complete report: documents uploaded (a file of the wrong type refused
// on the way), the accounts read from the programme's workbook, submitted,
// then locked: the page is read-only and a later save is refused.
func TestGranteeCompleteReportIsSubmittedAndLocked(t *testing.T) {
	s := newGrantee(t)
	// A workbook named as a PDF is refused, deleted, and its problem shown once.
	res, _ := s.upload(t, "audit-certificate", "intyg.pdf", []byte("PK\x03\x04 not a pdf at all"))
	page := s.back(t, res)
	accessible(t, "refused upload", page)
	if !strings.Contains(page, "Filen räknas inte och är borttagen.") || !strings.Contains(page, `href="#f-documents-audit-certificate"`) ||
		!strings.Contains(html.UnescapeString(page), "Revisorsintyg: filen är inte i något av formaten PDF") {
		t.Errorf("the refusal is not shown:\n%s", page)
	}
	if r := s.file(t).Reports; len(r) != 0 && len(r[0].Documents) != 0 {
		t.Errorf("a refused file recorded: %+v", r[0].Documents)
	}
	for kind, name := range map[string]string{"audit-certificate": "revisorsintyg.pdf", "signed-approval": "godkännande.pdf"} {
		res, _ := s.upload(t, kind, name, pdf())
		if page := s.back(t, res); !strings.Contains(page, name+" är uppladdad och kontrollerad.") {
			t.Errorf("%s: no word of it on the page", name)
		}
	}
	// A document removed, and uploaded again.
	res, page = s.post(t, s.reportPath(1)+"/remove", url.Values{"key": {s.key}, "ui": {"sv"}, "kind": {"signed-approval"}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "ok=removed") {
		t.Fatalf("remove: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), page)
	}
	if _, page = s.get(t, res.Header.Get("Location")); !strings.Contains(page, "Filen är borttagen.") || strings.Contains(page, "godkännande.pdf") {
		t.Error("the removed document is still on the page")
	}
	res, _ = s.upload(t, "signed-approval", "godkännande.pdf", pdf())
	s.back(t, res)
	// The programme's workbook, filled in, fills in the accounts.
	res, xlsx := s.get(t, s.reportPath(1)+"/accounts.xlsx?key="+s.key)
	if res.StatusCode != 200 {
		t.Fatalf("the template: %d", res.StatusCode)
	}
	wb, err := excelize.OpenReader(strings.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	sheet := wb.GetSheetList()[0]
	rows, _ := wb.GetRows(sheet)
	for i, row := range rows {
		if len(row) > 0 && (row[0] == "travel" || row[0] == "staff-time") {
			cell, _ := excelize.CoordinatesToCellName(4, i+1)
			wb.SetCellValue(sheet, cell, map[string]int{"travel": 130000, "staff-time": 170000}[row[0]])
		}
	}
	filled, err := wb.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	res, _ = s.upload(t, "accounts", "redovisning.xlsx", filled.Bytes())
	page = s.back(t, res)
	if !strings.Contains(page, "Arbetsboken är uppladdad och inläst: 2 rader") || !strings.Contains(page, `value="130000"`) {
		t.Errorf("the workbook's lines are not in the form:\n%s", page)
	}
	form := s.report("submit", "narrative.done", "Two visits.", "narrative.results", "Kalix: a plan. Masaka: a plan.",
		"narrative.deviations", "Travel cost more.", "narrative.summary", "Both towns have a climate plan.",
		"accounts.travel", "130000", "accounts.staff-time", "170 000", "accounts.total", "300\u00a0000")
	res, page = s.post(t, s.reportPath(1), form)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "ok=submitted") {
		t.Fatalf("submit: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), page)
	}
	f := s.file(t)
	r := f.Reports[0]
	if r.State != programme.ReportSubmitted || r.Total != 300000 || len(r.Documents) != 3 || f.Grant.Years[0].Report != programme.ReportSubmitted {
		t.Fatalf("as stored: %+v; year 1 %q", r, f.Grant.Years[0].Report)
	}
	_, page = s.get(t, res.Header.Get("Location"))
	accessible(t, "submitted report", page)
	for _, w := range []string{"Rapporten är inskickad och låst.", "Inskickad", "Both towns have a climate plan.", "+10\u00a0000\u00a0kr",
		"revisorsintyg.pdf", s.reportPath(1) + "/documents/audit-certificate?key="} {
		if !strings.Contains(page, w) {
			t.Errorf("the submitted report's page lacks %q", w)
		}
	}
	if strings.Contains(page, `<textarea`) || strings.Contains(page, `enctype="multipart/form-data"`) || strings.Contains(page, `value="submit"`) {
		t.Error("the submitted report's page still has a form")
	}
	// Its documents open through a read link; a change is refused.
	if res, _ := s.get(t, s.reportPath(1)+"/documents/audit-certificate?key="+s.key); res.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(res.Header.Get("Location"), s.st.S3Endpoint) {
		t.Errorf("read link: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, page = s.post(t, s.reportPath(1), s.report("save", "narrative.done", "Changed."))
	if res.StatusCode != http.StatusConflict || !strings.Contains(page, "Rapporten är inskickad och kan inte längre ändras.") {
		t.Errorf("a save after submitting: %d\n%.2000s", res.StatusCode, page)
	}
	if r := s.file(t).Reports[0]; r.Narrative.Done != "Two visits." || r.State != programme.ReportSubmitted {
		t.Errorf("changed after submitting: %+v", r)
	}
	// The grant's page: year 1's report in, year 2's next.
	_, page = s.get(t, s.grantPath())
	if !strings.Contains(page, "Öppna rapporten för år 1") || !strings.Contains(page, "Nästa rapport: projektår 2, senast 29 augusti 2029.") {
		t.Errorf("the grant's page after the submission:\n%s", page)
	}

	// Returned with staff's comments: open again, the comments on top.
	ctx := context.Background()
	if _, _, err := s.staff.ReviewReport(ctx, s.g.Ref, grants.Review{Year: 1, Comments: "Bifoga kvittona för resorna."}, "eva"); err != nil {
		t.Fatal(err)
	}
	_, page = s.get(t, s.reportPath(1)+"?key="+s.key)
	accessible(t, "returned report", page)
	if !strings.Contains(page, "Återsänd för komplettering") || !strings.Contains(page, "Bifoga kvittona för resorna.") ||
		!strings.Contains(page, `value="submit"`) || !strings.Contains(page, ">Two visits.</textarea>") {
		t.Errorf("the returned report's page:\n%s", page)
	}
	if res, page = s.post(t, s.reportPath(1), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resubmit: %d\n%s", res.StatusCode, page)
	}
	// Approved: reimbursed, read-only, and the grant's page says so.
	if _, _, err := s.staff.ReviewReport(ctx, s.g.Ref, grants.Review{Year: 1, Approve: true}, "eva"); err != nil {
		t.Fatal(err)
	}
	_, page = s.get(t, s.reportPath(1)+"?key="+s.key)
	if !strings.Contains(page, "Rapporten är godkänd. Ersatt för året: 300\u00a0000\u00a0kr.") || strings.Contains(page, "<textarea") {
		t.Errorf("the approved report's page:\n%s", page)
	}
	_, page = s.get(t, s.grantPath())
	if !strings.Contains(page, "<dt>Ersatt hittills</dt><dd>300\u00a0000\u00a0kr</dd>") {
		t.Errorf("the grant's page after the approval:\n%s", page)
	}
}

// Change requests: the form's problems on their fields (422, what was
// typed kept, nothing written); a good one is listed, pending.
func TestGranteeChangeRequests(t *testing.T) {
	s := newGrantee(t)
	path := "/grants/" + s.g.Ref + "/changes"
	for _, c := range []struct {
		name string
		form url.Values
		says map[string]string // field id: message
	}{
		{"nothing chosen", url.Values{}, map[string]string{"f-kind": "Vad ska ändras: välj", "f-reason": "Skäl till ändringen: fyll i fältet."}},
		{"not a date", url.Values{"kind": {"extension"}, "year": {"1"}, "deadline": {"30/9/2028"}, "reason": {"Sent."}},
			map[string]string{"f-deadline": "Ny sista dag för rapporten: ange ett datum som ÅÅÅÅ-MM-DD"}},
		{"not later", url.Values{"kind": {"extension"}, "year": {"1"}, "deadline": {"2028-08-01"}, "reason": {"Sent."}},
			map[string]string{"f-deadline": "den nya sista dagen ska vara senare än den nuvarande, 29 augusti 2028."}},
		{"over the line", url.Values{"kind": {"move"}, "year": {"1"}, "from": {"travel"}, "to": {"staff-time"}, "amount": {"130 000"}, "reason": {"Fler möten."}},
			map[string]string{"f-amount": "Belopp att flytta (kr): högst 120\u00a0000\u00a0kr"}},
	} {
		c.form.Set("key", s.key)
		c.form.Set("ui", "sv")
		res, page := s.post(t, path, c.form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d\n%s", c.name, res.StatusCode, page)
		}
		accessible(t, c.name, page)
		summary := html.UnescapeString(summaryPattern.FindString(page))
		for id, says := range c.says {
			if !strings.Contains(summary, `href="#`+id+`"`) || !strings.Contains(summary, says) {
				t.Errorf("%s: the summary lacks %s on %s:\n%s", c.name, says, id, summary)
			}
		}
		for _, v := range c.form["reason"] {
			if !strings.Contains(page, ">"+v+"</textarea>") {
				t.Errorf("%s: the reason typed is not kept", c.name)
			}
		}
		if ch := s.file(t).Changes; len(ch) != 0 {
			t.Fatalf("%s: written: %+v", c.name, ch)
		}
	}
	res, page := s.post(t, path, url.Values{"key": {s.key}, "ui": {"sv"}, "kind": {"extension"}, "year": {"1"}, "deadline": {"2028-09-30"},
		"reason": {"Revisorn är sjuk."}, "from": {"travel"}, "amount": {"not read for an extension"}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "ok=change_requested") {
		t.Fatalf("a good request: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), page)
	}
	ch := s.file(t).Changes
	if len(ch) != 1 || ch[0].Kind != programme.ChangeExtension || ch[0].State != programme.ChangePending || ch[0].Year != 1 ||
		programme.FormatDate(programme.GrantYear{Deadline: ch[0].Deadline}.LastDay(), programme.Swedish) != "30 september 2028" {
		t.Fatalf("stored: %+v", ch)
	}
	_, page = s.get(t, res.Header.Get("Location"))
	for _, w := range []string{"Begäran är skickad.", "Senare sista dag för en årsrapport", "År 1: ny sista dag för rapporten 30 september 2028",
		"Väntar på beslut", "Revisorn är sjuk."} {
		if !strings.Contains(page, w) {
			t.Errorf("the grant's page lacks %q", w)
		}
	}
	// Staff refuse it: the page shows their motivation.
	if _, err := s.staff.DecideChange(context.Background(), s.g.Ref, ch[0].ID, false, "Revisorn kan ersättas.", "eva"); err != nil {
		t.Fatal(err)
	}
	_, page = s.get(t, s.grantPath())
	if !strings.Contains(page, "Avslagen") || !strings.Contains(page, "Handläggarens motivering") || !strings.Contains(page, "Revisorn kan ersättas.") {
		t.Errorf("the refused change on the grant's page:\n%s", page)
	}
}

// The accounts template: an Excel workbook to download, its lines the
// approved budget's, each line's id in column A (what an upload is read by).
func TestGranteeAccountsTemplate(t *testing.T) {
	s := newGrantee(t)
	res, body := s.get(t, s.reportPath(1)+"/accounts.xlsx?key="+s.key)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("%d %v", res.StatusCode, res.Header)
	}
	wb, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	cols, err := wb.GetCols(wb.GetSheetList()[0])
	if err != nil || len(cols) == 0 {
		t.Fatal(err)
	}
	if !slices.Contains(cols[0], "travel") || !slices.Contains(cols[0], "staff-time") {
		t.Errorf("column A: %q", cols[0])
	}
	if res, _ := s.get(t, s.reportPath(5)+"/accounts.xlsx?key="+s.key); res.StatusCode != http.StatusNotFound {
		t.Errorf("a year the grant has not: %d", res.StatusCode)
	}
}
