package mailer_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"partnerskap/internal/mail"
	"partnerskap/internal/mailer"
	"partnerskap/internal/store"
)

// overlap holds each of two runs at its first send until the other run has
// returned, or has reached a send too (two runs sending at once). Neither
// can wait for ever, and it tells which of the two happened.
type overlap struct {
	mu       sync.Mutex
	entered  [2]bool
	returned bool // the gate opened because a run returned
	open     chan struct{}
	once     sync.Once
}

func newOverlap() *overlap { return &overlap{open: make(chan struct{})} }

func (o *overlap) enter(i int) {
	o.mu.Lock()
	o.entered[i] = true
	both := o.entered[0] && o.entered[1]
	o.mu.Unlock()
	if both {
		o.once.Do(func() { close(o.open) })
	}
	<-o.open
}

func (o *overlap) done() {
	o.once.Do(func() {
		o.mu.Lock()
		o.returned = true
		o.mu.Unlock()
		close(o.open)
	})
}

type gatedSender struct {
	mailer.Sender
	gate *overlap
	i    int
	once sync.Once
}

func (g *gatedSender) Send(ctx context.Context, m mail.Message) (string, error) {
	g.once.Do(func() { g.gate.enter(g.i) })
	return g.Sender.Send(ctx, m)
}

// Two mailers started at once on the same outbox: the one that takes the
// job lease sends everything, each email once, at the pace; the other finds
// the lease held, returns at once with an empty report and no error, and
// sends nothing.
func TestOneMailerRunAtATime(t *testing.T) {
	const n, rate = 30, 20
	s, to, clock := queue(t, n)
	gate := newOverlap()
	var ms [2]*mailer.Mailer
	for i := range ms {
		ms[i] = newMailer(t, clock, &gatedSender{Sender: sesSender, gate: gate, i: i}, rate)
	}
	var reps [2]mailer.Report
	var errs [2]error
	start := time.Now()
	var wg sync.WaitGroup
	for i := range ms {
		wg.Go(func() {
			c, cancel := context.WithTimeout(ctx, 5*time.Minute) // a Lambda-like deadline
			defer cancel()
			reps[i], errs[i] = ms[i].Run(c)
			gate.done()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("errors: %v, %v", errs[0], errs[1])
	}
	if !gate.returned {
		t.Fatalf("both runs sent at once: %+v and %+v", reps[0], reps[1])
	}
	winner, loser := reps[0], reps[1]
	if winner.Sent == 0 {
		winner, loser = loser, winner
	}
	if winner.Sent != n || !isEmpty(loser) {
		t.Fatalf("reports %+v and %+v: want one run sending all %d, the other an empty report", reps[0], reps[1], n)
	}
	for i, addr := range to {
		if got := received(t, addr); got != 1 {
			t.Fatalf("recipient %d got %d emails, want 1", i, got)
		}
	}
	if min := (n - 1) * time.Second / rate; elapsed < min {
		t.Fatalf("%d emails at %d/s took %v, less than %v", n, rate, elapsed, min)
	}
	if h, _, err := s.LeaseHolder(ctx, mailer.LeaseName); err != nil || h != "" {
		t.Fatalf("the lease is still held by %q after both runs (%v)", h, err)
	}
}

// A run that died holding the lease (its Lambda was killed) keeps the next
// runs out until its leaseUntil has passed; then the next run takes over.
func TestRunAfterACrashedRunTakesTheLeaseOver(t *testing.T) {
	s, to, clock := queue(t, 3)
	crashedUntil := clock.Now().Add(5*time.Minute + 10*time.Second) // its deadline plus the margin
	if err := s.TakeLease(ctx, mailer.LeaseName, "crashed-run", clock.Now(), crashedUntil); err != nil {
		t.Fatal(err)
	}
	m := newMailer(t, clock, nil, 200)

	clock.Set(crashedUntil) // its time is not over yet at its last instant
	rep, err := m.Run(ctx)
	if err != nil || !isEmpty(rep) {
		t.Fatalf("while the crashed run's lease lasts: %+v %v; want an empty report, no error", rep, err)
	}
	for _, addr := range to {
		if received(t, addr) != 0 {
			t.Fatal("sent while another run held the lease")
		}
	}

	clock.Set(crashedUntil.Add(time.Second))
	rep, err = m.Run(ctx)
	if err != nil || rep.Sent != 3 {
		t.Fatalf("after the crashed run's lease: %+v %v; want all 3 sent", rep, err)
	}
	for _, addr := range to {
		if received(t, addr) != 1 {
			t.Fatal("not delivered once")
		}
	}
	if h, _, err := s.LeaseHolder(ctx, mailer.LeaseName); err != nil || h != "" {
		t.Fatalf("the lease is still held by %q (%v)", h, err)
	}
	// The crashed run, were it alive after all, can no longer release it.
	if err := s.ReleaseLease(ctx, mailer.LeaseName, "crashed-run", clock.Now()); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("release by the crashed run: %v", err)
	}
}

func isEmpty(r mailer.Report) bool {
	return r.Sent == 0 && r.Released == 0 && r.Requeued == 0 && len(r.Failed) == 0 && len(r.Unsure) == 0 && len(r.Stuck) == 0
}
