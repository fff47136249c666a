// Package bucket is the documents bucket (S3): presigned POST forms that let
// a browser upload straight to it, the checks of what arrived, and
// short-lived read links. A function never carries a file: it signs, reads
// a file's first and last bytes, and deletes.
package bucket

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"partnerskap/internal/programme"
)

// ContentType is the type every upload is stored with, whatever the file:
// the policy fixes it, so the bucket never serves an upload as a page or a
// script; a read link names the checked format's type instead.
const ContentType = "application/octet-stream"

// Bucket is the documents bucket.
type Bucket struct {
	client  *s3.Client
	presign *s3.PresignClient
	name    string
	now     func() time.Time
}

// FromConfig builds the bucket's client from the function's AWS config;
// endpoint is the local S3 server (path-style), "" on AWS.
func FromConfig(cfg aws.Config, endpoint, name string, now func() time.Time) *Bucket {
	c := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
			o.UsePathStyle = true
		}
		// Range reads carry no whole-object checksum to validate.
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	return &Bucket{client: c, presign: s3.NewPresignClient(c), name: name, now: now}
}

// UploadForm signs a browser's upload of one file into folder: its key
// folder + the browser's file name (S3's ${filename}), at most maxBytes,
// stored as ContentType, the browser sent on to redirect (S3 adds bucket,
// key and etag), the form valid until expires. S3 refuses anything else.
// It returns the form's address and its fields in the order to send
// them, before the file (named "file": S3 wants it last).
func (b *Bucket) UploadForm(ctx context.Context, folder string, maxBytes int64, redirect string, expires time.Time) (string, [][2]string, error) {
	ttl := expires.Sub(b.now())
	if ttl <= 0 {
		return "", nil, errors.New("upload form: already expired")
	}
	req, err := b.presign.PresignPostObject(ctx, &s3.PutObjectInput{Bucket: &b.name, Key: aws.String(folder + "${filename}")},
		func(o *s3.PresignPostOptions) {
			o.Expires = ttl
			o.Conditions = []any{
				[]any{"starts-with", "$key", folder},
				[]any{"content-length-range", 1, maxBytes},
				map[string]string{"Content-Type": ContentType},
				map[string]string{"success_action_redirect": redirect},
			}
		})
	if err != nil {
		return "", nil, fmt.Errorf("presign upload: %w", err)
	}
	var fields [][2]string
	for _, k := range slices.Sorted(maps.Keys(req.Values)) {
		fields = append(fields, [2]string{k, req.Values[k]})
	}
	return req.URL, append(fields, [2]string{"Content-Type", ContentType}, [2]string{"success_action_redirect", redirect}), nil
}

// Inspect reads what a check needs of the object at key: never the whole
// file, at most its first kilobyte and, for a zip, its last 64 KiB.
// found is false when nothing is at key (an upload that never arrived, or
// a key someone typed).
func (b *Bucket) Inspect(ctx context.Context, key string) (f programme.UploadedFile, found bool, err error) {
	head, err := b.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.name, Key: &key})
	if notFound(err) || forbidden(err) {
		// S3 answers a missing key with 403, not 404, to a caller without
		// s3:ListBucket, which no function has (the keys name links and
		// files): the function may read every upload, so a 403 here means
		// nothing is there. (Locally the IAM guard answers the same, and
		// a real denial by the guard still fails every test.)
		return f, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("head %s: %w", key, err)
	}
	o := programme.UploadedFile{Size: aws.ToInt64(head.ContentLength), Version: aws.ToString(head.VersionId), ETag: strings.Trim(aws.ToString(head.ETag), `"`)}
	if o.Size == 0 {
		return o, true, nil
	}
	if o.Head, err = b.read(ctx, key, o.Version, fmt.Sprintf("bytes=0-%d", programme.SniffBytes-1)); err != nil {
		return o, true, err
	}
	if strings.HasPrefix(string(o.Head), "PK") {
		tail, err := b.read(ctx, key, o.Version, fmt.Sprintf("bytes=-%d", programme.ZipTailBytes))
		if err != nil {
			return o, true, err
		}
		o.ZipNames = programme.ZipNames(tail, o.Size)
	}
	o.Scan, err = b.ScanResult(ctx, key, o.Version)
	return o, true, err
}

func (b *Bucket) read(ctx context.Context, key, version, rng string) ([]byte, error) {
	in := &s3.GetObjectInput{Bucket: &b.name, Key: &key, Range: &rng}
	if version != "" {
		in.VersionId = &version
	}
	out, err := b.client.GetObject(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("read %s (%s): %w", key, rng, err)
	}
	defer out.Body.Close()
	return io.ReadAll(io.LimitReader(out.Body, programme.ZipTailBytes))
}

// Read reads an object version whole: at most max bytes (a larger one is
// an error, not a cut file). For the accounts workbook of a report, which
// is read into its lines.
func (b *Bucket) Read(ctx context.Context, key, version string, max int64) ([]byte, error) {
	in := &s3.GetObjectInput{Bucket: &b.name, Key: &key}
	if version != "" {
		in.VersionId = &version
	}
	out, err := b.client.GetObject(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(io.LimitReader(out.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("read %s: larger than %d bytes", key, max)
	}
	return data, nil
}

// ScanResult is the malware scan's tag on an object version ("" while the
// object has none: not scanned yet, or no scanning configured).
func (b *Bucket) ScanResult(ctx context.Context, key, version string) (string, error) {
	in := &s3.GetObjectTaggingInput{Bucket: &b.name, Key: &key}
	if version != "" {
		in.VersionId = &version
	}
	out, err := b.client.GetObjectTagging(ctx, in)
	if err != nil {
		return "", fmt.Errorf("tags of %s: %w", key, err)
	}
	for _, t := range out.TagSet {
		if aws.ToString(t.Key) == programme.ScanTag {
			return aws.ToString(t.Value), nil
		}
	}
	return "", nil
}

// Delete removes an object version for good (a refused upload, a
// replaced or removed document); without a version, the key's current one
// (versioning keeps it, for the lifecycle rule to expire).
func (b *Bucket) Delete(ctx context.Context, key, version string) error {
	in := &s3.DeleteObjectInput{Bucket: &b.name, Key: &key}
	if version != "" {
		in.VersionId = &version
	}
	if _, err := b.client.DeleteObject(ctx, in); err != nil && !notFound(err) {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

// Sweep deletes, every version, each object under prefix whose key keep
// does not name, while more says there is time: the retention job's sweep
// of a round's uploads. It returns how many versions it deleted.
func (b *Bucket) Sweep(ctx context.Context, prefix string, keep map[string]bool, more func() bool) (int, error) {
	deleted := 0
	p := s3.NewListObjectVersionsPaginator(b.client, &s3.ListObjectVersionsInput{Bucket: &b.name, Prefix: &prefix})
	for p.HasMorePages() && more() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return deleted, fmt.Errorf("list versions under %s: %w", prefix, err)
		}
		type version struct{ key, id *string }
		var gone []version
		for _, v := range page.Versions {
			gone = append(gone, version{v.Key, v.VersionId})
		}
		for _, m := range page.DeleteMarkers {
			gone = append(gone, version{m.Key, m.VersionId})
		}
		for _, v := range gone {
			if keep[aws.ToString(v.key)] {
				continue
			}
			if err := b.Delete(ctx, aws.ToString(v.key), aws.ToString(v.id)); err != nil {
				return deleted, err
			}
			deleted++
		}
	}
	return deleted, nil
}

// ReadLinkTTL is how long a read link works: long enough to click, too
// short to pass around.
const ReadLinkTTL = 5 * time.Minute

// ReadLink is a presigned GET of a document's version, served with its
// checked format's type and its clean name: shown in the browser for PDF
// and images, downloaded for Office files. A version the malware scan has
// tagged as a threat since its upload gets none
// (programme.ErrDocumentBlocked).
func (b *Bucket) ReadLink(ctx context.Context, d programme.Document) (string, error) {
	scan, err := b.ScanResult(ctx, d.Key, d.Version)
	if err != nil {
		return "", err
	}
	if scan == programme.ScanThreat {
		return "", programme.ErrDocumentBlocked
	}
	disposition := "attachment"
	if d.Format == programme.PDF || d.Format == programme.PNG || d.Format == programme.JPEG {
		disposition = "inline"
	}
	in := &s3.GetObjectInput{Bucket: &b.name, Key: &d.Key,
		ResponseContentType:        aws.String(d.Format.ContentType()),
		ResponseContentDisposition: aws.String(ContentDisposition(disposition, d.Name)),
	}
	if d.Version != "" {
		in.VersionId = &d.Version
	}
	req, err := b.presign.PresignGetObject(ctx, in, s3.WithPresignExpires(ReadLinkTTL))
	if err != nil {
		return "", fmt.Errorf("presign read of %s: %w", d.Key, err)
	}
	return req.URL, nil
}

// ContentDisposition names a file for a download (RFC 6266): an ASCII
// fallback and the UTF-8 name (RFC 8187).
func ContentDisposition(disposition, name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, disposition, ascii, strings.ReplaceAll(url.PathEscape(name), "'", "%27"))
}

func forbidden(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api) && (api.ErrorCode() == "Forbidden" || api.ErrorCode() == "AccessDenied")
}

func notFound(err error) bool {
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "NotFound", "NoSuchKey", "NoSuchVersion":
			return true
		}
	}
	return false
}
