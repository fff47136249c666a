package reminders_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
	"partnerskap/internal/reminders"
	"partnerskap/internal/store"
)

// TestMain brings up DynamoDB Local (and the other stand-ins) for the tests
// on the real table; with -short, none, and only the tests on the fake run.
func TestMain(m *testing.M) { stacktest.Main(m) }

// seedGrant writes a granted application of round r (its decision queued,
// no emails) and its grant, whose years' reports have these last days, as
// the decision's notification does (store.QueueDecisionAndGrant).
func seedGrant(ctx context.Context, s *store.Store, r programme.Round, ref, email string, lang programme.Lang, now time.Time, lastDays ...time.Time) (programme.Grant, error) {
	budget := make([]int64, len(lastDays))
	for i := range budget {
		budget[i] = 200_000
	}
	a := programme.Application{Ref: ref, RoundID: r.ID, Lang: lang, Title: "Avfall i Kalix", Summary: "S", Objectives: "O",
		SwedishParty: programme.Party{Organisation: "Kalix kommun", ContactName: "Anna Påminnelse", Email: email, Phone: "+46 923 650 00"},
		Partner:      programme.Party{Organisation: "Masaka District Local Government", Country: "UG", ContactName: "John Okello", Email: "john@masaka.example.ug"},
		Type:         programme.Project, Theme: "climate", DurationYears: len(lastDays), BudgetPerYear: budget,
		Status: programme.AppGranted, SubmittedAt: r.ClosesAt.Add(-24 * time.Hour).UTC(), Version: 1,
		Decision: &programme.Decision{Outcome: programme.Granted, Amount: 200_000 * int64(len(lastDays)), Motivation: "Bra.", DecidedBy: "eva", DecidedAt: now}}
	item, err := store.ApplicationItem(a, store.Secrets{TokenHash: programme.Hash(ref)})
	if err != nil {
		return programme.Grant{}, err
	}
	if _, err := s.DB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.Table()), Item: item}); err != nil {
		return programme.Grant{}, err
	}
	g, err := programme.NewGrant(a, r, programme.GrantInput{Start: lastDays[0].AddDate(-1, 0, -30), Deadlines: lastDays})
	if err != nil {
		return programme.Grant{}, err
	}
	return g, s.QueueDecisionAndGrant(ctx, a, nil, now, "eva", &store.GrantStart{Grant: g, KeyHash: programme.Hash("key-" + ref)})
}

// The job on the real table, with RoundsFunction's grants (its IAM guard
// refuses any call template.yaml does not grant it): it queues each due
// reminder with its audit line, once; run again, nothing; an erased
// contact gets none.
func TestJobOnDynamoDBLocal(t *testing.T) {
	ctx := context.Background()
	clock := stacktest.NewClock(day(2027, 2, 20, 10, 0))
	st := stacktest.New(t, clock.Now)
	r, err := st.Env.Store.Round(ctx, "2027-1")
	if err != nil {
		t.Fatal(err)
	}
	due, err := seedGrant(ctx, st.Env.Store, r, "KP-STACK00001", "anna@kalix.example.se", programme.Swedish, clock.Now(), day(2028, 4, 14, 0, 0), day(2029, 4, 14, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seedGrant(ctx, st.Env.Store, r, "KP-STACK00002", "b@kalix.example.se", programme.Swedish, clock.Now(), day(2028, 9, 30, 0, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := seedGrant(ctx, st.Env.Store, r, "KP-STACK00003", "gone@kalix.example.se", programme.English, clock.Now(), day(2028, 4, 1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	gone, _, err := st.Env.Store.Application(ctx, "KP-STACK00003")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Env.Store.RedactContacts(ctx, store.ContactRedaction{App: gone, Roles: []programme.PartyRole{programme.RoleSwedish},
		At: clock.Now(), Actor: "eva", Reason: programme.EraseRequested}); err != nil {
		t.Fatal(err)
	}

	clock.Set(day(2028, 4, 1, 7, 0)) // KP-STACK00001's year 1: 13 days left; KP-STACK00003's: the day after
	job := &reminders.Job{Store: st.Envs["rounds"].Store, Now: clock.Now, Log: slog.New(slog.DiscardHandler), PublicBaseURL: st.URL}
	rep, err := job.Run(ctx)
	if err != nil || rep != (reminders.Report{Grants: 3, Due: 2, Queued: 1, NoAddress: 1}) {
		t.Fatalf("first run: %+v %v", rep, err)
	}
	id := "reminder_KP-STACK00001_1_20280414_before-30"
	e, err := st.Env.Store.OutboxItem(ctx, id)
	if err != nil || e.State != programme.EmailPending || e.Kind != programme.ReminderEmail || e.To != "anna@kalix.example.se" ||
		e.RoundID != "2027-1" || e.Subject != "KP-STACK00001: rapporten för år 1 ska vara inne senast 14 april 2028" || !strings.Contains(e.Text, st.URL) {
		t.Fatalf("the reminder in the outbox: %+v %v", e, err)
	}
	log, err := st.Env.Store.ApplicationLog(ctx, due.Ref)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range log {
		if l.Code == programme.AuditReminderQueued {
			n++
			if l.Actor != programme.ActorReminderJob || l.Detail["outbox"] != id || l.Detail["year"] != "1" || l.Detail["kind"] != "before-30" ||
				l.Detail["lastDay"] != "2028-04-14" || programme.AuditText(l, programme.English) != "Reminder of the report for year 1 queued" ||
				l.Who(programme.Swedish) != "Påminnelsejobbet" {
				t.Errorf("audit line: %+v", l)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d audit lines of the reminder, want 1", n)
	}
	if rep, err := job.Run(ctx); err != nil || rep != (reminders.Report{Grants: 3, Due: 2, AlreadyQueued: 1, NoAddress: 1}) {
		t.Fatalf("run again: %+v %v", rep, err)
	}
	clock.Set(day(2028, 4, 8, 7, 0))
	if rep, err := job.Run(ctx); err != nil || rep.Queued != 1 {
		t.Fatalf("7 days before: %+v %v", rep, err)
	}
}

// seedRunning seeds n running grants of round r on s, decided at
// decidedAt, in parallel, each with one project year: every tenth has a
// reminder due at runAt (of the four kinds in turn: its last day 20 days
// ahead, 3 days ahead, yesterday, 20 days ago), the others' last days are
// 60 to 399 days ahead.
func seedRunning(tb testing.TB, s *store.Store, r programme.Round, decidedAt, runAt time.Time, n int, prefix string) {
	tb.Helper()
	y, m, d := runAt.In(programme.Stockholm).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, programme.Stockholm)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				offset := 60 + (i*37)%340
				if i%10 == 0 {
					offset = []int{20, 3, -1, -20}[(i/10)%4]
				}
				ref := fmt.Sprintf("KP-%s%06d", prefix, i)
				if _, err := seedGrant(context.Background(), s, r, ref, strings.ToLower(ref)+"@example.se", programme.Swedish, decidedAt,
					today.AddDate(0, 0, offset)); err != nil {
					errs <- fmt.Errorf("%s: %w", ref, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
}

// BenchmarkReminderJob1000Grants is one full run of the reminder job over
// 1,000 running grants on DynamoDB Local, through RoundsFunction's IAM
// guard, with the fake clock where 100 of them (10%) have a reminder due.
// "first": each run the first of its day, on a freshly seeded table (100
// reminders queued); "again": the same day's run repeated (all 100 already
// queued: a read of the application and a refused transaction each);
// "none-due": a day with none due (the grants' listing alone).
// Seeding is not timed: 1,000 applications (PutItem) and grants
// (store.QueueDecisionAndGrant), 8 at a time.
func BenchmarkReminderJob1000Grants(b *testing.B) {
	const grants = 1000
	now := day(2028, 4, 1, 7, 0)
	setup := func(b *testing.B) (*reminders.Job, *stack.Stack) {
		clock := stacktest.NewClock(day(2027, 2, 20, 10, 0))
		st := stacktest.New(b, clock.Now)
		r, err := st.Env.Store.Round(context.Background(), "2027-1")
		if err != nil {
			b.Fatal(err)
		}
		seedRunning(b, st.Env.Store, r, clock.Now(), now, grants, "B")
		clock.Set(now)
		return &reminders.Job{Store: st.Envs["rounds"].Store, Now: clock.Now, Log: slog.New(slog.DiscardHandler)}, st
	}
	check := func(b *testing.B, rep reminders.Report, err error, queued bool) {
		want := reminders.Report{Grants: grants, Due: grants / 10, Queued: grants / 10}
		if !queued {
			want.Queued, want.AlreadyQueued = 0, grants/10
		}
		if err != nil || rep != want {
			b.Fatalf("%+v %v, want %+v", rep, err, want)
		}
	}
	b.Run("first", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			job, _ := setup(b)
			b.StartTimer()
			rep, err := job.Run(context.Background())
			b.StopTimer()
			check(b, rep, err, true)
			b.StartTimer()
		}
		b.ReportMetric(float64(grants/10), "due/op")
	})
	b.Run("again", func(b *testing.B) {
		job, _ := setup(b)
		rep, err := job.Run(context.Background())
		check(b, rep, err, true)
		b.ResetTimer()
		for b.Loop() {
			rep, err = job.Run(context.Background())
		}
		b.StopTimer()
		check(b, rep, err, false)
		b.ReportMetric(float64(grants/10), "due/op")
	})
	b.Run("none-due", func(b *testing.B) {
		// Most days: 60 days earlier, no reminder is due; the run is the
		// listing of the grants alone (no application read, no write).
		job, _ := setup(b)
		at := now.AddDate(0, 0, -60)
		job.Now = func() time.Time { return at }
		var rep reminders.Report
		var err error
		for b.Loop() {
			rep, err = job.Run(context.Background())
		}
		if err != nil || rep != (reminders.Report{Grants: grants}) {
			b.Fatalf("%+v %v, want nothing due", rep, err)
		}
	})
}
