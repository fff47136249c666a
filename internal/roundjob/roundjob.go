// Package roundjob is the scheduled job that moves rounds through their
// life: it opens rounds whose time has come, closes those whose deadline has
// passed, and then moves every submitted application of a closed round to
// review, queueing an email to each applicant and, at the end, one summary
// to staff; a decided round becomes notified once none of its decision
// emails waits to be sent. Every step is a conditional write, so the job is
// idempotent: it can run every few minutes, twice at once, or again after a
// crash, and each change happens once. Runs do not overlap all the same: a
// run takes the job's lease in the table first (store.HoldLease), and a run
// that finds it held by another live run returns at once. It sends nothing
// itself: emails go to the outbox.
package roundjob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Store is what the round job needs of the table (*store.Store). Writes
// that find the round or an application changed since it was read give
// store.ErrConflict; HoldLease gives it while another run holds the lease.
type Store interface {
	HoldLease(ctx context.Context, job, holder string, now func() time.Time, maxRun, margin time.Duration) (release func() error, err error)
	Rounds(ctx context.Context) ([]programme.Round, error)
	Round(ctx context.Context, id string) (programme.Round, error)
	MoveRound(ctx context.Context, r programme.Round, to programme.RoundStatus, now time.Time, actor string) error
	CountByStatus(ctx context.Context, roundID string, status programme.AppStatus) (int, error)
	SubmittedPage(ctx context.Context, roundID string, limit int32) ([]programme.Application, error)
	MoveToReview(ctx context.Context, apps []programme.Application, mails []programme.Email, now time.Time) (int, error)
	ReviewSummary(ctx context.Context, roundID string) (*programme.CloseStats, error)
	FinishClose(ctx context.Context, roundID string, summary programme.Email, now time.Time) error
	RoundOutboxCounts(ctx context.Context, roundID, idPrefix string) (map[string]int, error)
}

// Job is one run's configuration.
type Job struct {
	Store        Store
	Now          func() time.Time
	Log          *slog.Logger
	StaffAddress string // where the summary of a closed round goes
	// PageSize is how many applications one page moves (GSI Query limit).
	PageSize int32
	// MaxPages bounds one run's work (0: until done or the context's
	// deadline is near); the next run goes on where this one stopped.
	MaxPages int
	// Settle is how long after closing the close may be declared complete:
	// GSI1 is eventually consistent, so a submission that landed just before
	// the close may show up in the index a moment later.
	Settle time.Duration
	// MaxRun is how long the job lease holds when the run's context has no
	// deadline (0: 15 minutes, Lambda's longest timeout); with a deadline,
	// it holds until then, plus a margin.
	MaxRun time.Duration
}

// Report is what a run did.
type Report struct {
	Opened   []string `json:"opened,omitempty"`
	Closed   []string `json:"closed,omitempty"`
	Moved    int      `json:"moved"`
	Pages    int      `json:"pages"`
	Finished []string `json:"finished,omitempty"` // closes completed, summary queued
	Ongoing  []string `json:"ongoing,omitempty"`  // closes to be continued by the next run
	Notified []string `json:"notified,omitempty"` // decided rounds whose emails are all out
}

// deadlineMargin: a run stops taking new pages this long before its
// context's deadline (the Lambda timeout), so it ends cleanly.
const deadlineMargin = 5 * time.Second

// LeaseName names the round job's lease (PK=LEASE#rounds).
const LeaseName = "rounds"

// leaseMargin is how long the job lease outlasts the run's deadline.
const leaseMargin = 10 * time.Second

// Run moves every round that is due. A round that fails does not stop the
// others; the errors are returned together so the invocation is retried.
// While another run holds the job's lease, Run does nothing and returns an
// empty report and no error (a retry would find the same).
func (j *Job) Run(ctx context.Context) (Report, error) {
	var rep Report
	runID := newRunID()
	maxRun := j.MaxRun
	if maxRun <= 0 {
		maxRun = 15 * time.Minute
	}
	release, err := j.Store.HoldLease(ctx, LeaseName, runID, j.Now, maxRun, leaseMargin)
	if errors.Is(err, store.ErrConflict) {
		j.Log.InfoContext(ctx, "another round job run is at work; this one leaves it the rounds", "reason", err.Error())
		return rep, nil
	}
	if err != nil {
		return rep, err
	}
	defer func() {
		if err := release(); err != nil {
			j.Log.ErrorContext(ctx, "round job's lease not released", "error", err)
		}
	}()

	rounds, err := j.Store.Rounds(ctx)
	if err != nil {
		return rep, err
	}
	var errs []error
	for _, r := range rounds {
		if err := j.round(ctx, r, &rep); err != nil {
			j.Log.ErrorContext(ctx, "round job failed for a round; the next run tries again", "round", r.ID, "error", err)
			errs = append(errs, fmt.Errorf("round %s: %w", r.ID, err))
		}
	}
	j.Log.InfoContext(ctx, "round job done", "opened", rep.Opened, "closed", rep.Closed, "moved", rep.Moved,
		"pages", rep.Pages, "finished", rep.Finished, "ongoing", rep.Ongoing)
	return rep, errors.Join(errs...)
}

func (j *Job) round(ctx context.Context, r programme.Round, rep *Report) error {
	if r.Status == programme.RoundClosed && r.ReviewQueued || r.Status == programme.RoundNotified {
		return nil // nothing for the job: no read needed
	}
	// Read it again: the listing was read when the run began, and closing
	// an earlier round may have taken minutes (a deadline extended meanwhile
	// must count).
	r, err := j.Store.Round(ctx, r.ID)
	if err != nil {
		return err
	}
	now := j.Now()
	if to, due := programme.NextStatus(r, now); due {
		err := j.Store.MoveRound(ctx, r, to, now, programme.ActorRoundJob)
		switch {
		case errors.Is(err, store.ErrConflict):
			j.Log.InfoContext(ctx, "round already moved by another run", "round", r.ID, "to", to)
		case err != nil:
			return err
		default:
			j.Log.InfoContext(ctx, "round moved", "round", r.ID, "from", r.Status, "to", to, "at", now)
			if to == programme.RoundOpen {
				rep.Opened = append(rep.Opened, r.ID)
			} else {
				rep.Closed = append(rep.Closed, r.ID)
			}
		}
	}
	// Re-read after a move: the close needs the round as it is now.
	full, err := j.Store.Round(ctx, r.ID)
	if err != nil {
		return err
	}
	if full.Status == programme.RoundDecided {
		return j.notified(ctx, full, rep)
	}
	if full.Status != programme.RoundClosed || full.ReviewQueued {
		return nil
	}
	return j.close(ctx, full, rep)
}

// close moves the round's submitted applications to review, page by page,
// each with its email queued, then queues the staff summary once.
//
// How far the close has got is not stored: it is the round's applications
// in review (GSI1, Select COUNT), counted once when the run starts on it,
// plus what this run moved. A stored counter, updated after each page's
// move transactions, would fall short whenever a run died in between, and
// updating it inside them would make a page's concurrent transactions
// conflict on the round item.
func (j *Job) close(ctx context.Context, r programme.Round, rep *Report) error {
	pageSize := j.PageSize
	if pageSize <= 0 {
		pageSize = 100
	}
	before, err := j.Store.CountByStatus(ctx, r.ID, programme.AppInReview)
	if err != nil {
		return err
	}
	movedHere := 0
	for pages := 0; ; pages++ {
		if j.MaxPages > 0 && pages >= j.MaxPages || nearDeadline(ctx) {
			rep.Ongoing = append(rep.Ongoing, r.ID)
			j.Log.InfoContext(ctx, "close paused; the next run goes on", "round", r.ID, "pages", pages,
				"movedThisRun", movedHere, "inReview", before+movedHere)
			return nil
		}
		apps, err := j.Store.SubmittedPage(ctx, r.ID, pageSize)
		if err != nil {
			return err
		}
		if len(apps) == 0 {
			break
		}
		now := j.Now()
		mails := make([]programme.Email, len(apps))
		for i, a := range apps {
			if _, erased := a.ErasedAt(programme.RoleSwedish); erased {
				continue // nobody to tell: the Swedish contact's details were erased (no email, mails[i] zero)
			}
			m, err := mail.RoundClosed(a.SwedishParty.Email, mail.ClosedData{Lang: a.Lang, Ref: a.Ref, Title: a.Title, RoundName: r.Name(a.Lang)})
			if err != nil {
				return err
			}
			mails[i] = programme.Email{ID: programme.EmailID(programme.AboutClosed, a.Ref), Kind: programme.RoundClosedEmail, Ref: a.Ref, RoundID: r.ID,
				To: a.SwedishParty.Email, Subject: m.Subject, Text: m.Text, HTML: m.HTML}
		}
		moved, err := j.Store.MoveToReview(ctx, apps, mails, now)
		if err != nil {
			return err
		}
		movedHere += moved
		rep.Moved += moved
		rep.Pages++
		// inReview: as counted on GSI1 when this run began (the index may lag
		// by a moment), plus this run's moves.
		j.Log.InfoContext(ctx, "close progress", "round", r.ID, "page", pages+1, "moved", moved,
			"movedThisRun", movedHere, "inReview", before+movedHere)
	}

	now := j.Now()
	if now.Before(r.ClosedAt.Add(j.Settle)) {
		rep.Ongoing = append(rep.Ongoing, r.ID)
		j.Log.InfoContext(ctx, "close waits for the index to settle before it is declared complete", "round", r.ID,
			"until", r.ClosedAt.Add(j.Settle))
		return nil
	}
	stats, err := j.Store.ReviewSummary(ctx, r.ID)
	if err != nil {
		return err
	}
	m, err := mail.CloseSummary(j.StaffAddress, mail.SummaryData{Round: r, Stats: stats})
	if err != nil {
		return err
	}
	err = j.Store.FinishClose(ctx, r.ID, programme.Email{ID: programme.EmailID(programme.AboutSummary, r.ID), Kind: programme.CloseSummaryEmail, RoundID: r.ID,
		To: j.StaffAddress, Subject: m.Subject, Text: m.Text}, now)
	if errors.Is(err, store.ErrConflict) {
		return nil // another run finished it
	}
	if err != nil {
		return err
	}
	rep.Finished = append(rep.Finished, r.ID)
	j.Log.InfoContext(ctx, "close complete; staff summary queued", "round", r.ID, "applications", stats.Applications,
		"requestedTotal", stats.RequestedTotal, "budget", r.Budget)
	return nil
}

// notified moves a decided round to notified once none of its decision
// emails is waiting to be sent (sent, bounced, complained or failed: each
// has had its one try, and staff see the ones that did not arrive).
func (j *Job) notified(ctx context.Context, r programme.Round, rep *Report) error {
	counts, err := j.Store.RoundOutboxCounts(ctx, r.ID, programme.EmailIDPrefix(programme.AboutDecision))
	if err != nil {
		return err
	}
	if counts[programme.EmailPending]+counts[programme.EmailSending] > 0 {
		return nil
	}
	err = j.Store.MoveRound(ctx, r, programme.RoundNotified, j.Now(), programme.ActorRoundJob)
	if errors.Is(err, store.ErrConflict) {
		return nil
	}
	if err != nil {
		return err
	}
	rep.Notified = append(rep.Notified, r.ID)
	j.Log.InfoContext(ctx, "round notified: every decision email has had its send", "round", r.ID, "emails", counts)
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
