package web

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/grants"
	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
	"partnerskap/internal/sheet"
)

// Staff's side of the grants: the overview of every grant, one grant with
// its years' reports and change requests, the review of a report and the
// decision on a change.

// What went well on the grants' staff pages (?ok=).
const (
	okReportApproved = "report_approved"
	okReportReturned = "report_returned"
	okChangeDecided  = "change_decided"
)

func init() {
	successes[okReportApproved] = i18n.SGReportApprovedNotice
	successes[okReportReturned] = i18n.SGReportReturnedNotice
	successes[okChangeDecided] = i18n.SGChangeDecidedNotice
}

func staffGrantURL(ref string, lang programme.Lang) string {
	return "/staff/grants/" + url.PathEscape(ref) + "?" + url.Values{"lang": {string(lang)}}.Encode()
}

func staffGrantsCrumbs(lang programme.Lang, here ...string) []Crumb {
	c := []Crumb{{i18n.StaffTitle.In(lang), roundsURL(lang)}, {i18n.SGGrantsTitle.In(lang), "/staff/grants?lang=" + string(lang)}}
	for _, h := range here {
		c = append(c, Crumb{Label: h})
	}
	if len(here) == 0 {
		c[len(c)-1].URL = ""
	}
	return c
}

// StaffGrantsPage is the overview of every grant.
type StaffGrantsPage struct {
	Page
	Crumbs []Crumb
	Totals []StaffTotalsView
	Rows   []StaffGrantRow
	XLSX   string
}

// StaffTotalsView is a round's grants summed, in the page's language.
type StaffTotalsView struct {
	Round                                  string
	Grants, Running, Overdue, Waiting      int
	Granted, Reimbursed, Remaining, Unused string
	Years                                  []StaffYearTotalsView
}

// StaffYearTotalsView is one project year of a round's grants, summed.
type StaffYearTotalsView struct{ Year, Granted, Reimbursed, Remaining string }

// StaffGrantRow is one grant in the overview.
type StaffGrantRow struct {
	Ref, URL, Round, Title, Organisation, State string
	Granted, Paid, Remaining                    string
	Next, Waiting, Overdue                      string
}

func staffYearList(ys []programme.GrantYear, lang programme.Lang) string {
	var s []string
	for _, y := range ys {
		s = append(s, i18n.SGYearN.Format(lang, i18n.Args{"n": strconv.Itoa(y.Year)}))
	}
	return strings.Join(s, ", ")
}

func newStaffGrantsPage(lang programme.Lang, o grants.Overview, rounds map[string]string) StaffGrantsPage {
	p := StaffGrantsPage{Page: newPage(lang, i18n.SGGrantsTitle, nil), Crumbs: staffGrantsCrumbs(lang), XLSX: "/staff/grants.xlsx?lang=" + string(lang)}
	name := func(id string) string {
		if n, ok := rounds[id]; ok {
			return n
		}
		return id
	}
	sek := func(n int64) string { return programme.FormatSEK(n, lang) }
	for _, t := range o.Totals {
		v := StaffTotalsView{Round: name(t.RoundID), Grants: t.Grants, Running: t.Running, Overdue: t.Overdue, Waiting: t.Waiting,
			Granted: sek(t.Granted), Reimbursed: sek(t.Reimbursed), Remaining: sek(t.Remaining), Unused: sek(t.Unused)}
		for _, y := range t.Years {
			v.Years = append(v.Years, StaffYearTotalsView{Year: i18n.SGYearN.Format(lang, i18n.Args{"n": strconv.Itoa(y.Year)}),
				Granted: sek(y.Granted), Reimbursed: sek(y.Reimbursed), Remaining: sek(y.Remaining)})
		}
		p.Totals = append(p.Totals, v)
	}
	for _, g := range o.Grants {
		r := StaffGrantRow{Ref: g.Ref, URL: staffGrantURL(g.Ref, lang), Round: name(g.RoundID), Title: g.Title, Organisation: g.Organisation,
			State: programme.GrantStateName(g.State, lang), Granted: sek(g.Amount), Paid: sek(g.Paid), Remaining: sek(g.Remaining()),
			Waiting: staffYearList(g.Waiting(), lang), Overdue: staffYearList(g.Overdue(o.Now), lang)}
		if y, ok := g.NextDue(); ok {
			r.Next = i18n.SGNextDue.Format(lang, i18n.Args{"n": strconv.Itoa(y.Year), "date": programme.FormatDate(y.LastDay(), lang)})
		}
		p.Rows = append(p.Rows, r)
	}
	return p
}

// staffRoundNames are the rounds' names in lang, by id.
func staffRoundNames(ctx context.Context, svc *grants.Service, lang programme.Lang) (map[string]string, error) {
	rounds, err := svc.Store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range rounds {
		out[r.ID] = r.Name(lang)
	}
	return out, nil
}

// StaffGrants serves GET /staff/grants: every grant with its next report,
// the reports waiting for review, the late ones, and the money per round
// and project year.
func StaffGrants(svc *grants.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		o, err := svc.Overview(ctx)
		if err != nil {
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			return jsonResponse(http.StatusOK, map[string]any{"grants": o.Grants, "totals": o.Totals}), nil
		}
		names, err := staffRoundNames(ctx, svc, lang)
		if err != nil {
			return eventsResponse{}, err
		}
		return htmlPage(ctx, http.StatusOK, staffGrantsView(newStaffGrantsPage(lang, o, names)))
	}
}

// StaffGrantsTable is the overview as a table for a spreadsheet: one row per
// grant and project year.
func StaffGrantsTable(o grants.Overview, names map[string]string, lang programme.Lang) sheet.Table {
	t := sheet.Table{Name: i18n.SGGrantsSheet.In(lang), Columns: []sheet.Column{
		{Heading: i18n.Reference.In(lang)}, {Heading: i18n.FieldRound.In(lang)}, {Heading: i18n.Project.In(lang)},
		{Heading: i18n.SwedishParty.In(lang)}, {Heading: i18n.Partner.In(lang)}, {Heading: i18n.SGState.In(lang)},
		{Heading: i18n.SGProjectYear.In(lang)}, {Heading: i18n.SGYearAmount.In(lang), Kind: sheet.SEK},
		{Heading: i18n.SGReportLastDay.In(lang), Kind: sheet.Instant}, {Heading: i18n.SGReportState.In(lang)},
		{Heading: i18n.SGReimbursed.In(lang), Kind: sheet.SEK}, {Heading: i18n.SGOverdue.In(lang)},
	}}
	for _, g := range o.Grants {
		late := map[int]bool{}
		for _, y := range g.Overdue(o.Now) {
			late[y.Year] = true
		}
		for _, y := range g.Years {
			overdue := ""
			if late[y.Year] {
				overdue = i18n.SGYes.In(lang)
			}
			t.Rows = append(t.Rows, []any{g.Ref, names[g.RoundID], g.Title, g.Organisation, g.Partner + " (" + g.Country + ")",
				programme.GrantStateName(g.State, lang), strconv.Itoa(y.Year), y.Amount, y.LastDay(),
				programme.ReportStateName(y.Report, lang), y.Reimbursed, overdue})
		}
	}
	return t
}

// StaffGrantsXLSX serves GET /staff/grants.xlsx: the overview as an Excel
// workbook, a row per grant and project year (ExportFunction).
func StaffGrantsXLSX(svc *grants.Service, write sheet.Writer) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		o, err := svc.Overview(ctx)
		if err != nil {
			return eventsResponse{}, err
		}
		names, err := staffRoundNames(ctx, svc, lang)
		if err != nil {
			return eventsResponse{}, err
		}
		b, err := write(StaffGrantsTable(o, names, lang))
		if err != nil {
			return eventsResponse{}, err
		}
		res := respond(http.StatusOK, xlsxContentType, base64.StdEncoding.EncodeToString(b))
		res.IsBase64Encoded = true
		res.Headers["Content-Disposition"] = `attachment; filename="grants-` + o.Now.In(programme.Stockholm).Format("2006-01-02") + `.xlsx"`
		res.Headers["Cache-Control"] = "no-store"
		if responsePayload(res) > maxResponsePayload {
			return eventsResponse{}, errExportTooLarge
		}
		return res, nil
	}
}

// StaffGrantPage is one grant for staff.
type StaffGrantPage struct {
	Page
	Crumbs  []Crumb
	Notices Notices
	Errors  []fieldIssue
	G       programme.Grant
	AppURL  string
	Facts   []StaffFact
	Years   []StaffYearView
	Lines   []StaffLineView
	Reports []StaffReportView
	Changes []StaffChangeView
	Team    []TeamView
}

// StaffFact is one term and its value.
type StaffFact struct{ Term, Value string }

// StaffYearView is a project year in a grant's table.
type StaffYearView struct {
	Year, Period, Amount, LastDay, Report, Reimbursed string
	Overdue                                           bool
}

// StaffLineView is an approved budget line with its amount per year.
type StaffLineView struct {
	Name    string
	Amounts []string
}

// StaffReportView is a year's report as staff read it.
type StaffReportView struct {
	Year, Heading, State, Submitted, Comments string
	Narrative                                 []StaffFact
	Deviations                                []StaffDeviationView
	Total                                     string
	Documents                                 []DocView
	Reviewable                                bool
	URL, CommentsID, CommentsError, Typed     string
}

// StaffDeviationView is one line's costs against its budget.
type StaffDeviationView struct{ Line, Budget, Spent, Diff, Percent string }

// StaffChangeView is a change request and, pending, the form to decide it.
type StaffChangeView struct {
	ID, Kind, What, Reason, State, Requested, Motivation, Decided string
	Pending                                                       bool
	URL, FieldID, Error, Typed                                    string
}

func staffDeviations(g programme.Grant, r programme.Report, lang programme.Lang) []StaffDeviationView {
	var out []StaffDeviationView
	for _, d := range g.Deviations(r) {
		out = append(out, StaffDeviationView{Line: d.Line.Label(lang), Budget: programme.FormatSEK(d.Budget, lang),
			Spent: programme.FormatSEK(d.Spent, lang), Diff: signedSEK(d.Diff, lang), Percent: d.Percent(lang)})
	}
	return out
}

// StaffChangeWhat says what a change request asks, in lang.
func StaffChangeWhat(g programme.Grant, c programme.ChangeRequest, lang programme.Lang) string {
	switch c.Kind {
	case programme.ChangeExtension:
		return i18n.SGChangeExtension.Format(lang, i18n.Args{"n": strconv.Itoa(c.Year),
			"date": programme.FormatDate(programme.GrantYear{Deadline: c.Deadline}.LastDay(), lang)})
	case programme.ChangeMove:
		from, to := c.From, c.To
		if l, ok := g.Line(c.From); ok {
			from = l.Label(lang)
		}
		if l, ok := g.Line(c.To); ok {
			to = l.Label(lang)
		}
		return i18n.SGChangeMove.Format(lang, i18n.Args{"n": strconv.Itoa(c.Year), "amount": programme.FormatSEK(c.Amount, lang),
			"from": from, "to": to})
	default:
		var names []string
		for _, m := range c.Team {
			names = append(names, m.Name)
		}
		return i18n.SGChangeTeam.Format(lang, i18n.Args{"names": strings.Join(names, ", ")})
	}
}

// staffTyped is what staff staffTyped in a refused form, to show again.
type staffTyped struct {
	year     int
	change   string
	text     string
	problems []fieldIssue
}

func newStaffGrantPage(lang programme.Lang, f grants.File, now time.Time, n Notices, t staffTyped) StaffGrantPage {
	g := f.Grant
	sek := func(v int64) string { return programme.FormatSEK(v, lang) }
	p := StaffGrantPage{Page: newPage(lang, i18n.SGGrantTitle, nil), Notices: n, G: g, Errors: t.problems,
		Crumbs: staffGrantsCrumbs(lang, g.Ref), AppURL: "/staff/applications/" + url.PathEscape(g.Ref) + "?lang=" + string(lang)}
	p.Title = i18n.SGGrantTitle.In(lang) + " " + g.Ref
	p.switchTo("/staff/grants/"+url.PathEscape(g.Ref), nil)
	p.Facts = []StaffFact{
		{i18n.Project.In(lang), g.Title},
		{i18n.FieldRound.In(lang), f.Round.Name(lang)},
		{i18n.SwedishParty.In(lang), g.Organisation},
		{i18n.Partner.In(lang), g.Partner + " (" + countryName(f.Round, g.Country, lang) + ")"},
		{i18n.SGState.In(lang), programme.GrantStateName(g.State, lang)},
		{i18n.GrantedAmount.In(lang), sek(g.Amount)},
		{i18n.SGReimbursed.In(lang), sek(g.Paid)},
	}
	if g.State == programme.GrantClosed {
		p.Facts = append(p.Facts, StaffFact{i18n.SGUnused.In(lang), sek(g.Unused)})
	} else {
		p.Facts = append(p.Facts, StaffFact{i18n.SGRemaining.In(lang), sek(g.Remaining())})
	}
	late := map[int]bool{}
	for _, y := range g.Overdue(now) {
		late[y.Year] = true
	}
	for _, y := range g.Years {
		v := StaffYearView{Year: i18n.SGYearN.Format(lang, i18n.Args{"n": strconv.Itoa(y.Year)}),
			Period: programme.FormatDate(y.Starts, lang) + " – " + programme.FormatDate(y.Ends.Add(-time.Nanosecond), lang),
			Amount: sek(y.Amount), LastDay: programme.FormatDate(y.LastDay(), lang),
			Report: programme.ReportStateName(y.Report, lang), Overdue: late[y.Year]}
		if y.Report == programme.ReportApproved {
			v.Reimbursed = sek(y.Reimbursed)
		}
		p.Years = append(p.Years, v)
	}
	for _, l := range g.Lines {
		lv := StaffLineView{Name: l.Label(lang)}
		for _, a := range l.Amounts {
			lv.Amounts = append(lv.Amounts, sek(a))
		}
		p.Lines = append(p.Lines, lv)
	}
	p.Team = teamViews(programme.Application{Type: g.Type, Team: g.Team}, lang)
	for _, r := range f.Reports {
		y := strconv.Itoa(r.Year)
		v := StaffReportView{Year: y, Heading: i18n.SGReportN.Format(lang, i18n.Args{"n": y}), State: programme.ReportStateName(r.State, lang),
			Comments: r.Comments, Total: sek(r.Total), Deviations: staffDeviations(g, r, lang),
			Narrative: []StaffFact{
				{g.Label("narrative.done", lang), r.Narrative.Done},
				{g.Label("narrative.results", lang), r.Narrative.Results},
				{g.Label("narrative.deviations", lang), r.Narrative.Deviations},
				{g.Label("narrative.summary", lang), r.Narrative.Summary},
			},
			Reviewable: r.State == programme.ReportSubmitted && g.State == programme.GrantRunning,
			URL:        "/staff/grants/" + url.PathEscape(g.Ref) + "/reports/" + y + "?lang=" + string(lang),
			CommentsID: fieldID("comments." + y)}
		if !r.SubmittedAt.IsZero() {
			v.Submitted = programme.FormatTime(r.SubmittedAt, lang)
		}
		for _, d := range r.Documents {
			dv := docView(d, lang, "/staff/grants/"+url.PathEscape(g.Ref)+"/reports/"+y+"/documents/"+url.PathEscape(string(d.Kind)))
			dv.Appendix = programme.ReportDocumentName(d.Kind, lang)
			v.Documents = append(v.Documents, dv)
		}
		if t.year == r.Year {
			v.Typed = t.text
			for _, e := range t.problems {
				if e.Field == "comments."+y {
					v.CommentsError = e.Message
				}
			}
		}
		p.Reports = append(p.Reports, v)
	}
	for i := len(f.Changes) - 1; i >= 0; i-- { // the newest first
		c := f.Changes[i]
		v := StaffChangeView{ID: c.ID, Kind: programme.ChangeKindName(c.Kind, lang), What: StaffChangeWhat(g, c, lang), Reason: c.Reason,
			State: programme.ChangeStateName(c.State, lang), Requested: programme.FormatTime(c.RequestedAt, lang),
			Motivation: c.Motivation, Pending: c.State == programme.ChangePending && g.State == programme.GrantRunning,
			URL:     "/staff/grants/" + url.PathEscape(g.Ref) + "/changes/" + url.PathEscape(c.ID) + "?lang=" + string(lang),
			FieldID: fieldID("motivation." + c.ID)}
		if !c.DecidedAt.IsZero() {
			v.Decided = programme.FormatTime(c.DecidedAt, lang)
		}
		if t.change == c.ID {
			v.Typed = t.text
			for _, e := range t.problems {
				if e.Field == "motivation."+c.ID {
					v.Error = e.Message
				}
			}
		}
		p.Changes = append(p.Changes, v)
	}
	return p
}

// StaffGrant serves GET /staff/grants/{ref}: the grant, its years, its
// reports with their accounts against the budget, its change requests.
func StaffGrant(svc *grants.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		f, err := svc.Staff(ctx, req.PathParameters["ref"])
		if err != nil {
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			return jsonResponse(http.StatusOK, map[string]any{"grant": f.Grant, "reports": f.Reports, "changes": f.Changes}), nil
		}
		return htmlPage(ctx, http.StatusOK, staffGrantView(newStaffGrantPage(lang, f, svc.Now(), noticesOf(req.QueryStringParameters, lang), staffTyped{})))
	}
}

// staffGrantAgain shows the grant's page again after a refused form, with what
// was staffTyped and why; an error nobody can act on goes back to Serve.
func staffGrantAgain(ctx context.Context, svc *grants.Service, req events.APIGatewayV2HTTPRequest, t staffTyped, cause error) (events.APIGatewayV2HTTPResponse, error) {
	lang := requestLang(req)
	f, err := svc.Staff(ctx, req.PathParameters["ref"])
	if err != nil {
		return eventsResponse{}, err
	}
	var n Notices
	var fe programme.FieldErrors
	status := http.StatusUnprocessableEntity
	switch {
	case errors.As(cause, &fe):
		for _, e := range fe {
			msg := f.Grant.Message(e, lang)
			switch { // the field of this report's or change's form, for the summary's link
			case t.year != 0:
				e.Field += "." + strconv.Itoa(t.year)
			case t.change != "":
				e.Field += "." + t.change
			}
			t.problems = append(t.problems, fieldIssue{Field: e.Field, Code: e.Code, Message: msg})
		}
	default:
		s, p, known := answerFor(cause, lang)
		if !known {
			return eventsResponse{}, cause
		}
		status, n.Error = s, p.Message
	}
	return htmlPage(ctx, status, staffGrantView(newStaffGrantPage(lang, f, svc.Now(), n, t)))
}

// StaffReviewReport serves POST /staff/grants/{ref}/reports/{year}: approve
// (action=approve) or return with comments (action=return).
func StaffReviewReport(svc *grants.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		var in struct {
			Action   string `json:"action"`
			Comments string `json:"comments"`
		}
		form, isJSON, err := staffInput(req, &in)
		if err != nil {
			return eventsResponse{}, err
		}
		if !isJSON {
			in.Action, in.Comments = form.Get("action"), form.Get("comments")
		}
		year, err := strconv.Atoi(req.PathParameters["year"])
		if err != nil {
			return eventsResponse{}, grants.ErrNotFound
		}
		rv := grants.Review{Year: year, Approve: in.Action == "approve", Comments: in.Comments}
		if in.Action != "approve" && in.Action != "return" {
			return eventsResponse{}, &malformedError{errors.New("action must be approve or return")}
		}
		ref := req.PathParameters["ref"]
		_, r, err := svc.ReviewReport(ctx, ref, rv, actor(ctx))
		if isJSON {
			var fe programme.FieldErrors
			if errors.As(err, &fe) {
				return eventsResponse{}, &invalidError{code: "invalid_review", summary: i18n.ErrorSummaryDecision.In, fields: fe}
			}
			if err != nil {
				return eventsResponse{}, err
			}
			return jsonResponse(http.StatusOK, r), nil
		}
		if err != nil {
			return staffGrantAgain(ctx, svc, req, staffTyped{year: year, text: in.Comments}, err)
		}
		ok := okReportReturned
		if rv.Approve {
			ok = okReportApproved
		}
		return seeOther("/staff/grants/"+url.PathEscape(ref), requestLang(req), ok), nil
	}
}

// StaffDecideChange serves POST /staff/grants/{ref}/changes/{id}: approve
// (action=approve) or refuse (action=refuse) with a motivation.
func StaffDecideChange(svc *grants.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		var in struct {
			Action     string `json:"action"`
			Motivation string `json:"motivation"`
		}
		form, isJSON, err := staffInput(req, &in)
		if err != nil {
			return eventsResponse{}, err
		}
		if !isJSON {
			in.Action, in.Motivation = form.Get("action"), form.Get("motivation")
		}
		if in.Action != "approve" && in.Action != "refuse" {
			return eventsResponse{}, &malformedError{errors.New("action must be approve or refuse")}
		}
		ref, id := req.PathParameters["ref"], req.PathParameters["id"]
		c, err := svc.DecideChange(ctx, ref, id, in.Action == "approve", in.Motivation, actor(ctx))
		if isJSON {
			var fe programme.FieldErrors
			if errors.As(err, &fe) {
				return eventsResponse{}, &invalidError{code: "invalid_change_decision", summary: i18n.ErrorSummaryDecision.In, fields: fe}
			}
			if err != nil {
				return eventsResponse{}, err
			}
			return jsonResponse(http.StatusOK, c), nil
		}
		if err != nil {
			return staffGrantAgain(ctx, svc, req, staffTyped{change: id, text: in.Motivation}, err)
		}
		return seeOther("/staff/grants/"+url.PathEscape(ref), requestLang(req), okChangeDecided), nil
	}
}

// StaffReportDocument serves GET
// /staff/grants/{ref}/reports/{year}/documents/{kind}: a 303 to a
// short-lived read link of the document.
func StaffReportDocument(svc *grants.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		year, err := strconv.Atoi(req.PathParameters["year"])
		if err != nil {
			return eventsResponse{}, grants.ErrNotFound
		}
		f, err := svc.Staff(ctx, req.PathParameters["ref"])
		if err != nil {
			return eventsResponse{}, err
		}
		link, err := svc.DocumentLink(ctx, f, year, programme.DocumentKind(req.PathParameters["kind"]))
		if err != nil {
			return eventsResponse{}, err
		}
		res := respond(http.StatusSeeOther, "text/plain; charset=utf-8", "")
		res.Headers["Location"] = link
		res.Headers["Cache-Control"] = "no-store"
		return res, nil
	}
}
