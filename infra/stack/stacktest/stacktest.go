// Package stacktest gives tests the real stand-ins: one DynamoDB Local, one
// SES server and one S3 server per test binary (or the ones named by
// DYNAMODB_ENDPOINT, SES_ENDPOINT and S3_ENDPOINT), and a fresh table and
// bucket per test, so tests never share state.
package stacktest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"partnerskap/infra/stack"
	"partnerskap/internal/logging"
)

var dynamoEndpoint, sesEndpoint, s3Endpoint, root string

// Main runs a test package with the stand-ins up, from its TestMain. With
// -short (make test-unit) it starts none: the tests that need them (New,
// NewWith) are skipped and the others run, in seconds, without Java or Node.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	flag.Parse() // for testing.Short; m.Run finds the flags parsed
	var err error
	if root, err = stack.Root("."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if testing.Short() {
		return m.Run()
	}
	dynamoEndpoint, sesEndpoint, s3Endpoint = os.Getenv("DYNAMODB_ENDPOINT"), os.Getenv("SES_ENDPOINT"), os.Getenv("S3_ENDPOINT")
	// The S3 server takes the longest to start (about 4 s): it starts
	// while the others do.
	type started struct {
		p   *stack.Process
		err error
	}
	s3Started := make(chan started, 1)
	if s3Endpoint == "" {
		go func() {
			p, err := stack.StartS3(root, 0, "", io.Discard)
			s3Started <- started{p, err}
		}()
		defer func() {
			if r := <-s3Started; r.p != nil {
				r.p.Stop()
			}
		}()
	}
	if dynamoEndpoint == "" {
		p, err := stack.StartDynamoDB(root, stack.DynamoDBOptions{}, io.Discard)
		if err != nil {
			fmt.Fprintln(os.Stderr, "stacktest:", err)
			return 1
		}
		defer p.Stop()
		dynamoEndpoint = p.Endpoint
	}
	if sesEndpoint == "" {
		p, err := stack.StartSES(root, 0, io.Discard)
		if err != nil {
			fmt.Fprintln(os.Stderr, "stacktest:", err)
			return 1
		}
		defer p.Stop()
		sesEndpoint = p.Endpoint
	}
	if s3Endpoint == "" {
		r := <-s3Started
		s3Started <- r // for the deferred Stop
		if r.err != nil {
			fmt.Fprintln(os.Stderr, "stacktest:", r.err)
			return 1
		}
		s3Endpoint = r.p.Endpoint
	}
	return m.Run()
}

// Root is the repository root.
func Root() string { return root }

// SESEndpoint is the SES server's address.
func SESEndpoint() string { return sesEndpoint }

// S3Endpoint is the S3 server's address (path-style addressing).
func S3Endpoint() string { return s3Endpoint }

// Mailbox reads the SES server's sent mail.
func Mailbox() stack.Mailbox { return stack.Mailbox{Endpoint: sesEndpoint} }

// Clock is a settable clock for tests.
type Clock struct{ t time.Time }

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time { return c.t }

// Set moves the clock.
func (c *Clock) Set(t time.Time) { c.t = t }

// New brings the stack up on the shared stand-ins with a fresh table,
// seeded with data/rounds.json as of now().
func New(t testing.TB, now func() time.Time) *stack.Stack {
	t.Helper()
	return NewWith(t, stack.Options{Now: now})
}

// NewWith is New with options (a changed template, parameters, a data
// folder); the stand-ins, table and logger are filled in. The HttpApi's
// stage throttling and the intake's caps are lifted (stack.Options.Unthrottled): the functional
// tests submit dozens of applications, and concurrent bursts, in well under
// a second, far beyond POST /applications' 2 a second with a burst of 10.
// NewThrottled keeps it, as make dev does.
func NewWith(t testing.TB, o stack.Options) *stack.Stack {
	t.Helper()
	o.Unthrottled = true
	// The intake's caps go up with the throttling, for the same reason:
	// every request of a test comes from one connection, many for one
	// address or organisation. NewThrottled keeps them; a test of a cap
	// sets it.
	params := map[string]string{"StartsPerSourcePerDay": "1000000", "ApplicationsPerOrganisation": "1000000", "EmailsPerAddressPerDay": "1000"}
	for k, v := range o.Params {
		params[k] = v
	}
	o.Params = params
	return up(t, o)
}

// NewThrottled is NewWith with the template's stage throttling enforced
// (unless o.Unthrottled), as API Gateway and make dev do.
func NewThrottled(t testing.TB, o stack.Options) *stack.Stack {
	t.Helper()
	return up(t, o)
}

func up(t testing.TB, o stack.Options) *stack.Stack {
	t.Helper()
	if testing.Short() {
		t.Skip("stacktest: needs DynamoDB Local, the SES server and the S3 server, skipped with -short (make test runs it)")
	}
	if dynamoEndpoint == "" {
		t.Fatal("stacktest: call stacktest.Main from TestMain")
	}
	log := logging.New(io.Discard, slog.LevelInfo)
	if testing.Verbose() {
		log = logging.New(os.Stderr, slog.LevelInfo)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	o.Root, o.DynamoDBEndpoint, o.SESEndpoint, o.S3Endpoint, o.Log = root, dynamoEndpoint, sesEndpoint, s3Endpoint, log
	if o.Table == "" {
		o.Table = UniqueName("t")
	}
	st, err := stack.Up(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Every call a function made went through its IAM guard: one it
		// refused is a grant missing from template.yaml, whatever the test.
		if d := st.Calls.Denied(); len(d) > 0 && !st.ExpectDenials {
			t.Errorf("the local IAM guard refused calls that AWS would refuse too (grant them in template.yaml): %v", d)
		}
		report(st)
		st.Close()
	})
	return st
}

// report appends the calls the guard checked to the file GUARD_REPORT
// names, if any (one JSON line per stack: function -> action -> calls).
func report(st *stack.Stack) {
	path := os.Getenv("GUARD_REPORT")
	if path == "" {
		return
	}
	b, err := json.Marshal(st.Calls.Counts())
	if err != nil {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = f.Write(append(b, '\n'))
}

// UniqueName is prefix plus random hex: for tables and email addresses.
func UniqueName(prefix string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return prefix + "-" + hex.EncodeToString(b[:])
}
