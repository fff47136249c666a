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

// Retention in the table (programme.RetentionRules): redaction inside items
// that stay, keyed access only.
//
//   - An email whose recipient and body are removed keeps its item, its
//     state and its GSI2 key (a round's counts by state do not change); its
//     GSI1 sort key becomes redactedSK, which sorts after every instant, so
//     the retention's Query of its state's partition (GSI1SK < cutoff)
//     never finds it again.
//   - An application whose status's rule is carried out enters its round's
//     retention partition of GSI2 (GSI2PK=ROUND#<id>#RETENTION,
//     GSI2SK=<status>#<ref>; GSI2 holds only keys): the job lists a round's
//     applications in a status on GSI1 and leaves out those listed there, so
//     it reads each application whole only until its rule is done.
//   - redacted (a map: role -> instant) says whose contact details were
//     erased; their fields hold programme.Redacted. retentionSeen
//     (<status>#<instant>) is when the job first saw the application in that
//     status, for the rules that count from then when the status change
//     records no instant of its own (<status>At, e.g. withdrawnAt).

// ErrEmailInFlight: an email to the person is being sent right now (a
// mailer holds it); nothing was written. Its lease runs out within minutes.
var ErrEmailInFlight = errors.New("an email to the person is being sent")

// redactedSK is an outbox item's GSI1 sort key once its recipient and body
// are gone: after every instant ("r" > "2"), in the same state's partition.
func redactedSK(at time.Time, id string) string { return "redacted#" + fmtTime(at) + "#" + id }

func retentionPK(roundID string) string { return roundPK(roundID) + "#RETENTION" }

func retentionSK(status programme.AppStatus, ref string) string { return string(status) + "#" + ref }

// retention reads the stored retention state into a.
func (it appItem) retention(a *programme.Application) error {
	for role, at := range it.Redacted {
		t, err := parseTime(at)
		if err != nil {
			return fmt.Errorf("application %s: redacted %s: %w", it.Ref, role, err)
		}
		if a.Redacted == nil {
			a.Redacted = map[programme.PartyRole]time.Time{}
		}
		a.Redacted[programme.PartyRole(role)] = t
	}
	if it.ArchiveUntil != "" {
		t, err := parseTime(it.ArchiveUntil)
		if err != nil {
			return fmt.Errorf("application %s: archiveUntil: %w", it.Ref, err)
		}
		a.ArchiveUntil = t
	}
	return nil
}

// OutboxEmails reads emails by id, whole (BatchGetItem, consistent); an id
// with no email is left out of the map.
func (s *Store) OutboxEmails(ctx context.Context, ids []string) (map[string]programme.Email, error) {
	out := map[string]programme.Email{}
	var keys []map[string]types.AttributeValue
	for _, id := range ids {
		if holdable(outboxPK(id), "OUTBOX") {
			keys = append(keys, key(outboxPK(id), "OUTBOX"))
		}
	}
	err := s.batchGet(ctx, keys, func(item map[string]types.AttributeValue) error {
		e, err := decodeEmail(item)
		out[e.ID] = e
		return err
	})
	return out, err
}

// batchGet reads keys whole (BatchGetItem, 100 at a time, consistent,
// unprocessed keys again) and calls f with each item found.
func (s *Store) batchGet(ctx context.Context, keys []map[string]types.AttributeValue, f func(map[string]types.AttributeValue) error) error {
	for len(keys) > 0 {
		n := min(len(keys), 100)
		res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			s.table: {Keys: keys[:n], ConsistentRead: aws.Bool(true)}}})
		if err != nil {
			return fmt.Errorf("batch read: %w", err)
		}
		keys = append(keys[n:], res.UnprocessedKeys[s.table].Keys...)
		for _, item := range res.Responses[s.table] {
			if err := f(item); err != nil {
				return err
			}
		}
	}
	return nil
}

// ContactRedaction is one redaction of people's contact details from an
// application: on request (Reason) or by a retention rule (Rule).
type ContactRedaction struct {
	App    programme.Application // as read: the write holds its version
	Roles  []programme.PartyRole // whose details go
	Emails []programme.Email     // as read: the emails about the application to those people
	At     time.Time
	Actor  string
	Reason programme.EraseReason // on request: why
	Rule   string                // by the retention job: the rule's ID
	// Done: the rule of the application's status is carried out with this
	// write (the job leaves it out from then on).
	Done bool
}

// RedactContacts replaces the contact name, email and phone of each of r's
// roles, and the names of the people of its team, with programme.Redacted
// (the Swedish party's with its signatory's name and address, and the name
// its signatory answered with; the partner's with the name it answered
// with), in one transaction with an audit line (who, why, which parties:
// never what) and with the emails to those
// people: a pending one is cancelled (never sent), a sent one loses its
// recipient and body. The application's ref, round, type, theme, texts,
// amounts, decision and audit log stay. ErrConflict if the application or
// an email changed since read (nothing written: read again and retry);
// ErrEmailInFlight if one of the emails is being sent.
func (s *Store) RedactContacts(ctx context.Context, r ContactRedaction) (cancelled, redacted int, err error) {
	app := r.App
	at := fmtTime(r.At)
	names := map[string]string{}
	values := map[string]types.AttributeValue{":m": str(programme.Redacted), ":now": str(at), ":v": num(app.Version), ":one": num(1)}
	var set []string
	cond := []string{"version = :v"}
	erased := map[string]types.AttributeValue{}
	for role, t := range app.Redacted {
		erased[string(role)] = str(fmtTime(t))
	}
	for i, role := range r.Roles {
		p := app.Party(role)
		if p == nil {
			return 0, 0, fmt.Errorf("application %s has no %s", app.Ref, role)
		}
		n := fmt.Sprintf("#p%d", i)
		names[n] = string(role)
		set = append(set, n+".contactName = :m", n+".email = :m")
		if p.Phone != "" {
			set = append(set, n+".phone = :m")
		}
		for j, m := range app.Team { // the version condition holds the list as read
			if m.Party == role {
				names["#nm"] = "name"
				set = append(set, fmt.Sprintf("team[%d].#nm = :m", j))
			}
		}
		// The name a party answered with: an answer does not change the
		// version, so the write holds the answer's state as read.
		party := programme.ConfirmByPartner
		if role == programme.RoleSwedish {
			party = programme.ConfirmBySignatory
			if app.Signatory != nil {
				names["#nm"] = "name"
				set = append(set, "signatory.#nm = :m", "signatory.email = :m")
			}
		}
		if role == programme.RoleSwedish || role == programme.RolePartner {
			answer, state := app.Answer(party), string(party)+"State"
			if answer.Name != "" {
				set = append(set, string(party)+"Name = :m")
			}
			if answer.State == "" {
				cond = append(cond, "attribute_not_exists("+state+")")
			} else {
				cond = append(cond, state+" = :"+state)
				values[":"+state] = str(answer.State)
			}
		}
		erased[string(role)] = str(at)
	}
	values[":red"] = &types.AttributeValueMemberM{Value: erased}
	set = append(set, "redacted = :red", "redactedAt = :now", "version = version + :one")
	if r.Done {
		set = append(set, "GSI2PK = :rpk", "GSI2SK = :rsk")
		values[":rpk"], values[":rsk"] = str(retentionPK(app.RoundID)), str(retentionSK(app.Status, app.Ref))
	}
	items := []types.TransactWriteItem{{Update: &types.Update{TableName: &s.table, Key: key(appPK(app.Ref), "APP"),
		UpdateExpression: aws.String("SET " + strings.Join(set, ", ")), ConditionExpression: aws.String(strings.Join(cond, " AND ")),
		ExpressionAttributeNames: names, ExpressionAttributeValues: values}}}
	for _, e := range r.Emails {
		switch {
		case e.State == programme.EmailSending:
			return 0, 0, ErrEmailInFlight
		case e.State == programme.EmailPending:
			items = append(items, s.redactEmail(e, programme.EmailCancelled, r.At))
			cancelled++
		case e.RedactedAt.IsZero():
			items = append(items, s.redactEmail(e, e.State, r.At))
			redacted++
		}
	}
	roles := make([]string, len(r.Roles))
	for i, role := range r.Roles {
		roles[i] = string(role)
	}
	detail := map[string]string{"parties": strings.Join(roles, " "), "cancelled": fmt.Sprint(cancelled), "redacted": fmt.Sprint(redacted)}
	if r.Reason != "" {
		detail["reason"] = string(r.Reason)
	}
	if r.Rule != "" {
		detail["rule"] = r.Rule
	}
	event := "contact details erased: " + detail["parties"]
	audit, err := s.auditPut(appPK(app.Ref), r.At, r.Actor, programme.AuditContactsErased, event, detail)
	if err != nil {
		return 0, 0, err
	}
	items = append(items, audit)
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if cancelledBy(err, "ConditionalCheckFailed") {
		return 0, 0, ErrConflict
	}
	if err != nil {
		return 0, 0, fmt.Errorf("erase contact details of %s: %w", app.Ref, err)
	}
	return cancelled, redacted, nil
}

// redactEmail is the transaction item that removes e's recipient and body,
// as read (its state), leaving it in state to (EmailCancelled for a pending
// one: the mailer claims only pending items, so it is never sent).
func (s *Store) redactEmail(e programme.Email, to string, at time.Time) types.TransactWriteItem {
	gpk, _, g2 := outboxIndex(e.ID, to, at)
	return types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(outboxPK(e.ID), "OUTBOX"),
		UpdateExpression: aws.String("SET #state = :to, #to = :m, redactedAt = if_not_exists(redactedAt, :now), " +
			"GSI1PK = :gpk, GSI1SK = :gsk, GSI2SK = :g2 REMOVE #text, html"),
		ConditionExpression:      aws.String("#state = :read"),
		ExpressionAttributeNames: map[string]string{"#state": "state", "#to": "to", "#text": "text"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":to": str(to), ":read": str(e.State), ":m": str(programme.Redacted),
			":now": str(fmtTime(at)), ":gpk": str(gpk), ":gsk": str(redactedSK(at, e.ID)), ":g2": str(g2)}}}
}

// RedactEmailsBefore removes the recipient and body of every email in
// state (a final one) whose last change was before cutoff, as of now: its
// recipient becomes programme.Redacted, its text and HTML go, and it leaves
// the range this Query reads (redactedSK). One GSI1 Query page after
// another (the state's partition, GSI1SK < cutoff), each email one
// conditional UpdateItem that also checks its delivery and SES's last
// event are before cutoff (an email delivered later waits for its day).
// more is asked before each page (false: stop, the next run goes on). A
// second run finds nothing to do. It returns how many it redacted.
func (s *Store) RedactEmailsBefore(ctx context.Context, state string, cutoff, now time.Time, more func() bool) (int, error) {
	c := fmtTime(cutoff)
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk AND GSI1SK < :cutoff"),
		ProjectionExpression:      aws.String("#id"),
		ExpressionAttributeNames:  map[string]string{"#id": "id"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(outboxStatePK(state)), ":cutoff": str(c)},
		Limit:                     aws.Int32(100)})
	n := 0
	for p.HasMorePages() && more() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return n, fmt.Errorf("%s emails before %s: %w", state, c, err)
		}
		for _, it := range page.Items {
			id, ok := it["id"].(*types.AttributeValueMemberS)
			if !ok {
				continue
			}
			_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(outboxPK(id.Value), "OUTBOX"),
				UpdateExpression: aws.String("SET #to = :m, redactedAt = if_not_exists(redactedAt, :now), GSI1SK = :gsk REMOVE #text, html"),
				ConditionExpression: aws.String("#state = :state AND GSI1PK = :pk AND GSI1SK < :cutoff AND " +
					"(attribute_not_exists(deliveredAt) OR deliveredAt < :cutoff) AND (attribute_not_exists(eventAt) OR eventAt < :cutoff)"),
				ExpressionAttributeNames: map[string]string{"#state": "state", "#to": "to", "#text": "text"},
				ExpressionAttributeValues: map[string]types.AttributeValue{":m": str(programme.Redacted), ":now": str(fmtTime(now)),
					":gsk": str(redactedSK(now, id.Value)), ":state": str(state), ":pk": str(outboxStatePK(state)), ":cutoff": str(c)}})
			switch {
			case conditionFailed(err):
				// changed since listed, or delivered after the cutoff: a later run
			case err != nil:
				return n, fmt.Errorf("redact outbox %s: %w", id.Value, err)
			default:
				n++
			}
		}
	}
	return n, nil
}

// RetentionCandidates are the references of a round's applications in
// status whose rule is not carried out yet: the round's applications in
// the status (GSI1, ids only) less those in its retention partition (GSI2,
// keys only), both paginated. GSI2 lags a moment behind: one done just now
// may be listed once more, and the job then finds it done.
func (s *Store) RetentionCandidates(ctx context.Context, roundID string, status programme.AppStatus) ([]string, error) {
	done := map[string]bool{}
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI2),
		KeyConditionExpression: aws.String("GSI2PK = :pk AND begins_with(GSI2SK, :st)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(retentionPK(roundID)),
			":st": str(retentionSK(status, ""))}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("retention of %s applications in %s: %w", status, roundID, err)
		}
		for _, it := range page.Items {
			if sk, ok := it[KeyGSI2SK].(*types.AttributeValueMemberS); ok {
				done[strings.TrimPrefix(sk.Value, retentionSK(status, ""))] = true
			}
		}
	}
	var refs []string
	q := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, IndexName: aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk AND begins_with(GSI1SK, :st)"),
		ProjectionExpression:      aws.String("#id"),
		ExpressionAttributeNames:  map[string]string{"#id": "id"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(roundPK(roundID)), ":st": str(string(status) + "#")}})
	for q.HasMorePages() {
		page, err := q.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s applications in %s: %w", status, roundID, err)
		}
		for _, it := range page.Items {
			if id, ok := it["id"].(*types.AttributeValueMemberS); ok && !done[id.Value] {
				refs = append(refs, id.Value)
			}
		}
	}
	return refs, nil
}

// RetentionApp is an application as the retention job reads it: whole, and
// when it entered its current status (zero: not known yet): the instant the
// status change recorded as <status>At (withdrawnAt), else when the job
// first saw it in the status (StartRetentionClock).
type RetentionApp struct {
	App  programme.Application
	Seen time.Time
}

// RetentionApps reads applications whole (BatchGetItem, consistent), in
// no particular order; a reference with no application is left out.
func (s *Store) RetentionApps(ctx context.Context, refs []string) ([]RetentionApp, error) {
	keys := make([]map[string]types.AttributeValue, 0, len(refs))
	for _, ref := range refs {
		if holdable(appPK(ref), "APP") {
			keys = append(keys, key(appPK(ref), "APP"))
		}
	}
	var out []RetentionApp
	err := s.batchGet(ctx, keys, func(item map[string]types.AttributeValue) error {
		var it struct {
			appItem
			Seen string `dynamodbav:"retentionSeen"`
		}
		if err := attributevalue.UnmarshalMap(item, &it); err != nil {
			return fmt.Errorf("decode application: %w", err)
		}
		a, err := it.application()
		if err != nil {
			return err
		}
		ra := RetentionApp{App: a}
		// When it entered its status: the instant the change recorded, if
		// it records one as <status>At (withdrawnAt), else when the job
		// first saw it so.
		seen, own := "", string(a.Status)+"At"
		if v, ok := item[own].(*types.AttributeValueMemberS); ok {
			seen = v.Value
		} else if at, ok := strings.CutPrefix(it.Seen, string(a.Status)+"#"); ok {
			seen, own = at, "retentionSeen"
		}
		if seen != "" {
			if ra.Seen, err = parseTime(seen); err != nil {
				return fmt.Errorf("application %s: %s: %w", a.Ref, own, err)
			}
		}
		out = append(out, ra)
		return nil
	})
	return out, err
}

// StartRetentionClock records that the job sees application ref in status
// at now, unless it has seen it in that status before (then nothing
// changes) or its status is another by now.
func (s *Store) StartRetentionClock(ctx context.Context, ref string, status programme.AppStatus, now time.Time) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(appPK(ref), "APP"),
		UpdateExpression:         aws.String("SET retentionSeen = :seen"),
		ConditionExpression:      aws.String("#status = :st AND (attribute_not_exists(retentionSeen) OR NOT begins_with(retentionSeen, :prefix))"),
		ExpressionAttributeNames: map[string]string{"#status": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":seen": str(string(status) + "#" + fmtTime(now)),
			":st": str(string(status)), ":prefix": str(string(status) + "#")}})
	if err != nil && !conditionFailed(err) {
		return fmt.Errorf("start the retention clock of %s: %w", ref, err)
	}
	return nil
}

// MarkArchive writes a granted application's end of archive (until), as
// read (its status and version), with an audit line by the retention job,
// and leaves it out of the job's listings from then on. ErrConflict if it
// changed since read.
func (s *Store) MarkArchive(ctx context.Context, app programme.Application, until, now time.Time) error {
	audit, err := s.auditPut(appPK(app.Ref), now, programme.ActorRetentionJob, programme.AuditArchiveMarked, "archive period marked",
		map[string]string{"until": until.Format(time.RFC3339)})
	if err != nil {
		return err
	}
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: &s.table, Key: key(appPK(app.Ref), "APP"),
			UpdateExpression:         aws.String("SET archiveUntil = :until, GSI2PK = :rpk, GSI2SK = :rsk"),
			ConditionExpression:      aws.String("#status = :st AND version = :v"),
			ExpressionAttributeNames: map[string]string{"#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":until": str(fmtTime(until)), ":st": str(string(app.Status)),
				":v": num(app.Version), ":rpk": str(retentionPK(app.RoundID)), ":rsk": str(retentionSK(app.Status, app.Ref))}}},
		audit}})
	if cancelledBy(err, "ConditionalCheckFailed") {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("mark the archive period of %s: %w", app.Ref, err)
	}
	return nil
}

// MarkRetentionDone leaves application ref out of the job's listings of
// status from now on (its rule has nothing left to do: every contact's
// details were erased before), if it is still in status.
func (s *Store) MarkRetentionDone(ctx context.Context, app programme.Application) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(appPK(app.Ref), "APP"),
		UpdateExpression:         aws.String("SET GSI2PK = :rpk, GSI2SK = :rsk"),
		ConditionExpression:      aws.String("#status = :st"),
		ExpressionAttributeNames: map[string]string{"#status": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":st": str(string(app.Status)),
			":rpk": str(retentionPK(app.RoundID)), ":rsk": str(retentionSK(app.Status, app.Ref))}})
	if err != nil && !conditionFailed(err) {
		return fmt.Errorf("retention of %s done: %w", app.Ref, err)
	}
	return nil
}
