package mailer_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/mail"
	"partnerskap/internal/mail/ses"
	"partnerskap/internal/mailer"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

func TestMain(m *testing.M) { stacktest.Main(m) }

var (
	ctx       = context.Background()
	sesSender mailer.Sender // the real SES server's, set by queue
	queued    []string      // the outbox ids queue made
	// mailerStore is MailerFunction's store, its calls checked against the
	// function's policy; set by queue.
	mailerStore *store.Store
)

// queue puts n emails in the outbox by closing the spring round with n
// applications in it, and returns their recipients.
func queue(t *testing.T, n int) (*store.Store, []string, *stacktest.Clock) {
	queued = nil
	t.Helper()
	clock := stacktest.NewClock(time.Date(2027, 2, 20, 10, 0, 0, 0, programme.Stockholm))
	st := stacktest.New(t, clock.Now)
	s := st.Env.Store
	e := st.Envs["mailer"]
	mailerStore = e.Store
	sesSender = ses.FromConfig(e.AWS, e.SESEndpoint, e.Sender, e.ReplyTo, e.SESConfigurationSet)
	var to []string
	for i := range n {
		tok := programme.NewToken()
		addr := stacktest.UniqueName(fmt.Sprint("m", i)) + "@example.se"
		app := programme.Application{Ref: programme.RefFor(tok), RoundID: "2027-1", Lang: programme.Swedish,
			SwedishParty: programme.Party{Organisation: "Kalix", ContactName: "A", Email: addr},
			Partner:      programme.Party{Organisation: "Masaka", Country: "UG", ContactName: "J", Email: "j@example.ug"},
			Type:         programme.Project, Theme: "climate", Title: "T", Summary: "S", Objectives: "O", DurationYears: 1, BudgetPerYear: []int64{1}}
		if _, _, err := s.Submit(ctx, app, store.Secrets{TokenHash: programme.Hash(tok)}, clock.Now()); err != nil {
			t.Fatal(err)
		}
		to = append(to, addr)
	}
	apps, err := s.SubmittedPage(ctx, "2027-1", 1000)
	if err != nil {
		t.Fatal(err)
	}
	mails := make([]programme.Email, len(apps))
	for i, a := range apps {
		queued = append(queued, programme.EmailID(programme.AboutClosed, a.Ref))
		mails[i] = programme.Email{ID: programme.EmailID(programme.AboutClosed, a.Ref), Kind: programme.RoundClosedEmail, Ref: a.Ref, To: a.SwedishParty.Email, Subject: "S " + a.Ref, Text: "T"}
	}
	if moved, err := s.MoveToReview(ctx, apps, mails, clock.Now()); err != nil || moved != n {
		t.Fatalf("queued %d: %v", moved, err)
	}
	return s, to, clock
}

// newMailer is a mailer as MailerFunction runs it: its calls are checked
// against the function's policy (the tests' own checks use the tool store).
func newMailer(t *testing.T, clock *stacktest.Clock, sender mailer.Sender, rate float64) *mailer.Mailer {
	if sender == nil {
		sender = sesSender
	}
	return &mailer.Mailer{Store: mailerStore, Sender: sender, Now: clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Rate: rate, Lease: time.Minute}
}

func received(t *testing.T, addr string) int {
	ms, err := stacktest.Mailbox().To(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}

// A mailer that dies between SES's answer and the record, run again and
// again, never sends an email twice: the item whose fate is unknown is
// reported, not resent.
func TestCrashBetweenSendAndRecordNeverResends(t *testing.T) {
	s, to, clock := queue(t, 6)
	m := newMailer(t, clock, nil, 200)
	crashes := 0
	setAfterSend(m, func(id string) error {
		if crashes < 2 {
			crashes++
			return errors.New("killed")
		}
		return nil
	})
	for range 4 {
		_, _ = m.Run(ctx)
		clock.Set(clock.Now().Add(2 * time.Minute)) // leases run out between runs
	}
	rep, err := m.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stuck := 0
	for i, addr := range to {
		if n := received(t, addr); n != 1 {
			t.Fatalf("recipient %d got %d emails, want exactly 1", i, n)
		}
	}
	states := map[string]int{}
	for _, id := range queued {
		o, err := s.OutboxItem(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		states[o.State]++
	}
	stuck = len(rep.Stuck)
	sent := states[programme.EmailSent]
	if stuck != 2 || states[programme.EmailSending] != 2 || sent != 4 {
		t.Fatalf("%d stuck (reported, not resent), %d recorded sent; want 2 and 4 (report %+v)", stuck, sent, rep)
	}
}

// The pace holds: n emails at rate r take at least (n-1)/r.
func TestPacedUnderTheRate(t *testing.T) {
	_, to, clock := queue(t, 8)
	m := newMailer(t, clock, nil, 20)
	start := time.Now()
	rep, err := m.Run(ctx)
	elapsed := time.Since(start)
	if err != nil || rep.Sent != 8 {
		t.Fatalf("%+v %v", rep, err)
	}
	if min := 7 * time.Second / 20; elapsed < min {
		t.Fatalf("8 emails at 20/s took %v, less than %v", elapsed, min)
	}
	for _, addr := range to {
		if received(t, addr) != 1 {
			t.Fatal("not delivered once")
		}
	}
}

// SES's answers sort into: sent, refused for now (back to pending),
// refused for good (failed), unknown (left sending).
type scripted struct{ errs []error }

func (s *scripted) Send(context.Context, mail.Message) (string, error) {
	err := s.errs[0]
	s.errs = s.errs[1:]
	if err != nil {
		return "", err
	}
	return "id-1", nil
}

func TestSESAnswersDecideTheItemsFate(t *testing.T) {
	_, _, clock := queue(t, 3)
	throttled := &smithy.GenericAPIError{Code: "TooManyRequestsException", Fault: smithy.FaultClient}
	rejected := &smithy.GenericAPIError{Code: "MessageRejected", Fault: smithy.FaultClient}
	sender := &scripted{errs: []error{throttled, rejected, context.DeadlineExceeded, nil}}
	m := newMailer(t, clock, sender, 500)
	m.MaxSends = 4
	rep, err := m.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Released != 1 || len(rep.Failed) != 1 || len(rep.Unsure) != 1 || rep.Sent != 1 {
		t.Fatalf("report %+v", rep)
	}
	for _, c := range []struct {
		err  error
		want any
	}{
		{nil, mailer.Sent}, {throttled, mailer.RefusedForNow}, {rejected, mailer.Refused},
		{mail.ErrInvalidMessage, mailer.Refused}, {context.DeadlineExceeded, mailer.Unknown},
		{&smithy.GenericAPIError{Code: "InternalFailure", Fault: smithy.FaultServer}, mailer.Unknown},
	} {
		if got := mailer.Classify(c.err); got != c.want {
			t.Errorf("classify(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

func setAfterSend(m *mailer.Mailer, f func(id string) error) { m.AfterSend = f }
