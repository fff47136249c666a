package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

// Grant is one granted project as published: no contact people, emails or
// phone numbers (GSI1 does not even project them).
type Grant struct {
	Ref                 string `json:"reference" dynamodbav:"id"`
	SwedishOrganisation string `json:"swedishOrganisation" dynamodbav:"swedishOrganisation"`
	PartnerOrganisation string `json:"partnerOrganisation" dynamodbav:"partnerOrganisation"`
	Country             string `json:"country" dynamodbav:"partnerCountry"`
	Type                string `json:"type" dynamodbav:"type"`
	Theme               string `json:"theme" dynamodbav:"theme"`
	Title               string `json:"title" dynamodbav:"title"`
	Amount              int64  `json:"amount" dynamodbav:"grantedAmount"`
}

// Granted lists a round's granted projects from GSI1's projection, by
// submission time.
func (s *Store) Granted(ctx context.Context, roundID string) ([]Grant, error) {
	var grants []Grant
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk AND begins_with(GSI1SK, :granted)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundPK(roundID)), ":granted": str(string(programme.AppGranted) + "#")},
		ProjectionExpression:      aws.String("id, swedishOrganisation, partnerOrganisation, partnerCountry, #type, theme, title, grantedAmount"),
		ExpressionAttributeNames:  map[string]string{"#type": "type"}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("granted projects of %s: %w", roundID, err)
		}
		var gs []Grant
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &gs); err != nil {
			return nil, fmt.Errorf("decode granted projects of %s: %w", roundID, err)
		}
		grants = append(grants, gs...)
	}
	return grants, nil
}

// AppSummary is an application as a listing shows it: GSI1's projection.
type AppSummary struct {
	Ref                 string `json:"reference" dynamodbav:"id"`
	Status              string `json:"status" dynamodbav:"status"`
	Type                string `json:"type" dynamodbav:"type"`
	Theme               string `json:"theme" dynamodbav:"theme"`
	Title               string `json:"title" dynamodbav:"title"`
	SwedishOrganisation string `json:"swedishOrganisation" dynamodbav:"swedishOrganisation"`
	PartnerOrganisation string `json:"partnerOrganisation" dynamodbav:"partnerOrganisation"`
	Country             string `json:"country" dynamodbav:"partnerCountry"`
	RequestedTotal      int64  `json:"requestedTotal" dynamodbav:"requestedTotal"`
	GrantedAmount       int64  `json:"grantedAmount" dynamodbav:"grantedAmount"`
	SubmittedAt         string `json:"submittedAt" dynamodbav:"submittedAt"`
	DecisionQueued      bool   `json:"decisionQueued" dynamodbav:"decisionQueued"`
}

// Filter narrows a round's applications; empty fields match all.
type Filter struct {
	Status  programme.AppStatus
	Type    string
	Theme   string
	Country string
}

// Applications lists a round's applications matching f: one GSI1 Query
// (by status, when given, in the key condition; the rest filtered), page by page.
func (s *Store) Applications(ctx context.Context, roundID string, f Filter) ([]AppSummary, error) {
	in := &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundPK(roundID))}}
	if f.Status != "" {
		in.KeyConditionExpression = aws.String("GSI1PK = :pk AND begins_with(GSI1SK, :st)")
		in.ExpressionAttributeValues[":st"] = str(string(f.Status) + "#")
	}
	var conds []string
	names := map[string]string{}
	for _, c := range []struct{ attr, val string }{{"type", f.Type}, {"theme", f.Theme}, {"partnerCountry", f.Country}} {
		if c.val != "" {
			conds = append(conds, "#"+c.attr+" = :"+c.attr)
			names["#"+c.attr] = c.attr
			in.ExpressionAttributeValues[":"+c.attr] = str(c.val)
		}
	}
	if len(conds) > 0 {
		in.FilterExpression = aws.String(strings.Join(conds, " AND "))
		in.ExpressionAttributeNames = names
	}
	var out []AppSummary
	p := dynamodb.NewQueryPaginator(s.db, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("applications of %s: %w", roundID, err)
		}
		var items []AppSummary
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, fmt.Errorf("decode applications of %s: %w", roundID, err)
		}
		out = append(out, items...)
	}
	return out, nil
}
