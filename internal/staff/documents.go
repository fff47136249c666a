package staff

import (
	"context"
	"errors"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Files is what staff need of the documents bucket (package bucket).
type Files interface {
	// ReadLink is a short-lived link that reads a document (not one the
	// malware scan found a threat in: programme.ErrDocumentBlocked).
	ReadLink(ctx context.Context, d programme.Document) (string, error)
}

// ErrUnknownDocument: the application has no document of that kind.
var ErrUnknownDocument = errors.New("unknown document")

// DocumentLink is a short-lived read link to the application's document
// of a kind.
//
// Errors: ErrUnknownApplication, ErrUnknownDocument,
// programme.ErrDocumentBlocked.
func (s *Service) DocumentLink(ctx context.Context, ref string, kind programme.DocumentKind) (string, error) {
	app, _, err := s.Store.Application(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return "", ErrUnknownApplication
	}
	if err != nil {
		return "", err
	}
	for _, d := range app.Documents {
		if d.Kind == kind {
			link, err := s.Files.ReadLink(ctx, d)
			if err == nil {
				s.Log.InfoContext(ctx, "document read link issued", "ref", ref, "kind", kind)
			}
			return link, err
		}
	}
	return "", ErrUnknownDocument
}
