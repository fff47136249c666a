package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
	"partnerskap/internal/roundjob"
	"partnerskap/internal/staff"
	"partnerskap/internal/store"
)

// BenchmarkDecisionEmails queues 1,000 decision emails (500 decided
// applications, two recipients each) and sends them to the local SES
// server at 14 a second, without and with injected crashes (a mailer killed
// before SES every 150th send, after SES and before the record every
// 100th), re-running it and publishing SES's events as the configuration set
// would, until the outbox is empty. It reports wall time against the ideal
// 1000/14 s, and the duplicates and losses found in the mailbox.
//
//	go test -run '^$' -bench DecisionEmails -benchtime 1x -timeout 30m ./infra/e2e/
func BenchmarkDecisionEmails(b *testing.B) {
	for _, crashes := range []bool{false, true} {
		b.Run(fmt.Sprintf("crashes=%v", crashes), func(b *testing.B) { benchDecisionEmails(b, crashes) })
	}
}

func benchDecisionEmails(b *testing.B, crashes bool) {
	const apps, rate = 500, 14.0
	clock := stacktest.NewClock(springDay)
	st := stacktest.New(b, clock.Now)
	s := st.Env.Store
	ctx := context.Background()
	var wg sync.WaitGroup
	next := make(chan int)
	for range 8 {
		wg.Go(func() {
			for i := range next {
				tok := programme.NewToken()
				app := programme.Application{Ref: programme.RefFor(tok), RoundID: "2027-1", Lang: programme.Swedish,
					SwedishParty: programme.Party{Organisation: "Kalix", ContactName: "A", Email: fmt.Sprintf("sv%d-%s@example.se", i, tok[:6])},
					Partner:      programme.Party{Organisation: "Masaka", Country: "UG", ContactName: "J", Email: fmt.Sprintf("p%d-%s@example.ug", i, tok[:6])},
					Type:         programme.Project, Theme: "climate", Title: "T", Summary: "S", Objectives: "O", DurationYears: 1, BudgetPerYear: []int64{100000}}
				if _, _, err := s.Submit(ctx, app, store.Secrets{TokenHash: programme.Hash(tok)}, clock.Now()); err != nil {
					b.Error(err)
				}
			}
		})
	}
	for i := range apps {
		next <- i
	}
	close(next)
	wg.Wait()
	clock.Set(springCloses.Add(time.Hour))
	if _, err := (&roundjob.Job{Store: s, Now: clock.Now, Log: quiet, StaffAddress: "s@example.se"}).Run(ctx); err != nil {
		b.Fatal(err)
	}
	svc := &staff.Service{Store: s, Now: clock.Now, Log: quiet}
	var refs []string
	all, err := s.Applications(ctx, "2027-1", programme.AppFilter{Status: programme.AppInReview})
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range all {
		refs = append(refs, a.Ref)
		if _, err := svc.Decide(ctx, a.Ref, programme.DecisionInput{Outcome: "granted", Amount: 10000, Motivation: "m"}, nil, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	// Send what the close queued first, so only decision emails are timed.
	if _, err := (&system{Stack: st, clock: clock}).fastMailer().Run(ctx); err != nil {
		b.Fatal(err)
	}
	queued, err := svc.Notify(ctx, "2027-1", "bench")
	if err != nil || queued != 2*apps {
		b.Fatalf("queued %d: %v", queued, err)
	}

	sys := &system{Stack: st, clock: clock}
	mailer := sys.fastMailer()
	mailer.Rate = rate
	mailer.ResendAfter = 5 * time.Minute
	sends, attempts := 0, 0
	if crashes {
		inner := mailer.Sender
		mailer.Sender = senderFunc(func(ctx context.Context, msg mail.Message) (string, error) {
			attempts++
			if attempts%150 == 0 {
				return "", context.DeadlineExceeded // died before SES
			}
			return inner.Send(ctx, msg)
		})
		mailer.AfterSend = func(string) error {
			sends++
			if sends%100 == 0 {
				return errors.New("killed after SES took it")
			}
			return nil
		}
	}
	b.ResetTimer()
	start := time.Now()
	runs := 0
	var sending time.Duration // the mailer's own time, without the emulated SES events
	for ; runs < 50; runs++ {
		t0 := time.Now()
		_, _ = mailer.Run(ctx)
		sending += time.Since(t0)
		if _, err := st.PublishMailEvents(ctx); err != nil {
			b.Fatal(err)
		}
		counts, _ := s.RoundOutboxCounts(ctx, "2027-1", programme.EmailIDPrefix(programme.AboutDecision))
		if counts[programme.EmailPending]+counts[programme.EmailSending] == 0 {
			break
		}
		clock.Set(clock.Now().Add(3 * time.Minute)) // leases run out between runs
	}
	elapsed := time.Since(start)
	b.StopTimer()

	got := map[string]int{}
	mails, err := stacktest.Mailbox().Since(ctx, 0)
	if err != nil {
		b.Fatal(err)
	}
	for _, ml := range mails {
		if strings.HasPrefix(ml.Subject, "Beslut:") || strings.HasPrefix(ml.Subject, "Decision:") {
			for _, to := range ml.Destination.To {
				got[to]++
			}
		}
	}
	dups, losses := 0, 0
	for _, ref := range refs {
		app, _, _ := s.Application(ctx, ref)
		for _, addr := range []string{app.SwedishParty.Email, app.Partner.Email} {
			switch n := got[addr]; {
			case n == 0:
				losses++
			case n > 1:
				dups += n - 1
			}
		}
	}
	ideal := float64(2*apps) / rate
	b.ReportMetric(elapsed.Seconds(), "wall-s")
	b.ReportMetric(sending.Seconds(), "mailer-s")
	b.ReportMetric(ideal, "ideal-s")
	b.ReportMetric(float64(dups), "duplicates")
	b.ReportMetric(float64(losses), "losses")
	fmt.Fprintf(os.Stderr, "decision emails, crashes=%v: %d emails at %.0f/s: mailer %.1f s (ideal %.1f s, %.3fx), wall with the emulated SES events %.1f s, %d mailer runs, duplicates %d, losses %d\n",
		crashes, 2*apps, rate, sending.Seconds(), ideal, sending.Seconds()/ideal, elapsed.Seconds(), runs+1, dups, losses)
}
