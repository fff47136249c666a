package roundjob_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/mail/ses"
	"partnerskap/internal/mailer"
	"partnerskap/internal/programme"
	"partnerskap/internal/roundjob"
	"partnerskap/internal/store"
)

func TestMain(m *testing.M) { stacktest.Main(m) }

var (
	ctx          = context.Background()
	springDay    = time.Date(2027, 2, 20, 10, 0, 0, 0, programme.Stockholm) // inside the spring 2027 round
	springCloses = time.Date(2027, 3, 15, 16, 0, 0, 0, programme.Stockholm)
	quiet        = slog.New(slog.NewTextHandler(io.Discard, nil))
)

// springWithApplications is the stack seeded on a day inside the spring
// round (the autumn 2026 round is over by then), with n applications in the
// spring round, and a store for the test's own reads and writes (no IAM
// guard: the test is no function).
func springWithApplications(t *testing.T, n int) (*stack.Stack, *store.Store) {
	t.Helper()
	st := stacktest.New(t, func() time.Time { return springDay })
	cfg := st.Env.AWS.Copy()
	cfg.APIOptions = nil
	s := store.New(dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(st.DynamoDBEndpoint)
		o.DisableValidateResponseChecksum = true
	}), st.Env.Store.Table())
	for i := range n {
		tok := programme.NewToken()
		app := programme.Application{Ref: programme.RefFor(tok), RoundID: "2027-1", Lang: programme.Swedish,
			SwedishParty: programme.Party{Organisation: "Kalix", ContactName: "A", Email: stacktest.UniqueName(fmt.Sprint("a", i)) + "@example.se"},
			Partner:      programme.Party{Organisation: "Masaka", Country: "UG", ContactName: "J", Email: "j@example.ug"},
			Type:         programme.Project, Theme: "climate", Title: "T", Summary: "S", Objectives: "O", DurationYears: 1, BudgetPerYear: []int64{100000}}
		if _, _, err := s.Submit(ctx, app, store.Secrets{TokenHash: programme.Hash(tok)}, springDay); err != nil {
			t.Fatal(err)
		}
	}
	return st, s
}

// clock is a settable clock, safe for two runs at once.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// newJob is a round job with the RoundsFunction's own client (every call
// checked against its policy in template.yaml).
func newJob(st *stack.Stack, now func() time.Time, log *slog.Logger) *roundjob.Job {
	return &roundjob.Job{Store: st.Envs["rounds"].Store, Now: now, Log: log, StaffAddress: stacktest.UniqueName("staff") + "@example.se", PageSize: 5}
}

// overlap holds each of two runs at its first move of a round until the
// other run has returned, or has reached a move too (two runs at work at
// once). Neither waits for ever, and it tells which of the two happened.
type overlap struct {
	mu       sync.Mutex
	entered  [2]bool
	returned bool
	open     chan struct{}
	once     sync.Once
}

func (o *overlap) enter(i int) {
	o.mu.Lock()
	first := !o.entered[i]
	o.entered[i] = true
	both := o.entered[0] && o.entered[1]
	o.mu.Unlock()
	if both {
		o.once.Do(func() { close(o.open) })
	}
	if first {
		<-o.open
	}
}

func (o *overlap) done() {
	o.once.Do(func() {
		o.mu.Lock()
		o.returned = true
		o.mu.Unlock()
		close(o.open)
	})
}

// gateLog is a log handler that holds run i at the log line of its first
// move of a round (done or found done by another run).
type gateLog struct {
	slog.Handler
	gate *overlap
	i    int
}

func (g gateLog) Handle(c context.Context, r slog.Record) error {
	if r.Message == "round moved" || r.Message == "round already moved by another run" {
		g.gate.enter(g.i)
	}
	return g.Handler.Handle(c, r)
}

func isEmpty(r roundjob.Report) bool {
	return len(r.Opened)+len(r.Closed)+len(r.Finished)+len(r.Ongoing)+len(r.Notified) == 0 && r.Moved == 0 && r.Pages == 0
}

// Two round jobs started at once on a round that is due to close: the one
// that takes the job lease closes it, moves every application and queues
// the emails and the summary; the other finds the lease held and returns at
// once, with an empty report and no error.
func TestOneRoundJobRunAtATime(t *testing.T) {
	const n = 12
	st, s := springWithApplications(t, n)
	after := springCloses.Add(time.Hour)
	gate := &overlap{open: make(chan struct{})}
	var jobs [2]*roundjob.Job
	for i := range jobs {
		jobs[i] = newJob(st, func() time.Time { return after }, slog.New(gateLog{Handler: quiet.Handler(), gate: gate, i: i}))
	}
	var reps [2]roundjob.Report
	var errs [2]error
	var wg sync.WaitGroup
	for i := range jobs {
		wg.Go(func() {
			c, cancel := context.WithTimeout(ctx, 5*time.Minute) // a Lambda-like deadline
			defer cancel()
			reps[i], errs[i] = jobs[i].Run(c)
			gate.done()
		})
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("errors: %v, %v", errs[0], errs[1])
	}
	if !gate.returned {
		t.Fatalf("both runs at work at once: %+v and %+v", reps[0], reps[1])
	}
	worker, idle := reps[0], reps[1]
	if isEmpty(worker) {
		worker, idle = idle, worker
	}
	if !isEmpty(idle) || worker.Moved != n || strings.Join(worker.Closed, ",") != "2027-1" || strings.Join(worker.Finished, ",") != "2027-1" {
		t.Fatalf("reports %+v and %+v: want one run closing 2027-1 with its %d applications, the other empty", reps[0], reps[1], n)
	}
	inReview, err := s.CountByStatus(ctx, "2027-1", programme.AppInReview)
	if err != nil || inReview != n {
		t.Fatalf("%d in review (%v), want %d", inReview, err, n)
	}
	if counts, err := s.RoundOutboxCounts(ctx, "2027-1", ""); err != nil || counts[programme.EmailPending] != n+1 {
		t.Fatalf("queued emails %v (%v): want %d to applicants and 1 to staff", counts, err, n)
	}
	if h, _, err := s.LeaseHolder(ctx, roundjob.LeaseName); err != nil || h != "" {
		t.Fatalf("the lease is still held by %q after both runs (%v)", h, err)
	}
}

// A run that died holding the lease keeps the next runs out until its
// leaseUntil has passed (on the job's clock); then the next run takes over.
func TestRoundJobAfterACrashedRun(t *testing.T) {
	st, s := springWithApplications(t, 3)
	c := &clock{t: springCloses}
	crashedUntil := springCloses.Add(5*time.Minute + 10*time.Second)
	if err := s.TakeLease(ctx, roundjob.LeaseName, "crashed-run", springCloses, crashedUntil); err != nil {
		t.Fatal(err)
	}
	job := newJob(st, c.Now, quiet)

	c.Set(crashedUntil)
	rep, err := job.Run(ctx)
	if err != nil || !isEmpty(rep) {
		t.Fatalf("while the crashed run's lease lasts: %+v %v; want an empty report, no error", rep, err)
	}
	if r, err := s.Round(ctx, "2027-1"); err != nil || r.Status != programme.RoundOpen {
		t.Fatalf("round moved while another run held the lease: %+v %v", r.Status, err)
	}

	c.Set(crashedUntil.Add(time.Second))
	rep, err = job.Run(ctx)
	if err != nil || rep.Moved != 3 || strings.Join(rep.Finished, ",") != "2027-1" {
		t.Fatalf("after the crashed run's lease: %+v %v", rep, err)
	}
	if h, _, err := s.LeaseHolder(ctx, roundjob.LeaseName); err != nil || h != "" {
		t.Fatalf("the lease is still held by %q (%v)", h, err)
	}
}

// A round already over when it was seeded (autumn 2026, seeded in February
// 2027) never took applications here: the job queues no summary for it and
// staff get no email about it; the spring round, which closes while the job
// watches, gets its summary.
func TestSeededPastRoundIsNeverSummarised(t *testing.T) {
	st, s := springWithApplications(t, 2)
	past, err := s.Round(ctx, "2026-2")
	if err != nil || past.Status != programme.RoundClosed {
		t.Fatalf("autumn 2026 seeded in spring 2027: %+v %v", past, err)
	}
	c := &clock{t: springDay}
	job := newJob(st, c.Now, quiet)
	rep, err := job.Run(ctx)
	if err != nil || !isEmpty(rep) {
		t.Fatalf("a run with nothing due: %+v %v", rep, err)
	}
	c.Set(springCloses.Add(2 * time.Minute))
	if rep, err = job.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if strings.Join(rep.Finished, ",") != "2027-1" || strings.Join(rep.Closed, ",") != "2027-1" {
		t.Fatalf("report %+v: want only the spring round closed and summarised", rep)
	}
	counts, err := s.RoundOutboxCounts(ctx, "2026-2", "")
	if err != nil {
		t.Fatal(err)
	}
	for state, n := range counts {
		if n != 0 {
			t.Fatalf("%d %s emails about the autumn 2026 round, want none", n, state)
		}
	}
	if after, err := s.Round(ctx, "2026-2"); err != nil || after.Version != past.Version {
		t.Fatalf("the job changed the past round: %+v %v", after, err)
	}

	e := st.Envs["mailer"]
	m := &mailer.Mailer{Store: e.Store, Sender: ses.FromConfig(e.AWS, e.SESEndpoint, e.Sender, e.ReplyTo, e.SESConfigurationSet),
		Now: c.Now, Log: quiet, Rate: 500, Lease: time.Minute}
	if mrep, err := m.Run(ctx); err != nil || mrep.Sent != 3 {
		t.Fatalf("mailer: %+v %v; want 2 applicants' emails and 1 summary", mrep, err)
	}
	staff, err := stacktest.Mailbox().To(ctx, job.StaffAddress)
	if err != nil {
		t.Fatal(err)
	}
	if len(staff) != 1 || !strings.Contains(staff[0].Subject, "Våren 2027") {
		subjects := []string{}
		for _, m := range staff {
			subjects = append(subjects, m.Subject)
		}
		t.Fatalf("staff got %q, want the spring round's summary only", subjects)
	}
}

// killAfterMove makes a client die right after its first transaction that
// moves applications to review: every later call fails, as a killed
// process makes none.
type killAfterMove struct{ dead atomic.Bool }

func (k *killAfterMove) option(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("kill", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		if k.dead.Load() {
			return middleware.InitializeOutput{}, middleware.Metadata{}, errors.New("killed")
		}
		out, md, err := next.HandleInitialize(ctx, in)
		if tx, ok := in.Parameters.(*dynamodb.TransactWriteItemsInput); ok && err == nil && len(tx.TransactItems) > 0 && tx.TransactItems[0].Update != nil {
			if pk, ok := tx.TransactItems[0].Update.Key["PK"].(*types.AttributeValueMemberS); ok && strings.HasPrefix(pk.Value, "APP#") {
				k.dead.Store(true)
			}
		}
		return out, md, err
	}), middleware.Before)
}

// recorder keeps the attributes of every log line, by message.
type recorder struct {
	mu    sync.Mutex
	lines map[string][]map[string]any
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *recorder) WithGroup(string) slog.Handler            { return r }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	attrs := map[string]any{}
	rec.Attrs(func(a slog.Attr) bool { attrs[a.Key] = a.Value.Any(); return true })
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines[rec.Message] = append(r.lines[rec.Message], attrs)
	return nil
}

// A close killed right after a page's move transactions: the next run goes
// on where it stopped, and its progress counts every application in review,
// those the killed run moved too. The round item holds no count of its own
// that a kill could leave short.
func TestCloseProgressAfterAKilledRun(t *testing.T) {
	const n = 12 // pages of 5
	st, s := springWithApplications(t, n)
	c := &clock{t: springCloses.Add(time.Hour)}
	kill := &killAfterMove{}
	killed := newJob(st, c.Now, quiet)
	rounds := st.Envs["rounds"].Store // the round job's, as newJob's
	killed.Store = store.New(dynamodb.New(rounds.DB().Options(), func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, kill.option)
	}), rounds.Table())
	if rep, err := killed.Run(ctx); err == nil || !kill.dead.Load() {
		t.Fatalf("the killed run: %+v %v", rep, err)
	}
	if got, err := s.CountByStatus(ctx, "2027-1", programme.AppInReview); err != nil || got != 5 {
		t.Fatalf("%d in review after the killed run's first page (%v), want 5", got, err)
	}

	// The next run, once the dead run's lease has run out.
	c.Set(c.Now().Add(time.Hour))
	rec := &recorder{lines: map[string][]map[string]any{}}
	job := newJob(st, c.Now, slog.New(rec))
	rep, err := job.Run(ctx)
	if err != nil || rep.Moved != n-5 || strings.Join(rep.Finished, ",") != "2027-1" {
		t.Fatalf("the next run: %+v %v", rep, err)
	}
	progress := rec.lines["close progress"]
	if len(progress) == 0 {
		t.Fatal("no progress logged")
	}
	if last := progress[len(progress)-1]; fmt.Sprint(last["inReview"]) != fmt.Sprint(n) || fmt.Sprint(last["movedThisRun"]) != fmt.Sprint(n-5) {
		t.Fatalf("last progress line %v: want %d in review, %d moved by this run", last, n, n-5)
	}
	out, err := s.DB().GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.Table()), ConsistentRead: aws.Bool(true),
		Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "ROUND#2027-1"}, "SK": &types.AttributeValueMemberS{Value: "ROUND"}}})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := out.Item["reviewed"]; ok {
		t.Fatalf("the round item keeps a count of its own (reviewed = %v)", v)
	}
}
