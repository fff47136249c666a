package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

// grantedItem is a granted project as GSI1 projects it: no contact people,
// emails or phone numbers (GSI1 does not even project them).
type grantedItem struct {
	Ref                 string `dynamodbav:"id"`
	SwedishOrganisation string `dynamodbav:"swedishOrganisation"`
	PartnerOrganisation string `dynamodbav:"partnerOrganisation"`
	Country             string `dynamodbav:"partnerCountry"`
	Type                string `dynamodbav:"type"`
	Theme               string `dynamodbav:"theme"`
	Title               string `dynamodbav:"title"`
	Amount              int64  `dynamodbav:"grantedAmount"`
}

// Granted lists a round's granted projects from GSI1's projection, by
// submission time.
func (s *Store) Granted(ctx context.Context, roundID string) ([]programme.GrantedProject, error) {
	var grants []programme.GrantedProject
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
		var gs []grantedItem
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &gs); err != nil {
			return nil, fmt.Errorf("decode granted projects of %s: %w", roundID, err)
		}
		for _, g := range gs {
			grants = append(grants, programme.GrantedProject{Ref: g.Ref, SwedishOrganisation: g.SwedishOrganisation,
				PartnerOrganisation: g.PartnerOrganisation, Country: g.Country, Type: g.Type, Theme: g.Theme, Title: g.Title, Amount: g.Amount})
		}
	}
	return grants, nil
}

// summaryItem is an application as a listing reads it from GSI1's
// projection (programme.AppSummary).
type summaryItem struct {
	Ref                 string `dynamodbav:"id"`
	Status              string `dynamodbav:"status"`
	Type                string `dynamodbav:"type"`
	Theme               string `dynamodbav:"theme"`
	Title               string `dynamodbav:"title"`
	SwedishOrganisation string `dynamodbav:"swedishOrganisation"`
	PartnerOrganisation string `dynamodbav:"partnerOrganisation"`
	Country             string `dynamodbav:"partnerCountry"`
	RequestedTotal      int64  `dynamodbav:"requestedTotal"`
	GrantedAmount       int64  `dynamodbav:"grantedAmount"`
	SubmittedAt         string `dynamodbav:"submittedAt"`
	DecisionQueued      bool   `dynamodbav:"decisionQueued"`
}

// decodeSummaries appends a page of listed applications to apps.
func decodeSummaries(apps []programme.AppSummary, items []map[string]types.AttributeValue) ([]programme.AppSummary, error) {
	var its []summaryItem
	if err := attributevalue.UnmarshalListOfMaps(items, &its); err != nil {
		return nil, err
	}
	for _, it := range its {
		apps = append(apps, programme.AppSummary(it))
	}
	return apps, nil
}

// summaryProjection is what a listing reads of an application: summaryItem's
// attributes, nothing else GSI1 projects.
const summaryProjection = "id, #status, #type, theme, title, swedishOrganisation, partnerOrganisation, partnerCountry, " +
	"requestedTotal, grantedAmount, submittedAt, decisionQueued"

// applicationsQuery is the GSI1 Query of a round's applications matching f:
// by status, when given, in the key condition; the rest filtered.
func (s *Store) applicationsQuery(roundID string, f programme.AppFilter) *dynamodb.QueryInput {
	in := &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundPK(roundID))},
		ProjectionExpression:      aws.String(summaryProjection),
		ExpressionAttributeNames:  map[string]string{"#status": "status", "#type": "type"}}
	if f.Status != "" {
		in.KeyConditionExpression = aws.String("GSI1PK = :pk AND begins_with(GSI1SK, :st)")
		in.ExpressionAttributeValues[":st"] = str(string(f.Status) + "#")
	}
	var conds []string
	for _, c := range []struct{ attr, val string }{{"type", f.Type}, {"theme", f.Theme}, {"partnerCountry", f.Country}} {
		if c.val != "" {
			conds = append(conds, "#"+c.attr+" = :"+c.attr)
			in.ExpressionAttributeNames["#"+c.attr] = c.attr
			in.ExpressionAttributeValues[":"+c.attr] = str(c.val)
		}
	}
	if len(conds) > 0 {
		in.FilterExpression = aws.String(strings.Join(conds, " AND "))
	}
	return in
}

// Applications lists all of a round's applications matching f, page by
// page (for the CSV export; listings use ApplicationsPage). None is an
// empty list.
func (s *Store) Applications(ctx context.Context, roundID string, f programme.AppFilter) ([]programme.AppSummary, error) {
	out := []programme.AppSummary{}
	p := dynamodb.NewQueryPaginator(s.db, s.applicationsQuery(roundID, f))
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("applications of %s: %w", roundID, err)
		}
		if out, err = decodeSummaries(out, page.Items); err != nil {
			return nil, fmt.Errorf("decode applications of %s: %w", roundID, err)
		}
	}
	return out, nil
}

// ErrBadCursor: a page cursor that this round's listing never gave.
var ErrBadCursor = programme.ErrBadCursor

// MaxPageEvaluated bounds the applications one ApplicationsPage reads from
// the index (DynamoDB evaluates them before the filters on type, theme and
// country), so a page costs at most a few Query calls whatever the filters.
const MaxPageEvaluated = 5000

// ApplicationsPage is one page of a round's applications matching f, in
// the index's order (status, then submission time): at most limit of them,
// after cursor ("" for the first page). next is the cursor of the following
// page, "" after the last one. With filters on type, theme or country a page
// may hold fewer than limit applications, even none, and still have a next
// (at most MaxPageEvaluated are read per page). None is an empty list.
//
// A cursor is opaque to clients: the index sort key of the last application
// the page read, base64url-encoded. One that does not decode to a key of this
// round's listing (with f's status) is ErrBadCursor.
func (s *Store) ApplicationsPage(ctx context.Context, roundID string, f programme.AppFilter, limit int32, cursor string) (apps []programme.AppSummary, next string, err error) {
	limit = max(limit, 1)
	in := s.applicationsQuery(roundID, f)
	if cursor != "" {
		if in.ExclusiveStartKey, err = s.pageStart(roundID, f, cursor); err != nil {
			return nil, "", err
		}
	}
	apps = []programme.AppSummary{}
	evaluated := int32(0)
	for {
		// One more than the page holds: a next only when there is one.
		in.Limit = aws.Int32(min(limit+1-int32(len(apps)), MaxPageEvaluated-evaluated))
		page, err := s.db.Query(ctx, in)
		if err != nil {
			return nil, "", fmt.Errorf("applications of %s: %w", roundID, err)
		}
		if apps, err = decodeSummaries(apps, page.Items); err != nil {
			return nil, "", fmt.Errorf("decode applications of %s: %w", roundID, err)
		}
		evaluated += page.ScannedCount
		if int32(len(apps)) > limit {
			last := apps[limit-1]
			return apps[:limit], pageCursor(last.Status + "#" + last.SubmittedAt + "#" + last.Ref), nil
		}
		if page.LastEvaluatedKey == nil {
			return apps, "", nil
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
		if evaluated >= MaxPageEvaluated {
			sk, ok := page.LastEvaluatedKey[KeyGSI1SK].(*types.AttributeValueMemberS)
			if !ok {
				return nil, "", fmt.Errorf("applications of %s: no %s in the last evaluated key", roundID, KeyGSI1SK)
			}
			return apps, pageCursor(sk.Value), nil
		}
	}
}

// pageCursor is the cursor after the application with this GSI1 sort key.
func pageCursor(gsi1sk string) string { return base64.RawURLEncoding.EncodeToString([]byte(gsi1sk)) }

// pageStart is the ExclusiveStartKey a cursor stands for: GSI1's key and
// the table's key of the application it names.
func (s *Store) pageStart(roundID string, f programme.AppFilter, cursor string) (map[string]types.AttributeValue, error) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return nil, ErrBadCursor
	}
	sk := string(b)
	parts := strings.Split(sk, "#") // status # submittedAt # ref
	if len(parts) != 3 || !utf8.ValidString(sk) || !holdable(roundPK(roundID), sk) || !holdable(appPK(parts[2]), "APP") ||
		(f.Status != "" && parts[0] != string(f.Status)) {
		return nil, ErrBadCursor
	}
	if _, err := parseTime(parts[1]); err != nil {
		return nil, ErrBadCursor
	}
	return map[string]types.AttributeValue{KeyGSI1PK: str(roundPK(roundID)), KeyGSI1SK: str(sk),
		KeyPK: str(appPK(parts[2])), KeySK: str("APP")}, nil
}
