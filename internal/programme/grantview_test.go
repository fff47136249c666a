package programme_test

import (
	"testing"
	"time"

	"partnerskap/internal/programme"
)

// Staff's view across grants: the next report due, the late ones, the ones
// waiting for review, and the money per round and project year.
func TestGrantOverview(t *testing.T) {
	g := newGrant(t) // year 1's report due by 29 August 2028
	y1, _ := g.Year(1)
	if next, ok := g.NextDue(); !ok || next.Year != 1 {
		t.Fatalf("next due of a new grant: %+v %v", next, ok)
	}
	if late := g.Overdue(y1.Deadline.Add(-time.Second)); late != nil {
		t.Errorf("a second before the deadline: overdue %+v", late)
	}
	if late := g.Overdue(y1.Deadline); len(late) != 1 || late[0].Year != 1 {
		t.Errorf("at the deadline: overdue %+v, want year 1", late)
	}

	at := y1.Ends.Add(24 * time.Hour)
	g, r := submitted(t, g, 1, completeReport(), at)
	if w := g.Waiting(); len(w) != 1 || w[0].Year != 1 {
		t.Errorf("submitted year 1: waiting %+v", w)
	}
	if late := g.Overdue(y1.Deadline.Add(time.Hour)); late != nil {
		t.Errorf("a submitted report is not late: %+v", late)
	}
	if next, _ := g.NextDue(); next.Year != 2 {
		t.Errorf("next due once year 1 is in: year %d, want 2", next.Year)
	}
	g, _, err := programme.ApproveReport(g, r, "eva", at.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if g.Remaining() != g.Amount-400000 {
		t.Errorf("remaining %d, want %d", g.Remaining(), g.Amount-400000)
	}

	other := newGrant(t)
	other.RoundID, other.Ref = "2026-2", "KP-OTHER"
	totals := programme.TotalsByRound([]programme.Grant{g, other}, y1.Deadline.Add(time.Hour))
	if len(totals) != 2 || totals[0].RoundID != "2026-2" || totals[1].RoundID != "2027-1" {
		t.Fatalf("totals by round: %+v", totals)
	}
	old, cur := totals[0], totals[1]
	if old.Overdue != 1 || old.Reimbursed != 0 || old.Remaining != old.Granted {
		t.Errorf("the other round (year 1 late, nothing paid): %+v", old)
	}
	if cur.Overdue != 0 || cur.Waiting != 0 || cur.Reimbursed != 400000 || cur.Remaining != cur.Granted-400000 || cur.Running != 1 {
		t.Errorf("this round: %+v", cur)
	}
	if len(cur.Years) != 3 || cur.Years[0].Reimbursed != 400000 || cur.Years[0].Remaining != 0 ||
		cur.Years[1].Remaining != cur.Years[1].Granted || cur.Years[0].Granted+cur.Years[1].Granted+cur.Years[2].Granted != cur.Granted {
		t.Errorf("this round's years: %+v", cur.Years)
	}
}

// A grant decided without a first day starts on the first of the month
// after the decision; a report deadline inside its year is refused at the
// decision, not later.
func TestDecisionPlansTheGrant(t *testing.T) {
	app, r := grantedApp(t, 1350000)
	if app.Decision.Plan == nil || !app.Decision.Plan.Start.Equal(programme.DefaultStart(now)) {
		t.Fatalf("plan of a decision without a first day: %+v", app.Decision.Plan)
	}
	if s := programme.DefaultStart(time.Date(2027, 12, 31, 23, 30, 0, 0, programme.Stockholm)); !s.Equal(day(2028, 1, 1, 0, 0)) {
		t.Errorf("default start after a decision on New Year's Eve: %v", s)
	}
	app.Status, app.Decision = programme.AppInReview, nil
	in := programme.DecisionInput{Outcome: "granted", Amount: 1350000, Motivation: "Bra.", Start: day(2027, 7, 1, 0, 0),
		Deadlines: []time.Time{day(2028, 6, 1, 0, 0)}}
	_, err := programme.Decide(in, app, r, "eva", now)
	if fe := fieldErrors(t, err); len(fe) != 1 || fe[0].Field != "deadlines.1" || fe[0].Code != programme.CodeDeadlineInYear {
		t.Errorf("a deadline inside year 1: %v", fe)
	}
	in.Deadlines = []time.Time{day(2028, 9, 30, 0, 0)}
	d, err := programme.Decide(in, app, r, "eva", now)
	if err != nil || d.Plan == nil || !d.Plan.Start.Equal(day(2027, 7, 1, 0, 0)) || len(d.Plan.Deadlines) != 1 {
		t.Fatalf("a plan with a first day and year 1's last day: %+v %v", d.Plan, err)
	}
	in.Outcome, in.Amount = "rejected", 0
	if d, err := programme.Decide(in, app, r, "eva", now); err != nil || d.Plan != nil {
		t.Errorf("a rejection plans nothing: %+v %v", d.Plan, err)
	}
}
