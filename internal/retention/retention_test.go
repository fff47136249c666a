package retention_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/mail"
	"partnerskap/internal/mailer"
	"partnerskap/internal/programme"
	"partnerskap/internal/retention"
	"partnerskap/internal/roundjob"
	"partnerskap/internal/staff"
	"partnerskap/internal/store"
)

func TestMain(m *testing.M) { stacktest.Main(m) }

var (
	ctx          = context.Background()
	springDay    = time.Date(2027, 2, 20, 10, 0, 0, 0, programme.Stockholm)
	springCloses = time.Date(2027, 3, 15, 16, 0, 0, 0, programme.Stockholm)
	quiet        = slog.New(slog.NewTextHandler(io.Discard, nil))
)

// sender is the mailer's SES stand-in: it records whom it sent to.
type sender struct {
	mu sync.Mutex
	to []string
}

func (s *sender) Send(_ context.Context, m mail.Message) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.to = append(s.to, m.To...)
	return fmt.Sprintf("msg-%d", len(s.to)), nil
}

// snapshot is every item of the table but the job leases (a test's Scan).
func snapshot(t *testing.T, db *dynamodb.Client, table string) map[string]map[string]types.AttributeValue {
	t.Helper()
	out := map[string]map[string]types.AttributeValue{}
	p := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			pk := it["PK"].(*types.AttributeValueMemberS).Value
			if !strings.HasPrefix(pk, "LEASE#") {
				out[pk+"|"+it["SK"].(*types.AttributeValueMemberS).Value] = it
			}
		}
	}
	return out
}

func str(item map[string]types.AttributeValue, path ...string) string {
	var v types.AttributeValue = &types.AttributeValueMemberM{Value: item}
	for _, p := range path {
		m, ok := v.(*types.AttributeValueMemberM)
		if !ok {
			return ""
		}
		v = m.Value[p]
	}
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return v.Value
	case *types.AttributeValueMemberN:
		return v.Value
	}
	return ""
}

// A round's life with the retention job run daily on the fake clock: a
// withdrawn application's contacts go 30 days after its withdrawal, a
// granted one is marked for the archive and keeps them, emails lose their
// address and body 90 days after their send, rejected applications' contacts
// go 3 months after their decision was emailed, and not a minute before;
// the counts of applications and emails never change; a second run changes
// nothing at all. Every call of the job goes through RoundsFunction's IAM
// guard.
func TestRetentionJobOverARound(t *testing.T) {
	clock := stacktest.NewClock(springDay)
	st := stacktest.New(t, clock.Now)
	s := st.Env.Store
	staffBy := programme.ActorOf("sub-eva", "eva@programme.example")
	refs := map[string]string{}
	for _, name := range []string{"granted", "rejected", "erased", "withdrawn"} {
		tok := programme.NewToken()
		app := programme.Application{Ref: programme.RefFor(tok), RoundID: "2027-1", Lang: programme.Swedish,
			SwedishParty: programme.Party{Organisation: "Kalix", ContactName: "Anna " + name, Email: name + "@kalix.example.se", Phone: "+46 923 650 00"},
			Partner:      programme.Party{Organisation: "Masaka", Country: "UG", ContactName: "John " + name, Email: name + "@masaka.example.ug"},
			Type:         programme.Project, Theme: "climate", Title: "Avfall " + name, Summary: "S", Objectives: "O", DurationYears: 2,
			BudgetPerYear: []int64{200000, 200000}}
		receipt := programme.Email{ID: programme.EmailID(programme.AboutReceipt, app.Ref), Kind: programme.ReceiptEmail, Ref: app.Ref,
			RoundID: app.RoundID, To: app.SwedishParty.Email, Subject: "Kvitto", Text: "Hej Anna"}
		if _, _, err := s.Submit(ctx, app, store.Secrets{TokenHash: programme.Hash(tok)}, springDay, store.QueueEmail{Email: receipt}); err != nil {
			t.Fatal(err)
		}
		refs[name] = app.Ref
	}
	withdrawnAt := springDay.Add(time.Hour)
	clock.Set(withdrawnAt)
	app, _, _ := s.Application(ctx, refs["withdrawn"])
	w, err := programme.Withdraw(app, programme.WithdrawSpam, staffBy, withdrawnAt)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Withdraw(ctx, app, w); err != nil {
		t.Fatal(err)
	}

	clock.Set(springCloses.Add(2 * time.Minute))
	rounds := &roundjob.Job{Store: st.Envs["rounds"].Store, Now: clock.Now, Log: quiet, StaffAddress: "staff@programme.example"}
	for range 2 {
		if _, err := rounds.Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
	decided := springCloses.AddDate(0, 0, 30)
	clock.Set(decided)
	svc := &staff.Service{Store: st.Envs["staff"].Store, Now: clock.Now, Log: quiet}
	for name, d := range map[string]programme.DecisionInput{"granted": {Outcome: "granted", Amount: 300000, Motivation: "Bra."},
		"rejected": {Outcome: "rejected", Motivation: "Otydligt."}, "erased": {Outcome: "rejected", Motivation: "Otydligt."}} {
		if _, err := svc.Decide(ctx, refs[name], d, nil, staffBy); err != nil {
			t.Fatalf("decide %s: %v", name, err)
		}
	}
	// The partner of one asks to be erased before the decisions go out:
	// no decision email to them.
	eraser := &staff.Eraser{Store: st.Envs["staff"].Store, Now: clock.Now, Log: quiet}
	if _, err := eraser.Erase(ctx, refs["erased"], programme.EraseInput{Person: "partner", Reason: "requested", Confirm: true}, staffBy); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.Notify(ctx, "2027-1", staffBy); err != nil || n != 5 {
		t.Fatalf("notify: %d %v, want 5 emails (2 + 2 + 1: the erased partner gets none)", n, err)
	}
	sent := &sender{}
	m := &mailer.Mailer{Store: st.Envs["mailer"].Store, Sender: sent, Now: clock.Now, Log: quiet, Rate: 1000, Lease: time.Minute}
	if _, err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(sent.to, "erased@masaka.example.ug") || !slices.Contains(sent.to, "rejected@masaka.example.ug") {
		t.Fatalf("sent to %v", sent.to)
	}

	job := &retention.Job{Store: st.Envs["rounds"].Store, Now: clock.Now, Log: quiet}
	run := func(at time.Time) retention.Report {
		t.Helper()
		clock.Set(at)
		rep, err := job.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %+v", at.Format(time.DateTime), rep)
		return rep
	}
	tally := func() (map[programme.AppStatus]int, map[string]int) {
		t.Helper()
		apps, _, err := s.RoundTally(ctx, "2027-1")
		if err != nil {
			t.Fatal(err)
		}
		emails, err := s.RoundOutboxCounts(ctx, "2027-1", "")
		if err != nil {
			t.Fatal(err)
		}
		return apps, emails
	}
	appsBefore, emailsBefore := tally()
	item := func(name string) map[string]types.AttributeValue {
		return snapshot(t, s.DB(), s.Table())["APP#"+refs[name]+"|APP"]
	}

	// The next night: the withdrawn one is past its 30 days; the granted one marked.
	rep := run(decided.Add(13 * time.Hour))
	if rep.Redacted != 1 || rep.Archived != 1 || rep.Emails != 0 || rep.Waiting != 2 {
		t.Fatalf("first night: %+v, want the withdrawn one erased, the granted one marked, the two rejected waiting", rep)
	}
	if w := item("withdrawn"); str(w, "swedishParty", "email") != programme.Redacted || str(w, "partner", "contactName") != programme.Redacted ||
		str(w, "status") != "withdrawn" || str(w, "title") != "Avfall withdrawn" {
		t.Fatalf("withdrawn: %v", w)
	}
	g := item("granted")
	if str(g, "archiveUntil") != "2039-12-31T23:00:00.000Z" || str(g, "swedishParty", "email") != "granted@kalix.example.se" || str(g, "grantedAmount") != "300000" {
		t.Fatalf("granted: archiveUntil %s, email %s, amount %s", str(g, "archiveUntil"), str(g, "swedishParty", "email"), str(g, "grantedAmount"))
	}

	// 90 days after the decisions' emails: every email has lost its address
	// and body (the receipts long before); the rejected ones still wait (3
	// months from 14 April is 14 July, after 13 July).
	rep = run(decided.AddDate(0, 0, 90).Add(time.Hour))
	if rep.Emails != 12 || rep.Redacted != 0 || rep.Waiting != 2 {
		t.Fatalf("after 90 days: %+v, want 12 emails (3 receipts: the withdrawn one's went with its contacts; 3 in-review, 5 decisions, 1 summary), nothing else", rep)
	}
	snap := snapshot(t, s.DB(), s.Table())
	for k, it := range snap {
		if strings.HasPrefix(k, "OUTBOX#") && (str(it, "to") != programme.Redacted || it["text"] != nil || it["html"] != nil || str(it, "redactedAt") == "") {
			t.Errorf("%s: to %q, text %v", k, str(it, "to"), it["text"] != nil)
		}
	}
	if apps, emails := tally(); !maps.Equal(apps, appsBefore) || !maps.Equal(emails, emailsBefore) {
		t.Fatalf("counts changed: %v %v, before %v %v", apps, emails, appsBefore, emailsBefore)
	}

	// A minute before 3 months after the decision emails: nothing; at it, both rejected.
	due := decided.AddDate(0, 3, 0) // the decision emails went at 14 April 16:00: 14 July 16:00
	if rep = run(due.Add(-time.Minute)); rep.Redacted != 0 || rep.Waiting != 2 {
		t.Fatalf("a minute before: %+v", rep)
	}
	if rep = run(due); rep.Redacted != 2 {
		t.Fatalf("at 3 months: %+v, want both rejected applications erased", rep)
	}
	for _, name := range []string{"rejected", "erased"} {
		it := item(name)
		for _, p := range []string{"swedishParty", "partner"} {
			for _, f := range []string{"contactName", "email"} {
				if v := str(it, p, f); v != programme.Redacted {
					t.Errorf("%s: %s.%s = %q", name, p, f, v)
				}
			}
		}
		if str(it, "decisionOutcome") != "rejected" || str(it, "motivation") != "Otydligt." || str(it, "requestedTotal") != "400000" ||
			str(it, "swedishParty", "organisation") != "Kalix" || str(it, "redactedAt") == "" || str(it, "GSI2PK") != "ROUND#2027-1#RETENTION" {
			t.Errorf("%s: %v", name, it)
		}
	}
	var lines []string
	for k, it := range snapshot(t, s.DB(), s.Table()) {
		if strings.HasPrefix(k, "APP#"+refs["rejected"]+"|LOG#") && str(it, "code") == programme.AuditContactsErased {
			lines = append(lines, str(it, "actor")+" "+str(it, "detail", "rule")+" "+str(it, "detail", "parties"))
		}
	}
	if !slices.Equal(lines, []string{"retention-job rejected swedishParty partner"}) {
		t.Fatalf("audit lines of the erasure: %q", lines)
	}
	if apps, emails := tally(); !maps.Equal(apps, appsBefore) || !maps.Equal(emails, emailsBefore) {
		t.Fatalf("counts changed: %v %v, before %v %v", apps, emails, appsBefore, emailsBefore)
	}

	// Again, and years later: nothing changes, nothing is read whole again.
	before := snapshot(t, s.DB(), s.Table())
	for _, at := range []time.Time{due, due.AddDate(20, 0, 0)} {
		if rep = run(at); rep != (retention.Report{}) {
			t.Fatalf("run again at %s: %+v, want nothing done", at, rep)
		}
	}
	if after := snapshot(t, s.DB(), s.Table()); !reflect.DeepEqual(after, before) {
		for k := range after {
			if !reflect.DeepEqual(after[k], before[k]) {
				t.Errorf("%s changed:\n%v\n%v", k, before[k], after[k])
			}
		}
		t.Fatal("a second run changed the table")
	}
	for _, st := range []programme.AppStatus{programme.AppRejected, programme.AppGranted, programme.AppWithdrawn} {
		if left, err := s.RetentionCandidates(ctx, "2027-1", st); err != nil || len(left) != 0 {
			t.Errorf("%s candidates left: %v %v", st, left, err)
		}
	}
}
