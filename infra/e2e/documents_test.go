package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/xuri/excelize/v2"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// uploadForm is one appendix's upload form on the documents page: where
// it posts (the bucket) and its signed fields, in order.
type uploadForm struct {
	action string
	fields [][2]string
}

var (
	uploadFormPattern = regexp.MustCompile(`(?s)<form method="post" action="([^"]+)" enctype="multipart/form-data" class="upload"[^>]*>(.*?)</form>`)
	hiddenPattern     = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"`)
	fileInputPattern  = regexp.MustCompile(`<input type="file" id="f-documents-([a-z-]+)"`)
)

// uploadForms reads the documents page's upload forms, by appendix kind.
func uploadForms(t testing.TB, page string) map[string]uploadForm {
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

// post sends a file through an upload form as a browser does: the signed
// fields, then the file, to the bucket (S3's answer, not followed).
func (f uploadForm) post(t testing.TB, name string, content []byte) (*http.Response, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, kv := range f.fields {
		if err := w.WriteField(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(content)
	w.Close()
	req, _ := http.NewRequest("POST", f.action, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := noRedirects().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(body)
}

// upload posts a file and follows S3's redirect back through the check, as
// a browser does: the documents page it ends on.
func (s *system) upload(t testing.TB, f uploadForm, name string, content []byte) string {
	t.Helper()
	res, body := f.post(t, name, content)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, s.URL+"/documents/uploaded/") {
		t.Fatalf("upload of %s: S3 said %d %q\n%s", name, res.StatusCode, loc, body)
	}
	res, body = s.do(t, "GET", strings.TrimPrefix(loc, s.URL), "", "")
	back := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(back, "/documents?") {
		t.Fatalf("the check of %s (%s): %d %q\n%.2000s", name, loc, res.StatusCode, back, body)
	}
	res, page := s.do(t, "GET", back, "", "")
	if res.StatusCode != 200 {
		t.Fatalf("back on the documents page: %d", res.StatusCode)
	}
	return page
}

// Real files: a PDF, an Excel workbook (written by excelize), a Word
// document, and a Windows program named like a workbook.
func pdfFile() []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n" +
		"trailer<</Root 1 0 R>>\n%%EOF\n")
}

func xlsxFile(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Budgetpost")
	f.SetCellValue("Sheet1", "B1", 450000)
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func docxFile(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"word/document.xml":   `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>LFA</w:t></w:r></w:p></w:body></w:document>`,
	} {
		f, _ := w.Create(name)
		f.Write([]byte(body))
	}
	w.Close()
	return b.Bytes()
}

func exeFile() []byte {
	return append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), bytes.Repeat([]byte{0}, 2048)...)
}

// The appendices, end to end through the real S3 server: uploads straight
// from the "browser" to the bucket under a presigned POST, S3 refusing
// what the policy forbids, our check refusing what the bytes show, the
// malware tag, submission refused until the type's required appendices
// are there, then staff and the partner reading them through short-lived
// links, and nothing changing behind a used link.
func TestAppendicesUploadedStraightToTheBucket(t *testing.T) {
	s := newSystem(t)
	ctx := context.Background()
	email := stacktest.UniqueName("docs") + "@robertsfors.example.se"
	proof := stacktest.Prove(t, s.Stack, "2027-1", email)
	pageURL := "/documents?" + url.Values{"round": {"2027-1"}, "proof": {proof}, "lang": {"sv"}}.Encode()
	res, page := s.do(t, "GET", pageURL, "", "")
	if res.StatusCode != 200 {
		t.Fatalf("documents page: %d\n%s", res.StatusCode, page)
	}
	csp := res.Header.Get("Content-Security-Policy")
	forms := uploadForms(t, page)
	for _, kind := range []string{"letter-of-intent", "budget", "planning-tool", "other"} {
		f, ok := forms[kind]
		if !ok {
			t.Fatalf("no upload form for %s:\n%s", kind, page)
		}
		if u, _ := url.Parse(f.action); !strings.Contains(csp, "form-action 'self' "+u.Scheme+"://"+u.Host) {
			t.Fatalf("the page's CSP does not let its forms post to the bucket (%s): %s", f.action, csp)
		}
	}

	// A letter of intent (PDF): stored, checked, recorded, named.
	page = s.upload(t, forms["letter-of-intent"], "Avsiktsförklaring Robertsfors–Machakos.pdf", pdfFile())
	if !strings.Contains(page, "Avsiktsförklaring Robertsfors–Machakos.pdf är uppladdad och kontrollerad") {
		t.Fatalf("after the letter's upload:\n%s", page)
	}

	// Over the size limit: S3 itself refuses it (the policy's range), and
	// nothing arrives to check.
	res, body := forms["budget"].post(t, "stor.xlsx", bytes.Repeat([]byte("x"), 10<<20+1))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "EntityTooLarge") {
		t.Fatalf("a file over 10 MB: S3 said %d\n%.500s", res.StatusCode, body)
	}
	// A program renamed budget.xlsx: S3 takes it (the policy cannot see
	// types), our check reads its first bytes, deletes it and says why.
	res, _ = forms["budget"].post(t, "budget.xlsx", exeFile())
	exeKey := mustQuery(t, res.Header.Get("Location"), "key")
	page = s.upload(t, forms["budget"], "budget.xlsx", exeFile())
	if !strings.Contains(page, "filen är inte i något av formaten Excel (.xlsx)") || !strings.Contains(page, "Filen räknas inte och är borttagen") {
		t.Fatalf("a renamed program:\n%s", page)
	}
	// (The first post's object was never checked: the sweep's; the checked
	// one is gone, version and all.)
	_ = exeKey

	// The malware scan's tag: a file tagged as a threat before its check
	// never counts.
	res, _ = forms["other"].post(t, "bilaga.pdf", pdfFile())
	loc := res.Header.Get("Location")
	key := mustQuery(t, loc, "key")
	if err := s.ScanResult(ctx, key, programme.ScanThreat); err != nil {
		t.Fatal(err)
	}
	res, _ = s.do(t, "GET", strings.TrimPrefix(loc, s.URL), "", "")
	_, page = s.do(t, "GET", res.Header.Get("Location"), "", "")
	if !strings.Contains(page, "virusskanningen hittade skadlig kod") {
		t.Fatalf("a file tagged as a threat:\n%s", page)
	}
	if _, err := s.S3().HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(stack.DocumentsBucketName(s.Env.Store.Table())), Key: &key}); err == nil {
		t.Fatal("the file tagged as a threat is still in the bucket")
	}

	// Submitting a project without the budget and the planning tool: one
	// message each, nothing written.
	form := validForm(email)
	form.Set("proof", proof)
	res, body = s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", form.Encode())
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Budget på programmets mall: fyll i fältet") ||
		!strings.Contains(body, "Planeringsverktyg (LFA-matris): fyll i fältet") || s.applications(t) != 0 {
		t.Fatalf("a submission without its required appendices: %d\n%.3000s", res.StatusCode, body)
	}

	// The budget (a real workbook) and the planning tool (a Word file).
	budget := xlsxFile(t)
	s.upload(t, forms["budget"], "Budget 2027.xlsx", budget)
	page = s.upload(t, forms["planning-tool"], "LFA.docx", docxFile(t))
	if !strings.Contains(page, "LFA.docx") || !strings.Contains(page, "Budget 2027.xlsx") {
		t.Fatalf("after both uploads:\n%s", page)
	}
	// A reload of S3's redirect changes nothing.
	docs, err := s.Env.Store.Documents(ctx, programme.Hash(proof))
	if err != nil || len(docs) != 3 {
		t.Fatalf("documents behind the link: %d %v", len(docs), err)
	}

	res, body = s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", form.Encode())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submission with its appendices: %d\n%s", res.StatusCode, body[strings.Index(body, "<main"):])
	}
	ref := regexp.MustCompile(`/applications/(KP-[0-9A-Z]{10})`).FindStringSubmatch(res.Header.Get("Location"))[1]
	app, _, err := s.Env.Store.Application(ctx, ref)
	if err != nil || len(app.Documents) != 3 || app.Documents[1].Kind != programme.BudgetTemplate || app.Documents[1].Format != programme.XLSX {
		t.Fatalf("the stored application's documents: %+v %v", app.Documents, err)
	}

	// Staff read the budget through a short-lived link: the file as
	// uploaded, with its checked type and its name.
	res, body = s.staff(t, "GET", "/staff/applications/"+ref, "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "Budget 2027.xlsx") || !strings.Contains(body, "/staff/applications/"+ref+"/documents/budget") {
		t.Fatalf("staff's application page: %d\n%.3000s", res.StatusCode, body)
	}
	res, _ = s.staff(t, "GET", "/staff/applications/"+ref+"/documents/budget", "", "")
	link := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(link, "X-Amz-Expires=300") {
		t.Fatalf("staff's read link: %d %q", res.StatusCode, link)
	}
	got, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	content, _ := io.ReadAll(got.Body)
	got.Body.Close()
	if got.StatusCode != 200 || !bytes.Equal(content, budget) || got.Header.Get("Content-Type") != programme.XLSX.ContentType() ||
		!strings.Contains(got.Header.Get("Content-Disposition"), `attachment; filename="Budget 2027.xlsx"`) {
		t.Fatalf("reading the budget: %d %q %q, %d bytes", got.StatusCode, got.Header.Get("Content-Type"), got.Header.Get("Content-Disposition"), len(content))
	}
	// Without a staff identity: no link.
	res, _ = s.do(t, "GET", "/staff/applications/"+ref+"/documents/budget", "", "")
	if res.StatusCode != http.StatusForbidden || res.Header.Get("Location") != "" {
		t.Fatalf("a read link without a staff identity: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = s.staff(t, "GET", "/staff/applications/"+ref+"/documents/passport", "", "")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("an appendix the application has not: %d", res.StatusCode)
	}

	// The partner reads them from its confirmation page; another key reads nothing.
	partnerLink := stacktest.ConfirmLinkTo(t, "mary@machakos.example.ke", ref)
	u, _ := url.Parse(partnerLink)
	res, body = s.do(t, "GET", u.RequestURI(), "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "/applications/"+ref+"/documents/letter-of-intent?key=") {
		t.Fatalf("the partner's page lists no documents: %d\n%.2000s", res.StatusCode, body)
	}
	res, _ = s.do(t, "GET", "/applications/"+ref+"/documents/letter-of-intent?"+u.RawQuery, "", "")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "response-content-disposition=inline") {
		t.Fatalf("the partner's read link: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = s.do(t, "GET", "/applications/"+ref+"/documents/letter-of-intent?key=wrong-key-wrong-key-wrong", "", "")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("a wrong key's read link: %d", res.StatusCode)
	}

	// A file tagged as a threat after its upload: no link to it any more.
	if err := s.ScanResult(ctx, app.Documents[0].Key, programme.ScanThreat); err != nil {
		t.Fatal(err)
	}
	res, _ = s.staff(t, "GET", "/staff/applications/"+ref+"/documents/letter-of-intent", "", "")
	if res.StatusCode != http.StatusGone {
		t.Fatalf("a link to a file tagged as a threat: %d", res.StatusCode)
	}

	// The link has made its application: an upload no longer counts, and
	// nothing can be removed.
	res, _ = s.do(t, "GET", pageURL, "", "")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("the documents page behind a used link: %d", res.StatusCode)
	}
	res, _ = s.do(t, "POST", "/documents/remove", "application/x-www-form-urlencoded",
		url.Values{"round": {"2027-1"}, "proof": {proof}, "kind": {"budget"}, "ui": {"sv"}}.Encode())
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("a removal behind a used link: %d", res.StatusCode)
	}
	after, _ := s.Env.Store.Documents(ctx, programme.Hash(proof))
	if len(after) != 3 {
		t.Fatalf("documents behind the used link: %d", len(after))
	}
}

// Another link's upload key, a made-up key, a link that does not open:
// the check records nothing and touches no file.
func TestUploadCheckTouchesOnlyItsOwnLinksFiles(t *testing.T) {
	s := newSystem(t)
	ctx := context.Background()
	a := stacktest.Prove(t, s.Stack, "2027-1", stacktest.UniqueName("a")+"@kalix.example.se")
	b := stacktest.Prove(t, s.Stack, "2027-1", stacktest.UniqueName("b")+"@kalix.example.se")
	_, page := s.do(t, "GET", "/documents?"+url.Values{"round": {"2027-1"}, "proof": {a}}.Encode(), "", "")
	res, _ := uploadForms(t, page)["letter-of-intent"].post(t, "a.pdf", pdfFile())
	aKey := mustQuery(t, res.Header.Get("Location"), "key")
	for _, c := range []struct {
		name, proof, key string
		status           int
	}{
		{"another link's key", b, aKey, http.StatusSeeOther},
		{"a made-up key", a, "uploads/2027-1/x/letter-of-intent/n/a.pdf", http.StatusSeeOther},
		// S3's redirect reloaded after its file was refused and deleted: a
		// key of the link's own folder with nothing under it.
		{"its own folder, nothing there", a, strings.Replace(aKey, "/a.pdf", "/gone.pdf", 1), http.StatusSeeOther},
		{"a link that does not open", "not-a-real-proof-token-at-all", aKey, http.StatusNotFound},
		{"another round", a, aKey, http.StatusNotFound},
	} {
		round := "2027-1"
		if c.name == "another round" {
			round = "1999-1"
		}
		res, _ := s.do(t, "GET", "/documents/uploaded/"+round+"/sv/"+c.proof+"?"+url.Values{"key": {c.key}}.Encode(), "", "")
		if res.StatusCode != c.status || strings.Contains(res.Header.Get("Location"), "uploaded=") {
			t.Errorf("%s: %d %q", c.name, res.StatusCode, res.Header.Get("Location"))
		}
	}
	for _, p := range []string{a, b} {
		if docs, _ := s.Env.Store.Documents(ctx, programme.Hash(p)); len(docs) != 0 {
			t.Errorf("recorded: %+v", docs)
		}
	}
	if _, err := s.S3().HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(stack.DocumentsBucketName(s.Env.Store.Table())), Key: &aKey}); err != nil {
		t.Errorf("a's file was touched: %v", err)
	}
}

func mustQuery(t testing.TB, raw, name string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil || u.Query().Get(name) == "" {
		t.Fatalf("no %s in %q", name, raw)
	}
	return u.Query().Get(name)
}

// The uploads' sweep (programme.RetainUploads): 30 days after the round's
// deadline, the retention job deletes every version of every file behind
// a link that made no application, and of a file that was replaced; the
// files an application names stay. A second run deletes nothing.
func TestRetentionSweepsUploadsNoApplicationKeeps(t *testing.T) {
	s := newSystem(t)
	ctx := context.Background()
	bucket := aws.String(stack.DocumentsBucketName(s.Env.Store.Table()))
	email := stacktest.UniqueName("kept") + "@kalix.example.se"
	kept := stacktest.Prove(t, s.Stack, "2027-1", email)
	abandoned := stacktest.Prove(t, s.Stack, "2027-1", stacktest.UniqueName("gone")+"@kalix.example.se")
	formsOf := func(proof string) map[string]uploadForm {
		_, page := s.do(t, "GET", "/documents?"+url.Values{"round": {"2027-1"}, "proof": {proof}}.Encode(), "", "")
		return uploadForms(t, page)
	}
	s.upload(t, formsOf(abandoned)["letter-of-intent"], "utkast.pdf", pdfFile())
	s.upload(t, formsOf(kept)["letter-of-intent"], "första.pdf", pdfFile()) // replaced below
	s.upload(t, formsOf(kept)["letter-of-intent"], "avsikt.pdf", pdfFile())
	s.upload(t, formsOf(kept)["budget"], "budget.xlsx", xlsxFile(t))
	s.upload(t, formsOf(kept)["planning-tool"], "lfa.docx", docxFile(t))
	form := validForm(email)
	form.Set("proof", kept)
	if res, body := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", form.Encode()); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%.2000s", res.StatusCode, body)
	}
	versions := func(prefix string) int {
		out, err := s.S3().ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: bucket, Prefix: aws.String(prefix)})
		if err != nil {
			t.Fatal(err)
		}
		return len(out.Versions) + len(out.DeleteMarkers)
	}
	keptPrefix := programme.LinkUploads("2027-1", programme.ProofID(programme.Hash(kept)))
	gonePrefix := programme.LinkUploads("2027-1", programme.ProofID(programme.Hash(abandoned)))
	if versions(gonePrefix) == 0 || versions(keptPrefix) < 3 {
		t.Fatalf("before the sweep: %d abandoned, %d kept versions", versions(gonePrefix), versions(keptPrefix))
	}

	s.clock.Set(springCloses.AddDate(0, 0, 30).Add(-time.Minute))
	if rep := s.fire(t, "RoundsFunction/Retention"); rep["files"] != 0.0 {
		t.Fatalf("a day early the sweep deleted %v", rep["files"])
	}
	s.clock.Set(springCloses.AddDate(0, 0, 30).Add(time.Minute))
	rep := s.fire(t, "RoundsFunction/Retention")
	if rep["files"] == 0.0 || versions(gonePrefix) != 0 {
		t.Fatalf("the sweep: %v deleted, %d versions left behind the abandoned link", rep["files"], versions(gonePrefix))
	}
	app := s.applicationOf(t, kept)
	out, err := s.S3().ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: bucket, Prefix: aws.String(keptPrefix)})
	if err != nil {
		t.Fatal(err)
	}
	left := map[string]bool{}
	for _, v := range out.Versions {
		left[aws.ToString(v.Key)] = true
	}
	if len(out.Versions) != len(app.Documents) || len(out.DeleteMarkers) != 0 {
		t.Fatalf("kept: %d versions, %d markers, the application names %d files", len(out.Versions), len(out.DeleteMarkers), len(app.Documents))
	}
	for _, d := range app.Documents {
		if !left[d.Key] {
			t.Errorf("the application's %s was deleted", d.Kind)
		}
	}
	if rep := s.fire(t, "RoundsFunction/Retention"); rep["files"] != 0.0 {
		t.Fatalf("a second run deleted %v", rep["files"])
	}
}

// applicationOf is the application the link (proof) made.
func (s *system) applicationOf(t *testing.T, proof string) programme.Application {
	t.Helper()
	p, err := s.Env.Store.Proof(context.Background(), programme.Hash(proof))
	if err != nil || p.UsedBy == "" {
		t.Fatalf("the link made no application: %v", err)
	}
	app, _, err := s.Env.Store.Application(context.Background(), p.UsedBy)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// BenchmarkUploadToLocalS3: a 10 MB appendix posted through its signed
// form straight to the local S3 server (SeaweedFS), as a browser does, and
// S3's redirect followed through the check (HEAD, two ranged reads, the
// tags, the record): MB/s, and the documents page's weight.
func BenchmarkUploadToLocalS3(b *testing.B) {
	clock := stacktest.NewClock(springDay)
	st := stacktest.NewWith(b, stack.Options{Now: clock.Now, Unthrottled: true})
	s := &system{Stack: st, clock: clock, client: noRedirects()}
	proof := stacktest.Prove(b, st, "2027-1", stacktest.UniqueName("bench")+"@kalix.example.se")
	// A real workbook padded to 10 MB would not be one; a 10 MB PDF is.
	pdf := append(pdfFile(), bytes.Repeat([]byte("%"), 10<<20-len(pdfFile())-1)...)
	b.SetBytes(int64(len(pdf)))
	var weight int
	for b.Loop() {
		res, page := s.do(b, "GET", "/documents?"+url.Values{"round": {"2027-1"}, "proof": {proof}}.Encode(), "", "")
		if res.StatusCode != http.StatusOK {
			b.Fatalf("documents page: %d\n%.1000s", res.StatusCode, page)
		}
		weight = len(page)
		s.upload(b, uploadForms(b, page)["other"], "bilaga.pdf", pdf)
	}
	_, form := s.do(b, "GET", "/?"+url.Values{"round": {"2027-1"}, "proof": {proof}}.Encode(), "", "")
	b.ReportMetric(float64(weight), "documents-page-bytes")
	b.ReportMetric(float64(len(form)), "form-page-bytes")
}
