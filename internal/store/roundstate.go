package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

// ErrConflict: the item changed since it was read (its version or state is
// not what the write expected). Nothing was written.
var ErrConflict = errors.New("changed since read")

func str(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func num(n int64) types.AttributeValue  { return &types.AttributeValueMemberN{Value: fmt.Sprint(n)} }

// auditItem is one line of an item's audit log: PK=<the item's PK>
// SK=LOG#<time>#<random>, written in the same transaction as the change.
type auditItem struct {
	PK     string            `dynamodbav:"PK"`
	SK     string            `dynamodbav:"SK"`
	Entity string            `dynamodbav:"entity"`
	At     string            `dynamodbav:"at"`
	Actor  string            `dynamodbav:"actor"` // a stable id (programme.SplitActor)
	Label  string            `dynamodbav:"actorLabel,omitempty"`
	Code   string            `dynamodbav:"code,omitempty"` // programme.Audit*; absent on lines written before codes
	Event  string            `dynamodbav:"event"`
	Detail map[string]string `dynamodbav:"detail,omitempty"`
}

func (s *Store) auditPut(pk string, at time.Time, actor, code, event string, detail map[string]string) (types.TransactWriteItem, error) {
	var b [4]byte
	_, _ = rand.Read(b[:])
	id, label := programme.SplitActor(actor)
	item, err := attributevalue.MarshalMap(auditItem{PK: pk, SK: "LOG#" + fmtTime(at) + "#" + hex.EncodeToString(b[:]),
		Entity: "audit", At: fmtTime(at), Actor: id, Label: label, Code: code, Event: event, Detail: detail})
	if err != nil {
		return types.TransactWriteItem{}, fmt.Errorf("encode audit entry: %w", err)
	}
	return types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item}}, nil
}

// auditPutOnce is the audit line of an effect caused by an outside event,
// keyed on that event's own id (SK=LOG#<time>#<event id>) and written only
// if absent: a redelivered event cannot write it twice.
func (s *Store) auditPutOnce(pk string, at time.Time, actor, code, event, eventID string, detail map[string]string) (types.TransactWriteItem, error) {
	id, label := programme.SplitActor(actor)
	item, err := attributevalue.MarshalMap(auditItem{PK: pk, SK: "LOG#" + fmtTime(at) + "#" + eventID,
		Entity: "audit", At: fmtTime(at), Actor: id, Label: label, Code: code, Event: event, Detail: detail})
	if err != nil {
		return types.TransactWriteItem{}, fmt.Errorf("encode audit entry: %w", err)
	}
	return types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item,
		ConditionExpression: aws.String("attribute_not_exists(PK)")}}, nil
}

// MoveRound moves a round from the status it was read with to status to,
// at now, if nobody changed it since (version). A round moved by someone
// else in between gives ErrConflict and changes nothing: two jobs running at
// once move it once.
func (s *Store) MoveRound(ctx context.Context, r programme.Round, to programme.RoundStatus, now time.Time, actor string) error {
	set := "SET #status = :to, version = version + :one"
	values := map[string]types.AttributeValue{":to": str(string(to)), ":from": str(string(r.Status)), ":v": num(r.Version), ":one": num(1)}
	if to == programme.RoundClosed {
		set += ", closedAt = :now"
		values[":now"] = str(fmtTime(now))
	}
	audit, err := s.auditPut(roundPK(r.ID), now, actor, programme.AuditRoundMoved, "round "+string(r.Status)+" -> "+string(to),
		map[string]string{"from": string(r.Status), "to": string(to)})
	if err != nil {
		return err
	}
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: &s.table, Key: key(roundPK(r.ID), "ROUND"),
			UpdateExpression:          aws.String(set),
			ConditionExpression:       aws.String("#status = :from AND version = :v"),
			ExpressionAttributeNames:  map[string]string{"#status": "status"},
			ExpressionAttributeValues: values}},
		audit,
	}})
	if cancelledBy(err, "ConditionalCheckFailed") {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("move round %s to %s: %w", r.ID, to, err)
	}
	return nil
}

// ExtendDeadline writes a round's new deadline, if the round is as it was
// read (version), still scheduled or open, and its current deadline has not
// passed at now. The submit path and the round job read the round on every
// call, so the change takes effect at once, without a redeploy.
func (s *Store) ExtendDeadline(ctx context.Context, r programme.Round, closes, now time.Time, actor string) error {
	audit, err := s.auditPut(roundPK(r.ID), now, actor, programme.AuditDeadlineExtended, "deadline extended",
		map[string]string{"from": fmtTime(r.ClosesAt), "to": fmtTime(closes)})
	if err != nil {
		return err
	}
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: &s.table, Key: key(roundPK(r.ID), "ROUND"),
			UpdateExpression:         aws.String("SET closesAt = :closes, version = version + :one"),
			ConditionExpression:      aws.String("version = :v AND #status IN (:scheduled, :open) AND closesAt > :now"),
			ExpressionAttributeNames: map[string]string{"#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":closes": str(fmtTime(closes)), ":one": num(1),
				":v": num(r.Version), ":scheduled": str(string(programme.RoundScheduled)), ":open": str(string(programme.RoundOpen)),
				":now": str(fmtTime(now))}}},
		audit,
	}})
	if cancelledBy(err, "ConditionalCheckFailed") {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("extend round %s: %w", r.ID, err)
	}
	return nil
}

// FinishClose marks the round's review as queued and queues the staff
// summary, once: a second call finds reviewQueued set and gives ErrConflict.
func (s *Store) FinishClose(ctx context.Context, roundID string, summary programme.Email, now time.Time) error {
	put, err := s.outboxPut(summary, now)
	if err != nil {
		return err
	}
	audit, err := s.auditPut(roundPK(roundID), now, programme.ActorRoundJob, programme.AuditReviewQueued, "review queued; staff summary queued", map[string]string{"outbox": summary.ID})
	if err != nil {
		return err
	}
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: &s.table, Key: key(roundPK(roundID), "ROUND"),
			UpdateExpression:          aws.String("SET reviewQueued = :t"),
			ConditionExpression:       aws.String("#status = :closed AND (attribute_not_exists(reviewQueued) OR reviewQueued = :f)"),
			ExpressionAttributeNames:  map[string]string{"#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":t": &types.AttributeValueMemberBOOL{Value: true}, ":f": &types.AttributeValueMemberBOOL{Value: false}, ":closed": str(string(programme.RoundClosed))}}},
		put, audit,
	}})
	if cancelledBy(err, "ConditionalCheckFailed") {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("finish close of round %s: %w", roundID, err)
	}
	return nil
}

// cancelledAt is the index of the first transaction item cancelled with a
// reason of code, or -1.
func cancelledAt(err error, code string) int {
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		return -1
	}
	for i, r := range tce.CancellationReasons {
		if aws.ToString(r.Code) == code {
			return i
		}
	}
	return -1
}

// cancelledBy says whether err is a cancelled transaction with a reason of code.
func cancelledBy(err error, code string) bool {
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		return false
	}
	for _, r := range tce.CancellationReasons {
		if aws.ToString(r.Code) == code {
			return true
		}
	}
	return false
}

// RoundLog is a round's audit log, oldest first.
func (s *Store) RoundLog(ctx context.Context, id string) ([]programme.AuditEntry, error) {
	return s.auditLog(ctx, roundPK(id))
}

// ApplicationLog is an application's audit log, oldest first.
func (s *Store) ApplicationLog(ctx context.Context, ref string) ([]programme.AuditEntry, error) {
	return s.auditLog(ctx, appPK(ref))
}

func (s *Store) auditLog(ctx context.Context, pk string) ([]programme.AuditEntry, error) {
	var out []programme.AuditEntry
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table,
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :log)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(pk), ":log": str("LOG#")}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("audit log of %s: %w", pk, err)
		}
		var items []auditItem
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, fmt.Errorf("decode audit log of %s: %w", pk, err)
		}
		for _, it := range items {
			at, err := parseTime(it.At)
			if err != nil {
				return nil, err
			}
			out = append(out, programme.AuditEntry{At: at, Actor: it.Actor, ActorLabel: it.Label, Code: it.Code, Event: it.Event, Detail: it.Detail})
		}
	}
	return out, nil
}
