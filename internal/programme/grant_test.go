package programme_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"partnerskap/internal/programme"
)

const grantRef = "KP-GRANT0001"

func day(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, programme.Stockholm)
}

// grantedApp is validInput's project over three years (400 000, 450 000
// and 500 000 asked), granted amount in round 2027-1.
func grantedApp(t *testing.T, amount int64) (programme.Application, programme.Round) {
	t.Helper()
	r := round(t, "2027-1")
	r.Status = programme.RoundClosed
	in := validInput()
	in.DurationYears, in.BudgetPerYear = 3, []int64{400000, 450000, 500000}
	app, errs := programme.Validate(in, r)
	if errs != nil {
		t.Fatal(errs)
	}
	app.Ref, app.Status = grantRef, programme.AppInReview
	d, err := programme.Decide(programme.DecisionInput{Outcome: "granted", Amount: amount, Motivation: "Bra."}, app, r, "eva", now)
	if err != nil {
		t.Fatal(err)
	}
	app.Decision, app.Status = &d, programme.AppGranted
	return app, r
}

// lines are a travel and a staff line that add up to what each year asked.
func lines() []programme.BudgetLine {
	return []programme.BudgetLine{
		{ID: "travel", Name: "Resor", Amounts: []int64{150000, 150000, 200000}},
		{ID: "staff", Name: "Personal", Amounts: []int64{250000, 300000, 300000}},
	}
}

// newGrant is grantedApp's grant of all that was asked, from 1 July 2027,
// with lines(): year 1 runs to 30 June 2028, its report due 29 August.
func newGrant(t *testing.T) programme.Grant {
	t.Helper()
	app, r := grantedApp(t, 1350000)
	g, err := programme.NewGrant(app, r, programme.GrantInput{Start: day(2027, 7, 1, 0, 0), Lines: lines()})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func fieldErrors(t *testing.T, err error) programme.FieldErrors {
	t.Helper()
	var fe programme.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("%v: want field errors", err)
	}
	return fe
}

func TestScaleBudget(t *testing.T) {
	for _, c := range []struct {
		name   string
		asked  []int64
		amount int64
		want   []int64
	}{
		{"all that was asked", []int64{400000, 450000, 500000}, 1350000, []int64{400000, 450000, 500000}},
		// 296 296,3 + 333 333,3 + 370 370,4: the krona left goes to the largest fraction.
		{"proportionally", []int64{400000, 450000, 500000}, 1000000, []int64{296296, 333333, 370371}},
		// 99,67 each: two kronor left, to the later years on the tie; none above what it asked.
		{"a tie goes to the later year", []int64{100, 100, 100}, 299, []int64{99, 100, 100}},
		{"one year", []int64{500000}, 300000, []int64{300000}},
		{"nothing", []int64{400000, 450000}, 0, []int64{0, 0}},
		{"halves exactly", []int64{200000, 200000}, 300000, []int64{150000, 150000}},
	} {
		if got := programme.ScaleBudget(c.asked, c.amount); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// Any budget and amount: the shares add up to the amount, each is its
	// year's proportion rounded down or up, and none is above what it asked.
	rng := rand.New(rand.NewPCG(12, 0))
	for range 2000 {
		asked := make([]int64, 1+rng.IntN(3))
		var total int64
		for i := range asked {
			asked[i] = 1 + rng.Int64N(650000)
			total += asked[i]
		}
		amount := rng.Int64N(total + 1)
		got := programme.ScaleBudget(asked, amount)
		var sum int64
		for i, g := range got {
			sum += g
			exact := asked[i] * amount / total
			if g < exact || g > exact+1 || g > asked[i] {
				t.Fatalf("%v of %v: year %d gets %d", amount, asked, i+1, g)
			}
		}
		if sum != amount {
			t.Fatalf("%v of %v: %v adds up to %d", amount, asked, got, sum)
		}
	}
}

func TestNewGrant(t *testing.T) {
	app, r := grantedApp(t, 1000000)
	// A start given at 15:30 is its day; year 2's last day is set by staff.
	g, err := programme.NewGrant(app, r, programme.GrantInput{Start: day(2027, 7, 1, 15, 30),
		Deadlines: []time.Time{{}, day(2029, 9, 30, 0, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	if g.Ref != grantRef || g.Amount != 1000000 || g.State != programme.GrantRunning || g.Paid != 0 || !g.Start.Equal(day(2027, 7, 1, 0, 0)) {
		t.Fatalf("grant: %+v", g)
	}
	for i, want := range []struct {
		amount             int64
		starts, ends, last time.Time
	}{
		{296296, day(2027, 7, 1, 0, 0), day(2028, 7, 1, 0, 0), day(2028, 8, 29, 0, 0)}, // 60 days after 30 June
		{333333, day(2028, 7, 1, 0, 0), day(2029, 7, 1, 0, 0), day(2029, 9, 30, 0, 0)}, // staff's
		{370371, day(2029, 7, 1, 0, 0), day(2030, 7, 1, 0, 0), day(2030, 8, 29, 0, 0)},
	} {
		y, ok := g.Year(i + 1)
		if !ok || y.Amount != want.amount || !y.Starts.Equal(want.starts) || !y.Ends.Equal(want.ends) ||
			y.LastDay().Format(time.DateOnly) != want.last.Format(time.DateOnly) || !y.Deadline.Equal(want.last.AddDate(0, 0, 1)) {
			t.Errorf("year %d: %+v, last day %s; want %+v", i+1, y, y.LastDay(), want)
		}
	}
	if len(g.Lines) != 1 || g.Lines[0].ID != programme.WholeBudget || !slices.Equal(g.Lines[0].Amounts, []int64{296296, 333333, 370371}) {
		t.Errorf("without finer lines, one line of each year's amount: %+v", g.Lines)
	}
	if g.Lines[0].Label(programme.English) != "The year's whole budget" {
		t.Errorf("the whole budget's label: %q", g.Lines[0].Label(programme.English))
	}
	if len(g.Documents) != 3 || !g.Documents[0].Required || g.Documents[0].Kind != programme.AuditCertificate {
		t.Errorf("the report's documents, from the round's rule: %+v", g.Documents)
	}

	// A round stored before grants were followed up gets the default rule.
	r.Rules.Grant = nil
	if old, err := programme.NewGrant(app, r, programme.GrantInput{Start: day(2027, 7, 1, 0, 0)}); err != nil ||
		!old.Years[0].Deadline.Equal(day(2028, 8, 30, 0, 0)) || len(old.Documents) != len(programme.DefaultGrantRule.Documents) {
		t.Errorf("default rule: %+v %v", old, err)
	}

	if _, err := programme.NewGrant(programme.Application{Status: programme.AppRejected}, r, programme.GrantInput{}); !errors.Is(err, programme.ErrNotGranted) {
		t.Errorf("a rejected application: %v", err)
	}

	full, _ := grantedApp(t, 1350000)
	type want struct{ field, code string }
	for _, c := range []struct {
		name string
		in   programme.GrantInput
		want []want
	}{
		{"lines", programme.GrantInput{Start: day(2027, 7, 1, 0, 0), Lines: lines()}, nil},
		{"no start", programme.GrantInput{}, []want{{"start", programme.CodeRequired}}},
		{"a last day within the year", programme.GrantInput{Start: day(2027, 7, 1, 0, 0), Deadlines: []time.Time{day(2028, 6, 30, 0, 0)}},
			[]want{{"deadlines.1", programme.CodeDeadlineInYear}}},
		{"a deadline for a fourth year", programme.GrantInput{Start: day(2027, 7, 1, 0, 0), Deadlines: make([]time.Time, 4)},
			[]want{{"deadlines.4", programme.CodeUnknownField}}},
		{"lines that do not add up", programme.GrantInput{Start: day(2027, 7, 1, 0, 0), Lines: lines()[:1]},
			[]want{{"years.1", programme.CodeLinesTotal}, {"years.2", programme.CodeLinesTotal}, {"years.3", programme.CodeLinesTotal}}},
		{"a negative line", programme.GrantInput{Start: day(2027, 7, 1, 0, 0), Lines: append(lines(),
			programme.BudgetLine{ID: "other", Name: "Övrigt", Amounts: []int64{-1, 0, 0}})},
			[]want{{"lines.other", programme.CodeNegativeAmount}}}, // not counted in the year's total as well
		{"a line twice", programme.GrantInput{Start: day(2027, 7, 1, 0, 0), Lines: append(lines(), programme.BudgetLine{ID: "staff", Name: "P", Amounts: []int64{0, 0, 0}})},
			[]want{{"lines.staff", programme.CodeLineTwice}}},
		{"an id with a capital", programme.GrantInput{Start: day(2027, 7, 1, 0, 0), Lines: append(lines(), programme.BudgetLine{ID: "Other", Name: "Ö", Amounts: []int64{0, 0, 0}})},
			[]want{{"lines", programme.CodeInvalidChoice}}},
		{"a line without a name, for two years", programme.GrantInput{Start: day(2027, 7, 1, 0, 0), Lines: append(lines(), programme.BudgetLine{ID: "other", Amounts: []int64{0, 0}})},
			[]want{{"lines.other.name", programme.CodeRequired}, {"lines.other", programme.CodeBudgetYears}}},
	} {
		_, err := programme.NewGrant(full, r, c.in)
		var got []want
		if err != nil {
			for _, e := range fieldErrors(t, err) {
				got = append(got, want{e.Field, e.Code})
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestGrantRuleValidate(t *testing.T) {
	r := round(t, "2027-1")
	if r.Rules.Grant == nil || r.Rules.Grant.ReportDays != 60 || len(r.Rules.Grant.Documents) != 3 {
		t.Fatalf("2027-1's grant rule: %+v", r.Rules.Grant)
	}
	if !reflect.DeepEqual(*r.Rules.Grant, programme.DefaultGrantRule) {
		t.Errorf("the default rule is to be the data's: %+v", programme.DefaultGrantRule)
	}
	for _, c := range []struct {
		name   string
		change func(g *programme.GrantRule)
		want   string
	}{
		{"as in the data", func(g *programme.GrantRule) {}, ""},
		{"no days", func(g *programme.GrantRule) { g.ReportDays = 0 }, "reportDays 0"},
		{"over a year", func(g *programme.GrantRule) { g.ReportDays = 366 }, "reportDays 366"},
		{"an application's appendix", func(g *programme.GrantRule) { g.Documents[2].Kind = programme.LetterOfIntent }, "letter-of-intent"},
		{"a kind twice", func(g *programme.GrantRule) { g.Documents[1].Kind = programme.AuditCertificate }, "twice"},
		{"no formats", func(g *programme.GrantRule) { g.Documents[0].Formats = nil }, "no formats"},
		{"an unknown format", func(g *programme.GrantRule) { g.Documents[0].Formats = []programme.FileFormat{"exe"} }, `"exe"`},
		{"too large", func(g *programme.GrantRule) { g.Documents[0].MaxBytes = programme.MaxDocumentBytes + 1 }, "maxBytes"},
	} {
		g := *r.Rules.Grant
		g.Documents = slices.Clone(g.Documents)
		c.change(&g)
		r2 := r
		r2.Rules.Grant = &g
		err := r2.Validate()
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "grant")) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

var (
	auditPDF    = programme.Document{Kind: programme.AuditCertificate, Name: "audit.pdf", Format: programme.PDF, Size: 200 << 10}
	approvalPDF = programme.Document{Kind: programme.SignedApproval, Name: "approval.pdf", Format: programme.PDF, Size: 100 << 10}
)

// completeReport is year 1's report: every line, its total, both documents.
func completeReport() programme.ReportInput {
	return programme.ReportInput{
		Narrative: programme.Narrative{Done: "Two visits.", Results: "Sorting in both towns.", Deviations: "None.", Summary: "Waste sorting started in both towns."},
		Accounts:  []programme.Account{{Line: "travel", Amount: 140000}, {Line: "staff", Amount: 260000}},
		Total:     400000, Documents: []programme.Document{auditPDF, approvalPDF},
	}
}

// submitted is year y's report of in, submitted at at.
func submitted(t *testing.T, g programme.Grant, y int, in programme.ReportInput, at time.Time) (programme.Grant, programme.Report) {
	t.Helper()
	g, r, err := programme.NewReport(g, y, at)
	if err != nil {
		t.Fatal(err)
	}
	if r, err = programme.SaveReport(g, r, in, at); err != nil {
		t.Fatal(err)
	}
	if g, r, err = programme.SubmitReport(g, r, at); err != nil {
		t.Fatal(err)
	}
	return g, r
}

func TestReport(t *testing.T) {
	g := newGrant(t)
	at := day(2028, 7, 15, 10, 0)

	if _, _, err := programme.NewReport(g, 2, day(2028, 6, 30, 23, 59)); !errors.Is(err, programme.ErrYearNotStarted) {
		t.Errorf("year 2 before 1 July 2028: %v", err)
	}
	if _, _, err := programme.NewReport(g, 4, at); !errors.Is(err, programme.ErrNoSuchYear) {
		t.Errorf("year 4: %v", err)
	}
	g1, draft, err := programme.NewReport(g, 1, at)
	if err != nil || draft.State != programme.ReportDraft || g1.Years[0].Report != programme.ReportDraft || g.Years[0].Report != "" {
		t.Fatalf("a new report: %+v %v; the grant given stays as it was: %q", draft, err, g.Years[0].Report)
	}
	if _, _, err := programme.NewReport(g1, 1, at); !errors.Is(err, programme.ErrReportStarted) {
		t.Errorf("a second report for year 1: %v", err)
	}
	// A draft may be incomplete, not wrong.
	partial := programme.ReportInput{Narrative: programme.Narrative{Done: "Two visits."}, Accounts: []programme.Account{{Line: "travel", Amount: 1000}}}
	if saved, err := programme.SaveReport(g1, draft, partial, at); err != nil || saved.Costs() != 1000 || saved.State != programme.ReportDraft {
		t.Errorf("an incomplete draft: %+v %v", saved, err)
	}

	type want struct{ field, code string }
	for _, c := range []struct {
		name   string
		change func(in *programme.ReportInput)
		save   []want // saving the draft
		submit []want // submitting it, if it saves
	}{
		{"complete", func(in *programme.ReportInput) {}, nil, nil},
		{"nothing spent", func(in *programme.ReportInput) {
			in.Accounts = []programme.Account{{Line: "travel"}, {Line: "staff"}}
			in.Total = 0
		}, nil, nil},
		{"accounts that do not add up", func(in *programme.ReportInput) { in.Total = 399999 },
			[]want{{"accounts.total", programme.CodeAccountsTotal}}, nil},
		{"a line not in the budget", func(in *programme.ReportInput) {
			in.Accounts = append(in.Accounts, programme.Account{Line: "dinners", Amount: 5000})
		}, []want{{"accounts.dinners", programme.CodeLineNotInBudget}}, nil},
		{"a line twice", func(in *programme.ReportInput) { in.Accounts = append(in.Accounts, in.Accounts[0]) },
			[]want{{"accounts.travel", programme.CodeLineTwice}}, nil},
		{"a negative amount", func(in *programme.ReportInput) { in.Accounts[0].Amount = -140000; in.Total = 120000 },
			[]want{{"accounts.travel", programme.CodeNegativeAmount}, {"accounts.total", programme.CodeAccountsTotal}}, nil},
		{"a negative total", func(in *programme.ReportInput) { in.Total = -1 },
			[]want{{"accounts.total", programme.CodeNegativeAmount}}, nil},
		{"a text with a control character", func(in *programme.ReportInput) { in.Narrative.Results = "a\x00b" },
			[]want{{"narrative.results", programme.CodeInvalidText}}, nil},
		{"a document of the application's", func(in *programme.ReportInput) {
			in.Documents = append(in.Documents, programme.Document{Kind: programme.LetterOfIntent, Format: programme.PDF, Size: 1})
		}, []want{{"documents.letter-of-intent", programme.CodeFileKind}}, nil},
		{"an audit certificate in Word", func(in *programme.ReportInput) { in.Documents[0].Format = programme.DOCX },
			[]want{{"documents.audit-certificate", programme.CodeFileType}}, nil},
		{"an audit certificate too large", func(in *programme.ReportInput) { in.Documents[0].Size = 11 << 20 },
			[]want{{"documents.audit-certificate", programme.CodeFileTooLarge}}, nil},
		{"incomplete", func(in *programme.ReportInput) {
			in.Narrative.Deviations, in.Narrative.Summary, in.Accounts, in.Total, in.Documents = "", "", in.Accounts[1:], 0, in.Documents[1:]
		}, nil, []want{{"narrative.deviations", programme.CodeRequired}, {"narrative.summary", programme.CodeRequired}, {"accounts.travel", programme.CodeRequired},
			{"accounts.total", programme.CodeAccountsTotal}, {"documents.audit-certificate", programme.CodeRequired}}},
	} {
		in := completeReport()
		in.Accounts, in.Documents = slices.Clone(in.Accounts), slices.Clone(in.Documents)
		c.change(&in)
		codes := func(err error) []want {
			var got []want
			if err != nil {
				for _, e := range fieldErrors(t, err) {
					got = append(got, want{e.Field, e.Code})
				}
			}
			return got
		}
		saved, err := programme.SaveReport(g1, draft, in, at)
		if got := codes(err); !slices.Equal(got, c.save) {
			t.Errorf("%s: saving: %v, want %v", c.name, got, c.save)
			continue
		}
		if err != nil {
			continue
		}
		g2, sent, err := programme.SubmitReport(g1, saved, at)
		if got := codes(err); !slices.Equal(got, c.submit) {
			t.Errorf("%s: submitting: %v, want %v", c.name, got, c.submit)
		} else if err == nil && (sent.State != programme.ReportSubmitted || g2.Years[0].Report != programme.ReportSubmitted || sent.Submissions != 1) {
			t.Errorf("%s: submitted: %+v, year %+v", c.name, sent, g2.Years[0])
		}
	}

	// Submitted: locked until staff return it; returned: fixed and submitted again.
	g2, sent := submitted(t, g, 1, completeReport(), at)
	if _, err := programme.SaveReport(g2, sent, completeReport(), at); !errors.Is(err, programme.ErrReportLocked) {
		t.Errorf("saving a submitted report: %v", err)
	}
	if _, _, err := programme.SubmitReport(g2, sent, at); !errors.Is(err, programme.ErrReportLocked) {
		t.Errorf("submitting twice: %v", err)
	}
	if _, _, err := programme.ReturnReport(g1, draft, "Fix it.", "eva", at); !errors.Is(err, programme.ErrReportNotSubmitted) {
		t.Errorf("returning a draft: %v", err)
	}
	if _, _, err := programme.ReturnReport(g2, sent, " ", "eva", at); fieldErrors(t, err)[0].Field != "comments" {
		t.Errorf("returning without comments: %v", err)
	}
	g3, back, err := programme.ReturnReport(g2, sent, " The audit certificate is unsigned. ", "eva", at)
	if err != nil || back.State != programme.ReportReturned || back.Comments != "The audit certificate is unsigned." || g3.Years[0].Report != programme.ReportReturned {
		t.Fatalf("returned: %+v %v", back, err)
	}
	fixed, err := programme.SaveReport(g3, back, completeReport(), at.AddDate(0, 0, 1))
	if err != nil || fixed.State != programme.ReportReturned {
		t.Fatalf("fixing a returned report: %+v %v", fixed, err)
	}
	if g4, again, err := programme.SubmitReport(g3, fixed, at.AddDate(0, 0, 2)); err != nil || again.Submissions != 2 || g4.Years[0].Report != programme.ReportSubmitted {
		t.Errorf("submitted again: %+v %v", again, err)
	}
}

func TestApproveReport(t *testing.T) {
	g := newGrant(t)
	at := day(2028, 7, 15, 10, 0)
	for _, c := range []struct {
		name     string
		travel   int64
		staff    int64
		want     int64
		deviated string // travel's deviation in English
	}{
		{"below the year's amount", 140000, 200000, 340000, "-6.7%"},
		{"the year's amount", 150000, 250000, 400000, "0.0%"},
		{"above the year's amount: the year's amount", 200000, 300000, 400000, "+33.3%"},
	} {
		in := completeReport()
		in.Accounts = []programme.Account{{Line: "travel", Amount: c.travel}, {Line: "staff", Amount: c.staff}}
		in.Total = c.travel + c.staff
		g1, r := submitted(t, g, 1, in, at)
		g2, done, err := programme.ApproveReport(g1, r, "eva", at)
		y := g2.Years[0]
		if err != nil || y.Reimbursed != c.want || done.Reimbursed != c.want || g2.Paid != c.want || y.Report != programme.ReportApproved ||
			done.State != programme.ReportApproved || y.ApprovedBy != "eva" || g2.State != programme.GrantRunning {
			t.Errorf("%s: %+v %+v %v", c.name, y, done, err)
		}
		if d := g1.Deviations(r)[0]; d.Percent(programme.English) != c.deviated || d.Diff != c.travel-150000 {
			t.Errorf("%s: travel's deviation %+v, %s", c.name, d, d.Percent(programme.English))
		}
		if g1.Years[0].Reimbursed != 0 || g1.Paid != 0 {
			t.Errorf("%s: the grant given changed: %+v", c.name, g1)
		}
		// Never twice: with the report as it was, or as it is.
		for _, again := range []programme.Report{r, done} {
			if _, _, err := programme.ApproveReport(g2, again, "olle", at); !errors.Is(err, programme.ErrAlreadyApproved) {
				t.Errorf("%s: approved twice: %v", c.name, err)
			}
		}
	}

	g1, draft, _ := programme.NewReport(g, 1, at)
	if _, _, err := programme.ApproveReport(g1, draft, "eva", at); !errors.Is(err, programme.ErrReportNotSubmitted) {
		t.Errorf("approving a draft: %v", err)
	}
	// Payments beyond the grant are refused whatever the year says (a
	// grant whose data is wrong).
	g1, r := submitted(t, g, 1, completeReport(), at)
	g1.Paid = g1.Amount - 1
	if _, _, err := programme.ApproveReport(g1, r, "eva", at); !errors.Is(err, programme.ErrOverGrant) {
		t.Errorf("over the grant: %v", err)
	}

	// The last approval closes the grant, whichever year it is.
	var spent = []int64{400000, 300000, 600000}
	reports := map[int]programme.Report{}
	for y := 1; y <= 3; y++ {
		in := completeReport()
		in.Accounts = []programme.Account{{Line: "staff", Amount: spent[y-1]}, {Line: "travel"}}
		in.Total = spent[y-1]
		g, reports[y] = submitted(t, g, y, in, day(2027+y, 7, 15, 10, 0))
	}
	for _, y := range []int{3, 1, 2} {
		var err error
		if g, _, err = programme.ApproveReport(g, reports[y], "eva", day(2030, 8, 1, 10, 0)); err != nil {
			t.Fatalf("year %d: %v", y, err)
		}
		if closed := g.State == programme.GrantClosed; closed != (y == 2) {
			t.Errorf("after year %d: %s", y, g.State)
		}
	}
	// 400 000 + 300 000 + 500 000 (year 3's amount, not the 600 000 spent).
	if g.Paid != 1200000 || g.Unused != 150000 || !g.ClosedAt.Equal(day(2030, 8, 1, 10, 0)) {
		t.Errorf("closed: paid %d, unused %d, at %s", g.Paid, g.Unused, g.ClosedAt)
	}
	if _, _, err := programme.ApproveReport(g, reports[2], "eva", at); !errors.Is(err, programme.ErrAlreadyApproved) {
		t.Errorf("approving after the close: %v", err)
	}
	if _, _, err := programme.NewReport(g, 1, at); !errors.Is(err, programme.ErrGrantClosed) {
		t.Errorf("a report on a closed grant: %v", err)
	}
}

func TestDeviations(t *testing.T) {
	g := programme.Grant{Lines: []programme.BudgetLine{
		{ID: "a", Amounts: []int64{8}}, {ID: "b", Amounts: []int64{16}}, {ID: "c", Amounts: []int64{16}},
		{ID: "d", Amounts: []int64{0}}, {ID: "e", Amounts: []int64{300000}}, {ID: "f", Amounts: []int64{100}},
	}}
	r := programme.Report{Year: 1, Accounts: []programme.Account{{Line: "a", Amount: 9}, {Line: "b", Amount: 17},
		{Line: "c", Amount: 15}, {Line: "d", Amount: 500}, {Line: "e", Amount: 250000}}}
	for i, want := range []struct {
		diff   int64
		sv, en string
	}{
		{1, "+12,5\u00a0%", "+12.5%"}, // exactly
		{1, "+6,3\u00a0%", "+6.3%"},   // 6.25: half away from zero
		{-1, "-6,3\u00a0%", "-6.3%"},
		{500, "–", "–"}, // nothing budgeted
		{-50000, "-16,7\u00a0%", "-16.7%"},
		{-100, "-100,0\u00a0%", "-100.0%"}, // not reported: nothing spent
	} {
		d := g.Deviations(r)[i]
		if d.Diff != want.diff || d.Percent(programme.Swedish) != want.sv || d.Percent(programme.English) != want.en {
			t.Errorf("line %s: %+v: %q %q, want %d, %q %q", d.Line.ID, d, d.Percent(programme.Swedish), d.Percent(programme.English), want.diff, want.sv, want.en)
		}
	}
}

// reminderGrant runs from 1 March 2027: year 1's report is due by 14
// April 2028 (summer time begins 26 March 2028), year 2's by 1 November
// 2029 (it ends 28 October 2029).
func reminderGrant(t *testing.T) programme.Grant {
	t.Helper()
	app, r := grantedApp(t, 1350000)
	g, err := programme.NewGrant(app, r, programme.GrantInput{Start: day(2027, 3, 1, 0, 0),
		Deadlines: []time.Time{day(2028, 4, 14, 0, 0), day(2029, 11, 1, 0, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestRemindersDue(t *testing.T) {
	g := reminderGrant(t)
	const id1, id2 = "reminder_KP-GRANT0001_1_20280414_", "reminder_KP-GRANT0001_2_20291101_"
	for _, c := range []struct {
		name string
		now  time.Time
		year int
		id   string // "" for none
	}{
		{"31 days before", day(2028, 3, 14, 12, 0), 1, ""},
		// 30 × 24 hours before the deadline is 23:00 the day before, in winter time.
		{"30 days of 24 hours before", day(2028, 3, 15, 23, 30), 1, ""},
		{"30 days before", day(2028, 3, 16, 0, 0), 1, id1 + "before-30"},
		{"8 days before", day(2028, 4, 7, 23, 59), 1, id1 + "before-30"},
		{"7 days before", day(2028, 4, 8, 0, 0), 1, id1 + "before-7"},
		{"the last day", day(2028, 4, 14, 23, 59), 1, id1 + "before-7"},
		{"the day after", day(2028, 4, 15, 0, 0), 1, id1 + "overdue"},
		{"six days late", day(2028, 4, 21, 23, 59), 1, id1 + "overdue"},
		{"a week late", day(2028, 4, 22, 0, 0), 1, id1 + "weekly-1"},
		{"three weeks late", day(2028, 5, 6, 12, 0), 1, id1 + "weekly-3"},
		{"a year late", day(2029, 4, 14, 12, 0), 1, id1 + "weekly-52"},
		{"year 2, 30 days before in summer time", day(2029, 10, 3, 0, 0), 2, id2 + "before-30"},
		// 7 days before is 26 October, in summer time; the deadline is in winter time.
		{"year 2, just before 7 days before", day(2029, 10, 25, 23, 59), 2, id2 + "before-30"},
		{"year 2, 7 days before", day(2029, 10, 26, 0, 0), 2, id2 + "before-7"},
		{"year 2, a week late", day(2029, 11, 9, 0, 0), 2, id2 + "weekly-1"},
		{"year 2, a minute short of a week late", day(2029, 11, 8, 23, 59), 2, id2 + "overdue"},
		{"year 3's is far off", day(2029, 11, 9, 0, 0), 3, ""},
	} {
		var got []programme.Reminder
		for _, r := range programme.RemindersDue(g, c.now) {
			if r.Year == c.year {
				got = append(got, r)
			}
		}
		switch {
		case c.id == "" && len(got) > 0:
			t.Errorf("%s: %+v, want none", c.name, got)
		case c.id != "" && (len(got) != 1 || got[0].ID != c.id || got[0].At.After(c.now) || got[0].Ref != grantRef):
			t.Errorf("%s: %+v, want %s", c.name, got, c.id)
		}
	}

	// When each became due, in Swedish time.
	for _, c := range []struct {
		now  time.Time
		kind programme.ReminderKind
		week int
		at   time.Time
	}{
		{day(2028, 3, 20, 9, 0), programme.RemindMonth, 0, day(2028, 3, 16, 0, 0)},
		{day(2028, 4, 10, 9, 0), programme.RemindWeek, 0, day(2028, 4, 8, 0, 0)},
		{day(2028, 4, 16, 9, 0), programme.RemindOverdue, 0, day(2028, 4, 15, 0, 0)},
		{day(2028, 4, 30, 9, 0), programme.RemindWeekly, 2, day(2028, 4, 29, 0, 0)},
	} {
		r := programme.RemindersDue(g, c.now)[0]
		if r.Kind != c.kind || r.Week != c.week || !r.At.Equal(c.at) {
			t.Errorf("at %s: %+v, want %s week %d at %s", c.now, r, c.kind, c.week, c.at)
		}
	}

	// A submitted or approved report gets none; a draft or a returned one does.
	late := day(2028, 5, 6, 12, 0)
	for _, s := range []programme.ReportState{"", programme.ReportDraft, programme.ReportReturned, programme.ReportSubmitted, programme.ReportApproved} {
		g2 := g
		g2.Years = slices.Clone(g.Years)
		g2.Years[0].Report = s
		got := len(programme.RemindersDue(g2, late))
		if want := map[bool]int{true: 0, false: 1}[s == programme.ReportSubmitted || s == programme.ReportApproved]; got != want {
			t.Errorf("report %q: %d reminders, want %d", s, got, want)
		}
	}
	closed := g
	closed.State = programme.GrantClosed
	if got := programme.RemindersDue(closed, late); got != nil {
		t.Errorf("a closed grant: %+v", got)
	}

	// An extension has reminders of its own: the last day is in their ids.
	c, err := programme.RequestChange(g, programme.ChangeInput{Kind: "extension", Reason: "The auditor is ill.", Year: 1, Deadline: day(2028, 5, 31, 0, 0)},
		programme.TypeRule{}, late)
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := programme.ApproveChange(g, c, "OK.", "eva", late)
	if err != nil {
		t.Fatal(err)
	}
	if got := programme.RemindersDue(a.After, late); len(got) != 1 || got[0].ID != "reminder_KP-GRANT0001_1_20280531_before-30" {
		t.Errorf("after the extension: %+v", got)
	}
	// Rerun: the same instant, or later in the same window, gives the same ids.
	if x, y := programme.RemindersDue(g, late), programme.RemindersDue(g, late.Add(20*time.Hour)); x[0].ID != y[0].ID {
		t.Errorf("ids not stable: %s and %s", x[0].ID, y[0].ID)
	}
	if s := programme.RemindersDue(g, late)[0].Subject(programme.English); s != "KP-GRANT0001: the report for year 1 was due by 14 April 2028" {
		t.Errorf("subject: %q", s)
	}
	if s := programme.RemindersDue(g, day(2028, 4, 8, 0, 0))[0].Subject(programme.Swedish); s != "KP-GRANT0001: rapporten för år 1 ska vara inne senast 14 april 2028" {
		t.Errorf("subject: %q", s)
	}
}

// BenchmarkRemindersFor1000Grants is the reminder job's pure part for 1 000
// running three-year grants with the clock fixed: some years' reports due
// soon, some overdue, some submitted.
func BenchmarkRemindersFor1000Grants(b *testing.B) {
	clock := day(2029, 9, 1, 6, 0)
	grants := make([]programme.Grant, 1000)
	for i := range grants {
		start := day(2026, 1, 1, 0, 0).AddDate(0, 0, i)
		g := programme.Grant{Ref: fmt.Sprintf("KP-BENCH%05d", i), State: programme.GrantRunning, Start: start}
		for y := 1; y <= 3; y++ {
			ends := start.AddDate(y, 0, 0)
			g.Years = append(g.Years, programme.GrantYear{Year: y, Amount: 450000, Starts: start.AddDate(y-1, 0, 0), Ends: ends, Deadline: ends.AddDate(0, 0, 60)})
		}
		if i%3 == 0 {
			g.Years[0].Report = programme.ReportSubmitted
		}
		grants[i] = g
	}
	n := 0
	for b.Loop() {
		n = 0
		for _, g := range grants {
			n += len(programme.RemindersDue(g, clock))
		}
	}
	b.ReportMetric(float64(n), "reminders")
}

func TestChangeRequests(t *testing.T) {
	g := newGrant(t)
	at := day(2028, 7, 15, 10, 0)
	rule := typeRule(t, "2027-1", programme.Project)
	type want struct{ field, code string }
	for _, c := range []struct {
		name string
		in   programme.ChangeInput
		want []want
	}{
		{"an extension", programme.ChangeInput{Kind: "extension", Reason: "Audit delayed.", Year: 1, Deadline: day(2028, 9, 30, 0, 0)}, nil},
		{"no reason", programme.ChangeInput{Kind: "extension", Reason: " ", Year: 1, Deadline: day(2028, 9, 30, 0, 0)}, []want{{"reason", programme.CodeRequired}}},
		{"an extension without a day", programme.ChangeInput{Kind: "extension", Reason: "r", Year: 1}, []want{{"deadline", programme.CodeRequired}}},
		{"an extension that is not", programme.ChangeInput{Kind: "extension", Reason: "r", Year: 1, Deadline: day(2028, 8, 29, 0, 0)},
			[]want{{"deadline", programme.CodeDeadlineNotLate}}},
		{"an extension of year 4", programme.ChangeInput{Kind: "extension", Reason: "r", Year: 4, Deadline: day(2031, 9, 30, 0, 0)},
			[]want{{"year", programme.CodeInvalidChoice}}},
		{"a move", programme.ChangeInput{Kind: "move", Reason: "Fewer trips.", Year: 1, From: "travel", To: "staff", Amount: 50000}, nil},
		{"a move of all of a line", programme.ChangeInput{Kind: "move", Reason: "r", Year: 1, From: "travel", To: "staff", Amount: 150000}, nil},
		{"a move of more than the line has", programme.ChangeInput{Kind: "move", Reason: "r", Year: 1, From: "travel", To: "staff", Amount: 150001},
			[]want{{"amount", programme.CodeOverLine}}},
		{"a move from a line not in the budget", programme.ChangeInput{Kind: "move", Reason: "r", Year: 1, From: "dinners", To: "staff", Amount: 1},
			[]want{{"from", programme.CodeLineNotInBudget}}},
		{"a move to the same line", programme.ChangeInput{Kind: "move", Reason: "r", Year: 1, From: "staff", To: "staff", Amount: 1},
			[]want{{"to", programme.CodeInvalidChoice}}},
		{"a move of nothing", programme.ChangeInput{Kind: "move", Reason: "r", Year: 1, From: "travel", To: "staff"},
			[]want{{"amount", programme.CodePositiveAmount}}},
		{"a new team", programme.ChangeInput{Kind: "team", Reason: "Anna left.",
			Team: &programme.TeamInput{SwedishParty: civilServants("Kalix", 4), Partner: civilServants("Masaka", 3)}}, nil},
		{"a team too small", programme.ChangeInput{Kind: "team", Reason: "r", Team: &programme.TeamInput{SwedishParty: civilServants("Kalix", 3)}},
			[]want{{"team.partner", programme.CodeTeamEmpty}}},
		{"another kind", programme.ChangeInput{Kind: "amount", Reason: "r"}, []want{{"kind", programme.CodeInvalidChoice}}},
	} {
		cr, err := programme.RequestChange(g, c.in, rule, at)
		var got []want
		if err != nil {
			for _, e := range fieldErrors(t, err) {
				got = append(got, want{e.Field, e.Code})
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
			continue
		}
		if err != nil {
			continue
		}
		if cr.State != programme.ChangePending || cr.Ref != grantRef || !cr.RequestedAt.Equal(at) {
			t.Errorf("%s: %+v", c.name, cr)
		}
		a, done, err := programme.ApproveChange(g, cr, "Agreed.", "eva", at)
		if err != nil || done.State != programme.ChangeApproved || done.Motivation != "Agreed." || done.DecidedBy != "eva" {
			t.Fatalf("%s: approving: %+v %v", c.name, done, err)
		}
		for y := range 3 { // a move keeps every year's total
			var sum int64
			for _, l := range a.After.Lines {
				sum += l.Amounts[y]
			}
			if sum != a.After.Years[y].Amount {
				t.Errorf("%s: year %d's lines add up to %d", c.name, y+1, sum)
			}
		}
		if !equalGrants(a.Before, g) || equalGrants(a.Before, a.After) {
			t.Errorf("%s: before %+v, after %+v", c.name, a.Before, a.After)
		}
	}

	move := func(g programme.Grant, amount int64) programme.ChangeRequest {
		cr, err := programme.RequestChange(g, programme.ChangeInput{Kind: "move", Reason: "r", Year: 1, From: "travel", To: "staff", Amount: amount}, rule, at)
		if err != nil {
			t.Fatal(err)
		}
		return cr
	}
	first, second := move(g, 100000), move(g, 100000)
	a, done, err := programme.ApproveChange(g, first, "OK.", "eva", at)
	if err != nil || a.After.Lines[0].Amounts[0] != 50000 || a.After.Lines[1].Amounts[0] != 350000 || g.Lines[0].Amounts[0] != 150000 {
		t.Fatalf("a move: %+v %v; the grant given: %+v", a.After.Lines, err, g.Lines)
	}
	if _, _, err := programme.ApproveChange(a.After, done, "OK.", "eva", at); !errors.Is(err, programme.ErrChangeDecided) {
		t.Errorf("approving twice: %v", err)
	}
	// The second, asked of the budget as it was, no longer fits.
	if _, _, err := programme.ApproveChange(a.After, second, "OK.", "eva", at); fieldErrors(t, err)[0].Code != programme.CodeOverLine {
		t.Errorf("a move the budget no longer has: %v", err)
	}
	if _, _, err := programme.ApproveChange(a.After, second, "", "eva", at); fieldErrors(t, err)[0].Field != "motivation" {
		t.Errorf("no motivation: %v", err)
	}
	refused, err := programme.RefuseChange(a.After, second, "Not this year.", "eva", at)
	if err != nil || refused.State != programme.ChangeRefused {
		t.Errorf("refused: %+v %v", refused, err)
	}
	if _, err := programme.RefuseChange(a.After, refused, "No.", "eva", at); !errors.Is(err, programme.ErrChangeDecided) {
		t.Errorf("refusing twice: %v", err)
	}

	// A submitted year's deadline and lines stay as they are.
	g1, _ := submitted(t, g, 1, completeReport(), at)
	if _, err := programme.RequestChange(g1, programme.ChangeInput{Kind: "extension", Reason: "r", Year: 1, Deadline: day(2028, 12, 1, 0, 0)}, rule, at); fieldErrors(t, err)[0].Code != programme.CodeReportIn {
		t.Errorf("extending a submitted year: %v", err)
	}
	g1.State = programme.GrantClosed
	if _, err := programme.RequestChange(g1, programme.ChangeInput{Kind: "team", Reason: "r", Team: projectTeam()}, rule, at); !errors.Is(err, programme.ErrGrantClosed) {
		t.Errorf("a change to a closed grant: %v", err)
	}
}

func equalGrants(a, b programme.Grant) bool { return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b) }

// The errors say what is wrong, in both languages, labelled with what the
// reader sees.
func TestGrantMessages(t *testing.T) {
	g := newGrant(t)
	for _, c := range []struct {
		e      programme.FieldError
		sv, en string
	}{
		{programme.FieldError{Field: "accounts.total", Code: programme.CodeAccountsTotal, Args: []any{int64(399000)}},
			"Redovisade kostnader totalt (kr): raderna blir tillsammans 399\u00a0000\u00a0kr; totalen ska vara deras summa.",
			"Reported costs in total (SEK): the lines add up to SEK 399,000; the total must be their sum."},
		{programme.FieldError{Field: "accounts.travel", Code: programme.CodeNegativeAmount},
			"Resor: ange ett belopp i hela kronor, noll eller mer.", "Resor: enter an amount in whole kronor, zero or more."},
		{programme.FieldError{Field: "accounts.dinners", Code: programme.CodeLineNotInBudget},
			"dinners: raden finns inte i den beviljade budgeten.", "dinners: the line is not in the approved budget."},
		{programme.FieldError{Field: "accounts.staff", Code: programme.CodeRequired}, "Personal: fyll i fältet.", "Personal: this field is required."},
		{programme.FieldError{Field: "deadlines.2", Code: programme.CodeDeadlineInYear, Args: []any{day(2029, 6, 30, 0, 0)}},
			"Sista dag för rapporten för år 2: sista dagen för rapporten ska komma efter projektårets sista dag, 30 juni 2029.",
			"Last day of the report for year 2: the report's last day must come after the project year's last day, 30 June 2029."},
		{programme.FieldError{Field: "documents.audit-certificate", Code: programme.CodeFileType, Args: []any{"PDF"}},
			"Revisorsintyg: filen är inte i något av formaten PDF (vi läser filens innehåll, inte dess namn).",
			"Audit certificate: the file is not in one of the formats PDF (we read the file's content, not its name)."},
		{programme.FieldError{Field: "amount", Code: programme.CodeOverLine, Args: []any{int64(150000)}},
			"Belopp att flytta (kr): högst 150\u00a0000\u00a0kr, det som finns på raden det året.",
			"Amount to move (SEK): at most SEK 150,000, what the line has that year."},
		{programme.FieldError{Field: "lines.other.name", Code: programme.CodeRequired},
			"Namn på budgetraden other: fyll i fältet.", "Name of budget line other: this field is required."},
		{programme.FieldError{Field: "years.1", Code: programme.CodeLinesTotal, Args: []any{int64(400000)}},
			"Beviljat för år 1: budgetraderna ska tillsammans bli årets beviljade belopp, 400\u00a0000\u00a0kr.",
			"Granted for year 1: the budget lines must add up to the year's granted amount, SEK 400,000."},
		{programme.FieldError{Field: "reason", Code: programme.CodeRequired}, "Skäl till ändringen: fyll i fältet.", "Reason for the change: this field is required."},
		{programme.FieldError{Field: "team.partner.2.role", Code: programme.CodeRequired}, "Teamet hos partnern, person 2, roll: välj ett alternativ.", "The partner's team, person 2, role: choose one of the options."},
	} {
		if sv, en := g.Message(c.e, programme.Swedish), g.Message(c.e, programme.English); sv != c.sv || en != c.en {
			t.Errorf("%v:\n %q\n %q\nwant\n %q\n %q", c.e, sv, en, c.sv, c.en)
		}
	}
	if msg, ok := programme.GrantErrorMessage(fmt.Errorf("approve %s year 1: %w", grantRef, programme.ErrAlreadyApproved), programme.English); !ok ||
		msg != "The year's report is approved already and its reimbursement recorded." {
		t.Errorf("a wrapped error: %q %v", msg, ok)
	}
	if _, ok := programme.GrantErrorMessage(errors.New("other"), programme.English); ok {
		t.Error("another error has a grant's message")
	}
	for _, c := range []struct{ got, want string }{
		{programme.ReportStateName("", programme.Swedish), "Inte påbörjad"},
		{programme.ReportStateName(programme.ReportReturned, programme.English), "Returned for changes"},
		{programme.GrantStateName(programme.GrantClosed, programme.English), "Completed"},
		{programme.ChangeKindName(programme.ChangeMove, programme.Swedish), "Flytt mellan budgetrader"},
		{programme.ChangeStateName(programme.ChangePending, programme.English), "Awaiting a decision"},
		{programme.ReportDocumentName(programme.SignedApproval, programme.English), "Signed approval of the report"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
