package review

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
	"partnerskap/internal/store"
)

// Assign gives each application in review of a closed round the rule's
// number of reviewers (programme.Assign: never one with a declared
// conflict, the load balanced, what was assigned before kept). Each
// application's changes are one transaction; one that fails (changed
// meanwhile, a sheet submitted since) is reported and the others stand.
// Running it again changes only what must change.
func (s *Service) Assign(ctx context.Context, roundID, by string) (programme.AssignPlan, []Failure, error) {
	r, err := s.round(ctx, roundID)
	if err != nil {
		return programme.AssignPlan{}, nil, err
	}
	if r.Rules.Review == nil {
		return programme.AssignPlan{}, nil, ErrNoReview
	}
	if r.Status != programme.RoundClosed {
		return programme.AssignPlan{}, nil, programme.ErrRoundNotClosed
	}
	apps, err := s.Store.Applications(ctx, roundID, programme.AppFilter{Status: programme.AppInReview})
	if err != nil {
		return programme.AssignPlan{}, nil, err
	}
	reviewers, err := s.Store.Reviewers(ctx)
	if err != nil {
		return programme.AssignPlan{}, nil, err
	}
	items, err := s.Store.RoundReviews(ctx, roundID)
	if err != nil {
		return programme.AssignPlan{}, nil, err
	}
	existing := make([]programme.Assignment, len(items))
	for i, it := range items {
		existing[i] = programme.Assignment{Ref: it.Ref, Reviewer: it.Reviewer}
	}
	plan := programme.Assign(apps, reviewers, existing, r.Rules.Review.ReviewersPerApplication)
	add, remove := map[string][]string{}, map[string][]string{}
	for _, a := range plan.Added {
		add[a.Ref] = append(add[a.Ref], a.Reviewer)
	}
	for _, a := range plan.Removed {
		remove[a.Ref] = append(remove[a.Ref], a.Reviewer)
	}
	var failed []Failure
	now := s.Now()
	for _, app := range apps {
		if len(add[app.Ref]) == 0 && len(remove[app.Ref]) == 0 {
			continue
		}
		if err := s.Store.ChangeAssignments(ctx, app, roundID, add[app.Ref], remove[app.Ref], "assignment", by, now); err != nil {
			if !errors.Is(err, store.ErrConflict) {
				return plan, failed, err
			}
			failed = append(failed, Failure{Ref: app.Ref, Err: ErrChanged})
		}
	}
	s.Log.InfoContext(ctx, "reviewers assigned", "round", roundID, "added", len(plan.Added), "removed", len(plan.Removed),
		"short", len(plan.Short), "failed", len(failed), "by", by)
	return plan, failed, nil
}

// Failure is one application a batch could not change, and why.
type Failure struct {
	Ref string
	Err error
}

// Meeting is the decision meeting's view of a round.
type Meeting struct {
	Round   programme.Round
	Rule    *programme.ReviewRule // nil: the round has no review
	Rows    []programme.RankedApp
	Granted int64 // granted so far, the round's grantedTotal
	// Sheets are the submitted sheets per application, for the spread.
	Sheets map[string][]programme.ScoreSheet
}

// Meeting ranks the round's applications by their reviews (one GSI1 Query
// of the applications, one of the assignments and a BatchGetItem of the
// sheets), filtered by f, with the running total against the budget.
func (s *Service) Meeting(ctx context.Context, roundID string, f programme.AppFilter) (Meeting, error) {
	r, err := s.round(ctx, roundID)
	if err != nil {
		return Meeting{}, err
	}
	m := Meeting{Round: r, Rule: r.Rules.Review, Granted: r.GrantedTotal, Sheets: map[string][]programme.ScoreSheet{}}
	apps, err := s.Store.Applications(ctx, roundID, programme.AppFilter{})
	if err != nil {
		return m, err
	}
	results := map[string]programme.Result{}
	if r.Rules.Review != nil {
		items, err := s.Store.RoundReviews(ctx, roundID)
		if err != nil {
			return m, err
		}
		sheets := make([]programme.ScoreSheet, 0, len(items))
		for _, it := range items {
			sheets = append(sheets, it.Sheet)
			if it.Sheet.Status == programme.SheetSubmitted {
				m.Sheets[it.Ref] = append(m.Sheets[it.Ref], it.Sheet)
			}
		}
		results = r.Rules.Review.Results(sheets)
	}
	m.Rows = programme.Rank(apps, results, r.Budget, f)
	return m, nil
}

// Reviews is an application's assignments and sheets, for staff.
func (s *Service) Reviews(ctx context.Context, ref string) ([]store.ReviewItem, error) {
	return s.Store.ApplicationReviews(ctx, ref)
}

// Reopen reopens a reviewer's submitted sheet of ref, so they can change it.
func (s *Service) Reopen(ctx context.Context, ref, reviewer, by string) error {
	it, err := s.Store.Review(ctx, ref, reviewer)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotAssigned
	}
	if err != nil {
		return err
	}
	if it.Sheet.Status != programme.SheetSubmitted {
		return ErrChanged
	}
	if err := s.Store.ReopenSheet(ctx, it, by, s.Now()); err != nil {
		return changed(err)
	}
	s.Log.InfoContext(ctx, "score sheet reopened", "ref", ref, "reviewer", reviewer, "by", by)
	return nil
}

// Reassign moves ref's assignment from one reviewer to another: a
// registered reviewer, not assigned to it already, without a conflict with
// it. Two staff at once: one wins, the other gets ErrChanged.
func (s *Service) Reassign(ctx context.Context, ref, from, to, by string) error {
	it, err := s.Store.Review(ctx, ref, from)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotAssigned
	}
	if err != nil {
		return err
	}
	reviewers, err := s.Store.Reviewers(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(reviewers, func(r programme.Reviewer) bool { return r.ID == to })
	if i < 0 || to == from {
		return ErrNotReviewer
	}
	if _, conflicted := reviewers[i].ConflictWith(it.App); conflicted {
		return ErrNotReviewer
	}
	if _, err := s.Store.Review(ctx, ref, to); err == nil {
		return ErrNotReviewer
	}
	if err := s.Store.Reassign(ctx, it, to, by, s.Now()); err != nil {
		return changed(err)
	}
	s.Log.InfoContext(ctx, "reviewer reassigned", "ref", ref, "from", from, "to", to, "by", by)
	return nil
}

// Batch is a decision on several applications at once: one outcome, one
// motivation; a grant is of the amount each requested.
type Batch struct {
	Refs         []string
	Outcome      string
	Motivation   string
	MotivationEn string
}

// MaxBatch is the most applications one batch decides.
const MaxBatch = 300

// BatchResult says which applications a batch decided and which not, why.
type BatchResult struct {
	Done   []string
	Failed []Failure
}

// BatchDecide decides each application of the batch with its own
// budget-checked transaction (the decision form's, Decider), in the order
// given: a grant that would cross the budget fails alone, and the rest go
// on. The batch's own problems (no application, an unknown outcome, no
// motivation) refuse it whole, before anything is written.
func (s *Service) BatchDecide(ctx context.Context, roundID string, b Batch, by string) (BatchResult, error) {
	var res BatchResult
	refs := slices.Compact(slices.Clone(b.Refs))
	var errs programme.FieldErrors
	switch {
	case len(refs) == 0:
		errs = append(errs, programme.FieldError{Field: "refs", Code: programme.CodeRequired})
	case len(refs) > MaxBatch:
		errs = append(errs, programme.FieldError{Field: "refs", Code: programme.CodeTooLong, Args: []any{MaxBatch}})
	}
	if b.Outcome != string(programme.Granted) && b.Outcome != string(programme.Rejected) {
		errs = append(errs, programme.FieldError{Field: "outcome", Code: programme.CodeInvalidChoice})
	}
	if strings.TrimSpace(b.Motivation) == "" {
		errs = append(errs, programme.FieldError{Field: "motivation", Code: programme.CodeRequired})
	}
	if errs != nil {
		return res, errs
	}
	for _, ref := range refs {
		app, _, err := s.Store.Application(ctx, ref)
		switch {
		case errors.Is(err, store.ErrNotFound) || (err == nil && app.RoundID != roundID):
			res.Failed = append(res.Failed, Failure{Ref: ref, Err: ErrUnknownApplication})
			continue
		case err != nil:
			return res, err
		}
		in := programme.DecisionInput{Outcome: b.Outcome, Motivation: b.Motivation, MotivationEn: b.MotivationEn, Version: app.Version}
		if b.Outcome == string(programme.Granted) {
			in.Amount = app.RequestedTotal()
		}
		if _, err := s.Decide(ctx, ref, in, by); err != nil {
			if !known(err) {
				return res, fmt.Errorf("decide %s: %w", ref, err)
			}
			res.Failed = append(res.Failed, Failure{Ref: ref, Err: err})
			continue
		}
		res.Done = append(res.Done, ref)
	}
	s.Log.InfoContext(ctx, "batch decided", "round", roundID, "outcome", b.Outcome, "done", len(res.Done), "failed", len(res.Failed), "by", by)
	return res, nil
}

// known says whether a decision's error is one a person can act on (the
// budget, a rule, a field, a change meanwhile), not the system's.
func known(err error) bool {
	var fe programme.FieldErrors
	var ob *programme.OverBudgetError
	return errors.As(err, &fe) || errors.As(err, &ob) || errors.Is(err, programme.ErrDecisionLocked) ||
		errors.Is(err, programme.ErrRoundNotClosed) || errors.Is(err, programme.ErrNotUnderReview) ||
		errors.Is(err, staff.ErrApplicationChanged) || errors.Is(err, staff.ErrUnknownApplication)
}

// AppReviews is an application's reviews as staff see them.
type AppReviews struct {
	Round     programme.Round
	Rule      *programme.ReviewRule
	Items     []store.ReviewItem
	Reviewers []programme.Reviewer // every registered reviewer
	// Free are the reviewers an assignment of it can move to: not
	// assigned to it, without a conflict with it.
	Free []programme.Reviewer
}

// ApplicationView reads an application's reviews and the reviewers.
func (s *Service) ApplicationView(ctx context.Context, ref string) (AppReviews, error) {
	app, _, err := s.Store.Application(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return AppReviews{}, ErrUnknownApplication
	}
	if err != nil {
		return AppReviews{}, err
	}
	r, err := s.round(ctx, app.RoundID)
	if err != nil {
		return AppReviews{}, err
	}
	v := AppReviews{Round: r, Rule: r.Rules.Review}
	if v.Items, err = s.Store.ApplicationReviews(ctx, ref); err != nil {
		return v, err
	}
	if v.Reviewers, err = s.Store.Reviewers(ctx); err != nil {
		return v, err
	}
	summary := programme.AppSummary{Ref: app.Ref, SwedishOrganisation: app.SwedishParty.Organisation, Country: app.Partner.Country}
	for _, rv := range v.Reviewers {
		_, conflicted := rv.ConflictWith(summary)
		assigned := slices.ContainsFunc(v.Items, func(it store.ReviewItem) bool { return it.Reviewer == rv.ID })
		if !conflicted && !assigned {
			v.Free = append(v.Free, rv)
		}
	}
	return v, nil
}
