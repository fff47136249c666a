// Command local runs the whole system on this machine: DynamoDB Local, the
// SES server with its mailbox page, the S3 server (SeaweedFS) with the
// documents bucket, the table and rounds from template.yaml and
// data/rounds.json, and the HTTP API on 127.0.0.1. `make dev` runs it.
//
// Environment: API_PORT (3000), CONTROL_PORT (3001), DYNAMODB_PORT (8000),
// SES_PORT (8005), S3_PORT (8333), TABLE_NAME (partnerskap), DATA_DIR (.data);
// SCAN_UPLOADS=false to stop the emulated GuardDuty malware scans of the
// uploads (the template's ScanUploads); NOW to run on
// a fake clock that starts at that instant and ticks on, e.g.
// NOW=2027-03-15T15:59:50+01:00 (a fake clock is kept in DATA_DIR and goes
// on ticking across a restart until NOW=real or make dev-reset); MAIL_RATE
// and the other template parameters' environment names override their
// defaults; SCHEDULES=auto to fire the template's rate() schedules on their
// own (otherwise they fire on demand).
//
// Other commands talk to a running stack's control port:
//
//	local fire RoundsFunction/SafetyNet   fire a schedule of template.yaml
//	local clock 2027-03-15T15:59:50+01:00 set the fake clock
//	local seed                            seed data/rounds.json into TABLE_NAME (a deployed table)
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"partnerskap/data"
	"partnerskap/infra/stack"
	"partnerskap/internal/app"
	"partnerskap/internal/logging"
	"partnerskap/internal/programme"
)

func main() {
	var err error
	switch {
	case len(os.Args) == 3 && os.Args[1] == "fire":
		err = control("/schedules/" + os.Args[2])
	case len(os.Args) == 3 && os.Args[1] == "clock":
		err = control("/clock?now=" + url.QueryEscape(os.Args[2]))
	case len(os.Args) == 2 && os.Args[1] == "seed":
		err = seed()
	case len(os.Args) == 1:
		err = run()
	default:
		err = fmt.Errorf("usage: local | local fire Function/Event | local clock 2027-03-15T15:59:50+01:00 | local seed")
	}
	if err != nil {
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
	controlPort, err := envInt("CONTROL_PORT", 3001)
	if err != nil {
		return err
	}
	dbPort, err := envInt("DYNAMODB_PORT", 8000)
	if err != nil {
		return err
	}
	oidcPort, err := envInt("OIDC_PORT", 9229)
	if err != nil {
		return err
	}
	sesPort, err := envInt("SES_PORT", 8005)
	if err != nil {
		return err
	}
	s3Port, err := envInt("S3_PORT", 8333)
	if err != nil {
		return err
	}
	dataDir := envStr("DATA_DIR", filepath.Join(root, ".data"))
	table := envStr("TABLE_NAME", "partnerskap")
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return err
	}
	clock := &stack.Clock{File: filepath.Join(dataDir, "clock")}
	switch now := os.Getenv("NOW"); now {
	case "":
		if err := clock.Load(); err != nil {
			return err
		}
	case "real":
		if err := clock.Set(time.Now()); err != nil {
			return err
		}
	default:
		t, err := time.Parse(time.RFC3339, now)
		if err != nil {
			return fmt.Errorf("NOW=%q: want an instant like 2027-03-15T15:59:50+01:00, or real", now)
		}
		if err := clock.Set(t); err != nil {
			return err
		}
	}

	unlock, err := lock(filepath.Join(dataDir, "dev.lock"))
	if err != nil {
		return err
	}
	defer unlock()
	for name, port := range map[string]int{"API_PORT": apiPort, "CONTROL_PORT": controlPort, "DYNAMODB_PORT": dbPort, "SES_PORT": sesPort, "OIDC_PORT": oidcPort, "S3_PORT": s3Port} {
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

	fmt.Println("Starting DynamoDB Local, the SES server and the S3 server ...")
	params := map[string]string{}
	for env, param := range map[string]string{"MAIL_RATE": "MailRate", "SENDER_ADDRESS": "SenderAddress",
		"STAFF_ADDRESS": "StaffAddress", "REPLY_TO_ADDRESS": "ReplyToAddress", "SCAN_UPLOADS": "ScanUploads"} {
		if v := os.Getenv(env); v != "" {
			params[param] = v
		}
	}
	st, err := stack.Up(ctx, stack.Options{Root: root, DynamoDBPort: dbPort, SESPort: sesPort, OIDCPort: oidcPort, ShowCodes: true,
		APIAddr: "127.0.0.1:" + strconv.Itoa(apiPort), S3Port: s3Port, S3Dir: filepath.Join(dataDir, "s3"),
		DBPath: filepath.Join(dataDir, "dynamodb"), DataDir: dataDir, Table: table, Params: params, Now: clock.Now, Log: log, ProcessLog: procLog})
	if err != nil {
		return fmt.Errorf("%w (the stand-ins' output is in %s)", err, procLog.Name())
	}
	defer st.Close()

	ctl := &http.Server{Addr: "127.0.0.1:" + strconv.Itoa(controlPort), Handler: controlHandler(st, clock), ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- ctl.ListenAndServe() }()
	st.RunMailEvents(ctx, time.Second, log) // the SES configuration set's events, emulated
	auto := os.Getenv("SCHEDULES") == "auto"
	if auto {
		st.RunSchedules(ctx, log)
	}
	// GuardDuty Malware Protection for S3 scans every upload when the
	// template's plan exists (ScanUploads): emulated every 2 s.
	scans := "off (ScanUploads is false): nothing tags the uploads"
	if v, err := st.Param("ScanUploads"); err == nil && v == "true" {
		st.RunMalwareScans(ctx, 2*time.Second, log)
		scans = "every 2 s, as GuardDuty would: tag " + stack.ScanStatusTag + " (THREATS_FOUND for the EICAR test file)"
	}

	api := st.URL
	fmt.Printf(`
Partnerskap is running locally. Ctrl-C stops everything.

  Application form   %s/            (English: %s/?lang=en)
  HTTP API routes    %s
  Mailbox (SES)      %s             (every email sent, live)
  DynamoDB Local     %s      table %q, data in %s
  S3 (SeaweedFS)     %s      bucket %q (DocumentsBucket), data in %s
                     malware scans: %s
  Clock              %s
  Rounds seeded now  %s
  Open rounds        %s
  Staff pages        %s/staff/rounds  (sign in through the local OpenID provider at %s, standing in for Cognito)
%s
  Schedules          %s
                     fire one: make fire S=RoundsFunction/SafetyNet  (or POST http://127.0.0.1:%d/schedules/RoundsFunction/SafetyNet)
                     %s
  Stand-ins' output  %s

`, api, api, strings.Join(st.API.RouteKeys(), ", "), st.SESEndpoint, st.DynamoDBEndpoint, table,
		filepath.Join(dataDir, "dynamodb"), st.S3Endpoint, stack.DocumentsBucketName(table), filepath.Join(dataDir, "s3"), scans, clockNote(clock), listOr(st.SeededRounds, "none (already in the table)"),
		openRounds(ctx, st, clock.Now), api, st.OIDC.Endpoint, staffUsers(st.OIDCUsers), strings.Join(st.Schedules(), "\n                     "), controlPort,
		map[bool]string{true: "rate() schedules fire on their own (SCHEDULES=auto)", false: "on demand only; SCHEDULES=auto fires the rate() ones on their own"}[auto],
		procLog.Name())

	select {
	case <-ctx.Done():
		fmt.Println("\nStopping ...")
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("control server: %w", err)
		}
	case p := <-st.Exited():
		return fmt.Errorf("%s stopped unexpectedly (%v); see %s", p.Name, p.Err(), procLog.Name())
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = ctl.Shutdown(shutdown)
	return nil
}

// controlHandler is the local stack's own control port (not part of the
// API): fire a schedule, set the clock.
func controlHandler(st *stack.Stack, clock *stack.Clock) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "clock: %s\nPOST /schedules/{Function}/{Event}\nPOST /clock?now=2027-03-15T15:59:50%%2B01:00\n\n%s\n",
			clock.Now().Format(time.RFC3339), strings.Join(st.Schedules(), "\n"))
	})
	mux.HandleFunc("POST /schedules/{name...}", func(w http.ResponseWriter, r *http.Request) {
		res, err := st.Fire(r.Context(), r.PathValue("name"))
		w.Header().Set("Content-Type", "application/json")
		if err != nil {
			code := http.StatusInternalServerError
			if errors.Is(err, stack.ErrNoSchedule) {
				code = http.StatusNotFound
			}
			w.WriteHeader(code)
			_ = json.NewEncoder(w).Encode(map[string]any{"error": err.Error(), "result": res})
			return
		}
		_ = json.NewEncoder(w).Encode(res)
	})
	mux.HandleFunc("POST /clock", func(w http.ResponseWriter, r *http.Request) {
		t, err := time.Parse(time.RFC3339, r.URL.Query().Get("now"))
		if err != nil {
			http.Error(w, "now: want an instant like 2027-03-15T15:59:50+01:00", http.StatusBadRequest)
			return
		}
		if err := clock.Set(t); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "clock set: %s\n", clock.Now().Format(time.RFC3339))
	})
	return mux
}

// staffUsers tells a person at make dev how to sign in: each local user's
// email and password, and the TOTP secret to put in an authenticator app
// (the provider's sign-in page also shows the current codes, marked local
// only). They are made afresh at every start.
func staffUsers(users []stack.OIDCUser) string {
	var b strings.Builder
	for _, u := range users {
		var role string
		switch {
		case slices.Contains(u.Groups, "staff"):
			role = "staff"
		case slices.Contains(u.Groups, "reviewer"):
			role = "reviewer (the review pages below /staff/review; the staff pages say 403)"
		default:
			role = "neither staff nor reviewer (sees the 403 page)"
		}
		fmt.Fprintf(&b, "                     %s / %s, %s\n                       TOTP secret %s (%s)\n", u.Email, u.Password, role, u.TOTPSecret, stack.OTPAuthURI(u))
	}
	return strings.TrimRight(b.String(), "\n")
}

// control sends a command to a running stack's control port.
func control(path string) error {
	port, err := envInt("CONTROL_PORT", 3001)
	if err != nil {
		return err
	}
	res, err := http.Post("http://127.0.0.1:"+strconv.Itoa(port)+path, "text/plain", nil)
	if err != nil {
		return fmt.Errorf("is make dev running? %w", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	fmt.Println(strings.TrimSpace(string(b)))
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s", res.Status)
	}
	return nil
}

// seed stores data/rounds.json's rounds in the table named by TABLE_NAME,
// with the AWS credentials and region of the environment (a deployed table).
func seed() error {
	env, err := app.NewEnv(app.LoadConfig(os.LookupEnv), logging.New(os.Stderr, slog.LevelInfo))
	if err != nil {
		return err
	}
	rounds, err := data.Rounds(time.Now())
	if err != nil {
		return err
	}
	added, err := stack.Seed(context.Background(), env.Store, rounds)
	fmt.Printf("seeded into %s: %s\n", env.Table, listOr(added, "nothing new"))
	return err
}

func clockNote(clock *stack.Clock) string {
	if clock.Fake() {
		return "FAKE, now " + programme.FormatTime(clock.Now(), programme.English) + " (make clock NOW=... moves it; NOW=real make dev goes back to real time)"
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
