package store

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

// A grant's items share one partition, PK=GRANT#<ref>: the grant
// (SK=GRANT), its years' reports (SK=REPORT#<year, two digits>) and its
// change requests (SK=CHANGE#<id>), so a grant's file is one Query. Their
// attributes are the programme types' JSON names, with every instant in
// RFC 3339 in UTC, to the nanosecond (a zero one is left out): what is
// written reads back the same instant. The grant also holds the hash of its
// grantee's link key and is listed under its round in GSI2
// (GSI2PK=ROUND#<id>#GRANTS, GSI2SK=<ref>). Their audit lines go on the
// application (APP#<ref>), with its decision's.

func grantPK(ref string) string { return "GRANT#" + ref }

const grantSK = "GRANT"

func reportSK(year int) string { return fmt.Sprintf("REPORT#%02d", year) }

func changeSK(id string) string { return "CHANGE#" + id }

// roundGrantsPK is the GSI2 partition of a round's grants (beside its
// emails', ROUND#<id>#OUTBOX).
func roundGrantsPK(roundID string) string { return "ROUND#" + roundID + "#GRANTS" }

// maxReportYear is the last year a report's two-digit sort key holds.
const maxReportYear = 99

func encodeInstant(t time.Time) (types.AttributeValue, error) {
	if t.IsZero() {
		return &types.AttributeValueMemberNULL{Value: true}, nil
	}
	return str(t.UTC().Format(time.RFC3339Nano)), nil
}

func decodeInstant(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

// encodeByJSON is v's attributes under its JSON names, leaving out the
// top-level ones that are NULL (a zero instant, a nil list).
func encodeByJSON(v any) (map[string]types.AttributeValue, error) {
	m, err := attributevalue.MarshalMapWithOptions(v, func(o *attributevalue.EncoderOptions) {
		o.TagKey, o.EncodeTime = "json", encodeInstant
	})
	if err != nil {
		return nil, err
	}
	for k, av := range m {
		if _, null := av.(*types.AttributeValueMemberNULL); null {
			delete(m, k)
		}
	}
	return m, nil
}

func decodeByJSON(m map[string]types.AttributeValue, out any) error {
	return attributevalue.UnmarshalMapWithOptions(m, out, func(o *attributevalue.DecoderOptions) {
		o.TagKey, o.DecodeTime.S = "json", decodeInstant
	})
}

// grantAttrs are the attributes of programme.Grant (its JSON names) but
// its version: what a write of a changed grant sets, or removes when empty.
var grantAttrs = func() []string {
	var out []string
	t := reflect.TypeFor[programme.Grant]()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case !f.IsExported() || name == "-":
			continue
		case name == "":
			name = f.Name
		}
		if name != "version" {
			out = append(out, name)
		}
	}
	return out
}()

// grantItem is a new grant's item, at version 1.
func grantItem(g programme.Grant, keyHash string) (map[string]types.AttributeValue, error) {
	item, err := encodeByJSON(g)
	if err != nil {
		return nil, fmt.Errorf("encode grant %s: %w", g.Ref, err)
	}
	item[KeyPK], item[KeySK], item["entity"], item["version"] = str(grantPK(g.Ref)), str(grantSK), str("grant"), num(1)
	item[KeyGSI2PK], item[KeyGSI2SK] = str(roundGrantsPK(g.RoundID)), str(g.Ref)
	if keyHash != "" {
		item["keyHash"] = str(keyHash)
	}
	return item, nil
}

// grantUpdate is the transaction item that writes g over the grant as read
// (g.Version), to version g.Version+1: every attribute of g set, or removed
// when empty; its keys, index keys and key hash as they are.
func (s *Store) grantUpdate(g programme.Grant) (types.TransactWriteItem, error) {
	attrs, err := encodeByJSON(g)
	if err != nil {
		return types.TransactWriteItem{}, fmt.Errorf("encode grant %s: %w", g.Ref, err)
	}
	names := map[string]string{}
	values := map[string]types.AttributeValue{":v": num(g.Version), ":next": num(g.Version + 1)}
	set, remove := []string{"version = :next"}, []string(nil)
	for i, name := range grantAttrs {
		n := "#g" + strconv.Itoa(i)
		names[n] = name
		if av, ok := attrs[name]; ok {
			set = append(set, n+" = :g"+strconv.Itoa(i))
			values[":g"+strconv.Itoa(i)] = av
		} else {
			remove = append(remove, n)
		}
	}
	update := "SET " + strings.Join(set, ", ")
	if len(remove) > 0 {
		update += " REMOVE " + strings.Join(remove, ", ")
	}
	return types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(grantPK(g.Ref), grantSK),
		UpdateExpression: aws.String(update), ConditionExpression: aws.String("version = :v"),
		ExpressionAttributeNames: names, ExpressionAttributeValues: values}}, nil
}

// grantRunning is the condition that the grant exists and is running.
func (s *Store) grantRunning(ref string) types.TransactWriteItem {
	return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: &s.table, Key: key(grantPK(ref), grantSK),
		ConditionExpression:       aws.String("#state = :running"),
		ExpressionAttributeNames:  map[string]string{"#state": "state"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":running": str(string(programme.GrantRunning))}}}
}

// grantStartItems are the grant's put (refused if the application has a
// grant) and its audit line on the application, for QueueDecisionAndGrant.
func (s *Store) grantStartItems(app programme.Application, start GrantStart, now time.Time, by string) ([]types.TransactWriteItem, error) {
	g := start.Grant
	if g.Ref != app.Ref {
		return nil, fmt.Errorf("the grant %s is not application %s's", g.Ref, app.Ref)
	}
	item, err := grantItem(g, start.KeyHash)
	if err != nil {
		return nil, err
	}
	lastDays := make([]string, 0, len(g.Years))
	for _, y := range g.Years {
		lastDays = append(lastDays, y.LastDay().Format(time.DateOnly))
	}
	audit, err := s.auditPut(appPK(app.Ref), now, by, programme.AuditGrantStarted, "grant started", map[string]string{
		"amount": strconv.FormatInt(g.Amount, 10), "start": g.Start.In(programme.Stockholm).Format(time.DateOnly),
		"lastDays": strings.Join(lastDays, " ")})
	if err != nil {
		return nil, err
	}
	return []types.TransactWriteItem{{Put: &types.Put{TableName: &s.table, Item: item,
		ConditionExpression: aws.String("attribute_not_exists(PK)")}}, audit}, nil
}

func decodeGrant(item map[string]types.AttributeValue) (programme.Grant, string, error) {
	var g programme.Grant
	if err := decodeByJSON(item, &g); err != nil {
		return g, "", fmt.Errorf("decode grant: %w", err)
	}
	var keyHash string
	if v, ok := item["keyHash"].(*types.AttributeValueMemberS); ok {
		keyHash = v.Value
	}
	return g, keyHash, nil
}

// GrantFile is a grant with its reports and change requests, as read
// together.
type GrantFile struct {
	Grant   programme.Grant
	KeyHash string                    // the hash of the grantee's link key
	Reports []programme.Report        // by year
	Changes []programme.ChangeRequest // oldest first
}

// GrantFile reads a grant, its reports and its change requests in one
// consistent Query of its partition. ErrNotFound if there is no grant of
// that reference (or the reference could not be a key).
func (s *Store) GrantFile(ctx context.Context, ref string) (GrantFile, error) {
	var f GrantFile
	if !holdable(grantPK(ref), grantSK) {
		return f, ErrNotFound
	}
	found := false
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(grantPK(ref))}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return f, fmt.Errorf("grant %s: %w", ref, err)
		}
		for _, item := range page.Items {
			sk, _ := item[KeySK].(*types.AttributeValueMemberS)
			switch {
			case sk == nil:
			case sk.Value == grantSK:
				if f.Grant, f.KeyHash, err = decodeGrant(item); err != nil {
					return f, fmt.Errorf("grant %s: %w", ref, err)
				}
				found = true
			case strings.HasPrefix(sk.Value, "REPORT#"):
				var r programme.Report
				if err := decodeByJSON(item, &r); err != nil {
					return f, fmt.Errorf("grant %s: decode %s: %w", ref, sk.Value, err)
				}
				f.Reports = append(f.Reports, r)
			case strings.HasPrefix(sk.Value, "CHANGE#"):
				var c programme.ChangeRequest
				if err := decodeByJSON(item, &c); err != nil {
					return f, fmt.Errorf("grant %s: decode %s: %w", ref, sk.Value, err)
				}
				f.Changes = append(f.Changes, c)
			}
		}
	}
	if !found {
		return GrantFile{}, ErrNotFound
	}
	slices.SortFunc(f.Reports, func(a, b programme.Report) int { return cmp.Compare(a.Year, b.Year) })
	slices.SortFunc(f.Changes, func(a, b programme.ChangeRequest) int {
		return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), cmp.Compare(a.ID, b.ID))
	})
	return f, nil
}

// Grants are a round's grants, whole, ordered by reference (GSI2 Query for
// the keys, BatchGetItem for the items).
func (s *Store) Grants(ctx context.Context, roundID string) ([]programme.Grant, error) {
	keys, err := s.grantKeys(ctx, roundID)
	if err != nil {
		return nil, err
	}
	out := make([]programme.Grant, 0, len(keys))
	err = s.batchGetRetrying(ctx, keys, nil, nil, func(item map[string]types.AttributeValue) error {
		g, _, err := decodeGrant(item)
		out = append(out, g)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("grants of round %s: %w", roundID, err)
	}
	slices.SortFunc(out, func(a, b programme.Grant) int { return cmp.Compare(a.Ref, b.Ref) })
	return out, nil
}

// PublicGrant is what the public list shows of a grant's progress: its
// state and the public summary of its latest approved report.
type PublicGrant struct {
	State   programme.GrantState
	Summary string
}

// PublicGrants are a round's grants' states and public summaries, by
// reference. It reads only those attributes (a projection): never the
// team's names or anything else of the grant.
func (s *Store) PublicGrants(ctx context.Context, roundID string) (map[string]PublicGrant, error) {
	keys, err := s.grantKeys(ctx, roundID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]PublicGrant, len(keys))
	err = s.batchGetRetrying(ctx, keys, aws.String("#ref, #state, #summary"),
		map[string]string{"#ref": "reference", "#state": "state", "#summary": "publicSummary"},
		func(item map[string]types.AttributeValue) error {
			var it struct {
				Ref     string `dynamodbav:"reference"`
				State   string `dynamodbav:"state"`
				Summary string `dynamodbav:"publicSummary"`
			}
			if err := attributevalue.UnmarshalMap(item, &it); err != nil {
				return fmt.Errorf("decode grant: %w", err)
			}
			out[it.Ref] = PublicGrant{State: programme.GrantState(it.State), Summary: it.Summary}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("public grants of round %s: %w", roundID, err)
	}
	return out, nil
}

// grantKeys are the keys of a round's grants (GSI2, every page).
func (s *Store) grantKeys(ctx context.Context, roundID string) ([]map[string]types.AttributeValue, error) {
	return s.gsi2Keys(ctx, roundGrantsPK(roundID), "grants of round "+roundID)
}

// gsi2Keys are the base-table keys of a GSI2 partition, every page (the
// index is KEYS_ONLY: the items are read by key after). A partition key
// over DynamoDB's limit was never written: none.
func (s *Store) gsi2Keys(ctx context.Context, pk, what string) ([]map[string]types.AttributeValue, error) {
	if len(pk) > maxPartitionKey {
		return nil, nil
	}
	var keys []map[string]types.AttributeValue
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI2),
		KeyConditionExpression:    aws.String("GSI2PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(pk)}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		for _, it := range page.Items {
			keys = append(keys, map[string]types.AttributeValue{KeyPK: it[KeyPK], KeySK: it[KeySK]})
		}
	}
	return keys, nil
}

// batchGetRetrying reads keys (BatchGetItem, 100 at a time, consistent,
// only the projection's attributes if one is given) and calls f with each
// item found. Keys DynamoDB leaves unprocessed (throttling) are asked again
// after a short, growing, jittered pause.
func (s *Store) batchGetRetrying(ctx context.Context, keys []map[string]types.AttributeValue, projection *string, names map[string]string,
	f func(map[string]types.AttributeValue) error) error {
	const first, most = 20 * time.Millisecond, time.Second
	pause := first
	for len(keys) > 0 {
		n := min(len(keys), 100)
		res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			s.table: {Keys: keys[:n], ConsistentRead: aws.Bool(true), ProjectionExpression: projection, ExpressionAttributeNames: names}}})
		if err != nil {
			return fmt.Errorf("batch read: %w", err)
		}
		for _, item := range res.Responses[s.table] {
			if err := f(item); err != nil {
				return err
			}
		}
		unprocessed := res.UnprocessedKeys[s.table].Keys
		keys = append(slices.Clone(keys[n:]), unprocessed...)
		if len(unprocessed) == 0 {
			pause = first
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause + rand.N(pause)):
		}
		pause = min(2*pause, most)
	}
	return nil
}

// Audit is an audit line a grant's write adds to its application's log: who
// (programme.SplitActor's form), the code (programme.Audit*) and its
// details, and the same in plain English.
type Audit struct {
	Actor, Code, Event string
	Detail             map[string]string
}

// WriteReport writes a year's report as read (r.Version: 0 for a new one)
// to version r.Version+1 and, if g is not nil, the grant as read
// (g.Version) to version g.Version+1, its key hash and index keys kept,
// with the audit line if any (on the application, at at), in one
// transaction. ErrConflict if either changed since it was read (or a new
// report's year has one already): nothing is written. Two staff approving
// the same report at once approve it, and pay it, once.
func (s *Store) WriteReport(ctx context.Context, g *programme.Grant, r programme.Report, audit *Audit, at time.Time) error {
	switch {
	case r.Year < 1 || r.Year > maxReportYear:
		return fmt.Errorf("report of %s: year %d is not in 1..%d", r.Ref, r.Year, maxReportYear)
	case g != nil && g.Ref != r.Ref:
		return fmt.Errorf("report of %s with the grant %s", r.Ref, g.Ref)
	}
	item, err := encodeByJSON(r)
	if err != nil {
		return fmt.Errorf("encode report %d of %s: %w", r.Year, r.Ref, err)
	}
	item[KeyPK], item[KeySK], item["entity"], item["version"] = str(grantPK(r.Ref)), str(reportSK(r.Year)), str("report"), num(r.Version+1)
	put := &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")}
	if r.Version != 0 {
		put.ConditionExpression = aws.String("version = :v")
		put.ExpressionAttributeValues = map[string]types.AttributeValue{":v": num(r.Version)}
	}
	items := []types.TransactWriteItem{{Put: put}}
	if g != nil {
		upd, err := s.grantUpdate(*g)
		if err != nil {
			return err
		}
		items = append(items, upd)
	}
	if audit != nil {
		line, err := s.auditPut(appPK(r.Ref), at, audit.Actor, audit.Code, audit.Event, audit.Detail)
		if err != nil {
			return err
		}
		items = append(items, line)
	}
	out, err := s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items, ReturnConsumedCapacity: s.returnCapacity()})
	if cancelledBy(err, "ConditionalCheckFailed") {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("write report %d of %s: %w", r.Year, r.Ref, err)
	}
	s.capacity("report", out.ConsumedCapacity...)
	return nil
}

// RequestChange stores a grantee's change request (c.ID is its id in the
// grant, chosen by the caller) while its grant is running, with the audit
// line (on the application, at c.RequestedAt), in one transaction.
// ErrConflict if the grant is not running (or not there);
// ErrAlreadyExists if the grant has a request of that id. Either way
// nothing is written.
func (s *Store) RequestChange(ctx context.Context, c programme.ChangeRequest, audit Audit) error {
	if c.ID == "" || !holdable(grantPK(c.Ref), changeSK(c.ID)) {
		return fmt.Errorf("change request of %s: %q is not an id", c.Ref, c.ID)
	}
	item, err := encodeByJSON(c)
	if err != nil {
		return fmt.Errorf("encode change request %s of %s: %w", c.ID, c.Ref, err)
	}
	item[KeyPK], item[KeySK], item["entity"] = str(grantPK(c.Ref)), str(changeSK(c.ID)), str("change")
	line, err := s.auditPut(appPK(c.Ref), c.RequestedAt, audit.Actor, audit.Code, audit.Event, audit.Detail)
	if err != nil {
		return err
	}
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
		s.grantRunning(c.Ref),
		line,
	}})
	switch cancelledAt(err, "ConditionalCheckFailed") {
	case 0:
		return ErrAlreadyExists
	case -1:
	default:
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("request change %s of %s: %w", c.ID, c.Ref, err)
	}
	return nil
}

// DecideChange records staff's answer to a pending change request (c as
// programme.ApproveChange or RefuseChange returned it: its state,
// motivation, decider and time) with the audit line (on the application,
// at c.DecidedAt), in one transaction. An approval (a not nil) also writes
// a.After over the grant as read (a.Before.Version), to the next version,
// its key hash and index keys kept; a refusal checks that the grant is
// still running. ErrConflict if the request is no longer pending, or the
// grant changed since it was read: nothing is written.
func (s *Store) DecideChange(ctx context.Context, c programme.ChangeRequest, a *programme.Amendment, audit Audit) error {
	switch {
	case c.ID == "" || !holdable(grantPK(c.Ref), changeSK(c.ID)):
		return fmt.Errorf("change request of %s: %q is not an id", c.Ref, c.ID)
	case c.State != programme.ChangeApproved && c.State != programme.ChangeRefused:
		return fmt.Errorf("change request %s of %s: %q is not a decision", c.ID, c.Ref, c.State)
	case a != nil && (c.State != programme.ChangeApproved || a.After.Ref != c.Ref):
		return fmt.Errorf("change request %s of %s: an amendment of %s with a %s request", c.ID, c.Ref, a.After.Ref, c.State)
	}
	at, err := encodeInstant(c.DecidedAt)
	if err != nil {
		return err
	}
	items := []types.TransactWriteItem{{Update: &types.Update{TableName: &s.table, Key: key(grantPK(c.Ref), changeSK(c.ID)),
		UpdateExpression:         aws.String("SET #state = :state, motivation = :motivation, decidedBy = :by, decidedAt = :at"),
		ConditionExpression:      aws.String("#state = :pending"),
		ExpressionAttributeNames: map[string]string{"#state": "state"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":state": str(string(c.State)), ":motivation": str(c.Motivation),
			":by": str(c.DecidedBy), ":at": at, ":pending": str(string(programme.ChangePending))}}}}
	if a != nil {
		after := a.After
		after.Version = a.Before.Version
		upd, err := s.grantUpdate(after)
		if err != nil {
			return err
		}
		items = append(items, upd)
	} else {
		items = append(items, s.grantRunning(c.Ref))
	}
	line, err := s.auditPut(appPK(c.Ref), c.DecidedAt, audit.Actor, audit.Code, audit.Event, audit.Detail)
	if err != nil {
		return err
	}
	items = append(items, line)
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if cancelledBy(err, "ConditionalCheckFailed") {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("decide change %s of %s: %w", c.ID, c.Ref, err)
	}
	return nil
}

// QueueOnce queues an email about an application (pending as of now) with
// an audit line on the application keyed on the email's id, in one
// transaction, if no email of that id was ever queued: queued is false,
// and nothing is written, if one was. A job that queues by ids made of what
// the email is about (a reminder's year, last day and kind) queues each
// once, however often it runs, after a crash too.
func (s *Store) QueueOnce(ctx context.Context, e programme.Email, now time.Time, audit Audit) (queued bool, err error) {
	if e.Ref == "" {
		return false, fmt.Errorf("outbox %s: no application to log it on", e.ID)
	}
	put, err := s.outboxPut(e, now)
	if err != nil {
		return false, err
	}
	line, err := s.auditPutOnce(appPK(e.Ref), now, audit.Actor, audit.Code, audit.Event, e.ID, audit.Detail)
	if err != nil {
		return false, err
	}
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{put, line}})
	if cancelledBy(err, "ConditionalCheckFailed") {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("queue %s: %w", e.ID, err)
	}
	return true, nil
}
