// Package publish is the public list of granted projects per round: who
// (municipality, partner, country), what (type, theme, title) and how much.
// It reads only GSI1's projection, which holds no contact people, emails or
// phone numbers, and of each grant only its state and public summary
// (store.PublicGrants), so nothing personal can reach the page.
package publish

import (
	"context"
	"errors"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Grant is one published project.
type Grant = programme.GrantedProject

// Store is what the published lists need of the table (*store.Store):
// Round's error for an unknown round is store.ErrNotFound.
type Store interface {
	Round(ctx context.Context, id string) (programme.Round, error)
	Granted(ctx context.Context, roundID string) ([]programme.GrantedProject, error)
	PublicGrants(ctx context.Context, roundID string) (map[string]store.PublicGrant, error)
}

// ErrNotPublished: the round has no published list (yet).
var ErrNotPublished = errors.New("not published")

// Service reads the published lists.
type Service struct {
	Store Store
}

// Granted returns a notified round and its granted projects, by
// submission time.
func (s *Service) Granted(ctx context.Context, roundID string) (programme.Round, []Grant, error) {
	r, err := s.Store.Round(ctx, roundID)
	if errors.Is(err, store.ErrNotFound) {
		return r, nil, ErrNotPublished
	}
	if err != nil {
		return r, nil, err
	}
	if r.Status != programme.RoundNotified {
		return r, nil, ErrNotPublished
	}
	grants, err := s.Store.Granted(ctx, roundID)
	if err != nil {
		return r, nil, err
	}
	followed, err := s.Store.PublicGrants(ctx, roundID)
	if err != nil {
		return r, nil, err
	}
	for i, g := range grants {
		if f, ok := followed[g.Ref]; ok {
			grants[i].State, grants[i].Summary = f.State, f.Summary
		}
	}
	return r, grants, nil
}
