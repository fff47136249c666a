// Package staff is what programme staff do with rounds: see them with their
// counts, and extend a deadline.
package staff

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Service is the staff's view of the rounds.
type Service struct {
	Store *store.Store
	Now   func() time.Time
	Log   *slog.Logger
}

// RoundView is a round with its application counts.
type RoundView struct {
	programme.Round
	Submitted int
	InReview  int
}

// Rounds lists every round with its counts: one GSI1 Query for the rounds,
// then per round one Query for it whole and COUNT Queries per status.
// Rounds are few (two or three a year).
func (s *Service) Rounds(ctx context.Context) ([]RoundView, error) {
	rounds, err := s.Store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]RoundView, len(rounds))
	for i, r := range rounds {
		if out[i].Round, err = s.Store.Round(ctx, r.ID); err != nil {
			return nil, err
		}
		if out[i].Submitted, err = s.Store.CountByStatus(ctx, r.ID, programme.AppSubmitted); err != nil {
			return nil, err
		}
		if out[i].InReview, err = s.Store.CountByStatus(ctx, r.ID, programme.AppInReview); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Errors of Extend, besides programme's.
var (
	ErrUnknownRound = errors.New("unknown round")
	ErrChanged      = errors.New("the round changed meanwhile")
)

// Extend moves a round's deadline to closes. The rules are the
// programme's (programme.ExtendDeadline); the write is conditional on the
// round being as it was read and its deadline not having passed.
func (s *Service) Extend(ctx context.Context, id string, closes time.Time, actor string) (programme.Round, error) {
	r, err := s.Store.Round(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return r, ErrUnknownRound
	}
	if err != nil {
		return r, err
	}
	listed, err := s.Store.Rounds(ctx)
	if err != nil {
		return r, err
	}
	others := make([]programme.Round, 0, len(listed))
	for _, o := range listed {
		if o.ID == id {
			continue
		}
		full, err := s.Store.Round(ctx, o.ID)
		if err != nil {
			return r, fmt.Errorf("read round %s: %w", o.ID, err)
		}
		others = append(others, full)
	}
	now := s.Now()
	extended, err := programme.ExtendDeadline(r, closes, now, others)
	if err != nil {
		return r, err
	}
	if err := s.Store.ExtendDeadline(ctx, r, closes, now, actor); errors.Is(err, store.ErrConflict) {
		return r, ErrChanged
	} else if err != nil {
		return r, err
	}
	s.Log.InfoContext(ctx, "deadline extended", "round", id, "from", r.ClosesAt, "to", closes, "by", actor)
	return extended, nil
}

// ErrUnknownApplication: no application with that reference.
var ErrUnknownApplication = errors.New("unknown application")

// Decide records staff's decision on an application: the rules are the
// programme's (programme.Decide), the write holds the round's budget and
// the application's version (store.RecordDecision). Two staff deciding at
// once: one wins, the other gets ErrChanged.
func (s *Service) Decide(ctx context.Context, ref string, in programme.DecisionInput, by string) (programme.Decision, error) {
	app, _, err := s.Store.Application(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return programme.Decision{}, ErrUnknownApplication
	}
	if err != nil {
		return programme.Decision{}, err
	}
	return s.decide(ctx, app, in, by)
}

func (s *Service) decide(ctx context.Context, app programme.Application, in programme.DecisionInput, by string) (programme.Decision, error) {
	round, err := s.Store.Round(ctx, app.RoundID)
	if err != nil {
		return programme.Decision{}, err
	}
	d, err := programme.Decide(in, app, round, by, s.Now())
	if err != nil {
		return d, err
	}
	err = s.Store.RecordDecision(ctx, app, round, d)
	if errors.Is(err, store.ErrConflict) {
		return d, ErrChanged
	}
	if err != nil {
		return d, err
	}
	s.Log.InfoContext(ctx, "decision recorded", "ref", app.Ref, "round", app.RoundID, "outcome", d.Outcome, "amount", d.Amount, "by", by)
	return d, nil
}
