package store_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

var assignedAt = closes.Add(2 * time.Hour)

// reviewApp is an application as a listing shows it, in round 2027-1.
func reviewApp(i int) programme.AppSummary {
	return programme.AppSummary{Ref: fmt.Sprintf("KP-REV%04d", i), Status: string(programme.AppInReview), Type: string(programme.Project),
		Theme: "climate", Title: fmt.Sprintf("Avfall %d", i), SwedishOrganisation: "Kalix kommun", PartnerOrganisation: "Masaka",
		Country: "UG", RequestedTotal: 400000 + int64(i), SubmittedAt: "2027-02-20T10:00:00.000Z"}
}

// listed is what an assignment copies of app: not its status, submission
// time, granted amount or decision.
func listed(app programme.AppSummary) programme.AppSummary {
	return programme.AppSummary{Ref: app.Ref, Type: app.Type, Theme: app.Theme, Title: app.Title, SwedishOrganisation: app.SwedishOrganisation,
		PartnerOrganisation: app.PartnerOrganisation, Country: app.Country, RequestedTotal: app.RequestedTotal}
}

func assign(t *testing.T, s *store.Store, app programme.AppSummary, reviewers ...string) {
	t.Helper()
	if err := s.ChangeAssignments(ctx, app, "2027-1", reviewers, nil, "assignment run", "round-job", assignedAt); err != nil {
		t.Fatal(err)
	}
}

func review(t *testing.T, s *store.Store, ref, reviewer string) store.ReviewItem {
	t.Helper()
	it, err := s.Review(ctx, ref, reviewer)
	if err != nil {
		t.Fatalf("review of %s by %s: %v", ref, reviewer, err)
	}
	return it
}

// logCodes counts an application's audit lines by code.
func logCodes(t *testing.T, s *store.Store, ref string) (map[string]int, []programme.AuditEntry) {
	t.Helper()
	log, err := s.ApplicationLog(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, e := range log {
		n[e.Code]++
	}
	return n, log
}

// fullSheet scores the six criteria of the project rule with a comment of
// n characters (Swedish text, some of them two bytes) each.
func fullSheet(ref, reviewer string, status programme.SheetStatus, n int) programme.ScoreSheet {
	sh := programme.ScoreSheet{Ref: ref, Reviewer: reviewer, Status: status, Scores: map[string]int{}, Comments: map[string]string{}}
	for i, id := range []string{"relevance", "feasibility", "anchoring", "planning-tool", "team", "budget"} {
		sh.Scores[id] = 1 + i%5
		sh.Comments[id] = string([]rune(strings.Repeat("Välgrundat, tydligt förankrat. ", n/30+1))[:n])
	}
	return sh
}

// Applications assigned two reviewers each, more than one BatchGetItem's
// worth: listed under each reviewer from GSI1's projection and under the
// round whole; an assignment is removed with its audit line; a submitted
// one, or one refused with others in the same change, is not, and nothing
// of that change is written.
func TestChangeAssignmentsAndLists(t *testing.T) {
	s := newStore(t)
	const apps = 60
	var wg sync.WaitGroup
	errs := make(chan error, apps)
	sem := make(chan struct{}, 8)
	for i := range apps {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs <- s.ChangeAssignments(ctx, reviewApp(i), "2027-1", []string{"sub-a", "sub-b"}, nil, "assignment run", "sub-staff eva@example.se", assignedAt)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// One in another round, for another reviewer too.
	if err := s.ChangeAssignments(ctx, reviewApp(900), "2027-2", []string{"sub-a", "sub-c"}, nil, "", "round-job", assignedAt); err != nil {
		t.Fatal(err)
	}

	queue, err := s.ReviewerQueue(ctx, "sub-a")
	if err != nil || len(queue) != apps+1 {
		t.Fatalf("sub-a's queue: %d %v, want %d", len(queue), err, apps+1)
	}
	for i, it := range queue[:apps] {
		want := store.ReviewItem{Ref: reviewApp(i).Ref, Reviewer: "sub-a", RoundID: "2027-1", App: listed(reviewApp(i)),
			Sheet: programme.ScoreSheet{Ref: reviewApp(i).Ref, Reviewer: "sub-a"}}
		same(t, "queue item "+it.Ref, it, want)
	}
	if last := queue[apps]; last.RoundID != "2027-2" || last.Ref != reviewApp(900).Ref {
		t.Errorf("the other round's assignment last: %+v", last)
	}
	if q, err := s.ReviewerQueue(ctx, "sub-nobody"); err != nil || len(q) != 0 {
		t.Errorf("an unknown reviewer's queue: %+v %v", q, err)
	}

	round, err := s.RoundReviews(ctx, "2027-1")
	if err != nil || len(round) != 2*apps {
		t.Fatalf("round reviews: %d %v, want %d", len(round), err, 2*apps)
	}
	for i, it := range round {
		app := reviewApp(i / 2)
		want := store.ReviewItem{Ref: app.Ref, Reviewer: []string{"sub-a", "sub-b"}[i%2], RoundID: "2027-1", App: listed(app),
			AssignedBy: "sub-staff", AssignedAt: assignedAt, Version: 1}
		want.Sheet = programme.ScoreSheet{Ref: want.Ref, Reviewer: want.Reviewer}
		same(t, fmt.Sprintf("round review %d", i), it, want)
	}
	if r, err := s.RoundReviews(ctx, "2027-2"); err != nil || len(r) != 2 || r[0].Reviewer != "sub-a" || r[1].Reviewer != "sub-c" {
		t.Errorf("round 2027-2's reviews: %+v %v", r, err)
	}

	// Remove one: gone, with its line; the other stays.
	app := reviewApp(0)
	if err := s.ChangeAssignments(ctx, app, "2027-1", nil, []string{"sub-b"}, "not a reviewer", "sub-staff", assignedAt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if rs, err := s.ApplicationReviews(ctx, app.Ref); err != nil || len(rs) != 1 || rs[0].Reviewer != "sub-a" {
		t.Fatalf("after removing sub-b: %+v %v", rs, err)
	}
	if _, err := s.Review(ctx, app.Ref, "sub-b"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the removed review: %v, want ErrNotFound", err)
	}
	codes, log := logCodes(t, s, app.Ref)
	if codes[programme.AuditReviewAssigned] != 2 || codes[programme.AuditReviewUnassigned] != 1 {
		t.Errorf("audit lines %v", codes)
	}
	for _, e := range log {
		if e.Code == programme.AuditReviewUnassigned && (e.Detail["reviewer"] != "sub-b" || e.Detail["reason"] != "not a reviewer" || e.Actor != "sub-staff") {
			t.Errorf("unassigned line %+v", e)
		}
	}

	// A submitted sheet cannot be unassigned, nor can a change that adds one
	// already there go through: nothing of either change is written.
	it := review(t, s, app.Ref, "sub-a")
	if err := s.SaveSheet(ctx, it, fullSheet(app.Ref, "sub-a", programme.SheetSubmitted, 50), nil, assignedAt.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	submitted := review(t, s, app.Ref, "sub-a")
	logBefore := len(log)
	if err := s.ChangeAssignments(ctx, app, "2027-1", []string{"sub-c"}, []string{"sub-a"}, "conflict", "sub-staff", assignedAt.Add(3*time.Hour)); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("unassigning a submitted sheet: %v, want ErrConflict", err)
	}
	if err := s.ChangeAssignments(ctx, reviewApp(1), "2027-1", []string{"sub-c", "sub-a"}, nil, "", "sub-staff", assignedAt.Add(3*time.Hour)); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("assigning sub-a again: %v, want ErrConflict", err)
	}
	if rs, err := s.ApplicationReviews(ctx, app.Ref); err != nil || len(rs) != 1 {
		t.Fatalf("after the refused change: %+v %v", rs, err)
	} else {
		same(t, "the submitted review after the refused change", rs[0], submitted)
	}
	if rs, err := s.ApplicationReviews(ctx, reviewApp(1).Ref); err != nil || len(rs) != 2 || rs[0].Reviewer != "sub-a" || rs[1].Reviewer != "sub-b" {
		t.Errorf("application 1 after the refused change: %+v %v (sub-c must not be added)", rs, err)
	}
	if _, log := logCodes(t, s, app.Ref); len(log) != logBefore {
		t.Errorf("audit lines %d after the refused change, want %d", len(log), logBefore)
	}
	if _, log := logCodes(t, s, reviewApp(1).Ref); len(log) != 2 {
		t.Errorf("application 1's audit lines %d, want its 2 assignments", len(log))
	}
	// Removing one that is not there is refused too.
	if err := s.ChangeAssignments(ctx, app, "2027-1", nil, []string{"sub-b"}, "", "sub-staff", assignedAt); !errors.Is(err, store.ErrConflict) {
		t.Errorf("removing an absent assignment: %v, want ErrConflict", err)
	}
	if err := s.ChangeAssignments(ctx, app, "2027-1", []string{"sub-x", "sub-x"}, nil, "", "sub-staff", assignedAt); err == nil || errors.Is(err, store.ErrConflict) {
		t.Errorf("a reviewer twice: %v, want an input error", err)
	}

	// Keys no table could hold read as nothing.
	long := strings.Repeat("x", 3000)
	if _, err := s.Review(ctx, long, "sub-a"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Review of a long reference: %v", err)
	}
	for _, f := range []func() ([]store.ReviewItem, error){
		func() ([]store.ReviewItem, error) { return s.ApplicationReviews(ctx, long) },
		func() ([]store.ReviewItem, error) { return s.RoundReviews(ctx, long) },
		func() ([]store.ReviewItem, error) { return s.ReviewerQueue(ctx, long) },
	} {
		if rs, err := f(); err != nil || len(rs) != 0 {
			t.Errorf("a long key: %+v %v, want none", rs, err)
		}
	}
	if err := s.ChangeAssignments(ctx, reviewApp(2), "2027-1", []string{long}, nil, "", "sub-staff", assignedAt); err == nil {
		t.Error("assigning a reviewer whose id cannot be a key: no error")
	}
}

// A sheet saved as a draft, then submitted with its audit line, is locked:
// saved again, refused and unchanged, until staff reopen it; a save on a
// stale version is refused. Each write's capacity is counted as "score".
func TestSaveSheetLockAndReopen(t *testing.T) {
	s := newStore(t)
	var mu sync.Mutex
	scores := 0
	s.OnCapacity = func(op string, _ float64) {
		mu.Lock()
		defer mu.Unlock()
		if op == "score" {
			scores++
		}
	}
	app := reviewApp(1)
	assign(t, s, app, "sub-a")
	it := review(t, s, app.Ref, "sub-a")
	at := assignedAt.Add(time.Hour)

	if err := s.ClearReview(ctx, it, at); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearReview(ctx, it, at); !errors.Is(err, store.ErrConflict) {
		t.Errorf("cleared on a stale version: %v, want ErrConflict", err)
	}
	it = review(t, s, app.Ref, "sub-a")
	if !it.Cleared || it.Version != 2 {
		t.Fatalf("after clearing: %+v", it)
	}

	draft := programme.ScoreSheet{Status: programme.SheetDraft, Scores: map[string]int{"relevance": 4}, Comments: map[string]string{"relevance": "Bra."}}
	if err := s.SaveSheet(ctx, it, draft, nil, at); err != nil {
		t.Fatal(err)
	}
	got := review(t, s, app.Ref, "sub-a")
	draft.Ref, draft.Reviewer = app.Ref, "sub-a"
	same(t, "the draft", got.Sheet, draft)
	if got.Version != 3 || !got.Cleared {
		t.Errorf("after the draft: version %d, cleared %v", got.Version, got.Cleared)
	}
	// A save over the version read before the draft: refused, unchanged.
	if err := s.SaveSheet(ctx, it, fullSheet(app.Ref, "sub-a", programme.SheetDraft, 10), nil, at); !errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrSheetLocked) {
		t.Fatalf("a stale save: %v, want ErrConflict (not locked)", err)
	}
	same(t, "after the stale save", review(t, s, app.Ref, "sub-a"), got)
	if q, err := s.ReviewerQueue(ctx, "sub-a"); err != nil || len(q) != 1 || q[0].Sheet.Status != programme.SheetDraft {
		t.Errorf("the queue shows %+v %v, want the draft's status", q, err)
	}

	// Submitted, with its line.
	full := fullSheet(app.Ref, "sub-a", programme.SheetSubmitted, 300)
	submit := &store.Audit{Actor: "sub-a", Code: programme.AuditReviewSubmitted, Event: "sheet submitted", Detail: map[string]string{"reviewer": "sub-a", "total": "625"}}
	if err := s.SaveSheet(ctx, got, full, submit, at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	locked := review(t, s, app.Ref, "sub-a")
	same(t, "the submitted sheet", locked.Sheet, full)
	codes, _ := logCodes(t, s, app.Ref)
	if codes[programme.AuditReviewSubmitted] != 1 {
		t.Errorf("audit lines %v", codes)
	}
	// Saved again, as read now (submitted) and as read before: locked.
	for _, as := range []store.ReviewItem{locked, got} {
		if err := s.SaveSheet(ctx, as, draft, nil, at.Add(2*time.Minute)); !errors.Is(err, store.ErrSheetLocked) || !errors.Is(err, store.ErrConflict) ||
			!errors.Is(err, programme.ErrSheetLocked) {
			t.Fatalf("saving over a submitted sheet (read as %q): %v, want ErrSheetLocked", as.Sheet.Status, err)
		}
		same(t, "the submitted sheet after a refused save", review(t, s, app.Ref, "sub-a"), locked)
	}
	if codes, _ := logCodes(t, s, app.Ref); codes[programme.AuditReviewSubmitted] != 1 {
		t.Errorf("audit lines after the refused saves %v", codes)
	}

	// Reopened by staff, with a line; reopened again (stale, or a draft): refused.
	if err := s.ReopenSheet(ctx, locked, "sub-staff eva@example.se", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.ReopenSheet(ctx, locked, "sub-staff", at.Add(time.Hour)); !errors.Is(err, store.ErrConflict) {
		t.Errorf("reopened twice: %v, want ErrConflict", err)
	}
	reopened := review(t, s, app.Ref, "sub-a")
	if err := s.ReopenSheet(ctx, reopened, "sub-staff", at.Add(time.Hour)); !errors.Is(err, store.ErrConflict) {
		t.Errorf("reopening a draft: %v, want ErrConflict", err)
	}
	want := full
	want.Status = programme.SheetDraft
	same(t, "the reopened sheet", reopened.Sheet, want)
	if reopened.Version != locked.Version+1 {
		t.Errorf("reopened at version %d, want %d", reopened.Version, locked.Version+1)
	}
	codes, log := logCodes(t, s, app.Ref)
	if codes[programme.AuditReviewReopened] != 1 {
		t.Errorf("audit lines %v", codes)
	}
	for _, e := range log {
		if e.Code == programme.AuditReviewReopened && (e.Actor != "sub-staff" || e.ActorLabel != "eva@example.se" || e.Detail["reviewer"] != "sub-a") {
			t.Errorf("reopened line %+v", e)
		}
	}
	// Saved again: works; an empty draft removes scores and comments.
	if err := s.SaveSheet(ctx, reopened, programme.ScoreSheet{Status: programme.SheetDraft}, nil, at.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if after := review(t, s, app.Ref, "sub-a"); after.Sheet.Status != programme.SheetDraft || len(after.Sheet.Scores) != 0 || len(after.Sheet.Comments) != 0 {
		t.Errorf("after saving an empty draft: %+v", after.Sheet)
	}
	// Inputs that are no sheet of this item.
	for _, bad := range []programme.ScoreSheet{{Status: "assigned"}, {Status: programme.SheetDraft, Ref: "KP-OTHER"}, {Status: programme.SheetDraft, Reviewer: "sub-b"}} {
		if err := s.SaveSheet(ctx, review(t, s, app.Ref, "sub-a"), bad, nil, at); err == nil || errors.Is(err, store.ErrConflict) {
			t.Errorf("sheet %+v: %v, want an input error", bad, err)
		}
	}
	// Gone: a conflict, nothing created.
	gone := it
	gone.Ref = "KP-NOSUCH"
	if err := s.SaveSheet(ctx, gone, programme.ScoreSheet{Status: programme.SheetDraft}, nil, at); !errors.Is(err, store.ErrConflict) {
		t.Errorf("saving a sheet never assigned: %v, want ErrConflict", err)
	}
	if _, err := s.Review(ctx, "KP-NOSUCH", "sub-a"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused save made an item: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if scores != 3 {
		t.Errorf("capacity reported for %d score writes, want the 3 that landed", scores)
	}
}

// A conflict declared on opening removes the assignment, adds the conflict
// to the reviewer's profile and logs it, in one transaction; on a
// submitted sheet, or on a stale profile, it is refused and writes
// nothing.
func TestDeclareConflict(t *testing.T) {
	s := newStore(t)
	app, other := reviewApp(1), reviewApp(2)
	assign(t, s, app, "sub-a")
	assign(t, s, other, "sub-a")
	at := assignedAt.Add(time.Hour)
	prior := programme.Conflict{Kind: programme.ConflictCountry, Value: "KE"}
	if err := s.PutReviewer(ctx, programme.Reviewer{ID: "sub-a", Conflicts: []programme.Conflict{prior}}, 0, at); err != nil {
		t.Fatal(err)
	}
	r, v, err := s.Reviewer(ctx, "sub-a")
	if err != nil || v != 1 {
		t.Fatalf("reviewer %+v v%d %v", r, v, err)
	}
	c := programme.Conflict{Kind: programme.ConflictApplication, Value: app.Ref}
	it := review(t, s, app.Ref, "sub-a")
	if err := s.DeclareConflict(ctx, it, r, v, c, at); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Review(ctx, app.Ref, "sub-a"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the review after the conflict: %v, want ErrNotFound", err)
	}
	r2, v2, err := s.Reviewer(ctx, "sub-a")
	if err != nil || v2 != 2 {
		t.Fatalf("reviewer after the conflict: %+v v%d %v", r2, v2, err)
	}
	same(t, "the profile", r2, programme.Reviewer{ID: "sub-a", Conflicts: []programme.Conflict{prior, c}})
	codes, log := logCodes(t, s, app.Ref)
	if codes[programme.AuditReviewConflict] != 1 {
		t.Errorf("audit lines %v", codes)
	}
	for _, e := range log {
		if e.Code == programme.AuditReviewConflict && (e.Actor != "sub-a" || e.Detail["kind"] != "application" || e.Detail["value"] != app.Ref || e.Detail["reviewer"] != "sub-a") {
			t.Errorf("conflict line %+v", e)
		}
	}
	// Declared again on the same (gone) item: refused, the profile as it was.
	if err := s.DeclareConflict(ctx, it, r2, v2, c, at); !errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrSheetLocked) {
		t.Errorf("declared on a removed assignment: %v, want ErrConflict", err)
	}

	// On a submitted sheet: refused, as read and as read before it was
	// submitted; nothing written.
	oit := review(t, s, other.Ref, "sub-a")
	if err := s.SaveSheet(ctx, oit, fullSheet(other.Ref, "sub-a", programme.SheetSubmitted, 20), nil, at); err != nil {
		t.Fatal(err)
	}
	submitted := review(t, s, other.Ref, "sub-a")
	_, logBefore := logCodes(t, s, other.Ref)
	oc := programme.Conflict{Kind: programme.ConflictOrganisation, Value: other.SwedishOrganisation}
	for _, as := range []store.ReviewItem{submitted, oit} {
		if err := s.DeclareConflict(ctx, as, r2, v2, oc, at); !errors.Is(err, store.ErrSheetLocked) {
			t.Fatalf("declared on a submitted sheet (read as %q): %v, want ErrSheetLocked", as.Sheet.Status, err)
		}
	}
	same(t, "the submitted review", review(t, s, other.Ref, "sub-a"), submitted)
	if r3, v3, err := s.Reviewer(ctx, "sub-a"); err != nil || v3 != v2 {
		t.Errorf("profile after the refusal: %+v v%d %v", r3, v3, err)
	} else {
		same(t, "the profile after the refusal", r3, r2)
	}
	if _, log := logCodes(t, s, other.Ref); len(log) != len(logBefore) {
		t.Errorf("audit lines %d, want %d", len(log), len(logBefore))
	}

	// On a stale profile: refused, the assignment kept.
	assign(t, s, reviewApp(3), "sub-a")
	third := review(t, s, reviewApp(3).Ref, "sub-a")
	if err := s.DeclareConflict(ctx, third, r, v, oc, at); !errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrSheetLocked) {
		t.Fatalf("declared with a stale profile: %v, want ErrConflict", err)
	}
	same(t, "the third review", review(t, s, reviewApp(3).Ref, "sub-a"), third)

	// A reviewer without a profile yet: the first one is made.
	assign(t, s, reviewApp(4), "sub-new")
	nr, nv, err := s.Reviewer(ctx, "sub-new")
	if !errors.Is(err, store.ErrNotFound) || nv != 0 || nr.ID != "sub-new" {
		t.Fatalf("no profile yet: %+v v%d %v", nr, nv, err)
	}
	if err := s.DeclareConflict(ctx, review(t, s, reviewApp(4).Ref, "sub-new"), nr, nv, oc, at); err != nil {
		t.Fatal(err)
	}
	if nr, nv, err := s.Reviewer(ctx, "sub-new"); err != nil || nv != 1 || len(nr.Conflicts) != 1 || nr.Conflicts[0] != oc {
		t.Errorf("the new profile: %+v v%d %v", nr, nv, err)
	}
}

// Two staff reassigning the same assignment at once, to different
// reviewers: one wins, the other is refused; the table has the winner's.
func TestReassignOnce(t *testing.T) {
	s := newStore(t)
	app := reviewApp(1)
	assign(t, s, app, "sub-a")
	at := assignedAt.Add(time.Hour)

	targets := []string{"sub-b", "sub-c"}
	var ready, wg sync.WaitGroup
	ready.Add(len(targets))
	errs := make([]error, len(targets))
	for i, to := range targets {
		wg.Go(func() {
			from, err := s.Review(ctx, app.Ref, "sub-a")
			ready.Done()
			if err != nil {
				errs[i] = err
				return
			}
			ready.Wait() // both have read before either writes
			errs[i] = s.Reassign(ctx, from, to, fmt.Sprintf("sub-staff%d", i), at)
		})
	}
	wg.Wait()
	winner := ""
	for i, err := range errs {
		switch {
		case err == nil:
			if winner != "" {
				t.Fatalf("both reassignments landed")
			}
			winner = targets[i]
		case !errors.Is(err, store.ErrConflict):
			t.Fatal(err)
		}
	}
	if winner == "" {
		t.Fatalf("no reassignment landed: %v", errs)
	}
	rs, err := s.ApplicationReviews(ctx, app.Ref)
	if err != nil || len(rs) != 1 || rs[0].Reviewer != winner {
		t.Fatalf("after the reassignments: %+v %v, want %s's only", rs, err, winner)
	}
	want := store.ReviewItem{Ref: app.Ref, Reviewer: winner, RoundID: "2027-1", App: listed(app),
		Sheet: programme.ScoreSheet{Ref: app.Ref, Reviewer: winner}, AssignedAt: at, Version: 1}
	want.AssignedBy = rs[0].AssignedBy
	same(t, "the reassigned review", rs[0], want)
	if q, err := s.ReviewerQueue(ctx, winner); err != nil || len(q) != 1 || q[0].App.Title != app.Title {
		t.Errorf("%s's queue: %+v %v", winner, q, err)
	}
	codes, log := logCodes(t, s, app.Ref)
	if codes[programme.AuditReviewReassigned] != 1 {
		t.Fatalf("audit lines %v", codes)
	}
	for _, e := range log {
		if e.Code == programme.AuditReviewReassigned && (e.Detail["from"] != "sub-a" || e.Detail["to"] != winner || e.Actor != rs[0].AssignedBy) {
			t.Errorf("reassigned line %+v (item assigned by %s)", e, rs[0].AssignedBy)
		}
	}

	// To a reviewer who has it already, or from a submitted sheet: refused.
	assign(t, s, app, "sub-d")
	cur := review(t, s, app.Ref, winner)
	if err := s.Reassign(ctx, cur, "sub-d", "sub-staff", at); !errors.Is(err, store.ErrAlreadyAssigned) || !errors.Is(err, store.ErrConflict) {
		t.Errorf("reassigned to one who has it: %v, want ErrAlreadyAssigned", err)
	}
	if err := s.SaveSheet(ctx, cur, fullSheet(app.Ref, winner, programme.SheetSubmitted, 20), nil, at); err != nil {
		t.Fatal(err)
	}
	if err := s.Reassign(ctx, cur, "sub-e", "sub-staff", at); !errors.Is(err, store.ErrSheetLocked) {
		t.Errorf("reassigned a submitted sheet: %v, want ErrSheetLocked", err)
	}
	if rs, err := s.ApplicationReviews(ctx, app.Ref); err != nil || len(rs) != 2 || rs[0].Reviewer != winner || rs[1].Reviewer != "sub-d" ||
		rs[0].Sheet.Status != programme.SheetSubmitted {
		t.Errorf("after the refused reassignments: %+v %v", rs, err)
	}
	if codes, _ := logCodes(t, s, app.Ref); codes[programme.AuditReviewReassigned] != 1 {
		t.Errorf("audit lines after the refusals %v", codes)
	}
}

// A reviewer's profile: made once, updated as read, refused when stale; all
// of them listed by id.
func TestPutReviewer(t *testing.T) {
	s := newStore(t)
	at := assignedAt
	if _, v, err := s.Reviewer(ctx, "sub-a"); !errors.Is(err, store.ErrNotFound) || v != 0 {
		t.Fatalf("no profile: v%d %v", v, err)
	}
	first := programme.Reviewer{ID: "sub-a", Conflicts: []programme.Conflict{{Kind: programme.ConflictOrganisation, Value: "Kalix kommun"}}}
	if err := s.PutReviewer(ctx, first, 0, at); err != nil {
		t.Fatal(err)
	}
	if err := s.PutReviewer(ctx, programme.Reviewer{ID: "sub-a"}, 0, at); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a second new profile: %v, want ErrConflict", err)
	}
	got, v, err := s.Reviewer(ctx, "sub-a")
	if err != nil || v != 1 {
		t.Fatalf("read back: v%d %v", v, err)
	}
	same(t, "the profile", got, first)

	updated := got
	updated.Conflicts = append(updated.Conflicts, programme.Conflict{Kind: programme.ConflictCountry, Value: "UG"})
	if err := s.PutReviewer(ctx, updated, v, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutReviewer(ctx, programme.Reviewer{ID: "sub-a"}, v, at.Add(2*time.Hour)); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a stale update: %v, want ErrConflict", err)
	}
	got, v, err = s.Reviewer(ctx, "sub-a")
	if err != nil || v != 2 {
		t.Fatalf("after the stale update: v%d %v", v, err)
	}
	same(t, "the updated profile", got, updated)

	for _, id := range []string{"sub-c", "sub-b"} {
		if err := s.PutReviewer(ctx, programme.Reviewer{ID: id}, 0, at); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Reviewers(ctx)
	if err != nil || len(all) != 3 {
		t.Fatalf("reviewers: %+v %v", all, err)
	}
	same(t, "the reviewers", all, []programme.Reviewer{updated, {ID: "sub-b"}, {ID: "sub-c"}})
	for _, bad := range []string{"", strings.Repeat("x", 2000)} {
		if err := s.PutReviewer(ctx, programme.Reviewer{ID: bad}, 0, at); err == nil {
			t.Errorf("a profile of id %.10q: no error", bad)
		}
	}
	// The profiles' index partition holds profiles only.
	out, err := s.DB().Query(ctx, &dynamodb.QueryInput{TableName: aws.String(s.Table()), IndexName: aws.String(store.IndexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "REVIEWERS"}}})
	if err != nil || len(out.Items) != 3 {
		t.Errorf("GSI1 REVIEWERS: %d items %v", len(out.Items), err)
	}
}

// BenchmarkScoreWriteUnits reports the write units DynamoDB Local gives a
// score: a draft save of a full sheet (six criteria, a 300-character
// comment each) as units/op; and, once each, the submission (with its audit
// line, a transaction) and a draft save with the longest comments
// (programme.MaxReviewComment characters each).
func BenchmarkScoreWriteUnits(b *testing.B) {
	st := stacktest.New(b, func() time.Time { return opens.Add(time.Hour) })
	s := st.Env.Store
	var mu sync.Mutex
	var units float64
	s.OnCapacity = func(op string, u float64) {
		mu.Lock()
		defer mu.Unlock()
		if op == "score" {
			units += u
		}
	}
	take := func() float64 {
		mu.Lock()
		defer mu.Unlock()
		u := units
		units = 0
		return u
	}
	app := reviewApp(1)
	if err := s.ChangeAssignments(ctx, app, "2027-1", []string{"sub-a", "sub-b", "sub-c"}, nil, "", "round-job", assignedAt); err != nil {
		b.Fatal(err)
	}
	it, err := s.Review(ctx, app.Ref, "sub-a")
	if err != nil {
		b.Fatal(err)
	}
	sheet := fullSheet(app.Ref, "sub-a", programme.SheetDraft, 300)
	// The first save grows the item; the ones after it rewrite it.
	if err := s.SaveSheet(ctx, it, sheet, nil, assignedAt); err != nil {
		b.Fatal(err)
	}
	it.Version++
	first := take()
	b.ResetTimer()
	for b.Loop() {
		if err := s.SaveSheet(ctx, it, sheet, nil, assignedAt); err != nil {
			b.Fatal(err)
		}
		it.Version++
	}
	b.StopTimer()
	b.ReportMetric(take()/float64(b.N), "units/op")
	b.ReportMetric(first, "first-save-units")

	submitted := sheet
	submitted.Status = programme.SheetSubmitted
	if err := s.SaveSheet(ctx, it, submitted, &store.Audit{Actor: "sub-a", Code: programme.AuditReviewSubmitted, Event: "sheet submitted",
		Detail: map[string]string{"reviewer": "sub-a", "total": "625"}}, assignedAt); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(take(), "submit-units")

	longest, err := s.Review(ctx, app.Ref, "sub-b")
	if err != nil {
		b.Fatal(err)
	}
	if err := s.SaveSheet(ctx, longest, fullSheet(app.Ref, "sub-b", programme.SheetDraft, programme.MaxReviewComment), nil, assignedAt); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(take(), "longest-save-units")
}
