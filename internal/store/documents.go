package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

// ErrDocumentChanged: an appendix behind the link changed between the
// read and the write (another tab uploaded or removed one).
var ErrDocumentChanged = errors.New("document changed since read")

// docAttr is a document as stored, in a document item and in its
// application.
type docAttr struct {
	Kind       string `dynamodbav:"kind"`
	Name       string `dynamodbav:"name"`
	Format     string `dynamodbav:"format"`
	Size       int64  `dynamodbav:"size"`
	Key        string `dynamodbav:"key"`
	Version    string `dynamodbav:"version,omitempty"`
	ETag       string `dynamodbav:"etag,omitempty"`
	UploadedAt string `dynamodbav:"uploadedAt"`
}

func toDocAttr(d programme.Document) docAttr {
	return docAttr{Kind: string(d.Kind), Name: d.Name, Format: string(d.Format), Size: d.Size, Key: d.Key,
		Version: d.Version, ETag: d.ETag, UploadedAt: fmtTime(d.UploadedAt)}
}

func (a docAttr) document() (programme.Document, error) {
	at, err := parseTime(a.UploadedAt)
	return programme.Document{Kind: programme.DocumentKind(a.Kind), Name: a.Name, Format: programme.FileFormat(a.Format),
		Size: a.Size, Key: a.Key, Version: a.Version, ETag: a.ETag, UploadedAt: at}, err
}

// docItem is an appendix uploaded behind a link (PK=PROOF#<token hash>,
// SK=DOC#<kind>): one per kind, never in an index, gone with its proof
// (the same TTL). The file itself is in the documents bucket.
type docItem struct {
	PK        string  `dynamodbav:"PK"`
	SK        string  `dynamodbav:"SK"`
	Entity    string  `dynamodbav:"entity"`
	Doc       docAttr `dynamodbav:"doc"`
	ExpiresAt int64   `dynamodbav:"expiresAt"`
}

func docSK(kind programme.DocumentKind) string { return "DOC#" + string(kind) }

// unusedProof is the condition that the proof exists and has made no
// application: what every change behind a link needs.
func (s *Store) unusedProof(tokenHash string) types.TransactWriteItem {
	return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: &s.table, Key: key(proofPK(tokenHash), "PROOF"),
		ConditionExpression: aws.String("attribute_exists(PK) AND attribute_not_exists(usedBy)")}}
}

// sameDocument is the condition that the kind's document behind the link
// is still prev (prev "": there is none).
func sameDocument(prev string) (*string, map[string]string, map[string]types.AttributeValue) {
	if prev == "" {
		return aws.String("attribute_not_exists(PK)"), nil, nil
	}
	return aws.String("doc.#key = :prev"), map[string]string{"#key": "key"}, map[string]types.AttributeValue{":prev": str(prev)}
}

// PutDocument records a checked upload behind proof p, replacing the
// kind's document prev (its key; "" for none), as long as the proof is
// unused. ErrProof: the proof is used or gone; ErrDocumentChanged: the
// kind's document is no longer prev.
func (s *Store) PutDocument(ctx context.Context, p programme.Proof, d programme.Document, prev string) error {
	item, err := attributevalue.MarshalMap(docItem{PK: proofPK(p.TokenHash), SK: docSK(d.Kind), Entity: "document", Doc: toDocAttr(d),
		ExpiresAt: p.ExpiresAt.Add(ProofRetention).Unix()})
	if err != nil {
		return fmt.Errorf("encode document: %w", err)
	}
	cond, names, values := sameDocument(prev)
	return s.changeDocument(ctx, "put document", p.TokenHash, types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item,
		ConditionExpression: cond, ExpressionAttributeNames: names, ExpressionAttributeValues: values}})
}

// RemoveDocument deletes the kind's document behind proof p if it is
// still the one with key; errors as PutDocument's.
func (s *Store) RemoveDocument(ctx context.Context, p programme.Proof, kind programme.DocumentKind, docKey string) error {
	cond, names, values := sameDocument(docKey)
	return s.changeDocument(ctx, "remove document", p.TokenHash, types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table,
		Key: key(proofPK(p.TokenHash), docSK(kind)), ConditionExpression: cond, ExpressionAttributeNames: names,
		ExpressionAttributeValues: values}})
}

func (s *Store) changeDocument(ctx context.Context, what, tokenHash string, change types.TransactWriteItem) error {
	_, err := s.transactAlso(ctx, what, []types.TransactWriteItem{s.unusedProof(tokenHash), change}, time.Time{}, nil)
	var fail *itemFailed
	switch {
	case errors.As(err, &fail) && fail.index == 0:
		return ErrProof
	case errors.As(err, &fail):
		return ErrDocumentChanged
	case err != nil:
		return err
	}
	return nil
}

// Documents are the appendices behind the proof whose token hashes to
// tokenHash, in the form's order.
func (s *Store) Documents(ctx context.Context, tokenHash string) ([]programme.Document, error) {
	pk := proofPK(tokenHash)
	if !holdable(pk, "DOC#") {
		return nil, nil
	}
	out, err := s.db.Query(ctx, &dynamodb.QueryInput{
		TableName:              &s.table,
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :doc)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(pk), ":doc": str("DOC#"),
		},
		ConsistentRead:         aws.Bool(true),
		ReturnConsumedCapacity: s.returnCapacity(),
	})
	if err != nil {
		return nil, fmt.Errorf("query documents: %w", err)
	}
	if out.ConsumedCapacity != nil {
		s.capacity("documents", *out.ConsumedCapacity)
	}
	byKind := map[programme.DocumentKind]programme.Document{}
	for _, raw := range out.Items {
		var it docItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return nil, fmt.Errorf("decode document: %w", err)
		}
		d, err := it.Doc.document()
		if err != nil {
			return nil, err
		}
		byKind[d.Kind] = d
	}
	var docs []programme.Document
	for _, k := range programme.DocumentKinds {
		if d, ok := byKind[k]; ok {
			docs = append(docs, d)
		}
	}
	return docs, nil
}

// KeepDocument makes a submission depend on the kind's document behind
// the link being still the one read (Key): an upload in another tab
// between the read and the write refuses the submission
// (ErrDocumentChanged) instead of recording a file that is gone.
type KeepDocument struct {
	TokenHash string
	Kind      programme.DocumentKind
	Key       string
}

func (k KeepDocument) item(s *Store, _ time.Time) (types.TransactWriteItem, error) {
	cond, names, values := sameDocument(k.Key)
	return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: &s.table, Key: key(proofPK(k.TokenHash), docSK(k.Kind)),
		ConditionExpression: cond, ExpressionAttributeNames: names, ExpressionAttributeValues: values}}, nil
}

// Refused is ErrDocumentChanged.
func (k KeepDocument) Refused() error { return ErrDocumentChanged }

// KeptDocuments are the keys of the documents that round's applications
// keep: every application's, but those of a rejected or withdrawn one whose
// contact details the retention job has erased (its documents go with
// them). A GSI1 Query for the round's references, then the documents of
// each (BatchGetItem).
func (s *Store) KeptDocuments(ctx context.Context, roundID string) (map[string]bool, error) {
	var keys []map[string]types.AttributeValue
	q := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		FilterExpression:          aws.String("entity = :app"),
		ProjectionExpression:      aws.String("#id"),
		ExpressionAttributeNames:  map[string]string{"#id": "id"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundPK(roundID)), ":app": str("application")}})
	for q.HasMorePages() {
		page, err := q.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("applications of %s: %w", roundID, err)
		}
		for _, it := range page.Items {
			if id, ok := it["id"].(*types.AttributeValueMemberS); ok {
				keys = append(keys, key(appPK(id.Value), "APP"))
			}
		}
	}
	kept := map[string]bool{}
	err := s.batchGet(ctx, keys,
		func(item map[string]types.AttributeValue) error {
			var it struct {
				Documents []docAttr         `dynamodbav:"documents"`
				Status    string            `dynamodbav:"status"`
				Redacted  map[string]string `dynamodbav:"redacted"`
			}
			if err := attributevalue.UnmarshalMap(item, &it); err != nil {
				return fmt.Errorf("decode documents: %w", err)
			}
			erased := len(it.Redacted) > 0 && (it.Status == string(programme.AppRejected) || it.Status == string(programme.AppWithdrawn))
			for _, d := range it.Documents {
				if !erased {
					kept[d.Key] = true
				}
			}
			return nil
		})
	return kept, err
}
