package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

// SubmittedPage returns up to limit of a round's applications that are still
// "submitted", whole. Moving them out of "submitted" is what makes the next
// call return the next ones, so a close resumes where it stopped without a
// cursor.
func (s *Store) SubmittedPage(ctx context.Context, roundID string, limit int32) ([]programme.Application, error) {
	apps, _, err := s.AppsByStatus(ctx, roundID, programme.AppSubmitted, limit, "")
	return apps, err
}

// AppsByStatus returns a page of a round's applications with a status,
// whole: one GSI1 Query for the page, one BatchGetItem for the items. cursor
// is the previous page's next ("" for the first); next is "" after the last
// page. A cursor is opaque, as ApplicationsPage's: one this listing never
// gave is ErrBadCursor.
func (s *Store) AppsByStatus(ctx context.Context, roundID string, status programme.AppStatus, limit int32, cursor string) (apps []programme.Application, next string, err error) {
	in := &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk AND begins_with(GSI1SK, :st)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundPK(roundID)), ":st": str(string(status) + "#")},
		Limit:                     aws.Int32(limit)}
	if cursor != "" {
		if in.ExclusiveStartKey, err = s.pageStart(roundID, programme.AppFilter{Status: status}, cursor); err != nil {
			return nil, "", err
		}
	}
	out, err := s.db.Query(ctx, in)
	if err != nil {
		return nil, "", fmt.Errorf("page of %s applications in %s: %w", status, roundID, err)
	}
	if out.LastEvaluatedKey != nil {
		sk, ok := out.LastEvaluatedKey[KeyGSI1SK].(*types.AttributeValueMemberS)
		if !ok {
			return nil, "", fmt.Errorf("page of %s applications in %s: no %s in the last evaluated key", status, roundID, KeyGSI1SK)
		}
		next = pageCursor(sk.Value)
	}
	keys := make([]map[string]types.AttributeValue, 0, len(out.Items))
	for _, it := range out.Items {
		keys = append(keys, map[string]types.AttributeValue{KeyPK: it[KeyPK], KeySK: it[KeySK]})
	}
	apps = make([]programme.Application, 0, len(keys))
	for len(keys) > 0 {
		n := min(len(keys), 100)
		res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			s.table: {Keys: keys[:n], ConsistentRead: aws.Bool(true)}}})
		if err != nil {
			return nil, "", fmt.Errorf("read applications of %s: %w", roundID, err)
		}
		keys = append(keys[n:], res.UnprocessedKeys[s.table].Keys...)
		for _, item := range res.Responses[s.table] {
			var it appItem
			if err := attributevalue.UnmarshalMap(item, &it); err != nil {
				return nil, "", fmt.Errorf("decode application: %w", err)
			}
			if it.Status != string(status) {
				continue // the index lags the table
			}
			a, err := it.application()
			if err != nil {
				return nil, "", err
			}
			apps = append(apps, a)
		}
	}
	return apps, next, nil
}

// appsPerTransaction: each application takes three actions (update, its
// email, its audit line) and a transaction holds at most 100.
const appsPerTransaction = 33

// MoveToReview moves applications, as read, from submitted to in_review,
// each in one transaction with its queued email (none for a zero Email:
// nobody to send it to) and an audit line, 33
// applications to a transaction. It returns how many it moved; one that
// changed since it was read is skipped.
func (s *Store) MoveToReview(ctx context.Context, apps []programme.Application, mails []programme.Email, now time.Time) (int, error) {
	if len(apps) != len(mails) {
		return 0, fmt.Errorf("move to review: %d applications but %d emails", len(apps), len(mails))
	}
	// The batches of a page are independent: write them at once.
	var wg sync.WaitGroup
	var mu sync.Mutex
	moved := 0
	var errs []error
	for start := 0; start < len(apps); start += appsPerTransaction {
		end := min(start+appsPerTransaction, len(apps))
		wg.Go(func() {
			n, err := s.moveOrSkip(ctx, apps[start:end], mails[start:end], now)
			mu.Lock()
			defer mu.Unlock()
			moved += n
			if err != nil {
				errs = append(errs, err)
			}
		})
	}
	wg.Wait()
	return moved, errors.Join(errs...)
}

// moveOrSkip writes one batch; if an application in it changed since it was
// read, the batch is written again one by one and the changed one skipped.
func (s *Store) moveOrSkip(ctx context.Context, apps []programme.Application, mails []programme.Email, now time.Time) (int, error) {
	n, err := s.moveBatch(ctx, apps, mails, now)
	if err != ErrConflict {
		return n, err
	}
	if len(apps) == 1 {
		return 0, nil
	}
	n = 0
	for i := range apps {
		one, err := s.moveBatch(ctx, apps[i:i+1], mails[i:i+1], now)
		if err != nil && err != ErrConflict {
			return n, err
		}
		n += one
	}
	return n, nil
}

func (s *Store) moveBatch(ctx context.Context, apps []programme.Application, mails []programme.Email, now time.Time) (int, error) {
	items := make([]types.TransactWriteItem, 0, 3*len(apps))
	for i, a := range apps {
		items = append(items, types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(appPK(a.Ref), "APP"),
			UpdateExpression:         aws.String("SET #status = :review, GSI1SK = :gsk, version = version + :one"),
			ConditionExpression:      aws.String("#status = :submitted AND version = :v"),
			ExpressionAttributeNames: map[string]string{"#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":review": str(string(programme.AppInReview)),
				":submitted": str(string(programme.AppSubmitted)), ":v": num(a.Version), ":one": num(1),
				":gsk": str(appGSI1SK(programme.AppInReview, a.SubmittedAt, a.Ref))}}})
		if mails[i].ID != "" { // none when the Swedish contact's details were erased
			put, err := s.outboxPut(mails[i], now)
			if err != nil {
				return 0, err
			}
			items = append(items, put)
		}
		audit, err := s.auditPut(appPK(a.Ref), now, programme.ActorRoundJob, programme.AuditInReview, "status submitted -> in_review (round closed)", map[string]string{"outbox": mails[i].ID})
		if err != nil {
			return 0, err
		}
		items = append(items, audit)
	}
	_, err := s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if cancelledBy(err, "ConditionalCheckFailed") {
		return 0, ErrConflict
	}
	if err != nil {
		return 0, fmt.Errorf("move %d applications to review: %w", len(apps), err)
	}
	return len(apps), nil
}

// ReviewSummary walks a round's applications in review (GSI1, projected
// attributes only, page by page) and sums them up for staff.
func (s *Store) ReviewSummary(ctx context.Context, roundID string) (*programme.CloseStats, error) {
	stats := programme.NewCloseStats()
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk AND begins_with(GSI1SK, :st)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundPK(roundID)), ":st": str(string(programme.AppInReview) + "#")}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("summarise round %s: %w", roundID, err)
		}
		var items []struct {
			Type           string `dynamodbav:"type"`
			Theme          string `dynamodbav:"theme"`
			PartnerCountry string `dynamodbav:"partnerCountry"`
			RequestedTotal int64  `dynamodbav:"requestedTotal"`
		}
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, fmt.Errorf("decode summary of %s: %w", roundID, err)
		}
		for _, it := range items {
			stats.Add(programme.ProjectType(it.Type), programme.Theme(it.Theme), it.PartnerCountry, it.RequestedTotal)
		}
	}
	return stats, nil
}

// CountByStatus counts a round's applications with a status (GSI1 Query,
// Select COUNT, page by page).
func (s *Store) CountByStatus(ctx context.Context, roundID string, status programme.AppStatus) (int, error) {
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk AND begins_with(GSI1SK, :st)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundPK(roundID)), ":st": str(string(status) + "#")},
		Select:                    types.SelectCount})
	n := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, fmt.Errorf("count %s in round %s: %w", status, roundID, err)
		}
		n += int(page.Count)
	}
	return n, nil
}

// RoundTally counts a round's applications per status and sums what they
// request (the withdrawn ones' requests left out), in one walk of the round's GSI1 partition (projected status and
// requestedTotal only): one Query a megabyte of index, the same reads as a
// COUNT Query per status.
func (s *Store) RoundTally(ctx context.Context, roundID string) (map[programme.AppStatus]int, int64, error) {
	counts := map[programme.AppStatus]int{}
	var requested int64
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ProjectionExpression:      aws.String("#status, requestedTotal"),
		ExpressionAttributeNames:  map[string]string{"#status": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundPK(roundID))}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, 0, fmt.Errorf("tally round %s: %w", roundID, err)
		}
		var items []struct {
			Status         string `dynamodbav:"status"`
			RequestedTotal int64  `dynamodbav:"requestedTotal"`
		}
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, 0, fmt.Errorf("decode tally of round %s: %w", roundID, err)
		}
		for _, it := range items {
			counts[programme.AppStatus(it.Status)]++
			if programme.AppStatus(it.Status) != programme.AppWithdrawn { // withdrawn: counted apart, asks for nothing
				requested += it.RequestedTotal
			}
		}
	}
	return counts, requested, nil
}
