// Package smoke proves the Lambda path itself: the real bootstrap binaries,
// built with the Lambda flags, run under the AWS Lambda Runtime Interface
// Emulator and answer their sample events against DynamoDB Local and the SES
// server. (They are built for this machine's architecture so they can run
// here; `make build` builds the same code for arm64.)
package smoke

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
)

func TestMain(m *testing.M) { stacktest.Main(m) }

// lambdaFlags are the Makefile's: no RPC shim, no cgo, stripped.
var lambdaFlags = []string{"-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w -buildid="}

var buildMu sync.Mutex

// build compiles a package for linux/arch with the Lambda flags.
func build(t testing.TB, pkg, arch, out string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	cmd := exec.Command("go", append(append([]string{"build"}, lambdaFlags...), "-o", out, pkg)...)
	cmd.Dir = stacktest.Root()
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+arch, "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	return out
}

func rieBinary(t testing.TB) string {
	p := filepath.Join(stacktest.Root(), ".cache", "bin", "aws-lambda-rie")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("the Runtime Interface Emulator is not installed (%s): run `make deps`", p)
	}
	return p
}

// emulator is one bootstrap running under aws-lambda-rie. The emulator's
// runtime API always listens on 127.0.0.1:9001, so only one runs at a time.
type emulator struct {
	url    string
	cmd    *exec.Cmd
	output *syncBuffer
}

// syncBuffer is the emulator's output: written by the process's copier,
// read by the test while the process runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func startRIE(t testing.TB, bootstrap string, env map[string]string) *emulator {
	t.Helper()
	port, err := stack.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(rieBinary(t), "--runtime-interface-emulator-address", addr, bootstrap)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir()}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	e := &emulator{url: "http://" + addr + "/2015-03-31/functions/function/invocations", cmd: cmd, output: out}
	t.Cleanup(e.stop)
	return e
}

func (e *emulator) stop() {
	if e.cmd.Process != nil {
		_ = syscall.Kill(-e.cmd.Process.Pid, syscall.SIGKILL)
		_ = e.cmd.Wait()
	}
}

// invoke posts an event, retrying until the emulator listens.
func (e *emulator) invoke(t testing.TB, event []byte) []byte {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Post(e.url, "application/json", bytes.NewReader(event))
		if err == nil {
			var b bytes.Buffer
			_, _ = b.ReadFrom(res.Body)
			res.Body.Close()
			return b.Bytes()
		}
		if time.Now().After(deadline) {
			t.Fatalf("emulator never answered: %v\n%s", err, e.output)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// openRoundNow moves the sample event's round (2027-1) around the real
// clock: the bootstraps run on real time, and this test is about the Lambda
// path, not the calendar.
func openRoundNow(t *testing.T, st *stack.Stack) {
	now := time.Now().UTC()
	_, err := st.Env.Store.DB().UpdateItem(context.Background(), &dynamodb.UpdateItemInput{
		TableName: aws.String(st.Env.Store.Table()),
		Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "ROUND#2027-1"},
			"SK": &types.AttributeValueMemberS{Value: "ROUND"}},
		UpdateExpression:         aws.String("SET #s = :open, opensAt = :o, closesAt = :c"),
		ExpressionAttributeNames: map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":open": &types.AttributeValueMemberS{Value: "open"},
			":o":    &types.AttributeValueMemberS{Value: now.Add(-time.Hour).Format("2006-01-02T15:04:05.000Z")},
			":c":    &types.AttributeValueMemberS{Value: now.Add(time.Hour).Format("2006-01-02T15:04:05.000Z")},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBootstrapsAnswerTheirSampleEventsUnderTheEmulator(t *testing.T) {
	st := stacktest.New(t, time.Now)
	openRoundNow(t, st)
	stacktest.SeedSampleProof(t, st)
	dir := t.TempDir()
	want := []struct {
		function string
		status   int
		says     string
	}{
		{"DocumentsFunction", 200, `enctype="multipart/form-data"`}, // the sample link's signed upload forms, before the link is used
		{"SubmitFunction", 201, `"reference":"KP-XJXMFDHFW1"`},
		{"StatusFunction", 200, "KP-XJXMFDHFW1"},
		{"FormFunction", 200, `<html lang="en">`}, // which rounds are open depends on the real date
		{"SigninFunction", 302, ""},               // to the local provider's sign-in page
		{"AuthorizerFunction", 0, `"isAuthorized":false`},
	}
	for _, w := range want {
		f, ok := st.Template.Function(w.function)
		if !ok {
			t.Fatalf("no %s", w.function)
		}
		env, err := st.FunctionVars(f, st.Env.Store.Table())
		if err != nil {
			t.Fatal(err)
		}
		bin := build(t, "./functions/"+f.Name(), runtime.GOARCH, filepath.Join(dir, f.Name(), "bootstrap"))
		event, err := os.ReadFile(filepath.Join(stacktest.Root(), "events", w.function+".json"))
		if err != nil {
			t.Fatal(err)
		}
		rie := startRIE(t, bin, env)
		var res events.APIGatewayV2HTTPResponse
		raw := rie.invoke(t, event)
		if w.status == 0 { // the authorizer: AWS's sample request, a POST without a token
			if !strings.Contains(string(raw), w.says) {
				t.Fatalf("%s under the emulator: %s, want %s\n--- output:\n%s", w.function, raw, w.says, rie.output)
			}
		} else if err := json.Unmarshal(raw, &res); err != nil || res.StatusCode != w.status || !strings.Contains(res.Body, w.says) {
			t.Fatalf("%s under the emulator: %v %d, want %d saying %q\n%.1500s\n--- output:\n%s", w.function, err, res.StatusCode, w.status, w.says, raw, rie.output)
		}
		// Logs are JSON lines with the Lambda request id. The emulator passes
		// the runtime's output on in its own time: wait a little for it.
		logged := func() bool {
			out := rie.output.String()
			return strings.Contains(out, `"requestId":"`) && strings.Contains(out, `"function":"`+f.Name()+`"`)
		}
		for deadline := time.Now().Add(5 * time.Second); !logged() && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		if !logged() {
			t.Fatalf("%s: no JSON log line with the request id:\n%s", w.function, rie.output)
		}
		rie.stop() // the emulator's runtime API has a fixed port (9001): one at a time
	}
	mails, err := stacktest.Mailbox().To(context.Background(), "anna.andersson@kalix.example.se")
	if err != nil || !slices.ContainsFunc(mails, func(m stack.Mail) bool { return strings.Contains(m.Subject, "KP-XJXMFDHFW1") }) {
		t.Fatalf("no receipt for the sample submission: %v", err)
	}
}

// initReport is the emulator's account of the init phase (Lambda's "Init Duration").
var initReport = regexp.MustCompile(`INIT REPORT\(durationMs: ([0-9.]+)\)`)

// BenchmarkBootstraps reports each function's stripped arm64 binary size and
// its init duration under the emulator (median of 15 cold starts, this
// machine's architecture), next to a hello-world aws-lambda-go function.
//
//	go test -run '^$' -bench Bootstraps -benchtime 1x ./infra/smoke/
func BenchmarkBootstraps(b *testing.B) {
	st := stacktest.New(b, time.Now)
	dir := b.TempDir()
	type target struct{ name, pkg string }
	targets := []target{{"hello", "./infra/smoke/testdata/hello"}}
	for _, f := range st.Template.Functions {
		targets = append(targets, target{f.Name(), "./functions/" + f.Name()})
	}
	const starts = 15
	var helloSize, helloStart float64
	for _, tg := range targets {
		arm := build(b, tg.pkg, "arm64", filepath.Join(dir, "arm64", tg.name, "bootstrap"))
		fi, err := os.Stat(arm)
		if err != nil {
			b.Fatal(err)
		}
		size := float64(fi.Size())
		host := build(b, tg.pkg, runtime.GOARCH, filepath.Join(dir, "host", tg.name, "bootstrap"))
		env := map[string]string{}
		if f, ok := st.Template.Function(strings.ToUpper(tg.name[:1]) + tg.name[1:] + "Function"); ok {
			env, _ = st.FunctionVars(f, st.Env.Store.Table())
		}
		var inits []float64
		for range starts {
			rie := startRIE(b, host, env)
			rie.invoke(b, []byte(`{"version":"2.0","routeKey":"GET /nothing","rawPath":"/nothing","requestContext":{"http":{"method":"GET","path":"/nothing"}}}`))
			rie.stop()
			m := initReport.FindStringSubmatch(rie.output.String())
			if m == nil {
				b.Fatalf("%s: no INIT REPORT in the emulator's output:\n%s", tg.name, rie.output)
			}
			ms, _ := strconv.ParseFloat(m[1], 64)
			inits = append(inits, ms)
		}
		slices.Sort(inits)
		median := inits[len(inits)/2]
		if tg.name == "hello" {
			helloSize, helloStart = size, median
		}
		b.ReportMetric(size/(1<<20), tg.name+"-MiB")
		b.ReportMetric(median, tg.name+"-init-ms")
		fmt.Fprintf(os.Stderr, "%-8s arm64 stripped %6.2f MiB (%.2fx hello)  init median %5.2f ms (%.2fx hello)\n",
			tg.name, size/(1<<20), size/helloSize, median, median/helloStart)
	}
}
