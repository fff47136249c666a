package programme

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"partnerskap/internal/i18n"
)

// After the decision: a granted application becomes a Grant, with its
// project years, the amount granted for each, the approved budget lines and
// a report deadline per year. The Swedish party pays the project's costs
// first and is reimbursed after each year's Report is approved; reminders
// of the deadlines go through the outbox (RemindersDue); the grantee may ask
// for a change (ChangeRequest). Each function here takes what the store read
// and returns what it is to write, or why not; the store writes it in one
// transaction, conditioned on the versions it read.
//
// Days are Swedish days: a project starts at midnight in Europe/Stockholm,
// and a report's deadline is the midnight that ends its last day.

// GrantRule is how a round's grants are followed up: when each year's report
// is due unless staff set another day, and what each report must include
// besides its narrative and accounts. A round stored before grants were
// followed up has none (nil) and follows DefaultGrantRule.
type GrantRule struct {
	// ReportDays: a year's report is due this many days after the year's
	// last day.
	ReportDays int `json:"reportDays"`
	// Documents are the report's documents (kinds of ReportDocumentKinds).
	Documents []DocumentRule `json:"documents"`
}

// The documents of a year's report.
const (
	AuditCertificate DocumentKind = "audit-certificate" // the auditor's certificate on the year's accounts
	SignedApproval   DocumentKind = "signed-approval"   // the report, approved and signed by the Swedish party
	AccountsWorkbook DocumentKind = "accounts"          // the accounts on the programme's Excel template
)

// ReportDocumentKinds are the report's kinds of document, in the form's order.
var ReportDocumentKinds = []DocumentKind{AuditCertificate, SignedApproval, AccountsWorkbook}

// MaxReportDays is the longest a rule may give after a year's last day.
const MaxReportDays = 365

// DefaultGrantRule is the rule of a round without one: the same as
// data/rounds.json's. The 60 days are this system's proposal (the
// programme sets the deadlines in each decision); the audit certificate
// and the signed approval are the programme's.
var DefaultGrantRule = GrantRule{ReportDays: 60, Documents: []DocumentRule{
	{Kind: AuditCertificate, Required: true, Formats: []FileFormat{PDF}, MaxBytes: 10 << 20},
	{Kind: SignedApproval, Required: true, Formats: []FileFormat{PDF}, MaxBytes: 10 << 20},
	{Kind: AccountsWorkbook, Formats: []FileFormat{XLSX}, MaxBytes: 10 << 20},
}}

// GrantRule is the round's rule on grants, or DefaultGrantRule.
func (r Rules) GrantRule() GrantRule {
	if r.Grant != nil {
		return *r.Grant
	}
	return DefaultGrantRule
}

// validate checks a rule's own data (a nil rule is none, and fine).
func (r *GrantRule) validate() error {
	if r == nil {
		return nil
	}
	if r.ReportDays < 1 || r.ReportDays > MaxReportDays {
		return fmt.Errorf("reportDays %d out of 1..%d", r.ReportDays, MaxReportDays)
	}
	seen := map[DocumentKind]bool{}
	for _, d := range r.Documents {
		switch {
		case !slices.Contains(ReportDocumentKinds, d.Kind):
			return fmt.Errorf("unknown report document kind %q", d.Kind)
		case seen[d.Kind]:
			return fmt.Errorf("document %s twice", d.Kind)
		case d.MaxBytes <= 0 || d.MaxBytes > MaxDocumentBytes:
			return fmt.Errorf("document %s: maxBytes %d is not in 1..%d", d.Kind, d.MaxBytes, MaxDocumentBytes)
		case len(d.Formats) == 0:
			return fmt.Errorf("document %s: no formats", d.Kind)
		}
		for _, f := range d.Formats {
			if !slices.Contains(knownFormats, f) {
				return fmt.Errorf("document %s: unknown format %q", d.Kind, f)
			}
		}
		seen[d.Kind] = true
	}
	return nil
}

// GrantState is where a grant is: running until its last report is
// approved, then closed.
type GrantState string

const (
	GrantRunning GrantState = "running"
	GrantClosed  GrantState = "closed"
)

// BudgetLine is one line of the approved budget, with its amount for each
// project year (SEK; 0 in a year it has nothing).
type BudgetLine struct {
	// ID names the line in a report's accounts and in the form's fields
	// (accounts.<id>): lower-case letters, digits and hyphens, from a letter.
	ID      string  `json:"id"`
	Name    string  `json:"name,omitempty"`
	Amounts []int64 `json:"amounts"`
}

// WholeBudget is the id of the one line of a grant whose decision had no
// finer lines: each year's whole budget.
const WholeBudget = "budget"

// Label is the line's name, in lang for the whole budget's line.
func (l BudgetLine) Label(lang Lang) string {
	if l.Name == "" && l.ID == WholeBudget {
		return i18n.BudgetWhole.In(lang)
	}
	return cmp.Or(l.Name, l.ID)
}

var lineID = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// GrantYear is one project year of a grant: what was granted for it, when
// it runs, when its report is due, and what its report came to.
type GrantYear struct {
	Year   int   `json:"year"` // from 1
	Amount int64 `json:"amount"`
	// The year runs from Starts (inclusive) to Ends (exclusive), both at
	// midnight in Swedish time.
	Starts time.Time `json:"starts"`
	Ends   time.Time `json:"ends"`
	// Deadline is when the report is late: the midnight that ends its last
	// day (LastDay).
	Deadline time.Time `json:"deadline"`
	// Report is the state of the year's report ("" until one is started).
	Report ReportState `json:"report,omitempty"`
	// Set when the report is approved: the reimbursement, by whom, when.
	Reimbursed int64     `json:"reimbursed,omitempty"`
	ApprovedBy string    `json:"approvedBy,omitempty"`
	ApprovedAt time.Time `json:"approvedAt,omitzero"`
}

// LastDay is the last day to submit the year's report (its date in Swedish
// time is the one to show).
func (y GrantYear) LastDay() time.Time { return y.Deadline.Add(-time.Nanosecond).In(Stockholm) }

// Grant is a granted application followed up: its years, budget lines and
// reimbursements. Ref is the application's reference (one grant each).
type Grant struct {
	Ref     string      `json:"reference"`
	RoundID string      `json:"round"`
	Type    ProjectType `json:"type"`
	// Lang is the Swedish party's language (the application's): its
	// reminders' language.
	Lang Lang `json:"lang"`
	// What the lists show of the project without reading its application
	// (none of it personal): its title, the two organisations, the
	// partner's country.
	Title        string       `json:"title"`
	Organisation string       `json:"organisation"`
	Partner      string       `json:"partner"`
	Country      string       `json:"country"`
	Amount       int64        `json:"amount"` // granted in all, SEK
	Start        time.Time    `json:"start"`  // the project's first day, at midnight
	Years        []GrantYear  `json:"years"`
	Lines        []BudgetLine `json:"lines"`
	// Documents are what each report must include: the round's rule at
	// the decision, kept with the grant.
	Documents []DocumentRule `json:"documents"`
	Team      []Member       `json:"team,omitempty"`
	State     GrantState     `json:"state"`
	Paid      int64          `json:"paid"` // reimbursed so far
	// PublicSummary is the public summary of the latest approved report's
	// results ("" until one is approved): the public list shows it.
	PublicSummary string `json:"publicSummary,omitempty"`
	// Unused is what was granted and not reimbursed, once closed.
	Unused   int64     `json:"unused,omitempty"`
	ClosedAt time.Time `json:"closedAt,omitzero"`
	Version  int64     `json:"version"`
}

// Year returns project year y (from 1), if the grant has it.
func (g Grant) Year(y int) (GrantYear, bool) {
	if y < 1 || y > len(g.Years) {
		return GrantYear{}, false
	}
	return g.Years[y-1], true
}

// Line returns the budget line with the id, if the budget has it.
func (g Grant) Line(id string) (BudgetLine, bool) {
	i := slices.IndexFunc(g.Lines, func(l BudgetLine) bool { return l.ID == id })
	if i < 0 {
		return BudgetLine{}, false
	}
	return g.Lines[i], true
}

// clone is a copy of g that shares no slice with it: each function here
// returns a new grant and leaves the one it was given as it was.
func (g Grant) clone() Grant {
	g.Years = slices.Clone(g.Years)
	g.Lines = slices.Clone(g.Lines)
	for i := range g.Lines {
		g.Lines[i].Amounts = slices.Clone(g.Lines[i].Amounts)
	}
	g.Documents = slices.Clone(g.Documents)
	g.Team = slices.Clone(g.Team)
	return g
}

// Errors of a grant, its reports and its change requests; GrantErrorMessage
// says each to a person.
var (
	ErrNotGranted         = errors.New("the application is not granted")
	ErrGrantClosed        = errors.New("the grant is closed")
	ErrNoSuchYear         = errors.New("the grant has no such project year")
	ErrYearNotStarted     = errors.New("the project year has not started")
	ErrReportStarted      = errors.New("the year's report is started already")
	ErrReportLocked       = errors.New("the report is submitted; it can no longer change")
	ErrReportNotSubmitted = errors.New("the report is not submitted")
	ErrAlreadyApproved    = errors.New("the year's report is approved already; its reimbursement is recorded")
	ErrOverGrant          = errors.New("the reimbursement would take the grant's payments above the granted amount")
	ErrChangeDecided      = errors.New("the change request is decided already")
)

var grantErrorKeys = map[error]i18n.Key{
	ErrNotGranted:         i18n.GrantNotGranted,
	ErrGrantClosed:        i18n.GrantIsClosed,
	ErrNoSuchYear:         i18n.GrantNoSuchYear,
	ErrYearNotStarted:     i18n.GrantYearNotStarted,
	ErrReportStarted:      i18n.GrantReportStarted,
	ErrReportLocked:       i18n.GrantReportLocked,
	ErrReportNotSubmitted: i18n.GrantReportNotSubmitted,
	ErrAlreadyApproved:    i18n.GrantAlreadyApproved,
	ErrOverGrant:          i18n.GrantOverAmount,
	ErrChangeDecided:      i18n.GrantChangeDecided,
}

// GrantErrorMessage is err's message in lang, if err is (or wraps) one of
// the grant's errors.
func GrantErrorMessage(err error, lang Lang) (string, bool) {
	for e, k := range grantErrorKeys {
		if errors.Is(err, e) {
			return k.In(lang), true
		}
	}
	return "", false
}

// Field error codes of grants, reports and change requests.
const (
	CodeNegativeAmount  = "negative_amount"
	CodeLineNotInBudget = "line_not_in_budget"
	CodeLineTwice       = "line_twice"
	CodeAccountsTotal   = "accounts_total"    // Args: the lines' sum
	CodeLinesTotal      = "lines_total"       // Args: the year's granted amount
	CodeOverLine        = "over_line"         // Args: what the line has
	CodeDeadlineInYear  = "deadline_in_year"  // Args: the year's last day
	CodeDeadlineNotLate = "deadline_not_late" // Args: the current last day
	CodeReportIn        = "report_in"
)

// ScaleBudget is each year's share of amount, in whole kronor, for a
// project that asked for asked per year: as asked when amount is all of it;
// else each year's amount in proportion to what it asked, rounded down,
// and the kronor then left over (fewer than the years) one each to the
// years with the largest fractions, the later year first on a tie. The
// shares add up to amount exactly, and none is above what its year asked.
func ScaleBudget(asked []int64, amount int64) []int64 {
	var total int64
	for _, a := range asked {
		total += a
	}
	out := slices.Clone(asked)
	if total <= 0 || amount >= total {
		return out
	}
	rem := make([]int64, len(asked))
	left := amount
	for i, a := range asked {
		out[i], rem[i] = a*amount/total, a*amount%total
		left -= out[i]
	}
	order := make([]int, len(asked))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Or(cmp.Compare(rem[y], rem[x]), cmp.Compare(y, x)) })
	for _, i := range order[:left] {
		out[i]++
	}
	return out
}

// GrantInput is what staff set for a grant at the decision.
type GrantInput struct {
	// Start is the project's first day (its date in Swedish time counts).
	Start time.Time `json:"start"`
	// Deadlines are the years' reports' last days, by year (their dates
	// count); a missing or zero one is the round's rule: ReportDays after
	// the year's last day.
	Deadlines []time.Time `json:"deadlines,omitempty"`
	// Lines are the approved budget lines, when the decision has finer
	// ones than the years: each year's lines add up to its granted amount.
	// None: one line, WholeBudget, of each year's amount.
	Lines []BudgetLine `json:"lines,omitempty"`
}

// midnight is the start of t's day in Swedish time, days later.
func midnight(t time.Time, days int) time.Time {
	y, m, d := t.In(Stockholm).Date()
	return time.Date(y, m, d+days, 0, 0, 0, 0, Stockholm)
}

// NewGrant makes the grant of a granted application in round r: its years
// with the granted amount shared as ScaleBudget says, each year's report
// deadline (staff's, or the round's rule), the approved budget lines and
// the report's documents as the round's rule has them. Its field errors
// are labelled by Grant{Lines: in.Lines}.Message.
func NewGrant(app Application, r Round, in GrantInput) (Grant, error) {
	d := app.Decision
	if app.Status != AppGranted || d == nil || d.Outcome != Granted {
		return Grant{}, ErrNotGranted
	}
	rule := r.Rules.GrantRule()
	g := Grant{Ref: app.Ref, RoundID: r.ID, Type: app.Type, Lang: app.Lang, Amount: d.Amount,
		Title: app.Title, Organisation: app.SwedishParty.Organisation, Partner: app.Partner.Organisation, Country: app.Partner.Country,
		Documents: slices.Clone(rule.Documents), Team: slices.Clone(app.Team), State: GrantRunning}
	v := validator{}
	if in.Start.IsZero() {
		v.add("start", CodeRequired)
	}
	g.Start = midnight(in.Start, 0)
	amounts := ScaleBudget(app.BudgetPerYear, d.Amount)
	for i, amount := range amounts {
		y := GrantYear{Year: i + 1, Amount: amount, Starts: g.Start.AddDate(i, 0, 0), Ends: g.Start.AddDate(i+1, 0, 0)}
		y.Deadline = y.Ends.AddDate(0, 0, rule.ReportDays)
		if i < len(in.Deadlines) && !in.Deadlines[i].IsZero() {
			y.Deadline = midnight(in.Deadlines[i], 1)
			if !y.Deadline.After(y.Ends) {
				v.add(deadlineField(y.Year), CodeDeadlineInYear, y.Ends.Add(-time.Nanosecond))
			}
		}
		g.Years = append(g.Years, y)
	}
	for i := len(amounts); i < len(in.Deadlines); i++ {
		v.add(deadlineField(i+1), CodeUnknownField)
	}
	g.Lines = v.budgetLines(in.Lines, g.Years)
	if v.errs != nil {
		return Grant{}, v.errs
	}
	return g, nil
}

func deadlineField(year int) string { return "deadlines." + strconv.Itoa(year) }

// budgetLines checks the lines staff gave against the years' amounts, or
// makes the one line of the whole budget.
func (v *validator) budgetLines(lines []BudgetLine, years []GrantYear) []BudgetLine {
	if len(lines) == 0 {
		whole := BudgetLine{ID: WholeBudget}
		for _, y := range years {
			whole.Amounts = append(whole.Amounts, y.Amount)
		}
		return []BudgetLine{whole}
	}
	out := make([]BudgetLine, 0, len(lines))
	sums := make([]int64, len(years))
	seen := map[string]bool{}
	for _, l := range lines {
		field := "lines." + l.ID
		switch {
		case !lineID.MatchString(l.ID) || len(l.ID) > 40:
			v.add("lines", CodeInvalidChoice)
			continue
		case seen[l.ID]:
			v.add(field, CodeLineTwice)
			continue
		}
		seen[l.ID] = true
		l.Name = v.line(field+".name", l.Name, maxTitle, true)
		l.Amounts = slices.Clone(l.Amounts)
		if len(l.Amounts) != len(years) {
			v.add(field, CodeBudgetYears)
		}
		negative := false
		for i, a := range l.Amounts {
			switch {
			case a < 0:
				negative = true
			case i < len(sums):
				sums[i] += a
			}
		}
		if negative {
			v.add(field, CodeNegativeAmount)
		}
		out = append(out, l)
	}
	for i, y := range years {
		if sums[i] != y.Amount {
			v.add("years."+strconv.Itoa(y.Year), CodeLinesTotal, y.Amount)
		}
	}
	return out
}

// ReportState is where a year's report is. The grantee writes a draft and
// submits it; staff approve it or return it with comments; the grantee fixes
// a returned one and submits it again. Submitted and approved are locked.
type ReportState string

const (
	ReportDraft     ReportState = "draft"
	ReportSubmitted ReportState = "submitted"
	ReportReturned  ReportState = "returned"
	ReportApproved  ReportState = "approved"
)

var reportMoves = map[ReportState][]ReportState{
	"":              {ReportDraft},
	ReportDraft:     {ReportSubmitted},
	ReportReturned:  {ReportSubmitted},
	ReportSubmitted: {ReportApproved, ReportReturned},
}

// CanMoveTo says whether a report may go from s to t.
func (s ReportState) CanMoveTo(t ReportState) bool { return slices.Contains(reportMoves[s], t) }

// Editable says whether the grantee may change a report in s.
func (s ReportState) Editable() bool { return s == ReportDraft || s == ReportReturned }

// Narrative is what a report tells, in English.
type Narrative struct {
	Done       string `json:"done"`       // what was done in the year
	Results    string `json:"results"`    // the results in both municipalities
	Deviations string `json:"deviations"` // deviations from the plan and the budget, and why
	// Summary is a short summary of the year's results for the public
	// list of granted projects: published once the report is approved.
	Summary string `json:"summary"`
}

// MaxPublicSummary is the most characters of a report's public summary.
const MaxPublicSummary = 600

// Account is what a report says was spent on one budget line, in SEK.
type Account struct {
	Line   string `json:"line"`
	Amount int64  `json:"amount"`
}

// Report is a project year's report.
type Report struct {
	Ref       string      `json:"reference"`
	Year      int         `json:"year"`
	State     ReportState `json:"state"`
	Narrative Narrative   `json:"narrative"`
	// Accounts are the costs per approved line, in the budget's order.
	Accounts []Account `json:"accounts,omitempty"`
	// Total is the total the grantee stated (0: none yet in a draft).
	Total       int64      `json:"total"`
	Documents   []Document `json:"documents,omitempty"`
	SubmittedAt time.Time  `json:"submittedAt,omitzero"`
	Submissions int        `json:"submissions,omitempty"` // times submitted
	// Comments are staff's when they last returned it.
	Comments   string    `json:"comments,omitempty"`
	ReviewedBy string    `json:"reviewedBy,omitempty"`
	ReviewedAt time.Time `json:"reviewedAt,omitzero"`
	Reimbursed int64     `json:"reimbursed,omitempty"` // once approved
	UpdatedAt  time.Time `json:"updatedAt"`
	Version    int64     `json:"version"`
}

// Costs is the sum of the report's accounts.
func (r Report) Costs() int64 {
	var sum int64
	for _, a := range r.Accounts {
		sum += a.Amount
	}
	return sum
}

// ReportInput is a report as the grantee enters it (or as the programme's
// Excel template is read).
type ReportInput struct {
	Narrative Narrative `json:"narrative"`
	Accounts  []Account `json:"accounts"`
	// Total is the total the grantee states; it must be the lines' sum (0
	// in a draft: not given yet).
	Total int64 `json:"total"`
	// Documents are the uploads that passed CheckUpload.
	Documents []Document `json:"documents,omitempty"`
}

// yearFor is year y of a running grant that has started at now.
func (g Grant) yearFor(y int, now time.Time) (GrantYear, error) {
	year, ok := g.Year(y)
	switch {
	case g.State != GrantRunning:
		return year, ErrGrantClosed
	case !ok:
		return year, ErrNoSuchYear
	case now.Before(year.Starts):
		return year, ErrYearNotStarted
	}
	return year, nil
}

// withReport is g with year y's report state s.
func (g Grant) withReport(y int, s ReportState) Grant {
	g = g.clone()
	g.Years[y-1].Report = s
	return g
}

// NewReport starts year y's report at now: a draft, once the year has
// started, if none is started yet.
func NewReport(g Grant, y int, now time.Time) (Grant, Report, error) {
	year, err := g.yearFor(y, now)
	if err != nil {
		return g, Report{}, err
	}
	if year.Report != "" {
		return g, Report{}, ErrReportStarted
	}
	r := Report{Ref: g.Ref, Year: y, State: ReportDraft, UpdatedAt: now}
	return g.withReport(y, ReportDraft), r, nil
}

// SaveReport saves what the grantee entered in a draft or returned report:
// cleaned, or every problem with it that is not only that something is
// still missing (that is SubmitReport's).
func SaveReport(g Grant, r Report, in ReportInput, now time.Time) (Report, error) {
	if _, err := g.yearFor(r.Year, now); err != nil {
		return r, err
	}
	if !r.State.Editable() {
		return r, ErrReportLocked
	}
	out, errs := g.checkReport(r, in, false)
	if errs != nil {
		return r, errs
	}
	out.UpdatedAt = now
	return out, nil
}

// SubmitReport submits a saved draft or returned report, complete: the
// narrative, every approved line's costs, a total that is their sum and
// each required document. It is then locked.
func SubmitReport(g Grant, r Report, now time.Time) (Grant, Report, error) {
	if _, err := g.yearFor(r.Year, now); err != nil {
		return g, r, err
	}
	if !r.State.CanMoveTo(ReportSubmitted) {
		return g, r, ErrReportLocked
	}
	in := ReportInput{Narrative: r.Narrative, Accounts: r.Accounts, Total: r.Total, Documents: r.Documents}
	out, errs := g.checkReport(r, in, true)
	if errs != nil {
		return g, r, errs
	}
	out.State, out.SubmittedAt, out.UpdatedAt = ReportSubmitted, now, now
	out.Submissions++
	return g.withReport(r.Year, ReportSubmitted), out, nil
}

// checkReport checks in as r's new content; complete: as submitted.
func (g Grant) checkReport(r Report, in ReportInput, complete bool) (Report, FieldErrors) {
	v := validator{}
	text := func(field, s string) string {
		if complete || strings.TrimSpace(s) != "" {
			return v.text(field, s, maxText)
		}
		return ""
	}
	r.Narrative = Narrative{Done: text("narrative.done", in.Narrative.Done),
		Results:    text("narrative.results", in.Narrative.Results),
		Deviations: text("narrative.deviations", in.Narrative.Deviations)}
	if complete || strings.TrimSpace(in.Narrative.Summary) != "" {
		r.Narrative.Summary = v.text("narrative.summary", in.Narrative.Summary, MaxPublicSummary)
	}

	given := map[string]int64{}
	var strays FieldErrors
	for _, a := range in.Accounts {
		field := "accounts." + a.Line
		_, known := g.Line(a.Line)
		_, twice := given[a.Line]
		switch {
		case !known:
			strays = append(strays, FieldError{Field: field, Code: CodeLineNotInBudget})
		case twice:
			strays = append(strays, FieldError{Field: field, Code: CodeLineTwice})
		default:
			given[a.Line] = a.Amount
		}
	}
	r.Accounts = nil
	var sum int64
	for _, l := range g.Lines {
		amount, ok := given[l.ID]
		switch {
		case !ok && complete:
			v.add("accounts."+l.ID, CodeRequired)
		case !ok:
		case amount < 0:
			v.add("accounts."+l.ID, CodeNegativeAmount)
		default:
			r.Accounts = append(r.Accounts, Account{Line: l.ID, Amount: amount})
			sum += amount
		}
	}
	v.errs = append(v.errs, strays...)
	r.Total = in.Total
	switch {
	case in.Total < 0:
		v.add("accounts.total", CodeNegativeAmount)
	case (complete || in.Total != 0) && in.Total != sum:
		v.add("accounts.total", CodeAccountsTotal, sum)
	}

	r.Documents = slices.Clone(in.Documents)
	v.errs = append(v.errs, checkReportDocuments(g.Documents, in.Documents, complete)...)
	return r, v.errs
}

// checkReportDocuments checks a report's documents as CheckDocuments does
// an application's: each one of a kind the grant takes, in a format and
// size it takes, and, when complete, each required one there.
func checkReportDocuments(rules []DocumentRule, docs []Document, complete bool) FieldErrors {
	var errs FieldErrors
	for _, d := range docs {
		if !slices.ContainsFunc(rules, func(r DocumentRule) bool { return r.Kind == d.Kind }) {
			errs = append(errs, FieldError{Field: "documents." + string(d.Kind), Code: CodeFileKind})
		}
	}
	for _, rule := range rules {
		field := "documents." + string(rule.Kind)
		i := slices.IndexFunc(docs, func(d Document) bool { return d.Kind == rule.Kind })
		switch {
		case i < 0 && rule.Required && complete:
			errs = append(errs, FieldError{Field: field, Code: CodeRequired})
		case i < 0:
		case docs[i].Size > rule.MaxBytes:
			errs = append(errs, FieldError{Field: field, Code: CodeFileTooLarge, Args: []any{FormatBytes(rule.MaxBytes)}})
		case !rule.Accepts(docs[i].Format):
			errs = append(errs, FieldError{Field: field, Code: CodeFileType, Args: []any{FormatList(rule.Formats)}})
		}
	}
	return errs
}

// ReturnReport returns a submitted report to the grantee with staff's
// comments (required): they fix it and submit it again.
func ReturnReport(g Grant, r Report, comments, by string, now time.Time) (Grant, Report, error) {
	if g.State != GrantRunning {
		return g, r, ErrGrantClosed
	}
	if !r.State.CanMoveTo(ReportReturned) {
		return g, r, ErrReportNotSubmitted
	}
	var errs FieldErrors
	r.Comments = motivation("comments", comments, true, &errs)
	if errs != nil {
		return g, r, errs
	}
	r.State, r.ReviewedBy, r.ReviewedAt, r.UpdatedAt = ReportReturned, by, now, now
	return g.withReport(r.Year, ReportReturned), r, nil
}

// ApproveReport approves a submitted report and records the year's
// reimbursement: the reported costs, at most the year's granted amount;
// once a year, never taking the grant's payments above what was granted.
// The approval that leaves no year unapproved closes the grant, with what
// was not reimbursed recorded as unused.
func ApproveReport(g Grant, r Report, by string, now time.Time) (Grant, Report, error) {
	year, ok := g.Year(r.Year)
	switch {
	case !ok:
		return g, r, ErrNoSuchYear
	case year.Report == ReportApproved || !year.ApprovedAt.IsZero() || r.State == ReportApproved:
		return g, r, ErrAlreadyApproved
	case g.State != GrantRunning:
		return g, r, ErrGrantClosed
	case !r.State.CanMoveTo(ReportApproved):
		return g, r, ErrReportNotSubmitted
	}
	amount := min(r.Costs(), year.Amount)
	if g.Paid+amount > g.Amount {
		return g, r, ErrOverGrant
	}
	g = g.withReport(r.Year, ReportApproved)
	y := &g.Years[r.Year-1]
	y.Reimbursed, y.ApprovedBy, y.ApprovedAt = amount, by, now
	g.Paid += amount
	if r.Narrative.Summary != "" {
		g.PublicSummary = r.Narrative.Summary
	}
	if !slices.ContainsFunc(g.Years, func(y GrantYear) bool { return y.Report != ReportApproved }) {
		g.State, g.Unused, g.ClosedAt = GrantClosed, g.Amount-g.Paid, now
	}
	r.State, r.Reimbursed, r.ReviewedBy, r.ReviewedAt, r.UpdatedAt = ReportApproved, amount, by, now, now
	return g, r, nil
}

// Deviation is one budget line's costs against its approved amount in a
// year's report.
type Deviation struct {
	Line   BudgetLine
	Budget int64 // approved for the year
	Spent  int64
	Diff   int64 // Spent - Budget
	// Tenths is Diff in tenths of a percent of Budget, rounded half away
	// from zero; HasPercent is false when Budget is 0.
	Tenths     int64
	HasPercent bool
}

// Deviations are a report's costs against its year's budget, one per
// approved line in the budget's order (a line not reported spent nothing).
func (g Grant) Deviations(r Report) []Deviation {
	out := make([]Deviation, 0, len(g.Lines))
	for _, l := range g.Lines {
		d := Deviation{Line: l}
		if r.Year >= 1 && r.Year <= len(l.Amounts) {
			d.Budget = l.Amounts[r.Year-1]
		}
		if i := slices.IndexFunc(r.Accounts, func(a Account) bool { return a.Line == l.ID }); i >= 0 {
			d.Spent = r.Accounts[i].Amount
		}
		d.Diff = d.Spent - d.Budget
		if d.Budget > 0 {
			n := d.Diff * 1000
			d.Tenths, d.HasPercent = n/d.Budget, true
			if rem := n % d.Budget; 2*max(rem, -rem) >= d.Budget {
				d.Tenths += int64(cmp.Compare(n, 0))
			}
		}
		out = append(out, d)
	}
	return out
}

// Percent is the deviation as lang writes a percentage, with its sign:
// "+12,5 %", "-3.0%"; "–" without a budget to compare with.
func (d Deviation) Percent(lang Lang) string {
	if !d.HasPercent {
		return "–"
	}
	sign, t := "+", d.Tenths
	if t < 0 {
		sign, t = "-", -t
	}
	if t == 0 {
		sign = ""
	}
	return sign + Total(t).Format(lang) // tenths of a percent, written as a review's total
}

// ReminderKind is which of a deadline's reminders one is.
type ReminderKind string

const (
	RemindMonth   ReminderKind = "before-30" // 30 days before the deadline
	RemindWeek    ReminderKind = "before-7"  // 7 days before
	RemindOverdue ReminderKind = "overdue"   // the day after the last day
	RemindWeekly  ReminderKind = "weekly"    // each week after that while overdue
)

// AboutReminder is the first word of a reminder's outbox id.
const AboutReminder = "reminder"

// Reminder is one reminder of a year's report, due At.
type Reminder struct {
	// ID is the outbox id: the grant, the year, the report's last day, the
	// kind and, for a weekly one, its week, e.g.
	// "reminder_KP-XJXMFDHFW1_2_20290829_weekly-3". Queueing it once per id
	// sends it once; a deadline moved to another day has reminders of its own.
	ID       string
	Ref      string
	Year     int
	Kind     ReminderKind
	Week     int // weeks since the deadline, from 1, for RemindWeekly
	Deadline time.Time
	At       time.Time
}

// RemindersDue are the reminders of g's reports due at now. Each year whose
// report is neither submitted nor approved (a returned one is to be
// submitted again) has the latest of its deadline's reminders whose time has
// come, if any: from 30 days before the deadline, from 7 days before, from
// the deadline (the day after the last day), from each week after it. A run
// that missed one sends the next, not both. Days are calendar days in
// Swedish time, summer time or not. A closed grant has none.
func RemindersDue(g Grant, now time.Time) []Reminder {
	if g.State != GrantRunning {
		return nil
	}
	var out []Reminder
	for _, y := range g.Years {
		if y.Report == ReportSubmitted || y.Report == ReportApproved {
			continue
		}
		r := Reminder{Ref: g.Ref, Year: y.Year, Deadline: y.Deadline}
		d := y.Deadline.In(Stockholm)
		switch {
		case !now.Before(d):
			dy, dm, dd := d.Date()
			ny, nm, nd := now.In(Stockholm).Date()
			days := int(time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC).Sub(time.Date(dy, dm, dd, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
			r.Week = days / 7
			if r.At = d.AddDate(0, 0, 7*r.Week); now.Before(r.At) { // a deadline at a time of day
				r.Week--
				r.At = d.AddDate(0, 0, 7*r.Week)
			}
			r.Kind = RemindOverdue
			if r.Week > 0 {
				r.Kind = RemindWeekly
			}
		case !now.Before(d.AddDate(0, 0, -7)):
			r.Kind, r.At = RemindWeek, d.AddDate(0, 0, -7)
		case !now.Before(d.AddDate(0, 0, -30)):
			r.Kind, r.At = RemindMonth, d.AddDate(0, 0, -30)
		default:
			continue
		}
		kind := string(r.Kind)
		if r.Kind == RemindWeekly {
			kind += "-" + strconv.Itoa(r.Week)
		}
		r.ID = EmailID(AboutReminder, g.Ref, strconv.Itoa(y.Year), y.LastDay().Format("20060102"), kind)
		out = append(out, r)
	}
	return out
}

// Subject is the reminder's subject line in lang.
func (r Reminder) Subject(lang Lang) string {
	args := i18n.Args{"ref": r.Ref, "year": strconv.Itoa(r.Year), "date": FormatDate(GrantYear{Deadline: r.Deadline}.LastDay(), lang)}
	if r.Kind == RemindMonth || r.Kind == RemindWeek {
		return i18n.ReminderDue.Format(lang, args)
	}
	return i18n.ReminderOverdue.Format(lang, args)
}

// ChangeKind is what a change request asks for.
type ChangeKind string

const (
	ChangeExtension ChangeKind = "extension" // a later last day for a year's report
	ChangeMove      ChangeKind = "move"      // an amount moved between two lines in one year
	ChangeTeam      ChangeKind = "team"      // another team
)

// ChangeKinds are the kinds, in the order a form offers them.
var ChangeKinds = []ChangeKind{ChangeExtension, ChangeMove, ChangeTeam}

// ChangeState is where a change request is: pending until staff approve or
// refuse it.
type ChangeState string

const (
	ChangePending  ChangeState = "pending"
	ChangeApproved ChangeState = "approved"
	ChangeRefused  ChangeState = "refused"
)

// ChangeInput is a change request as the grantee enters it: a kind, a
// reason, and the fields of its kind.
type ChangeInput struct {
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
	Year   int    `json:"year,omitempty"` // extension, move
	// Deadline is the new last day (its date counts): extension.
	Deadline time.Time `json:"deadline,omitzero"`
	// From, To and Amount: move, between two lines' amounts for Year.
	From   string     `json:"from,omitempty"`
	To     string     `json:"to,omitempty"`
	Amount int64      `json:"amount,omitempty"`
	Team   *TeamInput `json:"team,omitempty"` // team: the whole new team
}

// ChangeRequest is a grantee's request to change the grant, and staff's
// answer. ID is the store's.
type ChangeRequest struct {
	ID          string      `json:"id"`
	Ref         string      `json:"reference"`
	Kind        ChangeKind  `json:"kind"`
	Reason      string      `json:"reason"`
	Year        int         `json:"year,omitempty"`
	Deadline    time.Time   `json:"deadline,omitzero"` // the new deadline (midnight after the new last day)
	From        string      `json:"from,omitempty"`
	To          string      `json:"to,omitempty"`
	Amount      int64       `json:"amount,omitempty"`
	Team        []Member    `json:"team,omitempty"`
	State       ChangeState `json:"state"`
	RequestedAt time.Time   `json:"requestedAt"`
	Motivation  string      `json:"motivation,omitempty"`
	DecidedBy   string      `json:"decidedBy,omitempty"`
	DecidedAt   time.Time   `json:"decidedAt,omitzero"`
}

// RequestChange checks a grantee's change request on a running grant of a
// type whose rule is rule (its team's composition): the reason, and that it
// applies to the grant as it is now.
func RequestChange(g Grant, in ChangeInput, rule TypeRule, now time.Time) (ChangeRequest, error) {
	if g.State != GrantRunning {
		return ChangeRequest{}, ErrGrantClosed
	}
	c := ChangeRequest{Ref: g.Ref, Kind: ChangeKind(in.Kind), State: ChangePending, RequestedAt: now}
	var errs FieldErrors
	switch c.Kind {
	case ChangeExtension:
		c.Year, c.Deadline = in.Year, midnight(in.Deadline, 1)
		if in.Deadline.IsZero() {
			errs = append(errs, FieldError{Field: "deadline", Code: CodeRequired})
		}
	case ChangeMove:
		c.Year, c.From, c.To, c.Amount = in.Year, strings.TrimSpace(in.From), strings.TrimSpace(in.To), in.Amount
	case ChangeTeam:
		c.Team, errs = CheckTeam(in.Team, rule)
	default:
		errs = append(errs, FieldError{Field: "kind", Code: CodeInvalidChoice})
	}
	c.Reason = motivation("reason", in.Reason, true, &errs)
	if errs == nil {
		_, errs = c.apply(g)
	}
	if errs != nil {
		return ChangeRequest{}, errs
	}
	return c, nil
}

// apply is g with the change made, or why it cannot be made to g as it is.
func (c ChangeRequest) apply(g Grant) (Grant, FieldErrors) {
	g = g.clone()
	if c.Kind == ChangeTeam {
		g.Team = slices.Clone(c.Team)
		return g, nil
	}
	year, ok := g.Year(c.Year)
	switch {
	case !ok:
		return g, FieldErrors{{Field: "year", Code: CodeInvalidChoice}}
	case year.Report == ReportSubmitted || year.Report == ReportApproved:
		return g, FieldErrors{{Field: "year", Code: CodeReportIn}}
	}
	if c.Kind == ChangeExtension {
		if !c.Deadline.After(year.Deadline) {
			return g, FieldErrors{{Field: "deadline", Code: CodeDeadlineNotLate, Args: []any{year.LastDay()}}}
		}
		g.Years[c.Year-1].Deadline = c.Deadline
		return g, nil
	}
	from := slices.IndexFunc(g.Lines, func(l BudgetLine) bool { return l.ID == c.From })
	to := slices.IndexFunc(g.Lines, func(l BudgetLine) bool { return l.ID == c.To })
	var errs FieldErrors
	switch {
	case from < 0:
		errs = append(errs, FieldError{Field: "from", Code: CodeLineNotInBudget})
	case to < 0:
		errs = append(errs, FieldError{Field: "to", Code: CodeLineNotInBudget})
	case from == to:
		errs = append(errs, FieldError{Field: "to", Code: CodeInvalidChoice})
	case c.Amount <= 0:
		errs = append(errs, FieldError{Field: "amount", Code: CodePositiveAmount})
	case c.Amount > g.Lines[from].Amounts[c.Year-1]:
		errs = append(errs, FieldError{Field: "amount", Code: CodeOverLine, Args: []any{g.Lines[from].Amounts[c.Year-1]}})
	default:
		g.Lines[from].Amounts[c.Year-1] -= c.Amount
		g.Lines[to].Amounts[c.Year-1] += c.Amount
	}
	return g, errs
}

// Amendment is an approved change: the grant as it was and as it is, for
// the audit log.
type Amendment struct {
	Before, After Grant
}

// ApproveChange approves a pending change request with staff's motivation
// (required) and makes the change to the grant as it is now. The grant may
// have moved on since the request (another move, a submitted report): then
// the problems are returned and the request stays pending, to be refused.
func ApproveChange(g Grant, c ChangeRequest, motivation, by string, now time.Time) (Amendment, ChangeRequest, error) {
	decided, err := decideChange(g, c, ChangeApproved, motivation, by, now)
	if err != nil {
		return Amendment{}, c, err
	}
	after, errs := c.apply(g)
	if errs != nil {
		return Amendment{}, c, errs
	}
	return Amendment{Before: g, After: after}, decided, nil
}

// RefuseChange refuses a pending change request with staff's motivation
// (required).
func RefuseChange(g Grant, c ChangeRequest, motivation, by string, now time.Time) (ChangeRequest, error) {
	return decideChange(g, c, ChangeRefused, motivation, by, now)
}

func decideChange(g Grant, c ChangeRequest, to ChangeState, text, by string, now time.Time) (ChangeRequest, error) {
	switch {
	case c.State != ChangePending:
		return c, ErrChangeDecided
	case g.State != GrantRunning:
		return c, ErrGrantClosed
	}
	var errs FieldErrors
	m := motivation("motivation", text, true, &errs)
	if errs != nil {
		return c, errs
	}
	c.State, c.Motivation, c.DecidedBy, c.DecidedAt = to, m, by, now
	return c, nil
}

var grantReasons = map[string]reason{
	CodeNegativeAmount:  {i18n.ReasonNegativeAmount, nil},
	CodeLineNotInBudget: {i18n.ReasonLineNotInBudget, nil},
	CodeLineTwice:       {i18n.ReasonLineTwice, nil},
	CodeAccountsTotal:   {i18n.ReasonAccountsTotal, []string{"sum"}},
	CodeLinesTotal:      {i18n.ReasonLinesTotal, []string{"amount"}},
	CodeOverLine:        {i18n.ReasonOverLine, []string{"amount"}},
	CodeDeadlineInYear:  {i18n.ReasonDeadlineInYear, []string{"date"}},
	CodeDeadlineNotLate: {i18n.ReasonDeadlineNotLater, []string{"date"}},
	CodeReportIn:        {i18n.ReasonReportIn, nil},
}

var grantLabels = map[string]i18n.Key{
	"start":                i18n.FieldProjectStart,
	"lines":                i18n.FieldBudgetLines,
	"narrative.done":       i18n.FieldReportDone,
	"narrative.results":    i18n.FieldReportResults,
	"narrative.deviations": i18n.FieldReportDeviations,
	"narrative.summary":    i18n.FieldReportSummary,
	"file":                 i18n.FieldAccountsFile,
	"accounts.total":       i18n.FieldReportTotal,
	"comments":             i18n.FieldReportComments,
	"kind":                 i18n.FieldChangeKind,
	"reason":               i18n.FieldChangeReason,
	"year":                 i18n.FieldProjectYear,
	"deadline":             i18n.FieldNewLastDay,
	"from":                 i18n.FieldMoveFrom,
	"to":                   i18n.FieldMoveTo,
	"amount":               i18n.FieldMoveAmount,
	"motivation":           i18n.FieldChangeMotivation,
}

var reportDocNames = map[DocumentKind]i18n.Key{
	AuditCertificate: i18n.DocAuditCertificate,
	SignedApproval:   i18n.DocSignedApproval,
	AccountsWorkbook: i18n.DocAccountsWorkbook,
}

// ReportDocumentName is a report document's name in lang.
func ReportDocumentName(kind DocumentKind, lang Lang) string {
	return label(reportDocNames, kind, lang)
}

// Message is an error of the grant's, its reports' or its change requests'
// fields in lang, labelled by Label (a budget line by its name).
func (g Grant) Message(e FieldError, lang Lang) string {
	rs, ok := grantReasons[e.Code]
	if !ok {
		rs, ok = reasons[e.Code]
	}
	_, own := grantLabels[e.Field]
	switch {
	case e.Code == CodeRequired && own: // typed, not chosen
		rs = reasons[CodeRequired]
	case e.Code == CodeRequired:
		rs = requiredReason(e.Field)
	case !ok:
		rs = reasons[CodeInvalidText]
	}
	args := i18n.Args{}
	for i, a := range e.Args {
		if i >= len(rs.args) {
			break
		}
		switch v := a.(type) {
		case interface{ Text(Lang) string }: // a team's rule or count
			args[rs.args[i]] = v.Text(lang)
		case int64:
			args[rs.args[i]] = FormatSEK(v, lang)
		case time.Time:
			args[rs.args[i]] = FormatDate(v, lang)
		default:
			args[rs.args[i]] = fmt.Sprint(v)
		}
	}
	return g.Label(e.Field, lang) + ": " + rs.key.Format(lang, args)
}

// Label is a field's label in lang, in the forms of the grant, its reports
// and its change requests.
func (g Grant) Label(field string, lang Lang) string {
	if k, ok := grantLabels[field]; ok {
		return k.In(lang)
	}
	kind, rest, _ := strings.Cut(field, ".")
	switch kind {
	case "accounts", "lines":
		id, part, _ := strings.Cut(rest, ".")
		if part == "name" {
			return i18n.FieldLineName.Format(lang, i18n.Args{"line": id})
		}
		if l, ok := g.Line(id); ok {
			return l.Label(lang)
		}
		return id
	case "deadlines":
		return i18n.FieldReportLastDay.Format(lang, i18n.Args{"n": rest})
	case "years":
		return i18n.FieldYearAmount.Format(lang, i18n.Args{"n": rest})
	case "documents":
		if k, ok := reportDocNames[DocumentKind(rest)]; ok {
			return k.In(lang)
		}
	}
	return FieldLabel(field, lang)
}

var grantStateNames = map[GrantState]i18n.Key{GrantRunning: i18n.GrantRunning, GrantClosed: i18n.GrantCompleted}

// GrantStateName is a grant's state in lang.
func GrantStateName(s GrantState, lang Lang) string { return label(grantStateNames, s, lang) }

var reportStateNames = map[ReportState]i18n.Key{
	"":              i18n.ReportNotStarted,
	ReportDraft:     i18n.ReportDraft,
	ReportSubmitted: i18n.ReportSubmitted,
	ReportReturned:  i18n.ReportReturned,
	ReportApproved:  i18n.ReportApproved,
}

// ReportStateName is a report's state in lang ("" is a report not started).
func ReportStateName(s ReportState, lang Lang) string { return label(reportStateNames, s, lang) }

var changeKindNames = map[ChangeKind]i18n.Key{
	ChangeExtension: i18n.ChangeExtension,
	ChangeMove:      i18n.ChangeMove,
	ChangeTeam:      i18n.ChangeTeam,
}

// ChangeKindName is a change's kind in lang.
func ChangeKindName(k ChangeKind, lang Lang) string { return label(changeKindNames, k, lang) }

var changeStateNames = map[ChangeState]i18n.Key{
	ChangePending:  i18n.ChangePending,
	ChangeApproved: i18n.ChangeApproved,
	ChangeRefused:  i18n.ChangeRefused,
}

// ChangeStateName is a change request's state in lang.
func ChangeStateName(s ChangeState, lang Lang) string { return label(changeStateNames, s, lang) }

// Reports' uploads lie under uploads/grants/<ref>/<year>/<kind>/<nonce>/:
// beside the applications' (uploads/<round>/...), under the same grants of
// the functions' policies, out of every round's retention sweep (a round's
// id is never "grants"). A report's files are kept with its grant.
const grantUploads = uploadsPrefix + "grants/"

// ReportUploadFolder is the folder of one upload of a year's report.
func ReportUploadFolder(ref string, year int, kind DocumentKind, nonce string) string {
	return ReportUploads(ref, year) + string(kind) + "/" + nonce + "/"
}

// ReportUploads is the prefix of every upload of a year's report.
func ReportUploads(ref string, year int) string {
	return grantUploads + ref + "/" + strconv.Itoa(year) + "/"
}

// ParseReportUploadKey reads a report's upload key back: the document's
// kind and the browser's file name, if the key lies under the year's
// report's uploads and names a report document's kind.
func ParseReportUploadKey(key, ref string, year int) (kind DocumentKind, name string, ok bool) {
	rest, found := strings.CutPrefix(key, ReportUploads(ref, year))
	if !found {
		return "", "", false
	}
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) != 3 || parts[1] == "" || parts[2] == "" || !slices.Contains(ReportDocumentKinds, DocumentKind(parts[0])) {
		return "", "", false
	}
	return DocumentKind(parts[0]), parts[2], true
}
