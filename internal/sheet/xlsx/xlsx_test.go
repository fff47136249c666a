package xlsx_test

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"partnerskap/internal/sheet"
	"partnerskap/internal/sheet/xlsx"
)

var stockholm, _ = time.LoadLocation("Europe/Stockholm")

// Cells keep their types: text stays text whatever it starts with (no
// formula, whatever a CSV reader would split on), an instant is a serial
// date on its own wall clock with a date format, an amount a number with a
// thousands format; the header row is bold and frozen.
func TestWriteTypesTheCells(t *testing.T) {
	at := time.Date(2027, 3, 15, 15, 59, 59, 999_000_000, stockholm) // shown 15:59:59, never rounded up to the deadline
	hostile := []string{"=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\t=1", "a;=1", `x,"=HYPERLINK(""http://evil"")"`, "=cmd|' /C calc'!A0"}
	tbl := sheet.Table{Name: "Ansökningar", Columns: []sheet.Column{
		{Heading: "Titel", Kind: sheet.Text},
		{Heading: "Sökt (kr)", Kind: sheet.SEK},
		{Heading: "Inkommen (svensk tid)", Kind: sheet.Instant},
	}}
	for i, h := range hostile {
		tbl.Rows = append(tbl.Rows, []any{h, int64(1250000 + i), at})
	}
	tbl.Rows = append(tbl.Rows, []any{"empty", nil, time.Time{}}, []any{"short"})
	b, err := xlsx.Write(tbl)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Ansökningar" {
		t.Fatalf("sheets %v, want one, Ansökningar", got)
	}
	const sh = "Ansökningar"

	for i, h := range []string{"Titel", "Sökt (kr)", "Inkommen (svensk tid)"} {
		ref, _ := excelize.CoordinatesToCellName(i+1, 1)
		v, _ := f.GetCellValue(sh, ref)
		st := style(t, f, sh, ref)
		if v != h || st.Font == nil || !st.Font.Bold {
			t.Errorf("header %s: %q bold %v, want %q in bold", ref, v, st.Font != nil && st.Font.Bold, h)
		}
	}
	panes, err := f.GetPanes(sh)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v %v, want the first row frozen", panes, err)
	}

	for i, h := range hostile {
		row := strconv.Itoa(i + 2)
		// Text: a string cell, no formula, exactly the characters given.
		typ, _ := f.GetCellType(sh, "A"+row)
		formula, _ := f.GetCellFormula(sh, "A"+row)
		v, _ := f.GetCellValue(sh, "A"+row)
		if typ != excelize.CellTypeInlineString || formula != "" || v != h {
			t.Errorf("A%s: type %v formula %q value %q, want the string %q and no formula", row, typ, formula, v, h)
		}
		// Amount: a number with the thousands format.
		raw, _ := f.GetCellValue(sh, "B"+row, excelize.Options{RawCellValue: true})
		shown, _ := f.GetCellValue(sh, "B"+row)
		if n, err := strconv.ParseInt(raw, 10, 64); err != nil || n != int64(1250000+i) || style(t, f, sh, "B"+row).NumFmt != xlsx.AmountFormat ||
			shown != "1,250,00"+strconv.Itoa(i) {
			t.Errorf("B%s: raw %q shown %q, want the number %d with format %d", row, raw, shown, 1250000+i, xlsx.AmountFormat)
		}
		// Instant: a serial date (a number) with the date format, on the wall clock given.
		raw, _ = f.GetCellValue(sh, "C"+row, excelize.Options{RawCellValue: true})
		shown, _ = f.GetCellValue(sh, "C"+row)
		serial, err := strconv.ParseFloat(raw, 64)
		st := style(t, f, sh, "C"+row)
		if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != xlsx.DateFormat || shown != "2027-03-15 15:59:59" {
			t.Fatalf("C%s: raw %q shown %q style %+v, want a serial date shown as 2027-03-15 15:59:59", row, raw, shown, st)
		}
		if d, err := excelize.ExcelDateToTime(serial, false); err != nil || d.Sub(time.Date(2027, 3, 15, 15, 59, 59, 0, time.UTC)).Abs() > time.Millisecond {
			t.Errorf("C%s: serial %v is %v, want 2027-03-15 15:59:59", row, serial, d)
		}
	}
	empty := strconv.Itoa(len(hostile) + 2)
	for _, c := range []string{"B", "C"} {
		if v, _ := f.GetCellValue(sh, c+empty); v != "" {
			t.Errorf("%s%s: %q, want an empty cell for nil and the zero time", c, empty, v)
		}
	}
	rows, _ := f.GetRows(sh)
	if len(rows) != len(tbl.Rows)+1 || rows[len(rows)-1][0] != "short" {
		t.Errorf("%d rows, want the header and %d", len(rows), len(tbl.Rows))
	}
}

func style(t *testing.T, f *excelize.File, sheetName, ref string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheetName, ref)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A value that does not fit its column, or a row longer than the header, is
// an error, not a cell of another type.
func TestWriteRefusesValuesOfTheWrongKind(t *testing.T) {
	cols := []sheet.Column{{Heading: "Text", Kind: sheet.Text}, {Heading: "Amount", Kind: sheet.SEK}}
	for _, row := range [][]any{
		{time.Now()},            // a time in a text column
		{"x", time.Now()},       // a time in an amount column
		{int64(5)},              // an amount in a text column
		{"x", 5},                // an int, not an int64
		{"x", 5.5},              // a float
		{"x", int64(1), "more"}, // more values than columns
	} {
		if _, err := xlsx.Write(sheet.Table{Name: "S", Columns: cols, Rows: [][]any{row}}); err == nil {
			t.Errorf("%#v written", row)
		}
	}
	if _, err := xlsx.Write(sheet.Table{Name: "a/b", Columns: cols}); err == nil || !strings.Contains(err.Error(), "a/b") {
		t.Errorf("a sheet named a/b: %v", err)
	}
}

// Only the export function, and the grants function (functions/grants,
// which writes a year's accounts template and reads a filled one back:
// AccountsTemplate, ReadAccounts), link the spreadsheet library (and so
// this package): in any other binary it would cost a megabyte for its
// package initialisation alone, and in StaffFunction's far more. The
// export function must link it; the grants function may.
func TestOnlyTheExportFunctionLinksExcelize(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "./functions/...")
	cmd.Dir = filepath.Join("..", "..", "..")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	found := false
	for line := range strings.Lines(string(out)) {
		pkg, deps, _ := strings.Cut(strings.TrimSpace(line), " ")
		links := slices.Contains(strings.Fields(deps), "github.com/xuri/excelize/v2")
		switch pkg {
		case "partnerskap/functions/export":
			found = links
			continue
		case "partnerskap/functions/grants":
			continue
		}
		if links {
			t.Errorf("%s links excelize: only functions/export and functions/grants may", pkg)
		}
	}
	if !found {
		t.Errorf("functions/export does not link excelize:\n%s", out)
	}
}
