package e2e

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/aws-sdk-go-v2/service/ses/types"
	"github.com/aws/smithy-go"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// A message SES would refuse is refused by the local stack too, with SES's
// error code, and never reaches the mailbox; a good one is taken and its
// tags come back in the emulated events.
func TestSESRulesAreEnforcedLocally(t *testing.T) {
	s := newSystem(t)
	client := ses.NewFromConfig(s.Env.AWS, func(o *ses.Options) { o.BaseEndpoint = aws.String(s.SES.URL) })
	from := s.Envs["mailer"].Sender
	good := func() *ses.SendEmailInput {
		return &ses.SendEmailInput{Source: aws.String(from),
			Destination: &types.Destination{ToAddresses: []string{stacktest.UniqueName("to") + "@example.se"}},
			Message: &types.Message{Subject: &types.Content{Data: aws.String("Ämne")},
				Body: &types.Body{Text: &types.Content{Data: aws.String("text")}}},
			ConfigurationSetName: aws.String(s.Envs["mailer"].SESConfigurationSet),
			Tags:                 []types.MessageTag{{Name: aws.String("outbox"), Value: aws.String("closed_KP-XJXMFDHFW1")}}}
	}
	many := make([]string, 51)
	for i := range many {
		many[i] = stacktest.UniqueName("r") + "@example.se"
	}
	for _, c := range []struct {
		name   string
		change func(*ses.SendEmailInput)
		code   string
	}{
		{"a dot in a tag value", func(in *ses.SendEmailInput) { in.Tags[0].Value = aws.String("closed.KP-XJXMFDHFW1") }, "InvalidParameterValue"},
		{"a colon in a tag name", func(in *ses.SendEmailInput) { in.Tags[0].Name = aws.String("ses:outbox") }, "InvalidParameterValue"},
		{"a tag value of 257 characters", func(in *ses.SendEmailInput) { in.Tags[0].Value = aws.String(strings.Repeat("a", 257)) }, "InvalidParameterValue"},
		{"an empty tag value", func(in *ses.SendEmailInput) { in.Tags[0].Value = aws.String("") }, "InvalidParameterValue"},
		{"an unverified sender", func(in *ses.SendEmailInput) { in.Source = aws.String("someone@elsewhere.example") }, "MessageRejected"},
		{"a look-alike sender domain", func(in *ses.SendEmailInput) { in.Source = aws.String("x@evilpartnerskap.example") }, "MessageRejected"},
		{"no such configuration set", func(in *ses.SendEmailInput) { in.ConfigurationSetName = aws.String("nope") }, "ConfigurationSetDoesNotExist"},
		{"51 recipients", func(in *ses.SendEmailInput) { in.Destination.ToAddresses = many }, "InvalidParameterValue"},
		{"no recipient", func(in *ses.SendEmailInput) { in.Destination.ToAddresses = nil }, "InvalidParameterValue"},
		{"an invalid recipient", func(in *ses.SendEmailInput) { in.Destination.CcAddresses = []string{"not an address"} }, "InvalidParameterValue"},
		{"a recipient with a line break", func(in *ses.SendEmailInput) {
			in.Destination.ToAddresses = []string{"a@example.se\r\nBcc: b@example.se"}
		}, "InvalidParameterValue"},
		{"an invalid Reply-To", func(in *ses.SendEmailInput) { in.ReplyToAddresses = []string{"nobody"} }, "InvalidParameterValue"},
		{"no body", func(in *ses.SendEmailInput) { in.Message.Body = &types.Body{} }, "InvalidParameterValue"},
		{"over 10 MB", func(in *ses.SendEmailInput) {
			in.Message.Body.Text.Data = aws.String(strings.Repeat("a", 10<<20+1))
		}, "MessageRejected"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := good()
			c.change(in)
			_, err := client.SendEmail(context.Background(), in)
			var api smithy.APIError
			if !errors.As(err, &api) || api.ErrorCode() != c.code {
				t.Fatalf("SendEmail = %v, want %s", err, c.code)
			}
			for _, to := range in.Destination.ToAddresses {
				if n := len(mailsTo(t, to)); n != 0 && !strings.ContainsAny(to, "\r\n") {
					t.Fatalf("a refused message reached %s", to)
				}
			}
		})
	}
	// A verified domain covers its subdomains' addresses.
	in := good()
	in.Source = aws.String("utskick@mail.partnerskap.example")
	out, err := client.SendEmail(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if ms := mailsTo(t, in.Destination.ToAddresses[0]); len(ms) != 1 || ms[0].MessageID != aws.ToString(out.MessageId) {
		t.Fatalf("mailbox: %+v", ms)
	}
}

// The emulated configuration set loses nothing across a crash: a mailer
// dies after SES took a message and before recording it, the whole local
// stack stops before SES's Send event is delivered, and a new stack on the
// same data delivers it, which settles the item; the resend rule, long
// after, finds nothing to resend: one email.
func TestEmulatedEventsSurviveACrash(t *testing.T) {
	dir := t.TempDir()
	clock := stacktest.NewClock(springDay)
	table := stacktest.UniqueName("t")
	first := stacktest.NewWith(t, stack.Options{Now: clock.Now, DataDir: dir, Table: table})
	s := &system{Stack: first, clock: clock, client: noRedirects()}
	email := stacktest.UniqueName("crash") + "@kalix.example.se"
	code, ref := s.submitJSON(t, email)
	if code != 201 {
		t.Fatalf("submit: %d", code)
	}
	clock.Set(springCloses.Add(time.Hour))
	s.fire(t, "RoundsFunction/SafetyNet")
	m := s.fastMailer()
	m.AfterSend = func(id string) error {
		if strings.HasPrefix(id, programme.EmailIDPrefix(programme.AboutClosed)) {
			return errors.New("killed after SES took it")
		}
		return nil
	}
	_, _ = m.Run(context.Background())
	id := programme.EmailID(programme.AboutClosed, ref)
	if o, _ := first.Env.Store.OutboxItem(context.Background(), id); o.State != programme.EmailSending {
		t.Fatalf("before the crash: %s", o.State)
	}
	first.Close() // the crash: nothing published

	second := stacktest.NewWith(t, stack.Options{Now: clock.Now, DataDir: dir, Table: table})
	n, err := second.PublishMailEvents(context.Background())
	if err != nil || n < 1 {
		t.Fatalf("published %d after the restart: %v", n, err)
	}
	o, _ := second.Env.Store.OutboxItem(context.Background(), id)
	if o.State != programme.EmailSent || o.MessageID == "" || o.DeliveredAt.IsZero() {
		t.Fatalf("after the restart: %+v", o)
	}
	if n, _ := second.PublishMailEvents(context.Background()); n != 0 {
		t.Fatalf("published %d again", n)
	}
	clock.Set(clock.Now().Add(time.Hour))
	s2 := &system{Stack: second, clock: clock}
	m = s2.fastMailer()
	m.ResendAfter = 15 * time.Minute
	if rep, err := m.Run(context.Background()); err != nil || rep.Requeued != 0 {
		t.Fatalf("mailer after the restart: %+v %v", rep, err)
	}
	closed := 0
	for _, ml := range mailsTo(t, email) {
		if strings.Contains(ml.Subject, "granskas nu") {
			closed++
		}
	}
	if closed != 1 {
		t.Fatalf("%d 'in review' emails, want 1", closed)
	}
}
