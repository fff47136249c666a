// Package mailer sends the outbox: it claims each pending email with a
// conditional update and a lease, sends it through SES paced under a
// configured rate, and records SES's message id.
//
// What is guaranteed: every email is sent at least once, and exactly once
// unless two failures meet. An item whose mailer died after claiming it
// stays "sending" when its lease runs out and is reported; SES's Send event
// (through the configuration set, SNS and the events function, each with
// retries) settles it as sent. Only if no Send event has come ResendAfter
// after the lease ran out is the item sent again: most likely SES never took
// it (the mailer died before or during the call), but if SES did take it
// and its event was lost, that is a second email, and the late Send event
// is logged as a double send. Never resending would lose the emails of a
// mailer that died before SES took them; this is the smaller harm. One run sends at a time, so the pace
// holds account-wide: a run takes the mailer's job lease in the table first
// (store.HoldLease), and a run that finds it held by another stops at once.
package mailer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"time"

	"github.com/aws/smithy-go"

	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Sender sends one email and returns SES's message id.
type Sender interface {
	Send(ctx context.Context, m mail.Message) (string, error)
}

// Store is what the mailer needs of the outbox (*store.Store). A claim or
// a record of an email that is no longer as the call expects (another
// mailer has it, or its lease is gone) gives store.ErrConflict, as does
// HoldLease while another run holds the mailer's lease.
type Store interface {
	HoldLease(ctx context.Context, job, holder string, now func() time.Time, maxRun, margin time.Duration) (release func() error, err error)
	ExpiredLeases(ctx context.Context, now time.Time, limit int32) ([]string, error)
	Requeue(ctx context.Context, id string, cutoff, now time.Time) error
	PendingOutbox(ctx context.Context, limit int32) ([]string, error)
	ClaimOutbox(ctx context.Context, id, leaseID string, now time.Time, lease time.Duration) (programme.Email, error)
	MarkSent(ctx context.Context, id, leaseID, messageID string, now time.Time) error
	Release(ctx context.Context, id, leaseID, reason string, now time.Time) error
	MarkFailed(ctx context.Context, id, leaseID, reason string, now time.Time) error
}

// Mailer is one run's configuration.
type Mailer struct {
	Store  Store
	Sender Sender
	Now    func() time.Time
	Log    *slog.Logger
	// Rate is the most emails a second (SES accounts allow 1 to tens).
	Rate float64
	// Lease is how long a claim holds an item.
	Lease time.Duration
	// ResendAfter: an item whose lease ran out this long ago with no Send
	// event from SES was never taken by SES, and is sent again (0: never).
	ResendAfter time.Duration
	// MaxSends bounds one run (0: until the outbox is empty or the
	// context's deadline is near).
	MaxSends int
	// MaxRun is how long the job lease holds when the run's context has no
	// deadline (0: 15 minutes, Lambda's longest timeout); with a deadline,
	// it holds until then, plus a margin.
	MaxRun time.Duration
	// AfterSend, if set, runs between SES's answer and the record; an
	// error there ends the run as if the process died at that point.
	// Tests inject faults with it; nil in production.
	AfterSend func(id string) error
}

// Report is what a run did.
type Report struct {
	Sent     int      `json:"sent"`
	Released int      `json:"released"` // SES refused for now (throttled); pending again
	Failed   []string `json:"failed,omitempty"`
	Unsure   []string `json:"unsure,omitempty"` // SES's answer was lost: left "sending", not resent
	Stuck    []string `json:"stuck,omitempty"`  // leases that ran out: waiting for a Send event
	Requeued int      `json:"requeued"`         // no Send event long after the lease: pending again
}

const deadlineMargin = 3 * time.Second

// LeaseName names the mailer's job lease (PK=LEASE#mailer).
const LeaseName = "mailer"

// leaseMargin is how long the job lease outlasts the run's deadline.
const leaseMargin = 10 * time.Second

// Run sends pending emails until there are none, the run's bound is
// reached or the context's deadline is near.
func (m *Mailer) Run(ctx context.Context) (Report, error) {
	var rep Report
	// This run's id: it holds the job lease and the claims of its items.
	leaseID := newLeaseID()
	maxRun := m.MaxRun
	if maxRun <= 0 {
		maxRun = 15 * time.Minute
	}
	release, err := m.Store.HoldLease(ctx, LeaseName, leaseID, m.Now, maxRun, leaseMargin)
	if errors.Is(err, store.ErrConflict) {
		m.Log.InfoContext(ctx, "another mailer run is sending; this one leaves it the outbox", "reason", err.Error())
		return rep, nil
	}
	if err != nil {
		return rep, err
	}
	defer func() {
		if err := release(); err != nil {
			m.Log.ErrorContext(ctx, "mailer's job lease not released", "error", err)
		}
	}()

	if m.ResendAfter > 0 {
		cutoff := m.Now().Add(-m.ResendAfter)
		old, err := m.Store.ExpiredLeases(ctx, cutoff, 100)
		if err != nil {
			return rep, err
		}
		for _, id := range old {
			if err := m.Store.Requeue(ctx, id, cutoff, m.Now()); err == nil {
				m.Log.WarnContext(ctx, "no Send event from SES long after the lease ran out: sending again "+
					"(a double send if SES did take it and its event was lost)", "outbox", id, "resendAfter", m.ResendAfter)
				rep.Requeued++
			} else if !errors.Is(err, store.ErrConflict) {
				return rep, err
			}
		}
	}
	stuck, err := m.Store.ExpiredLeases(ctx, m.Now(), 100)
	if err != nil {
		return rep, err
	}
	for _, id := range stuck {
		m.Log.ErrorContext(ctx, "outbox item's lease ran out while sending: waiting for SES's Send event before anything else",
			"outbox", id)
	}
	rep.Stuck = stuck

	interval := time.Duration(float64(time.Second) / max(m.Rate, 0.001))
	next := time.Now()
	attempted := 0
	for {
		ids, err := m.Store.PendingOutbox(ctx, 25)
		if err != nil {
			return rep, err
		}
		if len(ids) == 0 {
			break
		}
		progress := false
		for _, id := range ids {
			if m.MaxSends > 0 && attempted >= m.MaxSends || nearDeadline(ctx, interval) {
				m.log(ctx, rep)
				return rep, nil
			}
			// Pace before claiming, so no lease ticks away while waiting.
			if wait := time.Until(next); wait > 0 {
				select {
				case <-ctx.Done():
					return rep, ctx.Err()
				case <-time.After(wait):
				}
			}
			if now := time.Now(); now.After(next) {
				next = now
			}
			next = next.Add(interval)

			item, err := m.Store.ClaimOutbox(ctx, id, leaseID, m.Now(), m.Lease)
			if errors.Is(err, store.ErrConflict) {
				continue // another mailer has it, or the index lagged
			}
			if err != nil {
				return rep, err
			}
			attempted++
			progress = true
			if err := m.send(ctx, item, leaseID, &rep); err != nil {
				return rep, err
			}
		}
		if !progress {
			break // every listed item was taken by others; the index will catch up
		}
	}
	m.log(ctx, rep)
	return rep, nil
}

// SendNow sends one queued email at once, outside a run, through the same
// path (a lease on the item, SES, the record): for an email a person waits
// for (the link to apply). An item no longer pending (a run took it) is left
// to that run; if SES refuses for now, the item is pending again for the
// next run. It takes no job lease: its sends come on top of Rate (see the
// README on MailRate).
func (m *Mailer) SendNow(ctx context.Context, id string) error {
	leaseID := newLeaseID()
	item, err := m.Store.ClaimOutbox(ctx, id, leaseID, m.Now(), m.Lease)
	if errors.Is(err, store.ErrConflict) {
		return nil
	}
	if err != nil {
		return err
	}
	var rep Report
	return m.send(ctx, item, leaseID, &rep)
}

func (m *Mailer) send(ctx context.Context, item programme.Email, leaseID string, rep *Report) error {
	// The outbox id comes back in SES's events as this tag (ids are made
	// of SES's tag alphabet: programme.EmailID).
	tags := map[string]string{"outbox": item.ID, "kind": string(item.Kind)}
	id, sendErr := m.Sender.Send(ctx, mail.Message{To: []string{item.To}, Subject: item.Subject, Text: item.Text, HTML: item.HTML,
		Tags: tags})
	if m.AfterSend != nil {
		if err := m.AfterSend(item.ID); err != nil {
			return err
		}
	}
	now := m.Now()
	switch kind := classify(sendErr); kind {
	case sent:
		if err := m.Store.MarkSent(ctx, item.ID, leaseID, id, now); err != nil {
			// SES has it; only the record failed. It stays "sending": SES's
			// Send event settles it (see the package comment).
			m.Log.ErrorContext(ctx, "email sent but not recorded", "outbox", item.ID, "sesMessageId", id, "error", err)
			return err
		}
		rep.Sent++
	case refusedForNow:
		m.Log.WarnContext(ctx, "SES refused for now; back to pending", "outbox", item.ID, "error", sendErr)
		rep.Released++
		return m.Store.Release(ctx, item.ID, leaseID, sendErr.Error(), now)
	case refused:
		m.Log.ErrorContext(ctx, "SES will not send this email", "outbox", item.ID, "error", sendErr)
		rep.Failed = append(rep.Failed, item.ID)
		return m.Store.MarkFailed(ctx, item.ID, leaseID, sendErr.Error(), now)
	default:
		m.Log.ErrorContext(ctx, "SES's answer was lost: the email may have gone out, so it stays 'sending' and is not resent",
			"outbox", item.ID, "error", sendErr)
		rep.Unsure = append(rep.Unsure, item.ID)
	}
	return nil
}

// log reports what the run did.
func (m *Mailer) log(ctx context.Context, rep Report) {
	m.Log.InfoContext(ctx, "mailer run done", "sent", rep.Sent, "released", rep.Released, "failed", len(rep.Failed),
		"unsure", len(rep.Unsure), "stuck", len(rep.Stuck))
}

type outcome int

const (
	sent outcome = iota
	refusedForNow
	refused
	unknown
)

// classify sorts SES's answer: sent; refused for now (throttling, sending
// paused: certainly not sent, try later); refused for good (a bad message or
// address); or unknown (a timeout or a network error: it may have gone out).
func classify(err error) outcome {
	if err == nil {
		return sent
	}
	if errors.Is(err, mail.ErrInvalidMessage) {
		return refused
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "TooManyRequestsException", "LimitExceededException", "SendingPausedException", "Throttling", "ThrottlingException":
			return refusedForNow
		case "MessageRejected", "BadRequestException", "MailFromDomainNotVerifiedException", "NotFoundException", "AccountSuspendedException":
			return refused
		}
		if api.ErrorFault() == smithy.FaultClient {
			return refused
		}
	}
	return unknown
}

func nearDeadline(ctx context.Context, interval time.Duration) bool {
	d, ok := ctx.Deadline()
	return ok && time.Until(d) < deadlineMargin+interval
}

func newLeaseID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
