package ses_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/mail"
	"partnerskap/internal/mail/ses"
	"partnerskap/internal/programme"
)

func TestMain(m *testing.M) { stacktest.Main(m) }

func sender(t *testing.T) *ses.Sender {
	e := stacktest.New(t, time.Now).Envs["submit"]
	return ses.FromConfig(e.AWS, e.SESEndpoint, e.Sender, e.ReplyTo, e.SESConfigurationSet)
}

func TestReceiptGoesThroughSES(t *testing.T) {
	sender := sender(t)
	to := stacktest.UniqueName("kontakt") + "@kalix.example.se"
	at := time.Date(2027, 3, 15, 15, 59, 59, 0, programme.Stockholm)
	msg, err := mail.Receipt(to, mail.ReceiptData{Lang: programme.Swedish, Ref: "KP-ABCDEFGHJK", Title: `Vatten & <b>avlopp</b>`,
		RoundName: "Våren 2027", SubmittedAt: at, StatusURL: "https://example.se/applications/KP-ABCDEFGHJK?key=k&x=1"})
	if err != nil {
		t.Fatal(err)
	}
	id, err := sender.Send(context.Background(), msg)
	if err != nil || id == "" {
		t.Fatalf("Send = %q, %v", id, err)
	}
	got, err := stacktest.Mailbox().To(context.Background(), to)
	if err != nil || len(got) != 1 {
		t.Fatalf("mailbox: %d mails, %v", len(got), err)
	}
	m := got[0]
	if m.MessageID != id || m.Subject != "Kvitto: ansökan KP-ABCDEFGHJK har kommit in" {
		t.Fatalf("mail %q %q, sent %q", m.MessageID, m.Subject, id)
	}
	if !strings.Contains(m.Body.Text, "Vatten & <b>avlopp</b>") || !strings.Contains(m.Body.Text, "15 mars 2027 kl. 15:59 (CET)") {
		t.Fatalf("text part:\n%s", m.Body.Text)
	}
	if !strings.Contains(m.Body.HTML, "Vatten &amp; &lt;b&gt;avlopp&lt;/b&gt;") || !strings.Contains(m.Body.HTML, `href="https://example.se/applications/KP-ABCDEFGHJK?key=k&amp;x=1"`) {
		t.Fatalf("HTML part not escaped:\n%s", m.Body.HTML)
	}
}

func TestSendRefusesHeaderInjection(t *testing.T) {
	sender := sender(t)
	for _, m := range []mail.Message{
		{To: []string{"a@b.se\r\nBcc: c@d.se"}, Subject: "s", Text: "t"},
		{To: []string{"a@b.se"}, Subject: "s\nBcc: c@d.se", Text: "t"},
		{To: nil, Subject: "s", Text: "t"},
	} {
		if _, err := sender.Send(context.Background(), m); !errors.Is(err, mail.ErrInvalidMessage) {
			t.Errorf("Send(%q) = %v, want ErrInvalidMessage", m.To, err)
		}
	}
}
