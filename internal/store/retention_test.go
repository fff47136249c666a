package store_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// rawItem is an item as the table holds it.
func rawItem(t *testing.T, s *store.Store, pk, sk string) map[string]types.AttributeValue {
	t.Helper()
	out, err := s.DB().GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.Table()), ConsistentRead: aws.Bool(true),
		Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: pk}, "SK": &types.AttributeValueMemberS{Value: sk}}})
	if err != nil || out.Item == nil {
		t.Fatalf("%s/%s: %v %v", pk, sk, out, err)
	}
	return out.Item
}

// attr is a string attribute of an item, a nested one by its path.
func attr(item map[string]types.AttributeValue, path ...string) (string, bool) {
	var v types.AttributeValue = &types.AttributeValueMemberM{Value: item}
	for _, p := range path {
		m, ok := v.(*types.AttributeValueMemberM)
		if !ok {
			return "", false
		}
		if v, ok = m.Value[p]; !ok {
			return "", false
		}
	}
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return v.Value, true
	case *types.AttributeValueMemberN:
		return v.Value, true
	}
	return "", true
}

// auditLines are an application's audit items.
func auditLines(t *testing.T, s *store.Store, ref string) []map[string]types.AttributeValue {
	t.Helper()
	out, err := s.DB().Query(ctx, &dynamodb.QueryInput{TableName: aws.String(s.Table()),
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :log)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "APP#" + ref},
			":log": &types.AttributeValueMemberS{Value: "LOG#"}}})
	if err != nil {
		t.Fatal(err)
	}
	return out.Items
}

func receiptOf(app programme.Application) programme.Email {
	return programme.Email{ID: programme.EmailID(programme.AboutReceipt, app.Ref), Kind: programme.ReceiptEmail, Ref: app.Ref,
		RoundID: app.RoundID, To: app.SwedishParty.Email, Subject: "Kvitto " + app.Ref, Text: "Hej Anna", HTML: "<p>Hej Anna</p>"}
}

// sendNow claims and records an email as sent at at.
func sendNow(t *testing.T, s *store.Store, id string, at time.Time) {
	t.Helper()
	if _, err := s.ClaimOutbox(ctx, id, "lease-"+id, at, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSent(ctx, id, "lease-"+id, "msg-"+id, at); err != nil {
		t.Fatal(err)
	}
}

// Erasing the Swedish contact of an application: its name, address and
// phone become the marker, the partner's stay, the sent receipt loses its
// address and body (its state and count stay), the queued "in review"
// email is cancelled and never claimed, and one audit line says whose and
// why, nothing of what. An email being sent refuses the erasure; a stale
// read is a conflict; both write nothing.
func TestRedactContactsErasesOnePersonAndTheirEmails(t *testing.T) {
	s := newStore(t)
	at := opens.Add(2 * time.Hour)
	app, sec := application(programme.NewToken())
	stored, _, err := s.Submit(ctx, app, sec, at, store.QueueEmail{Email: receiptOf(app)})
	if err != nil {
		t.Fatal(err)
	}
	receipt := programme.EmailID(programme.AboutReceipt, app.Ref)
	sendNow(t, s, receipt, at.Add(time.Minute))
	closed := programme.Email{ID: programme.EmailID(programme.AboutClosed, app.Ref), Kind: programme.RoundClosedEmail, Ref: app.Ref,
		RoundID: app.RoundID, To: app.SwedishParty.Email, Subject: "I granskning", Text: "Hej Anna", HTML: "<p>Hej Anna</p>"}
	if n, err := s.MoveToReview(ctx, []programme.Application{stored}, []programme.Email{closed}, at.Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("move to review: %d %v", n, err)
	}
	countsBefore, _ := s.RoundOutboxCounts(ctx, app.RoundID, "")
	read, _, _ := s.Application(ctx, app.Ref)

	// An email being sent: refused, nothing written.
	other, otherSec := application(programme.NewToken())
	if _, _, err := s.Submit(ctx, other, otherSec, at, store.QueueEmail{Email: receiptOf(other)}); err != nil {
		t.Fatal(err)
	}
	otherReceipt := programme.EmailID(programme.AboutReceipt, other.Ref)
	if _, err := s.ClaimOutbox(ctx, otherReceipt, "mailer", at, time.Minute); err != nil {
		t.Fatal(err)
	}
	otherRead, _, _ := s.Application(ctx, other.Ref)
	emails, err := s.OutboxEmails(ctx, programme.ContactEmailIDs(other.Ref, programme.RoleSwedish))
	if err != nil || len(emails) != 1 {
		t.Fatalf("the other's emails: %v %v", emails, err)
	}
	if _, _, err := s.RedactContacts(ctx, store.ContactRedaction{App: otherRead, Roles: []programme.PartyRole{programme.RoleSwedish},
		Emails: []programme.Email{emails[otherReceipt]}, At: at, Actor: "sub", Reason: programme.EraseRequested}); !errors.Is(err, store.ErrEmailInFlight) {
		t.Fatalf("an email being sent: %v, want ErrEmailInFlight", err)
	}
	if v, _ := attr(rawItem(t, s, "APP#"+other.Ref, "APP"), "swedishParty", "email"); v != other.SwedishParty.Email {
		t.Fatalf("refused, yet the address is %q", v)
	}

	emails, err = s.OutboxEmails(ctx, programme.ContactEmailIDs(app.Ref, programme.RoleSwedish))
	if err != nil || len(emails) != 2 {
		t.Fatalf("emails to the Swedish contact: %v %v", emails, err)
	}
	erasedAt := at.Add(2 * time.Hour)
	r := store.ContactRedaction{App: read, Roles: []programme.PartyRole{programme.RoleSwedish}, At: erasedAt,
		Emails: []programme.Email{emails[receipt], emails[closed.ID]}, Actor: programme.ActorOf("sub-eva", "eva@programme.example"), Reason: programme.EraseRequested}
	cancelled, redacted, err := s.RedactContacts(ctx, r)
	if err != nil || cancelled != 1 || redacted != 1 {
		t.Fatalf("RedactContacts = %d cancelled, %d redacted, %v", cancelled, redacted, err)
	}
	if _, _, err := s.RedactContacts(ctx, r); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("again on the same read: %v, want ErrConflict", err)
	}

	item := rawItem(t, s, "APP#"+app.Ref, "APP")
	for _, f := range []string{"contactName", "email", "phone"} {
		if v, _ := attr(item, "swedishParty", f); v != programme.Redacted {
			t.Errorf("swedishParty.%s = %q, want the marker", f, v)
		}
	}
	if v, _ := attr(item, "partner", "email"); v != app.Partner.Email {
		t.Errorf("the partner's address went too: %q", v)
	}
	if v, _ := attr(item, "redacted", "swedishParty"); v == "" {
		t.Error("no redacted.swedishParty")
	}
	if v, _ := attr(item, "redactedAt"); v == "" {
		t.Error("no redactedAt")
	}
	for f, want := range map[string]string{"id": app.Ref, "roundId": app.RoundID, "type": string(app.Type), "theme": string(app.Theme),
		"title": app.Title, "requestedTotal": "400000", "status": "in_review", "version": strconv.FormatInt(read.Version+1, 10)} {
		if v, _ := attr(item, f); v != want {
			t.Errorf("%s = %q, want %q", f, v, want)
		}
	}
	got, _, err := s.Application(ctx, app.Ref)
	if at, ok := got.ErasedAt(programme.RoleSwedish); err != nil || !ok || !at.Equal(erasedAt) || got.SwedishParty.Organisation != "Kalix" {
		t.Fatalf("read back: %+v %v", got, err)
	}

	rc := rawItem(t, s, "OUTBOX#"+receipt, "OUTBOX")
	if v, _ := attr(rc, "to"); v != programme.Redacted {
		t.Errorf("the sent receipt's address: %q", v)
	}
	for _, gone := range []string{"text", "html"} {
		if _, ok := rc[gone]; ok {
			t.Errorf("the sent receipt still has its %s", gone)
		}
	}
	if v, _ := attr(rc, "state"); v != programme.EmailSent {
		t.Errorf("the receipt's state: %s", v)
	}
	if v, _ := attr(rc, "GSI1SK"); !strings.HasPrefix(v, "redacted#") {
		t.Errorf("the receipt's GSI1SK: %s", v)
	}
	cl := rawItem(t, s, "OUTBOX#"+closed.ID, "OUTBOX")
	if v, _ := attr(cl, "state"); v != programme.EmailCancelled {
		t.Errorf("the queued email's state: %s, want cancelled", v)
	}
	if v, _ := attr(cl, "GSI1PK"); v != "OUTBOX#cancelled" {
		t.Errorf("the cancelled email's GSI1PK: %s", v)
	}
	pending, _ := s.PendingOutbox(ctx, 100)
	for _, id := range pending {
		if id == closed.ID {
			t.Error("the cancelled email is still listed as pending")
		}
	}
	if _, err := s.ClaimOutbox(ctx, closed.ID, "mailer", erasedAt, time.Minute); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a mailer could claim the cancelled email: %v", err)
	}
	counts, _ := s.RoundOutboxCounts(ctx, app.RoundID, "")
	if counts[programme.EmailSent] != countsBefore[programme.EmailSent] || counts[programme.EmailCancelled] != 1 ||
		counts[programme.EmailPending] != countsBefore[programme.EmailPending]-1 {
		t.Errorf("counts %v, before %v: want the sent ones unchanged, the pending one cancelled", counts, countsBefore)
	}

	lines := auditLines(t, s, app.Ref)
	var found bool
	for _, l := range lines {
		code, _ := attr(l, "code")
		if code != programme.AuditContactsErased {
			continue
		}
		found = true
		parties, _ := attr(l, "detail", "parties")
		reason, _ := attr(l, "detail", "reason")
		actor, _ := attr(l, "actor")
		if parties != "swedishParty" || reason != "requested" || actor != "sub-eva" {
			t.Errorf("audit line: %v", l)
		}
		for _, v := range l {
			if s, ok := v.(*types.AttributeValueMemberS); ok && (strings.Contains(s.Value, "Anna") || strings.Contains(s.Value, "kalix.example")) {
				t.Errorf("the audit line carries what was erased: %v", l)
			}
		}
	}
	if !found {
		t.Fatalf("no audit line of the erasure: %v", lines)
	}
}

// The emails' rule: an email settled before the cutoff loses its address
// and body, the rest wait; the counts by state do not change; a second run
// changes nothing.
func TestRedactEmailsBeforeKeepsTheCounts(t *testing.T) {
	s := newStore(t)
	t0 := opens.Add(2 * time.Hour)
	var ids []string
	for range 3 {
		app, sec := application(programme.NewToken())
		if _, _, err := s.Submit(ctx, app, sec, t0, store.QueueEmail{Email: receiptOf(app)}); err != nil {
			t.Fatal(err)
		}
		id := programme.EmailID(programme.AboutReceipt, app.Ref)
		sendNow(t, s, id, t0)
		ids = append(ids, id)
	}
	// The last one was delivered a day later.
	if _, err := s.RecordMailEvent(ctx, ids[2], store.MailEvent{ID: "d-" + ids[2], Kind: "Delivery", MessageID: "msg-" + ids[2], At: t0.AddDate(0, 0, 1)}); err != nil {
		t.Fatal(err)
	}
	before, _ := s.RoundOutboxCounts(ctx, "2027-1", programme.EmailIDPrefix(programme.AboutReceipt))
	now := t0.AddDate(0, 0, 90).Add(time.Hour)
	cutoff := programme.RetainEmails.Keep.Before(now)
	always := func() bool { return true }
	n, err := s.RedactEmailsBefore(ctx, programme.EmailSent, cutoff, now, always)
	if err != nil || n != 2 {
		t.Fatalf("first run: %d %v, want the 2 delivered 90 days ago", n, err)
	}
	if n, err := s.RedactEmailsBefore(ctx, programme.EmailSent, cutoff, now, always); err != nil || n != 0 {
		t.Fatalf("second run: %d %v, want nothing", n, err)
	}
	after, _ := s.RoundOutboxCounts(ctx, "2027-1", programme.EmailIDPrefix(programme.AboutReceipt))
	if after[programme.EmailSent] != 3 || after[programme.EmailSent] != before[programme.EmailSent] {
		t.Fatalf("counts %v, before %v", after, before)
	}
	for i, id := range ids {
		item := rawItem(t, s, "OUTBOX#"+id, "OUTBOX")
		to, _ := attr(item, "to")
		_, hasText := item["text"]
		if i < 2 && (to != programme.Redacted || hasText) || i == 2 && (to == programme.Redacted || !hasText) {
			t.Errorf("email %d: to %q, text kept %v", i, to, hasText)
		}
		if e, _ := s.OutboxItem(ctx, id); i < 2 && (e.RedactedAt.IsZero() || e.MessageID == "" || e.SentAt.IsZero()) {
			t.Errorf("email %d read back: %+v", i, e)
		}
	}
	// A day later the last one goes too.
	now = now.AddDate(0, 0, 1)
	if n, err := s.RedactEmailsBefore(ctx, programme.EmailSent, programme.RetainEmails.Keep.Before(now), now, always); err != nil || n != 1 {
		t.Fatalf("a day later: %d %v", n, err)
	}
}

// What goes whole goes by the table's TTL: a proof (with its address)
// carries expiresAt, its round's deadline plus the links' rule.
func TestProofsExpireByTheLinksRule(t *testing.T) {
	if store.ProofRetention != time.Duration(programme.RetainLinks.Keep.Days)*24*time.Hour {
		t.Fatalf("store.ProofRetention %s, the retention table says %s", store.ProofRetention, programme.RetainLinks.Keep)
	}
	s := newStore(t)
	tok := programme.NewToken()
	p := programme.Proof{TokenHash: programme.Hash(tok), Email: "anna@kalix.example.se", RoundID: "2027-1", Lang: programme.Swedish,
		CreatedAt: opens.Add(time.Hour), ExpiresAt: closes}
	link := programme.Email{ID: programme.EmailID(programme.AboutStart, programme.ProofID(p.TokenHash)), Kind: programme.StartEmail,
		RoundID: "2027-1", To: p.Email, Subject: "Länk", Text: "t"}
	if err := s.Start(ctx, p, link); err != nil {
		t.Fatal(err)
	}
	exp, _ := attr(rawItem(t, s, "PROOF#"+p.TokenHash, "PROOF"), "expiresAt")
	if want := strconv.FormatInt(closes.Add(store.ProofRetention).Unix(), 10); exp != want {
		t.Fatalf("proof expiresAt %s, want %s", exp, want)
	}
}
