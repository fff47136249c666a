package logging_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
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
