// Package stack is the local stack: it starts the real stand-ins (DynamoDB
// Local, the aws-ses-v2-local server), creates the table from template.yaml,
// seeds the rounds, and serves template.yaml's HttpApi routes as API Gateway
// would, calling the same handler constructors that Lambda calls. The local
// runner (infra/local) and the tests both use it.
package stack

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Root finds the repository root (the folder with go.mod) from dir upwards.
func Root(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Process is a stand-in running as a child process in its own process group.
type Process struct {
	Name     string
	Endpoint string
	cmd      *exec.Cmd
	done     chan struct{}
	err      error
	onStop   []func() // after the process has exited (Stop)
}

// Stop ends the process and everything it started.
func (p *Process) Stop() {
	if p == nil || p.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
	for _, f := range p.onStop {
		f()
	}
	p.onStop = nil
}

// Done is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Err is why the process exited (after Done).
func (p *Process) Err() error { return p.err }

func start(name string, cmd *exec.Cmd, log io.Writer) (*Process, error) {
	cmd.Stdout, cmd.Stderr = log, log
	// Own process group, so Stop reaches grandchildren; and killed with us.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &Process{Name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// waitHTTP waits until url answers at all, or the process dies, or timeout.
func (p *Process) waitHTTP(url string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("%s exited before it was ready: %v", p.Name, p.err)
		default:
		}
		if res, err := client.Get(url); err == nil {
			res.Body.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.Stop()
	return fmt.Errorf("%s did not answer on %s within %s", p.Name, url, timeout)
}

// FreePort returns a TCP port free on 127.0.0.1 right now.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// PortFree says whether nothing listens on 127.0.0.1:port.
func PortFree(port int) bool {
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// DynamoDBOptions says how to run DynamoDB Local.
type DynamoDBOptions struct {
	Port int
	// DBPath keeps the data on disk there; empty runs in memory.
	DBPath string
}

// DynamoDBJar is where `make deps` unpacks DynamoDB Local.
func DynamoDBJar(root string) string {
	return filepath.Join(root, ".cache", "dynamodb-local", "DynamoDBLocal.jar")
}

// StartDynamoDB runs DynamoDB Local (AWS's own emulator) with Java.
func StartDynamoDB(root string, o DynamoDBOptions, log io.Writer) (*Process, error) {
	jar := DynamoDBJar(root)
	if _, err := os.Stat(jar); err != nil {
		return nil, fmt.Errorf("DynamoDB Local is not installed (%s): run `make deps`", jar)
	}
	if o.Port == 0 {
		var err error
		if o.Port, err = FreePort(); err != nil {
			return nil, err
		}
	}
	args := []string{"-Xms64m", "-Djava.library.path=" + filepath.Join(filepath.Dir(jar), "DynamoDBLocal_lib"),
		"-jar", jar, "-port", strconv.Itoa(o.Port), "-disableTelemetry", "-sharedDb"}
	if o.DBPath != "" {
		if err := os.MkdirAll(o.DBPath, 0o755); err != nil {
			return nil, err
		}
		args = append(args, "-dbPath", o.DBPath)
	} else {
		args = append(args, "-inMemory")
	}
	cmd := exec.Command("java", args...)
	cmd.Dir = filepath.Dir(jar)
	p, err := start("DynamoDB Local", cmd, log)
	if err != nil {
		return nil, err
	}
	p.Endpoint = "http://127.0.0.1:" + strconv.Itoa(o.Port)
	// Any HTTP answer (DynamoDB Local says 400 to a bare GET) means it is up.
	if err := p.waitHTTP(p.Endpoint, 30*time.Second); err != nil {
		return nil, err
	}
	return p, nil
}

// SESServerScript is the aws-ses-v2-local entry point `make deps` installs.
func SESServerScript(root string) string {
	return filepath.Join(root, "node_modules", "aws-ses-v2-local", "dist", "cli.js")
}

// StartSES runs the aws-ses-v2-local server on port (0: a free one). Its web
// page on the same address shows every mail sent.
func StartSES(root string, port int, log io.Writer) (*Process, error) {
	script := SESServerScript(root)
	if _, err := os.Stat(script); err != nil {
		return nil, fmt.Errorf("the SES server is not installed (%s): run `make deps`", script)
	}
	if port == 0 {
		var err error
		if port, err = FreePort(); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command("node", script, "--port", strconv.Itoa(port), "--host", "127.0.0.1")
	p, err := start("SES server", cmd, log)
	if err != nil {
		return nil, err
	}
	p.Endpoint = "http://127.0.0.1:" + strconv.Itoa(port)
	if err := p.waitHTTP(p.Endpoint+"/store", 30*time.Second); err != nil {
		return nil, err
	}
	return p, nil
}
