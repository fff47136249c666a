package iam

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// S3's limits that the code could meet, enforced before a call goes out
// (or, for a presigned request, before its URL or form is handed over):
//
//   - an object key is at most 1,024 bytes of UTF-8 ("Naming Amazon S3
//     objects", https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html);
//   - user-defined metadata is at most 2 KB: the bytes of the UTF-8 of each
//     key and value ("Working with object metadata",
//     https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html).
//     The page does not say whether the x-amz-meta- prefix counts; it is
//     counted here, the stricter reading;
//   - at most 10 tags an object, unique keys of at most 128 and values of at
//     most 256 Unicode characters, counted in UTF-16 as S3 stores them, no key
//     starting with aws: ("Categorizing your objects using tags",
//     https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html);
//   - a presigned URL (Signature Version 4) lives at most 7 days, X-Amz-Expires
//     1 to 604800 seconds ("Download and upload objects with presigned URLs",
//     https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html;
//     "Authenticating Requests: Using Query Parameters",
//     https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
//     A presigned POST's policy is held to the same week: its signing key is
//     the same SigV4 key, scoped to the day it was made.
const (
	s3MaxKeyBytes      = 1024
	s3MaxMetadataBytes = 2 * 1024
	s3MaxTags          = 10
	s3MaxTagKey        = 128
	s3MaxTagValue      = 256
	s3MaxPresign       = 7 * 24 * time.Hour
)

// limitError is what S3 answers to a request over its limits.
func limitError(code, format string, args ...any) error {
	return &smithy.GenericAPIError{Code: code, Message: "local S3 rules: " + fmt.Sprintf(format, args...), Fault: smithy.FaultClient}
}

func bucketARN(bucket string) string      { return "arn:aws:s3:::" + bucket }
func objectARN(bucket, key string) string { return "arn:aws:s3:::" + bucket + "/" + key }

// s3Object is the request for an object action, or its version action when
// the call names a version (s3:GetObject -> s3:GetObjectVersion, ...).
func s3Object(action, versionAction string, bucket, key *string, versionID *string) Request {
	if versionID != nil && *versionID != "" {
		action = versionAction
	}
	return Request{Action: "s3:" + action, Resource: objectARN(deref(bucket), deref(key))}
}

// s3Requests lists what IAM authorises for an S3 call (the actions of the
// Service Authorization Reference and each operation's Permissions), after
// S3's limits: ok is false for an input it does not know.
func s3Requests(params any) (reqs []Request, err error, ok bool) {
	switch p := params.(type) {
	case *s3.PutObjectInput:
		if err := checkKey(p.Key); err != nil {
			return nil, err, true
		}
		if err := checkMetadata(p.Metadata); err != nil {
			return nil, err, true
		}
		reqs = []Request{{Action: "s3:PutObject", Resource: objectARN(deref(p.Bucket), deref(p.Key))}}
		if p.Tagging != nil && *p.Tagging != "" {
			tags, err := parseTagging(*p.Tagging)
			if err != nil {
				return nil, err, true
			}
			if err := checkTags(tags); err != nil {
				return nil, err, true
			}
			// "To successfully set the tag-set with your PutObject request,
			// you must have the s3:PutObjectTagging" (PutObject, Permissions).
			reqs = append(reqs, Request{Action: "s3:PutObjectTagging", Resource: reqs[0].Resource})
		}
		return reqs, nil, true
	case *s3.GetObjectInput:
		return []Request{s3Object("GetObject", "GetObjectVersion", p.Bucket, p.Key, p.VersionId)}, checkKey(p.Key), true
	case *s3.HeadObjectInput:
		return []Request{s3Object("GetObject", "GetObjectVersion", p.Bucket, p.Key, p.VersionId)}, checkKey(p.Key), true
	case *s3.GetObjectTaggingInput:
		return []Request{s3Object("GetObjectTagging", "GetObjectVersionTagging", p.Bucket, p.Key, p.VersionId)}, checkKey(p.Key), true
	case *s3.PutObjectTaggingInput:
		if err := checkKey(p.Key); err != nil {
			return nil, err, true
		}
		var tags []s3types.Tag
		if p.Tagging != nil {
			tags = p.Tagging.TagSet
		}
		if err := checkTags(tags); err != nil {
			return nil, err, true
		}
		return []Request{s3Object("PutObjectTagging", "PutObjectVersionTagging", p.Bucket, p.Key, p.VersionId)}, nil, true
	case *s3.DeleteObjectTaggingInput:
		return []Request{s3Object("DeleteObjectTagging", "DeleteObjectVersionTagging", p.Bucket, p.Key, p.VersionId)}, checkKey(p.Key), true
	case *s3.DeleteObjectInput:
		return []Request{s3Object("DeleteObject", "DeleteObjectVersion", p.Bucket, p.Key, p.VersionId)}, checkKey(p.Key), true
	case *s3.DeleteObjectsInput:
		if p.Delete == nil || len(p.Delete.Objects) == 0 {
			return nil, limitError("MalformedXML", "DeleteObjects needs 1 to 1,000 keys"), true
		}
		if len(p.Delete.Objects) > 1000 {
			return nil, limitError("MalformedXML", "DeleteObjects takes at most 1,000 keys, not %d", len(p.Delete.Objects)), true
		}
		for _, o := range p.Delete.Objects {
			if err := checkKey(o.Key); err != nil {
				return nil, err, true
			}
			reqs = append(reqs, s3Object("DeleteObject", "DeleteObjectVersion", p.Bucket, o.Key, o.VersionId))
		}
		return reqs, nil, true
	case *s3.ListObjectsV2Input:
		return []Request{{Action: "s3:ListBucket", Resource: bucketARN(deref(p.Bucket)), Context: listContext(p.Prefix, p.Delimiter, p.MaxKeys)}}, nil, true
	case *s3.ListObjectVersionsInput:
		return []Request{{Action: "s3:ListBucketVersions", Resource: bucketARN(deref(p.Bucket)), Context: listContext(p.Prefix, p.Delimiter, p.MaxKeys)}}, nil, true
	case *s3.HeadBucketInput:
		return []Request{{Action: "s3:ListBucket", Resource: bucketARN(deref(p.Bucket))}}, nil, true
	case *s3.CopyObjectInput:
		if err := checkKey(p.Key); err != nil {
			return nil, err, true
		}
		srcBucket, srcKey, srcVersion, err := parseCopySource(deref(p.CopySource))
		if err != nil {
			return nil, err, true
		}
		if err := checkKey(&srcKey); err != nil {
			return nil, err, true
		}
		if p.MetadataDirective == s3types.MetadataDirectiveReplace {
			if err := checkMetadata(p.Metadata); err != nil {
				return nil, err, true
			}
		}
		reqs = []Request{s3Object("GetObject", "GetObjectVersion", &srcBucket, &srcKey, &srcVersion),
			{Action: "s3:PutObject", Resource: objectARN(deref(p.Bucket), deref(p.Key))}}
		if p.TaggingDirective == s3types.TaggingDirectiveReplace && p.Tagging != nil && *p.Tagging != "" {
			tags, err := parseTagging(*p.Tagging)
			if err != nil {
				return nil, err, true
			}
			if err := checkTags(tags); err != nil {
				return nil, err, true
			}
			reqs = append(reqs, Request{Action: "s3:PutObjectTagging", Resource: reqs[1].Resource})
		}
		return reqs, nil, true
	}
	return nil, nil, false
}

func listContext(prefix, delimiter *string, maxKeys *int32) map[string]string {
	ctx := map[string]string{}
	if prefix != nil {
		ctx["s3:prefix"] = *prefix
	}
	if delimiter != nil {
		ctx["s3:delimiter"] = *delimiter
	}
	if maxKeys != nil {
		ctx["s3:max-keys"] = strconv.Itoa(int(*maxKeys))
	}
	return ctx
}

// parseCopySource reads CopyObject's x-amz-copy-source: "bucket/key" (URL
// encoded), optionally with a leading slash and "?versionId=".
func parseCopySource(src string) (bucket, key, version string, err error) {
	src = strings.TrimPrefix(src, "/")
	if i := strings.Index(src, "?"); i >= 0 {
		q, e := url.ParseQuery(src[i+1:])
		if e != nil {
			return "", "", "", limitError("InvalidArgument", "copy source %q: %v", src, e)
		}
		version = q.Get("versionId")
		src = src[:i]
	}
	b, k, found := strings.Cut(src, "/")
	if !found || b == "" || k == "" {
		return "", "", "", limitError("InvalidArgument", "copy source %q is not bucket/key", src)
	}
	if k, err = url.PathUnescape(k); err != nil {
		return "", "", "", limitError("InvalidArgument", "copy source %q: %v", src, err)
	}
	return b, k, version, nil
}

func checkKey(key *string) error {
	if key == nil {
		return nil
	}
	if !utf8.ValidString(*key) {
		return limitError("InvalidArgument", "an object key must be UTF-8")
	}
	if n := len(*key); n > s3MaxKeyBytes {
		return limitError("KeyTooLongError", "Your key is too long: %d bytes of UTF-8, S3 takes at most %d", n, s3MaxKeyBytes)
	}
	return nil
}

func checkMetadata(meta map[string]string) error {
	n := 0
	for k, v := range meta {
		n += len("x-amz-meta-") + len(k) + len(v)
	}
	if n > s3MaxMetadataBytes {
		return limitError("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size: %d bytes, S3 takes at most %d", n, s3MaxMetadataBytes)
	}
	return nil
}

// parseTagging reads PutObject's and CopyObject's x-amz-tagging (URL query
// encoded: "k1=v1&k2=v2").
func parseTagging(s string) ([]s3types.Tag, error) {
	var tags []s3types.Tag
	for _, part := range strings.Split(s, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return nil, limitError("InvalidArgument", "x-amz-tagging %q is not URL query encoded", s)
		}
		tags = append(tags, s3types.Tag{Key: &key, Value: &val})
	}
	return tags, nil
}

func checkTags(tags []s3types.Tag) error {
	if len(tags) > s3MaxTags {
		return limitError("BadRequest", "Object tags cannot be greater than %d (%d given)", s3MaxTags, len(tags))
	}
	seen := map[string]bool{}
	for _, t := range tags {
		k, v := deref(t.Key), deref(t.Value)
		switch {
		case k == "" || utf16Len(k) > s3MaxTagKey:
			return limitError("InvalidTag", "The TagKey you have provided is invalid: %q (1 to %d characters)", k, s3MaxTagKey)
		case utf16Len(v) > s3MaxTagValue:
			return limitError("InvalidTag", "The TagValue you have provided is too long: %d characters (at most %d) for key %q", utf16Len(v), s3MaxTagValue, k)
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			return limitError("InvalidTag", "Your TagKey cannot be prefixed with aws: (%q)", k)
		case seen[k]:
			return limitError("InvalidTag", "Cannot provide multiple Tags with the same key (%q)", k)
		}
		seen[k] = true
	}
	return nil
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// presigned checks what a presign call produced: a presigned URL's
// lifetime, and for a presigned POST the keys its policy lets a browser
// write, which IAM must allow as s3:PutObject (whoever posts the form
// acts with the signer's rights).
func (g *Guard) presigned(result any) ([]Request, error) {
	switch r := result.(type) {
	case *v4.PresignedHTTPRequest:
		u, err := url.Parse(r.URL)
		if err != nil {
			return nil, err
		}
		exp, err := strconv.Atoi(u.Query().Get("X-Amz-Expires"))
		if err != nil || exp < 1 || time.Duration(exp)*time.Second > s3MaxPresign {
			return nil, limitError("AuthorizationQueryParametersError",
				"X-Amz-Expires must be less than a week (in seconds) that is; 604800 (got %q)", u.Query().Get("X-Amz-Expires"))
		}
		return nil, nil
	case *s3.PresignedPostRequest:
		return presignedPost(r)
	}
	return nil, nil
}

// postPolicy is a presigned POST's policy document.
type postPolicy struct {
	Expiration string `json:"expiration"`
	Conditions []any  `json:"conditions"`
}

func presignedPost(r *s3.PresignedPostRequest) ([]Request, error) {
	raw, err := base64.StdEncoding.DecodeString(r.Values["policy"])
	if err != nil {
		return nil, fmt.Errorf("presigned POST without a readable policy: %w", err)
	}
	var pol postPolicy
	if err := json.Unmarshal(raw, &pol); err != nil {
		return nil, fmt.Errorf("presigned POST policy: %w", err)
	}
	signed, err1 := time.Parse("20060102T150405Z", r.Values["X-Amz-Date"])
	expires, err2 := time.Parse(time.RFC3339, pol.Expiration)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("presigned POST: date %q, expiration %q", r.Values["X-Amz-Date"], pol.Expiration)
	}
	if d := expires.Sub(signed); d <= 0 || d > s3MaxPresign {
		return nil, limitError("AuthorizationQueryParametersError", "a presigned POST's policy must expire within a week of signing, not %s", d)
	}
	bucket, exact, prefix, hasExact := "", "", "", false
	for _, c := range pol.Conditions {
		switch x := c.(type) {
		case map[string]any:
			for k, v := range x {
				s, _ := v.(string)
				switch strings.ToLower(k) {
				case "bucket":
					bucket = s
				case "key":
					exact, hasExact = s, true
				}
			}
		case []any:
			if len(x) != 3 {
				continue
			}
			op, _ := x[0].(string)
			field, _ := x[1].(string)
			val, _ := x[2].(string)
			switch {
			case strings.EqualFold(field, "$bucket") && strings.EqualFold(op, "eq"):
				bucket = val
			case strings.EqualFold(field, "$key") && strings.EqualFold(op, "eq"):
				exact, hasExact = val, true
			case strings.EqualFold(field, "$key") && strings.EqualFold(op, "starts-with"):
				if len(val) > len(prefix) {
					prefix = val
				}
			}
		}
	}
	if bucket == "" {
		return nil, fmt.Errorf("presigned POST policy names no bucket")
	}
	// S3 puts the file's name where the key says ${filename}: the object's
	// key is then anything that starts with what comes before it.
	req := Request{Action: "s3:PutObject", Resource: objectARN(bucket, prefix), Prefix: true}
	if hasExact {
		if i := strings.Index(exact, "${filename}"); i >= 0 {
			req.Resource = objectARN(bucket, exact[:i])
		} else {
			req.Resource, req.Prefix = objectARN(bucket, exact), false
		}
	}
	key := strings.TrimPrefix(req.Resource, bucketARN(bucket)+"/")
	if err := checkKey(&key); err != nil {
		return nil, err
	}
	return []Request{req}, nil
}

// missingKey is what S3 answers for a key that does not exist: 404
// (NoSuchKey, or NotFound to a HEAD) only if the caller may list the bucket
// (s3:ListBucket), else 403 AccessDenied, so as not to tell a caller that
// may not list what exists (GetObject and HeadObject, Permissions). The
// stand-in always answers 404: nil if that is what S3 would answer too.
func (g *Guard) missingKey(params any, err error) error {
	var bucket, key *string
	switch p := params.(type) {
	case *s3.GetObjectInput:
		bucket, key = p.Bucket, p.Key
	case *s3.HeadObjectInput:
		bucket, key = p.Bucket, p.Key
	default:
		return nil
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) || (ae.ErrorCode() != "NoSuchKey" && ae.ErrorCode() != "NotFound") {
		return nil
	}
	if g.Policy.Allowed(Request{Action: "s3:ListBucket", Resource: bucketARN(deref(bucket))}) {
		return nil
	}
	return &smithy.GenericAPIError{Code: "AccessDenied", Fault: smithy.FaultClient, Message: fmt.Sprintf(
		"Access Denied (local S3 rules: s3://%s/%s does not exist, and without s3:ListBucket on the bucket S3 answers 403, not 404)",
		deref(bucket), deref(key))}
}
