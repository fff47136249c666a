// Package sheet is a table for people to open in a spreadsheet program: a
// named sheet, a header row, and columns whose cells have a kind (text, an
// instant, an amount in kronor), so that the file gives dates as dates and
// amounts as numbers. It imports nothing: the handlers build a Table, and
// the one function that writes files (the export function, with
// internal/sheet/xlsx) links the spreadsheet library; no other binary does.
package sheet

// Kind is what a column's cells are.
type Kind int

const (
	// Text is shown as written and never evaluated: a value that starts
	// with "=" stays those characters.
	Text Kind = iota
	// Instant is a moment, a time.Time, shown as a date and time on the
	// wall clock of its location (the caller's: time.Time.In).
	Instant
	// SEK is whole kronor, an int64, shown as a number with thousands
	// separators.
	SEK
)

// Column is one column: its heading and its cells' kind.
type Column struct {
	Heading string
	Kind    Kind
	// Width in characters; 0 is a width that suits the kind.
	Width float64
}

// Table is one sheet: Name (at most 31 characters, none of []:*?/\),
// Columns, and Rows with one value per column: a string in a Text column, a
// time.Time in an Instant column, an int64 in an SEK column, or nil for an
// empty cell. A string is accepted in any column (shown as text).
type Table struct {
	Name    string
	Columns []Column
	Rows    [][]any
}

// Writer writes a table as a file: its bytes, or an error for a table that
// breaks the rules above.
type Writer func(Table) ([]byte, error)
