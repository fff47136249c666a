package logging_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"partnerskap/internal/logging"
)

func TestRecordsCarryRequestIDs(t *testing.T) {
	var buf bytes.Buffer
	log := logging.New(&buf, slog.LevelInfo).With("function", "submit")
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-1"})
	ctx = logging.WithAPIRequestID(ctx, "api-2")
	log.InfoContext(ctx, "application submitted", "ref", "KP-1")
	log.Debug("hidden")

	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("not one JSON record: %q", buf.String())
	}
	for k, want := range map[string]string{"requestId": "req-1", "apiRequestId": "api-2", "function": "submit", "ref": "KP-1", "msg": "application submitted"} {
		if rec[k] != want {
			t.Errorf("%s = %v, want %q", k, rec[k], want)
		}
	}
}

// No email address reaches a log line: in a value, in an error, or in the
// message, only its domain stays.
func TestEmailAddressesAreMasked(t *testing.T) {
	var buf bytes.Buffer
	log := logging.New(&buf, slog.LevelInfo)
	log.Info("decision recorded", "by", "eva.staff@partnerskap.example",
		"error", fmt.Errorf("ses: MessageRejected: Email address is not verified: anna.andersson@kalix.example.se"))
	out := buf.String()
	for _, leak := range []string{"eva.staff", "anna.andersson"} {
		if strings.Contains(out, leak) {
			t.Fatalf("log line holds %q: %s", leak, out)
		}
	}
	if !strings.Contains(out, "…@partnerskap.example") || !strings.Contains(out, "…@kalix.example.se") {
		t.Fatalf("the domains should stay: %s", out)
	}
}
