package programme

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"partnerskap/internal/i18n"
)

// What staff follow across grants: which report comes next, which are
// late, which wait for them, and the money granted, reimbursed and left.

// in says whether a year's report is in: submitted (waiting for staff) or
// approved. A returned one is out again until it is resubmitted.
func (y GrantYear) in() bool { return y.Report == ReportSubmitted || y.Report == ReportApproved }

// NextDue is the year whose report is due next: the one with the earliest
// deadline whose report is not in. None once every report is in.
func (g Grant) NextDue() (GrantYear, bool) {
	var next GrantYear
	found := false
	for _, y := range g.Years {
		if !y.in() && (!found || y.Deadline.Before(next.Deadline)) {
			next, found = y, true
		}
	}
	return next, found && g.State == GrantRunning
}

// Overdue are the years whose deadline has passed at now without their
// report in.
func (g Grant) Overdue(now time.Time) []GrantYear {
	var out []GrantYear
	for _, y := range g.Years {
		if g.State == GrantRunning && !y.in() && !now.Before(y.Deadline) {
			out = append(out, y)
		}
	}
	return out
}

// Waiting are the years whose report waits for staff's review.
func (g Grant) Waiting() []GrantYear {
	var out []GrantYear
	for _, y := range g.Years {
		if y.Report == ReportSubmitted {
			out = append(out, y)
		}
	}
	return out
}

// Remaining is what may still be reimbursed: the granted amount less what
// was paid, on a running grant (a closed one's rest is Unused).
func (g Grant) Remaining() int64 {
	if g.State != GrantRunning {
		return 0
	}
	return g.Amount - g.Paid
}

// GrantTotals are a round's grants summed: in all and per project year.
type GrantTotals struct {
	RoundID                                string
	Grants, Running, Overdue, Waiting      int
	Granted, Reimbursed, Remaining, Unused int64
	Years                                  []YearTotals // by project year, from 1
}

// YearTotals are the grants' project year Year summed: what was granted
// for it, reimbursed for it, and is left of it on years not yet approved.
type YearTotals struct {
	Year                           int
	Granted, Reimbursed, Remaining int64
}

// TotalsByRound sums grants per round, rounds in order of their ids.
func TotalsByRound(grants []Grant, now time.Time) []GrantTotals {
	byRound := map[string]*GrantTotals{}
	for _, g := range grants {
		t := byRound[g.RoundID]
		if t == nil {
			t = &GrantTotals{RoundID: g.RoundID}
			byRound[g.RoundID] = t
		}
		t.Grants++
		t.Granted += g.Amount
		t.Reimbursed += g.Paid
		t.Remaining += g.Remaining()
		t.Unused += g.Unused
		if g.State == GrantRunning {
			t.Running++
		}
		if len(g.Overdue(now)) > 0 {
			t.Overdue++
		}
		t.Waiting += len(g.Waiting())
		for _, y := range g.Years {
			for len(t.Years) < y.Year {
				t.Years = append(t.Years, YearTotals{Year: len(t.Years) + 1})
			}
			yt := &t.Years[y.Year-1]
			yt.Granted += y.Amount
			yt.Reimbursed += y.Reimbursed
			if y.Report != ReportApproved && g.State == GrantRunning {
				yt.Remaining += y.Amount
			}
		}
	}
	out := make([]GrantTotals, 0, len(byRound))
	for _, t := range byRound {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b GrantTotals) int { return cmp.Compare(a.RoundID, b.RoundID) })
	return out
}

// The codes of a grant's audit lines (on its application's log), with the
// details each carries.
const (
	AuditReportSubmitted = "grant.report_submitted" // year, costs, submissions
	AuditReportReturned  = "grant.report_returned"  // year, comments
	AuditReportApproved  = "grant.report_approved"  // year, reimbursed, paid; unused when it closed the grant
	AuditChangeRequested = "grant.change_requested" // change (id), kind, reason
	// AuditChangeDecided: change (id), kind, state (approved or refused),
	// motivation; before and after: the grant's changed part as it was and
	// as it is (JSON), for an approved change.
	AuditChangeDecided = "grant.change_decided"
)

// grantAuditText is a grant's audit line in lang.
func grantAuditText(e AuditEntry, lang Lang) string {
	d := e.Detail
	sek := func(s string) string {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return s
		}
		return FormatSEK(n, lang)
	}
	switch e.Code {
	case AuditGrantStarted:
		date := d["start"]
		if t, err := time.ParseInLocation(time.DateOnly, date, Stockholm); err == nil {
			date = FormatDate(t, lang)
		}
		return i18n.AuditGrantStartedText.Format(lang, i18n.Args{"amount": sek(d["amount"]), "date": date})
	case AuditReportSubmitted:
		return i18n.AuditReportSubmittedText.Format(lang, i18n.Args{"year": d["year"]})
	case AuditReportReturned:
		return i18n.AuditReportReturnedText.Format(lang, i18n.Args{"year": d["year"]})
	case AuditReportApproved:
		return i18n.AuditReportApprovedText.Format(lang, i18n.Args{"year": d["year"], "amount": sek(d["reimbursed"])})
	case AuditChangeRequested:
		return i18n.AuditChangeRequestedText.Format(lang, i18n.Args{"kind": ChangeKindName(ChangeKind(d["kind"]), lang)})
	default:
		return i18n.AuditChangeDecidedText.Format(lang, i18n.Args{"kind": ChangeKindName(ChangeKind(d["kind"]), lang),
			"state": ChangeStateName(ChangeState(d["state"]), lang)})
	}
}
