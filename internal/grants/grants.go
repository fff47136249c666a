// Package grants is the life of a grant after its decision: the grantee's
// page behind the Swedish party's secret link (the grant, its years'
// reports, what was reimbursed, change requests), the reports written,
// uploaded and submitted there, and staff's side: approving or returning a
// report, deciding a change request, the overview of every grant. The rules
// are programme's (grant.go); the writes are the store's transactions,
// each conditioned on the versions read, so two people at once change
// nothing twice.
package grants

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Store is what grants need of the table (*store.Store).
type Store interface {
	Rounds(ctx context.Context) ([]programme.Round, error)
	Round(ctx context.Context, id string) (programme.Round, error)
	Application(ctx context.Context, ref string) (programme.Application, store.Secrets, error)
	GrantFile(ctx context.Context, ref string) (store.GrantFile, error)
	Grants(ctx context.Context, roundID string) ([]programme.Grant, error)
	WriteReport(ctx context.Context, g *programme.Grant, r programme.Report, audit *store.Audit, at time.Time) error
	RequestChange(ctx context.Context, c programme.ChangeRequest, audit store.Audit) error
	DecideChange(ctx context.Context, c programme.ChangeRequest, a *programme.Amendment, audit store.Audit) error
}

// Files is the documents bucket (package bucket, on S3).
type Files interface {
	UploadForm(ctx context.Context, folder string, maxBytes int64, redirect string, expires time.Time) (string, [][2]string, error)
	Inspect(ctx context.Context, key string) (f programme.UploadedFile, found bool, err error)
	Delete(ctx context.Context, key, version string) error
	ReadLink(ctx context.Context, d programme.Document) (string, error)
	// Read reads an object version whole, at most max bytes.
	Read(ctx context.Context, key, version string, max int64) ([]byte, error)
}

// Service is the grantee's and staff's work on grants.
type Service struct {
	Store Store
	Files Files
	Now   func() time.Time
	Log   *slog.Logger
	// ReadAccounts reads the accounts of a workbook on the programme's
	// template (xlsx.ReadAccounts); nil where no workbook is read.
	ReadAccounts func(data []byte, g programme.Grant) ([]programme.Account, int64, error)
}

// Errors of the service, besides programme's.
var (
	// ErrNotFound: no grant behind that reference and key (or no such
	// year, report, change or document). It says nothing more.
	ErrNotFound = errors.New("no grant with that link")
	// ErrChanged: someone changed the grant or the report since it was
	// read (another tab, another staff member); read again.
	ErrChanged = errors.New("the grant changed meanwhile")
)

// File is a grant with all a page shows of it.
type File struct {
	store.GrantFile
	Round programme.Round
}

// Report is year y's report, or a blank one (state "") if none is started.
func (f File) Report(y int) programme.Report {
	for _, r := range f.Reports {
		if r.Year == y {
			return r
		}
	}
	return programme.Report{Ref: f.Grant.Ref, Year: y}
}

// Change is the change request with the id.
func (f File) Change(id string) (programme.ChangeRequest, bool) {
	i := slices.IndexFunc(f.Changes, func(c programme.ChangeRequest) bool { return c.ID == id })
	if i < 0 {
		return programme.ChangeRequest{}, false
	}
	return f.Changes[i], true
}

// file reads a grant with its round.
func (s *Service) file(ctx context.Context, ref string) (File, error) {
	gf, err := s.Store.GrantFile(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return File{}, ErrNotFound
	}
	if err != nil {
		return File{}, fmt.Errorf("read grant %s: %w", ref, err)
	}
	r, err := s.Store.Round(ctx, gf.Grant.RoundID)
	if err != nil {
		return File{}, fmt.Errorf("read round %s: %w", gf.Grant.RoundID, err)
	}
	return File{GrantFile: gf, Round: r}, nil
}

// Open reads the grant behind the grantee's link: its reference and the
// key the decision email carried. Anything else is ErrNotFound.
func (s *Service) Open(ctx context.Context, ref, key string) (File, error) {
	if !programme.ValidToken(key) {
		return File{}, ErrNotFound
	}
	f, err := s.file(ctx, ref)
	if err != nil {
		return f, err
	}
	if f.KeyHash == "" || subtle.ConstantTimeCompare([]byte(programme.Hash(key)), []byte(f.KeyHash)) != 1 {
		return File{}, ErrNotFound
	}
	return f, nil
}

// Staff reads a grant for staff (behind the authorizer).
func (s *Service) Staff(ctx context.Context, ref string) (File, error) { return s.file(ctx, ref) }

// audit is an audit line of the grantee's or staff's.
func audit(actor, code, event string, detail map[string]string) *store.Audit {
	return &store.Audit{Actor: actor, Code: code, Event: event, Detail: detail}
}

// Grantee is the actor of what the grantee does (the Swedish party, by
// its link: no name).
const Grantee = "grantee"

// SaveReport saves what the grantee entered in year y's report, starting
// it if none is started (once the year has begun); with submit, it is then
// submitted, complete, and locked. A draft that saves but does not submit
// is kept: the error lists what is missing. Documents are the uploads'
// (ReportUploaded): in.Documents is ignored.
//
// Errors: programme.FieldErrors, programme's grant errors, ErrNotFound,
// ErrChanged.
func (s *Service) SaveReport(ctx context.Context, ref, key string, y int, in programme.ReportInput, submit bool) (programme.Report, error) {
	f, err := s.Open(ctx, ref, key)
	if err != nil {
		return programme.Report{}, err
	}
	now := s.Now()
	g, r := f.Grant, f.Report(y)
	var changed *programme.Grant
	if r.State == "" {
		if g, r, err = programme.NewReport(g, y, now); err != nil {
			return r, err
		}
		changed = &g
	}
	in.Documents = r.Documents
	saved, err := programme.SaveReport(g, r, in, now)
	if err != nil {
		return r, err
	}
	var line *store.Audit
	var submitErr error
	if submit {
		var sg programme.Grant
		var sr programme.Report
		if sg, sr, submitErr = programme.SubmitReport(g, saved, now); submitErr == nil {
			saved, changed = sr, &sg
			line = audit(Grantee, programme.AuditReportSubmitted, "report submitted",
				map[string]string{"year": strconv.Itoa(y), "costs": strconv.FormatInt(sr.Costs(), 10), "submissions": strconv.Itoa(sr.Submissions)})
		}
	}
	if err := s.writeReport(ctx, f.Grant, changed, saved, line, now); err != nil {
		return r, err
	}
	if submitErr != nil {
		return saved, submitErr
	}
	if submit {
		s.Log.InfoContext(ctx, "report submitted", "ref", ref, "year", y, "submissions", saved.Submissions)
	}
	return saved, nil
}

// writeReport writes a report, and the grant if it changed, as read.
func (s *Service) writeReport(ctx context.Context, read programme.Grant, g *programme.Grant, r programme.Report, a *store.Audit, now time.Time) error {
	if g != nil {
		g.Version = read.Version
	}
	err := s.Store.WriteReport(ctx, g, r, a, now)
	if errors.Is(err, store.ErrConflict) {
		return ErrChanged
	}
	return err
}

// UploadFormTTL is how long a report page's upload forms stay valid.
const UploadFormTTL = 2 * time.Hour

// Slot is one of a report's documents on its page: the grant's rule for
// it, what is uploaded, and a signed form that uploads a file for it.
type Slot struct {
	Rule   programme.DocumentRule
	Doc    *programme.Document
	URL    string
	Fields [][2]string
}

// UploadSlots are year y's report's documents with a signed upload form
// each, after which S3 sends the browser to redirect. None once the
// report is locked.
func (s *Service) UploadSlots(ctx context.Context, f File, y int, redirect string) ([]Slot, error) {
	r := f.Report(y)
	var out []Slot
	for _, rule := range f.Grant.Documents {
		slot := Slot{Rule: rule}
		if i := slices.IndexFunc(r.Documents, func(d programme.Document) bool { return d.Kind == rule.Kind }); i >= 0 {
			slot.Doc = &r.Documents[i]
		}
		if r.State == "" || r.State.Editable() {
			folder := programme.ReportUploadFolder(f.Grant.Ref, y, rule.Kind, programme.NewNonce())
			var err error
			if slot.URL, slot.Fields, err = s.Files.UploadForm(ctx, folder, rule.MaxBytes, redirect, s.Now().Add(UploadFormTTL)); err != nil {
				return nil, err
			}
		}
		out = append(out, slot)
	}
	return out, nil
}

// Imported is what an accounts workbook brought into a report.
type Imported struct {
	Lines int
	Total int64
}

// ReportUploaded checks the file S3 stored at key for year y's report and
// records it as the document its key names, replacing the one before
// (whose file is deleted). The report is started if it was not. A file
// that does not count is deleted and its problem returned. An accounts
// workbook is read into the report's accounts and total (imported); one
// that cannot be read is refused with its problems, by line. The same key
// again changes nothing: S3's redirect may be reloaded.
func (s *Service) ReportUploaded(ctx context.Context, ref, key string, y int, objectKey string) (programme.Document, *Imported, error) {
	f, err := s.Open(ctx, ref, key)
	if err != nil {
		return programme.Document{}, nil, err
	}
	kind, name, ok := programme.ParseReportUploadKey(objectKey, ref, y)
	ri := slices.IndexFunc(f.Grant.Documents, func(d programme.DocumentRule) bool { return d.Kind == kind })
	if !ok || ri < 0 {
		return programme.Document{}, nil, programme.FieldErrors{{Field: "documents", Code: programme.CodeNoUpload}}
	}
	rule := f.Grant.Documents[ri]
	r := f.Report(y)
	if i := slices.IndexFunc(r.Documents, func(d programme.Document) bool { return d.Key == objectKey }); i >= 0 {
		return r.Documents[i], nil, nil // recorded already
	}
	up, found, err := s.Files.Inspect(ctx, objectKey)
	if err != nil {
		return programme.Document{}, nil, err
	}
	if !found {
		return programme.Document{}, nil, programme.FieldErrors{{Field: "documents", Code: programme.CodeNoUpload}}
	}
	format := up.Format()
	// refuse deletes a file that does not count and says why: its
	// problems by field, or a rule of the grant's (a year not started).
	refuse := func(problem error) (programme.Document, *Imported, error) {
		if err := s.Files.Delete(ctx, objectKey, up.Version); err != nil {
			return programme.Document{}, nil, err
		}
		s.Log.InfoContext(ctx, "report upload refused", "ref", ref, "year", y, "kind", kind, "problem", problem.Error(), "size", up.Size, "format", format)
		return programme.Document{}, nil, problem
	}
	if problem := programme.CheckUpload(programme.Appendix{DocumentRule: rule}, up.Size, format, up.Scan); problem != nil {
		problem.Field = "documents." + string(kind)
		return refuse(programme.FieldErrors{*problem})
	}
	g := f.Grant
	var changed *programme.Grant
	if r.State == "" {
		if g, r, err = programme.NewReport(g, y, s.Now()); err != nil {
			return refuse(err)
		}
		changed = &g
	}
	if !r.State.Editable() {
		return refuse(programme.ErrReportLocked)
	}
	doc := programme.Document{Kind: kind, Name: programme.CleanFileName(name, format), Format: format, Size: up.Size,
		Key: objectKey, Version: up.Version, ETag: up.ETag, UploadedAt: s.Now()}
	in := programme.ReportInput{Narrative: r.Narrative, Accounts: r.Accounts, Total: r.Total}
	var imported *Imported
	if kind == programme.AccountsWorkbook && s.ReadAccounts != nil {
		data, err := s.Files.Read(ctx, objectKey, up.Version, rule.MaxBytes)
		if err != nil {
			return programme.Document{}, nil, err
		}
		accounts, total, err := s.ReadAccounts(data, g)
		var fe programme.FieldErrors
		if errors.As(err, &fe) {
			return refuse(fe)
		}
		if err != nil {
			return programme.Document{}, nil, fmt.Errorf("read accounts workbook: %w", err)
		}
		in.Accounts, in.Total = accounts, total
		imported = &Imported{Lines: len(accounts), Total: total}
	}
	var prev *programme.Document
	for i, d := range r.Documents {
		if d.Kind == kind {
			prev = &r.Documents[i]
		}
	}
	in.Documents = append(slices.DeleteFunc(slices.Clone(r.Documents), func(d programme.Document) bool { return d.Kind == kind }), doc)
	saved, err := programme.SaveReport(g, r, in, s.Now())
	if err != nil {
		return refuse(err) // an imported workbook whose lines do not fit: its problems, by line
	}
	if err := s.writeReport(ctx, f.Grant, changed, saved, nil, s.Now()); err != nil {
		_ = s.Files.Delete(ctx, objectKey, up.Version)
		return programme.Document{}, nil, err
	}
	s.Log.InfoContext(ctx, "report upload recorded", "ref", ref, "year", y, "kind", kind, "size", up.Size, "format", format, "replaced", prev != nil)
	if prev != nil {
		if err := s.Files.Delete(ctx, prev.Key, prev.Version); err != nil {
			s.Log.WarnContext(ctx, "a replaced report document's file was not deleted", "error", err)
		}
	}
	return doc, imported, nil
}

// RemoveDocument removes a document of a kind from year y's editable
// report, and its file. One that is not there changes nothing.
func (s *Service) RemoveDocument(ctx context.Context, ref, key string, y int, kind programme.DocumentKind) error {
	f, err := s.Open(ctx, ref, key)
	if err != nil {
		return err
	}
	r := f.Report(y)
	i := slices.IndexFunc(r.Documents, func(d programme.Document) bool { return d.Kind == kind })
	if i < 0 {
		return nil
	}
	if !r.State.Editable() {
		return programme.ErrReportLocked
	}
	d := r.Documents[i]
	r.Documents = slices.Delete(slices.Clone(r.Documents), i, i+1)
	r.UpdatedAt = s.Now()
	if err := s.writeReport(ctx, f.Grant, nil, r, nil, s.Now()); err != nil {
		return err
	}
	if err := s.Files.Delete(ctx, d.Key, d.Version); err != nil {
		s.Log.WarnContext(ctx, "a removed report document's file was not deleted", "error", err)
	}
	return nil
}

// DocumentLink is a short-lived read link to a document of year y's
// report (the file is the grant's: staff, or the grantee by its link).
func (s *Service) DocumentLink(ctx context.Context, f File, y int, kind programme.DocumentKind) (string, error) {
	r := f.Report(y)
	i := slices.IndexFunc(r.Documents, func(d programme.Document) bool { return d.Kind == kind })
	if i < 0 {
		return "", ErrNotFound
	}
	return s.Files.ReadLink(ctx, r.Documents[i])
}

// RequestChange records the grantee's change request (programme.RequestChange).
func (s *Service) RequestChange(ctx context.Context, ref, key string, in programme.ChangeInput) (programme.ChangeRequest, error) {
	f, err := s.Open(ctx, ref, key)
	if err != nil {
		return programme.ChangeRequest{}, err
	}
	rule, _ := f.Round.Rules.Type(f.Grant.Type)
	c, err := programme.RequestChange(f.Grant, in, rule, s.Now())
	if err != nil {
		return c, err
	}
	c.ID = programme.NewNonce()
	err = s.Store.RequestChange(ctx, c, *audit(Grantee, programme.AuditChangeRequested, "change requested: "+string(c.Kind),
		map[string]string{"change": c.ID, "kind": string(c.Kind), "reason": c.Reason}))
	if errors.Is(err, store.ErrConflict) {
		return c, ErrChanged
	}
	if err != nil {
		return c, err
	}
	s.Log.InfoContext(ctx, "change requested", "ref", ref, "change", c.ID, "kind", c.Kind)
	return c, nil
}
