package mailevents_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// The fixtures in testdata are AWS's own samples (see the SOURCES.md in each
// folder); these tests only make sure they are there and parse.

func TestFixtureSESEventsParse(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "ses", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	want := []string{
		"bounce.json", "click.json", "complaint.json", "delivery.json", "deliverydelay.json",
		"identity-bounce.json", "open.json", "reject.json", "renderingfailure.json", "send.json",
		"subscription.json",
	}
	for _, w := range want {
		if !slices.Contains(names, w) {
			t.Errorf("testdata/ses/%s is missing", w)
		}
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var rec map[string]any
			if err := json.Unmarshal(b, &rec); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			kind, _ := rec["eventType"].(string)
			if kind == "" {
				// Identity notifications (no configuration set) name it notificationType.
				kind, _ = rec["notificationType"].(string)
			}
			if kind == "" {
				t.Error("neither eventType nor notificationType")
			}
			mail, _ := rec["mail"].(map[string]any)
			if id, _ := mail["messageId"].(string); id == "" {
				t.Error("no mail.messageId")
			}
		})
	}
}

func TestFixtureSNSMessagesParse(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "sns", "sns-event.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ev events.SNSEvent
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatalf("sns-event.json: %v", err)
	}
	if len(ev.Records) == 0 || ev.Records[0].SNS.Type != "Notification" || ev.Records[0].SNS.MessageID == "" {
		t.Errorf("sns-event.json: %+v", ev)
	}

	b, err = os.ReadFile(filepath.Join("testdata", "sns", "subscription-confirmation.json"))
	if err != nil {
		t.Fatal(err)
	}
	var conf map[string]any
	if err := json.Unmarshal(b, &conf); err != nil {
		t.Fatalf("subscription-confirmation.json: %v", err)
	}
	if conf["Type"] != "SubscriptionConfirmation" || conf["SubscribeURL"] == nil || conf["Token"] == nil {
		t.Errorf("subscription-confirmation.json: %v", conf)
	}
}
