package staff

import (
	"context"
	"errors"
	"strings"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// MaxWithdraw is the most applications one Withdraw takes: each is its own
// transaction (a read and a write), so a batch stays well inside the HTTP
// API's 30 seconds.
const MaxWithdraw = 100

// WithdrawResult is what became of one reference of a batch: Err nil when it
// is withdrawn now (Already: it was withdrawn before, by this batch's twin or
// a colleague), or why not: ErrApplicationChanged (changed meanwhile, by a
// decision or another withdrawal: nothing written, open it and try again),
// programme.ErrDecisionLocked (its decision email is queued: the decision
// stands), ErrUnknownApplication (no such application in this round),
// programme.ErrNotWithdrawable.
type WithdrawResult struct {
	Ref      string
	Err      error
	Already  bool
	GaveBack int64 // the granted amount that went back to the round's budget
}

// OK says whether the application is withdrawn now.
func (r WithdrawResult) OK() bool { return r.Err == nil }

// Withdraw marks a round's applications as withdrawn for reason
// (programme.WithdrawReason: spam, or withdrawn by the applicant), each in
// its own transaction (store.Withdraw), and says per reference what became
// of it, in the order given (duplicates once). The rules are the
// programme's (programme.Withdraw). A reference that fails does not stop the
// others; only an error nobody can act on (the table failing) does, with
// the results so far.
//
// Refused whole, nothing written: an unknown round (ErrUnknownRound), no
// reference or more than MaxWithdraw, or an unknown reason (field errors on
// "ref" and "reason", all at once).
func (s *Service) Withdraw(ctx context.Context, roundID string, refs []string, reason, actor string) ([]WithdrawResult, error) {
	var errs programme.FieldErrors
	var unique []string
	seen := map[string]bool{}
	for _, ref := range refs {
		if ref = strings.TrimSpace(ref); ref != "" && !seen[ref] {
			seen[ref] = true
			unique = append(unique, ref)
		}
	}
	switch {
	case len(unique) == 0:
		errs = append(errs, programme.FieldError{Field: "ref", Code: programme.CodeNoneChosen})
	case len(unique) > MaxWithdraw:
		errs = append(errs, programme.FieldError{Field: "ref", Code: programme.CodeTooManyChosen, Args: []any{MaxWithdraw}})
	}
	why, reasonErrs := programme.ParseWithdrawReason(reason)
	errs = append(errs, reasonErrs...)
	r, err := s.Store.Round(ctx, roundID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrUnknownRound
	}
	if err != nil {
		return nil, err
	}
	if errs != nil {
		return nil, errs
	}
	results := make([]WithdrawResult, 0, len(unique))
	done := 0
	for _, ref := range unique {
		res, err := s.withdraw(ctx, r, ref, why, actor)
		if err != nil {
			return results, err
		}
		if res.OK() && !res.Already {
			done++
		}
		results = append(results, res)
	}
	id, _ := programme.SplitActor(actor) // logs carry the stable id, never the email
	s.Log.InfoContext(ctx, "applications withdrawn", "round", roundID, "reason", why, "asked", len(unique), "withdrawn", done,
		"refused", len(unique)-countOK(results), "by", id)
	return results, nil
}

func countOK(results []WithdrawResult) int {
	n := 0
	for _, r := range results {
		if r.OK() {
			n++
		}
	}
	return n
}

// withdraw withdraws one application: read, the rules, the write. err is
// only for what nobody can act on; the rest is the result's.
func (s *Service) withdraw(ctx context.Context, r programme.Round, ref string, reason programme.WithdrawReason, actor string) (WithdrawResult, error) {
	res := WithdrawResult{Ref: ref}
	app, _, err := s.Store.Application(ctx, ref)
	switch {
	case errors.Is(err, store.ErrNotFound):
		res.Err = ErrUnknownApplication
		return res, nil
	case err != nil:
		return res, err
	case app.RoundID != r.ID:
		res.Err = ErrUnknownApplication // not this round's: as if it did not exist
		return res, nil
	}
	w, err := programme.Withdraw(app, reason, actor, s.Now())
	if err == nil {
		err = s.Store.Withdraw(ctx, app, w)
	}
	switch {
	case err == nil:
		res.GaveBack = w.GiveBack
		// A withdrawn application no longer counts against its
		// organisation's cap in the round.
		if err := s.Store.ReleaseOrganisation(ctx, app.RoundID, app.SwedishParty.Organisation); err != nil {
			s.Log.WarnContext(ctx, "withdrawn, but the organisation's count was not given back", "ref", app.Ref, "error", err)
		}
	case errors.Is(err, programme.ErrAlreadyWithdrawn):
		res.Already = true
	case errors.Is(err, store.ErrConflict):
		res.Err = ErrApplicationChanged
	case errors.Is(err, store.ErrNotFound):
		res.Err = ErrUnknownApplication
	case errors.Is(err, programme.ErrDecisionLocked), errors.Is(err, programme.ErrNotWithdrawable):
		res.Err = err
	default:
		return res, err
	}
	return res, nil
}
