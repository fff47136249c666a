package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

const roundsPartition = "ROUNDS"

func roundPK(id string) string { return "ROUND#" + id }

// roundItem is a round as stored (SK=ROUND): small on purpose, because
// every submission's transaction condition-checks it and pays for its size.
// The round's rules live beside it in one JSON document (SK=RULES): they
// travel with the round and are never queried into.
type roundItem struct {
	PK           string `dynamodbav:"PK"`
	SK           string `dynamodbav:"SK"`
	GSI1PK       string `dynamodbav:"GSI1PK"`
	GSI1SK       string `dynamodbav:"GSI1SK"`
	Entity       string `dynamodbav:"entity"`
	ID           string `dynamodbav:"id"`
	NameSv       string `dynamodbav:"nameSv"`
	NameEn       string `dynamodbav:"nameEn"`
	OpensAt      string `dynamodbav:"opensAt"`
	ClosesAt     string `dynamodbav:"closesAt"`
	Status       string `dynamodbav:"status"`
	Budget       int64  `dynamodbav:"budget"`
	GrantedTotal int64  `dynamodbav:"grantedTotal"`
	Version      int64  `dynamodbav:"version"`
	ClosedAt     string `dynamodbav:"closedAt,omitempty"`
	ReviewQueued bool   `dynamodbav:"reviewQueued,omitempty"`
}

type rulesItem struct {
	PK     string `dynamodbav:"PK"`
	SK     string `dynamodbav:"SK"`
	Entity string `dynamodbav:"entity"`
	Rules  string `dynamodbav:"rules"`
}

func toRoundItem(r programme.Round) roundItem {
	closedAt := ""
	if !r.ClosedAt.IsZero() {
		closedAt = fmtTime(r.ClosedAt)
	}
	return roundItem{
		PK: roundPK(r.ID), SK: "ROUND",
		GSI1PK: roundsPartition, GSI1SK: fmtTime(r.OpensAt) + "#" + r.ID,
		Entity: "round", ID: r.ID, NameSv: r.NameSv, NameEn: r.NameEn,
		OpensAt: fmtTime(r.OpensAt), ClosesAt: fmtTime(r.ClosesAt), Status: string(r.Status),
		Budget: r.Budget, GrantedTotal: r.GrantedTotal, Version: r.Version,
		ClosedAt: closedAt, ReviewQueued: r.ReviewQueued,
	}
}

func (it roundItem) round() (programme.Round, error) {
	r := programme.Round{ID: it.ID, NameSv: it.NameSv, NameEn: it.NameEn, Status: programme.RoundStatus(it.Status),
		Budget: it.Budget, GrantedTotal: it.GrantedTotal, Version: it.Version,
		ReviewQueued: it.ReviewQueued}
	var err error
	if it.ClosedAt != "" {
		if r.ClosedAt, err = parseTime(it.ClosedAt); err != nil {
			return r, fmt.Errorf("round %s: closedAt: %w", it.ID, err)
		}
	}
	if r.OpensAt, err = parseTime(it.OpensAt); err != nil {
		return r, fmt.Errorf("round %s: opensAt: %w", it.ID, err)
	}
	if r.ClosesAt, err = parseTime(it.ClosesAt); err != nil {
		return r, fmt.Errorf("round %s: closesAt: %w", it.ID, err)
	}
	return r, nil
}

// CreateRound stores a new round with its rules, in the state given (a
// round seeded after it closed comes closed with its review queued:
// data.Rounds); ErrAlreadyExists if one has its id, which is then left as
// it is (a seed never overwrites a round that has moved on).
func (s *Store) CreateRound(ctx context.Context, r programme.Round) error {
	if err := r.Validate(); err != nil {
		return err
	}
	r.Version = 1
	round, err := attributevalue.MarshalMap(toRoundItem(r))
	if err != nil {
		return fmt.Errorf("encode round %s: %w", r.ID, err)
	}
	rulesJSON, err := json.Marshal(r.Rules)
	if err != nil {
		return fmt.Errorf("encode rules of round %s: %w", r.ID, err)
	}
	rules, err := attributevalue.MarshalMap(rulesItem{PK: roundPK(r.ID), SK: "RULES", Entity: "rules", Rules: string(rulesJSON)})
	if err != nil {
		return fmt.Errorf("encode rules of round %s: %w", r.ID, err)
	}
	notExists := aws.String("attribute_not_exists(PK)")
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: &s.table, Item: round, ConditionExpression: notExists}},
		{Put: &types.Put{TableName: &s.table, Item: rules, ConditionExpression: notExists}},
	}})
	var tce *types.TransactionCanceledException
	if errors.As(err, &tce) && slices.ContainsFunc(tce.CancellationReasons, func(r types.CancellationReason) bool {
		return aws.ToString(r.Code) == "ConditionalCheckFailed"
	}) {
		return ErrAlreadyExists
	}
	if err != nil {
		return fmt.Errorf("create round %s: %w", r.ID, err)
	}
	return nil
}

// Round returns one round with its rules: one Query over the round's
// partition, its round and rules items (SK=ROUND..RULES; the partition also
// holds the round's audit log, which is not read).
func (s *Store) Round(ctx context.Context, id string) (programme.Round, error) {
	if !holdable(roundPK(id), "ROUND") {
		return programme.Round{}, ErrNotFound
	}
	out, err := s.db.Query(ctx, &dynamodb.QueryInput{
		TableName:              &s.table,
		KeyConditionExpression: aws.String("PK = :pk AND SK BETWEEN :round AND :rules"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundPK(id)),
			":round": str("ROUND"), ":rules": str("RULES")},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return programme.Round{}, fmt.Errorf("read round %s: %w", id, err)
	}
	return decodeRound(id, out.Items)
}

// decodeRound is a round with its rules from its round and rules items
// (other items are ignored). ErrNotFound without a round item.
func decodeRound(id string, items []map[string]types.AttributeValue) (programme.Round, error) {
	var r programme.Round
	found, hasRules := false, false
	for _, item := range items {
		sk, _ := item[KeySK].(*types.AttributeValueMemberS)
		switch {
		case sk == nil:
		case sk.Value == "ROUND":
			var it roundItem
			if err := attributevalue.UnmarshalMap(item, &it); err != nil {
				return r, fmt.Errorf("decode round %s: %w", id, err)
			}
			rules := r.Rules
			var err error
			if r, err = it.round(); err != nil {
				return r, err
			}
			r.Rules, found = rules, true
		case sk.Value == "RULES":
			var it rulesItem
			if err := attributevalue.UnmarshalMap(item, &it); err != nil {
				return r, fmt.Errorf("decode rules of round %s: %w", id, err)
			}
			if err := json.Unmarshal([]byte(it.Rules), &r.Rules); err != nil {
				return r, fmt.Errorf("decode rules of round %s: %w", id, err)
			}
			hasRules = true
		}
	}
	if !found {
		return programme.Round{}, ErrNotFound
	}
	if !hasRules {
		return programme.Round{}, fmt.Errorf("round %s has no rules item (SK=RULES)", id)
	}
	return r, nil
}

// Rounds lists every round whole, with its rules, by opening time: one
// Query on GSI1 for the rounds' ids, then one BatchGetItem (consistent) for
// their round and rules items, 50 rounds a call. Rounds are few, two or
// three a year. A round created a moment ago may be missing until GSI1 has
// it.
func (s *Store) Rounds(ctx context.Context) ([]programme.Round, error) {
	var ids []string
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{
		TableName:                 &s.table,
		IndexName:                 aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundsPartition)},
		ProjectionExpression:      aws.String("id"),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list rounds: %w", err)
		}
		for _, it := range page.Items {
			if v, ok := it["id"].(*types.AttributeValueMemberS); ok {
				ids = append(ids, v.Value)
			}
		}
	}
	keys := make([]map[string]types.AttributeValue, 0, 2*len(ids))
	for _, id := range ids {
		keys = append(keys, key(roundPK(id), "ROUND"), key(roundPK(id), "RULES"))
	}
	items := map[string][]map[string]types.AttributeValue{} // by round id
	for len(keys) > 0 {
		n := min(len(keys), 100)
		res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			s.table: {Keys: keys[:n], ConsistentRead: aws.Bool(true)}}})
		if err != nil {
			return nil, fmt.Errorf("read rounds: %w", err)
		}
		keys = append(keys[n:], res.UnprocessedKeys[s.table].Keys...)
		for _, item := range res.Responses[s.table] {
			pk, _ := item[KeyPK].(*types.AttributeValueMemberS)
			if pk != nil {
				items[pk.Value] = append(items[pk.Value], item)
			}
		}
	}
	out := make([]programme.Round, 0, len(ids))
	for _, id := range ids {
		r, err := decodeRound(id, items[roundPK(id)])
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
