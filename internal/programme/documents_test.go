package programme

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

// officeFile is a zip package with the given part names, as Excel and Word
// write them ([Content_Types].xml first), padded so that its central
// directory lies far from its start.
func officeFile(t *testing.T, pad int, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for i, n := range names {
		f, err := w.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		body := []byte("<x/>")
		if i == 0 {
			body = bytes.Repeat([]byte("a"), pad) // stored: moves the directory on
		}
		if _, err := f.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sniff(t *testing.T, file []byte) FileFormat {
	head := file[:min(len(file), SniffBytes)]
	var names []string
	if bytes.HasPrefix(head, []byte("PK")) {
		names = ZipNames(file[max(0, len(file)-ZipTailBytes):], int64(len(file)))
	}
	return DetectFormat(head, names)
}

func TestDetectFormatReadsTheBytesNotTheName(t *testing.T) {
	xlsx := officeFile(t, 0, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml")
	docx := officeFile(t, 0, "[Content_Types].xml", "_rels/.rels", "word/document.xml")
	xlsm := officeFile(t, 0, "[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin")
	plainZip := officeFile(t, 0, "notes.txt")
	for _, c := range []struct {
		name string
		file []byte
		want FileFormat
	}{
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), PDF},
		{"pdf after junk", append(bytes.Repeat([]byte{' '}, 300), []byte("%PDF-1.4\n")...), PDF},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), PNG},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, JPEG},
		{"xlsx", xlsx, XLSX},
		{"docx", docx, DOCX},
		{"xlsx with a big first part", officeFile(t, 300<<10, "[Content_Types].xml", "xl/workbook.xml"), XLSX},
		{"macro-enabled workbook", xlsm, ""},
		{"zip that is no Office file", plainZip, ""},
		{"windows executable", append([]byte("MZ\x90\x00\x03"), []byte("This program cannot be run in DOS mode %PDF-")...), ""},
		{"elf", []byte("\x7fELF\x02\x01\x01"), ""},
		{"html", []byte("<!doctype html><script>alert(1)</script>"), ""},
		{"empty", nil, ""},
		{"pdf header past the first kilobyte", append(bytes.Repeat([]byte{' '}, 2000), []byte("%PDF-1.4")...), ""},
	} {
		if got := sniff(t, c.file); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestZipNamesNeedsOnlyTheTail(t *testing.T) {
	f := officeFile(t, 200<<10, "[Content_Types].xml", "word/document.xml")
	tail := f[len(f)-ZipTailBytes:]
	names := ZipNames(tail, int64(len(f)))
	if len(names) != 2 || names[1] != "word/document.xml" {
		t.Fatalf("names from the tail: %q", names)
	}
	if ZipNames([]byte("not a zip"), 9) != nil {
		t.Error("names from a file that is no zip")
	}
}

func TestCleanFileName(t *testing.T) {
	for _, c := range []struct {
		raw  string
		f    FileFormat
		want string
	}{
		{"Budget 2027.xlsx", XLSX, "Budget 2027.xlsx"},
		{`C:\Users\anna\Documents\Avsiktsförklaring.pdf`, PDF, "Avsiktsförklaring.pdf"},
		{"../../etc/passwd", PDF, "passwd.pdf"},
		{"faktura\u202Efdp.exe", PDF, "fakturafdp.exe.pdf"},
		{"report.PDF", PDF, "report.PDF"},
		{"photo.jpeg", JPEG, "photo.jpeg"},
		{"photo", JPEG, "photo.jpg"},
		{"a\x00b\tc\nd.pdf", PDF, "ab c d.pdf"},
		{`what?*"<>|.docx`, DOCX, "what______.docx"},
		{" ... ", PDF, "dokument.pdf"},
		{"", XLSX, "dokument.xlsx"},
		{strings.Repeat("å", 300) + ".pdf", PDF, strings.Repeat("å", 96) + ".pdf"},
	} {
		if got := CleanFileName(c.raw, c.f); got != c.want {
			t.Errorf("CleanFileName(%q) = %q, want %q", c.raw, got, c.want)
		}
	}
}

func docRules() TypeRule {
	return TypeRule{Type: Project, Documents: []DocumentRule{
		{Kind: LetterOfIntent, Required: true, Formats: []FileFormat{PDF, PNG, JPEG}, MaxBytes: 10 << 20},
		{Kind: BudgetTemplate, Required: true, Formats: []FileFormat{XLSX}, MaxBytes: 5 << 20},
		{Kind: OtherDocument, Formats: []FileFormat{PDF}, MaxBytes: 10 << 20},
	}}
}

func TestCheckUpload(t *testing.T) {
	a := Appendix{DocumentRule: DocumentRule{Kind: BudgetTemplate, Formats: []FileFormat{XLSX}, MaxBytes: 10 << 20}}
	for _, c := range []struct {
		size int64
		f    FileFormat
		scan string
		want string
	}{
		{200 << 10, XLSX, "", ""},
		{200 << 10, XLSX, "NO_THREATS_FOUND", ""},
		{10 << 20, XLSX, "", ""},
		{10<<20 + 1, XLSX, "", CodeFileTooLarge},
		{0, XLSX, "", CodeFileEmpty},
		{200 << 10, PDF, "", CodeFileType},
		{200 << 10, "", "", CodeFileType},
		{200 << 10, XLSX, ScanThreat, CodeFileThreat},
	} {
		got := CheckUpload(a, c.size, c.f, c.scan)
		if (got == nil) != (c.want == "") || (got != nil && got.Code != c.want) {
			t.Errorf("%d bytes of %q scanned %q: got %+v, want %q", c.size, c.f, c.scan, got, c.want)
		}
	}
	e := CheckUpload(a, 11<<20, XLSX, "")
	if got := e.Message(Swedish); got != "Budget på programmets mall: filen är större än 10 MB." {
		t.Errorf("message: %q", got)
	}
	e = CheckUpload(a, 1, PDF, "")
	if got := e.Message(English); !strings.Contains(got, "Excel (.xlsx)") || !strings.HasPrefix(got, "Budget on the programme's template: ") {
		t.Errorf("message: %q", got)
	}
}

func TestCheckDocuments(t *testing.T) {
	rule := docRules()
	letter := Document{Kind: LetterOfIntent, Format: PDF, Size: 1 << 20}
	budget := Document{Kind: BudgetTemplate, Format: XLSX, Size: 1 << 20}
	fields := func(errs FieldErrors) string {
		var s []string
		for _, e := range errs {
			s = append(s, e.Field+":"+e.Code)
		}
		return strings.Join(s, " ")
	}
	for _, c := range []struct {
		name string
		docs []Document
		want string
	}{
		{"all required", []Document{budget, letter}, ""},
		{"none", nil, "documents.letter-of-intent:required documents.budget:required"},
		{"budget missing", []Document{letter}, "documents.budget:required"},
		{"a kind the type does not take", []Document{letter, budget, {Kind: PlanningTool, Format: PDF, Size: 1}}, "documents.planning-tool:file_kind"},
		{"another type's larger limit", []Document{letter, {Kind: BudgetTemplate, Format: XLSX, Size: 6 << 20}}, "documents.budget:file_too_large"},
		{"another type's format", []Document{{Kind: LetterOfIntent, Format: DOCX, Size: 1}, budget}, "documents.letter-of-intent:file_type"},
	} {
		if got := fields(CheckDocuments(rule, c.docs)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAppendicesJoinTheRoundsTypes(t *testing.T) {
	inception := TypeRule{Type: Inception, Documents: []DocumentRule{
		{Kind: LetterOfIntent, Required: true, Formats: []FileFormat{PDF}, MaxBytes: 10 << 20},
		{Kind: BudgetTemplate, Formats: []FileFormat{XLSX, PDF}, MaxBytes: 10 << 20},
	}}
	r := Rules{Types: []TypeRule{inception, docRules()}}
	got := r.Appendices()
	if len(got) != 3 || got[0].Kind != LetterOfIntent || got[1].Kind != BudgetTemplate || got[2].Kind != OtherDocument {
		t.Fatalf("appendices: %+v", got)
	}
	b := got[1]
	if len(b.RequiredFor) != 1 || b.RequiredFor[0] != Project || len(b.TakenBy) != 2 || b.MaxBytes != 10<<20 || FormatList(b.Formats) != "Excel (.xlsx), PDF" {
		t.Errorf("budget appendix: %+v", b)
	}
	if got[2].Required {
		t.Error("the other appendix is optional for every type")
	}
}

func TestUploadKeys(t *testing.T) {
	folder := UploadFolder("2027-spring", "p123", BudgetTemplate, "n1")
	kind, name, ok := ParseUploadKey(folder+"Budget 2027.xlsx", "2027-spring", "p123")
	if !ok || kind != BudgetTemplate || name != "Budget 2027.xlsx" {
		t.Fatalf("parse: %v %q %v", kind, name, ok)
	}
	for _, bad := range []string{
		"uploads/2027-spring/p999/budget/n1/x.xlsx", // another link's
		"uploads/2027-autumn/p123/budget/n1/x.xlsx", // another round's
		"uploads/2027-spring/p123/virus/n1/x.xlsx",  // no such appendix
		"uploads/2027-spring/p123/budget/n1/",       // no file name
		"uploads/2027-spring/p123/budget//x.xlsx",   // no nonce
		"elsewhere/x.xlsx",
	} {
		if _, _, ok := ParseUploadKey(bad, "2027-spring", "p123"); ok {
			t.Errorf("%s parsed", bad)
		}
	}
}

func TestDocumentRulesAreChecked(t *testing.T) {
	for _, d := range []DocumentRule{
		{Kind: "passport", Formats: []FileFormat{PDF}, MaxBytes: 1},
		{Kind: BudgetTemplate, Formats: []FileFormat{"exe"}, MaxBytes: 1},
		{Kind: BudgetTemplate, MaxBytes: 1},
		{Kind: BudgetTemplate, Formats: []FileFormat{PDF}, MaxBytes: MaxDocumentBytes + 1},
		{Kind: BudgetTemplate, Formats: []FileFormat{PDF}},
	} {
		if d.validate() == nil {
			t.Errorf("%+v accepted", d)
		}
	}
}
