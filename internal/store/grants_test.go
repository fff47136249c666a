package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

var (
	grantStart = time.Date(2027, 7, 1, 0, 0, 0, 0, programme.Stockholm)
	decidedAt  = closes.Add(24 * time.Hour)
	// reportDay is in year 2, after year 1 ended (its report due 29 August 2028).
	reportDay = time.Date(2028, 7, 15, 10, 30, 0, 123456789, programme.Stockholm)
)

// sameValue says whether got and want are equal, instants compared as
// instants (the store reads them back in UTC) and a nil slice or map as an
// empty one.
func sameValue(got, want reflect.Value) bool {
	if got.Type() == reflect.TypeFor[time.Time]() {
		return got.Interface().(time.Time).Equal(want.Interface().(time.Time))
	}
	switch got.Kind() {
	case reflect.Struct:
		for i := range got.NumField() {
			if !sameValue(got.Field(i), want.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if got.Len() != want.Len() {
			return false
		}
		for i := range got.Len() {
			if !sameValue(got.Index(i), want.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if got.Len() != want.Len() {
			return false
		}
		for _, k := range got.MapKeys() {
			w := want.MapIndex(k)
			if !w.IsValid() || !sameValue(got.MapIndex(k), w) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if got.IsNil() || want.IsNil() {
			return got.IsNil() == want.IsNil()
		}
		return sameValue(got.Elem(), want.Elem())
	}
	return got.Equal(want)
}

func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !sameValue(reflect.ValueOf(got), reflect.ValueOf(want)) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

// seedApp stores an application of two years (400 000 and 300 000 asked)
// with a team, in status, in the round, and returns it as stored.
func seedApp(t *testing.T, s *store.Store, roundID string, status programme.AppStatus) programme.Application {
	t.Helper()
	app, err := storeApp(s, roundID, status)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

func storeApp(s *store.Store, roundID string, status programme.AppStatus) (programme.Application, error) {
	app, sec := application(programme.NewToken())
	app.RoundID, app.Status, app.SubmittedAt, app.Version = roundID, status, opens.Add(time.Hour), 1
	app.DurationYears, app.BudgetPerYear = 2, []int64{400000, 300000}
	app.Team = []programme.Member{{Party: programme.RoleSwedish, Role: programme.Coordinator, Name: "Anna Berg"},
		{Party: programme.RolePartner, Role: programme.CivilServant, Name: "John Okello"}}
	item, err := store.ApplicationItem(app, sec)
	if err == nil {
		_, err = s.DB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.Table()), Item: item})
	}
	return app, err
}

// grantedApp is seedApp's application stored as granted amount (the
// decision itself only in memory: queueing reads the version and status).
func grantedApp(t *testing.T, s *store.Store, roundID string, amount int64) programme.Application {
	t.Helper()
	return granted(seedApp(t, s, roundID, programme.AppGranted), amount)
}

func granted(app programme.Application, amount int64) programme.Application {
	app.Decision = &programme.Decision{Outcome: programme.Granted, Amount: amount, Motivation: "Bra.", DecidedBy: "sub-1", DecidedAt: decidedAt}
	return app
}

// lines are a travel and a staff line adding up to the years' 400 000 and 300 000.
func lines() []programme.BudgetLine {
	return []programme.BudgetLine{
		{ID: "travel", Name: "Resor", Amounts: []int64{150000, 100000}},
		{ID: "staff", Name: "Personal", Amounts: []int64{250000, 200000}},
	}
}

func newGrant(t *testing.T, s *store.Store, app programme.Application) programme.Grant {
	t.Helper()
	r, err := s.Round(ctx, app.RoundID)
	if err != nil {
		t.Fatal(err)
	}
	g, err := grantIn(app, r)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// grantIn is app's grant in r from 1 July 2027 with lines(), year 2's
// report due on 30 September 2029.
func grantIn(app programme.Application, r programme.Round) (programme.Grant, error) {
	return programme.NewGrant(app, r, programme.GrantInput{Start: grantStart, Lines: lines(),
		Deadlines: []time.Time{{}, time.Date(2029, 9, 30, 0, 0, 0, 0, programme.Stockholm)}})
}

// startGrant makes a running grant of 700 000 in round 2027-1, with its
// decision's emails queued, and returns its file.
func startGrant(t *testing.T, s *store.Store) store.GrantFile {
	t.Helper()
	app := grantedApp(t, s, "2027-1", 700000)
	g := newGrant(t, s, app)
	if err := s.QueueDecisionAndGrant(ctx, app, nil, decidedAt, "sub-1 eva@example.se", &store.GrantStart{Grant: g, KeyHash: programme.Hash("key of " + app.Ref)}); err != nil {
		t.Fatal(err)
	}
	f, err := s.GrantFile(ctx, app.Ref)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func grantFile(t *testing.T, s *store.Store, ref string) store.GrantFile {
	t.Helper()
	f, err := s.GrantFile(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// A decision's plan is stored with it and read back; a rejection leaves
// none on the item.
func TestDecisionPlanRoundTrip(t *testing.T) {
	s := newStore(t)
	app := seedApp(t, s, "2027-1", programme.AppInReview)
	r, err := s.Round(ctx, "2027-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MoveRound(ctx, r, programme.RoundClosed, closes, programme.ActorRoundJob); err != nil {
		t.Fatal(err)
	}
	if r, err = s.Round(ctx, "2027-1"); err != nil {
		t.Fatal(err)
	}
	plan := &programme.GrantInput{Start: grantStart,
		Deadlines: []time.Time{{}, time.Date(2029, 9, 30, 0, 0, 0, 0, programme.Stockholm)}, Lines: lines()}
	d := programme.Decision{Outcome: programme.Granted, Amount: 700000, Motivation: "Bra.", DecidedBy: "sub-1", DecidedAt: decidedAt, Plan: plan}
	if err := s.RecordDecision(ctx, app, r, d); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.Application(ctx, app.Ref)
	if err != nil || got.Decision == nil {
		t.Fatalf("read back: %+v %v", got, err)
	}
	same(t, "the plan", got.Decision.Plan, plan)

	// Changed to a grant without a plan, then to a rejection: none left.
	for _, d := range []programme.Decision{
		{Outcome: programme.Granted, Amount: 500000, Motivation: "Bra.", DecidedBy: "sub-1", DecidedAt: decidedAt},
		{Outcome: programme.Rejected, Motivation: "Nej.", DecidedBy: "sub-1", DecidedAt: decidedAt, Plan: plan},
	} {
		if err := s.RecordDecision(ctx, got, r, d); err != nil {
			t.Fatal(err)
		}
		if r, err = s.Round(ctx, "2027-1"); err != nil {
			t.Fatal(err)
		}
		if got, _, err = s.Application(ctx, app.Ref); err != nil || got.Decision == nil || got.Decision.Plan != nil {
			t.Fatalf("after a %s decision: %+v %v, want no plan", d.Outcome, got.Decision, err)
		}
		out, err := s.DB().GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.Table()), ConsistentRead: aws.Bool(true),
			Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "APP#" + app.Ref}, "SK": &types.AttributeValueMemberS{Value: "APP"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := out.Item["grantPlan"]; ok {
			t.Errorf("after a %s decision the item still has a grantPlan", d.Outcome)
		}
	}
}

// A grant is made with its decision's emails: read back whole, with its key
// hash, in its round's list, with an audit line; queueing again makes
// nothing.
func TestQueueDecisionAndGrantRoundTrip(t *testing.T) {
	s := newStore(t)
	app := grantedApp(t, s, "2027-1", 700000)
	g := newGrant(t, s, app)
	g.PublicSummary = "Sorterat avfall."
	mail := programme.Email{ID: programme.EmailID(programme.AboutDecision, app.Ref, "swedish"), Kind: programme.DecisionGrantedEmail,
		Ref: app.Ref, RoundID: app.RoundID, To: app.SwedishParty.Email, Subject: "s", Text: "t"}
	start := &store.GrantStart{Grant: g, KeyHash: programme.Hash("the key")}
	if err := s.QueueDecisionAndGrant(ctx, app, []programme.Email{mail}, decidedAt, "sub-1 eva@example.se", start); err != nil {
		t.Fatal(err)
	}
	f, err := s.GrantFile(ctx, app.Ref)
	if err != nil {
		t.Fatal(err)
	}
	want := g
	want.Version = 1
	same(t, "the grant", f.Grant, want)
	if f.KeyHash != start.KeyHash || len(f.Reports) != 0 || len(f.Changes) != 0 {
		t.Errorf("key hash %q, %d reports, %d changes; want %q and none", f.KeyHash, len(f.Reports), len(f.Changes), start.KeyHash)
	}
	if len(f.Grant.Team) != 2 || f.Grant.Years[1].Deadline.In(programme.Stockholm) != time.Date(2029, 10, 1, 0, 0, 0, 0, programme.Stockholm) {
		t.Errorf("team %+v, year 2 due %s", f.Grant.Team, f.Grant.Years[1].Deadline)
	}
	if got, _, err := s.Application(ctx, app.Ref); err != nil || !got.DecisionQueued || got.Version != 2 {
		t.Errorf("application after queueing: %+v %v", got, err)
	}
	if e, err := s.OutboxItem(ctx, mail.ID); err != nil || e.State != programme.EmailPending {
		t.Errorf("decision email: %+v %v", e, err)
	}
	log, err := s.ApplicationLog(ctx, app.Ref)
	if err != nil {
		t.Fatal(err)
	}
	var started []programme.AuditEntry
	for _, e := range log {
		if e.Code == programme.AuditGrantStarted {
			started = append(started, e)
		}
	}
	if len(started) != 1 || started[0].Actor != "sub-1" || started[0].Detail["amount"] != "700000" ||
		started[0].Detail["start"] != "2027-07-01" || started[0].Detail["lastDays"] != "2028-08-29 2029-09-30" {
		t.Errorf("grant started lines: %+v", started)
	}

	// Again (a retry with the application as read): a conflict, one grant.
	app.Version = 2
	again := programme.Email{ID: programme.EmailID(programme.AboutDecision, app.Ref, "again"), Kind: programme.DecisionGrantedEmail,
		Ref: app.Ref, RoundID: app.RoundID, To: app.SwedishParty.Email, Subject: "s", Text: "t"}
	if err := s.QueueDecisionAndGrant(ctx, app, []programme.Email{again}, decidedAt, "sub-1", start); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("queued twice: %v, want ErrConflict", err)
	}
	grants, err := s.Grants(ctx, "2027-1")
	if err != nil || len(grants) != 1 || grants[0].Version != 1 {
		t.Fatalf("grants after queueing twice: %+v %v, want the one", grants, err)
	}
	if _, err := s.OutboxItem(ctx, again.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused queueing wrote its email: %v", err)
	}

	// The existing QueueDecision makes no grant.
	other := grantedApp(t, s, "2027-1", 100000)
	if err := s.QueueDecision(ctx, other, nil, decidedAt, "sub-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GrantFile(ctx, other.Ref); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("QueueDecision made a grant: %v", err)
	}
	for _, ref := range []string{"KP-NOSUCH", string(make([]byte, 3000))} {
		if _, err := s.GrantFile(ctx, ref); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GrantFile(%.10q): %v, want ErrNotFound", ref, err)
		}
	}
}

// documents are a report's documents, one per kind the grant asks for.
func documents(g programme.Grant, at time.Time) []programme.Document {
	var out []programme.Document
	for _, d := range g.Documents {
		out = append(out, programme.Document{Kind: d.Kind, Name: string(d.Kind) + ".file", Format: d.Formats[0], Size: 1000,
			Key: programme.ReportUploads(g.Ref, 1) + string(d.Kind) + "/n/" + string(d.Kind), ETag: "e", UploadedAt: at})
	}
	return out
}

func reportInput(g programme.Grant) programme.ReportInput {
	return programme.ReportInput{Narrative: programme.Narrative{Done: "Gjort.", Results: "Resultat.", Deviations: "Inga.", Summary: "Sammanfattning."},
		Accounts: []programme.Account{{Line: "travel", Amount: 140000}, {Line: "staff", Amount: 250000}}, Total: 390000,
		Documents: documents(g, reportDay)}
}

// A report is written with its grant in one transaction, each to its next
// version; one written as read before a change is refused and changes
// nothing. The writes' capacity is counted as "report".
func TestWriteReport(t *testing.T) {
	s := newStore(t)
	var mu sync.Mutex
	units := map[string]int{}
	s.OnCapacity = func(op string, _ float64) {
		mu.Lock()
		units[op]++
		mu.Unlock()
	}
	f := startGrant(t, s)
	ref := f.Grant.Ref

	g, r, err := programme.NewReport(f.Grant, 1, reportDay)
	if err != nil {
		t.Fatal(err)
	}
	audit := &store.Audit{Actor: "grantee", Code: "grant.report", Event: "report started", Detail: map[string]string{"year": "1"}}
	if err := s.WriteReport(ctx, &g, r, audit, reportDay); err != nil {
		t.Fatal(err)
	}
	f = grantFile(t, s, ref)
	wantG, wantR := g, r
	wantG.Version, wantR.Version = 2, 1
	same(t, "the grant after the new report", f.Grant, wantG)
	if len(f.Reports) != 1 {
		t.Fatalf("%d reports", len(f.Reports))
	}
	same(t, "the new report", f.Reports[0], wantR)
	if f.KeyHash != programme.Hash("key of "+ref) {
		t.Errorf("key hash %q after the grant's update", f.KeyHash)
	}
	if grants, err := s.Grants(ctx, "2027-1"); err != nil || len(grants) != 1 || grants[0].Years[0].Report != programme.ReportDraft {
		t.Errorf("the round's grants after the update: %+v %v (the index keys must be kept)", grants, err)
	}
	log, err := s.ApplicationLog(ctx, ref)
	if err != nil || log[len(log)-1].Code != "grant.report" || log[len(log)-1].Actor != "grantee" || !log[len(log)-1].At.Equal(reportDay.Truncate(time.Millisecond)) {
		t.Errorf("audit log %+v %v", log, err)
	}
	// A second new report of the year (read before the first): refused.
	if err := s.WriteReport(ctx, nil, r, nil, reportDay); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a second new report of year 1: %v, want ErrConflict", err)
	}

	// Saved (the report alone), then saved again as read before: refused.
	saved, err := programme.SaveReport(f.Grant, f.Reports[0], reportInput(f.Grant), reportDay)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteReport(ctx, nil, saved, nil, reportDay); err != nil {
		t.Fatal(err)
	}
	stale, err := programme.SaveReport(f.Grant, f.Reports[0], programme.ReportInput{Narrative: programme.Narrative{Done: "Annat."}}, reportDay)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteReport(ctx, nil, stale, nil, reportDay); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a stale save: %v, want ErrConflict", err)
	}
	after := grantFile(t, s, ref)
	wantR = saved
	wantR.Version = 2
	same(t, "the report after a stale save", after.Reports[0], wantR)

	// Submitted with the grant as read before another change: refused, nothing written.
	g2, submitted, err := programme.SubmitReport(f.Grant, after.Reports[0], reportDay)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteReport(ctx, &g2, submitted, audit, reportDay); err != nil {
		t.Fatal(err)
	}
	staleGrant := f.Grant // version 2; the grant is at 3 now
	_, returned, err := programme.ReturnReport(staleGrant, submitted, "Fel.", "sub-1", reportDay)
	if err != nil {
		t.Fatal(err)
	}
	returned.Version = 3
	if err := s.WriteReport(ctx, &staleGrant, returned, audit, reportDay); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a stale grant: %v, want ErrConflict", err)
	}
	final := grantFile(t, s, ref)
	if final.Grant.Version != 3 || final.Reports[0].Version != 3 || final.Reports[0].State != programme.ReportSubmitted {
		t.Errorf("after the refused write: grant v%d, report v%d %s; want v3, v3 submitted", final.Grant.Version, final.Reports[0].Version, final.Reports[0].State)
	}
	if n, err := s.ApplicationLog(ctx, ref); err != nil || len(n) != len(log)+1 {
		t.Errorf("audit lines %d, want %d (refused writes log nothing)", len(n), len(log)+1)
	}
	mu.Lock()
	defer mu.Unlock()
	if units["report"] != 3 {
		t.Errorf("capacity reported for %d report writes, want the 3 that landed (%v)", units["report"], units)
	}
}

// Two staff approving the same report at once: one approval lands, the
// other is refused; the grant's payment is counted once.
func TestApproveReportOnce(t *testing.T) {
	s := newStore(t)
	f := startGrant(t, s)
	ref := f.Grant.Ref
	g, r, err := programme.NewReport(f.Grant, 1, reportDay)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteReport(ctx, &g, r, nil, reportDay); err != nil {
		t.Fatal(err)
	}
	f = grantFile(t, s, ref)
	saved, err := programme.SaveReport(f.Grant, f.Reports[0], reportInput(f.Grant), reportDay)
	if err != nil {
		t.Fatal(err)
	}
	g, submitted, err := programme.SubmitReport(f.Grant, saved, reportDay)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteReport(ctx, &g, submitted, nil, reportDay); err != nil {
		t.Fatal(err)
	}

	const staff = 2
	var ready, wg sync.WaitGroup
	ready.Add(staff)
	errs := make([]error, staff)
	for i := range staff {
		wg.Go(func() {
			f, err := s.GrantFile(ctx, ref)
			ready.Done()
			if err != nil {
				errs[i] = err
				return
			}
			ready.Wait() // both have read before either writes
			by := fmt.Sprintf("sub-%d", i)
			g, r, err := programme.ApproveReport(f.Grant, f.Reports[0], by, reportDay)
			if err != nil {
				errs[i] = err
				return
			}
			errs[i] = s.WriteReport(ctx, &g, r, &store.Audit{Actor: by, Code: "grant.report_approved", Event: "report approved"}, reportDay)
		})
	}
	wg.Wait()
	landed := 0
	for _, err := range errs {
		switch {
		case err == nil:
			landed++
		case !errors.Is(err, store.ErrConflict):
			t.Fatal(err)
		}
	}
	if landed != 1 {
		t.Fatalf("%d approvals landed (%v), want 1", landed, errs)
	}
	f = grantFile(t, s, ref)
	if f.Grant.Paid != 390000 || f.Grant.Years[0].Reimbursed != 390000 || f.Grant.Years[0].Report != programme.ReportApproved ||
		f.Grant.PublicSummary != "Sammanfattning." || f.Reports[0].State != programme.ReportApproved || f.Reports[0].Reimbursed != 390000 {
		t.Errorf("after the approvals: grant %+v, report %+v", f.Grant, f.Reports[0])
	}
	if f.Grant.Version != 4 || f.Reports[0].Version != 3 {
		t.Errorf("grant v%d, report v%d; want one write more: v4, v3", f.Grant.Version, f.Reports[0].Version)
	}
	log, err := s.ApplicationLog(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	approvals := 0
	for _, e := range log {
		if e.Code == "grant.report_approved" {
			approvals++
		}
	}
	if approvals != 1 {
		t.Errorf("%d approval lines, want 1", approvals)
	}
}

func extension(t *testing.T, g programme.Grant, id string, at time.Time) programme.ChangeRequest {
	t.Helper()
	c, err := programme.RequestChange(g, programme.ChangeInput{Kind: string(programme.ChangeExtension), Reason: "Sjukdom.", Year: 1,
		Deadline: time.Date(2028, 10, 31, 0, 0, 0, 0, programme.Stockholm)}, programme.TypeRule{}, at)
	if err != nil {
		t.Fatal(err)
	}
	c.ID = id
	return c
}

// A change request is stored while its grant runs; approved, the grant
// changes with it in one transaction; decided twice, the second is refused.
func TestRequestAndDecideChange(t *testing.T) {
	s := newStore(t)
	f := startGrant(t, s)
	ref := f.Grant.Ref
	at := reportDay
	c := extension(t, f.Grant, "c-1", at)
	audit := store.Audit{Actor: "grantee", Code: "grant.change_requested", Event: "change requested"}
	if err := s.RequestChange(ctx, c, audit); err != nil {
		t.Fatal(err)
	}
	if err := s.RequestChange(ctx, c, audit); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("the same id again: %v, want ErrAlreadyExists", err)
	}
	earlier := extension(t, f.Grant, "c-0", at.Add(-time.Hour))
	if err := s.RequestChange(ctx, earlier, audit); err != nil {
		t.Fatal(err)
	}
	nowhere := c
	nowhere.Ref, nowhere.ID = "KP-NOSUCH", "c-9"
	if err := s.RequestChange(ctx, nowhere, audit); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a change of no grant: %v, want ErrConflict", err)
	}
	f = grantFile(t, s, ref)
	if len(f.Changes) != 2 || f.Changes[0].ID != "c-0" {
		t.Fatalf("changes %+v, want c-0 then c-1", f.Changes)
	}
	same(t, "the change request", f.Changes[1], c)

	a, decided, err := programme.ApproveChange(f.Grant, f.Changes[1], "Godkänt.", "sub-1", at.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	decide := store.Audit{Actor: "sub-1", Code: "grant.change_decided", Event: "change approved",
		Detail: map[string]string{"before": a.Before.Years[0].LastDay().Format(time.DateOnly), "after": a.After.Years[0].LastDay().Format(time.DateOnly)}}
	if err := s.DecideChange(ctx, decided, &a, decide); err != nil {
		t.Fatal(err)
	}
	after := grantFile(t, s, ref)
	want := a.After
	want.Version = f.Grant.Version + 1
	same(t, "the amended grant", after.Grant, want)
	same(t, "the decided change", after.Changes[1], decided)
	if after.KeyHash != f.KeyHash || after.Changes[0].State != programme.ChangePending {
		t.Errorf("key hash %q (want %q), other change %s", after.KeyHash, f.KeyHash, after.Changes[0].State)
	}
	if err := s.DecideChange(ctx, decided, &a, decide); !errors.Is(err, store.ErrConflict) {
		t.Errorf("decided twice: %v, want ErrConflict", err)
	}
	refused, err := programme.RefuseChange(after.Grant, f.Changes[1], "Nej.", "sub-2", at.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DecideChange(ctx, refused, nil, decide); !errors.Is(err, store.ErrConflict) {
		t.Errorf("refused after the approval: %v, want ErrConflict", err)
	}
	if again := grantFile(t, s, ref); again.Grant.Version != want.Version || again.Changes[1].State != programme.ChangeApproved {
		t.Errorf("after the refused decisions: grant v%d, change %s", again.Grant.Version, again.Changes[1].State)
	}
}

// An approval made on the grant as read before another change is refused
// and writes nothing: the request stays pending.
func TestDecideChangeOnAStaleGrant(t *testing.T) {
	s := newStore(t)
	f := startGrant(t, s)
	ref := f.Grant.Ref
	c := extension(t, f.Grant, "c-1", reportDay)
	if err := s.RequestChange(ctx, c, store.Audit{Actor: "grantee", Event: "change requested"}); err != nil {
		t.Fatal(err)
	}
	read := grantFile(t, s, ref)
	// Meanwhile the grantee starts year 1's report: the grant moves on.
	g, r, err := programme.NewReport(read.Grant, 1, reportDay)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteReport(ctx, &g, r, nil, reportDay); err != nil {
		t.Fatal(err)
	}
	a, decided, err := programme.ApproveChange(read.Grant, read.Changes[0], "Godkänt.", "sub-1", reportDay.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	logBefore, err := s.ApplicationLog(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DecideChange(ctx, decided, &a, store.Audit{Actor: "sub-1", Event: "change approved"}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("approved on a stale grant: %v, want ErrConflict", err)
	}
	after := grantFile(t, s, ref)
	wantG := g
	wantG.Version = read.Grant.Version + 1
	same(t, "the grant", after.Grant, wantG)
	same(t, "the change", after.Changes[0], c)
	if logAfter, err := s.ApplicationLog(ctx, ref); err != nil || len(logAfter) != len(logBefore) {
		t.Errorf("audit lines %d, want %d", len(logAfter), len(logBefore))
	}
}

// A round's grants, more than one BatchGetItem's worth, are all read, in
// order of reference; the public view of them has only state and summary.
func TestGrantsAndPublicGrants(t *testing.T) {
	s := newStore(t)
	const n = 160
	r, err := s.Round(ctx, "2027-1")
	if err != nil {
		t.Fatal(err)
	}
	made := make([]programme.Grant, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 16)
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			app, err := storeApp(s, "2027-1", programme.AppGranted)
			if err != nil {
				errs <- err
				return
			}
			app = granted(app, 700000)
			g, err := grantIn(app, r)
			if err != nil {
				errs <- err
				return
			}
			if i%3 == 0 {
				g.PublicSummary = "Sammanfattning " + app.Ref
			}
			made[i] = g
			errs <- s.QueueDecisionAndGrant(ctx, app, nil, decidedAt, "sub-1", &store.GrantStart{Grant: g, KeyHash: programme.Hash(app.Ref)})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// One in another round, listed there only.
	other := grantedApp(t, s, "2027-2", 700000)
	if err := s.QueueDecisionAndGrant(ctx, other, nil, decidedAt, "sub-1", &store.GrantStart{Grant: newGrant(t, s, other)}); err != nil {
		t.Fatal(err)
	}

	grants, err := s.Grants(ctx, "2027-1")
	if err != nil || len(grants) != n {
		t.Fatalf("Grants: %d %v, want %d", len(grants), err, n)
	}
	byRef := map[string]programme.Grant{}
	for _, g := range made {
		g.Version = 1
		byRef[g.Ref] = g
	}
	for i, g := range grants {
		if i > 0 && grants[i-1].Ref >= g.Ref {
			t.Fatalf("grants not in order of reference at %d: %s, %s", i, grants[i-1].Ref, g.Ref)
		}
		same(t, "grant "+g.Ref, g, byRef[g.Ref])
	}
	public, err := s.PublicGrants(ctx, "2027-1")
	if err != nil || len(public) != n {
		t.Fatalf("PublicGrants: %d %v, want %d", len(public), err, n)
	}
	for ref, g := range byRef {
		if p := public[ref]; p != (store.PublicGrant{State: programme.GrantRunning, Summary: g.PublicSummary}) {
			t.Errorf("public %s: %+v, want running, %q", ref, p, g.PublicSummary)
		}
	}
	if grants, err := s.Grants(ctx, "2027-2"); err != nil || len(grants) != 1 || grants[0].Ref != other.Ref {
		t.Errorf("round 2027-2's grants: %+v %v", grants, err)
	}
	if grants, err := s.Grants(ctx, "nope"); err != nil || len(grants) != 0 {
		t.Errorf("an unknown round's grants: %+v %v", grants, err)
	}
}

// An email queued once by its id: a second run queues nothing and logs
// nothing, at whatever time it runs.
func TestQueueOnce(t *testing.T) {
	s := newStore(t)
	f := startGrant(t, s)
	ref := f.Grant.Ref
	reminders := programme.RemindersDue(f.Grant, time.Date(2028, 8, 1, 6, 0, 0, 0, programme.Stockholm))
	if len(reminders) != 1 {
		t.Fatalf("reminders %+v", reminders)
	}
	e := programme.Email{ID: reminders[0].ID, Kind: programme.EmailKind("reminder"), Ref: ref, RoundID: f.Grant.RoundID,
		To: "anna@kalix.example.se", Subject: "s", Text: "t"}
	audit := store.Audit{Actor: "reminder-job", Code: "grant.reminder", Event: "reminder queued", Detail: map[string]string{"outbox": e.ID}}
	logBefore, err := s.ApplicationLog(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(2028, 8, 1, 6, 0, 0, 0, programme.Stockholm)
	for i, want := range []bool{true, false, false} {
		queued, err := s.QueueOnce(ctx, e, first.Add(time.Duration(i)*time.Hour), audit)
		if err != nil || queued != want {
			t.Fatalf("run %d: %v %v, want %v", i+1, queued, err, want)
		}
	}
	got, err := s.OutboxItem(ctx, e.ID)
	if err != nil || got.State != programme.EmailPending || !got.CreatedAt.Equal(first) {
		t.Errorf("the email: %+v %v", got, err)
	}
	logAfter, err := s.ApplicationLog(ctx, ref)
	if err != nil || len(logAfter) != len(logBefore)+1 {
		t.Fatalf("audit lines %d, want %d", len(logAfter), len(logBefore)+1)
	}
	if last := logAfter[len(logAfter)-1]; last.Code != "grant.reminder" || last.Detail["outbox"] != e.ID || !last.At.Equal(first) {
		t.Errorf("audit line %+v", last)
	}
}
