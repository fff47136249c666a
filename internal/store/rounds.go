package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

const roundsPartition = "ROUNDS"

func roundPK(id string) string { return "ROUND#" + id }

// roundItem is a round as stored. Its rules are kept as one JSON document:
// they travel with the round and are never queried into.
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
	Rules        string `dynamodbav:"rules,omitempty"`
	Version      int64  `dynamodbav:"version"`
}

func toRoundItem(r programme.Round) (roundItem, error) {
	rules, err := json.Marshal(r.Rules)
	if err != nil {
		return roundItem{}, fmt.Errorf("encode rules of round %s: %w", r.ID, err)
	}
	return roundItem{
		PK: roundPK(r.ID), SK: "ROUND",
		GSI1PK: roundsPartition, GSI1SK: fmtTime(r.OpensAt) + "#" + r.ID,
		Entity: "round", ID: r.ID, NameSv: r.NameSv, NameEn: r.NameEn,
		OpensAt: fmtTime(r.OpensAt), ClosesAt: fmtTime(r.ClosesAt), Status: string(r.Status),
		Budget: r.Budget, GrantedTotal: r.GrantedTotal, Rules: string(rules), Version: r.Version,
	}, nil
}

func (it roundItem) round() (programme.Round, error) {
	r := programme.Round{ID: it.ID, NameSv: it.NameSv, NameEn: it.NameEn, Status: programme.RoundStatus(it.Status),
		Budget: it.Budget, GrantedTotal: it.GrantedTotal, Version: it.Version}
	var err error
	if r.OpensAt, err = parseTime(it.OpensAt); err != nil {
		return r, fmt.Errorf("round %s: opensAt: %w", it.ID, err)
	}
	if r.ClosesAt, err = parseTime(it.ClosesAt); err != nil {
		return r, fmt.Errorf("round %s: closesAt: %w", it.ID, err)
	}
	if it.Rules != "" {
		if err := json.Unmarshal([]byte(it.Rules), &r.Rules); err != nil {
			return r, fmt.Errorf("round %s: rules: %w", it.ID, err)
		}
	}
	return r, nil
}

// CreateRound stores a new round; ErrAlreadyExists if one has its id, which
// is then left as it is (a seed never overwrites a round that has moved on).
func (s *Store) CreateRound(ctx context.Context, r programme.Round) error {
	if err := r.Validate(); err != nil {
		return err
	}
	r.Version = 1
	it, err := toRoundItem(r)
	if err != nil {
		return err
	}
	item, err := attributevalue.MarshalMap(it)
	if err != nil {
		return fmt.Errorf("encode round %s: %w", r.ID, err)
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           &s.table,
		Item:                item,
		ConditionExpression: aws.String("attribute_not_exists(PK)"),
	})
	if conditionFailed(err) {
		return ErrAlreadyExists
	}
	if err != nil {
		return fmt.Errorf("create round %s: %w", r.ID, err)
	}
	return nil
}

// Round returns one round with its rules.
func (s *Store) Round(ctx context.Context, id string) (programme.Round, error) {
	var it roundItem
	if err := s.get(ctx, roundPK(id), "ROUND", &it); err != nil {
		return programme.Round{}, err
	}
	return it.round()
}

// Rounds lists every round by opening time, without their rules (use Round
// for those). One Query on GSI1; rounds are few, two or three a year.
func (s *Store) Rounds(ctx context.Context) ([]programme.Round, error) {
	var out []programme.Round
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{
		TableName:                 &s.table,
		IndexName:                 aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: roundsPartition}},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list rounds: %w", err)
		}
		var items []roundItem
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, fmt.Errorf("decode rounds: %w", err)
		}
		for _, it := range items {
			r, err := it.round()
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
	}
	return out, nil
}
