package staff_test

import (
	"context"
	"testing"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
	"partnerskap/internal/store"
)

// fakeStore is staff.Store as function fields, in the manner of
// benbjohnson/wtf's mock package: a test sets the calls it expects, and any
// other call fails it. It holds no table of its own.
type fakeStore struct {
	t *testing.T
	// Released are the organisations' counts given back (round/organisation).
	Released []string

	RoundsFn            func() ([]programme.Round, error)
	RoundFn             func(id string) (programme.Round, error)
	CountByStatusFn     func(roundID string, status programme.AppStatus) (int, error)
	RoundTallyFn        func(roundID string) (map[programme.AppStatus]int, int64, error)
	ExtendDeadlineFn    func(r programme.Round, closes, now time.Time, actor string) error
	MoveRoundFn         func(r programme.Round, to programme.RoundStatus, now time.Time, actor string) error
	ApplicationFn       func(ref string) (programme.Application, store.Secrets, error)
	ApplicationLogFn    func(ref string) ([]programme.AuditEntry, error)
	ApplicationsFn      func(roundID string, f programme.AppFilter) ([]programme.AppSummary, error)
	ApplicationsPageFn  func(roundID string, f programme.AppFilter, limit int32, cursor string) ([]programme.AppSummary, string, error)
	AppsByStatusFn      func(roundID string, status programme.AppStatus, limit int32, cursor string) ([]programme.Application, string, error)
	RecordDecisionFn    func(app programme.Application, round programme.Round, d programme.Decision) error
	WithdrawFn          func(app programme.Application, w programme.Withdrawal) error
	QueueDecisionFn     func(app programme.Application, mails []programme.Email, now time.Time, by string) error
	RoundOutboxCountsFn func(roundID, idPrefix string) (map[string]int, error)
	RoundOutboxInFn     func(roundID, idPrefix string, states ...string) ([]programme.Email, error)
}

var _ staff.Store = (*fakeStore)(nil)
var _ staff.Store = (*store.Store)(nil)

func (f *fakeStore) unexpected(call string) {
	f.t.Helper()
	f.t.Fatalf("unexpected call: %s", call)
}

func (f *fakeStore) Rounds(context.Context) ([]programme.Round, error) {
	if f.RoundsFn == nil {
		f.unexpected("Rounds")
	}
	return f.RoundsFn()
}

func (f *fakeStore) Round(_ context.Context, id string) (programme.Round, error) {
	if f.RoundFn == nil {
		f.unexpected("Round " + id)
	}
	return f.RoundFn(id)
}

func (f *fakeStore) CountByStatus(_ context.Context, roundID string, status programme.AppStatus) (int, error) {
	if f.CountByStatusFn == nil {
		f.unexpected("CountByStatus")
	}
	return f.CountByStatusFn(roundID, status)
}

func (f *fakeStore) ExtendDeadline(_ context.Context, r programme.Round, closes, now time.Time, actor string) error {
	if f.ExtendDeadlineFn == nil {
		f.unexpected("ExtendDeadline " + r.ID)
	}
	return f.ExtendDeadlineFn(r, closes, now, actor)
}

func (f *fakeStore) MoveRound(_ context.Context, r programme.Round, to programme.RoundStatus, now time.Time, actor string) error {
	if f.MoveRoundFn == nil {
		f.unexpected("MoveRound " + r.ID)
	}
	return f.MoveRoundFn(r, to, now, actor)
}

func (f *fakeStore) Application(_ context.Context, ref string) (programme.Application, store.Secrets, error) {
	if f.ApplicationFn == nil {
		f.unexpected("Application " + ref)
	}
	return f.ApplicationFn(ref)
}

func (f *fakeStore) ApplicationLog(_ context.Context, ref string) ([]programme.AuditEntry, error) {
	if f.ApplicationLogFn == nil {
		f.unexpected("ApplicationLog " + ref)
	}
	return f.ApplicationLogFn(ref)
}

func (f *fakeStore) Applications(_ context.Context, roundID string, fl programme.AppFilter) ([]programme.AppSummary, error) {
	if f.ApplicationsFn == nil {
		f.unexpected("Applications " + roundID)
	}
	return f.ApplicationsFn(roundID, fl)
}

func (f *fakeStore) ApplicationsPage(_ context.Context, roundID string, fl programme.AppFilter, limit int32, cursor string) ([]programme.AppSummary, string, error) {
	if f.ApplicationsPageFn == nil {
		f.unexpected("ApplicationsPage " + roundID)
	}
	return f.ApplicationsPageFn(roundID, fl, limit, cursor)
}

func (f *fakeStore) AppsByStatus(_ context.Context, roundID string, status programme.AppStatus, limit int32, cursor string) ([]programme.Application, string, error) {
	if f.AppsByStatusFn == nil {
		f.unexpected("AppsByStatus " + roundID)
	}
	return f.AppsByStatusFn(roundID, status, limit, cursor)
}

func (f *fakeStore) RecordDecision(_ context.Context, app programme.Application, round programme.Round, d programme.Decision) error {
	if f.RecordDecisionFn == nil {
		f.unexpected("RecordDecision " + app.Ref)
	}
	return f.RecordDecisionFn(app, round, d)
}

func (f *fakeStore) QueueDecisionAndGrant(_ context.Context, app programme.Application, mails []programme.Email, now time.Time, by string, _ *store.GrantStart) error {
	if f.QueueDecisionFn == nil {
		f.unexpected("QueueDecision " + app.Ref)
	}
	return f.QueueDecisionFn(app, mails, now, by)
}

func (f *fakeStore) RoundOutboxCounts(_ context.Context, roundID, idPrefix string) (map[string]int, error) {
	if f.RoundOutboxCountsFn == nil {
		f.unexpected("RoundOutboxCounts " + roundID)
	}
	return f.RoundOutboxCountsFn(roundID, idPrefix)
}

func (f *fakeStore) RoundOutboxIn(_ context.Context, roundID, idPrefix string, states ...string) ([]programme.Email, error) {
	if f.RoundOutboxInFn == nil {
		f.unexpected("RoundOutboxIn " + roundID)
	}
	return f.RoundOutboxInFn(roundID, idPrefix, states...)
}

func (f *fakeStore) RoundTally(_ context.Context, roundID string) (map[programme.AppStatus]int, int64, error) {
	if f.RoundTallyFn == nil {
		f.unexpected("RoundTally")
	}
	return f.RoundTallyFn(roundID)
}

// ReleaseOrganisation records the organisations given a count back.
func (f *fakeStore) ReleaseOrganisation(_ context.Context, round, org string) error {
	f.Released = append(f.Released, round+"/"+org)
	return nil
}

func (f *fakeStore) Withdraw(_ context.Context, app programme.Application, w programme.Withdrawal) error {
	if f.WithdrawFn == nil {
		f.unexpected("Withdraw " + app.Ref)
	}
	return f.WithdrawFn(app, w)
}
