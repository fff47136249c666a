package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"partnerskap/internal/programme"
)

// A year's report gives its accounts in the form, or as the programme's
// Excel template filled in and uploaded: AccountsTemplate writes the
// template for one year of a grant, ReadAccounts reads a filled one back
// into lines. The workbook is the grantee's, so ReadAccounts trusts none of
// it: it evaluates no formula but the total row's sum, reads a bounded
// number of rows and bytes, and says what is wrong as field errors.
//
// The template's layout, which ReadAccounts finds again by its headings:
// a few heading rows (reference, project year, period, the year's granted
// amount, a note), then a table whose header row has the costs heading in
// column D, one row per budget line (A the line's id, B its name, C the
// year's approved budget, D the costs, E the deviation D - C as a
// formula), and a total row (B "Summa" or "Total", SUM formulas).

// FileField is the field of an error with the workbook as a whole: not an
// xlsx file, too large, or no accounts table in it.
const FileField = "file"

// Limits of ReadAccounts. A workbook past one is refused with an error on
// FileField, before its sheet is loaded whole.
const (
	// MaxRows is the most rows of the first sheet that are read: a sheet
	// with a row past it (even an empty row the file lists) is refused.
	MaxRows = 2000
	// MaxCells is the most cells, counted up to each row's last cell with
	// a value, in those rows.
	MaxCells = 100_000
	// MaxUnzipped is the most bytes the workbook's parts may take unpacked.
	MaxUnzipped = 32 << 20
)

// maxAmount is the largest amount read: Excel keeps 15 significant digits.
const maxAmount = 999_999_999_999_999

// words is a text in Swedish and English; Text makes it an argument of a
// FieldError that programme's messages show in the reader's language.
type words struct{ sv, en string }

// Text is the text in lang (Swedish unless English).
func (w words) Text(lang programme.Lang) string {
	if lang == programme.English {
		return w.en
	}
	return w.sv
}

// The template's texts.
var (
	wSheet   = words{"Redovisning", "Accounts"}
	wTitle   = words{"Ekonomisk redovisning, projektår %d", "Accounts, project year %d"}
	wRef     = words{"Referens", "Reference"}
	wYear    = words{"Projektår", "Project year"}
	wPeriod  = words{"Period", "Period"}
	wGranted = words{"Beviljat för året (kr)", "Granted for the year (SEK)"}
	wNote    = words{"Ändra inte kolumn A: den anger budgetraden och är det som läses in. Fyll i årets kostnader i hela kronor i kolumn D.",
		"Do not change column A: it names the budget line and is what is read in. Enter the year's costs in whole kronor in column D."}
	wID        = words{"Id", "Id"}
	wLine      = words{"Budgetrad", "Budget line"}
	wBudget    = words{"Budget (kr)", "Budget (SEK)"}
	wCosts     = words{"Kostnader (kr)", "Costs (SEK)"}
	wDeviation = words{"Avvikelse (kr)", "Deviation (SEK)"}
	wTotal     = words{"Summa", "Total"}
	wInvalid   = words{"Ogiltigt belopp", "Invalid amount"}
	wWhole     = words{"Ange kostnaden i hela kronor, noll eller mer.", "Enter the cost in whole kronor, zero or more."}
)

// Arguments of the errors on FileField (CodeFileType's formats,
// CodeFileTooLarge's max).
var (
	argXLSX     = programme.FormatList([]programme.FileFormat{programme.XLSX})
	argTemplate = words{"programmets Excelmall för redovisningen (.xlsx)", "the programme's Excel template for the accounts (.xlsx)"}
	argRows     = words{"2 000 rader", "2,000 rows"}
	argCells    = words{"100 000 celler", "100,000 cells"}
	argUnzipped = words{"32 MB uppackad", "32 MB unpacked"}
)

// Headings ReadAccounts takes for the costs column and the total row, in
// either language, compared as normalised (lower case, spaces collapsed).
var (
	costsHeadings = []string{"kostnader (kr)", "costs (sek)", "kostnader", "costs", "kostnader (sek)", "costs (kr)"}
	totalLabels   = []string{"summa", "total", "totalt", "sum"}
)

// The template's rows and columns (from 1).
const (
	rowTitle   = 1
	rowRef     = 2
	rowYear    = 3
	rowPeriod  = 4
	rowGranted = 5
	rowNote    = 6
	rowHeader  = 8
	colID      = 1 // A
	colName    = 2 // B
	colBudget  = 3 // C
	colCosts   = 4 // D
	colDev     = 5 // E
)

// AccountsTemplate is the programme's accounts workbook for project year
// year of g, its texts in lang (Swedish unless English): one sheet, its
// heading rows, a header row, one row per budget line in the budget's order
// (the line's id in column A, which ReadAccounts matches on; its name; the
// year's approved budget; an empty costs cell, which Excel takes only as a
// whole number of kronor, zero or more; the deviation as a formula) and a
// total row of SUM formulas. Amounts are numbers shown with thousands
// separators; nothing is locked; formulas are computed when the file is
// opened. The same arguments give the same bytes. An error: g has no such
// year or no budget lines.
func AccountsTemplate(g programme.Grant, year int, lang programme.Lang) ([]byte, error) {
	y, ok := g.Year(year)
	if !ok {
		return nil, fmt.Errorf("grant %s has no project year %d", g.Ref, year)
	}
	if len(g.Lines) == 0 {
		return nil, fmt.Errorf("grant %s has no budget lines", g.Ref)
	}
	if lang != programme.English {
		lang = programme.Swedish
	}
	f := excelize.NewFile()
	defer f.Close()
	sh := wSheet.Text(lang)
	if err := f.SetSheetName(f.GetSheetName(0), sh); err != nil {
		return nil, err
	}
	st, err := newTemplateStyles(f)
	if err != nil {
		return nil, err
	}
	first, last := rowHeader+1, rowHeader+len(g.Lines)
	total := last + 1
	type cell struct {
		col, row int
		value    any // string, int, int64; "=..." is not a formula here
		formula  string
		style    int
	}
	cells := []cell{
		{colID, rowTitle, fmt.Sprintf(wTitle.Text(lang), year), "", st.title},
		{colName, rowRef, wRef.Text(lang), "", st.label},
		{colBudget, rowRef, g.Ref, "", 0},
		{colName, rowYear, wYear.Text(lang), "", st.label},
		{colBudget, rowYear, int64(year), "", st.left},
		{colName, rowGranted, wGranted.Text(lang), "", st.label},
		{colBudget, rowGranted, y.Amount, "", st.amount},
		{colID, rowNote, wNote.Text(lang), "", st.note},
	}
	if !y.Starts.IsZero() && y.Ends.After(y.Starts) {
		period := y.Starts.In(programme.Stockholm).Format("2006-01-02") + " – " +
			y.Ends.In(programme.Stockholm).AddDate(0, 0, -1).Format("2006-01-02")
		cells = append(cells, cell{colName, rowPeriod, wPeriod.Text(lang), "", st.label}, cell{colBudget, rowPeriod, period, "", 0})
	}
	for i, h := range []words{wID, wLine, wBudget, wCosts, wDeviation} {
		cells = append(cells, cell{i + 1, rowHeader, h.Text(lang), "", st.header})
	}
	for i, l := range g.Lines {
		r := first + i
		var budget int64
		if year-1 < len(l.Amounts) {
			budget = l.Amounts[year-1]
		}
		cells = append(cells,
			cell{colID, r, l.ID, "", st.id},
			cell{colName, r, l.Label(lang), "", 0},
			cell{colBudget, r, budget, "", st.amount},
			cell{colCosts, r, nil, "", st.input},
			cell{colDev, r, nil, fmt.Sprintf(`IF(D%d="","",D%d-C%d)`, r, r, r), st.amount})
	}
	cells = append(cells,
		cell{colName, total, wTotal.Text(lang), "", st.totalLabel},
		cell{colBudget, total, nil, fmt.Sprintf("SUM(C%d:C%d)", first, last), st.total},
		cell{colCosts, total, nil, fmt.Sprintf("SUM(D%d:D%d)", first, last), st.total},
		cell{colDev, total, nil, fmt.Sprintf(`IF(COUNT(D%d:D%d)=0,"",D%d-C%d)`, first, last, total, total), st.total})
	for _, c := range cells {
		ref, err := excelize.CoordinatesToCellName(c.col, c.row)
		if err != nil {
			return nil, err
		}
		switch v := c.value.(type) {
		case nil:
		case string:
			err = f.SetCellStr(sh, ref, v) // text, never a formula
		default:
			err = f.SetCellValue(sh, ref, v)
		}
		if err == nil && c.formula != "" {
			err = f.SetCellFormula(sh, ref, c.formula)
		}
		if err == nil && c.style != 0 {
			err = f.SetCellStyle(sh, ref, ref, c.style)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ref, err)
		}
	}
	for i, w := range []float64{12, 44, 18, 18, 18} { // A narrow: only ids
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return nil, err
		}
	}
	if err := f.SetSheetDimension(sh, fmt.Sprintf("A1:E%d", total)); err != nil {
		return nil, err
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("D%d:D%d", first, last)
	if err := dv.SetRange(0, maxAmount, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
		return nil, err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, wInvalid.Text(lang), wWhole.Text(lang))
	if err := f.AddDataValidation(sh, dv); err != nil {
		return nil, err
	}
	// The header row stays in view while scrolling through the lines.
	top := fmt.Sprintf("A%d", first)
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: rowHeader, TopLeftCell: top, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: fmt.Sprintf("D%d", first), ActiveCell: fmt.Sprintf("D%d", first), Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	// The formulas have no cached values: the reader's program computes them.
	calc := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &calc}); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type templateStyles struct{ title, label, left, note, header, id, amount, input, totalLabel, total int }

func newTemplateStyles(f *excelize.File) (s templateStyles, err error) {
	border := func(side string) []excelize.Border {
		return []excelize.Border{{Type: side, Color: "000000", Style: 1}}
	}
	for _, x := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.label, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&s.left, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&s.note, excelize.Style{Font: &excelize.Font{Italic: true}}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border("bottom"),
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"}}},
		{&s.id, excelize.Style{Font: &excelize.Font{Color: "808080"}}},
		{&s.amount, excelize.Style{NumFmt: AmountFormat}},
		{&s.input, excelize.Style{NumFmt: AmountFormat, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}}},
		{&s.totalLabel, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border("top")}},
		{&s.total, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border("top"), NumFmt: AmountFormat}},
	} {
		if *x.id, err = f.NewStyle(&x.style); err != nil {
			return s, err
		}
	}
	return s, nil
}

// ReadAccounts reads the accounts of a filled template (or of any workbook
// laid out the same) for grant g: each budget line's costs and the total
// the workbook states. Only the first sheet is read, whatever its name. The
// table starts below its header row: the last row before the first line id
// with a cell headed "Kostnader (kr)" or "Costs (SEK)", which is the costs
// column; without one, at the first row whose column A is one of g's line
// ids, with the costs in column D. It runs to the total row (column B
// "Summa" or "Total", column A empty); rows below are not used. In the
// table, column A is a line's id (letter case and spaces around it do not
// count); a row with an empty A and no costs is skipped.
//
// A costs cell is a whole number of kronor: a number (one within a
// millionth of a whole krona, a float's rounding, counts as that krona), or
// text of digits with spaces as thousands separators ("12 500", with
// no-break spaces too), at most a ",00" or ".00", and a "kr" or "SEK" after; an empty
// cell is a line not filled in, left out of the accounts. A formula's value
// as the workbook cached it counts; a formula without one is not a number.
// The total row's costs cell is read the same way, except that a SUM over
// the costs column without a cached value is computed: the sum of the
// lines read in its range. An empty total cell is a total of 0 (none
// stated). The total is returned as stated: programme.SaveReport checks it
// against the lines' sum.
//
// Accounts come in the budget's order, each line once. The error, if any,
// is programme.FieldErrors: on "accounts.<id>" a line not in the budget
// (CodeLineNotInBudget: the id as written, at most 40 characters), a line
// twice (CodeLineTwice), a negative amount (CodeNegativeAmount), a value
// that is not a whole number of kronor (CodeNotANumber); on
// "accounts.total" the same for the total; on FileField costs on a row
// without a line id (CodeLineNotInBudget), or one error for the whole file:
// empty (CodeFileEmpty), not an xlsx workbook or no accounts table in its
// first sheet (CodeFileType), past a limit above (CodeFileTooLarge). With
// errors on lines, accounts and total are still what could be read (the
// lines in error left out), for a form to show beside the errors; with an
// error on the whole file they are nil and 0.
func ReadAccounts(data []byte, g programme.Grant) (accounts []programme.Account, total int64, err error) {
	defer func() {
		if recover() != nil { // a workbook the library could not cope with
			accounts, total, err = nil, 0, fileError(programme.CodeFileType, argXLSX)
		}
	}()
	if len(data) == 0 {
		return nil, 0, fileError(programme.CodeFileEmpty)
	}
	if e := checkZip(data); e != nil {
		return nil, 0, e
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: MaxUnzipped})
	if err != nil {
		return nil, 0, fileError(programme.CodeFileType, argXLSX)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, 0, fileError(programme.CodeFileType, argXLSX)
	}
	r := reader{f: f, sheet: sheets[0], g: g}
	if e := r.scan(); e != nil {
		return nil, 0, e
	}
	return r.read()
}

// checkZip refuses what is not a zip file, or one whose parts take more
// than MaxUnzipped unpacked (archive/zip holds each part to the size its
// header states).
func checkZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fileError(programme.CodeFileType, argXLSX)
	}
	var size uint64
	for _, z := range zr.File {
		if size += z.UncompressedSize64; size > MaxUnzipped || z.UncompressedSize64 > MaxUnzipped {
			return fileError(programme.CodeFileTooLarge, argUnzipped)
		}
	}
	return nil
}

func fileError(code string, args ...any) programme.FieldErrors {
	return programme.FieldErrors{{Field: FileField, Code: code, Args: args}}
}

// reader reads one sheet's accounts table.
type reader struct {
	f     *excelize.File
	sheet string
	g     programme.Grant
	costs int // the costs column, from 1
	lines []tableRow
	total *tableRow
}

// tableRow is a row of the table: its number, its id as written, and its
// costs cell's raw value (a number as stored, text as written).
type tableRow struct {
	n     int
	id    string
	costs string
}

// scan streams the sheet's rows (so that a huge sheet is refused before it
// is loaded whole) and keeps the table's.
func (r *reader) scan() error {
	rows, err := r.f.Rows(r.sheet)
	if err != nil {
		return fileError(programme.CodeFileType, argXLSX)
	}
	defer rows.Close()
	const (
		before = iota // the heading rows
		inside        // the lines
		after         // below the total row
	)
	state, cells, lineSeen := before, 0, false
	for n := 1; rows.Next(); n++ {
		if n > MaxRows {
			return fileError(programme.CodeFileTooLarge, argRows)
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return fileError(programme.CodeFileType, argXLSX)
		}
		if cells += len(cols); cells > MaxCells {
			return fileError(programme.CodeFileTooLarge, argCells)
		}
		at := func(col int) string {
			if col <= len(cols) {
				return cols[col-1]
			}
			return ""
		}
		id := strings.TrimFunc(at(colID), unicode.IsSpace)
		_, known := r.g.Line(strings.ToLower(id))
		if state == after {
			continue
		}
		if !known && !lineSeen {
			// A header row: the last one before the first line's id.
			if i := slices.IndexFunc(cols, func(c string) bool { return oneOf(c, costsHeadings) }); i >= 0 {
				r.costs, state, r.lines = i+1, inside, r.lines[:0]
				continue
			}
		}
		if state == before {
			if !known {
				continue
			}
			r.costs, state = colCosts, inside // no header row
		}
		lineSeen = lineSeen || known
		costs := strings.TrimFunc(at(r.costs), unicode.IsSpace)
		switch {
		case !known && (id == "" || oneOf(id, totalLabels)) && oneOf(at(colName), totalLabels):
			r.total, state = &tableRow{n: n, costs: costs}, after
		case id != "" || costs != "":
			r.lines = append(r.lines, tableRow{n: n, id: id, costs: costs})
		}
	}
	if err := rows.Error(); err != nil {
		return fileError(programme.CodeFileType, argXLSX)
	}
	if state == before {
		return fileError(programme.CodeFileType, argTemplate)
	}
	return nil
}

// read makes the accounts of the rows kept: the sheet is loaded whole now,
// for the costs cells' types and formulas.
func (r *reader) read() ([]programme.Account, int64, error) {
	var errs programme.FieldErrors
	given := map[string]int64{}
	seen := map[string]bool{}
	var inRows []tableRow // the lines read, for a SUM without a cached value
	for _, l := range r.lines {
		if l.id == "" {
			errs = append(errs, programme.FieldError{Field: FileField, Code: programme.CodeLineNotInBudget})
			continue
		}
		id := strings.ToLower(l.id)
		if _, ok := r.g.Line(id); !ok {
			errs = append(errs, programme.FieldError{Field: "accounts." + clamp(l.id, 40), Code: programme.CodeLineNotInBudget})
			continue
		}
		field := "accounts." + id
		if seen[id] {
			errs = append(errs, programme.FieldError{Field: field, Code: programme.CodeLineTwice})
			continue
		}
		seen[id] = true
		amount, filled, code := r.cell(l.n, l.costs)
		switch {
		case code != "":
			errs = append(errs, programme.FieldError{Field: field, Code: code})
		case filled:
			given[id] = amount
			inRows = append(inRows, tableRow{n: l.n, id: id})
		}
	}
	var total int64
	if r.total != nil {
		amount, filled, code := r.cell(r.total.n, r.total.costs)
		if code == programme.CodeNotANumber && !filled {
			amount, filled, code = r.sum(r.total.n, inRows, given)
		}
		if code != "" {
			errs = append(errs, programme.FieldError{Field: "accounts.total", Code: code})
		} else if filled {
			total = amount
		}
	}
	var accounts []programme.Account
	for _, l := range r.g.Lines {
		if a, ok := given[l.ID]; ok {
			accounts = append(accounts, programme.Account{Line: l.ID, Amount: a})
		}
	}
	if errs != nil {
		return accounts, total, errs
	}
	return accounts, total, nil
}

// cell reads the costs cell of row n, whose raw value the scan found:
// the amount, whether the cell holds a value, and the error code, if any
// ("" for none). An empty cell holds none and is no error; a formula
// without a cached value holds none and is CodeNotANumber (the total row
// may then compute its SUM).
func (r *reader) cell(n int, raw string) (amount int64, filled bool, code string) {
	ref, err := excelize.CoordinatesToCellName(r.costs, n)
	if err != nil {
		return 0, true, programme.CodeNotANumber
	}
	if raw == "" {
		// An empty cell, or a formula without a cached value.
		if formula, err := r.f.GetCellFormula(r.sheet, ref); err != nil || formula != "" {
			return 0, false, programme.CodeNotANumber
		}
		return 0, false, ""
	}
	typ, err := r.f.GetCellType(r.sheet, ref)
	if err != nil {
		return 0, true, programme.CodeNotANumber
	}
	var ok bool
	switch typ {
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		amount, ok = parseNumber(raw)
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString, excelize.CellTypeFormula:
		amount, ok = parseText(raw)
	} // a boolean, an error value, a date: not a number
	switch {
	case !ok:
		return 0, true, programme.CodeNotANumber
	case amount < 0:
		return amount, true, programme.CodeNegativeAmount
	}
	return amount, true, ""
}

// sumFormula is a SUM over one column's range, as Excel writes it.
var sumFormula = regexp.MustCompile(`^=?\s*SUM\(\s*\$?([A-Z]{1,3})\$?([0-9]{1,7})\s*:\s*\$?([A-Z]{1,3})\$?([0-9]{1,7})\s*\)\s*$`)

// sum computes the total row's formula when it is a SUM over the costs
// column without a cached value: the sum of the lines read in its range.
// Any other formula is not a number.
func (r *reader) sum(n int, lines []tableRow, given map[string]int64) (int64, bool, string) {
	ref, _ := excelize.CoordinatesToCellName(r.costs, n)
	formula, err := r.f.GetCellFormula(r.sheet, ref)
	m := sumFormula.FindStringSubmatch(strings.ToUpper(formula))
	if err != nil || m == nil {
		return 0, true, programme.CodeNotANumber
	}
	col, _ := excelize.ColumnNameToNumber(m[1])
	col2, _ := excelize.ColumnNameToNumber(m[3])
	from, _ := strconv.Atoi(m[2])
	to, _ := strconv.Atoi(m[4])
	if col != r.costs || col2 != r.costs {
		return 0, true, programme.CodeNotANumber
	}
	var sum int64
	for _, l := range lines {
		if l.n >= min(from, to) && l.n <= max(from, to) {
			sum += given[l.id]
		}
	}
	return sum, true, ""
}

// parseNumber reads a number cell's stored value as whole kronor.
func parseNumber(s string) (int64, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, n >= -maxAmount && n <= maxAmount
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.Abs(x) > maxAmount {
		return 0, false
	}
	whole := math.Round(x)
	if math.Abs(x-whole) > 1e-6 { // öre
		return 0, false
	}
	return int64(whole), true
}

// parseText reads a text cell as whole kronor: an optional sign, digits in
// groups of three apart by spaces (the first group of one to three), at
// most a decimal point or comma and one or two zeros, at most "kr" or
// "SEK" after.
func parseText(s string) (int64, bool) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	lower := strings.ToLower(s)
	for _, unit := range []string{"kr.", "kr", "sek"} {
		if strings.HasSuffix(lower, unit) {
			s = strings.TrimRightFunc(s[:len(s)-len(unit)], unicode.IsSpace)
			break
		}
	}
	negative := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		s, negative = rest, true
	} else if rest, ok := strings.CutPrefix(s, "\u2212"); ok { // minus sign
		s, negative = rest, true
	} else {
		s = strings.TrimPrefix(s, "+")
	}
	if i := strings.LastIndexAny(s, ".,"); i >= 0 {
		frac := s[i+1:]
		if len(frac) < 1 || len(frac) > 2 || strings.Trim(frac, "0") != "" {
			return 0, false // öre, or a separator of thousands
		}
		s = s[:i]
	}
	var digits strings.Builder
	group, groups := 0, 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits.WriteRune(c)
			group++
		case unicode.IsSpace(c) && group > 0 && (groups == 0 && group <= 3 || group == 3):
			group, groups = 0, groups+1
		default:
			return 0, false
		}
	}
	if group == 0 || groups > 0 && group != 3 || digits.Len() > 15 {
		return 0, false
	}
	n, err := strconv.ParseInt(digits.String(), 10, 64)
	if err != nil {
		return 0, false
	}
	if negative {
		n = -n
	}
	return n, true
}

// oneOf says whether s, normalised, is one of texts.
func oneOf(s string, texts []string) bool {
	s = strings.ToLower(strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " "))
	for _, t := range texts {
		if s == t {
			return true
		}
	}
	return false
}

// clamp is s cut to at most n characters.
func clamp(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
