// Package xlsx writes a sheet.Table as an Excel workbook (Office Open XML,
// .xlsx) with github.com/xuri/excelize/v2: one sheet, the header row bold
// and frozen, and typed cells. Only the export function links it (the
// library more than doubles a binary, and its package initialisation alone
// adds a megabyte), so no other package of the functions may import it.
package xlsx

import (
	"bytes"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"partnerskap/internal/sheet"
)

// ContentType is the media type of an .xlsx file.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// DateFormat is the number format of Instant cells: ISO 8601 date and time,
// the same in every language and locale of Excel.
const DateFormat = "yyyy-mm-dd hh:mm:ss"

// AmountFormat is the number format of SEK cells: Excel's built-in format 3,
// "#,##0", whole numbers with the reader's own thousands separator.
const AmountFormat = 3

// Write is a sheet.Writer. Cells are typed: a string is an inline string
// (t="inlineStr"; like excelize's SetCellStr it is never a formula, so
// "=1+1" stays those four characters), a time.Time an Excel serial date on
// its location's wall clock with DateFormat (to the second, truncated), an
// int64 a number with AmountFormat; nil (or a zero time) leaves the cell
// empty.
func Write(t sheet.Table) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	name := t.Name
	if name == "" {
		name = "Sheet1"
	}
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return nil, fmt.Errorf("sheet name %q: %w", name, err)
	}
	styles, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	// Last column first: excelize puts each new width before the ones set,
	// and Excel wants the columns in ascending order.
	for i := len(t.Columns) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, width(t.Columns[i])); err != nil {
			return nil, err
		}
	}
	// The header row stays in view while scrolling.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = excelize.Cell{StyleID: styles.bold, Value: c.Heading}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{StyleID: styles.bold}); err != nil {
		return nil, err
	}
	cells := make([]any, len(t.Columns))
	for r, row := range t.Rows {
		if len(row) > len(t.Columns) {
			return nil, fmt.Errorf("row %d: %d values for %d columns", r+1, len(row), len(t.Columns))
		}
		clear(cells)
		for i, v := range row {
			if cells[i], err = styles.cell(t.Columns[i], v); err != nil {
				return nil, fmt.Errorf("row %d, column %q: %w", r+1, t.Columns[i].Heading, err)
			}
		}
		ref, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return nil, err
		}
		if err := sw.SetRow(ref, cells); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type styles struct{ bold, date, amount int }

func newStyles(f *excelize.File) (s styles, err error) {
	dateFormat := DateFormat
	if s.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return s, err
	}
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFormat}); err != nil {
		return s, err
	}
	s.amount, err = f.NewStyle(&excelize.Style{NumFmt: AmountFormat})
	return s, err
}

// cell is v as a typed cell of column c, nil for an empty one.
func (s styles) cell(c sheet.Column, v any) (any, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		return excelize.Cell{Value: v}, nil // an inline string, never a formula
	case time.Time:
		if c.Kind != sheet.Instant {
			return nil, fmt.Errorf("a time in a column of kind %d", c.Kind)
		}
		if v.IsZero() {
			return nil, nil
		}
		// To the second, truncated: DateFormat shows whole seconds, and Excel
		// would round 15:59:59.999 up to a 16:00:00 that is past a deadline.
		return excelize.Cell{StyleID: s.date, Value: v.Truncate(time.Second)}, nil
	case int64:
		if c.Kind != sheet.SEK {
			return nil, fmt.Errorf("an amount in a column of kind %d", c.Kind)
		}
		return excelize.Cell{StyleID: s.amount, Value: v}, nil
	default:
		return nil, fmt.Errorf("a value of type %T", v)
	}
}

// width is c's width in characters.
func width(c sheet.Column) float64 {
	switch {
	case c.Width > 0:
		return c.Width
	case c.Kind == sheet.Instant:
		return 20
	case c.Kind == sheet.SEK:
		return 14
	}
	return 24
}
