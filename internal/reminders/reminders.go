// Package reminders is the daily job that reminds grantees of their
// reports' deadlines: 30 and 7 days before a year's report is due, the day
// after its last day, and every week after that while it is overdue
// (programme.RemindersDue). A report submitted or approved gets none; a
// contact whose details were erased gets none either.
//
// Each reminder goes through the outbox, keyed on its own id (the grant,
// the year, the report's last day, the kind and, for a weekly one, its
// week): store.QueueOnce writes the email and its audit line in one
// transaction, and an id already queued writes nothing. So a run killed
// half-way and run again, a retried invocation, or two runs on one day
// queue each reminder exactly once, and the mailer sends it once. Runs do
// not overlap all the same: a run takes the job's lease first
// (store.HoldLease, PK=LEASE#reminders), and a run that finds it held by
// another live run returns at once.
//
// It reads by key and index only: the rounds, each round's grants (a Query
// per round), and an application only for a reminder that is due (most
// days, none is). It sends nothing itself.
package reminders

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Store is what the job needs of the table (*store.Store). HoldLease gives
// store.ErrConflict while another run holds the lease; QueueOnce gives
// false, nil for an email id already in the outbox.
type Store interface {
	HoldLease(ctx context.Context, job, holder string, now func() time.Time, maxRun, margin time.Duration) (release func() error, err error)
	Rounds(ctx context.Context) ([]programme.Round, error)
	Grants(ctx context.Context, roundID string) ([]programme.Grant, error)
	Application(ctx context.Context, ref string) (programme.Application, store.Secrets, error)
	QueueOnce(ctx context.Context, e programme.Email, now time.Time, audit store.Audit) (queued bool, err error)
}

// Job is one run's configuration.
type Job struct {
	Store Store
	Now   func() time.Time
	Log   *slog.Logger
	// PublicBaseURL is the site's address, named in the reminders as where
	// the grant's pages are ("" none): the link that opens them has a key
	// that is stored nowhere, so a reminder cannot carry it.
	PublicBaseURL string
	// MaxRun is how long the lease holds when the run's context has no
	// deadline (0: 15 minutes, Lambda's longest timeout); with a deadline,
	// it holds until then, plus a margin.
	MaxRun time.Duration
}

// Report is what a run did: counts only, nothing personal.
type Report struct {
	Grants        int  `json:"grants"`            // running grants looked at
	Due           int  `json:"due"`               // reminders due at the run's time
	Queued        int  `json:"queued"`            // queued by this run
	AlreadyQueued int  `json:"alreadyQueued"`     // queued before (an earlier run, the same day)
	NoAddress     int  `json:"noAddress"`         // due, but the Swedish contact's details are erased: none sent
	Partial       bool `json:"partial,omitempty"` // stopped near the deadline: the next run goes on
}

// LeaseName names the job's lease (PK=LEASE#reminders).
const LeaseName = "reminders"

// Input is the Reminders schedule's input (template.yaml): the round
// function runs this job, not the round job, when it gets it.
const Input = "reminders"

const (
	leaseMargin = 10 * time.Second
	// deadlineMargin: a run takes no new grant this long before its
	// context's deadline (the Lambda timeout), so it ends cleanly.
	deadlineMargin = 5 * time.Second
)

// Run queues every reminder due at Now. A round or a grant that fails does
// not stop the others; the errors come back together, so the invocation is
// retried, and the retry queues only what is not queued yet. While another
// run holds the lease, Run does nothing and returns an empty report and no
// error.
func (j *Job) Run(ctx context.Context) (Report, error) {
	var rep Report
	start := time.Now() // the wall clock: what Lambda's timeout counts
	maxRun := j.MaxRun
	if maxRun <= 0 {
		maxRun = 15 * time.Minute
	}
	release, err := j.Store.HoldLease(ctx, LeaseName, newRunID(), j.Now, maxRun, leaseMargin)
	if errors.Is(err, store.ErrConflict) {
		j.Log.InfoContext(ctx, "another reminder run is at work; this one leaves it", "reason", err.Error())
		return rep, nil
	}
	if err != nil {
		return rep, err
	}
	defer func() {
		if err := release(); err != nil {
			j.Log.ErrorContext(ctx, "reminder job's lease not released", "error", err)
		}
	}()

	// One instant for the whole run: which reminder is due is decided on
	// it, so every grant is judged on the same day.
	now := j.Now()
	rounds, err := j.Store.Rounds(ctx)
	if err != nil {
		return rep, err
	}
	var errs []error
	for _, r := range rounds {
		if nearDeadline(ctx) {
			rep.Partial = true
			break
		}
		grants, err := j.Store.Grants(ctx, r.ID)
		if err != nil {
			j.Log.ErrorContext(ctx, "reminders: the round's grants not read; the next run tries again", "round", r.ID, "error", err)
			errs = append(errs, fmt.Errorf("round %s: %w", r.ID, err))
			continue
		}
		for _, g := range grants {
			if nearDeadline(ctx) {
				rep.Partial = true
				break
			}
			if g.State != programme.GrantRunning {
				continue
			}
			rep.Grants++
			if err := j.grant(ctx, g, now, &rep); err != nil {
				j.Log.ErrorContext(ctx, "reminders: a grant's reminder not queued; the next run tries again", "round", r.ID, "ref", g.Ref, "error", err)
				errs = append(errs, fmt.Errorf("grant %s: %w", g.Ref, err))
			}
		}
	}
	if rep.Partial {
		j.Log.InfoContext(ctx, "reminder run stopped near its deadline; the next run goes on")
	}
	j.Log.InfoContext(ctx, "reminder job done", "grants", rep.Grants, "due", rep.Due, "queued", rep.Queued,
		"alreadyQueued", rep.AlreadyQueued, "noAddress", rep.NoAddress, "partial", rep.Partial, "errors", len(errs),
		"ms", time.Since(start).Milliseconds())
	return rep, errors.Join(errs...)
}

// grant queues g's reminders due at now, if any: the application is read
// only then, for its Swedish contact and title.
func (j *Job) grant(ctx context.Context, g programme.Grant, now time.Time, rep *Report) error {
	due := programme.RemindersDue(g, now)
	if len(due) == 0 {
		return nil
	}
	rep.Due += len(due)
	app, _, err := j.Store.Application(ctx, g.Ref)
	if err != nil {
		return fmt.Errorf("read the application: %w", err)
	}
	to := app.SwedishParty.Email
	if _, erased := app.ErasedAt(programme.RoleSwedish); erased || to == "" || to == programme.Redacted {
		rep.NoAddress += len(due)
		j.Log.InfoContext(ctx, "reminders due, but the Swedish contact's details are erased: none sent", "ref", g.Ref, "due", len(due))
		return nil
	}
	lang := g.Lang
	if lang == "" {
		lang = app.Lang
	}
	for _, r := range due {
		y, _ := g.Year(r.Year)
		m, err := mail.Reminder(to, mail.ReminderData{Lang: lang, Ref: g.Ref, Title: app.Title, Year: r.Year, Kind: r.Kind, Week: r.Week,
			LastDay: y.LastDay(), Documents: g.Documents, GrantPageHint: j.PublicBaseURL})
		if err != nil {
			return err
		}
		e := programme.Email{ID: r.ID, Kind: programme.ReminderEmail, Ref: g.Ref, RoundID: g.RoundID, To: to,
			Subject: m.Subject, Text: m.Text, HTML: m.HTML}
		audit := store.Audit{Actor: programme.ActorReminderJob, Code: programme.AuditReminderQueued, Event: "report reminder queued",
			Detail: map[string]string{"outbox": r.ID, "year": strconv.Itoa(r.Year), "kind": string(r.Kind), "lastDay": y.LastDay().Format(time.DateOnly)}}
		queued, err := j.Store.QueueOnce(ctx, e, now, audit)
		if err != nil {
			return fmt.Errorf("queue %s: %w", r.ID, err)
		}
		if queued {
			rep.Queued++
		} else {
			rep.AlreadyQueued++
		}
	}
	return nil
}

// newRunID is a run's random id: the holder of the job's lease.
func newRunID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func nearDeadline(ctx context.Context) bool {
	d, ok := ctx.Deadline()
	return ok && time.Until(d) < deadlineMargin
}
