package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// seedGrantWithLastDays writes a granted application of the spring round (its
// decision queued, without emails) and its grant, whose years' reports have
// these last days, as notifying the decision does
// (store.QueueDecisionAndGrant). It returns the grant as stored.
func seedGrantWithLastDays(t *testing.T, s *system, email string, lastDays ...time.Time) programme.Grant {
	t.Helper()
	ctx := context.Background()
	r, err := s.Env.Store.Round(ctx, "2027-1")
	if err != nil {
		t.Fatal(err)
	}
	tok := programme.NewToken()
	ref := programme.RefFor(tok)
	budget := make([]int64, len(lastDays))
	for i := range budget {
		budget[i] = 200_000
	}
	app := programme.Application{Ref: ref, RoundID: r.ID, Lang: programme.Swedish, Title: "Avfall i Kalix", Summary: "S", Objectives: "O",
		SwedishParty: programme.Party{Organisation: "Kalix kommun", ContactName: "Anna Påminnelse", Email: email, Phone: "+46 923 650 00"},
		Partner:      programme.Party{Organisation: "Masaka District Local Government", Country: "UG", ContactName: "John Okello", Email: "john@masaka.example.ug"},
		Type:         programme.Project, Theme: "climate", DurationYears: len(lastDays), BudgetPerYear: budget,
		Status: programme.AppGranted, SubmittedAt: springDay.UTC(), Version: 1,
		Decision: &programme.Decision{Outcome: programme.Granted, Amount: 200_000 * int64(len(lastDays)), Motivation: "Bra.", DecidedBy: "eva", DecidedAt: s.clock.Now()}}
	item, err := store.ApplicationItem(app, store.Secrets{TokenHash: programme.Hash(tok)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Env.Store.DB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.Env.Store.Table()), Item: item}); err != nil {
		t.Fatal(err)
	}
	g, err := programme.NewGrant(app, r, programme.GrantInput{Start: lastDays[0].AddDate(-1, 0, -30), Deadlines: lastDays})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Env.Store.QueueDecisionAndGrant(ctx, app, nil, s.clock.Now(), "eva", &store.GrantStart{Grant: g, KeyHash: programme.Hash("key-" + ref)}); err != nil {
		t.Fatal(err)
	}
	f, err := s.Env.Store.GrantFile(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	return f.Grant
}

// The reminders of a grant's report deadlines through their schedule
// (RoundsFunction/Reminders, as EventBridge Scheduler invokes it, every
// call checked against the function's policy) on the fake clock, and the
// mailer: 30 days before year 1's deadline one reminder arrives; fired
// again the same day, none more; the day after the last day an overdue
// one; a week later the first weekly one. A grantee whose year-1 report is
// submitted gets none of them.
func TestRemindersScheduleSendsEachReminderOnce(t *testing.T) {
	s := newSystem(t)
	anna := stacktest.UniqueName("anna") + "@kalix.example.se"
	bo := stacktest.UniqueName("bo") + "@kalix.example.se"
	lastDay := time.Date(2028, 4, 14, 0, 0, 0, 0, programme.Stockholm)
	g := seedGrantWithLastDays(t, s, anna, lastDay, lastDay.AddDate(1, 0, 0))
	done := seedGrantWithLastDays(t, s, bo, lastDay, lastDay.AddDate(1, 0, 0))
	// Bo's year-1 report is in (as the grantee's submission writes it).
	s.clock.Set(lastDay.AddDate(0, 0, -40))
	withReport := done
	withReport.Years = append([]programme.GrantYear(nil), done.Years...)
	withReport.Years[0].Report = programme.ReportSubmitted
	if err := s.Env.Store.WriteReport(context.Background(), &withReport, programme.Report{Ref: done.Ref, Year: 1, State: programme.ReportSubmitted,
		SubmittedAt: s.clock.Now(), Submissions: 1, UpdatedAt: s.clock.Now()}, nil, s.clock.Now()); err != nil {
		t.Fatal(err)
	}

	fire := func(at time.Time) map[string]any {
		t.Helper()
		s.clock.Set(at)
		rep := s.fire(t, "RoundsFunction/Reminders")
		s.fire(t, "MailerFunction/Drain")
		return rep
	}
	// 30 days before the deadline (the midnight after 14 April), at 07:00.
	rep := fire(time.Date(2028, 3, 16, 7, 0, 0, 0, programme.Stockholm))
	if rep["queued"] != 1.0 || rep["due"] != 1.0 || rep["grants"] != 2.0 {
		t.Fatalf("30 days before: %v", rep)
	}
	mails := waitForMail(t, anna, 1)
	if m := mails[0]; m.Subject != g.Ref+": rapporten för år 1 ska vara inne senast 14 april 2028" ||
		!strings.Contains(m.Body.Text, "Det här är en påminnelse: rapporten för projektår 1 ska vara inne senast 14 april 2028.") ||
		!strings.Contains(m.Body.Text, "länken i beslutsmejlet") || !strings.Contains(m.Body.Text, "Revisorsintyg") ||
		!strings.Contains(m.Body.Text, s.URL) || strings.Contains(m.Body.Text, "key=") {
		t.Fatalf("the first reminder: %s\n%s", m.Subject, m.Body.Text)
	}

	// Fired again the same day (a retry, a second schedule): none more.
	if rep := fire(time.Date(2028, 3, 16, 7, 5, 0, 0, programme.Stockholm)); rep["queued"] != 0.0 || rep["alreadyQueued"] != 1.0 {
		t.Fatalf("fired again: %v", rep)
	}
	time.Sleep(200 * time.Millisecond) // a second email would be in the mailbox by now
	waitForMail(t, anna, 1)

	// The day after the last day: overdue.
	if rep := fire(time.Date(2028, 4, 15, 7, 0, 0, 0, programme.Stockholm)); rep["queued"] != 1.0 {
		t.Fatalf("the day after: %v", rep)
	}
	mails = waitForMail(t, anna, 2)
	overdue := mailWithSubject(mails, g.Ref+": rapporten för år 1 skulle ha varit inne senast 14 april 2028")
	if overdue == nil || !strings.Contains(overdue.Body.Text, "och vi har inte fått den") || strings.Contains(overdue.Body.Text, "försenad.") {
		t.Fatalf("the overdue reminder: %+v", mails)
	}

	// A week later: the first weekly one.
	if rep := fire(time.Date(2028, 4, 22, 7, 0, 0, 0, programme.Stockholm)); rep["queued"] != 1.0 {
		t.Fatalf("a week late: %v", rep)
	}
	mails = waitForMail(t, anna, 3)
	weekly := 0
	for _, m := range mails {
		if strings.Contains(m.Body.Text, "Den är nu 1 vecka försenad.") {
			weekly++
		}
	}
	if weekly != 1 {
		t.Fatalf("%d weekly reminders, want 1", weekly)
	}
	if e, err := s.Env.Store.OutboxItem(context.Background(), "reminder_"+g.Ref+"_1_20280414_weekly-1"); err != nil || e.State != programme.EmailSent ||
		e.Kind != programme.ReminderEmail {
		t.Fatalf("the weekly reminder in the outbox: %+v %v", e, err)
	}
	if n := len(mailsTo(t, bo)); n != 0 {
		t.Fatalf("the grantee whose report is in got %d reminders", n)
	}
}

func mailWithSubject(ms []stack.Mail, subject string) *stack.Mail {
	for i := range ms {
		if ms[i].Subject == subject {
			return &ms[i]
		}
	}
	return nil
}

// Without dynamodb:GetItem in RoundsFunction's policy the reminder job
// cannot read a grant's application, and nothing is queued: the grant in
// template.yaml is the one the job needs.
func TestRemindersNeedGetItem(t *testing.T) {
	clock := stacktest.NewClock(springDay)
	st := stacktest.NewWith(t, stack.Options{Now: clock.Now, Template: withoutGrant(t, "RoundsFunction", "dynamodb:GetItem", "")})
	st.ExpectDenials = true
	s := &system{Stack: st, clock: clock, client: noRedirects()}
	g := seedGrantWithLastDays(t, s, stacktest.UniqueName("anna")+"@kalix.example.se", time.Date(2028, 4, 14, 0, 0, 0, 0, programme.Stockholm))
	clock.Set(time.Date(2028, 3, 16, 7, 0, 0, 0, programme.Stockholm))
	if _, err := s.Fire(context.Background(), "RoundsFunction/Reminders"); err == nil {
		t.Fatal("the reminders ran without GetItem")
	}
	if _, err := s.Env.Store.OutboxItem(context.Background(), "reminder_"+g.Ref+"_1_20280414_before-30"); err == nil {
		t.Fatal("a reminder was queued")
	}
	if n := st.Calls.Denied()["RoundsFunction"]["dynamodb:GetItem"]; n == 0 {
		t.Fatalf("no refusal counted: %v", st.Calls.Denied())
	}
}
