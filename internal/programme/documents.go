package programme

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DocumentKind names an appendix the programme asks for.
type DocumentKind string

const (
	LetterOfIntent DocumentKind = "letter-of-intent" // signed by both partners' leadership
	BudgetTemplate DocumentKind = "budget"           // on the programme's template
	PlanningTool   DocumentKind = "planning-tool"    // the Logical Framework Approach matrix
	OtherDocument  DocumentKind = "other"            // anything else the applicant wants read
)

// DocumentKinds are the kinds in the order the form shows them.
var DocumentKinds = []DocumentKind{LetterOfIntent, BudgetTemplate, PlanningTool, OtherDocument}

// FileFormat is a file's real type, read from its first bytes (and, for
// the Office formats, from the names in its zip directory): never from its
// name or the type the browser declared.
type FileFormat string

const (
	PDF  FileFormat = "pdf"
	XLSX FileFormat = "xlsx"
	DOCX FileFormat = "docx"
	PNG  FileFormat = "png"
	JPEG FileFormat = "jpeg"
)

// ContentType is the media type a download of the format is served with.
func (f FileFormat) ContentType() string {
	switch f {
	case PDF:
		return "application/pdf"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case PNG:
		return "image/png"
	case JPEG:
		return "image/jpeg"
	}
	return "application/octet-stream"
}

// Extension is the format's usual file name extension, with the dot.
func (f FileFormat) Extension() string {
	if f == JPEG {
		return ".jpg"
	}
	return "." + string(f)
}

// Label is how a person names the format: "PDF", "Excel (XLSX)".
func (f FileFormat) Label() string {
	switch f {
	case XLSX:
		return "Excel (.xlsx)"
	case DOCX:
		return "Word (.docx)"
	case PNG, JPEG:
		return strings.ToUpper(string(f))
	}
	return strings.ToUpper(string(f))
}

var knownFormats = []FileFormat{PDF, XLSX, DOCX, PNG, JPEG}

// SniffBytes is how much of a file's start DetectFormat needs.
const SniffBytes = 1024

// DetectFormat names a file's format from its first bytes (head, at least
// SniffBytes of them when the file is that long) and, for a zip file, the
// names in its central directory (zipNames; the caller reads them, nil if
// the file is not a zip). "" is a format we do not accept: an executable,
// a macro-enabled Office file, HTML, anything else.
func DetectFormat(head []byte, zipNames []string) FileFormat {
	switch {
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return officeFormat(zipNames)
	}
	// PDF readers accept the header anywhere in the first kilobyte.
	if bytes.Contains(head[:min(len(head), SniffBytes)], []byte("%PDF-")) && !bytes.HasPrefix(head, []byte("MZ")) {
		return PDF
	}
	return ""
}

// officeFormat tells an Office Open XML workbook from a document by the
// parts its package has; macros (vbaProject.bin) are refused.
func officeFormat(names []string) FileFormat {
	has := func(n string) bool { return slices.Contains(names, n) }
	if !has("[Content_Types].xml") {
		return ""
	}
	for _, n := range names {
		if strings.HasSuffix(strings.ToLower(n), "vbaproject.bin") {
			return ""
		}
	}
	switch {
	case has("xl/workbook.xml"):
		return XLSX
	case has("word/document.xml"):
		return DOCX
	}
	return ""
}

// MaxDocumentBytes is the largest file any rule may accept.
const MaxDocumentBytes = 25 << 20

// DocumentRule is one appendix a project type asks for.
type DocumentRule struct {
	Kind     DocumentKind `json:"kind"`
	Required bool         `json:"required"`
	Formats  []FileFormat `json:"formats"`
	MaxBytes int64        `json:"maxBytes"`
}

// Accepts says whether the rule takes a file of format f.
func (d DocumentRule) Accepts(f FileFormat) bool { return f != "" && slices.Contains(d.Formats, f) }

func (d DocumentRule) validate() error {
	if !slices.Contains(DocumentKinds, d.Kind) {
		return fmt.Errorf("unknown document kind %q", d.Kind)
	}
	if d.MaxBytes <= 0 || d.MaxBytes > MaxDocumentBytes {
		return fmt.Errorf("document %s: maxBytes %d is not in 1..%d", d.Kind, d.MaxBytes, MaxDocumentBytes)
	}
	if len(d.Formats) == 0 {
		return fmt.Errorf("document %s: no formats", d.Kind)
	}
	for _, f := range d.Formats {
		if !slices.Contains(knownFormats, f) {
			return fmt.Errorf("document %s: unknown format %q", d.Kind, f)
		}
	}
	return nil
}

// Document returns the type's rule for a kind of appendix, if it asks for it.
func (t TypeRule) Document(kind DocumentKind) (DocumentRule, bool) {
	for _, d := range t.Documents {
		if d.Kind == kind {
			return d, true
		}
	}
	return DocumentRule{}, false
}

// Appendix is one kind of appendix a round asks for, with the types that
// require it and the ones that take it; the form's checklist.
type Appendix struct {
	DocumentRule
	RequiredFor []ProjectType
	TakenBy     []ProjectType
}

// Appendices are the appendices of any of the round's types, in the
// form's order. Two types that take one kind with other formats or sizes
// get their union of formats and the larger size here (the upload's
// limits); the type chosen at submission decides what counts.
func (r Rules) Appendices() []Appendix {
	var out []Appendix
	for _, kind := range DocumentKinds {
		var a Appendix
		for _, t := range r.Types {
			d, ok := t.Document(kind)
			if !ok {
				continue
			}
			a.Kind = kind
			a.MaxBytes = max(a.MaxBytes, d.MaxBytes)
			for _, f := range d.Formats {
				if !slices.Contains(a.Formats, f) {
					a.Formats = append(a.Formats, f)
				}
			}
			a.TakenBy = append(a.TakenBy, t.Type)
			if d.Required {
				a.RequiredFor = append(a.RequiredFor, t.Type)
				a.Required = true
			}
		}
		if a.Kind != "" {
			out = append(out, a)
		}
	}
	return out
}

// Appendix returns the round's appendix of a kind, if any type takes it.
func (r Rules) Appendix(kind DocumentKind) (Appendix, bool) {
	for _, a := range r.Appendices() {
		if a.Kind == kind {
			return a, true
		}
	}
	return Appendix{}, false
}

// Document is an uploaded file that passed the checks: what the
// application records of it.
type Document struct {
	Kind   DocumentKind `json:"kind"`
	Name   string       `json:"name"` // clean, for display and the download's file name
	Format FileFormat   `json:"format"`
	Size   int64        `json:"size"`
	// Key and Version name the object in the documents bucket; ETag is its
	// content's tag there.
	Key        string    `json:"key"`
	Version    string    `json:"version,omitempty"`
	ETag       string    `json:"etag,omitempty"`
	UploadedAt time.Time `json:"uploadedAt"`
}

// Upload error codes: why a file did not count (FieldError on
// "documents.<kind>").
const (
	CodeFileEmpty     = "file_empty"
	CodeFileTooLarge  = "file_too_large"
	CodeFileType      = "file_type"
	CodeFileThreat    = "file_threat"
	CodeFileKind      = "file_kind"
	CodeDocumentMoved = "document_changed"
	CodeNoUpload      = "no_upload" // the key names no upload of the link's
)

// Malware scanning (GuardDuty Malware Protection for S3) tags each object
// it scanned with ScanTag; an object tagged ScanThreat never counts.
const (
	ScanTag    = "GuardDutyMalwareScanStatus"
	ScanThreat = "THREATS_FOUND"
)

// ErrDocumentBlocked: the malware scan found a threat in a document; it
// is never read.
var ErrDocumentBlocked = errors.New("document blocked: the malware scan found a threat")

// CheckUpload decides whether an uploaded file counts for an appendix: the
// size the store reports, the format its bytes show, and the malware
// scan's verdict so far (scan: the ScanTag's value, "" while none). It
// returns the problem, or nil.
func CheckUpload(a Appendix, size int64, f FileFormat, scan string) *FieldError {
	field := "documents." + string(a.Kind)
	switch {
	case scan == ScanThreat:
		return &FieldError{Field: field, Code: CodeFileThreat}
	case size <= 0:
		return &FieldError{Field: field, Code: CodeFileEmpty}
	case size > a.MaxBytes:
		return &FieldError{Field: field, Code: CodeFileTooLarge, Args: []any{FormatBytes(a.MaxBytes)}}
	case !a.Accepts(f):
		return &FieldError{Field: field, Code: CodeFileType, Args: []any{FormatList(a.Formats)}}
	}
	return nil
}

// CheckDocuments checks an application's documents against its type's
// rule: each required appendix is there, and each document is one the
// type takes, in a format and size it takes (a document uploaded for
// another type's appendix does not count for this one). The problems come
// in the form's order.
func CheckDocuments(t TypeRule, docs []Document) FieldErrors {
	var errs FieldErrors
	for _, kind := range DocumentKinds {
		i := slices.IndexFunc(docs, func(d Document) bool { return d.Kind == kind })
		rule, taken := t.Document(kind)
		field := "documents." + string(kind)
		switch {
		case i < 0 && taken && rule.Required:
			errs = append(errs, FieldError{Field: field, Code: CodeRequired})
		case i < 0:
		case !taken:
			errs = append(errs, FieldError{Field: field, Code: CodeFileKind})
		case docs[i].Size > rule.MaxBytes:
			errs = append(errs, FieldError{Field: field, Code: CodeFileTooLarge, Args: []any{FormatBytes(rule.MaxBytes)}})
		case !rule.Accepts(docs[i].Format):
			errs = append(errs, FieldError{Field: field, Code: CodeFileType, Args: []any{FormatList(rule.Formats)}})
		}
	}
	return errs
}

// FormatBytes is a size as people read it: "10 MB", "850 kB" (decimal
// prefixes over binary sizes: 10 MiB is shown as 10 MB, as browsers and
// file managers round them).
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		mb := float64(n) / (1 << 20)
		if mb == float64(int64(mb)) {
			return fmt.Sprintf("%d MB", int64(mb))
		}
		return strings.Replace(fmt.Sprintf("%.1f MB", mb), ".", ",", 1)
	case n >= 1<<10:
		return fmt.Sprintf("%d kB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// FormatList names formats for a person: "PDF, Word (.docx)".
func FormatList(fs []FileFormat) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Label()
	}
	return strings.Join(names, ", ")
}

// CleanFileName is the name a document is shown and downloaded with: the
// last part of what the browser sent (old browsers send a whole Windows
// path), without control, format or bidirectional characters (a
// right-to-left override makes "invoice\u202Efdp.exe" look like a PDF),
// without characters file systems refuse, at most 100 characters, and
// ending in the extension of its real format.
func CleanFileName(raw string, f FileFormat) string {
	if i := strings.LastIndexAny(raw, `/\`); i >= 0 {
		raw = raw[i+1:]
	}
	var b strings.Builder
	for _, r := range raw {
		switch {
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
		case strings.ContainsRune(`:*?"<>|`, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name := strings.Join(strings.Fields(b.String()), " ")
	name = strings.Trim(name, ". ")
	ext := f.Extension()
	stem := name
	if e := strings.ToLower(path.Ext(name)); e == ext || (f == JPEG && e == ".jpeg") {
		stem, ext = strings.TrimSuffix(name, path.Ext(name)), path.Ext(name)
	}
	if stem == "" {
		stem = "dokument"
	}
	if r := []rune(stem); len(r) > 100-len(ext) {
		stem = strings.TrimRight(string(r[:100-len(ext)]), ". ")
	}
	return stem + ext
}

// Upload keys: every file of one link's application lies under
// uploads/<round>/<proof id>/, one folder per appendix and upload, the
// browser's file name last (S3 puts it in place of ${filename}).
const uploadsPrefix = "uploads/"

// UploadFolder is where one upload of an appendix behind a link goes;
// nonce makes each upload's key new.
func UploadFolder(round, proofID string, kind DocumentKind, nonce string) string {
	return uploadsPrefix + round + "/" + proofID + "/" + string(kind) + "/" + nonce + "/"
}

// RoundUploads is the prefix of every upload of a round.
func RoundUploads(round string) string { return uploadsPrefix + round + "/" }

// LinkUploads is the prefix of every upload behind a link.
func LinkUploads(round, proofID string) string {
	return uploadsPrefix + round + "/" + proofID + "/"
}

// ParseUploadKey reads an upload's key back: the appendix's kind and the
// browser's file name, if the key lies under the link's uploads.
func ParseUploadKey(key, round, proofID string) (kind DocumentKind, name string, ok bool) {
	rest, found := strings.CutPrefix(key, LinkUploads(round, proofID))
	if !found {
		return "", "", false
	}
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) != 3 || parts[1] == "" || parts[2] == "" || !slices.Contains(DocumentKinds, DocumentKind(parts[0])) {
		return "", "", false
	}
	return DocumentKind(parts[0]), parts[2], true
}

// ZipTailBytes is how much of a zip file's end ZipNames needs: the central
// directory of an Office file is a few kilobytes.
const ZipTailBytes = 64 << 10

// ZipNames lists the names in a zip file's central directory from the
// file's last bytes (tail) and its whole size, without the rest of the
// file: nil if the directory does not lie within tail.
func ZipNames(tail []byte, size int64) []string {
	r, err := zip.NewReader(tailReader{tail: tail, off: size - int64(len(tail))}, size)
	if err != nil {
		return nil
	}
	names := make([]string, len(r.File))
	for i, f := range r.File {
		names[i] = f.Name
	}
	return names
}

// tailReader reads a file's last bytes at their offsets in the file.
type tailReader struct {
	tail []byte
	off  int64
}

func (t tailReader) ReadAt(p []byte, at int64) (int, error) {
	if at < t.off {
		return 0, errors.New("before the tail")
	}
	n := copy(p, t.tail[min(at-t.off, int64(len(t.tail))):])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// DocumentName is an appendix's name in lang.
func DocumentName(kind DocumentKind, lang Lang) string {
	return FieldLabel("documents."+string(kind), lang)
}

// UploadedFile is what the check of an upload reads of it in the bucket:
// its size, version and content tag, its first bytes, its zip directory's
// names if it is a zip, and the malware scan's verdict so far ("" while
// none).
type UploadedFile struct {
	Size     int64
	Version  string
	ETag     string
	Head     []byte
	ZipNames []string
	Scan     string
}

// Format is the file's real format.
func (f UploadedFile) Format() FileFormat { return DetectFormat(f.Head, f.ZipNames) }

// NewNonce is a fresh random name part (16 characters, URL-safe): one
// upload's folder.
func NewNonce() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b[:])
}
