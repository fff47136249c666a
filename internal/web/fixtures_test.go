package web_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// The fixtures in testdata/apigw are aws-lambda-go's own API Gateway v2
// samples (see testdata/apigw/SOURCES.md); this only makes sure they parse.

func TestFixtureAPIGatewayV2RequestsParse(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "apigw", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 4 {
		t.Fatalf("want the 4 apigw-v2-request-*.json fixtures, found %d", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var req events.APIGatewayV2HTTPRequest
			if err := json.Unmarshal(b, &req); err != nil {
				t.Fatalf("not an APIGatewayV2HTTPRequest: %v", err)
			}
			if req.Version != "2.0" {
				t.Errorf("version %q, want 2.0", req.Version)
			}
		})
	}
}
