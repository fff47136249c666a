package iam

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"partnerskap/infra/sam"
)

const s3tpl = `
Resources:
  DocumentsFunction:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - Statement:
            - Effect: Allow
              Action: [s3:PutObject, s3:GetObject, s3:GetObjectTagging]
              Resource: !Sub "${DocumentsBucket.Arn}/uploads/*"
            - Effect: Deny
              Action: s3:PutObject
              Resource: !Sub "${DocumentsBucket.Arn}/uploads/sealed/*"
            - Effect: Allow
              Action: s3:ListBucket
              Resource: !GetAtt DocumentsBucket.Arn
              Condition:
                StringLike:
                  s3:prefix: "uploads/*"
`

const docs = "arn:aws:s3:::t-docs"

func s3Guard(t testing.TB) *Guard {
	t.Helper()
	tp, err := sam.Parse([]byte(s3tpl))
	if err != nil {
		t.Fatal(err)
	}
	res := sam.Resolver{Template: tp, Region: "eu-north-1", Account: "000000000000", Attrs: map[string]string{"DocumentsBucket.Arn": docs}}
	p, err := Load(res, "DocumentsFunction")
	if err != nil {
		t.Fatal(err)
	}
	return &Guard{Policy: p, Resolver: res, SESIdentity: IdentityOf(nil), Calls: NewCalls(), Log: slog.New(slog.DiscardHandler)}
}

// Each S3 input is authorised as IAM does: the object action (its version
// action when the call names a version) on bucket/key, ListBucket on the
// bucket with s3:prefix, CopyObject as a read of the source and a write of
// the destination, DeleteObjects key by key.
func TestS3Requests(t *testing.T) {
	b, k, v := aws.String("t-docs"), aws.String("uploads/1/a.pdf"), aws.String("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")
	obj := docs + "/uploads/1/a.pdf"
	for _, c := range []struct {
		name string
		in   any
		want []Request
	}{
		{"PutObject", &s3.PutObjectInput{Bucket: b, Key: k}, []Request{{Action: "s3:PutObject", Resource: obj}}},
		{"PutObject with tags", &s3.PutObjectInput{Bucket: b, Key: k, Tagging: aws.String("app=A-1")},
			[]Request{{Action: "s3:PutObject", Resource: obj}, {Action: "s3:PutObjectTagging", Resource: obj}}},
		{"GetObject", &s3.GetObjectInput{Bucket: b, Key: k}, []Request{{Action: "s3:GetObject", Resource: obj}}},
		{"GetObject of a version", &s3.GetObjectInput{Bucket: b, Key: k, VersionId: v}, []Request{{Action: "s3:GetObjectVersion", Resource: obj}}},
		{"HeadObject", &s3.HeadObjectInput{Bucket: b, Key: k}, []Request{{Action: "s3:GetObject", Resource: obj}}},
		{"GetObjectTagging", &s3.GetObjectTaggingInput{Bucket: b, Key: k}, []Request{{Action: "s3:GetObjectTagging", Resource: obj}}},
		{"GetObjectTagging of a version", &s3.GetObjectTaggingInput{Bucket: b, Key: k, VersionId: v},
			[]Request{{Action: "s3:GetObjectVersionTagging", Resource: obj}}},
		{"PutObjectTagging", &s3.PutObjectTaggingInput{Bucket: b, Key: k, Tagging: &s3types.Tagging{}},
			[]Request{{Action: "s3:PutObjectTagging", Resource: obj}}},
		{"DeleteObject", &s3.DeleteObjectInput{Bucket: b, Key: k}, []Request{{Action: "s3:DeleteObject", Resource: obj}}},
		{"DeleteObject of a version", &s3.DeleteObjectInput{Bucket: b, Key: k, VersionId: v}, []Request{{Action: "s3:DeleteObjectVersion", Resource: obj}}},
		{"DeleteObjects", &s3.DeleteObjectsInput{Bucket: b, Delete: &s3types.Delete{Objects: []s3types.ObjectIdentifier{{Key: k}, {Key: aws.String("x"), VersionId: v}}}},
			[]Request{{Action: "s3:DeleteObject", Resource: obj}, {Action: "s3:DeleteObjectVersion", Resource: docs + "/x"}}},
		{"ListObjectsV2", &s3.ListObjectsV2Input{Bucket: b, Prefix: aws.String("uploads/1/")},
			[]Request{{Action: "s3:ListBucket", Resource: docs, Context: map[string]string{"s3:prefix": "uploads/1/"}}}},
		{"CopyObject", &s3.CopyObjectInput{Bucket: b, Key: aws.String("clean/1/a.pdf"), CopySource: aws.String("t-docs/uploads/1/a%20b.pdf?versionId=v1")},
			[]Request{{Action: "s3:GetObjectVersion", Resource: docs + "/uploads/1/a b.pdf"}, {Action: "s3:PutObject", Resource: docs + "/clean/1/a.pdf"}}},
	} {
		got, err, ok := s3Requests(c.in)
		if !ok || err != nil || len(got) != len(c.want) {
			t.Errorf("%s: %v %v %v", c.name, got, err, ok)
			continue
		}
		for i := range got {
			if got[i].Action != c.want[i].Action || got[i].Resource != c.want[i].Resource || len(got[i].Context) != len(c.want[i].Context) ||
				got[i].Context["s3:prefix"] != c.want[i].Context["s3:prefix"] {
				t.Errorf("%s: %+v, want %+v", c.name, got[i], c.want[i])
			}
		}
	}
	if _, _, ok := s3Requests(&s3.PutBucketPolicyInput{}); ok {
		t.Error("an S3 operation the guard has no mapping for was taken")
	}
}

func TestS3PolicyEvaluation(t *testing.T) {
	g := s3Guard(t)
	for _, c := range []struct {
		r    Request
		want bool
	}{
		{Request{Action: "s3:PutObject", Resource: docs + "/uploads/1/a.pdf"}, true},
		{Request{Action: "s3:PutObject", Resource: docs + "/other/a.pdf"}, false},
		{Request{Action: "s3:PutObject", Resource: docs + "/uploads/sealed/a.pdf"}, false},
		{Request{Action: "s3:DeleteObject", Resource: docs + "/uploads/1/a.pdf"}, false},
		{Request{Action: "s3:ListBucket", Resource: docs, Context: map[string]string{"s3:prefix": "uploads/1/"}}, true},
		{Request{Action: "s3:ListBucket", Resource: docs, Context: map[string]string{"s3:prefix": "private/"}}, false},
		{Request{Action: "s3:ListBucket", Resource: docs}, false}, // no prefix: the condition's key is missing
		// Every key that starts with the prefix: allowed only if all are.
		{Request{Action: "s3:PutObject", Resource: docs + "/uploads/1/", Prefix: true}, true},
		{Request{Action: "s3:PutObject", Resource: docs + "/uploads/", Prefix: true}, false}, // takes in uploads/sealed/
		{Request{Action: "s3:PutObject", Resource: docs + "/upl", Prefix: true}, false},
		{Request{Action: "s3:PutObject", Resource: docs + "/", Prefix: true}, false},
		{Request{Action: "s3:PutObject", Resource: docs + "/uploads/sealed/x/", Prefix: true}, false},
	} {
		if got := g.Policy.Allowed(c.r); got != c.want {
			t.Errorf("%s on %s (prefix %v) %v: allowed %v, want %v", c.r.Action, c.r.Resource, c.r.Prefix, c.r.Context, got, c.want)
		}
	}
	for _, c := range []struct {
		pattern, prefix string
		covers, may     bool
	}{
		{"a/*", "a/b/", true, true},
		{"a/*", "a/", true, true},
		{"a/*", "a", false, true},
		{"a/*/x", "a/b/", false, true},
		{"a/?", "a/", false, true},
		{"*", "", true, true},
		{"a/b*", "a/c", false, false},
		{"a/*b*", "a/xb", true, true},
	} {
		if got := globCoversPrefix(c.pattern, c.prefix); got != c.covers {
			t.Errorf("%q covers every string starting with %q: %v, want %v", c.pattern, c.prefix, got, c.covers)
		}
		if got := globMayMatchPrefix(c.pattern, c.prefix); got != c.may {
			t.Errorf("%q matches some string starting with %q: %v, want %v", c.pattern, c.prefix, got, c.may)
		}
	}
}

func TestS3Limits(t *testing.T) {
	b := aws.String("t-docs")
	key := func(n int) *string { return aws.String("uploads/" + strings.Repeat("å", (n-len("uploads/"))/2)) }
	tags := func(n int) []s3types.Tag {
		var out []s3types.Tag
		for i := range n {
			out = append(out, s3types.Tag{Key: aws.String(string(rune('a' + i))), Value: aws.String("v")})
		}
		return out
	}
	for _, c := range []struct {
		name string
		in   any
		code string // "": allowed
	}{
		{"key of 1,024 bytes", &s3.PutObjectInput{Bucket: b, Key: key(1024)}, ""},
		{"key of 1,026 bytes", &s3.PutObjectInput{Bucket: b, Key: key(1026)}, "KeyTooLongError"},
		{"copy to a long key", &s3.CopyObjectInput{Bucket: b, Key: key(1026), CopySource: aws.String("t-docs/a")}, "KeyTooLongError"},
		{"metadata of 2 KB", &s3.PutObjectInput{Bucket: b, Key: key(20), Metadata: map[string]string{"n": strings.Repeat("m", 2048-len("x-amz-meta-n"))}}, ""},
		{"metadata over 2 KB", &s3.PutObjectInput{Bucket: b, Key: key(20), Metadata: map[string]string{"n": strings.Repeat("m", 2049-len("x-amz-meta-n"))}}, "MetadataTooLarge"},
		{"10 tags", &s3.PutObjectTaggingInput{Bucket: b, Key: key(20), Tagging: &s3types.Tagging{TagSet: tags(10)}}, ""},
		{"11 tags", &s3.PutObjectTaggingInput{Bucket: b, Key: key(20), Tagging: &s3types.Tagging{TagSet: tags(11)}}, "BadRequest"},
		{"11 tags on PutObject", &s3.PutObjectInput{Bucket: b, Key: key(20), Tagging: aws.String("a=1&b=1&c=1&d=1&e=1&f=1&g=1&h=1&i=1&j=1&k=1")}, "BadRequest"},
		{"tag key of 128", &s3.PutObjectInput{Bucket: b, Key: key(20), Tagging: aws.String(strings.Repeat("k", 128) + "=v")}, ""},
		{"tag key of 129", &s3.PutObjectInput{Bucket: b, Key: key(20), Tagging: aws.String(strings.Repeat("k", 129) + "=v")}, "InvalidTag"},
		// UTF-16, as S3 counts: an emoji is two.
		{"tag value of 256", &s3.PutObjectTaggingInput{Bucket: b, Key: key(20), Tagging: &s3types.Tagging{TagSet: []s3types.Tag{
			{Key: aws.String("k"), Value: aws.String(strings.Repeat("ö", 256))}}}}, ""},
		{"tag value of 128 emoji", &s3.PutObjectTaggingInput{Bucket: b, Key: key(20), Tagging: &s3types.Tagging{TagSet: []s3types.Tag{
			{Key: aws.String("k"), Value: aws.String(strings.Repeat("📄", 128) + "x")}}}}, "InvalidTag"},
		{"duplicate tag keys", &s3.PutObjectInput{Bucket: b, Key: key(20), Tagging: aws.String("k=1&k=2")}, "InvalidTag"},
		{"aws: tag key", &s3.PutObjectInput{Bucket: b, Key: key(20), Tagging: aws.String("aws%3Ax=1")}, "InvalidTag"},
	} {
		_, err, _ := s3Requests(c.in)
		var ae smithy.APIError
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.code != "" && (!errors.As(err, &ae) || ae.ErrorCode() != c.code):
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
}

// A client with the guard, whose calls must never reach the server (a
// refused one is stopped before; presigning sends nothing).
func guardedClient(t *testing.T, g *Guard) *s3.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the guard let %s %s through", r.Method, r.URL)
		w.WriteHeader(http.StatusForbidden)
	}))
	t.Cleanup(srv.Close)
	return s3.New(s3.Options{Region: "eu-north-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""), APIOptions: []func(*middleware.Stack) error{g.Option}})
}

// Presigning runs the client's middleware (the SDK's invokeOperation with
// the client's APIOptions), so the guard checks it: a presigned POST by the
// keys its policy lets a browser write, a presigned GET by its key, both by
// their lifetime.
func TestS3PresigningIsGuarded(t *testing.T) {
	g := s3Guard(t)
	presign := s3.NewPresignClient(guardedClient(t, g))
	ctx := context.Background()
	post := func(key string, expires time.Duration, conditions ...any) error {
		_, err := presign.PresignPostObject(ctx, &s3.PutObjectInput{Bucket: aws.String("t-docs"), Key: aws.String(key)},
			func(o *s3.PresignPostOptions) { o.Expires, o.Conditions = expires, conditions })
		return err
	}
	within := []any{"content-length-range", 1, 10 << 20}
	for _, c := range []struct {
		name string
		err  error
		code string
	}{
		{"POST under uploads/1/", post("uploads/1/${filename}", 15*time.Minute, within, []any{"starts-with", "$key", "uploads/1/"}), ""},
		{"POST of one key", post("uploads/1/a.pdf", 15*time.Minute, within), ""},
		{"POST with ${filename} and no starts-with", post("uploads/1/${filename}", 15*time.Minute), ""},
		{"POST of any key", post("uploads/1/${filename}", 15*time.Minute, []any{"starts-with", "$key", ""}), "AccessDenied"},
		{"POST under uploads/ (sealed/ is denied)", post("uploads/${filename}", 15*time.Minute, []any{"starts-with", "$key", "uploads/"}), "AccessDenied"},
		{"POST under upl", post("upl${filename}", 15*time.Minute, []any{"starts-with", "$key", "upl"}), "AccessDenied"},
		{"POST outside the grant", post("private/a.pdf", 15*time.Minute), "AccessDenied"},
		{"POST for 7 days", post("uploads/1/a.pdf", 7*24*time.Hour), ""},
		{"POST for 8 days", post("uploads/1/a.pdf", 8*24*time.Hour), "AuthorizationQueryParametersError"},
	} {
		var ae smithy.APIError
		switch {
		case c.code == "" && c.err != nil:
			t.Errorf("%s: refused: %v", c.name, c.err)
		case c.code != "" && (!errors.As(c.err, &ae) || ae.ErrorCode() != c.code):
			t.Errorf("%s: %v, want %s", c.name, c.err, c.code)
		}
	}
	get := func(key string, expires time.Duration) error {
		_, err := presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("t-docs"), Key: aws.String(key),
			ResponseContentDisposition: aws.String("attachment")}, s3.WithPresignExpires(expires))
		return err
	}
	if err := get("uploads/1/a.pdf", time.Hour); err != nil {
		t.Errorf("presigned GET: %v", err)
	}
	var denied *AccessDenied
	if err := get("private/a.pdf", time.Hour); !errors.As(err, &denied) || denied.Action != "s3:GetObject" {
		t.Errorf("presigned GET outside the grant: %v", err)
	}
	var ae smithy.APIError
	if err := get("uploads/1/a.pdf", 8*24*time.Hour); !errors.As(err, &ae) || ae.ErrorCode() != "AuthorizationQueryParametersError" {
		t.Errorf("presigned GET for 8 days: %v", err)
	}
	counts := g.Calls.Counts()["DocumentsFunction"]
	if counts["S3:PresignPostObject"] != 4 || counts["S3:PresignGetObject"] != 1 {
		t.Errorf("calls %v", counts)
	}
	// A refused call never leaves: the server above fails the test if hit.
	if _, err := guardedClient(t, g).DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("t-docs"), Key: aws.String("uploads/1/a.pdf")}); !errors.As(err, &denied) ||
		denied.Code != "AccessDenied" {
		t.Errorf("DeleteObject without the grant: %v", err)
	}
}

// A missing key is a 404 only for a caller that may list the bucket; for
// the others S3 answers 403 AccessDenied.
func TestS3MissingKeyWithoutListBucket(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusNotFound)
		if r.Method != http.MethodHead {
			_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`))
		}
	}))
	defer srv.Close()
	client := func(g *Guard) *s3.Client {
		return s3.New(s3.Options{Region: "eu-north-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
			Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""), APIOptions: []func(*middleware.Stack) error{g.Option}})
	}
	ctx := context.Background()
	in := &s3.HeadObjectInput{Bucket: aws.String("t-docs"), Key: aws.String("uploads/1/missing.pdf")}
	var ae smithy.APIError
	g := s3Guard(t)
	if _, err := client(g).HeadObject(ctx, in); !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" {
		t.Errorf("HEAD of a missing key without s3:ListBucket: %v, want AccessDenied", err)
	}
	if _, err := client(g).GetObject(ctx, &s3.GetObjectInput{Bucket: in.Bucket, Key: in.Key}); !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" {
		t.Errorf("GET of a missing key without s3:ListBucket: %v, want AccessDenied", err)
	}
	if d := g.Calls.Denied(); len(d) != 0 {
		t.Errorf("counted as IAM denials: %v", d)
	}
	// With s3:ListBucket (no condition): the stand-in's 404 stands.
	g.Policy.Statements = append(g.Policy.Statements, Statement{Effect: "Allow", Actions: []string{"s3:ListBucket"}, Resources: []string{docs}})
	var nf *s3types.NotFound
	if _, err := client(g).HeadObject(ctx, in); !errors.As(err, &nf) {
		t.Errorf("HEAD of a missing key with s3:ListBucket: %v, want NotFound", err)
	}
	var nsk *s3types.NoSuchKey
	if _, err := client(g).GetObject(ctx, &s3.GetObjectInput{Bucket: in.Bucket, Key: in.Key}); !errors.As(err, &nsk) {
		t.Errorf("GET of a missing key with s3:ListBucket: %v, want NoSuchKey", err)
	}
}
