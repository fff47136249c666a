package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// closedRoundItems closes the spring round with n applications and returns
// their "in review" outbox items' ids and the applications' references.
func closedRoundItems(t *testing.T, s *system, n int) (ids, refs []string) {
	t.Helper()
	for range n {
		code, ref := s.submitJSON(t, stacktest.UniqueName("ev")+"@kalix.example.se")
		if code != 201 {
			t.Fatalf("submit: %d", code)
		}
		refs = append(refs, ref)
		ids = append(ids, programme.EmailID(programme.AboutClosed, ref))
	}
	s.clock.Set(springCloses.Add(time.Hour))
	s.fire(t, "RoundsFunction/SafetyNet")
	return ids, refs
}

// awsEvent is one of the SES event records that AWS documents
// (internal/mailevents/testdata/ses), tagged with an outbox id as the mailer
// tags its messages, inside the SNS notification that aws-lambda-go's own
// fixture shows Lambda receiving.
func awsEvent(t *testing.T, file, outboxID string) events.SNSEvent {
	t.Helper()
	root := filepath.Join(stacktest.Root(), "internal", "mailevents", "testdata")
	var rec map[string]any
	read(t, filepath.Join(root, "ses", file), &rec)
	if outboxID != "" {
		mail := rec["mail"].(map[string]any)
		tags, _ := mail["tags"].(map[string]any)
		if tags == nil {
			tags = map[string]any{}
		}
		tags["outbox"] = []any{outboxID}
		mail["tags"] = tags
	}
	b, _ := json.Marshal(rec)
	var ev events.SNSEvent
	read(t, filepath.Join(root, "sns", "sns-event.json"), &ev)
	ev.Records[0].SNS.Message = string(b)
	return ev
}

func read(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// sesLines counts the application's audit lines written by SES's events.
func sesLines(t *testing.T, s *system, ref string) int {
	t.Helper()
	log, err := s.Env.Store.ApplicationLog(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range log {
		if l.Actor == "ses" {
			n++
		}
	}
	return n
}

// Every SES event that AWS documents goes through the events function
// twice (SNS redelivers): the effect happens once, and the events this
// system does not act on, an identity notification, an SNS subscription
// message and an unknown type are dropped without an error.
func TestAWSDocumentedSESEvents(t *testing.T) {
	s := newSystem(t)
	cases := []struct {
		file, state string
		lines       int
		check       func(t *testing.T, o programme.Email)
	}{
		{"send.json", programme.EmailSent, 0, func(t *testing.T, o programme.Email) {
			if o.MessageID != "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000" {
				t.Fatalf("message id %q", o.MessageID)
			}
		}},
		{"delivery.json", programme.EmailSent, 0, func(t *testing.T, o programme.Email) {
			if want := time.Date(2016, 10, 19, 23, 21, 4, 133e6, time.UTC); !o.DeliveredAt.Equal(want) {
				t.Fatalf("deliveredAt %s, want %s", o.DeliveredAt, want)
			}
		}},
		{"bounce.json", programme.EmailBounced, 1, func(t *testing.T, o programme.Email) {
			if o.BounceType != "Permanent/General" {
				t.Fatalf("bounce type %q", o.BounceType)
			}
		}},
		{"complaint.json", programme.EmailComplained, 1, nil},
		{"reject.json", programme.EmailFailed, 1, nil},
		{"renderingfailure.json", programme.EmailFailed, 1, nil},
		{"deliverydelay.json", programme.EmailPending, 0, nil},
		{"open.json", programme.EmailPending, 0, nil},
		{"click.json", programme.EmailPending, 0, nil},
		{"subscription.json", programme.EmailPending, 0, nil},
		{"identity-bounce.json", programme.EmailPending, 0, nil},
	}
	ids, refs := closedRoundItems(t, s, len(cases))
	for i, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			ev := awsEvent(t, c.file, ids[i])
			for range 2 {
				if err := s.Events["events"](context.Background(), ev); err != nil {
					t.Fatal(err)
				}
			}
			o, err := s.Env.Store.OutboxItem(context.Background(), ids[i])
			if err != nil {
				t.Fatal(err)
			}
			if o.State != c.state {
				t.Fatalf("state %s, want %s", o.State, c.state)
			}
			if n := sesLines(t, s, refs[i]); n != c.lines {
				t.Fatalf("%d audit lines from SES, want %d", n, c.lines)
			}
			if c.check != nil {
				c.check(t, o)
			}
		})
	}

	t.Run("dropped", func(t *testing.T) {
		confirm := awsEvent(t, "send.json", ids[0])
		confirm.Records[0].SNS.Type = "SubscriptionConfirmation"
		var raw map[string]any
		read(t, filepath.Join(stacktest.Root(), "internal", "mailevents", "testdata", "sns", "subscription-confirmation.json"), &raw)
		b, _ := json.Marshal(raw)
		confirm.Records[0].SNS.Message = string(b)
		unknown := awsEvent(t, "send.json", ids[len(ids)-1])
		unknown.Records[0].SNS.Message = strings.Replace(unknown.Records[0].SNS.Message, `"eventType":"Send"`, `"eventType":"Mystery"`, 1)
		garbage := awsEvent(t, "send.json", "")
		garbage.Records[0].SNS.Message = "Hello from SNS!"
		for _, ev := range []events.SNSEvent{confirm, unknown, garbage} {
			if err := s.Events["events"](context.Background(), ev); err != nil {
				t.Fatal(err)
			}
		}
		if o, _ := s.Env.Store.OutboxItem(context.Background(), ids[len(ids)-1]); o.State != programme.EmailPending {
			t.Fatalf("an unknown event changed the item: %s", o.State)
		}
	})
}

// A late, milder event never overwrites a worse state: a Complaint, then a
// Bounce and a Delivery for the same message, leave it complained.
func TestLateMilderEventsKeepTheWorseState(t *testing.T) {
	s := newSystem(t)
	ids, refs := closedRoundItems(t, s, 1)
	for _, f := range []string{"complaint.json", "bounce.json", "delivery.json", "send.json"} {
		if err := s.Events["events"](context.Background(), awsEvent(t, f, ids[0])); err != nil {
			t.Fatal(err)
		}
	}
	o, _ := s.Env.Store.OutboxItem(context.Background(), ids[0])
	if o.State != programme.EmailComplained {
		t.Fatalf("state %s, want complained", o.State)
	}
	if n := sesLines(t, s, refs[0]); n != 2 { // the complaint and the bounce are each recorded once
		t.Fatalf("%d audit lines from SES, want 2", n)
	}
}
