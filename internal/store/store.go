// Package store is the DynamoDB adapter: one table, access by key and GSI
// Query only, conditional writes and transactions for every state change that
// must happen once. It decides no policy; the programme package does.
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
)

// The table's key schema. template.yaml declares the same names; a test
// holds the two together.
const (
	KeyPK     = "PK"
	KeySK     = "SK"
	KeyGSI1PK = "GSI1PK"
	KeyGSI1SK = "GSI1SK"
	IndexGSI1 = "GSI1"
	KeyGSI2PK = "GSI2PK"
	KeyGSI2SK = "GSI2SK"
	IndexGSI2 = "GSI2"
)

// GSI1Projection lists the attributes GSI1 carries besides the keys: what a
// listing of rounds or of a round's applications shows without a GetItem.
var GSI1Projection = []string{
	"entity", "id", "status", "nameSv", "nameEn", "opensAt", "closesAt",
	"type", "theme", "title", "swedishOrganisation", "partnerCountry", "requestedTotal", "submittedAt",
	"reviewQueued", "partnerOrganisation", "grantedAmount", "decisionQueued",
}

// Errors the callers branch on.
var (
	ErrNotFound     = errors.New("not found")
	ErrRoundNotOpen = errors.New("round does not accept submissions at this time")
	ErrRefCollision = errors.New("reference already used by another submission")
	// ErrTokenReused: the token made an application with a different input.
	ErrTokenReused   = errors.New("token already used for a different input")
	ErrAlreadyExists = errors.New("already exists")
)

// timeLayout is fixed-width UTC, so stored instants sort and compare as strings.
const timeLayout = "2006-01-02T15:04:05.000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

// Store reads and writes the programme's items in one DynamoDB table.
type Store struct {
	db    *dynamodb.Client
	table string
	// OnCapacity, if set, is told the capacity each write consumed
	// (benchmarks use it; nil in production).
	OnCapacity func(op string, units float64)
}

// New returns a Store over the table.
func New(db *dynamodb.Client, table string) *Store {
	return &Store{db: db, table: table}
}

// Table is the table's name.
func (s *Store) Table() string { return s.table }

func (s *Store) capacity(op string, cc ...types.ConsumedCapacity) {
	if s.OnCapacity == nil {
		return
	}
	var units float64
	for _, c := range cc {
		units += aws.ToFloat64(c.CapacityUnits)
	}
	s.OnCapacity(op, units)
}

func (s *Store) returnCapacity() types.ReturnConsumedCapacity {
	if s.OnCapacity == nil {
		return types.ReturnConsumedCapacityNone
	}
	return types.ReturnConsumedCapacityIndexes
}

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		KeyPK: &types.AttributeValueMemberS{Value: pk},
		KeySK: &types.AttributeValueMemberS{Value: sk},
	}
}

// DynamoDB's key size limits: a partition key value is 1 to 2,048 bytes, a
// sort key value 1 to 1,024 bytes ("Partition key length", "Sort key
// length", Constraints in Amazon DynamoDB,
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html).
const (
	maxPartitionKey = 2048
	maxSortKey      = 1024
)

// holdable says whether the table could hold an item with this key. A key
// over DynamoDB's limits was never written, so a read by it finds nothing
// (ErrNotFound) rather than sending a request DynamoDB refuses: an id or a
// reference from a URL can be any length.
func holdable(pk, sk string) bool {
	return len(pk) >= 1 && len(pk) <= maxPartitionKey && len(sk) >= 1 && len(sk) <= maxSortKey
}

func (s *Store) get(ctx context.Context, pk, sk string, out any) error {
	if !holdable(pk, sk) {
		return ErrNotFound
	}
	res, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      &s.table,
		Key:            key(pk, sk),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return fmt.Errorf("get %s/%s: %w", pk, sk, err)
	}
	if res.Item == nil {
		return ErrNotFound
	}
	if err := attributevalue.UnmarshalMap(res.Item, out); err != nil {
		return fmt.Errorf("decode %s/%s: %w", pk, sk, err)
	}
	return nil
}

// conditionFailed reports whether err is a failed condition of a single write.
func conditionFailed(err error) bool {
	var ccf *types.ConditionalCheckFailedException
	return errors.As(err, &ccf)
}

// DB is the DynamoDB client the store uses (for tooling and tests).
func (s *Store) DB() *dynamodb.Client { return s.db }
