// Command local runs the whole system on this machine: DynamoDB Local, the
// SES server with its mailbox page, the table and rounds from template.yaml
// and data/rounds.json, and the HTTP API on 127.0.0.1. `make dev` runs it.
//
// Environment: API_PORT (3000), DYNAMODB_PORT (8000), SES_PORT (8005),
// TABLE_NAME (partnerskap), DATA_DIR (.data), and NOW to run on a fake clock
// that starts at that instant and ticks on, e.g. NOW=2027-03-15T15:59:50+01:00.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"partnerskap/infra/stack"
	"partnerskap/internal/logging"
	"partnerskap/internal/programme"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "local:", err)
		os.Exit(1)
	}
}

func envInt(name string, def int) (int, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 || n > 65535 {
		return 0, fmt.Errorf("%s=%q is not a port number", name, v)
	}
	return n, nil
}

func envStr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func run() error {
	root, err := stack.Root(".")
	if err != nil {
		return err
	}
	apiPort, err := envInt("API_PORT", 3000)
	if err != nil {
		return err
	}
	dbPort, err := envInt("DYNAMODB_PORT", 8000)
	if err != nil {
		return err
	}
	sesPort, err := envInt("SES_PORT", 8005)
	if err != nil {
		return err
	}
	dataDir := envStr("DATA_DIR", filepath.Join(root, ".data"))
	table := envStr("TABLE_NAME", "partnerskap")
	clock, err := clockFrom(os.Getenv("NOW"))
	if err != nil {
		return err
	}

	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return err
	}
	unlock, err := lock(filepath.Join(dataDir, "dev.lock"))
	if err != nil {
		return err
	}
	defer unlock()
	for name, port := range map[string]int{"API_PORT": apiPort, "DYNAMODB_PORT": dbPort, "SES_PORT": sesPort} {
		if !stack.PortFree(port) {
			return fmt.Errorf("port %d (%s) is in use by another program: stop it or choose another port, e.g. %s=%d make dev", port, name, name, port+100)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := logging.New(os.Stdout, slog.LevelInfo)
	procLog, err := os.Create(filepath.Join(dataDir, "standins.log"))
	if err != nil {
		return err
	}
	defer procLog.Close()

	fmt.Println("Starting DynamoDB Local and the SES server ...")
	st, err := stack.Up(ctx, stack.Options{Root: root, DynamoDBPort: dbPort, SESPort: sesPort,
		DBPath: filepath.Join(dataDir, "dynamodb"), Table: table, Now: clock, Log: log, ProcessLog: procLog})
	if err != nil {
		return fmt.Errorf("%w (the stand-ins' output is in %s)", err, procLog.Name())
	}
	defer st.Close()

	srv := &http.Server{Addr: "127.0.0.1:" + strconv.Itoa(apiPort), Handler: st.API, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.ListenAndServe() }()

	api := "http://127.0.0.1:" + strconv.Itoa(apiPort)
	fmt.Printf(`
Partnerskap is running locally. Ctrl-C stops everything.

  Application form   %s/            (English: %s/?lang=en)
  HTTP API routes    %s
  Mailbox (SES)      %s             (every email sent, live)
  DynamoDB Local     %s      table %q, data in %s
  Clock              %s
  Rounds seeded now  %s
  Open rounds        %s
  Stand-ins' output  %s

`, api, api, strings.Join(st.API.RouteKeys(), ", "), st.SESEndpoint, st.DynamoDBEndpoint, table,
		filepath.Join(dataDir, "dynamodb"), clockNote(clock), listOr(st.SeededRounds, "none (already in the table)"),
		openRounds(ctx, st, clock), procLog.Name())

	select {
	case <-ctx.Done():
		fmt.Println("\nStopping ...")
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("API server: %w", err)
		}
	case p := <-st.Exited():
		return fmt.Errorf("%s stopped unexpectedly (%v); see %s", p.Name, p.Err(), procLog.Name())
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	return nil
}

// clockFrom returns the real clock, or a fake one starting at NOW.
func clockFrom(now string) (func() time.Time, error) {
	if now == "" {
		return time.Now, nil
	}
	start, err := time.Parse(time.RFC3339, now)
	if err != nil {
		return nil, fmt.Errorf("NOW=%q: want an instant like 2027-03-15T15:59:50+01:00", now)
	}
	real := time.Now()
	return func() time.Time { return start.Add(time.Since(real)) }, nil
}

func clockNote(clock func() time.Time) string {
	now := clock()
	if d := now.Sub(time.Now()); d > time.Second || d < -time.Second {
		return "FAKE, now " + programme.FormatTime(now, programme.English)
	}
	return "real time (set NOW=... for a fake clock)"
}

func openRounds(ctx context.Context, st *stack.Stack, clock func() time.Time) string {
	rounds, err := st.Env.Store.Rounds(ctx)
	if err != nil {
		return "unknown: " + err.Error()
	}
	var open []string
	for _, r := range programme.CurrentRounds(rounds, clock()) {
		open = append(open, r.ID+" (closes "+programme.FormatTime(r.ClosesAt, programme.English)+")")
	}
	return listOr(open, "none at this time")
}

func listOr(items []string, none string) string {
	if len(items) == 0 {
		return none
	}
	return strings.Join(items, ", ")
}

// lock makes sure only one local stack runs per data folder.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		pid, _ := os.ReadFile(path)
		f.Close()
		return nil, fmt.Errorf("the local stack is already running (pid %s); stop it with Ctrl-C in its terminal first",
			strings.TrimSpace(string(pid)))
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
