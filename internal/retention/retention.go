// Package retention is the scheduled job that carries out the retention
// rules inside items that stay (programme.RetentionRules; what goes whole
// goes by DynamoDB's TTL instead): it removes the recipient and body of
// emails past RetainEmails, erases the contact details of applications
// whose status's rule is due (programme.ContactRules: rejected, withdrawn),
// and marks granted projects' end of archive. It runs daily
// (RoundsFunction's Retention schedule); every step is a conditional write
// that a second run finds done, so it is idempotent and resumable, and it
// reads by key and index only: a Query per email state, and per round and
// status a GSI1 and a GSI2 Query and a BatchGetItem of the applications
// whose rule is not done yet. Runs do not overlap: the job's lease
// (store.HoldLease, PK=LEASE#retention).
package retention

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Store is what the job needs of the table (*store.Store).
type Store interface {
	HoldLease(ctx context.Context, job, holder string, now func() time.Time, maxRun, margin time.Duration) (release func() error, err error)
	Rounds(ctx context.Context) ([]programme.Round, error)
	RedactEmailsBefore(ctx context.Context, state string, cutoff, now time.Time, more func() bool) (int, error)
	RetentionCandidates(ctx context.Context, roundID string, status programme.AppStatus) ([]string, error)
	RetentionApps(ctx context.Context, refs []string) ([]store.RetentionApp, error)
	OutboxEmails(ctx context.Context, ids []string) (map[string]programme.Email, error)
	StartRetentionClock(ctx context.Context, ref string, status programme.AppStatus, now time.Time) error
	RedactContacts(ctx context.Context, r store.ContactRedaction) (cancelled, redacted int, err error)
	MarkArchive(ctx context.Context, app programme.Application, until, now time.Time) error
	MarkRetentionDone(ctx context.Context, app programme.Application) error
	KeptDocuments(ctx context.Context, roundID string) (map[string]bool, error)
}

// Files is the documents bucket's sweep (package bucket).
type Files interface {
	Sweep(ctx context.Context, prefix string, keep map[string]bool, more func() bool) (int, error)
}

// Job is one run's configuration.
type Job struct {
	Store Store
	// Files: the uploads' sweep (programme.RetainUploads).
	Files Files
	Now   func() time.Time
	Log   *slog.Logger
	// MaxRun is how long the lease holds when the run's context has no
	// deadline (0: 15 minutes).
	MaxRun time.Duration
}

// Report is what a run did (counts only: nothing personal in the logs).
type Report struct {
	Emails    int  `json:"emails"`            // emails whose recipient and body were removed
	Redacted  int  `json:"redacted"`          // applications whose contact details were erased
	Cancelled int  `json:"cancelled"`         // emails never to be sent (their recipient erased before)
	Clocks    int  `json:"clocks"`            // applications first seen in a status whose period runs from then
	Archived  int  `json:"archived"`          // granted applications whose end of archive was marked
	Waiting   int  `json:"waiting"`           // applications looked at whose period still runs
	Files     int  `json:"files"`             // uploaded file versions deleted (programme.RetainUploads)
	Partial   bool `json:"partial,omitempty"` // stopped near the deadline: the next run goes on
}

// LeaseName names the job's lease (PK=LEASE#retention).
const LeaseName = "retention"

const (
	leaseMargin    = 10 * time.Second
	deadlineMargin = 10 * time.Second
	batch          = 100 // applications read at once
)

// Input is the Retention schedule's input (template.yaml): the round
// function runs this job, not the round job, when it gets it.
const Input = "retention"

// Run carries out every rule that is due at Now. A round or a step that
// fails does not stop the others; the errors come back together, so the
// invocation is retried. While another run holds the lease it does nothing.
func (j *Job) Run(ctx context.Context) (Report, error) {
	var rep Report
	maxRun := j.MaxRun
	if maxRun <= 0 {
		maxRun = 15 * time.Minute
	}
	release, err := j.Store.HoldLease(ctx, LeaseName, newRunID(), j.Now, maxRun, leaseMargin)
	if errors.Is(err, store.ErrConflict) {
		j.Log.InfoContext(ctx, "another retention run is at work; this one leaves it", "reason", err.Error())
		return rep, nil
	}
	if err != nil {
		return rep, err
	}
	defer func() {
		if err := release(); err != nil {
			j.Log.ErrorContext(ctx, "retention job's lease not released", "error", err)
		}
	}()
	more := func() bool {
		d, ok := ctx.Deadline()
		if ok && time.Until(d) < deadlineMargin {
			rep.Partial = true
			return false
		}
		return true
	}

	var errs []error
	now := j.Now()
	cutoff := programme.RetainEmails.Keep.Before(now)
	for _, state := range programme.EmailStates {
		if !programme.EmailFinal(state) {
			continue
		}
		n, err := j.Store.RedactEmailsBefore(ctx, state, cutoff, now, more)
		rep.Emails += n
		if err != nil {
			errs = append(errs, err)
		}
	}

	rounds, err := j.Store.Rounds(ctx)
	if err != nil {
		return rep, errors.Join(append(errs, err)...)
	}
	for _, r := range rounds {
		for _, rule := range programme.ContactRules {
			if !more() {
				break
			}
			if err := j.apply(ctx, r, rule, &rep, more); err != nil {
				j.Log.ErrorContext(ctx, "retention failed for a round; the next run tries again", "round", r.ID, "status", rule.Status, "error", err)
				errs = append(errs, fmt.Errorf("round %s, %s: %w", r.ID, rule.Status, err))
			}
		}
	}
	for _, r := range rounds {
		if !more() || !programme.RetainUploads.Keep.Before(now).After(r.ClosesAt) {
			continue
		}
		if err := j.sweep(ctx, r, &rep, more); err != nil {
			j.Log.ErrorContext(ctx, "the uploads' sweep failed for a round; the next run tries again", "round", r.ID, "error", err)
			errs = append(errs, fmt.Errorf("round %s, uploads: %w", r.ID, err))
		}
	}
	j.Log.InfoContext(ctx, "retention job done", "files", rep.Files, "emails", rep.Emails, "redacted", rep.Redacted, "cancelled", rep.Cancelled,
		"clocks", rep.Clocks, "archived", rep.Archived, "waiting", rep.Waiting, "partial", rep.Partial)
	return rep, errors.Join(errs...)
}

// sweep deletes the round's uploaded files that no application keeps
// (store.KeptDocuments), every version, once the round's deadline is
// RetainUploads' period past. It reads the applications first: a file is
// deleted only when no application names it.
func (j *Job) sweep(ctx context.Context, r programme.Round, rep *Report, more func() bool) error {
	if j.Files == nil {
		return nil
	}
	keep, err := j.Store.KeptDocuments(ctx, r.ID)
	if err != nil {
		return err
	}
	n, err := j.Files.Sweep(ctx, programme.RoundUploads(r.ID), keep, more)
	rep.Files += n
	return err
}

// apply carries out rule on round r's applications in its status whose
// rule is not done yet, a batch at a time.
func (j *Job) apply(ctx context.Context, r programme.Round, rule programme.ContactRule, rep *Report, more func() bool) error {
	refs, err := j.Store.RetentionCandidates(ctx, r.ID, rule.Status)
	if err != nil {
		return err
	}
	for start := 0; start < len(refs) && more(); start += batch {
		apps, err := j.Store.RetentionApps(ctx, refs[start:min(start+batch, len(refs))])
		if err != nil {
			return err
		}
		var emails map[string]programme.Email
		if rule.From == programme.FromDecisionSent || rule.Action == programme.RedactContacts {
			var ids []string
			for _, a := range apps {
				for _, role := range a.App.Roles() {
					ids = append(ids, programme.ContactEmailIDs(a.App.Ref, role)...)
				}
			}
			if emails, err = j.Store.OutboxEmails(ctx, ids); err != nil {
				return err
			}
		}
		for _, a := range apps {
			if err := j.one(ctx, r, rule, a, emails, rep); err != nil {
				return fmt.Errorf("application %s: %w", a.App.Ref, err)
			}
		}
	}
	return nil
}

// one applies rule to one application.
func (j *Job) one(ctx context.Context, r programme.Round, rule programme.ContactRule, a store.RetentionApp, emails map[string]programme.Email, rep *Report) error {
	f := programme.RetentionFacts{App: a.App, Round: r, Seen: a.Seen}
	for _, id := range programme.DecisionEmailIDs(a.App.Ref) {
		if e, ok := emails[id]; ok {
			f.DecisionEmails = append(f.DecisionEmails, e)
		}
	}
	now := j.Now()
	step := programme.NextRetentionStep(rule, f, now)
	switch step.Kind {
	case programme.StepWait:
		rep.Waiting++
	case programme.StepStartClock:
		if err := j.Store.StartRetentionClock(ctx, a.App.Ref, rule.Status, now); err != nil {
			return err
		}
		rep.Clocks++
	case programme.StepArchive:
		err := j.Store.MarkArchive(ctx, a.App, step.ArchiveUntil, now)
		if errors.Is(err, store.ErrConflict) {
			return nil // changed since read: the next run sees it as it is
		}
		if err != nil {
			return err
		}
		rep.Archived++
	case programme.StepDone:
		return j.Store.MarkRetentionDone(ctx, a.App)
	case programme.StepRedact:
		var mine []programme.Email
		for _, role := range step.Parties {
			for _, id := range programme.ContactEmailIDs(a.App.Ref, role) {
				if e, ok := emails[id]; ok {
					mine = append(mine, e)
				}
			}
		}
		cancelled, _, err := j.Store.RedactContacts(ctx, store.ContactRedaction{App: a.App, Roles: step.Parties, Emails: mine, At: now,
			Actor: programme.ActorRetentionJob, Rule: rule.Rule.ID, Done: true})
		if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrEmailInFlight) {
			return nil // changed since read, or an email is on its way: the next run
		}
		if err != nil {
			return err
		}
		rep.Redacted++
		rep.Cancelled += cancelled
		j.Log.InfoContext(ctx, "contact details erased by the retention rule", "ref", a.App.Ref, "rule", rule.Rule.ID, "due", step.Due)
	}
	return nil
}

func newRunID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
