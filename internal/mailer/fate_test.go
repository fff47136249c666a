package mailer_test

// The mailer on an in-memory fake of the outbox: no DynamoDB Local, no SES
// server, so `make test-unit` runs it. The pace and the crash cases stay in
// the integration tests (mailer_test.go, lease_test.go).

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"partnerskap/internal/mail"
	"partnerskap/internal/mailer"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// fakeOutbox is mailer.Store as function fields over one pending email;
// every write the mailer makes is recorded in calls. It holds no table.
type fakeOutbox struct {
	t     *testing.T
	calls []string

	HoldLeaseFn     func(job, holder string) error
	ExpiredLeasesFn func(now time.Time) []string
	RequeueFn       func(id string, cutoff, now time.Time) error
	PendingFn       func() []string
	ClaimFn         func(id, leaseID string) (programme.Email, error)
	// MarkSent, Release and MarkFailed are recorded, and answer err.
	err error
}

var _ mailer.Store = (*fakeOutbox)(nil)
var _ mailer.Store = (*store.Store)(nil)

func (f *fakeOutbox) record(call string) { f.calls = append(f.calls, call) }

func (f *fakeOutbox) HoldLease(_ context.Context, job, holder string, _ func() time.Time, _, _ time.Duration) (func() error, error) {
	if err := f.HoldLeaseFn(job, holder); err != nil {
		return nil, err
	}
	return func() error { f.record("release lease"); return nil }, nil
}

func (f *fakeOutbox) ExpiredLeases(_ context.Context, now time.Time, _ int32) ([]string, error) {
	return f.ExpiredLeasesFn(now), nil
}

func (f *fakeOutbox) Requeue(_ context.Context, id string, cutoff, now time.Time) error {
	if f.RequeueFn == nil {
		f.t.Fatalf("unexpected call: Requeue %s", id)
	}
	f.record("Requeue " + id)
	return f.RequeueFn(id, cutoff, now)
}

func (f *fakeOutbox) PendingOutbox(context.Context, int32) ([]string, error) {
	return f.PendingFn(), nil
}

func (f *fakeOutbox) ClaimOutbox(_ context.Context, id, leaseID string, _ time.Time, _ time.Duration) (programme.Email, error) {
	f.record("ClaimOutbox " + id)
	return f.ClaimFn(id, leaseID)
}

func (f *fakeOutbox) MarkSent(_ context.Context, id, _, messageID string, _ time.Time) error {
	f.record("MarkSent " + id + " " + messageID)
	return f.err
}

func (f *fakeOutbox) Release(_ context.Context, id, _, _ string, _ time.Time) error {
	f.record("Release " + id)
	return f.err
}

func (f *fakeOutbox) MarkFailed(_ context.Context, id, _, _ string, _ time.Time) error {
	f.record("MarkFailed " + id)
	return f.err
}

var closedEmail = programme.Email{ID: programme.EmailID(programme.AboutClosed, "KP-XJXMFDHFW1"), Kind: programme.RoundClosedEmail,
	Ref: "KP-XJXMFDHFW1", RoundID: "2027-1", To: "anna@kalix.example.se", Subject: "S", Text: "T", State: programme.EmailSending}

// oneEmail is an outbox holding closedEmail, pending, with no lease held
// by another run and none run out.
func oneEmail(t *testing.T) *fakeOutbox {
	f := &fakeOutbox{t: t}
	f.HoldLeaseFn = func(string, string) error { return nil }
	f.ExpiredLeasesFn = func(time.Time) []string { return nil }
	f.PendingFn = func() []string {
		if slices.Contains(f.calls, "ClaimOutbox "+closedEmail.ID) {
			return nil
		}
		return []string{closedEmail.ID}
	}
	f.ClaimFn = func(id, leaseID string) (programme.Email, error) {
		e := closedEmail
		e.LeaseID = leaseID
		return e, nil
	}
	return f
}

// answer is a Sender that gives one answer and records what it was asked.
type answer struct {
	err  error
	sent []mail.Message
}

func (a *answer) Send(_ context.Context, m mail.Message) (string, error) {
	a.sent = append(a.sent, m)
	if a.err != nil {
		return "", a.err
	}
	return "0100-ses-id", nil
}

func newUnitMailer(s mailer.Store, sender mailer.Sender) *mailer.Mailer {
	return &mailer.Mailer{Store: s, Sender: sender, Now: func() time.Time { return time.Date(2027, 3, 15, 17, 0, 0, 0, time.UTC) },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Rate: 1000, Lease: time.Minute, MaxSends: 1}
}

// SES's answer decides the email's fate: sent (its message id recorded);
// refused for now (throttled, paused: certainly not sent, so back to
// pending); refused for good (failed); or unknown (a timeout, a network
// error, a server fault: it may have gone out, so it stays sending and is
// not resent).
func TestSESAnswersSortIntoSentReleasedFailedUnsure(t *testing.T) {
	api := func(code string, fault smithy.ErrorFault) error {
		return &smithy.GenericAPIError{Code: code, Message: "m", Fault: fault}
	}
	id := closedEmail.ID
	for _, c := range []struct {
		name   string
		err    error
		record string // the store's call after the send, "" for none
		fate   string // sent, released, failed, unsure
	}{
		{"accepted", nil, "MarkSent " + id + " 0100-ses-id", "sent"},
		{"TooManyRequestsException", api("TooManyRequestsException", smithy.FaultClient), "Release " + id, "released"},
		{"Throttling", api("Throttling", smithy.FaultClient), "Release " + id, "released"},
		{"ThrottlingException", api("ThrottlingException", smithy.FaultClient), "Release " + id, "released"},
		{"LimitExceededException", api("LimitExceededException", smithy.FaultClient), "Release " + id, "released"},
		{"SendingPausedException", api("SendingPausedException", smithy.FaultClient), "Release " + id, "released"},
		{"MessageRejected", api("MessageRejected", smithy.FaultClient), "MarkFailed " + id, "failed"},
		{"MailFromDomainNotVerifiedException", api("MailFromDomainNotVerifiedException", smithy.FaultClient), "MarkFailed " + id, "failed"},
		{"AccountSuspendedException", api("AccountSuspendedException", smithy.FaultClient), "MarkFailed " + id, "failed"},
		{"another client fault", api("InvalidParameterValue", smithy.FaultClient), "MarkFailed " + id, "failed"},
		{"an invalid message", mail.ErrInvalidMessage, "MarkFailed " + id, "failed"},
		{"a server fault", api("InternalFailure", smithy.FaultServer), "", "unsure"},
		{"a fault of unknown side", api("Whatever", smithy.FaultUnknown), "", "unsure"},
		{"a timeout", context.DeadlineExceeded, "", "unsure"},
		{"a broken connection", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}, "", "unsure"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := oneEmail(t)
			sender := &answer{err: c.err}
			rep, err := newUnitMailer(s, sender).Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"ClaimOutbox " + id}
			if c.record != "" {
				want = append(want, c.record)
			}
			want = append(want, "release lease")
			if !slices.Equal(s.calls, want) {
				t.Errorf("store calls %q, want %q", s.calls, want)
			}
			got := map[string]bool{"sent": rep.Sent == 1, "released": rep.Released == 1,
				"failed": slices.Equal(rep.Failed, []string{id}), "unsure": slices.Equal(rep.Unsure, []string{id})}
			for fate, yes := range got {
				if yes != (fate == c.fate) {
					t.Errorf("report %+v, want it %s only", rep, c.fate)
					break
				}
			}
			// What went to SES: the email as queued, tagged so that SES's
			// events find the item again.
			if len(sender.sent) != 1 || sender.sent[0].Tags["outbox"] != id || sender.sent[0].Tags["kind"] != "round-closed" ||
				!slices.Equal(sender.sent[0].To, []string{"anna@kalix.example.se"}) {
				t.Errorf("sent %+v", sender.sent)
			}
		})
	}
}

// An email SES took but whose record failed stays sending (SES's Send
// event settles it); the run ends with the error so it is retried.
func TestSentButNotRecordedEndsTheRun(t *testing.T) {
	s := oneEmail(t)
	s.err = errors.New("table unreachable")
	_, err := newUnitMailer(s, &answer{}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "table unreachable") {
		t.Fatalf("got %v, want the record's error", err)
	}
}

// While another run holds the mailer's lease, a run sends nothing and
// reports nothing.
func TestARunLeavesTheOutboxToTheRunHoldingTheLease(t *testing.T) {
	s := oneEmail(t)
	s.HoldLeaseFn = func(job, _ string) error {
		if job != mailer.LeaseName {
			t.Errorf("lease %q", job)
		}
		return store.ErrConflict
	}
	sender := &answer{}
	rep, err := newUnitMailer(s, sender).Run(context.Background())
	if err != nil || rep.Sent != 0 || len(s.calls) != 0 || len(sender.sent) != 0 {
		t.Fatalf("%+v %v, calls %q, sent %d", rep, err, s.calls, len(sender.sent))
	}
}

// A lease that ran out ResendAfter ago with no Send event from SES is put
// back to pending; one that ran out since is only reported as stuck.
func TestExpiredLeasesAreSentAgainOnlyLongAfter(t *testing.T) {
	s := oneEmail(t)
	s.PendingFn = func() []string { return nil }
	now := time.Date(2027, 3, 15, 17, 0, 0, 0, time.UTC)
	s.ExpiredLeasesFn = func(before time.Time) []string {
		if before.Before(now) {
			return []string{"closed_KP-OLD"} // ran out before the cutoff
		}
		return []string{"closed_KP-RECENT"}
	}
	s.RequeueFn = func(id string, cutoff, _ time.Time) error {
		if want := now.Add(-15 * time.Minute); !cutoff.Equal(want) {
			t.Errorf("requeue cutoff %s, want %s", cutoff, want)
		}
		return nil
	}
	m := newUnitMailer(s, &answer{})
	m.ResendAfter = 15 * time.Minute
	rep, err := m.Run(context.Background())
	if err != nil || rep.Requeued != 1 || !slices.Equal(rep.Stuck, []string{"closed_KP-RECENT"}) || !slices.Contains(s.calls, "Requeue closed_KP-OLD") {
		t.Fatalf("%+v %v, calls %q", rep, err, s.calls)
	}
}
