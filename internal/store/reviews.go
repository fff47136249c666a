package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

// Review before the decision (issue 13). A reviewer's assignment to an
// application and their score sheet are one item in the application's
// partition, PK=APP#<ref> SK=REVIEW#<reviewer's sub>, so an application's
// reviews are one Query and its audit lines go beside them. The item is
// listed twice:
//   - under its reviewer in GSI1 (GSI1PK=REVIEWER#<sub>,
//     GSI1SK=<round>#<ref>), with what the reviewer's list shows of the
//     application copied onto it (id, title, type, theme, the organisations,
//     the partner country, the amount requested: never a contact) and the
//     sheet's status as "status" ("assigned" until a sheet is saved), all
//     of which GSI1 projects: the list is one Query, no GetItem;
//   - under its round in GSI2 (GSI2PK=ROUND#<round>#REVIEWS,
//     GSI2SK=<ref>#<sub>), keys only: the round's sheets are a Query for
//     the keys and BatchGetItem for the items.
//
// A reviewer's profile, PK=REVIEWER#<sub> SK=PROFILE, holds the conflicts
// of interest they declared, and is listed in GSI1 under REVIEWERS.
//
// Every write over a review item or a profile is conditional on the
// version the caller read (a new one on its absence; an unassignment by
// ChangeAssignments only on its sheet not being submitted), and a
// submitted sheet is neither saved over, deleted nor reassigned until
// staff reopen it.

// Errors of the review writes. Each is an ErrConflict too
// (errors.Is(err, ErrConflict) holds), so test for them first.
var (
	// ErrSheetLocked: the score sheet is submitted, so it cannot be saved
	// over, unassigned, reassigned or withdrawn by a declared conflict until
	// staff reopen it. Nothing was written. It is programme.ErrSheetLocked
	// too.
	ErrSheetLocked error = sheetLocked{}
	// ErrAlreadyAssigned: a reassignment's reviewer has the application
	// already. Nothing was written.
	ErrAlreadyAssigned = fmt.Errorf("already assigned to that reviewer: %w", ErrConflict)
)

type sheetLocked struct{}

func (sheetLocked) Error() string { return programme.ErrSheetLocked.Error() }

func (sheetLocked) Is(target error) bool {
	return target == ErrConflict || target == programme.ErrSheetLocked
}

// ReviewItem is one reviewer's assignment to one application and their
// score sheet.
type ReviewItem struct {
	Ref, Reviewer, RoundID string
	// App is what the reviewer's list shows, copied from the application
	// when it was assigned: reference, type, theme, title, the two
	// organisations, the partner country and the amount requested. No
	// contact details, and no Status (the item's status is the sheet's).
	App programme.AppSummary
	// Sheet is the score sheet; its Status is "" until one is saved
	// (assigned, not opened).
	Sheet programme.ScoreSheet
	// Cleared: the reviewer said, on opening it, that they have no conflict
	// of interest with it.
	Cleared bool
	// AssignedBy is the stable id of who assigned it (the actor's id, as
	// programme.SplitActor gives it); AssignedAt when.
	AssignedBy string
	AssignedAt time.Time
	Version    int64
}

// statusAssigned is the item's status until a sheet is saved.
const statusAssigned = "assigned"

func reviewSK(reviewer string) string { return "REVIEW#" + reviewer }

func reviewerPK(sub string) string { return "REVIEWER#" + sub }

const profileSK = "PROFILE"

// reviewersPK is the GSI1 partition of the reviewers' profiles.
const reviewersPK = "REVIEWERS"

// roundReviewsPK is the GSI2 partition of a round's assignments (beside its
// emails', grants' and retention's).
func roundReviewsPK(roundID string) string { return "ROUND#" + roundID + "#REVIEWS" }

// reviewRecord is a review item as stored.
type reviewRecord struct {
	PK                  string            `dynamodbav:"PK"`
	SK                  string            `dynamodbav:"SK"`
	GSI1PK              string            `dynamodbav:"GSI1PK"`
	GSI1SK              string            `dynamodbav:"GSI1SK"`
	GSI2PK              string            `dynamodbav:"GSI2PK"`
	GSI2SK              string            `dynamodbav:"GSI2SK"`
	Entity              string            `dynamodbav:"entity"`
	Ref                 string            `dynamodbav:"id"`
	Reviewer            string            `dynamodbav:"reviewer"`
	RoundID             string            `dynamodbav:"roundId"`
	Status              string            `dynamodbav:"status"`
	Type                string            `dynamodbav:"type"`
	Theme               string            `dynamodbav:"theme"`
	Title               string            `dynamodbav:"title"`
	SwedishOrganisation string            `dynamodbav:"swedishOrganisation"`
	PartnerOrganisation string            `dynamodbav:"partnerOrganisation"`
	Country             string            `dynamodbav:"partnerCountry"`
	RequestedTotal      int64             `dynamodbav:"requestedTotal"`
	Scores              map[string]int    `dynamodbav:"scores,omitempty"`
	Comments            map[string]string `dynamodbav:"comments,omitempty"`
	Cleared             bool              `dynamodbav:"cleared,omitempty"`
	AssignedBy          string            `dynamodbav:"assignedBy"`
	AssignedAt          string            `dynamodbav:"assignedAt"`
	Version             int64             `dynamodbav:"version"`
}

// checkReviewKeys says why an assignment of ref in roundID to reviewer
// could not be stored, if it could not: an empty part, or a key (the
// table's or an index's) over DynamoDB's limits.
func checkReviewKeys(ref, reviewer, roundID string) error {
	switch {
	case ref == "" || reviewer == "" || roundID == "":
		return fmt.Errorf("review of %q by %q in round %q: reference, reviewer and round are required", ref, reviewer, roundID)
	case !holdable(appPK(ref), reviewSK(reviewer)) || !holdable(reviewerPK(reviewer), roundID+"#"+ref) ||
		!holdable(roundReviewsPK(roundID), ref+"#"+reviewer):
		return fmt.Errorf("review of %.40q by %.40q in round %.40q: a key too long", ref, reviewer, roundID)
	}
	return nil
}

// newReviewItem is a new assignment's item, at version 1, with no sheet.
func newReviewItem(app programme.AppSummary, roundID, reviewer, by string, at time.Time) (map[string]types.AttributeValue, error) {
	if err := checkReviewKeys(app.Ref, reviewer, roundID); err != nil {
		return nil, err
	}
	byID, _ := programme.SplitActor(by)
	item, err := attributevalue.MarshalMap(reviewRecord{
		PK: appPK(app.Ref), SK: reviewSK(reviewer),
		GSI1PK: reviewerPK(reviewer), GSI1SK: roundID + "#" + app.Ref,
		GSI2PK: roundReviewsPK(roundID), GSI2SK: app.Ref + "#" + reviewer,
		Entity: "review", Ref: app.Ref, Reviewer: reviewer, RoundID: roundID, Status: statusAssigned,
		Type: app.Type, Theme: app.Theme, Title: app.Title, SwedishOrganisation: app.SwedishOrganisation,
		PartnerOrganisation: app.PartnerOrganisation, Country: app.Country, RequestedTotal: app.RequestedTotal,
		AssignedBy: byID, AssignedAt: at.UTC().Format(time.RFC3339Nano), Version: 1})
	if err != nil {
		return nil, fmt.Errorf("encode review of %s by %s: %w", app.Ref, reviewer, err)
	}
	return item, nil
}

func (r reviewRecord) item() (ReviewItem, error) {
	it := ReviewItem{Ref: r.Ref, Reviewer: r.Reviewer, RoundID: r.RoundID,
		App: programme.AppSummary{Ref: r.Ref, Type: r.Type, Theme: r.Theme, Title: r.Title, SwedishOrganisation: r.SwedishOrganisation,
			PartnerOrganisation: r.PartnerOrganisation, Country: r.Country, RequestedTotal: r.RequestedTotal},
		Sheet:   programme.ScoreSheet{Ref: r.Ref, Reviewer: r.Reviewer, Scores: r.Scores, Comments: r.Comments},
		Cleared: r.Cleared, AssignedBy: r.AssignedBy, Version: r.Version}
	if r.Status != statusAssigned {
		it.Sheet.Status = programme.SheetStatus(r.Status)
	}
	if r.AssignedAt != "" {
		at, err := decodeInstant(r.AssignedAt)
		if err != nil {
			return it, fmt.Errorf("review of %s by %s: assignedAt: %w", r.Ref, r.Reviewer, err)
		}
		it.AssignedAt = at
	}
	return it, nil
}

func decodeReview(item map[string]types.AttributeValue) (ReviewItem, error) {
	var r reviewRecord
	if err := attributevalue.UnmarshalMap(item, &r); err != nil {
		return ReviewItem{}, fmt.Errorf("decode review: %w", err)
	}
	return r.item()
}

func sortReviews(items []ReviewItem) {
	slices.SortFunc(items, func(a, b ReviewItem) int {
		return cmp.Or(cmp.Compare(a.Ref, b.Ref), cmp.Compare(a.Reviewer, b.Reviewer))
	})
}

// Review is reviewer's assignment to application ref, with its sheet, as
// stored (a consistent read). ErrNotFound if there is none (or the keys
// could not be a key).
func (s *Store) Review(ctx context.Context, ref, reviewer string) (ReviewItem, error) {
	var r reviewRecord
	if err := s.get(ctx, appPK(ref), reviewSK(reviewer), &r); err != nil {
		return ReviewItem{}, err
	}
	return r.item()
}

// ReviewerQueue is a reviewer's assignments, every round's, by round and
// then reference: a GSI1 Query (every page) of what the index projects, so
// each item has Ref, Reviewer, RoundID, App (as ReviewItem says) and
// Sheet.Status only: no scores, comments, Cleared, AssignedBy, AssignedAt
// or Version. Read one with Review before writing it. The index lags the table: an assignment made a
// moment ago may be missing, one removed a moment ago still there.
func (s *Store) ReviewerQueue(ctx context.Context, reviewer string) ([]ReviewItem, error) {
	out := []ReviewItem{}
	pk := reviewerPK(reviewer)
	if reviewer == "" || len(pk) > maxPartitionKey {
		return out, nil // no such reviewer
	}
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(pk)}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("review queue of %s: %w", reviewer, err)
		}
		var rs []reviewRecord
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &rs); err != nil {
			return nil, fmt.Errorf("decode review queue of %s: %w", reviewer, err)
		}
		for _, r := range rs {
			if r.Entity != "review" {
				continue
			}
			// Not projected: the reviewer is the partition's, the round
			// the sort key's prefix.
			r.Reviewer, r.RoundID = reviewer, strings.TrimSuffix(r.GSI1SK, "#"+r.Ref)
			it, err := r.item()
			if err != nil {
				return nil, err
			}
			out = append(out, it)
		}
	}
	return out, nil
}

// RoundReviews are a round's assignments with their sheets, whole, by
// reference and then reviewer: a GSI2 Query (every page) for the keys,
// BatchGetItem (100 keys a call, consistent, unprocessed keys asked again)
// for the items.
func (s *Store) RoundReviews(ctx context.Context, roundID string) ([]ReviewItem, error) {
	out := []ReviewItem{}
	pk := roundReviewsPK(roundID)
	if roundID == "" || len(pk) > maxPartitionKey {
		return out, nil // no such round
	}
	keys, err := s.gsi2Keys(ctx, pk, "reviews of round "+roundID)
	if err != nil {
		return nil, err
	}
	err = s.batchGetRetrying(ctx, keys, nil, nil, func(item map[string]types.AttributeValue) error {
		it, err := decodeReview(item)
		out = append(out, it)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reviews of round %s: %w", roundID, err)
	}
	sortReviews(out)
	return out, nil
}

// ApplicationReviews are an application's assignments with their sheets,
// whole, by reviewer (one consistent Query of its partition's REVIEW#
// items).
func (s *Store) ApplicationReviews(ctx context.Context, ref string) ([]ReviewItem, error) {
	out := []ReviewItem{}
	if ref == "" || !holdable(appPK(ref), "REVIEW#") {
		return out, nil
	}
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :review)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(appPK(ref)), ":review": str("REVIEW#")}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("reviews of %s: %w", ref, err)
		}
		for _, item := range page.Items {
			it, err := decodeReview(item)
			if err != nil {
				return nil, err
			}
			out = append(out, it)
		}
	}
	sortReviews(out)
	return out, nil
}

// Reviewer is a reviewer's profile (the conflicts of interest they
// declared) and its version. With none stored yet it returns
// Reviewer{ID: sub}, version 0 and ErrNotFound: write the first one with
// version 0.
func (s *Store) Reviewer(ctx context.Context, sub string) (programme.Reviewer, int64, error) {
	none := programme.Reviewer{ID: sub}
	if sub == "" || !holdable(reviewerPK(sub), profileSK) {
		return none, 0, ErrNotFound
	}
	res, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(reviewerPK(sub), profileSK), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return none, 0, fmt.Errorf("reviewer %s: %w", sub, err)
	}
	if res.Item == nil {
		return none, 0, ErrNotFound
	}
	return decodeProfile(res.Item)
}

func decodeProfile(item map[string]types.AttributeValue) (programme.Reviewer, int64, error) {
	var r programme.Reviewer
	if err := decodeByJSON(item, &r); err != nil {
		return r, 0, fmt.Errorf("decode reviewer: %w", err)
	}
	var v struct {
		Version int64 `dynamodbav:"version"`
	}
	if err := attributevalue.UnmarshalMap(item, &v); err != nil {
		return r, 0, fmt.Errorf("decode reviewer %s: %w", r.ID, err)
	}
	return r, v.Version, nil
}

// Reviewers are the reviewers with a profile, by id: a GSI1 Query (every
// page) for the keys, BatchGetItem for the profiles.
func (s *Store) Reviewers(ctx context.Context) ([]programme.Reviewer, error) {
	var keys []map[string]types.AttributeValue
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ProjectionExpression:      aws.String("PK, SK"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(reviewersPK)}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("reviewers: %w", err)
		}
		for _, it := range page.Items {
			keys = append(keys, map[string]types.AttributeValue{KeyPK: it[KeyPK], KeySK: it[KeySK]})
		}
	}
	out := []programme.Reviewer{}
	err := s.batchGetRetrying(ctx, keys, nil, nil, func(item map[string]types.AttributeValue) error {
		r, _, err := decodeProfile(item)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reviewers: %w", err)
	}
	slices.SortFunc(out, func(a, b programme.Reviewer) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// profilePut is the write of r's profile as read at version (0: none yet),
// to version+1.
func (s *Store) profilePut(r programme.Reviewer, version int64, at time.Time) (*types.Put, error) {
	if r.ID == "" || !holdable(reviewerPK(r.ID), profileSK) || !holdable(reviewersPK, r.ID) {
		return nil, fmt.Errorf("reviewer %.40q: not an id", r.ID)
	}
	item, err := encodeByJSON(r)
	if err != nil {
		return nil, fmt.Errorf("encode reviewer %s: %w", r.ID, err)
	}
	item[KeyPK], item[KeySK], item["entity"], item["version"] = str(reviewerPK(r.ID)), str(profileSK), str("reviewer"), num(version+1)
	item[KeyGSI1PK], item[KeyGSI1SK], item["updatedAt"] = str(reviewersPK), str(r.ID), str(at.UTC().Format(time.RFC3339Nano))
	put := &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")}
	if version != 0 {
		put.ConditionExpression = aws.String("version = :v")
		put.ExpressionAttributeValues = map[string]types.AttributeValue{":v": num(version)}
	}
	return put, nil
}

// PutReviewer writes a reviewer's profile as read at version (0: new) to
// version+1. ErrConflict if it changed since (or a new one exists):
// nothing is written.
func (s *Store) PutReviewer(ctx context.Context, r programme.Reviewer, version int64, at time.Time) error {
	put, err := s.profilePut(r, version, at)
	if err != nil {
		return err
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: put.TableName, Item: put.Item, ConditionExpression: put.ConditionExpression,
		ExpressionAttributeValues: put.ExpressionAttributeValues})
	if conditionFailed(err) {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("put reviewer %s: %w", r.ID, err)
	}
	return nil
}

// notSubmitted is the condition of a write over a review item as read: it
// is there, at the version read, and its sheet is not submitted.
func notSubmitted(version int64) (string, map[string]string, map[string]types.AttributeValue) {
	return "version = :v AND #status <> :submitted", map[string]string{"#status": "status"},
		map[string]types.AttributeValue{":v": num(version), ":submitted": str(string(programme.SheetSubmitted))}
}

// maxChangesPerApplication: a change takes two transaction items (the
// write and its audit line), and a transaction holds at most 100.
const maxChangesPerApplication = 50

// ChangeAssignments changes application app's assignments in round roundID
// in one transaction: it assigns it to each reviewer of add (a new item,
// refused if they have one; the list's fields copied from app) and
// unassigns each of remove (refused if their sheet is submitted, or if they
// have none), each with an audit line on the application
// (programme.AuditReviewAssigned or AuditReviewUnassigned, actor by, with
// the reviewer and reason). ErrConflict if any is refused: nothing is
// written for the application. Nothing to change writes nothing.
func (s *Store) ChangeAssignments(ctx context.Context, app programme.AppSummary, roundID string, add, remove []string, reason, by string, at time.Time) error {
	if len(add)+len(remove) == 0 {
		return nil
	}
	if len(add)+len(remove) > maxChangesPerApplication {
		return fmt.Errorf("assignments of %s: %d changes, at most %d in one transaction", app.Ref, len(add)+len(remove), maxChangesPerApplication)
	}
	seen := map[string]bool{}
	items := make([]types.TransactWriteItem, 0, 2*(len(add)+len(remove)))
	for i, reviewer := range slices.Concat(add, remove) {
		if seen[reviewer] {
			return fmt.Errorf("assignments of %s: reviewer %s changed twice", app.Ref, reviewer)
		}
		seen[reviewer] = true
		if err := checkReviewKeys(app.Ref, reviewer, roundID); err != nil {
			return err
		}
		detail := map[string]string{"reviewer": reviewer}
		if reason != "" {
			detail["reason"] = reason
		}
		code, event := programme.AuditReviewAssigned, "assigned to reviewer "+reviewer
		if i < len(add) {
			item, err := newReviewItem(app, roundID, reviewer, by, at)
			if err != nil {
				return err
			}
			items = append(items, types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item,
				ConditionExpression: aws.String("attribute_not_exists(PK)")}})
		} else {
			code, event = programme.AuditReviewUnassigned, "unassigned from reviewer "+reviewer
			items = append(items, types.TransactWriteItem{Delete: &types.Delete{TableName: &s.table, Key: key(appPK(app.Ref), reviewSK(reviewer)),
				ConditionExpression:       aws.String("attribute_exists(PK) AND #status <> :submitted"),
				ExpressionAttributeNames:  map[string]string{"#status": "status"},
				ExpressionAttributeValues: map[string]types.AttributeValue{":submitted": str(string(programme.SheetSubmitted))}}})
		}
		if reason != "" {
			event += " (" + reason + ")"
		}
		line, err := s.auditPut(appPK(app.Ref), at, by, code, event, detail)
		if err != nil {
			return err
		}
		items = append(items, line)
	}
	_, err := s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if cancelledBy(err, "ConditionalCheckFailed") {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("change assignments of %s: %w", app.Ref, err)
	}
	return nil
}

// stored says whether review item it's key could be the table's (a write
// over one that could not finds nothing to write over).
func (it ReviewItem) stored() bool {
	return it.Ref != "" && it.Reviewer != "" && holdable(appPK(it.Ref), reviewSK(it.Reviewer))
}

// refusal is the error of a write over review item it that DynamoDB
// refused on its condition: ErrSheetLocked if its sheet is submitted by
// now, else ErrConflict (it changed, or is gone).
func (s *Store) refusal(ctx context.Context, it ReviewItem) error {
	now, err := s.Review(ctx, it.Ref, it.Reviewer)
	switch {
	case err == nil && now.Sheet.Status == programme.SheetSubmitted:
		return ErrSheetLocked
	case err == nil || errors.Is(err, ErrNotFound):
		return ErrConflict
	}
	return fmt.Errorf("%w (and reading it again: %w)", ErrConflict, err)
}

// SaveSheet writes sheet over review item it as read (it.Version), to the
// next version: a draft, or submitted (then audit, the
// programme.AuditReviewSubmitted line, goes on the application in the same
// transaction). sheet's reference and reviewer, if given, must be the
// item's. ErrSheetLocked if the sheet is submitted (as read or by now);
// ErrConflict if the item changed since it was read or is gone. Either way
// nothing is written. The write's capacity is counted as "score".
func (s *Store) SaveSheet(ctx context.Context, it ReviewItem, sheet programme.ScoreSheet, audit *Audit, at time.Time) error {
	switch {
	case sheet.Status != programme.SheetDraft && sheet.Status != programme.SheetSubmitted:
		return fmt.Errorf("sheet of %s by %s: status %q is neither draft nor submitted", it.Ref, it.Reviewer, sheet.Status)
	case (sheet.Ref != "" && sheet.Ref != it.Ref) || (sheet.Reviewer != "" && sheet.Reviewer != it.Reviewer):
		return fmt.Errorf("sheet of %s by %s written over %s by %s", sheet.Ref, sheet.Reviewer, it.Ref, it.Reviewer)
	case it.Sheet.Status == programme.SheetSubmitted:
		return ErrSheetLocked
	case !it.stored():
		return ErrConflict // no such item could be stored
	}
	cond, names, values := notSubmitted(it.Version)
	values[":st"], values[":next"], values[":at"] = str(string(sheet.Status)), num(it.Version+1), str(at.UTC().Format(time.RFC3339Nano))
	set, remove := []string{"#status = :st", "version = :next", "savedAt = :at"}, []string(nil)
	if len(sheet.Scores) > 0 {
		av, err := attributevalue.Marshal(sheet.Scores)
		if err != nil {
			return fmt.Errorf("encode scores of %s by %s: %w", it.Ref, it.Reviewer, err)
		}
		set, values[":scores"] = append(set, "scores = :scores"), av
	} else {
		remove = append(remove, "scores")
	}
	if len(sheet.Comments) > 0 {
		av, err := attributevalue.Marshal(sheet.Comments)
		if err != nil {
			return fmt.Errorf("encode comments of %s by %s: %w", it.Ref, it.Reviewer, err)
		}
		set, values[":comments"] = append(set, "comments = :comments"), av
	} else {
		remove = append(remove, "comments")
	}
	update := "SET " + strings.Join(set, ", ")
	if len(remove) > 0 {
		update += " REMOVE " + strings.Join(remove, ", ")
	}
	k := key(appPK(it.Ref), reviewSK(it.Reviewer))
	var err error
	var consumed []types.ConsumedCapacity
	if audit == nil {
		var out *dynamodb.UpdateItemOutput
		out, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: k, UpdateExpression: aws.String(update),
			ConditionExpression: aws.String(cond), ExpressionAttributeNames: names, ExpressionAttributeValues: values,
			ReturnConsumedCapacity: s.returnCapacity()})
		if conditionFailed(err) {
			return s.refusal(ctx, it)
		}
		if err == nil && out.ConsumedCapacity != nil {
			consumed = append(consumed, *out.ConsumedCapacity)
		}
	} else {
		line, lerr := s.auditPut(appPK(it.Ref), at, audit.Actor, audit.Code, audit.Event, audit.Detail)
		if lerr != nil {
			return lerr
		}
		var out *dynamodb.TransactWriteItemsOutput
		out, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Update: &types.Update{TableName: &s.table, Key: k, UpdateExpression: aws.String(update),
				ConditionExpression: aws.String(cond), ExpressionAttributeNames: names, ExpressionAttributeValues: values}},
			line,
		}, ReturnConsumedCapacity: s.returnCapacity()})
		if cancelledBy(err, "ConditionalCheckFailed") {
			return s.refusal(ctx, it)
		}
		if err == nil {
			consumed = out.ConsumedCapacity
		}
	}
	if err != nil {
		return fmt.Errorf("save sheet of %s by %s: %w", it.Ref, it.Reviewer, err)
	}
	s.capacity("score", consumed...)
	return nil
}

// ClearReview records that the reviewer said, on opening it, that they have
// no conflict of interest with the application: Cleared, on review item it
// as read, to the next version. Nothing to do if it is cleared already.
// ErrConflict if the item changed since it was read, or is gone.
func (s *Store) ClearReview(ctx context.Context, it ReviewItem, at time.Time) error {
	if it.Cleared {
		return nil
	}
	if !it.stored() {
		return ErrConflict
	}
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(appPK(it.Ref), reviewSK(it.Reviewer)),
		UpdateExpression:    aws.String("SET cleared = :true, clearedAt = :at, version = :next"),
		ConditionExpression: aws.String("version = :v"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":true": &types.AttributeValueMemberBOOL{Value: true},
			":at": str(at.UTC().Format(time.RFC3339Nano)), ":v": num(it.Version), ":next": num(it.Version + 1)}})
	if conditionFailed(err) {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("clear review of %s by %s: %w", it.Ref, it.Reviewer, err)
	}
	return nil
}

// DeclareConflict records the reviewer's conflict of interest c with the
// application of review item it, in one transaction: the item deleted (as
// read, its sheet not submitted), the reviewer's profile r as read
// (version; 0: none yet) written with c added (unless it has it already),
// and an audit line (programme.AuditReviewConflict: reviewer, kind, value)
// on the application, by the reviewer. ErrSheetLocked if the sheet is
// submitted; ErrConflict if the item or the profile changed since read.
// Either way nothing is written.
func (s *Store) DeclareConflict(ctx context.Context, it ReviewItem, r programme.Reviewer, version int64, c programme.Conflict, at time.Time) error {
	if r.ID == "" {
		r.ID = it.Reviewer
	}
	switch {
	case r.ID != it.Reviewer:
		return fmt.Errorf("conflict of reviewer %s declared with the profile of %s", it.Reviewer, r.ID)
	case c.Kind == "" || c.Value == "":
		return fmt.Errorf("conflict of %s with %s: kind and value are required", it.Reviewer, it.Ref)
	case it.Sheet.Status == programme.SheetSubmitted:
		return ErrSheetLocked
	case !it.stored():
		return ErrConflict
	}
	if !slices.Contains(r.Conflicts, c) {
		r.Conflicts = append(slices.Clone(r.Conflicts), c)
	}
	put, err := s.profilePut(r, version, at)
	if err != nil {
		return err
	}
	line, err := s.auditPut(appPK(it.Ref), at, it.Reviewer, programme.AuditReviewConflict,
		"reviewer "+it.Reviewer+" declared a conflict of interest ("+string(c.Kind)+")",
		map[string]string{"reviewer": it.Reviewer, "kind": string(c.Kind), "value": c.Value})
	if err != nil {
		return err
	}
	cond, names, values := notSubmitted(it.Version)
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Delete: &types.Delete{TableName: &s.table, Key: key(appPK(it.Ref), reviewSK(it.Reviewer)),
			ConditionExpression: aws.String(cond), ExpressionAttributeNames: names, ExpressionAttributeValues: values}},
		{Put: put},
		line,
	}})
	switch cancelledAt(err, "ConditionalCheckFailed") {
	case -1:
	case 0:
		return s.refusal(ctx, it)
	default:
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("declare conflict of %s with %s: %w", it.Reviewer, it.Ref, err)
	}
	return nil
}

// ReopenSheet makes review item it's submitted sheet a draft again, as
// read, to the next version, with an audit line (programme.
// AuditReviewReopened: reviewer) on the application by by (staff).
// ErrConflict if the sheet is not submitted, or the item changed since it
// was read: nothing is written.
func (s *Store) ReopenSheet(ctx context.Context, it ReviewItem, by string, at time.Time) error {
	if it.Sheet.Status != programme.SheetSubmitted || !it.stored() {
		return ErrConflict
	}
	line, err := s.auditPut(appPK(it.Ref), at, by, programme.AuditReviewReopened, "sheet of reviewer "+it.Reviewer+" reopened",
		map[string]string{"reviewer": it.Reviewer})
	if err != nil {
		return err
	}
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: &s.table, Key: key(appPK(it.Ref), reviewSK(it.Reviewer)),
			UpdateExpression:         aws.String("SET #status = :draft, version = :next, reopenedAt = :at"),
			ConditionExpression:      aws.String("version = :v AND #status = :submitted"),
			ExpressionAttributeNames: map[string]string{"#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":draft": str(string(programme.SheetDraft)),
				":submitted": str(string(programme.SheetSubmitted)), ":v": num(it.Version), ":next": num(it.Version + 1),
				":at": str(at.UTC().Format(time.RFC3339Nano))}}},
		line,
	}})
	if cancelledBy(err, "ConditionalCheckFailed") {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("reopen sheet of %s by %s: %w", it.Ref, it.Reviewer, err)
	}
	return nil
}

// Reassign moves review item from (as read, its sheet not submitted) to
// reviewer to, in one transaction: from's item deleted, a new one for to
// (its application's fields and round copied from from, assigned by by at
// at), and an audit line (programme.AuditReviewReassigned: from, to) on the
// application. ErrSheetLocked if from's sheet is submitted; ErrConflict if
// from's item changed since it was read or is gone (two staff reassigning
// it at once: one wins, the other gets this); ErrAlreadyAssigned (an
// ErrConflict too) if to has the application already. Each time nothing is
// written.
func (s *Store) Reassign(ctx context.Context, from ReviewItem, to string, by string, at time.Time) error {
	switch {
	case to == from.Reviewer:
		return fmt.Errorf("reassign %s from %s to the same reviewer", from.Ref, to)
	case from.Sheet.Status == programme.SheetSubmitted:
		return ErrSheetLocked
	case !from.stored():
		return ErrConflict
	}
	app := from.App
	app.Ref = from.Ref
	item, err := newReviewItem(app, from.RoundID, to, by, at)
	if err != nil {
		return err
	}
	line, err := s.auditPut(appPK(from.Ref), at, by, programme.AuditReviewReassigned,
		"reassigned from reviewer "+from.Reviewer+" to reviewer "+to, map[string]string{"from": from.Reviewer, "to": to})
	if err != nil {
		return err
	}
	cond, names, values := notSubmitted(from.Version)
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Delete: &types.Delete{TableName: &s.table, Key: key(appPK(from.Ref), reviewSK(from.Reviewer)),
			ConditionExpression: aws.String(cond), ExpressionAttributeNames: names, ExpressionAttributeValues: values}},
		{Put: &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
		line,
	}})
	switch cancelledAt(err, "ConditionalCheckFailed") {
	case -1:
	case 0:
		return s.refusal(ctx, from)
	default:
		return ErrAlreadyAssigned
	}
	if err != nil {
		return fmt.Errorf("reassign %s from %s to %s: %w", from.Ref, from.Reviewer, to, err)
	}
	return nil
}
