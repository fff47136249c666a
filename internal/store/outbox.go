package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

func outboxPK(id string) string { return "OUTBOX#" + id }

// The outbox's index keys. GSI1 lists the emails in a state by the time of
// their last change (GSI1PK=OUTBOX#<state>, GSI1SK=<time>#<id>; for a
// sending email the time is its lease's end, so expired leases sort first);
// GSI2 lists a round's emails by state (GSI2SK=<state>#<id>). Every write
// that changes an email's state sets all three: setOutboxIndex with
// withOutboxIndex's values, or outboxIndex for a whole item.
const setOutboxIndex = "GSI1PK = :gpk, GSI1SK = :gsk, GSI2SK = :g2"

// outboxIndex is the index keys of email id in state as of at.
func outboxIndex(id, state string, at time.Time) (gsi1pk, gsi1sk, gsi2sk string) {
	return outboxStatePK(state), fmtTime(at) + "#" + id, state + "#" + id
}

// outboxStatePK is the GSI1 partition of the emails in a state.
func outboxStatePK(state string) string { return "OUTBOX#" + state }

// withOutboxIndex adds to values the :gpk, :gsk and :g2 that setOutboxIndex
// sets for email id in state as of at.
func withOutboxIndex(values map[string]types.AttributeValue, id, state string, at time.Time) map[string]types.AttributeValue {
	gpk, gsk, g2 := outboxIndex(id, state, at)
	values[":gpk"], values[":gsk"], values[":g2"] = str(gpk), str(gsk), str(g2)
	return values
}

// ValidTag says whether v is a valid SES message tag name or value: 1 to
// 256 ASCII letters, digits, '_' or '-' (SES API reference, MessageTag).
func ValidTag(v string) bool {
	if v == "" || len(v) > 256 {
		return false
	}
	for _, c := range []byte(v) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// roundOutboxPK is the GSI2 partition of a round's emails.
func roundOutboxPK(roundID string) string { return "ROUND#" + roundID + "#OUTBOX" }

// outboxItem is an email as stored (programme.Email, with its keys).
type outboxItem struct {
	PK         string `dynamodbav:"PK"`
	SK         string `dynamodbav:"SK"`
	GSI1PK     string `dynamodbav:"GSI1PK"`
	GSI1SK     string `dynamodbav:"GSI1SK"`
	GSI2PK     string `dynamodbav:"GSI2PK,omitempty"`
	GSI2SK     string `dynamodbav:"GSI2SK,omitempty"`
	Entity     string `dynamodbav:"entity"`
	ID         string `dynamodbav:"id"`
	Kind       string `dynamodbav:"kind"`
	Ref        string `dynamodbav:"ref,omitempty"`
	RoundID    string `dynamodbav:"roundId,omitempty"`
	To         string `dynamodbav:"to"`
	Subject    string `dynamodbav:"subject"`
	Text       string `dynamodbav:"text"`
	HTML       string `dynamodbav:"html"`
	State      string `dynamodbav:"state"`
	Attempts   int    `dynamodbav:"attempts"`
	LeaseID    string `dynamodbav:"leaseId,omitempty"`
	LeaseUntil string `dynamodbav:"leaseUntil,omitempty"`
	MessageID  string `dynamodbav:"sesMessageId,omitempty"`
	CreatedAt  string `dynamodbav:"createdAt"`
	SentAt     string `dynamodbav:"sentAt,omitempty"`
	Error      string `dynamodbav:"error,omitempty"`
	// What SES's events said after the send.
	DeliveredAt string `dynamodbav:"deliveredAt,omitempty"`
	BounceType  string `dynamodbav:"bounceType,omitempty"`
	EventAt     string `dynamodbav:"eventAt,omitempty"`
	// RedactedAt: recipient and body removed (retention.go).
	RedactedAt string `dynamodbav:"redactedAt,omitempty"`
}

// fmtOptional is t as stored, "" for the zero time (the attribute is then left out).
func fmtOptional(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmtTime(t)
}

func toOutboxItem(e programme.Email) outboxItem {
	return outboxItem{PK: outboxPK(e.ID), SK: "OUTBOX", Entity: "outbox",
		ID: e.ID, Kind: string(e.Kind), Ref: e.Ref, RoundID: e.RoundID, To: e.To, Subject: e.Subject, Text: e.Text, HTML: e.HTML,
		State: e.State, Attempts: e.Attempts, LeaseID: e.LeaseID, LeaseUntil: fmtOptional(e.LeaseUntil), MessageID: e.MessageID,
		CreatedAt: fmtTime(e.CreatedAt), SentAt: fmtOptional(e.SentAt), Error: e.Error,
		DeliveredAt: fmtOptional(e.DeliveredAt), BounceType: e.BounceType, EventAt: fmtOptional(e.EventAt), RedactedAt: fmtOptional(e.RedactedAt)}
}

func (it outboxItem) email() (programme.Email, error) {
	e := programme.Email{ID: it.ID, Kind: programme.EmailKind(it.Kind), Ref: it.Ref, RoundID: it.RoundID,
		To: it.To, Subject: it.Subject, Text: it.Text, HTML: it.HTML,
		State: it.State, Attempts: it.Attempts, LeaseID: it.LeaseID, MessageID: it.MessageID, Error: it.Error,
		BounceType: it.BounceType}
	for _, t := range []struct {
		name string
		s    string
		to   *time.Time
	}{{"leaseUntil", it.LeaseUntil, &e.LeaseUntil}, {"createdAt", it.CreatedAt, &e.CreatedAt}, {"sentAt", it.SentAt, &e.SentAt},
		{"deliveredAt", it.DeliveredAt, &e.DeliveredAt}, {"eventAt", it.EventAt, &e.EventAt}, {"redactedAt", it.RedactedAt, &e.RedactedAt}} {
		if t.s == "" {
			continue
		}
		at, err := parseTime(t.s)
		if err != nil {
			return e, fmt.Errorf("outbox %s: %s: %w", it.ID, t.name, err)
		}
		*t.to = at
	}
	return e, nil
}

// decodeEmail reads an email from its item.
func decodeEmail(item map[string]types.AttributeValue) (programme.Email, error) {
	var it outboxItem
	if err := attributevalue.UnmarshalMap(item, &it); err != nil {
		return programme.Email{}, fmt.Errorf("decode outbox item: %w", err)
	}
	return it.email()
}

// outboxPut is the transaction item that queues e, pending as of now,
// refused if its id exists.
func (s *Store) outboxPut(e programme.Email, now time.Time) (types.TransactWriteItem, error) {
	if !ValidTag(e.ID) || !ValidTag(string(e.Kind)) {
		return types.TransactWriteItem{}, fmt.Errorf("outbox id %q or kind %q is not a valid SES tag value", e.ID, e.Kind)
	}
	e.State, e.CreatedAt = programme.EmailPending, now
	it := toOutboxItem(e)
	it.GSI1PK, it.GSI1SK, it.GSI2SK = outboxIndex(e.ID, e.State, now)
	it.GSI2PK = roundOutboxPK(e.RoundID)
	item, err := attributevalue.MarshalMap(it)
	if err != nil {
		return types.TransactWriteItem{}, fmt.Errorf("encode outbox %s: %w", e.ID, err)
	}
	return types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: item,
		ConditionExpression: aws.String("attribute_not_exists(PK)")}}, nil
}

// PendingOutbox lists up to limit pending ids, oldest first (GSI1).
func (s *Store) PendingOutbox(ctx context.Context, limit int32) ([]string, error) {
	return s.outboxIDs(ctx, "pending outbox", "GSI1PK = :pk",
		map[string]types.AttributeValue{":pk": str(outboxStatePK(programme.EmailPending))}, limit)
}

// outboxIDs runs one GSI1 Query of outbox items and returns their ids.
func (s *Store) outboxIDs(ctx context.Context, what, keyCond string, values map[string]types.AttributeValue, limit int32) ([]string, error) {
	out, err := s.db.Query(ctx, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression: aws.String(keyCond), ExpressionAttributeValues: values, Limit: aws.Int32(limit)})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	ids := make([]string, 0, len(out.Items))
	for _, it := range out.Items {
		if v, ok := it["id"].(*types.AttributeValueMemberS); ok {
			ids = append(ids, v.Value)
		}
	}
	return ids, nil
}

// ClaimOutbox takes a pending email for sending under a lease until
// now+lease, and returns it whole. ErrConflict if it is no longer pending
// (another mailer took it, or it was sent).
func (s *Store) ClaimOutbox(ctx context.Context, id, leaseID string, now time.Time, lease time.Duration) (programme.Email, error) {
	until := now.Add(lease)
	out, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(outboxPK(id), "OUTBOX"),
		UpdateExpression: aws.String("SET #state = :sending, leaseId = :lease, leaseUntil = :until, attempts = attempts + :one, " +
			setOutboxIndex),
		ConditionExpression:      aws.String("#state = :pending"),
		ExpressionAttributeNames: map[string]string{"#state": "state"},
		ExpressionAttributeValues: withOutboxIndex(map[string]types.AttributeValue{":sending": str(programme.EmailSending),
			":pending": str(programme.EmailPending), ":lease": str(leaseID), ":until": str(fmtTime(until)), ":one": num(1)},
			id, programme.EmailSending, until),
		ReturnValues: types.ReturnValueAllNew})
	if conditionFailed(err) {
		return programme.Email{}, ErrConflict
	}
	if err != nil {
		return programme.Email{}, fmt.Errorf("claim outbox %s: %w", id, err)
	}
	return decodeEmail(out.Attributes)
}

// MarkSent records SES's message id on an item this mailer holds the lease of.
func (s *Store) MarkSent(ctx context.Context, id, leaseID, messageID string, now time.Time) error {
	return s.settle(ctx, id, leaseID, "SET #state = :sent, sesMessageId = :mid, sentAt = :now, "+setOutboxIndex+" REMOVE leaseUntil",
		withOutboxIndex(map[string]types.AttributeValue{":sent": str(programme.EmailSent), ":mid": str(messageID), ":now": str(fmtTime(now))},
			id, programme.EmailSent, now))
}

// Release puts a held item back to pending (SES refused it for now, e.g.
// throttling), to be tried again.
func (s *Store) Release(ctx context.Context, id, leaseID, reason string, now time.Time) error {
	return s.settle(ctx, id, leaseID, "SET #state = :pending, #error = :err, "+setOutboxIndex+" REMOVE leaseUntil",
		withOutboxIndex(map[string]types.AttributeValue{":pending": str(programme.EmailPending), ":err": str(reason)},
			id, programme.EmailPending, now))
}

// MarkFailed gives up on a held item (SES will never take it as it is).
func (s *Store) MarkFailed(ctx context.Context, id, leaseID, reason string, now time.Time) error {
	return s.settle(ctx, id, leaseID, "SET #state = :failed, #error = :err, "+setOutboxIndex+" REMOVE leaseUntil",
		withOutboxIndex(map[string]types.AttributeValue{":failed": str(programme.EmailFailed), ":err": str(reason)},
			id, programme.EmailFailed, now))
}

func (s *Store) settle(ctx context.Context, id, leaseID, update string, values map[string]types.AttributeValue) error {
	values[":lease"], values[":sending"] = str(leaseID), str(programme.EmailSending)
	names := map[string]string{"#state": "state"}
	if strings.Contains(update, "#error") {
		names["#error"] = "error"
	}
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(outboxPK(id), "OUTBOX"),
		UpdateExpression:          aws.String(update),
		ConditionExpression:       aws.String("#state = :sending AND leaseId = :lease"),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values})
	if conditionFailed(err) {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("settle outbox %s: %w", id, err)
	}
	return nil
}

// ExpiredLeases lists items still "sending" whose lease ran out before now:
// a mailer died between claim and record.
func (s *Store) ExpiredLeases(ctx context.Context, now time.Time, limit int32) ([]string, error) {
	return s.outboxIDs(ctx, "expired leases", "GSI1PK = :pk AND GSI1SK < :now",
		map[string]types.AttributeValue{":pk": str(outboxStatePK(programme.EmailSending)), ":now": str(fmtTime(now))}, limit)
}

// OutboxItem reads one email (tests and tooling).
func (s *Store) OutboxItem(ctx context.Context, id string) (programme.Email, error) {
	var it outboxItem
	if err := s.get(ctx, outboxPK(id), "OUTBOX", &it); err != nil {
		return programme.Email{}, err
	}
	return it.email()
}

// Requeue puts an item back to pending whose lease ran out before cutoff
// and which no Send event has settled since: most likely SES never took it
// (a mailer died before or while calling SES), so it is sent again.
func (s *Store) Requeue(ctx context.Context, id string, cutoff, now time.Time) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(outboxPK(id), "OUTBOX"),
		UpdateExpression:         aws.String("SET #state = :pending, " + setOutboxIndex + ", #error = :why REMOVE leaseUntil, leaseId"),
		ConditionExpression:      aws.String("#state = :sending AND leaseUntil < :cutoff"),
		ExpressionAttributeNames: map[string]string{"#state": "state", "#error": "error"},
		ExpressionAttributeValues: withOutboxIndex(map[string]types.AttributeValue{":pending": str(programme.EmailPending),
			":sending": str(programme.EmailSending), ":cutoff": str(fmtTime(cutoff)),
			":why": str("lease ran out and no Send event from SES came; sent again")}, id, programme.EmailPending, now)})
	if conditionFailed(err) {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("requeue outbox %s: %w", id, err)
	}
	return nil
}

// ErrSentTwice: SES reports a second message for an outbox item that is
// already recorded as sent under another message id.
var ErrSentTwice = errors.New("outbox item sent twice")

// ReconcileSent applies SES's Send event: the item is sent, with this
// message id, even if its mailer died before recording it. It reports
// whether the item changed (false when it was already recorded).
func (s *Store) ReconcileSent(ctx context.Context, id, messageID string, at time.Time) (bool, error) {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(outboxPK(id), "OUTBOX"),
		UpdateExpression:         aws.String("SET #state = :sent, sesMessageId = :mid, sentAt = :at, " + setOutboxIndex + " REMOVE leaseUntil"),
		ConditionExpression:      aws.String("#state IN (:sending, :pending)"),
		ExpressionAttributeNames: map[string]string{"#state": "state"},
		ExpressionAttributeValues: withOutboxIndex(map[string]types.AttributeValue{":sent": str(programme.EmailSent), ":mid": str(messageID),
			":at": str(fmtTime(at)), ":sending": str(programme.EmailSending), ":pending": str(programme.EmailPending)},
			id, programme.EmailSent, at)})
	if err == nil {
		return true, nil
	}
	if !conditionFailed(err) {
		return false, fmt.Errorf("reconcile outbox %s: %w", id, err)
	}
	o, err := s.OutboxItem(ctx, id)
	if err != nil {
		return false, err
	}
	if o.MessageID != "" && o.MessageID != messageID {
		return false, fmt.Errorf("%w: %s recorded as %s, SES also sent %s", ErrSentTwice, id, o.MessageID, messageID)
	}
	return false, nil
}

// MailEvent is what SES said about a message after SendEmail took it.
type MailEvent struct {
	// ID is SES's own identity of the event: the message id, the event
	// type and, for bounces and complaints, SES's feedback id. A redelivery
	// of the same event has the same ID and changes nothing.
	ID        string
	Kind      string // "Delivery", "Bounce", "Complaint" or "Reject"
	MessageID string // SES's message id
	Detail    string // e.g. the bounce type
	At        time.Time
}

// mailSeverity orders the outbox's final states: a later, milder event
// never overwrites a worse state (a Delivery after a Complaint, a Bounce
// after a Complaint).
func mailSeverity(state string) int {
	switch state {
	case programme.EmailFailed:
		return 1
	case programme.EmailBounced:
		return 2
	case programme.EmailComplained:
		return 3
	}
	return 0 // pending, sending, sent
}

// stateAfter is the item's state after ev: the worse of the two, and a
// Delivery settles an item whose mailer died before recording the send.
func stateAfter(current string, ev MailEvent) string {
	next := map[string]string{"Bounce": programme.EmailBounced, "Complaint": programme.EmailComplained, "Reject": programme.EmailFailed}[ev.Kind]
	if ev.Kind == "Delivery" {
		if current == programme.EmailPending || current == programme.EmailSending {
			return programme.EmailSent
		}
		return current
	}
	if mailSeverity(next) > mailSeverity(current) {
		return next
	}
	return current
}

// RecordMailEvent applies a Delivery, Bounce, Complaint or Reject event to
// its outbox item, exactly once: a bounce, complaint or reject also goes
// into the audit log of the application the email was about, in the same
// transaction, under a sort key made of the event's own ID, written only if
// absent; a redelivered event finds it there and changes nothing. It
// reports whether this call applied the event (false: applied before).
func (s *Store) RecordMailEvent(ctx context.Context, id string, ev MailEvent) (bool, error) {
	if ev.ID == "" {
		return false, fmt.Errorf("outbox %s: SES event without an id", id)
	}
	if _, ok := map[string]bool{"Delivery": true, "Bounce": true, "Complaint": true, "Reject": true}[ev.Kind]; !ok {
		return false, fmt.Errorf("outbox %s: unknown SES event %q", id, ev.Kind)
	}
	for range 5 { // the item may change between the read and the write (another event, the mailer)
		o, err := s.OutboxItem(ctx, id)
		if err != nil {
			return false, fmt.Errorf("outbox %s: %w", id, err)
		}
		applied, err := s.recordMailEvent(ctx, o, ev)
		if !errors.Is(err, ErrConflict) {
			return applied, err
		}
	}
	return false, fmt.Errorf("record %s on outbox %s: the item kept changing", ev.Kind, id)
}

func (s *Store) recordMailEvent(ctx context.Context, o programme.Email, ev MailEvent) (bool, error) {
	at := fmtTime(ev.At)
	state := stateAfter(o.State, ev)
	update := "SET eventAt = :at, sesMessageId = if_not_exists(sesMessageId, :mid)"
	values := map[string]types.AttributeValue{":at": str(at), ":mid": str(ev.MessageID), ":read": str(o.State)}
	switch ev.Kind {
	case "Delivery":
		update = "SET deliveredAt = if_not_exists(deliveredAt, :at), sesMessageId = if_not_exists(sesMessageId, :mid)"
	default:
		update += ", bounceType = :detail"
		values[":detail"] = str(ev.Detail)
	}
	if state != o.State {
		update += ", #state = :state, " + setOutboxIndex
		values[":state"] = str(state)
		withOutboxIndex(values, o.ID, state, ev.At)
		if state == programme.EmailSent {
			update += ", sentAt = if_not_exists(sentAt, :at)"
		}
		update += " REMOVE leaseUntil"
	}
	items := []types.TransactWriteItem{{Update: &types.Update{TableName: &s.table, Key: key(outboxPK(o.ID), "OUTBOX"),
		UpdateExpression: aws.String(update), ConditionExpression: aws.String("#state = :read"),
		ExpressionAttributeNames: map[string]string{"#state": "state"}, ExpressionAttributeValues: values}}}
	// The effect's own key: an audit line on the application for the
	// failures, else a marker on the outbox item.
	pk, event := outboxPK(o.ID), "email "+ev.Kind
	if o.Ref != "" && ev.Kind != "Delivery" {
		pk, event = appPK(o.Ref), "email "+ev.Kind+": "+string(o.Kind)
	}
	mark, err := s.auditPutOnce(pk, ev.At, programme.ActorSES, programme.AuditEmailEvent, event, ev.ID,
		map[string]string{"outbox": o.ID, "kind": ev.Kind, "email": string(o.Kind), "detail": ev.Detail, "state": state})
	if err != nil {
		return false, err
	}
	items = append(items, mark)
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if reason := cancelledAt(err, "ConditionalCheckFailed"); reason == 1 {
		return false, nil // this event was applied before
	} else if reason == 0 {
		return false, ErrConflict
	}
	if err != nil {
		return false, fmt.Errorf("record %s on outbox %s: %w", ev.Kind, o.ID, err)
	}
	return true, nil
}

// OutboxIn lists up to limit items in a state (GSI1), e.g. the bounced
// ones for staff follow-up.
func (s *Store) OutboxIn(ctx context.Context, state string, limit int32) ([]string, error) {
	return s.outboxIDs(ctx, state+" outbox", "GSI1PK = :pk", map[string]types.AttributeValue{":pk": str(outboxStatePK(state))}, limit)
}

// RoundOutboxCounts counts a round's emails of a kind prefix by state (GSI2,
// COUNT queries): the progress of its decision emails.
func (s *Store) RoundOutboxCounts(ctx context.Context, roundID, idPrefix string) (map[string]int, error) {
	counts := map[string]int{}
	for _, state := range programme.EmailStates {
		p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI2),
			KeyConditionExpression:    aws.String("GSI2PK = :pk AND begins_with(GSI2SK, :sk)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundOutboxPK(roundID)), ":sk": str(state + "#" + idPrefix)},
			Select:                    types.SelectCount})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("count %s emails of round %s: %w", state, roundID, err)
			}
			counts[state] += int(page.Count)
		}
	}
	return counts, nil
}

// RoundOutboxIn returns a round's emails of an id prefix in any of the
// states, whole (GSI2 Query for the keys, BatchGetItem for the items).
func (s *Store) RoundOutboxIn(ctx context.Context, roundID, idPrefix string, states ...string) ([]programme.Email, error) {
	var keys []map[string]types.AttributeValue
	for _, state := range states {
		p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI2),
			KeyConditionExpression:    aws.String("GSI2PK = :pk AND begins_with(GSI2SK, :sk)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundOutboxPK(roundID)), ":sk": str(state + "#" + idPrefix)}})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("%s emails of round %s: %w", state, roundID, err)
			}
			for _, it := range page.Items {
				keys = append(keys, map[string]types.AttributeValue{KeyPK: it[KeyPK], KeySK: it[KeySK]})
			}
		}
	}
	var out []programme.Email
	for len(keys) > 0 {
		n := min(len(keys), 100)
		res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{s.table: {Keys: keys[:n]}}})
		if err != nil {
			return nil, fmt.Errorf("read emails of round %s: %w", roundID, err)
		}
		keys = append(keys[n:], res.UnprocessedKeys[s.table].Keys...)
		for _, item := range res.Responses[s.table] {
			e, err := decodeEmail(item)
			if err != nil {
				return nil, fmt.Errorf("emails of round %s: %w", roundID, err)
			}
			out = append(out, e)
		}
	}
	return out, nil
}
