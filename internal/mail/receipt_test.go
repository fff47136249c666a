package mail_test

import (
	"strings"
	"testing"
	"time"

	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
)

func TestEnglishReceipt(t *testing.T) {
	msg, err := mail.Receipt("a@b.se", mail.ReceiptData{Lang: programme.English, Ref: "KP-ABCDEFGHJK", Title: "T", RoundName: "Spring 2027",
		SubmittedAt: time.Date(2027, 9, 20, 12, 0, 0, 0, time.UTC), StatusURL: "https://x"})
	if err != nil || msg.Subject != "Receipt: application KP-ABCDEFGHJK received" || !strings.Contains(msg.Text, "20 September 2027, 14:00 (CEST)") {
		t.Fatalf("%q %v\n%s", msg.Subject, err, msg.Text)
	}
}
