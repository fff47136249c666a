package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/grants"
	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// The grantee's pages: the grant behind the decision email's secret link
// (GET /grants/{ref}?key=), each started year's report, written, uploaded
// to, saved and submitted on a page of its own, and change requests. The
// key decides everything (never a header or a cookie): a wrong key, or a
// wrong reference, is a 404 that says nothing more. Pages are in the
// grant's language unless the address asks for another (lang=; a form's
// ui). Handlers decode, make one call of the grants service and answer;
// a refused form comes back filled in with its problems (422), and the
// errors they do not answer themselves are answered from the package's
// one table (grantAnswers, added to answers) on a page that leads back.

// grantRuleError matches programme's other grant errors (a locked report,
// a closed grant, ...), each said by programme.GrantErrorMessage.
func grantRuleError(err error) (func(programme.Lang) string, bool) {
	if _, ok := programme.GrantErrorMessage(err, programme.Swedish); !ok {
		return nil, false
	}
	return func(lang programme.Lang) string { m, _ := programme.GrantErrorMessage(err, lang); return m }, true
}

// GrantMessagePage says why something the grantee did was not done, with
// the way back to the grant (none for a link that opens nothing).
type GrantMessagePage struct {
	Page
	Message string
	BackURL string
}

// grantFailed answers an error of a grantee's route from the table: a page
// in lang, leading back to back ("" for none), or, for an error nobody can
// act on, the error itself for Serve to log and answer with a 500.
func grantFailed(ctx context.Context, lang programme.Lang, back string, err error) (eventsResponse, error) {
	status, p, known := answerFor(err, lang)
	if !known {
		return eventsResponse{}, err
	}
	title := i18n.GranteeProblemTitle
	if status == http.StatusNotFound {
		title, back = i18n.NotFoundTitle, ""
	}
	return htmlPage(ctx, status, grantMessageView(GrantMessagePage{Page: newPage(lang, title, nil), Message: p.Message, BackURL: back}))
}

// What went well, by the code the redirect carries (?ok=): only these, so
// that a crafted link cannot make a page say anything else.
const (
	okReportSaved     = "saved"
	okReportSubmitted = "submitted"
	okReportUploaded  = "uploaded" // with doc=<kind>: named from the report as stored
	okReportImported  = "imported" // an accounts workbook read: its lines as stored
	okReportRemoved   = "removed"
	okChangeRequested = "change_requested"
)

var grantSuccesses = map[string]i18n.Key{okReportSaved: i18n.GranteeReportSavedOK, okReportSubmitted: i18n.GranteeReportSubmittedOK,
	okReportRemoved: i18n.DocRemoved, okChangeRequested: i18n.GranteeChangeRequestedOK}

// grantPath is the grant's page; reportPath a year's report's.
func grantPath(ref string) string { return "/grants/" + url.PathEscape(ref) }

func reportPath(ref string, year int) string {
	return grantPath(ref) + "/reports/" + strconv.Itoa(year)
}

// withKey is path with the key, the language (if chosen) and extra in the query.
func withKey(path, key, lang string, extra url.Values) string {
	q := url.Values{"key": {key}}
	if lang != "" {
		q.Set("lang", lang)
	}
	for k, v := range extra {
		q[k] = v
	}
	return path + "?" + q.Encode()
}

// grantLang is a grantee page's language: the one asked for (lang= in the
// address, a form's ui), else the grant's.
func grantLang(asked string, g programme.Grant) programme.Lang {
	if asked != "" {
		return programme.ParseLang(asked)
	}
	if g.Lang != "" {
		return g.Lang
	}
	return programme.Swedish
}

// readForm reads a grantee's form post (a form, never JSON).
func readForm(req events.APIGatewayV2HTTPRequest) (url.Values, error) {
	b, isJSON, err := readBody(req)
	switch {
	case err != nil:
		return nil, err
	case isJSON:
		return nil, errUnsupported
	}
	form, err := url.ParseQuery(string(b))
	if err != nil {
		return nil, &malformedError{err}
	}
	return form, nil
}

// formValues are a form's values, the first of each, to show again.
func formValues(form url.Values) map[string]string {
	out := make(map[string]string, len(form))
	for k, v := range form {
		if len(v) > 0 {
			out[k] = v[0]
		}
	}
	return out
}

// yearOf is the {year} of the path (0, which no grant has, if not a number).
func yearOf(req events.APIGatewayV2HTTPRequest) int {
	y, err := strconv.Atoi(req.PathParameters["year"])
	if err != nil || y < 1 || y > 99 {
		return 0
	}
	return y
}

// grantIssues are field errors as the grantee's pages show them, labelled
// by the grant (a budget line by its name), in order. An error of an
// accounts workbook as a whole ("file") is on its upload form.
func grantIssues(g programme.Grant, errs programme.FieldErrors, order []string, lang programme.Lang) []fieldIssue {
	errs = slices.Clone(errs)
	slices.SortStableFunc(errs, func(a, b programme.FieldError) int {
		return slices.Index(order, a.Field) - slices.Index(order, b.Field)
	})
	out := make([]fieldIssue, 0, len(errs))
	for _, e := range errs {
		issue := fieldIssue{Field: e.Field, Code: e.Code, Message: g.Message(e, lang)}
		if e.Code == programme.CodeRequired && strings.HasPrefix(e.Field, "documents.") { // a file input: not "fill in"
			issue.Message = g.Label(e.Field, lang) + ": " + i18n.GranteeUploadFile.In(lang)
		}
		if e.Field == "file" {
			issue.Field = "documents." + string(programme.AccountsWorkbook)
		}
		out = append(out, issue)
	}
	return out
}

// ---- The grant's page and its change requests.

// GrantPage is the grant as its grantee follows it: the project, what was
// granted, reimbursed and remains, its years with their reports, what is
// due next, the change requests and the form to ask for one.
type GrantPage struct {
	Page
	Notices
	Ref, Project, Organisation, Partner, State string
	Granted, Paid, Remaining, Unused           string
	NextDue                                    string
	Years                                      []GrantYearRow
	Changes                                    []ChangeRow
	// The change request form, on a running grant (Running).
	Running              bool
	Key, ChangeAction    string
	Values               map[string]string
	Errors               []fieldIssue
	Kind, Year, Deadline FieldView
	From, To, Amount     FieldView
	Reason               FieldView
}

// GrantYearRow is one project year in the grant's table.
type GrantYearRow struct {
	Year, Period, Amount, LastDay, Report, Reimbursed string
	// Link is the report's page once the year has started (LinkLabel says
	// what it leads to); Starts, before.
	Link, LinkLabel, Starts string
}

// ChangeRow is one change request as the grantee sees it.
type ChangeRow struct {
	Kind, What, State, RequestedAt, Reason, Motivation string
}

// changeOrder is the change form's fields in its order.
var changeOrder = []string{"kind", "year", "deadline", "from", "to", "amount", "reason"}

// dateInput is a date field (type=date: the browser's date picker, its
// value YYYY-MM-DD).
const dateInput InputKind = "date"

// period is a year's first and last day.
func period(y programme.GrantYear, lang programme.Lang) string {
	return programme.FormatDate(y.Starts, lang) + " – " + programme.FormatDate(y.Ends.Add(-time.Nanosecond), lang)
}

// newGrantPage is f's page in lang at now, its change form filled with
// values and showing errs.
func newGrantPage(f grants.File, key string, lang programme.Lang, now time.Time, values map[string]string, errs programme.FieldErrors) *GrantPage {
	g := f.Grant
	p := &GrantPage{Page: newPage(lang, i18n.GranteeTitle, nil), Ref: g.Ref, Project: g.Title, Organisation: g.Organisation,
		Partner: g.Partner + ", " + countryName(f.Round, g.Country, lang), State: programme.GrantStateName(g.State, lang),
		Granted: programme.FormatSEK(g.Amount, lang), Paid: programme.FormatSEK(g.Paid, lang),
		Remaining: programme.FormatSEK(g.Remaining(), lang), Running: g.State == programme.GrantRunning, Key: key,
		ChangeAction: grantPath(g.Ref) + "/changes", Values: values}
	p.switchTo(grantPath(g.Ref), url.Values{"key": {key}})
	if p.Values == nil {
		p.Values = map[string]string{}
	}
	if g.State == programme.GrantClosed {
		p.Unused = programme.FormatSEK(g.Unused, lang)
	}
	if y, ok := g.NextDue(); ok {
		p.NextDue = i18n.GranteeNextDue.Format(lang, i18n.Args{"year": strconv.Itoa(y.Year), "date": programme.FormatDate(y.LastDay(), lang)})
	} else if g.State == programme.GrantRunning {
		p.NextDue = i18n.GranteeNothingDue.In(lang)
	}
	for _, y := range g.Years {
		row := GrantYearRow{Year: strconv.Itoa(y.Year), Period: period(y, lang), Amount: programme.FormatSEK(y.Amount, lang),
			LastDay: programme.FormatDate(y.LastDay(), lang), Report: programme.ReportStateName(y.Report, lang)}
		if y.Report == programme.ReportApproved {
			row.Reimbursed = programme.FormatSEK(y.Reimbursed, lang)
		}
		n := i18n.Args{"n": row.Year}
		switch {
		case now.Before(y.Starts):
			row.Starts = i18n.GranteeYearStarts.Format(lang, i18n.Args{"date": programme.FormatDate(y.Starts, lang)})
		case y.Report == "" && g.State == programme.GrantRunning:
			row.Link, row.LinkLabel = withKey(reportPath(g.Ref, y.Year), key, string(lang), nil), i18n.GranteeWriteReport.Format(lang, n)
		default:
			row.Link, row.LinkLabel = withKey(reportPath(g.Ref, y.Year), key, string(lang), nil), i18n.GranteeOpenReport.Format(lang, n)
		}
		p.Years = append(p.Years, row)
	}
	for _, c := range f.Changes {
		p.Changes = append(p.Changes, changeRow(g, c, lang))
	}
	p.Errors = grantIssues(g, errs, changeOrder, lang)
	p.changeForm(g)
	return p
}

// changeRow says what a change request asks for, and what became of it.
func changeRow(g programme.Grant, c programme.ChangeRequest, lang programme.Lang) ChangeRow {
	row := ChangeRow{Kind: programme.ChangeKindName(c.Kind, lang), State: programme.ChangeStateName(c.State, lang),
		RequestedAt: programme.FormatDate(c.RequestedAt, lang), Reason: c.Reason, Motivation: c.Motivation}
	args := i18n.Args{"year": strconv.Itoa(c.Year)}
	switch c.Kind {
	case programme.ChangeExtension:
		args["date"] = programme.FormatDate(programme.GrantYear{Deadline: c.Deadline}.LastDay(), lang)
		row.What = i18n.GranteeChangeExtensionText.Format(lang, args)
	case programme.ChangeMove:
		args["amount"] = programme.FormatSEK(c.Amount, lang)
		args["from"], args["to"] = g.Label("lines."+c.From, lang), g.Label("lines."+c.To, lang)
		row.What = i18n.GranteeChangeMoveText.Format(lang, args)
	case programme.ChangeTeam:
		row.What = i18n.GranteeChangeTeamText.Format(lang, i18n.Args{"n": strconv.Itoa(len(c.Team))})
	}
	return row
}

// field is the change form's field name, labelled by the grant.
func (p *GrantPage) field(g programme.Grant, name string, kind InputKind) FieldView {
	return FieldView{Name: name, ID: fieldID(name), Label: g.Label(name, p.Lang), Value: p.Values[name], Error: issueFor(p.Errors, name),
		Kind: kind, ChooseText: p.T(i18n.Choose)}
}

// changeForm fills the change request form: the kinds a grantee may ask
// for here (a later last day, a move between lines; a team change is asked
// for by email, as the form says), the year, each kind's fields and the
// reason. Only one kind's fields count; the others are sent empty.
func (p *GrantPage) changeForm(g programme.Grant) {
	p.Kind = p.field(g, "kind", "")
	for _, k := range []programme.ChangeKind{programme.ChangeExtension, programme.ChangeMove} {
		p.Kind.Options = append(p.Kind.Options, Option{Value: string(k), Label: programme.ChangeKindName(k, p.Lang), Selected: p.Values["kind"] == string(k)})
	}
	p.Year = p.field(g, "year", "")
	p.Year.Hint = p.T(i18n.GranteeChangeYearHint)
	years := OptionGroup{}
	for _, y := range g.Years {
		n := strconv.Itoa(y.Year)
		years.Options = append(years.Options, Option{Value: n, Label: i18n.GranteeYearOption.Format(p.Lang, i18n.Args{"n": n, "period": period(y, p.Lang)}),
			Selected: p.Values["year"] == n})
	}
	p.Year.Groups = []OptionGroup{years}
	// The fields of one kind: not required of the other (no "required"
	// and no "(optional)": each kind's fieldset says when it counts).
	p.Deadline = p.field(g, "deadline", dateInput)
	p.Deadline.Optional, p.Deadline.Hint = true, p.T(i18n.GranteeChangeDateHint)
	p.From, p.To = p.field(g, "from", ""), p.field(g, "to", "")
	p.From.Optional, p.To.Optional = true, true
	for _, l := range g.Lines {
		p.From.Groups = append(p.From.Groups, OptionGroup{Options: []Option{{Value: l.ID, Label: l.Label(p.Lang), Selected: p.Values["from"] == l.ID}}})
		p.To.Groups = append(p.To.Groups, OptionGroup{Options: []Option{{Value: l.ID, Label: l.Label(p.Lang), Selected: p.Values["to"] == l.ID}}})
	}
	p.Amount = p.field(g, "amount", AmountInput)
	p.Amount.Optional = true
	p.Reason = p.field(g, "reason", TextArea)
	p.Reason.Hint = p.T(i18n.GranteeChangeReasonHint)
}

// Grant serves GET /grants/{ref}?key=: the grant behind the decision
// email's link.
func Grant(svc *grants.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		q := req.QueryStringParameters
		f, err := svc.Open(ctx, req.PathParameters["ref"], q["key"])
		if err != nil {
			return grantFailed(ctx, requestLang(req), "", err)
		}
		lang := grantLang(q["lang"], f.Grant)
		p := newGrantPage(f, q["key"], lang, svc.Now(), nil, nil)
		if k, ok := grantSuccesses[q["ok"]]; ok {
			p.Success = k.In(lang)
		}
		return htmlPage(ctx, http.StatusOK, grantView(p))
	}
}

// decodeChange reads the change form: the kind's fields only (the other
// kind's are sent empty), numbers and dates that are not, on their fields.
func decodeChange(form url.Values) (programme.ChangeInput, programme.FieldErrors) {
	in := programme.ChangeInput{Kind: form.Get("kind"), Reason: form.Get("reason")}
	kind := programme.ChangeKind(in.Kind)
	var errs programme.FieldErrors
	if kind != programme.ChangeExtension && kind != programme.ChangeMove {
		return in, nil
	}
	if s := strings.TrimSpace(form.Get("year")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			errs = append(errs, programme.FieldError{Field: "year", Code: programme.CodeInvalidChoice})
		}
		in.Year = n
	}
	if kind == programme.ChangeExtension {
		if s := strings.TrimSpace(form.Get("deadline")); s != "" {
			t, err := time.ParseInLocation(time.DateOnly, s, programme.Stockholm)
			if err != nil {
				errs = append(errs, programme.FieldError{Field: "deadline", Code: programme.CodeNotADate})
			}
			in.Deadline = t
		}
		return in, errs
	}
	in.From, in.To = form.Get("from"), form.Get("to")
	if s := form.Get("amount"); strings.TrimSpace(s) != "" {
		n, ok := programme.ParseAmount(s)
		if !ok {
			errs = append(errs, programme.FieldError{Field: "amount", Code: programme.CodeNotANumber})
		}
		in.Amount = n
	}
	return in, errs
}

// GrantChange serves POST /grants/{ref}/changes (key, ui, kind, year,
// deadline, from, to, amount, reason): the grantee's change request. Back
// to the grant's page, which lists it; or the page again with the form as
// typed and its problems (422). A value that is not a number or a date is
// refused on its field before anything else is checked.
func GrantChange(svc *grants.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		form, err := readForm(req)
		if err != nil {
			return eventsResponse{}, err
		}
		ref, key, ui := req.PathParameters["ref"], form.Get("key"), form.Get("ui")
		in, errs := decodeChange(form)
		if errs == nil {
			_, err = svc.RequestChange(ctx, ref, key, in)
			if err == nil {
				return redirect(http.StatusSeeOther, withKey(grantPath(ref), key, ui, url.Values{"ok": {okChangeRequested}})+"#changes"), nil
			}
			if !errors.As(err, &errs) {
				return grantFailed(ctx, grantLang(ui, programme.Grant{}), withKey(grantPath(ref), key, ui, nil), err)
			}
		}
		f, err := svc.Open(ctx, ref, key)
		if err != nil {
			return grantFailed(ctx, grantLang(ui, programme.Grant{}), "", err)
		}
		p := newGrantPage(f, key, grantLang(ui, f.Grant), svc.Now(), formValues(form), errs)
		return htmlPage(ctx, http.StatusUnprocessableEntity, grantView(p))
	}
}

// ---- A year's report.

// ReportPage is a year's report: a form to write it (narrative, accounts
// per approved line) and a signed upload form per document while it can
// change; as it was submitted once it cannot.
type ReportPage struct {
	Page
	Notices
	Ref, Key, Heading         string
	Year                      int
	Period, LastDay, Granted  string
	State, Reimbursed         string
	GrantURL                  string
	NotStarted                string // the year has not started: this, and no form
	Editable                  bool
	Locked                    string // why the report cannot change, when it cannot
	Comments                  string // staff's, when they returned it
	SummaryTitle              string
	Errors                    []fieldIssue
	Problems                  []fieldIssue // an upload's, from the check S3 sent the browser to
	Action                    string
	Values                    map[string]string
	Narrative                 []FieldView
	Lines                     []FieldView
	Total                     FieldView
	TemplateURL, TemplateName string
	Deviations                []DeviationRow
	Slots                     []SlotView
	Docs                      []DocView // read-only: the documents as submitted
	Answers                   []Answer  // read-only: the narrative
	TotalText                 string    // read-only: the stated total
	origins                   []string  // the upload forms' origins, for the CSP
}

// DeviationRow is one budget line's costs against its approved amount.
type DeviationRow struct{ Line, Budget, Spent, Diff, Percent string }

// reportOrder is the report's fields in the page's order.
var reportOrder = func() []string {
	o := []string{"narrative.done", "narrative.results", "narrative.deviations", "narrative.summary"}
	o = append(o, "accounts.total")
	for _, k := range programme.ReportDocumentKinds {
		o = append(o, "documents."+string(k))
	}
	return o
}()

// orderFor is reportOrder with g's lines before the total.
func orderFor(g programme.Grant) []string {
	o := slices.Clone(reportOrder[:4])
	for _, l := range g.Lines {
		o = append(o, "accounts."+l.ID)
	}
	return append(o, reportOrder[4:]...)
}

var narrativeFields = []struct {
	name string
	hint i18n.Key
}{{"narrative.done", 0}, {"narrative.results", 0}, {"narrative.deviations", i18n.GranteeReportDeviationsHint}, {"narrative.summary", i18n.GranteeReportSummaryHint}}

// reportValues are a stored report's contents as its form shows them.
func reportValues(r programme.Report) map[string]string {
	v := map[string]string{"narrative.done": r.Narrative.Done, "narrative.results": r.Narrative.Results,
		"narrative.deviations": r.Narrative.Deviations, "narrative.summary": r.Narrative.Summary}
	for _, a := range r.Accounts {
		v["accounts."+a.Line] = strconv.FormatInt(a.Amount, 10)
	}
	if len(r.Accounts) > 0 || r.Total != 0 {
		v["accounts.total"] = strconv.FormatInt(r.Total, 10)
	}
	return v
}

// newReportPage is year y's report of f in lang at now: its form filled
// with values (nil: the report as stored) and errs; slots are its upload
// forms (UploadSlots), none once it cannot change.
func newReportPage(f grants.File, key string, y int, lang programme.Lang, now time.Time, values map[string]string, errs programme.FieldErrors) (*ReportPage, error) {
	g := f.Grant
	year, ok := g.Year(y)
	if !ok {
		return nil, programme.ErrNoSuchYear
	}
	r := f.Report(y)
	heading := i18n.GranteeReportHeading.Format(lang, i18n.Args{"n": strconv.Itoa(y)})
	p := &ReportPage{Page: Page{Lang: lang, Title: heading}, Ref: g.Ref, Key: key, Year: y, Heading: heading, Period: period(year, lang),
		LastDay: programme.FormatDate(year.LastDay(), lang), Granted: programme.FormatSEK(year.Amount, lang),
		State: programme.ReportStateName(r.State, lang), GrantURL: withKey(grantPath(g.Ref), key, string(lang), nil),
		Action: reportPath(g.Ref, y), Values: values}
	p.switchTo(reportPath(g.Ref, y), url.Values{"key": {key}})
	if r.State == programme.ReportApproved {
		p.Reimbursed = programme.FormatSEK(r.Reimbursed, lang)
	}
	switch {
	case now.Before(year.Starts):
		p.NotStarted = i18n.GrantYearNotStarted.In(lang) + " " + i18n.GranteeYearStarts.Format(lang, i18n.Args{"date": programme.FormatDate(year.Starts, lang)})
		return p, nil
	case g.State != programme.GrantRunning:
		p.Locked = i18n.GrantIsClosed.In(lang)
	case r.State == programme.ReportApproved:
		p.Locked = i18n.GranteeReportApprovedNote.Format(lang, i18n.Args{"amount": p.Reimbursed})
	case r.State == "" || r.State.Editable():
		p.Editable = true
	default:
		p.Locked = i18n.GrantReportLocked.In(lang)
	}
	if r.State == programme.ReportReturned {
		p.Comments = r.Comments
	}
	for _, d := range g.Deviations(r) {
		if len(r.Accounts) == 0 {
			break
		}
		p.Deviations = append(p.Deviations, DeviationRow{Line: d.Line.Label(lang), Budget: programme.FormatSEK(d.Budget, lang),
			Spent: programme.FormatSEK(d.Spent, lang), Diff: signedSEK(d.Diff, lang), Percent: d.Percent(lang)})
	}
	if !p.Editable {
		p.readOnly(g, r)
		return p, nil
	}
	if p.Values == nil {
		p.Values = reportValues(r)
	}
	p.Errors = grantIssues(g, errs, orderFor(g), lang)
	for _, nf := range narrativeFields {
		v := FieldView{Name: nf.name, ID: fieldID(nf.name), Label: g.Label(nf.name, lang), Value: p.Values[nf.name], Error: issueFor(p.Errors, nf.name),
			Kind: TextArea, Optional: true, InputLang: string(programme.English)}
		if nf.hint != 0 {
			v.Hint = p.T(nf.hint)
		}
		p.Narrative = append(p.Narrative, v)
	}
	for _, l := range g.Lines {
		name := "accounts." + l.ID
		var budget int64
		if y <= len(l.Amounts) {
			budget = l.Amounts[y-1]
		}
		p.Lines = append(p.Lines, FieldView{Name: name, ID: fieldID(name), Label: l.Label(lang), Value: p.Values[name], Error: issueFor(p.Errors, name),
			Kind: AmountInput, Optional: true, Hint: i18n.GranteeReportLineBudget.Format(lang, i18n.Args{"amount": programme.FormatSEK(budget, lang)})})
	}
	p.Total = FieldView{Name: "accounts.total", ID: fieldID("accounts.total"), Label: g.Label("accounts.total", lang), Value: p.Values["accounts.total"],
		Error: issueFor(p.Errors, "accounts.total"), Kind: AmountInput, Optional: true, Hint: p.T(i18n.GranteeReportTotalHint)}
	p.TemplateURL = withKey(reportPath(g.Ref, y)+"/accounts.xlsx", key, string(lang), nil)
	p.TemplateName = i18n.GranteeReportTemplateLink.Format(lang, i18n.Args{"n": strconv.Itoa(y)})
	return p, nil
}

// signedSEK is an amount with its sign: "+12 000 kr", "-500 kr", "0 kr".
func signedSEK(n int64, lang programme.Lang) string {
	if n > 0 {
		return "+" + programme.FormatSEK(n, lang)
	}
	return programme.FormatSEK(n, lang)
}

// readOnly fills the page of a report that cannot change: what it says,
// its total and its documents, each a read link.
func (p *ReportPage) readOnly(g programme.Grant, r programme.Report) {
	for _, f := range []struct {
		name, value string
	}{{"narrative.done", r.Narrative.Done}, {"narrative.results", r.Narrative.Results},
		{"narrative.deviations", r.Narrative.Deviations}, {"narrative.summary", r.Narrative.Summary}} {
		if strings.TrimSpace(f.value) != "" {
			p.Answers = append(p.Answers, Answer{Label: g.Label(f.name, p.Lang), Value: f.value})
		}
	}
	if r.State != "" {
		p.TotalText = programme.FormatSEK(r.Total, p.Lang)
	}
	for _, d := range r.Documents {
		v := docView(d, p.Lang, p.documentLink(d.Kind))
		v.Appendix = programme.ReportDocumentName(d.Kind, p.Lang)
		p.Docs = append(p.Docs, v)
	}
}

// documentLink is the read link of the report's document of kind.
func (p *ReportPage) documentLink(kind programme.DocumentKind) string {
	return withKey(reportPath(p.Ref, p.Year)+"/documents/"+url.PathEscape(string(kind)), p.Key, "", nil)
}

// setSlots are the report's documents with their upload forms, the
// problems of the last upload (on the document's form, or of the
// workbook's lines on its) and what went well.
func (p *ReportPage) setSlots(g programme.Grant, slots []grants.Slot) {
	for _, s := range slots {
		a := programme.Appendix{DocumentRule: s.Rule}
		field := "documents." + string(s.Rule.Kind)
		name := programme.ReportDocumentName(s.Rule.Kind, p.Lang)
		rule := i18n.GranteeReportDocOptional
		if s.Rule.Required {
			rule = i18n.GranteeReportDocRequired
		}
		too := programme.CheckUpload(a, s.Rule.MaxBytes+1, s.Rule.Formats[0], "")
		v := SlotView{Kind: string(s.Rule.Kind), ID: fieldID(field), Name: name, Rule: p.T(rule), Accept: accept(s.Rule.Formats),
			URL: s.URL, Fields: s.Fields, Required: s.Rule.Required, MaxBytes: strconv.FormatInt(s.Rule.MaxBytes, 10),
			Formats:     i18n.DocFormats.Format(p.Lang, i18n.Args{"formats": programme.FormatList(s.Rule.Formats), "max": programme.FormatBytes(s.Rule.MaxBytes)}),
			ChooseLabel: i18n.DocChooseFile.Format(p.Lang, i18n.Args{"doc": name}), TooLarge: g.Message(*too, p.Lang),
			Problem: issueFor(p.Errors, field)}
		if v.Problem == "" {
			v.Problem = issueFor(p.Problems, field)
		}
		if s.Doc != nil {
			d := docView(*s.Doc, p.Lang, p.documentLink(s.Doc.Kind))
			v.Doc = &d
			v.RemoveLabel = i18n.DocRemoveButton.Format(p.Lang, i18n.Args{"name": s.Doc.Name})
		}
		if o := origin(s.URL); o != "" && !slices.Contains(p.origins, o) {
			p.origins = append(p.origins, o)
		}
		p.Slots = append(p.Slots, v)
	}
}

// succeeded says what the last action did (?ok=, with doc= for an upload),
// from the report as stored.
func (p *ReportPage) succeeded(q map[string]string, r programme.Report) {
	switch q["ok"] {
	case okReportUploaded:
		if i := slices.IndexFunc(r.Documents, func(d programme.Document) bool { return string(d.Kind) == q["doc"] }); i >= 0 {
			p.Success = i18n.DocUploadedOK.Format(p.Lang, i18n.Args{"name": r.Documents[i].Name})
		}
	case okReportImported:
		p.Success = i18n.GranteeReportImportedOK.Format(p.Lang, i18n.Args{"n": strconv.Itoa(len(r.Accounts)), "total": programme.FormatSEK(r.Total, p.Lang)})
	default:
		if k, ok := grantSuccesses[q["ok"]]; ok {
			p.Success = k.In(p.Lang)
		}
	}
}

// uploadRedirect is where S3 sends the browser after an upload to year y's
// report: the check, with the key and the language in the path (S3 adds
// bucket, key and etag to the query; SeaweedFS replaces the query).
func uploadRedirect(base, ref, key string, y int, lang programme.Lang) string {
	return base + grantPath(ref) + "/uploaded/" + strconv.Itoa(y) + "/" + string(lang) + "/" + url.PathEscape(key)
}

// reportResponse renders p (with its upload forms, if it can change) in
// status: the upload forms post to the bucket, the one origin besides ours
// this page may send a form to.
func reportResponse(ctx context.Context, svc *grants.Service, f grants.File, p *ReportPage, redirectTo string, status int) (eventsResponse, error) {
	if p.Editable {
		slots, err := svc.UploadSlots(ctx, f, p.Year, redirectTo)
		if err != nil {
			return eventsResponse{}, err
		}
		p.setSlots(f.Grant, slots)
	}
	res, err := htmlPage(ctx, status, reportView(p))
	if err == nil && len(p.origins) > 0 {
		res.Headers["Content-Security-Policy"] = strings.Replace(securityHeaders["Content-Security-Policy"],
			"form-action 'self'", "form-action 'self' "+strings.Join(p.origins, " "), 1)
	}
	return res, err
}

// GrantReport serves GET /grants/{ref}/reports/{year}?key=: year's report,
// to write while it can change, with an upload form per document; as it
// was submitted once it cannot; a message for a year not yet started.
func GrantReport(svc *grants.Service, publicBaseURL string) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		q := req.QueryStringParameters
		ref, key, y := req.PathParameters["ref"], q["key"], yearOf(req)
		f, err := svc.Open(ctx, ref, key)
		if err != nil {
			return grantFailed(ctx, requestLang(req), "", err)
		}
		lang := grantLang(q["lang"], f.Grant)
		p, err := newReportPage(f, key, y, lang, svc.Now(), nil, nil)
		if err != nil {
			return grantFailed(ctx, lang, withKey(grantPath(ref), key, q["lang"], nil), err)
		}
		p.succeeded(q, f.Report(y))
		p.Problems = readProblems(req)
		res, err := reportResponse(ctx, svc, f, p, uploadRedirect(baseURL(publicBaseURL, req), ref, key, y, lang), http.StatusOK)
		if err == nil && len(p.Problems) > 0 {
			res.Cookies = append(res.Cookies, problemCookie(reportPath(ref, y), nil))
		}
		return res, err
	}
}

// decodeReport reads the report form: the narrative, each line's costs
// (accounts.<line id>) and the total, amounts as people type them (spaces
// between the thousands, "kr"); an empty line is one not filled in yet.
// Amounts that are not numbers are refused on their fields.
func decodeReport(form url.Values) (programme.ReportInput, programme.FieldErrors) {
	in := programme.ReportInput{Narrative: programme.Narrative{Done: form.Get("narrative.done"), Results: form.Get("narrative.results"),
		Deviations: form.Get("narrative.deviations"), Summary: form.Get("narrative.summary")}}
	var errs programme.FieldErrors
	var names []string
	for k := range form {
		if strings.HasPrefix(k, "accounts.") {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		raw := form.Get(name)
		if strings.TrimSpace(raw) == "" {
			continue
		}
		n, ok := programme.ParseAmount(raw)
		switch {
		case !ok:
			errs = append(errs, programme.FieldError{Field: name, Code: programme.CodeNotANumber})
		case name == "accounts.total":
			in.Total = n
		default:
			in.Accounts = append(in.Accounts, programme.Account{Line: strings.TrimPrefix(name, "accounts."), Amount: n})
		}
	}
	return in, errs
}

// holds says whether the stored report r says what in does: a submission
// refused for what it lacks has saved it as a draft.
func holds(r programme.Report, in programme.ReportInput) bool {
	clean := func(s string) string {
		return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
	}
	n, m := r.Narrative, in.Narrative
	if r.State == "" || clean(n.Done) != clean(m.Done) || clean(n.Results) != clean(m.Results) ||
		clean(n.Deviations) != clean(m.Deviations) || clean(n.Summary) != clean(m.Summary) || r.Total != in.Total ||
		len(r.Accounts) != len(in.Accounts) {
		return false
	}
	for _, a := range in.Accounts {
		if !slices.Contains(r.Accounts, a) {
			return false
		}
	}
	return true
}

// GrantReportSave serves POST /grants/{ref}/reports/{year} (key, ui,
// action=save|submit, narrative.*, accounts.<line id>, accounts.total):
// the draft saved, or saved and submitted; back to the report's page,
// which says which. Refused: the page again with what was typed and the
// problems (422); a submission refused only for what it lacks saved the
// draft, and the page says so.
func GrantReportSave(svc *grants.Service, publicBaseURL string) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		form, err := readForm(req)
		if err != nil {
			return eventsResponse{}, err
		}
		ref, key, ui, y := req.PathParameters["ref"], form.Get("key"), form.Get("ui"), yearOf(req)
		submit := form.Get("action") == "submit"
		in, errs := decodeReport(form)
		if errs == nil {
			_, err = svc.SaveReport(ctx, ref, key, y, in, submit)
			if err == nil {
				ok := okReportSaved
				if submit {
					ok = okReportSubmitted
				}
				return redirect(http.StatusSeeOther, withKey(reportPath(ref, y), key, ui, url.Values{"ok": {ok}})+"#main"), nil
			}
			if !errors.As(err, &errs) {
				return grantFailed(ctx, grantLang(ui, programme.Grant{}), withKey(reportPath(ref, y), key, ui, nil), err)
			}
		}
		f, err := svc.Open(ctx, ref, key)
		if err != nil {
			return grantFailed(ctx, grantLang(ui, programme.Grant{}), "", err)
		}
		lang := grantLang(ui, f.Grant)
		p, err := newReportPage(f, key, y, lang, svc.Now(), formValues(form), errs)
		if err != nil {
			return grantFailed(ctx, lang, withKey(grantPath(ref), key, ui, nil), err)
		}
		p.SummaryTitle = i18n.GranteeReportNotSaved.In(lang)
		if submit && holds(f.Report(y), in) {
			p.SummaryTitle = i18n.GranteeReportSavedNotSubmitted.In(lang)
		}
		return reportResponse(ctx, svc, f, p, uploadRedirect(baseURL(publicBaseURL, req), ref, key, y, lang), http.StatusUnprocessableEntity)
	}
}

// ---- Uploads: the check S3 sends the browser to, and what a page shows
// of a refused one.

// problemCookieName carries an upload's problems from its check to the
// report's page for one view: a flash message, never text in an address.
const problemCookieName = "report-upload-problems"

// maxProblems is the most problems of one upload that the page shows.
const maxProblems = 10

// problemCookie is the cookie that carries problems to the page at path
// (none: the cookie cleared).
func problemCookie(path string, problems []fieldIssue) string {
	c := &http.Cookie{Name: problemCookieName, Path: path, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}
	if len(problems) == 0 {
		c.MaxAge = -1
		return c.String()
	}
	type item struct {
		F string `json:"f"`
		M string `json:"m"`
	}
	var items []item
	for _, p := range problems[:min(len(problems), maxProblems)] {
		m := p.Message
		if utf8.RuneCountInString(m) > 300 {
			m = string([]rune(m)[:300]) + "…"
		}
		items = append(items, item{F: p.Field, M: m})
	}
	b, _ := json.Marshal(items) // strings only: never fails
	c.Value, c.MaxAge = base64.RawURLEncoding.EncodeToString(b), 300
	return c.String()
}

// readProblems are the problems the request's cookie carries, if any.
func readProblems(req events.APIGatewayV2HTTPRequest) []fieldIssue {
	raw := requestCookie(req, problemCookieName)
	if raw == "" || len(raw) > 4096 {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	var items []struct {
		F string `json:"f"`
		M string `json:"m"`
	}
	if err != nil || json.Unmarshal(b, &items) != nil {
		return nil
	}
	var out []fieldIssue
	for _, it := range items[:min(len(items), maxProblems)] {
		out = append(out, fieldIssue{Field: it.F, Message: it.M})
	}
	return out
}

// GrantReportUploaded serves GET /grants/{ref}/uploaded/{year}/{lang}/{key},
// where S3 sends the browser after an upload (the object's key in the
// query): the file is checked and recorded, an accounts workbook read into
// the report's lines, or the file deleted; back to the report's page, which
// says which (a refused file's problems in a cookie for that one view).
func GrantReportUploaded(svc *grants.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		pp := req.PathParameters
		ref, key, lang, y := pp["ref"], pp["key"], programme.ParseLang(pp["lang"]), yearOf(req)
		back := reportPath(ref, y)
		doc, imported, err := svc.ReportUploaded(ctx, ref, key, y, req.QueryStringParameters["key"])
		var fe programme.FieldErrors
		switch {
		case err == nil && imported != nil:
			return redirect(http.StatusSeeOther, withKey(back, key, string(lang), url.Values{"ok": {okReportImported}})+"#main"), nil
		case err == nil:
			return redirect(http.StatusSeeOther, withKey(back, key, string(lang), url.Values{"ok": {okReportUploaded}, "doc": {string(doc.Kind)}})+"#main"), nil
		case errors.As(err, &fe) && fe[0].Code == programme.CodeNoUpload:
			// No such upload (S3's redirect reloaded after its file was
			// deleted, or a key of another's): back to the page.
			return redirect(http.StatusSeeOther, withKey(back, key, string(lang), nil)), nil
		}
		var problems []fieldIssue
		if errors.As(err, &fe) {
			f, oerr := svc.Open(ctx, ref, key) // for the lines' names
			if oerr != nil {
				return grantFailed(ctx, lang, "", oerr)
			}
			problems = grantIssues(f.Grant, fe, orderFor(f.Grant), lang)
			for i, p := range problems {
				if !strings.HasPrefix(p.Field, "documents.") { // a workbook's line: its upload form
					problems[i].Field = "documents." + string(programme.AccountsWorkbook)
				}
			}
		} else if msg, ok := programme.GrantErrorMessage(err, lang); ok {
			problems = []fieldIssue{{Message: msg}}
		} else {
			return grantFailed(ctx, lang, withKey(back, key, string(lang), nil), err)
		}
		// No fragment: a browser skips the problem summary's autofocus
		// on a page opened at one.
		res := redirect(http.StatusSeeOther, withKey(back, key, string(lang), nil))
		res.Cookies = []string{problemCookie(back, problems)}
		return res, nil
	}
}

// GrantReportRemove serves POST /grants/{ref}/reports/{year}/remove (key,
// ui, kind): the report's document of that kind removed, and its file.
func GrantReportRemove(svc *grants.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		form, err := readForm(req)
		if err != nil {
			return eventsResponse{}, err
		}
		ref, key, ui, y := req.PathParameters["ref"], form.Get("key"), form.Get("ui"), yearOf(req)
		back := reportPath(ref, y)
		if err := svc.RemoveDocument(ctx, ref, key, y, programme.DocumentKind(form.Get("kind"))); err != nil {
			return grantFailed(ctx, grantLang(ui, programme.Grant{}), withKey(back, key, ui, nil), err)
		}
		return redirect(http.StatusSeeOther, withKey(back, key, ui, url.Values{"ok": {okReportRemoved}})+"#main"), nil
	}
}

// GrantReportDocument serves GET /grants/{ref}/reports/{year}/documents/{kind}?key=:
// a 303 to a short-lived read link of the report's document (404 if there
// is none; 410 if the malware scan blocked it).
func GrantReportDocument(svc *grants.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ref, key := req.PathParameters["ref"], req.QueryStringParameters["key"]
		lang := requestLang(req)
		f, err := svc.Open(ctx, ref, key)
		if err != nil {
			return grantFailed(ctx, lang, "", err)
		}
		lang = grantLang(req.QueryStringParameters["lang"], f.Grant)
		link, err := svc.DocumentLink(ctx, f, yearOf(req), programme.DocumentKind(req.PathParameters["kind"]))
		if err != nil {
			return grantFailed(ctx, lang, withKey(reportPath(ref, yearOf(req)), key, string(lang), nil), err)
		}
		return readLink(link), nil
	}
}

// AccountsTemplate makes the programme's accounts workbook of a grant's
// year (xlsx.AccountsTemplate, linked by the grants function alone).
type AccountsTemplate = func(g programme.Grant, year int, lang programme.Lang) ([]byte, error)

// GrantAccountsTemplate serves GET /grants/{ref}/reports/{year}/accounts.xlsx?key=:
// the accounts workbook of the year to fill in, its lines the approved
// budget's (their ids in column A, which an upload is read by).
func GrantAccountsTemplate(svc *grants.Service, template AccountsTemplate) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ref, key, y := req.PathParameters["ref"], req.QueryStringParameters["key"], yearOf(req)
		f, err := svc.Open(ctx, ref, key)
		if err != nil {
			return grantFailed(ctx, requestLang(req), "", err)
		}
		lang := grantLang(req.QueryStringParameters["lang"], f.Grant)
		if _, ok := f.Grant.Year(y); !ok {
			return grantFailed(ctx, lang, withKey(grantPath(ref), key, string(lang), nil), programme.ErrNoSuchYear)
		}
		b, err := template(f.Grant, y, lang)
		if err != nil {
			return eventsResponse{}, err
		}
		res := respond(http.StatusOK, xlsxContentType, base64.StdEncoding.EncodeToString(b))
		res.IsBase64Encoded = true
		res.Headers["Content-Disposition"] = `attachment; filename="accounts-` + fileSafe(ref) + `-year-` + strconv.Itoa(y) + `.xlsx"`
		res.Headers["Cache-Control"] = "no-store"
		return res, nil
	}
}
