package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/mail"
	"partnerskap/internal/mailer"
	"partnerskap/internal/programme"
	"partnerskap/internal/roundjob"
)

func feed(t *testing.T, s *system, name string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(stacktest.Root(), "events", name))
	if err != nil {
		t.Fatal(err)
	}
	var ev events.SNSEvent
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatal(err)
	}
	if err := s.Events["events"](context.Background(), ev); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// The SNS-wrapped SES events in events/ go through the events function:
// Send settles an unrecorded item, Delivery, Bounce and Complaint record its
// fate, the last two in the application's audit log too. Twice is once.
func TestSampleMailEvents(t *testing.T) {
	s := newSystem(t)
	stacktest.SeedSampleProof(t, s.Stack)
	b, _ := os.ReadFile(filepath.Join(stacktest.Root(), "events", "SubmitFunction.json"))
	var ev events.APIGatewayV2HTTPRequest
	_ = json.Unmarshal(b, &ev)
	if res, _ := s.do(t, "POST", "/applications", "application/json", ev.Body); res.StatusCode != 201 {
		t.Fatalf("sample submission: %d", res.StatusCode)
	}
	job := &roundjob.Job{Store: s.Envs["rounds"].Store, Now: func() time.Time { return springCloses }, Log: quiet, StaffAddress: "s@example.se"}
	if _, err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	const id = "closed_KP-XJXMFDHFW1"
	item := func() programme.Email {
		o, err := s.Env.Store.OutboxItem(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	if item().State != programme.EmailPending {
		t.Fatal("not queued")
	}
	feed(t, s, "EventsFunction.json")
	feed(t, s, "EventsFunction.json")
	if o := item(); o.State != programme.EmailSent || o.MessageID != "010f018e7c5d2b2a-2c3c0a1d-6f1e-4e6b-9d0a-0f2c7c1f0e11-000000" {
		t.Fatalf("after Send: %+v", o)
	}
	feed(t, s, "EventsFunction.delivery.json")
	if o := item(); o.DeliveredAt.IsZero() || o.State != programme.EmailSent {
		t.Fatalf("after Delivery: %+v", o)
	}
	feed(t, s, "EventsFunction.bounce.json")
	if o := item(); o.State != programme.EmailBounced || o.BounceType != "Permanent/General" {
		t.Fatalf("after Bounce: %+v", o)
	}
	bounced, _ := s.Env.Store.OutboxIn(context.Background(), programme.EmailBounced, 10)
	if len(bounced) != 1 || bounced[0] != id {
		t.Fatalf("bounced list for staff: %v", bounced)
	}
	feed(t, s, "EventsFunction.complaint.json")
	if o := item(); o.State != programme.EmailComplained {
		t.Fatalf("after Complaint: %+v", o)
	}
	log, _ := s.Env.Store.ApplicationLog(context.Background(), "KP-XJXMFDHFW1")
	var seen []string
	for _, l := range log {
		seen = append(seen, l.Event)
	}
	if got := strings.Join(seen, " | "); !strings.Contains(got, "email Bounce: round-closed") || !strings.Contains(got, "email Complaint: round-closed") {
		t.Fatalf("audit log: %s", got)
	}
}

// Exactly once across crashes, at each step: a mailer killed after claiming
// (before SES) and one killed after SES took the message (before the record)
// are both settled: the first by sending again once its lease is long gone
// with no Send event, the second by SES's Send event. After every run,
// every recipient has exactly one email, and at the end the outbox agrees.
func TestExactlyOnceAcrossCrashesAtEachStep(t *testing.T) {
	s := newSystem(t)
	emails := make([]string, 9)
	for i := range emails {
		emails[i] = stacktest.UniqueName("once") + "@example.se"
		if code, _ := s.submitJSON(t, emails[i]); code != 201 {
			t.Fatalf("submit: %d", code)
		}
	}
	s.clock.Set(springCloses.Add(time.Hour))
	job := &roundjob.Job{Store: s.Envs["rounds"].Store, Now: s.clock.Now, Log: quiet, StaffAddress: stacktest.UniqueName("staff") + "@example.se"}
	if _, err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	m := s.fastMailer()
	m.ResendAfter = 10 * time.Minute
	// Item 2 dies before SES is called (the crash is the sender failing to
	// start), item 5 after SES took it; every other one goes through.
	steps := 0
	killBefore := &killSwitch{}
	m.Sender = killBefore.wrap(m.Sender, func() bool { steps++; return steps == 2 })
	sends := 0
	setAfterSend(m, func(string) error {
		sends++
		if sends == 5 {
			return errors.New("killed after SES took it")
		}
		return nil
	})
	check := func(when string) {
		for _, e := range emails {
			n := 0
			for _, ml := range mailsTo(t, e) {
				if strings.Contains(ml.Subject, "granskas nu") {
					n++
				}
			}
			if n > 1 {
				t.Fatalf("%s: %s got %d 'in review' emails", when, e, n)
			}
		}
	}
	for run := range 6 {
		_, _ = m.Run(context.Background())
		if _, err := s.PublishMailEvents(context.Background()); err != nil {
			t.Fatal(err)
		}
		check("after run " + string(rune('1'+run)))
		s.clock.Set(s.clock.Now().Add(4 * time.Minute))
	}
	for _, e := range emails {
		n := 0
		for _, ml := range mailsTo(t, e) {
			if strings.Contains(ml.Subject, "granskas nu") {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%s got %d 'in review' emails, want exactly 1", e, n)
		}
	}
	sent, _ := s.Env.Store.OutboxIn(context.Background(), programme.EmailSent, 100)
	pending, _ := s.Env.Store.OutboxIn(context.Background(), programme.EmailPending, 100)
	sending, _ := s.Env.Store.OutboxIn(context.Background(), programme.EmailSending, 100)
	// Each applicant's link, receipt and partner's link (sent at once), its 'in review'
	// email, and this round's staff summary (a round seeded as already over
	// draws none).
	if len(sent) != 4*len(emails)+1 || len(pending)+len(sending) != 0 {
		t.Fatalf("outbox: %d sent, %d pending, %d sending", len(sent), len(pending), len(sending))
	}
	if killBefore.killed != 1 || sends < len(emails) {
		t.Fatalf("the crashes did not happen: %d before, %d sends", killBefore.killed, sends)
	}
}

// killSwitch makes a sender die before it reaches SES, when told to.
type killSwitch struct{ killed int }

func (k *killSwitch) wrap(next mailer.Sender, now func() bool) mailer.Sender {
	return senderFunc(func(ctx context.Context, m mail.Message) (string, error) {
		if now() {
			k.killed++
			return "", context.DeadlineExceeded // the process died: no answer, nothing sent
		}
		return next.Send(ctx, m)
	})
}

type senderFunc func(context.Context, mail.Message) (string, error)

func (f senderFunc) Send(ctx context.Context, m mail.Message) (string, error) { return f(ctx, m) }

// Mail to the SES simulator's bounce and complaint addresses comes back as
// a Bounce and a Complaint, recorded against the application.
func TestBounceAndComplaintThroughTheEmulatedConfigurationSet(t *testing.T) {
	s := newSystem(t)
	_, bounceRef := s.submitJSON(t, stack.BounceAddress)
	_, complaintRef := s.submitJSON(t, stack.ComplaintAddress)
	s.clock.Set(springCloses.Add(time.Hour))
	job := &roundjob.Job{Store: s.Envs["rounds"].Store, Now: s.clock.Now, Log: quiet, StaffAddress: "s@example.se"}
	if _, err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.fastMailer().Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublishMailEvents(context.Background()); err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]string{bounceRef: programme.EmailBounced, complaintRef: programme.EmailComplained} {
		o, err := s.Env.Store.OutboxItem(context.Background(), programme.EmailID(programme.AboutClosed, ref))
		if err != nil || o.State != want {
			t.Fatalf("%s: %+v %v, want %s", ref, o.State, err, want)
		}
	}
}

func setAfterSend(m *mailer.Mailer, f func(id string) error) { m.AfterSend = f }
