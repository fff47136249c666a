// Package review is the assessment before the decision: reviewers declare
// their conflicts of interest, staff assign each application of a closed
// round to the round's number of reviewers (never one with a conflict),
// reviewers say on opening an application whether they have a conflict
// with it and then score it per criterion, and staff hold the decision
// meeting: the round's applications ranked by their weighted scores with
// the spread between reviewers flagged, the running total against the
// budget, and batch decisions (each application its own budget-checked
// decision). The rules are programme's (review.go, reviewer.go); every
// write is the store's, conditioned on what was read.
package review

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Store is what review needs of the table (*store.Store).
type Store interface {
	Round(ctx context.Context, id string) (programme.Round, error)
	Applications(ctx context.Context, roundID string, f programme.AppFilter) ([]programme.AppSummary, error)
	Application(ctx context.Context, ref string) (programme.Application, store.Secrets, error)

	Review(ctx context.Context, ref, reviewer string) (store.ReviewItem, error)
	ReviewerQueue(ctx context.Context, reviewer string) ([]store.ReviewItem, error)
	RoundReviews(ctx context.Context, roundID string) ([]store.ReviewItem, error)
	ApplicationReviews(ctx context.Context, ref string) ([]store.ReviewItem, error)
	Reviewer(ctx context.Context, sub string) (programme.Reviewer, int64, error)
	Reviewers(ctx context.Context) ([]programme.Reviewer, error)
	PutReviewer(ctx context.Context, r programme.Reviewer, version int64, at time.Time) error
	ChangeAssignments(ctx context.Context, app programme.AppSummary, roundID string, add, remove []string, reason, by string, at time.Time) error
	SaveSheet(ctx context.Context, it store.ReviewItem, sheet programme.ScoreSheet, audit *store.Audit, at time.Time) error
	ClearReview(ctx context.Context, it store.ReviewItem, at time.Time) error
	DeclareConflict(ctx context.Context, it store.ReviewItem, r programme.Reviewer, version int64, c programme.Conflict, at time.Time) error
	ReopenSheet(ctx context.Context, it store.ReviewItem, by string, at time.Time) error
	Reassign(ctx context.Context, from store.ReviewItem, to string, by string, at time.Time) error
}

// Decider records one decision as staff's decision form does
// (staff.Service.Decide: the budget-safe transaction).
type Decider func(ctx context.Context, ref string, in programme.DecisionInput, by string) (programme.Decision, error)

// Files issues read links to an application's documents (package bucket).
type Files interface {
	ReadLink(ctx context.Context, d programme.Document) (string, error)
}

// Service is the reviewers' and staff's work on review.
type Service struct {
	Store  Store
	Now    func() time.Time
	Log    *slog.Logger
	Decide Decider // staff's decisions (StaffFunction); nil for reviewers
	Files  Files   // the documents' read links (ReviewFunction); nil for staff
}

// Errors of review, besides programme's and the store's.
var (
	// ErrNotAssigned: the application is not assigned to this reviewer
	// (never was, or they declared a conflict with it, or staff moved it).
	ErrNotAssigned = errors.New("the application is not assigned to you")
	// ErrDeclareFirst: a reviewer sees no application before declaring
	// their conflicts of interest up front (none is an answer).
	ErrDeclareFirst = errors.New("declare your conflicts of interest first")
	// ErrNoReview: the round has no review rule.
	ErrNoReview = errors.New("the round has no review")
	// ErrChanged: changed meanwhile (another tab, another staff member).
	ErrChanged = errors.New("changed meanwhile")
	// ErrUnknownRound, ErrUnknownApplication: nothing by that id.
	ErrUnknownRound       = errors.New("unknown round")
	ErrUnknownApplication = errors.New("unknown application")
	// ErrNotReviewer: staff chose someone who is not a reviewer, is
	// assigned already, or has a conflict with the application.
	ErrNotReviewer = errors.New("not a reviewer who can take this application")
)

func changed(err error) error {
	if errors.Is(err, store.ErrConflict) {
		return ErrChanged
	}
	return err
}

// Profile is the reviewer's declared conflicts, and whether they have
// declared them (a reviewer who has not sees no application).
func (s *Service) Profile(ctx context.Context, sub string) (programme.Reviewer, bool, error) {
	r, _, err := s.Store.Reviewer(ctx, sub)
	if errors.Is(err, store.ErrNotFound) {
		return programme.Reviewer{ID: sub}, false, nil
	}
	return r, err == nil, err
}

// Declare records the organisations and partner countries a reviewer has a
// conflict of interest with (none is an answer too), checked against the
// round's countries (programme.DeclareConflicts).
// label names the reviewer for staff (their email).
func (s *Service) Declare(ctx context.Context, sub, label, roundID string, organisations, countries []string) (programme.Reviewer, error) {
	r, version, err := s.Store.Reviewer(ctx, sub)
	if errors.Is(err, store.ErrNotFound) {
		r, version, err = programme.Reviewer{ID: sub}, 0, nil
	}
	if err != nil {
		return r, err
	}
	round, err := s.round(ctx, roundID)
	if err != nil {
		return r, err
	}
	next, errs := programme.DeclareConflicts(r, organisations, countries, round.Rules)
	if errs != nil {
		return r, errs
	}
	next.Label = label
	if err := s.Store.PutReviewer(ctx, next, version, s.Now()); err != nil {
		return r, changed(err)
	}
	s.Log.InfoContext(ctx, "conflicts declared", "reviewer", sub, "conflicts", len(next.Conflicts))
	return next, nil
}

func (s *Service) round(ctx context.Context, id string) (programme.Round, error) {
	r, err := s.Store.Round(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return r, ErrUnknownRound
	}
	return r, err
}

// Queue is the reviewer's assigned applications, by round and reference;
// ErrDeclareFirst before their conflicts are declared.
func (s *Service) Queue(ctx context.Context, sub string) ([]store.ReviewItem, error) {
	if _, declared, err := s.Profile(ctx, sub); err != nil {
		return nil, err
	} else if !declared {
		return nil, ErrDeclareFirst
	}
	return s.Store.ReviewerQueue(ctx, sub)
}

// Opened is an application as its reviewer sees it: before they said they
// have no conflict with it, only what a conflict is judged by (App in the
// item: organisations, country, title); after, the application without
// its contact details, its round's criteria and the reviewer's sheet.
type Opened struct {
	Item  store.ReviewItem
	Round programme.Round
	Rule  programme.ReviewRule
	App   *programme.Application // nil until cleared; contact details removed
}

// Open opens an assigned application for its reviewer.
func (s *Service) Open(ctx context.Context, sub, ref string) (Opened, error) {
	it, err := s.assigned(ctx, sub, ref)
	if err != nil {
		return Opened{}, err
	}
	r, err := s.round(ctx, it.RoundID)
	if err != nil {
		return Opened{}, err
	}
	if r.Rules.Review == nil {
		return Opened{}, ErrNoReview
	}
	o := Opened{Item: it, Round: r, Rule: *r.Rules.Review}
	if !it.Cleared {
		return o, nil
	}
	app, _, err := s.Store.Application(ctx, ref)
	if err != nil {
		return o, fmt.Errorf("read application %s: %w", ref, err)
	}
	app = programme.ForAssessment(app)
	o.App = &app
	return o, nil
}

// assigned is the reviewer's item of ref, once they declared up front.
func (s *Service) assigned(ctx context.Context, sub, ref string) (store.ReviewItem, error) {
	if _, declared, err := s.Profile(ctx, sub); err != nil {
		return store.ReviewItem{}, err
	} else if !declared {
		return store.ReviewItem{}, ErrDeclareFirst
	}
	it, err := s.Store.Review(ctx, ref, sub)
	if errors.Is(err, store.ErrNotFound) {
		return it, ErrNotAssigned
	}
	return it, err
}

// Answer records the reviewer's answer on opening an application: a
// conflict of interest with it (the assignment goes, the conflict is kept
// with the reviewer and on the application's log) or none (they may now
// read and score it).
func (s *Service) Answer(ctx context.Context, sub, ref string, conflict bool) error {
	it, err := s.assigned(ctx, sub, ref)
	if err != nil {
		return err
	}
	now := s.Now()
	if !conflict {
		if it.Cleared {
			return nil
		}
		return changed(s.Store.ClearReview(ctx, it, now))
	}
	r, version, err := s.Store.Reviewer(ctx, sub)
	if err != nil {
		return err
	}
	c := programme.Conflict{Kind: programme.ConflictApplication, Value: ref}
	if !slices.Contains(r.Conflicts, c) {
		r.Conflicts = append(r.Conflicts, c)
	}
	if err := s.Store.DeclareConflict(ctx, it, r, version, c, now); err != nil {
		return changed(err)
	}
	s.Log.InfoContext(ctx, "conflict declared on opening", "reviewer", sub, "ref", ref)
	return nil
}

// Score saves the reviewer's sheet of ref, checked against the round's
// criteria; submitted, it is locked (until staff reopen it).
func (s *Service) Score(ctx context.Context, sub, ref string, sheet programme.ScoreSheet, submit bool) (programme.ScoreSheet, error) {
	o, err := s.Open(ctx, sub, ref)
	if err != nil {
		return sheet, err
	}
	if !o.Item.Cleared {
		return sheet, ErrNotAssigned // not before the conflict question is answered
	}
	if o.Item.Sheet.Status == programme.SheetSubmitted {
		return o.Item.Sheet, programme.ErrSheetLocked
	}
	sheet.Ref, sheet.Reviewer, sheet.Status = ref, sub, programme.SheetDraft
	if submit {
		sheet.Status = programme.SheetSubmitted
	}
	checked, errs := o.Rule.Check(sheet)
	if errs != nil {
		return sheet, errs
	}
	var audit *store.Audit
	if submit {
		total, _ := o.Rule.Total(checked)
		audit = &store.Audit{Actor: sub, Code: programme.AuditReviewSubmitted, Event: "score sheet submitted",
			Detail: map[string]string{"reviewer": sub, "total": strconv.Itoa(int(total))}}
	}
	if err := s.Store.SaveSheet(ctx, o.Item, checked, audit, s.Now()); err != nil {
		if errors.Is(err, store.ErrSheetLocked) {
			return sheet, programme.ErrSheetLocked
		}
		return sheet, changed(err)
	}
	s.Log.InfoContext(ctx, "score sheet saved", "reviewer", sub, "ref", ref, "submitted", submit)
	return checked, nil
}

// Document is a short-lived read link to a document of an application its
// reviewer has opened (said they have no conflict with): the planning tool
// and the budget are part of what is assessed.
func (s *Service) Document(ctx context.Context, sub, ref string, kind programme.DocumentKind) (string, error) {
	o, err := s.Open(ctx, sub, ref)
	if err != nil {
		return "", err
	}
	if o.App == nil {
		return "", ErrNotAssigned // not before the conflict question is answered
	}
	for _, d := range o.App.Documents {
		if d.Kind == kind {
			link, err := s.Files.ReadLink(ctx, d)
			if err == nil {
				s.Log.InfoContext(ctx, "document read link issued to a reviewer", "ref", ref, "kind", kind, "reviewer", sub)
			}
			return link, err
		}
	}
	return "", ErrNotAssigned
}
