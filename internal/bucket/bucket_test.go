package bucket

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

func testBucket() *Bucket {
	cfg := aws.Config{Region: "eu-north-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")}
	return FromConfig(cfg, "", "partnerskap-documents", time.Now)
}

// The signed policy fixes what the browser may send: the key's folder, the
// size range, the stored type and where S3 sends the browser; the fields
// are exactly the policy's (S3 refuses any other), the file comes after.
func TestUploadFormPolicy(t *testing.T) {
	b := testBucket()
	folder := "uploads/2027-1/p/budget/n/"
	url, fields, err := b.UploadForm(context.Background(), folder, 10<<20, "https://ansok.example/documents/uploaded/2027-1/sv/x", time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if url != "https://partnerskap-documents.s3.eu-north-1.amazonaws.com" {
		t.Errorf("form posts to %s", url)
	}
	got := map[string]string{}
	for _, f := range fields {
		got[f[0]] = f[1]
	}
	if got["key"] != folder+"${filename}" || got["Content-Type"] != ContentType || got["X-Amz-Algorithm"] != "AWS4-HMAC-SHA256" {
		t.Errorf("fields: %v", got)
	}
	raw, err := base64.StdEncoding.DecodeString(got["policy"])
	if err != nil {
		t.Fatal(err)
	}
	var policy struct {
		Expiration string
		Conditions []any
	}
	if err := json.Unmarshal(raw, &policy); err != nil {
		t.Fatal(err)
	}
	p := string(raw)
	for _, want := range []string{`["starts-with","$key","` + folder + `"]`, `["content-length-range",1,10485760]`,
		`{"Content-Type":"application/octet-stream"}`, `{"success_action_redirect":"https://ansok.example/documents/uploaded/2027-1/sv/x"}`,
		`{"bucket":"partnerskap-documents"}`} {
		if !strings.Contains(p, want) {
			t.Errorf("policy lacks %s:\n%s", want, p)
		}
	}
	if strings.Contains(p, `{"key":`) {
		t.Errorf("the policy fixes one key, not the folder: %s", p)
	}
	if _, _, err := b.UploadForm(context.Background(), folder, 1, "x", time.Now().Add(-time.Second)); err == nil {
		t.Error("an expired form was signed")
	}
}

func TestContentDisposition(t *testing.T) {
	for in, want := range map[string]string{
		"Budget 2027.xlsx":      `attachment; filename="Budget 2027.xlsx"; filename*=UTF-8''Budget%202027.xlsx`,
		"Avsiktsförklaring.pdf": `attachment; filename="Avsiktsf_rklaring.pdf"; filename*=UTF-8''Avsiktsf%C3%B6rklaring.pdf`,
		`a"b\c%d'e.pdf`:         `attachment; filename="a_b_c_d'e.pdf"; filename*=UTF-8''a%22b%5Cc%25d%27e.pdf`,
	} {
		if got := ContentDisposition("attachment", in); got != want {
			t.Errorf("%q:\n got %s\nwant %s", in, got, want)
		}
	}
}

// BenchmarkUploadForm is what one appendix's signed form costs the page
// (no network: a policy and an HMAC chain).
func BenchmarkUploadForm(b *testing.B) {
	bk := testBucket()
	ctx := context.Background()
	exp := time.Now().Add(time.Hour)
	for b.Loop() {
		if _, _, err := bk.UploadForm(ctx, "uploads/2027-1/p/budget/n/", 10<<20, "https://ansok.example/documents/uploaded/x", exp); err != nil {
			b.Fatal(err)
		}
	}
}
