package intake

import (
	"context"
	"errors"
	"fmt"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Files is the documents bucket (package bucket, on S3).
type Files interface {
	// UploadForm signs a browser's upload into folder (its address and
	// fields); S3 sends the browser on to redirect.
	UploadForm(ctx context.Context, folder string, maxBytes int64, redirect string, expires time.Time) (string, [][2]string, error)
	// Inspect reads what a check needs of an uploaded object (found:
	// there is one at key).
	Inspect(ctx context.Context, key string) (f programme.UploadedFile, found bool, err error)
	// Delete removes an object version.
	Delete(ctx context.Context, key, version string) error
	// ReadLink is a short-lived link that reads a document (not one the
	// malware scan found a threat in: programme.ErrDocumentBlocked).
	ReadLink(ctx context.Context, d programme.Document) (string, error)
}

// UploadFormTTL is how long a page's upload forms stay valid (never past
// the round's deadline: S3 itself refuses a late upload then).
const UploadFormTTL = 2 * time.Hour

// Slot is one appendix on the documents page: the round's rule for it,
// what is uploaded, and the signed form that uploads a file for it.
type Slot struct {
	programme.Appendix
	Doc    *programme.Document
	URL    string
	Fields [][2]string
}

// DocumentsPage is what the documents page shows behind a link.
type DocumentsPage struct {
	Round programme.Round
	Proof programme.Proof
	Slots []Slot
}

// Documents opens the documents page of the link (token) for round: its
// appendices, what is uploaded, and a signed upload form for each (S3
// sends the browser on to redirect(kind) afterwards). The proof comes
// with an *ErrProofInvalid when the link does not open.
func (s *Service) Documents(ctx context.Context, roundID, token string, redirect string) (DocumentsPage, error) {
	round, err := s.linkRound(ctx, roundID)
	if err != nil {
		return DocumentsPage{}, err
	}
	p, err := s.OpenForm(ctx, round.ID, token)
	page := DocumentsPage{Round: round, Proof: p}
	if err != nil {
		return page, err
	}
	docs, err := s.Store.Documents(ctx, p.TokenHash)
	if err != nil {
		return page, err
	}
	expires := s.Now().Add(UploadFormTTL)
	if round.ClosesAt.Before(expires) {
		expires = round.ClosesAt
	}
	for _, a := range round.Rules.Appendices() {
		slot := Slot{Appendix: a}
		for _, d := range docs {
			if d.Kind == a.Kind {
				slot.Doc = &d
			}
		}
		folder := programme.UploadFolder(round.ID, programme.ProofID(p.TokenHash), a.Kind, programme.NewNonce())
		if slot.URL, slot.Fields, err = s.Files.UploadForm(ctx, folder, a.MaxBytes, redirect, expires); err != nil {
			return page, err
		}
		page.Slots = append(page.Slots, slot)
	}
	return page, nil
}

// linkRound reads the round a link's page names: a round that does not
// exist makes the link not open (*ErrProofInvalid).
func (s *Service) linkRound(ctx context.Context, id string) (programme.Round, error) {
	r, err := s.Store.Round(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return r, &ErrProofInvalid{Code: programme.CodeProofRound}
	}
	if err != nil {
		return r, fmt.Errorf("read round %s: %w", id, err)
	}
	return r, nil
}

// LinkDocuments are the appendices uploaded behind the link (token).
func (s *Service) LinkDocuments(ctx context.Context, token string) ([]programme.Document, error) {
	if !programme.ValidToken(token) {
		return nil, nil
	}
	return s.Store.Documents(ctx, programme.Hash(token))
}

// Uploaded checks the file S3 stored at key for the link (token) of round
// and records it as the appendix its key names, replacing the one before
// (whose file is deleted). A file that does not count is deleted and its
// problem returned (a programme.FieldErrors of one, on "documents.<kind>").
// The same key again changes nothing: S3's redirect may be reloaded.
//
// Errors: programme.FieldErrors, *ErrProofInvalid, or a wrapped
// infrastructure error.
func (s *Service) Uploaded(ctx context.Context, roundID, token, key string) (programme.Document, error) {
	round, err := s.linkRound(ctx, roundID)
	if err != nil {
		return programme.Document{}, err
	}
	p, err := s.OpenForm(ctx, round.ID, token)
	if err != nil {
		return programme.Document{}, err
	}
	kind, name, ok := programme.ParseUploadKey(key, round.ID, programme.ProofID(p.TokenHash))
	appendix, taken := round.Rules.Appendix(kind)
	if !ok || !taken {
		// Not a key of this link's: say nothing of it, touch nothing.
		return programme.Document{}, programme.FieldErrors{{Field: "documents", Code: programme.CodeNoUpload}}
	}
	f, found, err := s.Files.Inspect(ctx, key)
	if err != nil {
		return programme.Document{}, err
	}
	if !found {
		return programme.Document{}, programme.FieldErrors{{Field: "documents", Code: programme.CodeNoUpload}}
	}
	format := f.Format()
	if problem := programme.CheckUpload(appendix, f.Size, format, f.Scan); problem != nil {
		s.Log.InfoContext(ctx, "upload refused", "round", round.ID, "kind", kind, "code", problem.Code, "size", f.Size, "format", format)
		if err := s.Files.Delete(ctx, key, f.Version); err != nil {
			return programme.Document{}, err
		}
		return programme.Document{}, programme.FieldErrors{*problem}
	}
	doc := programme.Document{Kind: kind, Name: programme.CleanFileName(name, format), Format: format, Size: f.Size,
		Key: key, Version: f.Version, ETag: f.ETag, UploadedAt: s.Now()}
	for attempt := 0; ; attempt++ {
		prev, err := s.document(ctx, p, kind)
		if err != nil {
			return doc, err
		}
		if prev.Key == key {
			return prev, nil // recorded already
		}
		switch err := s.Store.PutDocument(ctx, p, doc, prev.Key); {
		case errors.Is(err, store.ErrDocumentChanged) && attempt == 0:
			continue // another tab changed it just now: read again
		case errors.Is(err, store.ErrProof):
			// The link made its application meanwhile: this file does not count.
			_ = s.Files.Delete(ctx, key, f.Version)
			return doc, programme.FieldErrors{{Field: "proof", Code: programme.CodeProofUsed}}
		case err != nil:
			return doc, err
		}
		s.Log.InfoContext(ctx, "upload checked and recorded", "round", round.ID, "kind", kind, "size", f.Size, "format", format,
			"replaced", prev.Key != "")
		if prev.Key != "" {
			s.forget(ctx, prev)
		}
		return doc, nil
	}
}

// RemoveDocument removes the link's appendix of a kind, and its file.
// Removing one that is not there changes nothing.
func (s *Service) RemoveDocument(ctx context.Context, roundID, token string, kind programme.DocumentKind) error {
	round, err := s.linkRound(ctx, roundID)
	if err != nil {
		return err
	}
	p, err := s.OpenForm(ctx, round.ID, token)
	if err != nil {
		return err
	}
	d, err := s.document(ctx, p, kind)
	if err != nil || d.Key == "" {
		return err
	}
	switch err := s.Store.RemoveDocument(ctx, p, kind, d.Key); {
	case errors.Is(err, store.ErrDocumentChanged):
		return nil // replaced or removed in another tab meanwhile: that stands
	case errors.Is(err, store.ErrProof):
		return programme.FieldErrors{{Field: "proof", Code: programme.CodeProofUsed}}
	case err != nil:
		return err
	}
	s.Log.InfoContext(ctx, "document removed", "round", round.ID, "kind", kind)
	s.forget(ctx, d)
	return nil
}

// forget deletes a document's file that no longer counts; a failure is
// logged only (the retention job's sweep deletes what no application
// names).
func (s *Service) forget(ctx context.Context, d programme.Document) {
	if err := s.Files.Delete(ctx, d.Key, d.Version); err != nil {
		s.Log.WarnContext(ctx, "a replaced document's file was not deleted; the retention sweep will", "error", err)
	}
}

func (s *Service) document(ctx context.Context, p programme.Proof, kind programme.DocumentKind) (programme.Document, error) {
	docs, err := s.Store.Documents(ctx, p.TokenHash)
	if err != nil {
		return programme.Document{}, fmt.Errorf("read documents: %w", err)
	}
	for _, d := range docs {
		if d.Kind == kind {
			return d, nil
		}
	}
	return programme.Document{}, nil
}

// PartnerDocument is a read link to a document of the application ref, for
// its partner or the Swedish party's signatory (key opens either's page).
//
// Errors: ErrNotFound (no such application, key or document),
// programme.ErrDocumentBlocked.
func (s *Service) PartnerDocument(ctx context.Context, ref, key string, kind programme.DocumentKind) (string, error) {
	app, _, _, err := s.ForConfirmation(ctx, ref, key)
	if err != nil {
		return "", err
	}
	for _, d := range app.Documents {
		if d.Kind == kind {
			return s.Files.ReadLink(ctx, d)
		}
	}
	return "", ErrNotFound
}
