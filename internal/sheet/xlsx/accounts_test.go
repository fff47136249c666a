package xlsx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"partnerskap/internal/programme"
	"partnerskap/internal/sheet/xlsx"
)

// The template's table: the header on row 8, the lines from row 9, the
// total below them.
const headerRow, firstLine = 8, 9

// testGrant is a grant of two years with the lines given (name, amounts).
func testGrant(lines ...programme.BudgetLine) programme.Grant {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, programme.Stockholm)
	g := programme.Grant{Ref: "PSK-2026-0042", Lang: programme.Swedish, Start: start, State: programme.GrantRunning, Lines: lines}
	for y := range 2 {
		year := programme.GrantYear{Year: y + 1, Starts: start.AddDate(y, 0, 0), Ends: start.AddDate(y+1, 0, 0)}
		for _, l := range lines {
			year.Amount += l.Amounts[y]
		}
		g.Years = append(g.Years, year)
	}
	return g
}

var threeLines = testGrant(
	programme.BudgetLine{ID: "travel", Name: "Resor", Amounts: []int64{200_000, 150_000}},
	programme.BudgetLine{ID: "staff", Name: "Personal", Amounts: []int64{100_000, 120_000}},
	programme.BudgetLine{ID: "venue-2", Name: "=1+1", Amounts: []int64{0, 30_000}},
)

func template(t testing.TB, g programme.Grant, year int, lang programme.Lang) []byte {
	t.Helper()
	b, err := xlsx.AccountsTemplate(g, year, lang)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// edit opens a workbook, lets fn change its first sheet with excelize's
// ordinary API (which, like a script and unlike Excel, computes no
// formula) and returns the bytes.
func edit(t testing.TB, b []byte, fn func(f *excelize.File, sheet string) error) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := fn(f, f.GetSheetName(0)); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// set sets cells (a reference and a value each) of the first sheet.
func set(t testing.TB, b []byte, cells ...any) []byte {
	t.Helper()
	return edit(t, b, func(f *excelize.File, sh string) error {
		for i := 0; i < len(cells); i += 2 {
			if err := f.SetCellValue(sh, cells[i].(string), cells[i+1]); err != nil {
				return err
			}
		}
		return nil
	})
}

func costs(row int) string { return "D" + strconv.Itoa(row) }

func read(t *testing.T, b []byte, g programme.Grant) ([]programme.Account, int64, programme.FieldErrors) {
	t.Helper()
	accounts, total, err := xlsx.ReadAccounts(b, g)
	if err == nil {
		return accounts, total, nil
	}
	fe, ok := err.(programme.FieldErrors)
	if !ok {
		t.Fatalf("error %T %v, want programme.FieldErrors", err, err)
	}
	return accounts, total, fe
}

// The template filled in (as a script would, without computing the
// total's SUM) reads back as exactly the costs entered, in the budget's
// order, and the total as the SUM's value; a line left empty is not in the
// accounts, a 0 is.
func TestAccountsRoundTrip(t *testing.T) {
	for _, lang := range []programme.Lang{programme.Swedish, programme.English} {
		b := template(t, threeLines, 2, lang)
		if accounts, total, errs := read(t, b, threeLines); accounts != nil || total != 0 || errs != nil {
			t.Errorf("%s: the empty template reads as %v, total %d, %v; want nothing", lang, accounts, total, errs)
		}
		filled := set(t, b, costs(firstLine+2), 31_250, costs(firstLine), int64(148_900), costs(firstLine+1), 0)
		accounts, total, errs := read(t, filled, threeLines)
		want := []programme.Account{{Line: "travel", Amount: 148_900}, {Line: "staff", Amount: 0}, {Line: "venue-2", Amount: 31_250}}
		if errs != nil || !reflect.DeepEqual(accounts, want) || total != 180_150 {
			t.Errorf("%s: read %v, total %d, %v; want %v, total 180150", lang, accounts, total, errs, want)
		}
		partly := set(t, b, costs(firstLine+1), 99_000)
		accounts, total, errs = read(t, partly, threeLines)
		if want := []programme.Account{{Line: "staff", Amount: 99_000}}; errs != nil || !reflect.DeepEqual(accounts, want) || total != 99_000 {
			t.Errorf("%s: partly filled: %v, total %d, %v; want %v, total 99000", lang, accounts, total, errs, want)
		}
	}
	// What programme.SaveReport then checks: the lines and a total that is their sum.
	filled := set(t, template(t, threeLines, 1, programme.Swedish), costs(firstLine), 1, costs(firstLine+1), 2, costs(firstLine+2), 3)
	accounts, total, errs := read(t, filled, threeLines)
	if errs != nil || (programme.Report{Accounts: accounts}).Costs() != total || total != 6 {
		t.Errorf("read %v, total %d, %v; want a total of the lines' sum, 6", accounts, total, errs)
	}
}

// Amounts typed as text, as a grantee pastes them: digits in groups of
// three apart by spaces or no-break spaces, "kr" after, ",00" öre. A total
// typed over the SUM formula is the total stated, whatever the lines add up
// to.
func TestAccountsTextAmounts(t *testing.T) {
	b := set(t, template(t, threeLines, 2, programme.Swedish),
		costs(firstLine), "12 500",
		costs(firstLine+1), "1\u00a0250\u00a0000 kr",
		costs(firstLine+2), " 300,00 ",
		costs(firstLine+3), "1\u202f262\u202f801") // the total row, narrow no-break spaces
	accounts, total, errs := read(t, b, threeLines)
	want := []programme.Account{{Line: "travel", Amount: 12_500}, {Line: "staff", Amount: 1_250_000}, {Line: "venue-2", Amount: 300}}
	if errs != nil || !reflect.DeepEqual(accounts, want) || total != 1_262_801 {
		t.Errorf("read %v, total %d, %v; want %v, total 1262801 as stated", accounts, total, errs, want)
	}
	for s, want := range map[string]int64{"0": 0, "7": 7, "100": 100, "1 000": 1000, "12500.0": 12500, "12500.00": 12500,
		"+5": 5, "1000 SEK": 1000, "999 999 999 999 999": 999_999_999_999_999, "450 000": 450_000} {
		b := set(t, template(t, threeLines, 1, programme.English), costs(firstLine), s)
		if accounts, _, errs := read(t, b, threeLines); errs != nil || len(accounts) != 1 || accounts[0].Amount != want {
			t.Errorf("%q: read %v %v, want %d", s, accounts, errs, want)
		}
	}
}

// A formula's value as the workbook cached it (as Excel and LibreOffice
// save it) counts, in a costs cell and in the total: the total is what
// the workbook states, not recomputed.
func TestAccountsCachedFormulas(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"Id", "Budget line", "Budget (SEK)", "Costs (SEK)"},
		{"travel", "Travel", 200_000, excelize.Cell{Formula: "1000+500", Value: 1500}},
		{"staff", "Staff", 100_000, excelize.Cell{Formula: `"2 000"`, Value: "2 000"}}, // a text result
		{nil, "Total", 300_000, excelize.Cell{Formula: "SUM(D2:D3)", Value: 3499}},
	}
	for i, r := range rows {
		if err := sw.SetRow("A"+strconv.Itoa(i+1), r); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	accounts, total, errs := read(t, b.Bytes(), threeLines)
	want := []programme.Account{{Line: "travel", Amount: 1500}, {Line: "staff", Amount: 2000}}
	if errs != nil || !reflect.DeepEqual(accounts, want) || total != 3499 {
		t.Errorf("read %v, total %d, %v; want %v and the cached total 3499", accounts, total, errs, want)
	}
}

// Every problem with a line or the total lands on its field, and the lines
// without one are still read.
func TestReadAccountsErrors(t *testing.T) {
	tmpl := template(t, threeLines, 2, programme.Swedish)
	totalRow := firstLine + len(threeLines.Lines)
	ok := []any{costs(firstLine + 1), 5000} // staff, always fine
	type want struct{ field, code string }
	for _, c := range []struct {
		name  string
		cells []any
		fn    func(f *excelize.File, sh string) error // besides cells
		want  []want
	}{
		{"a line not in the budget", []any{"A9", "catering", costs(firstLine), 100}, nil,
			[]want{{"accounts.catering", programme.CodeLineNotInBudget}}},
		{"an id changed, its costs empty", []any{"A11", "Venue 2"}, nil,
			[]want{{"accounts.Venue 2", programme.CodeLineNotInBudget}}},
		{"a line twice", []any{"A9", "venue-2", costs(firstLine), 100}, nil, // the first counts
			[]want{{"accounts.venue-2", programme.CodeLineTwice}}},
		{"costs without an id", []any{"A9", "", costs(firstLine), 100}, nil,
			[]want{{xlsx.FileField, programme.CodeLineNotInBudget}}},
		{"a negative number", []any{costs(firstLine), -5}, nil,
			[]want{{"accounts.travel", programme.CodeNegativeAmount}}},
		{"a negative text", []any{costs(firstLine), "-5 000"}, nil,
			[]want{{"accounts.travel", programme.CodeNegativeAmount}}},
		{"a negative text with a minus sign", []any{costs(firstLine), "\u22125 000"}, nil,
			[]want{{"accounts.travel", programme.CodeNegativeAmount}}},
		{"letters", []any{costs(firstLine), "about 5000"}, nil,
			[]want{{"accounts.travel", programme.CodeNotANumber}}},
		{"öre in a number", []any{costs(firstLine), 12_500.5}, nil,
			[]want{{"accounts.travel", programme.CodeNotANumber}}},
		{"öre in a text", []any{costs(firstLine), "12 500,50"}, nil,
			[]want{{"accounts.travel", programme.CodeNotANumber}}},
		{"a comma of thousands", []any{costs(firstLine), "12,000"}, nil, // 12 000 or 12? Neither is guessed.
			[]want{{"accounts.travel", programme.CodeNotANumber}}},
		{"spaces not in thousands", []any{costs(firstLine), "1 2500"}, nil,
			[]want{{"accounts.travel", programme.CodeNotANumber}}},
		{"a boolean", []any{costs(firstLine), true}, nil,
			[]want{{"accounts.travel", programme.CodeNotANumber}}},
		{"too large", []any{costs(firstLine), 1e16}, nil,
			[]want{{"accounts.travel", programme.CodeNotANumber}}},
		{"a formula without a cached value", nil, func(f *excelize.File, sh string) error {
			return f.SetCellFormula(sh, costs(firstLine), "C9*2")
		}, []want{{"accounts.travel", programme.CodeNotANumber}}},
		{"a total that is not a number", []any{costs(totalRow), "lots"}, nil,
			[]want{{"accounts.total", programme.CodeNotANumber}}},
		{"a negative total", []any{costs(totalRow), -1}, nil,
			[]want{{"accounts.total", programme.CodeNegativeAmount}}},
		{"a total formula other than the SUM, not computed", nil, func(f *excelize.File, sh string) error {
			return f.SetCellFormula(sh, costs(totalRow), "C12*2")
		}, []want{{"accounts.total", programme.CodeNotANumber}}},
		{"a SUM over another column, not computed", nil, func(f *excelize.File, sh string) error {
			return f.SetCellFormula(sh, costs(totalRow), "SUM(C9:C11)")
		}, []want{{"accounts.total", programme.CodeNotANumber}}},
		{"several at once", []any{"A9", "catering", costs(firstLine + 2), -1, costs(totalRow), "x"}, nil,
			[]want{{"accounts.catering", programme.CodeLineNotInBudget}, {"accounts.venue-2", programme.CodeNegativeAmount}, {"accounts.total", programme.CodeNotANumber}}},
	} {
		b := set(t, tmpl, append(slicesClone(ok), c.cells...)...)
		if c.fn != nil {
			b = edit(t, b, c.fn)
		}
		accounts, _, errs := read(t, b, threeLines)
		var got []want
		for _, e := range errs {
			got = append(got, want{e.Field, e.Code})
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: errors %v, want %v", c.name, got, c.want)
		}
		if !containsAccount(accounts, programme.Account{Line: "staff", Amount: 5000}) {
			t.Errorf("%s: accounts %v, want staff's 5000 still read", c.name, accounts)
		}
		for _, e := range errs { // each error says something, in both languages
			for _, lang := range []programme.Lang{programme.Swedish, programme.English} {
				if m := threeLines.Message(e, lang); strings.Contains(m, "{") {
					t.Errorf("%s: message %q", c.name, m)
				}
			}
		}
	}
}

func slicesClone(s []any) []any { return append([]any(nil), s...) }

func containsAccount(accounts []programme.Account, a programme.Account) bool {
	for _, x := range accounts {
		if x == a {
			return true
		}
	}
	return false
}

// A file that is no xlsx workbook, or none with an accounts table, or one
// past a limit, is one error on the file; nothing is read from it.
func TestReadAccountsRefusesOtherFiles(t *testing.T) {
	zipOf := func(files map[string][]byte) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for name, data := range files {
			w, err := zw.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(data); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	workbook := func(fn func(f *excelize.File) error) []byte {
		f := excelize.NewFile()
		defer f.Close()
		if err := fn(f); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := f.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	rowsOf := func(n, cols int) []byte {
		return workbook(func(f *excelize.File) error {
			sw, err := f.NewStreamWriter("Sheet1")
			if err != nil {
				return err
			}
			row := make([]any, cols)
			for i := range row {
				row[i] = i
			}
			for r := 1; r <= n; r++ {
				if err := sw.SetRow("A"+strconv.Itoa(r), row); err != nil {
					return err
				}
			}
			return sw.Flush()
		})
	}
	filled := set(t, template(t, threeLines, 1, programme.Swedish), costs(firstLine), 100)
	for _, c := range []struct {
		name string
		data []byte
		code string
	}{
		{"nothing", nil, programme.CodeFileEmpty},
		{"a PDF", []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"), programme.CodeFileType},
		{"random bytes", random, programme.CodeFileType},
		{"an empty zip", zipOf(nil), programme.CodeFileType},
		{"a Word file's parts", zipOf(map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "word/document.xml": []byte("<w:document/>")}), programme.CodeFileType},
		{"an old Excel file (OLE)", append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, random...), programme.CodeFileType},
		{"a truncated workbook", filled[:len(filled)/2], programme.CodeFileType},
		{"a workbook without the table", workbook(func(f *excelize.File) error {
			return f.SetSheetRow("Sheet1", "A1", &[]any{"Reseräkning", "Summa", 1200})
		}), programme.CodeFileType},
		{"the table on the second sheet", workbook(func(f *excelize.File) error {
			if _, err := f.NewSheet("Accounts"); err != nil {
				return err
			}
			return f.SetSheetRow("Accounts", "A1", &[]any{"travel", "Travel", 1, 100})
		}), programme.CodeFileType},
		{"2,001 rows", rowsOf(xlsx.MaxRows+1, 1), programme.CodeFileTooLarge},
		{"too many cells", rowsOf(1001, 101), programme.CodeFileTooLarge},
		{"a part of 33 MB unpacked", zipOf(map[string][]byte{"xl/worksheets/sheet1.xml": make([]byte, 33<<20)}), programme.CodeFileTooLarge},
	} {
		accounts, total, errs := read(t, c.data, threeLines)
		if len(errs) != 1 || errs[0].Field != xlsx.FileField || errs[0].Code != c.code || accounts != nil || total != 0 {
			t.Errorf("%s: %v, total %d, %v; want one %s on %s", c.name, accounts, total, errs, c.code, xlsx.FileField)
			continue
		}
		for _, lang := range []programme.Lang{programme.Swedish, programme.English} {
			if m := threeLines.Message(errs[0], lang); strings.Contains(m, "{") || strings.Contains(m, "%!") {
				t.Errorf("%s: message %q", c.name, m)
			}
		}
	}
	// The limits' messages name them in the reader's language.
	_, _, errs := read(t, rowsOf(xlsx.MaxRows+1, 1), threeLines)
	if m := threeLines.Message(errs[0], programme.English); !strings.Contains(m, "2,000 rows") {
		t.Errorf("message %q, want the limit of 2,000 rows", m)
	}
	if m := threeLines.Message(errs[0], programme.Swedish); !strings.Contains(m, "2 000 rader") {
		t.Errorf("message %q, want the limit of 2 000 rader", m)
	}
	// 2,000 rows are read.
	if _, _, errs := read(t, rowsOf(xlsx.MaxRows, 1), threeLines); len(errs) != 1 || errs[0].Code != programme.CodeFileType {
		t.Errorf("2,000 rows without a table: %v, want no table found", errs)
	}
}

// Another workbook with the same table is read as well: its first sheet
// whatever its name, more heading rows, a column inserted before the costs
// (found by its heading), ids in another case with spaces around, empty
// rows, and below the total whatever the grantee wrote. Without a header
// row, the table starts at the first line id in column A.
func TestReadAccountsTolerantLayout(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Blad1"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	rows := map[int][]any{
		1:  {"Kommunalt partnerskap"},
		2:  {nil, "Referens", "PSK-2026-0042"},
		3:  {"Notera", "Kostnader"}, // a heading like the header's, above it: the last one counts
		12: {"Id", "Budgetrad", "Budget (kr)", "Kommentar", " KOSTNADER  (KR) ", "Avvikelse (kr)"},
		13: {" TRAVEL ", "Resor", 200_000, "tåg", "148 900"},
		15: {"staff\u00a0", "Personal", 100_000, nil, 75_000},
		16: {"venue-2", "Lokal", 0},
		17: {nil, "SUMMA", 300_000, nil, 223_900},
		19: {"Underskrift", nil, nil, nil, "not read"},
	}
	for r, v := range rows {
		if err := f.SetSheetRow(sh, "A"+strconv.Itoa(r), &v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.NewSheet("Anteckningar"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow("Anteckningar", "A1", &[]any{"catering", nil, nil, -1}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	accounts, total, errs := read(t, b.Bytes(), threeLines)
	want := []programme.Account{{Line: "travel", Amount: 148_900}, {Line: "staff", Amount: 75_000}}
	if errs != nil || !reflect.DeepEqual(accounts, want) || total != 223_900 {
		t.Errorf("read %v, total %d, %v; want %v, total 223900", accounts, total, errs, want)
	}

	// No header row: the lines from the first id in column A, costs in D.
	noHeader := edit(t, template(t, threeLines, 1, programme.English), func(f *excelize.File, sh string) error {
		for _, col := range []string{"A", "B", "C", "D", "E"} {
			if err := f.SetCellValue(sh, col+strconv.Itoa(headerRow), nil); err != nil {
				return err
			}
		}
		return f.SetCellValue(sh, costs(firstLine+1), "4 000")
	})
	accounts, total, errs = read(t, noHeader, threeLines)
	if want := []programme.Account{{Line: "staff", Amount: 4000}}; errs != nil || !reflect.DeepEqual(accounts, want) || total != 4000 {
		t.Errorf("without a header row: %v, total %d, %v; want %v, total 4000", accounts, total, errs, want)
	}
}

// The template has its language's headings, the grant's reference, year
// and amounts as numbers with a thousands format, each line's id in a
// narrow column A, names as text (never formulas), the deviation and the
// total as formulas, and a note not to change column A.
func TestAccountsTemplateLanguages(t *testing.T) {
	g := threeLines
	g.Lines = append(g.Lines, programme.BudgetLine{ID: programme.WholeBudget, Amounts: []int64{1, 2}})
	for _, c := range []struct {
		lang                          programme.Lang
		sheet, title, costs, total    string
		note, whole, period, headings string
	}{
		{programme.Swedish, "Redovisning", "Ekonomisk redovisning, projektår 2", "Kostnader (kr)", "Summa",
			"Ändra inte kolumn A", "Årets hela budget", "2027-03-01 – 2028-02-29", "Id|Budgetrad|Budget (kr)|Kostnader (kr)|Avvikelse (kr)"},
		{programme.English, "Accounts", "Accounts, project year 2", "Costs (SEK)", "Total",
			"Do not change column A", "The year's whole budget", "2027-03-01 – 2028-02-29", "Id|Budget line|Budget (SEK)|Costs (SEK)|Deviation (SEK)"},
	} {
		b := template(t, g, 2, c.lang)
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got := f.GetSheetList(); len(got) != 1 || got[0] != c.sheet {
			t.Errorf("%s: sheets %v, want %s", c.lang, got, c.sheet)
		}
		sh := c.sheet
		value := func(ref string) string {
			v, err := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		var headings []string
		for _, col := range []string{"A", "B", "C", "D", "E"} {
			headings = append(headings, value(col+strconv.Itoa(headerRow)))
		}
		if got := strings.Join(headings, "|"); got != c.headings {
			t.Errorf("%s: headings %q, want %q", c.lang, got, c.headings)
		}
		if value("A1") != c.title || !strings.HasPrefix(value("A6"), c.note) || value("C2") != g.Ref || value("C3") != "2" || value("C4") != c.period {
			t.Errorf("%s: heading rows %q %q %q %q %q", c.lang, value("A1"), value("A6"), value("C2"), value("C3"), value("C4"))
		}
		if shown, _ := f.GetCellValue(sh, "C5"); value("C5") != "300000" || style(t, f, sh, "C5").NumFmt != xlsx.AmountFormat || shown != "300,000" {
			t.Errorf("%s: granted %q shown %q, want the number 300000 with a thousands format", c.lang, value("C5"), shown)
		}
		for i, l := range g.Lines {
			r := strconv.Itoa(firstLine + i)
			typ, _ := f.GetCellType(sh, "B"+r)
			formula, _ := f.GetCellFormula(sh, "B"+r)
			dev, _ := f.GetCellFormula(sh, "E"+r)
			if value("A"+r) != l.ID || value("B"+r) != l.Label(c.lang) || typ != excelize.CellTypeSharedString || formula != "" ||
				value("C"+r) != strconv.FormatInt(l.Amounts[1], 10) || value("D"+r) != "" ||
				style(t, f, sh, "C"+r).NumFmt != xlsx.AmountFormat || style(t, f, sh, "D"+r).NumFmt != xlsx.AmountFormat ||
				dev != fmt.Sprintf(`IF(D%s="","",D%s-C%s)`, r, r, r) {
				t.Errorf("%s: line row %s: %q %q (type %v, formula %q) %q %q, deviation %q", c.lang, r, value("A"+r), value("B"+r), typ, formula, value("C"+r), value("D"+r), dev)
			}
		}
		if value("B"+strconv.Itoa(firstLine+1)) != "Personal" || value("B"+strconv.Itoa(firstLine+3)) != c.whole {
			t.Errorf("%s: names %q %q", c.lang, value("B10"), value("B12"))
		}
		tr := strconv.Itoa(firstLine + len(g.Lines))
		sumC, _ := f.GetCellFormula(sh, "C"+tr)
		sumD, _ := f.GetCellFormula(sh, "D"+tr)
		if value("B"+tr) != c.total || sumC != "SUM(C9:C12)" || sumD != "SUM(D9:D12)" || style(t, f, sh, "D"+tr).NumFmt != xlsx.AmountFormat {
			t.Errorf("%s: total row %q %q %q", c.lang, value("B"+tr), sumC, sumD)
		}
		if w, _ := f.GetColWidth(sh, "A"); w > 15 {
			t.Errorf("%s: column A %v wide, want it narrow", c.lang, w)
		}
		dvs, err := f.GetDataValidations(sh)
		if err != nil || len(dvs) != 1 || dvs[0].Sqref != "D9:D12" || dvs[0].Type != "whole" {
			t.Errorf("%s: data validations %+v %v, want whole numbers in D9:D12", c.lang, dvs, err)
		}
		f.Close()
		// And it reads back, in its language's headings.
		filled := set(t, b, "D12", 2)
		if accounts, total, err := xlsx.ReadAccounts(filled, g); err != nil || len(accounts) != 1 || total != 2 {
			t.Errorf("%s: read %v, total %d, %v", c.lang, accounts, total, err)
		}
	}
}

// The same grant, year and language give the same bytes.
func TestAccountsTemplateIsDeterministic(t *testing.T) {
	first := template(t, threeLines, 1, programme.Swedish)
	for range 5 {
		if !bytes.Equal(template(t, threeLines, 1, programme.Swedish), first) {
			t.Fatal("two templates of the same year differ")
		}
	}
	if bytes.Equal(template(t, threeLines, 1, programme.English), first) {
		t.Error("the English template is the Swedish one")
	}
}

func TestAccountsTemplateRefusesAYearNotInTheGrant(t *testing.T) {
	for _, year := range []int{0, 3, -1} {
		if _, err := xlsx.AccountsTemplate(threeLines, year, programme.Swedish); err == nil {
			t.Errorf("year %d: a template", year)
		}
	}
	noLines := threeLines
	noLines.Lines = nil
	if _, err := xlsx.AccountsTemplate(noLines, 1, programme.Swedish); err == nil {
		t.Error("a grant without lines: a template")
	}
}

func grantOf(n int) programme.Grant {
	lines := make([]programme.BudgetLine, n)
	for i := range lines {
		lines[i] = programme.BudgetLine{ID: fmt.Sprintf("line-%d", i+1), Name: fmt.Sprintf("Budgetrad nummer %d", i+1), Amounts: []int64{int64(10_000 + i), int64(20_000 + i)}}
	}
	return testGrant(lines...)
}

func BenchmarkReadAccounts200Lines(b *testing.B) {
	g := grantOf(200)
	filled := edit(b, template(b, g, 1, programme.Swedish), func(f *excelize.File, sh string) error {
		for i := range g.Lines {
			v := any(int64(9_000 + i))
			if i%3 == 0 {
				v = strconv.Itoa(9) + " " + fmt.Sprintf("%03d", i) // text, "9 000"
			}
			if err := f.SetCellValue(sh, costs(firstLine+i), v); err != nil {
				return err
			}
		}
		return nil
	})
	b.ReportAllocs()
	b.SetBytes(int64(len(filled)))
	for b.Loop() {
		accounts, _, err := xlsx.ReadAccounts(filled, g)
		if err != nil || len(accounts) != 200 {
			b.Fatal(len(accounts), err)
		}
	}
}

func BenchmarkAccountsTemplate200Lines(b *testing.B) {
	g := grantOf(200)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := xlsx.AccountsTemplate(g, 1, programme.Swedish); err != nil {
			b.Fatal(err)
		}
	}
}
