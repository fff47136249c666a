package stack

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"partnerskap/infra/sam"
)

// WeedBinary is where `make deps` builds SeaweedFS's weed (the local S3
// server; infra/fetch-seaweedfs.sh).
func WeedBinary(root string) string {
	return filepath.Join(root, ".cache", "bin", "weed")
}

// weedPorts are the listeners `weed mini` opens besides S3's own: every one
// is given a port explicitly, so that nothing listens on a default port
// (master 9333, filer 8888, volume 9340, admin 12535 and 23646, and each one's
// gRPC port at +10000) and several servers (two stacks, several test
// packages) run side by side. WebDAV, the admin UI, the Iceberg and Lance
// catalogs, metrics and the debug server are off.
var weedPorts = []string{"master.port", "master.port.grpc", "volume.port", "volume.port.grpc",
	"filer.port", "filer.port.grpc", "s3.port.grpc", "admin.port", "admin.port.grpc"}

// StartS3 runs SeaweedFS (`weed mini`: master, volume server, filer and S3
// gateway in one process) as the local S3 server on 127.0.0.1:port (0: a free
// one), its data in dataDir (empty: a temporary folder removed by Stop). It
// takes the stack's local credentials only (SigV4, presigned URLs and POST
// policies checked), creates no bucket by itself (an upload to a missing
// bucket is NoSuchBucket, as on AWS), reports no telemetry, and is ready when
// a signed ListBuckets succeeds.
func StartS3(root string, port int, dataDir string, log io.Writer) (*Process, error) {
	bin := WeedBinary(root)
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("the S3 server (SeaweedFS) is not installed (%s): run `make deps` (it builds once, about 8 minutes)", bin)
	}
	var tmp string
	if dataDir == "" {
		var err error
		if tmp, err = os.MkdirTemp("", "partnerskap-s3-"); err != nil {
			return nil, err
		}
		dataDir = tmp
	}
	dataDir, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, err
	}
	identities := filepath.Join(dataDir, "identities.json")
	b, _ := json.Marshal(map[string]any{"identities": []any{map[string]any{
		"name":        "local",
		"credentials": []any{map[string]string{"accessKey": localKey, "secretKey": localKey}},
		"actions":     []string{"Admin", "Read", "Write", "List", "Tagging"},
	}}})
	if err := os.WriteFile(identities, b, 0o600); err != nil {
		return nil, err
	}
	// A port taken between choosing it and weed binding it (another
	// program's) makes weed exit at once: choose again.
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		p, err := startWeed(bin, port, dataDir, identities, log)
		if err == nil {
			if tmp != "" {
				p.onStop = append(p.onStop, func() { _ = os.RemoveAll(tmp) })
			}
			return p, nil
		}
		lastErr = err
		var exited *exitedEarly
		if !errors.As(err, &exited) {
			break
		}
	}
	if tmp != "" {
		_ = os.RemoveAll(tmp)
	}
	return nil, lastErr
}

// exitedEarly is a stand-in that exited before it was ready.
type exitedEarly struct{ err error }

func (e *exitedEarly) Error() string { return e.err.Error() }

// weedPortsFile keeps, in a data folder, the ports weed last ran on: the
// master keeps its state in <dir>/m<master port>, and a master started on
// another port over the same volumes refuses to grow new ones ("volume
// growth frozen: a volume server reports topology id ..."). So a data
// folder that outlives its server (make dev's .data/s3) gets the same ports
// again, as long as they are free.
const weedPortsFile = "weed-ports.json"

func startWeed(bin string, port int, dataDir, identities string, log io.Writer) (*Process, error) {
	fresh, err := freePorts(2*len(weedPorts) + 1)
	if err != nil {
		return nil, err
	}
	if port == 0 {
		port = fresh[len(fresh)-1]
	}
	saved := map[string]int{}
	if b, err := os.ReadFile(filepath.Join(dataDir, weedPortsFile)); err == nil {
		_ = json.Unmarshal(b, &saved)
	}
	ports := make([]int, len(weedPorts))
	used := map[int]bool{port: true}
	for i, flag := range weedPorts {
		if p := saved[flag]; p > 0 && !used[p] && PortFree(p) {
			ports[i], used[p] = p, true
		} else if p > 0 && flag == "master.port" {
			fmt.Fprintf(log, "S3 server: the master's port %d of %s is taken; on a new one the server cannot grow new volumes for the data there (make dev-reset)\n", p, dataDir)
		}
	}
	next := 0
	for i := range ports {
		for ports[i] == 0 {
			if p := fresh[next]; !used[p] {
				ports[i], used[p] = p, true
			}
			next++
		}
	}
	// weed's own log files (glog) go to the data folder, not to /tmp.
	logDir := filepath.Join(dataDir, "log")
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		return nil, err
	}
	args := []string{"-logdir=" + logDir, "mini", "-dir=" + dataDir, "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
		"-master.telemetry=false", "-master.telemetry.url=http://127.0.0.1:1/",
		"-s3.port=" + strconv.Itoa(port), "-s3.config=" + identities, "-s3.autoCreateBucket=false", "-s3.iam=false",
		"-s3.port.iceberg=0", "-s3.port.lance=0", "-s3.port.https=0",
		"-webdav=false", "-admin.ui=false", "-admin.port.legacy=0", "-debug=false", "-metricsPort=0"}
	for i, flag := range weedPorts {
		args = append(args, "-"+flag+"="+strconv.Itoa(ports[i]))
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dataDir
	p, err := start("S3 server (SeaweedFS)", cmd, log)
	if err != nil {
		return nil, err
	}
	p.Endpoint = "http://127.0.0.1:" + strconv.Itoa(port)
	if err := p.waitS3("http://127.0.0.1:"+strconv.Itoa(ports[0]), 60*time.Second); err != nil {
		return nil, err
	}
	keep := map[string]int{}
	for i, flag := range weedPorts {
		keep[flag] = ports[i]
	}
	if b, err := json.Marshal(keep); err == nil {
		_ = os.WriteFile(filepath.Join(dataDir, weedPortsFile), b, 0o644)
	}
	return p, nil
}

// waitS3 waits until the server answers a signed ListBuckets (the gateway
// answers before the filer behind it is ready; a signed call needs both)
// and its master takes writes: restarted over existing data, weed's master
// waits three heartbeats (15 s from its start) for the volume servers to
// report before it assigns anything, and says so ("warming up", 503) when
// asked for a volume it does not know.
func (p *Process) waitS3(master string, timeout time.Duration) error {
	client := S3Client(p.Endpoint)
	deadline := time.Now().Add(timeout)
	var err error
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return &exitedEarly{fmt.Errorf("%s exited before it was ready: %v", p.Name, p.err)}
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, err = client.ListBuckets(ctx, &s3.ListBucketsInput{})
		cancel()
		if err == nil {
			var res *http.Response
			if res, err = http.Get(master + "/dir/lookup?volumeId=4294967295"); err == nil {
				res.Body.Close()
				if res.StatusCode != http.StatusServiceUnavailable {
					return nil
				}
				err = fmt.Errorf("its master is warming up (%s)", res.Status)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.Stop()
	return fmt.Errorf("%s did not answer on %s within %s: %v", p.Name, p.Endpoint, timeout, err)
}

// freePorts returns n distinct TCP ports free on 127.0.0.1 right now (held
// together while chosen, so no two are the same).
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// S3Client is an S3 client of the local S3 server at endpoint with the
// stack's local credentials: path-style addressing (bucket names in the
// path, as a local server needs), the stack's region.
func S3Client(endpoint string, optFns ...func(*s3.Options)) *s3.Client {
	return s3.New(s3.Options{
		Region:       LocalRegion,
		BaseEndpoint: aws.String(endpoint),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(localKey, localKey, ""),
	}, optFns...)
}

// DocumentsBucketName is what the template's DocumentsBucket is named
// locally for a stack whose table is table: a valid S3 bucket name (3 to 63
// lower-case letters, digits and hyphens, starting and ending with a letter
// or digit) unique per table, so stacks sharing one S3 server never share a
// bucket. ("partnerskap" -> "partnerskap-documents".)
func DocumentsBucketName(table string) string {
	const suffix = "-documents"
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(table) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	base := strings.Trim(b.String(), "-")
	if max := 63 - len(suffix); len(base) > max || base != table {
		// Shortened or changed: a hash of the table name keeps it unique.
		h := sha256.Sum256([]byte(table))
		tag := hex.EncodeToString(h[:4])
		if len(base) > max-len(tag)-1 {
			base = strings.Trim(base[:max-len(tag)-1], "-")
		}
		base = strings.Trim(base+"-"+tag, "-")
	}
	return base + suffix
}

// BucketARN is an S3 bucket's ARN (S3 bucket ARNs have no region or account).
func BucketARN(name string) string { return "arn:aws:s3:::" + name }

// S3 is an S3 client with the deployer's rights (no IAM guard), for tests'
// own checks and tools: the functions' clients are built from their Env.
func (s *Stack) S3() *s3.Client { return s.s3 }

// ensureBuckets creates each S3 bucket of the template under its local
// name (already there: kept, with its objects) and applies what the local
// server can apply of its template configuration: versioning and CORS (the
// rules resolved with the stack's parameters, so AllowedOrigins is the
// stack's PublicBaseUrl).
func (s *Stack) ensureBuckets(ctx context.Context) error {
	res := s.resolver()
	for _, id := range slices.Sorted(maps.Keys(s.Template.Buckets)) {
		b := s.Template.Buckets[id]
		name, err := res.Value(map[string]any{"Ref": id})
		if err != nil {
			return fmt.Errorf("bucket %s has no local name: %w", id, err)
		}
		if _, err := s.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
			var owned *s3types.BucketAlreadyOwnedByYou
			if !errors.As(err, &owned) {
				return fmt.Errorf("create bucket %s (%s): %w", id, name, err)
			}
		}
		if b.Versioning == "Enabled" {
			if _, err := s.s3.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(name),
				VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
				return fmt.Errorf("bucket %s versioning: %w", id, err)
			}
		}
		if len(b.CorsRules) > 0 {
			rules, err := corsRules(res, b.CorsRules)
			if err != nil {
				return fmt.Errorf("bucket %s CorsConfiguration: %w", id, err)
			}
			if _, err := s.s3.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: aws.String(name),
				CORSConfiguration: &s3types.CORSConfiguration{CORSRules: rules}}); err != nil {
				return fmt.Errorf("bucket %s PutBucketCors: %w", id, err)
			}
		}
	}
	return nil
}

func corsRules(res sam.Resolver, rules []sam.CorsRule) ([]s3types.CORSRule, error) {
	var out []s3types.CORSRule
	for _, r := range rules {
		var rule s3types.CORSRule
		var err error
		list := func(vs []any) []string {
			var l []string
			for _, v := range vs {
				s, e := res.Value(v)
				if e != nil && err == nil {
					err = e
				}
				l = append(l, s)
			}
			return l
		}
		rule.AllowedOrigins, rule.AllowedMethods = list(r.AllowedOrigins), list(r.AllowedMethods)
		rule.AllowedHeaders, rule.ExposeHeaders = list(r.AllowedHeaders), list(r.ExposedHeaders)
		if r.ID != nil {
			id, e := res.Value(r.ID)
			if e != nil && err == nil {
				err = e
			}
			rule.ID = aws.String(id)
		}
		if r.MaxAge != nil {
			v, e := res.Value(r.MaxAge)
			if e != nil && err == nil {
				err = e
			}
			n, e := strconv.Atoi(v)
			if e != nil && err == nil {
				err = fmt.Errorf("MaxAge %q: %w", v, e)
			}
			rule.MaxAgeSeconds = aws.Int32(int32(n))
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rule)
	}
	return out, nil
}

// GuardDuty Malware Protection for S3 tags each object it scans (tagging
// ENABLED on the plan) with this key and one of the ScanStatus values
// ("Monitoring S3 object scans in Malware Protection for S3",
// https://docs.aws.amazon.com/guardduty/latest/ug/monitoring-malware-protection-s3-scans-gdu.html).
const ScanStatusTag = "GuardDutyMalwareScanStatus"

// The scan results GuardDuty writes as the tag's value.
const (
	ScanNoThreats    = "NO_THREATS_FOUND"
	ScanThreats      = "THREATS_FOUND"
	ScanUnsupported  = "UNSUPPORTED" // skipped: e.g. password-protected, over the quotas
	ScanAccessDenied = "ACCESS_DENIED"
	ScanFailed       = "FAILED"
)

// ScanResult tags the current version of key in the documents bucket as
// GuardDuty Malware Protection for S3 does once its scan ends: the tag
// GuardDutyMalwareScanStatus with status, keeping the object's other tags.
// As GuardDuty, it adds no tag to an object that already has 10 other tags
// (its post-scan tagging fails with MAX_TAG_LIMIT_EXCEEDED): an error here.
func (s *Stack) ScanResult(ctx context.Context, key, status string) error {
	return s.scanResult(ctx, DocumentsBucketName(s.table), key, nil, status)
}

func (s *Stack) scanResult(ctx context.Context, bucket, key string, versionID *string, status string) error {
	switch status {
	case ScanNoThreats, ScanThreats, ScanUnsupported, ScanAccessDenied, ScanFailed:
	default:
		return fmt.Errorf("scan status %q is none of GuardDuty's (%s, %s, %s, %s, %s)", status,
			ScanNoThreats, ScanThreats, ScanUnsupported, ScanAccessDenied, ScanFailed)
	}
	got, err := s.s3.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(bucket), Key: aws.String(key), VersionId: versionID})
	if err != nil {
		return err
	}
	tags := []s3types.Tag{{Key: aws.String(ScanStatusTag), Value: aws.String(status)}}
	for _, t := range got.TagSet {
		if aws.ToString(t.Key) != ScanStatusTag {
			tags = append(tags, t)
		}
	}
	if len(tags) > 10 {
		return fmt.Errorf("s3://%s/%s has 10 tags already: GuardDuty's post-scan tagging fails (MAX_TAG_LIMIT_EXCEEDED)", bucket, key)
	}
	_, err = s.s3.PutObjectTagging(ctx, &s3.PutObjectTaggingInput{Bucket: aws.String(bucket), Key: aws.String(key),
		VersionId: got.VersionId, Tagging: &s3types.Tagging{TagSet: tags}})
	return err
}

// eicar is the start of the EICAR anti-virus test file, which every
// scanner, GuardDuty's too, reports as a threat.
var eicar = []byte(`X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!`)

// ScanUploads emulates GuardDuty Malware Protection for S3 once over the
// documents bucket, for `make dev`: every current object without the scan
// tag is tagged THREATS_FOUND if it holds the EICAR test file, else
// NO_THREATS_FOUND. (GuardDuty scans each upload within seconds to minutes
// of its arrival; tests call ScanResult for the exact result they need.)
func (s *Stack) ScanUploads(ctx context.Context) (int, error) {
	bucket := DocumentsBucketName(s.table)
	n := 0
	p := s3.NewListObjectsV2Paginator(s.s3, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return n, err
		}
		for _, o := range page.Contents {
			tags, err := s.s3.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(bucket), Key: o.Key})
			if err != nil {
				return n, err
			}
			if slices.ContainsFunc(tags.TagSet, func(t s3types.Tag) bool { return aws.ToString(t.Key) == ScanStatusTag }) {
				continue
			}
			obj, err := s.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: o.Key, VersionId: tags.VersionId})
			if err != nil {
				return n, err
			}
			body, err := io.ReadAll(obj.Body)
			obj.Body.Close()
			if err != nil {
				return n, err
			}
			status := ScanNoThreats
			if bytes.Contains(body, eicar) {
				status = ScanThreats
			}
			if err := s.scanResult(ctx, bucket, aws.ToString(o.Key), tags.VersionId, status); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// RunMalwareScans runs ScanUploads every interval until ctx ends (make dev,
// when the template's ScanUploads parameter is "true").
func (s *Stack) RunMalwareScans(ctx context.Context, interval time.Duration, log *slog.Logger) {
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if n, err := s.ScanUploads(ctx); err != nil && ctx.Err() == nil {
				log.Error("emulated GuardDuty malware scan", "error", err)
			} else if n > 0 {
				log.Info("emulated GuardDuty malware scan: objects tagged", "objects", n, "tag", ScanStatusTag)
			}
		}
	}()
}

// IsS3Error says whether err is an S3 error answer with the code.
func IsS3Error(err error, code string) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == code
}
