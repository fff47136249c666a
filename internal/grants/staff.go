package grants

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Review is staff's answer to a submitted report: approve it (recording
// the year's reimbursement) or return it with comments.
type Review struct {
	Year     int
	Approve  bool
	Comments string // required to return
}

// ReviewReport approves or returns year y's submitted report of grant
// ref. Approval records the year's reimbursement in one transaction with
// the grant's paid total (programme.ApproveReport: never above the year's
// amount, never twice; the last year's closes the grant). Two staff at
// once: one wins; the other is told what happened (read again: approved
// already, or returned).
func (s *Service) ReviewReport(ctx context.Context, ref string, rv Review, by string) (programme.Grant, programme.Report, error) {
	for attempt := 0; ; attempt++ {
		f, err := s.file(ctx, ref)
		if err != nil {
			return programme.Grant{}, programme.Report{}, err
		}
		r := f.Report(rv.Year)
		if _, ok := f.Grant.Year(rv.Year); !ok {
			return f.Grant, r, programme.ErrNoSuchYear
		}
		now := s.Now()
		var g programme.Grant
		var line *store.Audit
		if rv.Approve {
			g, r, err = programme.ApproveReport(f.Grant, r, by, now)
			detail := map[string]string{"year": strconv.Itoa(rv.Year), "reimbursed": strconv.FormatInt(r.Reimbursed, 10),
				"paid": strconv.FormatInt(g.Paid, 10)}
			if g.State == programme.GrantClosed {
				detail["unused"] = strconv.FormatInt(g.Unused, 10)
			}
			line = audit(by, programme.AuditReportApproved, "report approved", detail)
		} else {
			g, r, err = programme.ReturnReport(f.Grant, r, rv.Comments, by, now)
			line = audit(by, programme.AuditReportReturned, "report returned",
				map[string]string{"year": strconv.Itoa(rv.Year), "comments": r.Comments})
		}
		if err != nil {
			return f.Grant, r, err
		}
		err = s.writeReport(ctx, f.Grant, &g, r, line, now)
		if errors.Is(err, ErrChanged) && attempt == 0 {
			continue // another staff member, just now: the rules say what stands
		}
		if err != nil {
			return f.Grant, r, err
		}
		s.Log.InfoContext(ctx, "report reviewed", "ref", ref, "year", rv.Year, "approved", rv.Approve, "reimbursed", r.Reimbursed,
			"closed", g.State == programme.GrantClosed, "by", by)
		return g, r, nil
	}
}

// DecideChange approves or refuses change request id of grant ref with
// staff's motivation. An approved change is made to the grant as it is now,
// in one transaction with the request's decision and an audit line
// holding the grant's changed part before and after.
func (s *Service) DecideChange(ctx context.Context, ref, id string, approve bool, motivation, by string) (programme.ChangeRequest, error) {
	f, err := s.file(ctx, ref)
	if err != nil {
		return programme.ChangeRequest{}, err
	}
	c, ok := f.Change(id)
	if !ok {
		return c, ErrNotFound
	}
	now := s.Now()
	var a *programme.Amendment
	var decided programme.ChangeRequest
	if approve {
		var am programme.Amendment
		am, decided, err = programme.ApproveChange(f.Grant, c, motivation, by, now)
		a = &am
	} else {
		decided, err = programme.RefuseChange(f.Grant, c, motivation, by, now)
	}
	if err != nil {
		return c, err
	}
	detail := map[string]string{"change": c.ID, "kind": string(c.Kind), "state": string(decided.State), "motivation": decided.Motivation}
	if a != nil {
		detail["before"], detail["after"] = changedPart(c.Kind, a.Before), changedPart(c.Kind, a.After)
	}
	err = s.Store.DecideChange(ctx, decided, a, *audit(by, programme.AuditChangeDecided, "change "+string(decided.State), detail))
	if errors.Is(err, store.ErrConflict) {
		return c, ErrChanged
	}
	if err != nil {
		return c, err
	}
	s.Log.InfoContext(ctx, "change decided", "ref", ref, "change", id, "kind", c.Kind, "state", decided.State, "by", by)
	return decided, nil
}

// changedPart is the part of a grant a change of kind touches, as JSON:
// the years (deadlines), the budget lines, or the team.
func changedPart(kind programme.ChangeKind, g programme.Grant) string {
	var v any
	switch kind {
	case programme.ChangeExtension:
		type year struct {
			Year    int    `json:"year"`
			LastDay string `json:"lastDay"`
		}
		var ys []year
		for _, y := range g.Years {
			ys = append(ys, year{y.Year, y.LastDay().Format(time.DateOnly)})
		}
		v = ys
	case programme.ChangeMove:
		v = g.Lines
	default:
		v = g.Team
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// Overview is every grant as staff follow them, with the sums per round.
type Overview struct {
	Now    time.Time
	Grants []programme.Grant // by round, then reference
	Totals []programme.GrantTotals
}

// Overview reads every round's grants (per round: a GSI2 Query and
// BatchGetItem) and sums them.
func (s *Service) Overview(ctx context.Context) (Overview, error) {
	rounds, err := s.Store.Rounds(ctx)
	if err != nil {
		return Overview{}, err
	}
	o := Overview{Now: s.Now()}
	for _, r := range rounds {
		gs, err := s.Store.Grants(ctx, r.ID)
		if err != nil {
			return o, fmt.Errorf("read grants of %s: %w", r.ID, err)
		}
		o.Grants = append(o.Grants, gs...)
	}
	slices.SortStableFunc(o.Grants, func(a, b programme.Grant) int {
		if a.RoundID != b.RoundID {
			if a.RoundID > b.RoundID { // the newest round first
				return -1
			}
			return 1
		}
		if a.Ref < b.Ref {
			return -1
		}
		return 1
	})
	o.Totals = programme.TotalsByRound(o.Grants, o.Now)
	return o, nil
}
