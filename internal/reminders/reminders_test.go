package reminders_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerskap/internal/logging"
	"partnerskap/internal/programme"
	"partnerskap/internal/reminders"
	"partnerskap/internal/store"
)

// fakeStore is the table as the job sees it, in memory: QueueOnce puts an
// email once per id, with its audit line, as the store's transaction does.
type fakeStore struct {
	mu     sync.Mutex
	rounds []programme.Round
	grants map[string][]programme.Grant // by round
	apps   map[string]programme.Application
	outbox map[string]programme.Email
	at     map[string]time.Time // when each email was queued
	audits []store.Audit
	writes map[string]int // transactions that wrote, by email id
	leased string

	// The Nth QueueOnce from now (1: the next) fails; with lostReply, it
	// writes first and then fails, as a reply lost after the commit.
	failAt    int
	lostReply bool
	queueCall int
	appReads  int
}

func newFake() *fakeStore {
	return &fakeStore{grants: map[string][]programme.Grant{}, apps: map[string]programme.Application{}, outbox: map[string]programme.Email{},
		at: map[string]time.Time{}, writes: map[string]int{}}
}

var errKilled = errors.New("killed mid-run")

func (f *fakeStore) HoldLease(ctx context.Context, job, holder string, now func() time.Time, maxRun, margin time.Duration) (func() error, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if job != reminders.LeaseName {
		return nil, fmt.Errorf("lease %q", job)
	}
	if f.leased != "" {
		return nil, fmt.Errorf("%w: lease held by %s", store.ErrConflict, f.leased)
	}
	f.leased = holder
	return func() error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.leased = ""
		return nil
	}, nil
}

func (f *fakeStore) Rounds(context.Context) ([]programme.Round, error) {
	return slices.Clone(f.rounds), nil
}

func (f *fakeStore) Grants(_ context.Context, roundID string) ([]programme.Grant, error) {
	return slices.Clone(f.grants[roundID]), nil
}

func (f *fakeStore) Application(_ context.Context, ref string) (programme.Application, store.Secrets, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.appReads++
	a, ok := f.apps[ref]
	if !ok {
		return a, store.Secrets{}, store.ErrNotFound
	}
	return a, store.Secrets{}, nil
}

func (f *fakeStore) QueueOnce(_ context.Context, e programme.Email, now time.Time, audit store.Audit) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queueCall++
	fail := f.failAt > 0 && f.queueCall == f.failAt
	if fail && !f.lostReply {
		return false, errKilled
	}
	if _, ok := f.outbox[e.ID]; ok {
		return false, nil
	}
	if !store.ValidTag(e.ID) || !store.ValidTag(string(e.Kind)) || audit.Detail["outbox"] != e.ID {
		return false, fmt.Errorf("bad email %q kind %q or audit %+v", e.ID, e.Kind, audit)
	}
	e.State, e.CreatedAt = programme.EmailPending, now
	f.outbox[e.ID], f.at[e.ID] = e, now
	f.writes[e.ID]++
	f.audits = append(f.audits, audit)
	if fail {
		return false, errKilled
	}
	return true, nil
}

// ids are the outbox's ids, sorted.
func (f *fakeStore) ids() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for id := range f.outbox {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

func day(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, programme.Stockholm)
}

// grant is a running grant of round "2027-1" whose years' reports have
// these last days.
func grant(ref string, lang programme.Lang, lastDays ...time.Time) programme.Grant {
	g := programme.Grant{Ref: ref, RoundID: "2027-1", Lang: lang, State: programme.GrantRunning, Amount: 400000,
		Documents: programme.DefaultGrantRule.Documents}
	for i, ld := range lastDays {
		y, m, d := ld.Date()
		deadline := time.Date(y, m, d+1, 0, 0, 0, 0, programme.Stockholm)
		g.Years = append(g.Years, programme.GrantYear{Year: i + 1, Amount: 200000, Deadline: deadline,
			Starts: deadline.AddDate(-1, 0, -60), Ends: deadline.AddDate(0, 0, -60)})
	}
	return g
}

func app(ref, email string, lang programme.Lang) programme.Application {
	return programme.Application{Ref: ref, RoundID: "2027-1", Lang: lang, Title: "Avfall i Kalix", Status: programme.AppGranted,
		SwedishParty: programme.Party{Organisation: "Kalix kommun", ContactName: "Anna Påminnelse", Email: email},
		Partner:      programme.Party{Organisation: "Masaka", ContactName: "John Okello", Email: "john@masaka.example.ug"}}
}

func (f *fakeStore) add(g programme.Grant, a programme.Application) {
	if !slices.ContainsFunc(f.rounds, func(r programme.Round) bool { return r.ID == g.RoundID }) {
		f.rounds = append(f.rounds, programme.Round{ID: g.RoundID})
	}
	f.grants[g.RoundID] = append(f.grants[g.RoundID], g)
	f.apps[a.Ref] = a
}

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

func newJob(f *fakeStore, c *clock, log *bytes.Buffer) *reminders.Job {
	return &reminders.Job{Store: f, Now: c.Now, Log: logging.New(log, slog.LevelInfo), PublicBaseURL: "https://partnerskap.example"}
}

// Run daily at 07:00 Swedish time, as the schedule does, through the
// spring's change to summer time and the autumn's back: each reminder is
// queued on its own Swedish day, once, whatever the offset of its day.
func TestEachReminderOnItsSwedishDayAcrossSummerTime(t *testing.T) {
	f := newFake()
	// Year 1's last day is 14 April 2028 (summer time since 26 March: its
	// 30-day reminder falls in winter time); year 2's is 5 November 2028
	// (winter time since 29 October: its 7-day reminder falls on 30
	// October, its 30-day one in summer time).
	g := grant("KP-DST0000001", programme.Swedish, day(2028, 4, 14, 0, 0), day(2028, 11, 5, 0, 0))
	f.add(g, app(g.Ref, "anna@kalix.example.se", programme.Swedish))
	c := &clock{}
	var log bytes.Buffer
	job := newJob(f, c, &log)
	for d := day(2028, 3, 1, 7, 0); d.Before(day(2028, 12, 1, 0, 0)); d = d.AddDate(0, 0, 1) {
		c.t = d
		if _, err := job.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]time.Time{
		"reminder_KP-DST0000001_1_20280414_before-30": day(2028, 3, 16, 7, 0),
		"reminder_KP-DST0000001_1_20280414_before-7":  day(2028, 4, 8, 7, 0),
		"reminder_KP-DST0000001_1_20280414_overdue":   day(2028, 4, 15, 7, 0),
		"reminder_KP-DST0000001_2_20281105_before-30": day(2028, 10, 7, 7, 0),
		"reminder_KP-DST0000001_2_20281105_before-7":  day(2028, 10, 30, 7, 0),
		"reminder_KP-DST0000001_2_20281105_overdue":   day(2028, 11, 6, 7, 0),
	}
	for w := 1; w <= 32; w++ { // year 1: weekly until the end of November
		if at := day(2028, 4, 15+7*w, 7, 0); at.Before(day(2028, 12, 1, 0, 0)) {
			want[fmt.Sprintf("reminder_KP-DST0000001_1_20280414_weekly-%d", w)] = at
		}
	}
	for w := 1; w <= 3; w++ {
		want[fmt.Sprintf("reminder_KP-DST0000001_2_20281105_weekly-%d", w)] = day(2028, 11, 6+7*w, 7, 0)
	}
	got := f.ids()
	if len(got) != len(want) {
		t.Errorf("%d reminders queued, want %d: %v", len(got), len(want), got)
	}
	for id, at := range want {
		if q, ok := f.at[id]; !ok || !q.Equal(at) {
			t.Errorf("%s: queued %v (%v), want on %s", id, q.In(programme.Stockholm), ok, at)
		}
	}
	for id, n := range f.writes {
		if n != 1 {
			t.Errorf("%s written %d times", id, n)
		}
	}
	e := f.outbox["reminder_KP-DST0000001_1_20280414_before-30"]
	if e.Kind != programme.ReminderEmail || e.To != "anna@kalix.example.se" || e.Ref != g.Ref || e.RoundID != "2027-1" ||
		e.Subject != "KP-DST0000001: rapporten för år 1 ska vara inne senast 14 april 2028" || !strings.Contains(e.Text, "Avfall i Kalix") ||
		!strings.Contains(e.HTML, "<html") || !strings.Contains(e.Text, "https://partnerskap.example") {
		t.Errorf("the email: %+v", e)
	}
	if w := f.outbox["reminder_KP-DST0000001_1_20280414_weekly-3"]; !strings.Contains(w.Text, "Den är nu 3 veckor försenad.") {
		t.Errorf("weekly-3:\n%s", w.Text)
	}
	// At the edge: 30 days of 24 hours before the deadline is still the
	// day before in Swedish time (the spring's hour lost); a run then
	// queues nothing new.
	f2 := newFake()
	f2.add(g, app(g.Ref, "anna@kalix.example.se", programme.Swedish))
	c2 := &clock{t: g.Years[0].Deadline.Add(-30 * 24 * time.Hour)}
	if rep, err := newJob(f2, c2, &log).Run(context.Background()); err != nil || rep.Due != 0 || f2.appReads != 0 {
		t.Errorf("at %s: %+v %v, %d application reads; want nothing due, nothing read", c2.t, rep, err, f2.appReads)
	}
	c2.t = day(2028, 3, 16, 0, 0)
	if rep, _ := newJob(f2, c2, &log).Run(context.Background()); rep.Queued != 1 {
		t.Errorf("at midnight of the 30th day before: %+v", rep)
	}
}

// A run killed mid-way (the store fails the Nth QueueOnce, before or after
// its write) and run again queues every due reminder exactly once.
func TestCrashMidRunThenRerunQueuesEachOnce(t *testing.T) {
	for _, lost := range []bool{false, true} {
		for n := 1; n <= 12; n++ {
			f := newFake()
			// 12 grants: 4 with a month reminder due, 4 with year 1 overdue
			// and year 2 due in 7 days (two each), 4 with nothing due.
			now := day(2028, 3, 20, 7, 0)
			want := 0
			for i := range 12 {
				ref := fmt.Sprintf("KP-CRASH%05d", i)
				var g programme.Grant
				switch i % 3 {
				case 0:
					g = grant(ref, programme.English, day(2028, 4, 10, 0, 0))
					want++
				case 1:
					g = grant(ref, programme.Swedish, day(2028, 3, 1, 0, 0), day(2028, 3, 25, 0, 0))
					want += 2
				default:
					g = grant(ref, programme.Swedish, day(2028, 9, 1, 0, 0))
				}
				f.add(g, app(ref, ref+"@example.se", g.Lang))
			}
			f.failAt, f.lostReply = n, lost
			var log bytes.Buffer
			job := newJob(f, &clock{now}, &log)
			rep, err := job.Run(context.Background())
			if !errors.Is(err, errKilled) {
				t.Fatalf("n=%d lost=%v: %v, want the failure", n, lost, err)
			}
			f.failAt = 0
			rep2, err := job.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := len(f.ids()); got != want || rep2.Due != want || rep.Queued+rep2.Queued+map[bool]int{true: 1}[lost] != want {
				t.Errorf("n=%d lost=%v: %d queued (runs: %+v, %+v), want %d", n, lost, got, rep, rep2, want)
			}
			for id, w := range f.writes {
				if w != 1 {
					t.Errorf("n=%d: %s written %d times", n, id, w)
				}
			}
			if len(f.audits) != want {
				t.Errorf("n=%d: %d audit lines, want %d", n, len(f.audits), want)
			}
			// A third run, the same day: nothing new, all already queued.
			if rep3, err := job.Run(context.Background()); err != nil || rep3.Queued != 0 || rep3.AlreadyQueued != want {
				t.Errorf("n=%d: third run %+v %v", n, rep3, err)
			}
		}
	}
}

// A grantee whose Swedish contact's details were erased gets no reminder:
// counted NoAddress. A submitted or approved report gets none; a closed
// grant none; a returned report does.
func TestWhoGetsNone(t *testing.T) {
	f := newFake()
	now := day(2028, 4, 20, 7, 0) // year 1's last day, 14 April, has passed
	erased := grant("KP-ERASED0001", programme.Swedish, day(2028, 4, 14, 0, 0))
	a := app(erased.Ref, programme.Redacted, programme.Swedish)
	a.Redacted = map[programme.PartyRole]time.Time{programme.RoleSwedish: day(2028, 4, 1, 0, 0)}
	f.add(erased, a)
	submitted := grant("KP-SUBMIT0001", programme.Swedish, day(2028, 4, 14, 0, 0))
	submitted.Years[0].Report = programme.ReportSubmitted
	f.add(submitted, app(submitted.Ref, "s@example.se", programme.Swedish))
	approved := grant("KP-APPROVE001", programme.Swedish, day(2028, 4, 14, 0, 0))
	approved.Years[0].Report = programme.ReportApproved
	f.add(approved, app(approved.Ref, "a@example.se", programme.Swedish))
	closed := grant("KP-CLOSED0001", programme.Swedish, day(2028, 4, 14, 0, 0))
	closed.State = programme.GrantClosed
	f.add(closed, app(closed.Ref, "c@example.se", programme.Swedish))
	returned := grant("KP-RETURN0001", programme.English, day(2028, 4, 14, 0, 0))
	returned.Years[0].Report = programme.ReportReturned
	f.add(returned, app(returned.Ref, "r@example.se", programme.English))

	var log bytes.Buffer
	rep, err := newJob(f, &clock{now}, &log).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep != (reminders.Report{Grants: 4, Due: 2, Queued: 1, NoAddress: 1}) {
		t.Errorf("report %+v", rep)
	}
	if got := f.ids(); !slices.Equal(got, []string{"reminder_KP-RETURN0001_1_20280414_overdue"}) {
		t.Errorf("queued %v", got)
	}
	if f.appReads != 2 {
		t.Errorf("%d applications read, want only the 2 with a reminder due", f.appReads)
	}
	e := f.outbox["reminder_KP-RETURN0001_1_20280414_overdue"]
	if e.Subject != "KP-RETURN0001: the report for year 1 was due by 14 April 2028" || !strings.Contains(e.Text, "we have not received it") {
		t.Errorf("the returned report's reminder: %s\n%s", e.Subject, e.Text)
	}
}

// The log has counts, never an address, a name or a title.
func TestLogsCountsOnly(t *testing.T) {
	f := newFake()
	g := grant("KP-LOG0000001", programme.Swedish, day(2028, 4, 14, 0, 0))
	f.add(g, app(g.Ref, "anna@kalix.example.se", programme.Swedish))
	erased := grant("KP-LOG0000002", programme.Swedish, day(2028, 4, 14, 0, 0))
	a := app(erased.Ref, "gone@kalix.example.se", programme.Swedish)
	a.Redacted = map[programme.PartyRole]time.Time{programme.RoleSwedish: day(2028, 4, 1, 0, 0)}
	f.add(erased, a)
	var log bytes.Buffer
	if _, err := newJob(f, &clock{day(2028, 4, 1, 7, 0)}, &log).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := log.String()
	for _, s := range []string{"@", "Anna", "Kalix", "Avfall"} {
		if strings.Contains(out, s) {
			t.Errorf("the log has %q:\n%s", s, out)
		}
	}
	if !strings.Contains(out, `"msg":"reminder job done"`) || !strings.Contains(out, `"queued":1`) || !strings.Contains(out, `"noAddress":1`) {
		t.Errorf("the log has no counts:\n%s", out)
	}
}

// While another run holds the lease, a run does nothing; a run whose
// context is near its deadline stops cleanly, and the next goes on.
func TestLeaseAndDeadline(t *testing.T) {
	f := newFake()
	g := grant("KP-LEASE00001", programme.Swedish, day(2028, 4, 14, 0, 0))
	f.add(g, app(g.Ref, "anna@kalix.example.se", programme.Swedish))
	var log bytes.Buffer
	job := newJob(f, &clock{day(2028, 4, 1, 7, 0)}, &log)
	f.leased = "another-run"
	if rep, err := job.Run(context.Background()); err != nil || rep != (reminders.Report{}) || len(f.ids()) != 0 {
		t.Fatalf("with the lease held: %+v %v", rep, err)
	}
	f.leased = ""
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if rep, err := job.Run(ctx); err != nil || !rep.Partial || len(f.ids()) != 0 {
		t.Fatalf("near the deadline: %+v %v", rep, err)
	}
	if f.leased != "" {
		t.Fatal("the lease was not given back")
	}
	if rep, err := job.Run(context.Background()); err != nil || rep.Partial || rep.Queued != 1 {
		t.Fatalf("the next run: %+v %v", rep, err)
	}
}
