package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
)

// MaxPage is the most applications a listing page holds (JSON or HTML), and
// its default size. A thousand of the largest the form accepts, JSON-encoded
// as Lambda counts the response, stay well under its 6 MB limit
// (TestALargestPageFitsLambdasResponse), and a page costs a bounded read
// whatever the round's size.
const MaxPage = 1000

// StaffApplications serves GET /staff/rounds/{id}/applications with filters
// (status, type, theme, country) as a page or JSON, a page at a time
// (?limit=, at most MaxPage; ?next= the cursor the previous page gave), or
// as one CSV of all of them (?format=csv).
//
// JSON is {"applications": [...], "next": "..."}, next absent on the last
// page; with filters on type, theme or country a page may hold fewer than
// limit applications and still have a next.
func StaffApplications(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		q := req.QueryStringParameters
		f := programme.AppFilter{Status: programme.AppStatus(q["status"]), Type: q["type"], Theme: q["theme"], Country: q["country"]}
		if q["format"] == "csv" {
			r, apps, err := svc.Applications(ctx, req.PathParameters["id"], f)
			if err != nil {
				return eventsResponse{}, err
			}
			res := applicationsCSV(r, apps, lang, acceptsGzip(req))
			if responsePayload(res) > maxResponsePayload {
				return eventsResponse{}, errExportTooLarge
			}
			return res, nil
		}
		limit := MaxPage
		if l, ok := q["limit"]; ok {
			n, err := strconv.Atoi(l)
			if err != nil || n < 1 || n > MaxPage {
				return eventsResponse{}, errBadLimit
			}
			limit = n
		}
		r, apps, next, err := svc.ApplicationsPage(ctx, req.PathParameters["id"], f, int32(limit), q["next"])
		if err != nil {
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			return jsonResponse(http.StatusOK, applicationsPage{Applications: list(apps), Next: next}), nil
		}
		p := newApplicationsPage(lang, q, f, limit, r, apps, next)
		p.Notices = noticesOf(q, lang)
		return htmlPage(ctx, http.StatusOK, applicationsView(p))
	}
}

// applicationsAgain is the listing of req's round with its filters (the
// query of the page a form was sent from), saying n: a refused form's way
// back to the page it came from.
func applicationsAgain(ctx context.Context, svc *staff.Service, req events.APIGatewayV2HTTPRequest, status int, n Notices) (events.APIGatewayV2HTTPResponse, error) {
	lang := requestLang(req)
	q := listingQuery(req.QueryStringParameters)
	f := programme.AppFilter{Status: programme.AppStatus(q["status"]), Type: q["type"], Theme: q["theme"], Country: q["country"]}
	r, apps, next, err := svc.ApplicationsPage(ctx, req.PathParameters["id"], f, MaxPage, "")
	if err != nil {
		return eventsResponse{}, err
	}
	p := newApplicationsPage(lang, q, f, MaxPage, r, apps, next)
	p.Notices = n
	p.SwitchURL = listingURL(r.ID, q, lang.Other()) // the listing, not the form's address
	return htmlPage(ctx, status, applicationsView(p))
}

// listingQuery is what of a query the listing keeps across a form post:
// its filters and the language.
func listingQuery(q map[string]string) map[string]string {
	out := map[string]string{}
	for _, k := range []string{"status", "type", "theme", "country", "lang"} {
		if q[k] != "" {
			out[k] = q[k]
		}
	}
	return out
}

// newApplicationsPage is a page of round r's applications chosen by f (the
// query q's filters), with its links (the next page's, the exports') and
// the form that withdraws the selected ones.
func newApplicationsPage(lang programme.Lang, q map[string]string, f programme.AppFilter, limit int, r programme.Round, apps []programme.AppSummary, next string) ApplicationsPage {
	filters := url.Values{}
	for _, k := range []string{"status", "type", "theme", "country"} {
		if q[k] != "" {
			filters.Set(k, q[k])
		}
	}
	link := func(set map[string]string) string {
		v := url.Values{}
		for k, vs := range filters {
			v[k] = vs
		}
		for k, x := range set {
			v.Set(k, x)
		}
		v.Set("lang", string(lang))
		return "?" + v.Encode()
	}
	p := ApplicationsPage{Page: newPage(lang, i18n.ApplicationsTitle, url.Values{"status": {q["status"]}}), RoundName: r.Name(lang),
		RoundsURL:  "/staff/rounds?" + url.Values{"lang": {string(lang)}}.Encode(),
		NotifyURL:  "/staff/rounds/" + url.PathEscape(r.ID) + "/notify?" + url.Values{"lang": {string(lang)}}.Encode(),
		MeetingURL: meetingURL(r.ID, lang),
		Count:      i18n.ApplicationsCount.Format(lang, i18n.Args{"n": strconv.Itoa(len(apps))}),
		CSV:        link(map[string]string{"format": "csv"}), Paged: next != "" || q["next"] != "",
		XLSX:    "/staff/rounds/" + url.PathEscape(r.ID) + "/applications.xlsx" + link(nil),
		ListURL: "/staff/rounds/" + url.PathEscape(r.ID) + "/applications",
		Crumbs:  roundCrumbs(lang, r, i18n.ApplicationsTitle.In(lang))}
	if next != "" {
		set := map[string]string{"next": next}
		if _, ok := q["limit"]; ok {
			set["limit"] = strconv.Itoa(limit)
		}
		p.Next = link(set)
	}
	status := FilterSelect{Name: "status", Label: i18n.Status.In(lang)}
	for _, s := range []programme.AppStatus{programme.AppSubmitted, programme.AppInReview, programme.AppGranted, programme.AppRejected, programme.AppWithdrawn} {
		status.Options = append(status.Options, Option{Value: string(s), Label: programme.StatusName(s, lang), Selected: s == f.Status})
	}
	types := FilterSelect{Name: "type", Label: i18n.FieldType.In(lang)}
	for _, t := range r.Rules.Types {
		types.Options = append(types.Options, Option{Value: string(t.Type), Label: programme.TypeName(t.Type, lang), Selected: string(t.Type) == f.Type})
	}
	themes := FilterSelect{Name: "theme", Label: i18n.FieldTheme.In(lang)}
	for _, t := range r.Rules.Themes {
		themes.Options = append(themes.Options, Option{Value: string(t), Label: programme.ThemeName(t, lang), Selected: string(t) == f.Theme})
	}
	countries := FilterSelect{Name: "country", Label: i18n.Country.In(lang)}
	for _, c := range r.Rules.Countries {
		countries.Options = append(countries.Options, Option{Value: c.Code, Label: c.Name(lang), Selected: c.Code == f.Country})
	}
	p.Filters = []FilterSelect{status, types, themes, countries}
	selectable := false
	for _, a := range apps {
		row := AppRow{Ref: a.Ref, URL: "/staff/applications/" + url.PathEscape(a.Ref) + "?" + url.Values{"lang": {string(lang)}}.Encode(),
			Status: programme.StatusName(programme.AppStatus(a.Status), lang), SwedishOrganisation: a.SwedishOrganisation,
			PartnerOrganisation: a.PartnerOrganisation, Country: countryName(r, a.Country, lang), Title: a.Title, Requested: programme.FormatSEK(a.RequestedTotal, lang)}
		if a.GrantedAmount != 0 {
			row.Granted = programme.FormatSEK(a.GrantedAmount, lang)
		}
		row.Withdrawable, row.SelectLabel = withdrawable(a), i18n.WithdrawSelectApp.Format(lang, i18n.Args{"ref": a.Ref})
		selectable = selectable || row.Withdrawable
		p.Apps = append(p.Apps, row)
	}
	p.Withdraw = newWithdrawForm(lang, r.ID, filters, selectable)
	return p
}

// ApplicationsPage is a page of a round's applications for staff, with
// the filters that chose them.
type ApplicationsPage struct {
	Page
	Notices
	Crumbs               []Crumb
	RoundName            string
	RoundsURL, NotifyURL string
	MeetingURL           string // the decision meeting
	Filters              []FilterSelect
	Count                string // how many on this page
	Paged                bool   // there are other pages
	CSV, Next            string // the whole round as CSV; the next page, if any
	XLSX                 string // the whole round (these filters) as an Excel workbook
	ListURL              string // the listing itself: where the filters go (the page may be a form's answer)
	Apps                 []AppRow
	Withdraw             WithdrawForm // below the table, for the rows selected
}

// FilterSelect is one filter of the listing: a select of the values to keep.
type FilterSelect struct {
	Name, Label string
	Options     []Option
}

// AppRow is one application of the listing, every value in the page's language.
type AppRow struct {
	Ref, URL, Status, SwedishOrganisation, PartnerOrganisation, Country, Title, Requested string
	Granted                                                                               string // empty until granted
	// Withdrawable: the row has a checkbox for the withdraw form, named
	// for screen readers by SelectLabel ("Välj KP-…").
	Withdrawable bool
	SelectLabel  string
}

// applicationsPage is a page of the JSON listing.
type applicationsPage struct {
	Applications []programme.AppSummary `json:"applications"`
	Next         string                 `json:"next,omitempty"`
}

// applicationsCSV is every application listed as a CSV for Excel (UTF-8 with
// a BOM, semicolons, CRLF), gzip-compressed when the client takes it: a
// round's CSV is one file, and compressed it stays far inside Lambda's
// response limit.
func applicationsCSV(r programme.Round, apps []programme.AppSummary, lang programme.Lang, gz bool) events.APIGatewayV2HTTPResponse {
	var b bytes.Buffer
	b.WriteString("\ufeff") // UTF-8 BOM: Excel reads åäö right
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = ';', true
	_ = w.Write(csvHeader(lang, i18n.CSVReference, i18n.Status, i18n.SwedishParty, i18n.Partner, i18n.Country, i18n.FieldType,
		i18n.FieldTheme, i18n.CSVTitle, i18n.CSVRequested, i18n.CSVGranted, i18n.SubmittedAt))
	for _, a := range apps {
		_ = w.Write([]string{cell(a.Ref), programme.StatusName(programme.AppStatus(a.Status), lang), cell(a.SwedishOrganisation),
			cell(a.PartnerOrganisation), cell(countryName(r, a.Country, lang)), programme.TypeName(programme.ProjectType(a.Type), lang),
			programme.ThemeName(programme.Theme(a.Theme), lang), cell(a.Title), strconv.FormatInt(a.RequestedTotal, 10),
			strconv.FormatInt(a.GrantedAmount, 10), a.SubmittedAt})
	}
	w.Flush()
	var res events.APIGatewayV2HTTPResponse
	if gz {
		res = gzipped(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
	} else {
		res = respond(http.StatusOK, "text/csv; charset=utf-8", b.String())
	}
	res.Headers["Content-Disposition"] = `attachment; filename="applications-` + r.ID + `.csv"`
	res.Headers["Cache-Control"] = "no-store"
	return res
}

// StaffApplication serves GET /staff/applications/{ref}: everything
// submitted, the status, the decision form and the audit log.
func StaffApplication(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		app, r, log, err := svc.Application(ctx, req.PathParameters["ref"])
		if err != nil {
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			return jsonResponse(http.StatusOK, map[string]any{"application": app, "log": list(log)}), nil
		}
		return htmlPage(ctx, http.StatusOK, applicationView(newApplicationPage(lang, app, r, log, noticesOf(req.QueryStringParameters, lang), nil, programme.DecisionInput{})))
	}
}

// ApplicationPage is one application for staff: everything submitted, the
// decision form while a decision can be made, and the audit log.
type ApplicationPage struct {
	Page
	Notices
	Crumbs                         []Crumb
	App                            programme.Application
	RoundName, Status, Country     string
	Type, Theme, Budget, Submitted string
	BackURL                        string
	ThirdPartyCountry              string
	Decidable                      bool
	Form                           DecisionForm  // when Decidable
	Decision                       *DecisionView // when decided and not Decidable
	Errors                         []fieldIssue
	Log                            []LogRow
	// The erasure of a person's contact details (erase.go); ErrorsTitle
	// names Errors when they are the erasure's.
	Erase       EraseForm
	ErrorsTitle string
	// PartnerAnswer is the partner's confirmation as staff read it ("":
	// not asked, submitted before partners were).
	PartnerAnswer string
	// SignatoryAnswer is the Swedish party's signatory's confirmation as
	// staff read it ("": the application names no signatory).
	SignatoryAnswer string
	// Team is the application's team, party by party.
	Team []TeamView
	// Documents are its appendices, each with a read link.
	Documents []DocView
}

// DecisionForm is the decision form as staff left it, or as stored.
type DecisionForm struct {
	URL             string
	Version         string
	Outcome, Amount string
	// The errors on each field, if any.
	OutcomeError, AmountError string
	// The motivations, in Swedish (required) and in English (optional),
	// with their errors, if any.
	Motivation, MotivationEn FieldView
	// Recipients say who gets the decision email in which language.
	Recipients []string
	// The grant's plan: its first day and each year's report's last day
	// (dates; empty: the defaults their hints say).
	Start     FieldView
	Deadlines []FieldView
}

// DecisionView is a decision made, in the page's language.
type DecisionView struct {
	Outcome, Amount, Motivation string
	MotivationEn                string // "" if staff wrote none
	Locked                      bool   // its email is queued
}

// LogRow is one line of the audit log.
type LogRow struct{ When, Who, What string }

func newApplicationPage(lang programme.Lang, app programme.Application, r programme.Round, log []programme.AuditEntry, n Notices,
	errs []fieldIssue, in programme.DecisionInput) ApplicationPage {
	p := ApplicationPage{Page: newPage(lang, i18n.ApplicationTitle, nil), Notices: n, App: app, RoundName: r.Name(lang),
		Status: programme.StatusName(app.Status, lang), Country: countryName(r, app.Partner.Country, lang),
		Type: programme.TypeName(app.Type, lang), Theme: programme.ThemeName(app.Theme, lang),
		Submitted: programme.FormatTime(app.SubmittedAt, lang), Errors: errs,
		Crumbs: append(roundCrumbs(lang, r), Crumb{i18n.ApplicationsTitle.In(lang),
			"/staff/rounds/" + url.PathEscape(app.RoundID) + "/applications?" + url.Values{"lang": {string(lang)}}.Encode()}, Crumb{Label: app.Ref}),
		BackURL:   "/staff/rounds/" + url.PathEscape(app.RoundID) + "/applications?" + url.Values{"lang": {string(lang)}}.Encode(),
		Decidable: r.Status == programme.RoundClosed && !app.DecisionQueued && app.Status != programme.AppSubmitted && app.Status != programme.AppWithdrawn}
	p.Erase = newEraseForm(lang, app, programme.EraseInput{}, nil)
	p.PartnerAnswer = answerForStaff(app.PartnerAnswer, r, i18n.ConfirmRequired, lang)
	p.SignatoryAnswer = answerForStaff(app.SignatoryAnswer, r, i18n.SignatoryConfirmRequired, lang)
	p.Team = teamViews(app, lang)
	p.Documents = documentViews(app, lang, func(kind string) string {
		return "/staff/applications/" + url.PathEscape(app.Ref) + "/documents/" + url.PathEscape(kind)
	})
	p.switchTo("/staff/applications/"+url.PathEscape(app.Ref), nil) // also after a refused decision's POST
	if tp := app.ThirdParty; tp != nil {
		p.ThirdPartyCountry = tp.Country
		if c, ok := r.Rules.EUCountry(tp.Country); ok {
			p.ThirdPartyCountry = c.Name(lang)
		}
	}
	budget := make([]string, len(app.BudgetPerYear))
	for i, b := range app.BudgetPerYear {
		budget[i] = programme.FormatSEK(b, lang)
	}
	p.Budget = strings.Join(budget, ", ") + " (" + programme.FormatSEK(app.RequestedTotal(), lang) + ")"
	for _, e := range log {
		p.Log = append(p.Log, LogRow{When: programme.FormatTime(e.At, lang), Who: e.Who(lang), What: programme.AuditText(e, lang)})
		if e.Code == programme.AuditWithdrawn && app.Status == programme.AppWithdrawn {
			p.Status = programme.WithdrawnName(programme.WithdrawReason(e.Detail["reason"]), lang) // the status with its reason
		}
	}
	if in.Outcome == "" && app.Decision != nil {
		in = programme.DecisionInput{Outcome: string(app.Decision.Outcome), Amount: app.Decision.Amount, Motivation: app.Decision.Motivation,
			MotivationEn: app.Decision.MotivationEn}
	}
	p.Form = DecisionForm{URL: "/staff/applications/" + url.PathEscape(app.Ref) + "/decision?" + url.Values{"lang": {string(lang)}}.Encode(),
		Version: strconv.FormatInt(app.Version, 10), Outcome: in.Outcome,
		Motivation:   motivationField("motivation", in.Motivation, programme.Swedish, lang),
		MotivationEn: motivationField("motivationEn", in.MotivationEn, programme.English, lang)}
	p.Form.MotivationEn.Optional, p.Form.MotivationEn.OptionalText = true, i18n.Optional.In(lang)
	p.Form.MotivationEn.Hint = i18n.MotivationEnHint.In(lang)
	for _, to := range programme.DecisionRecipients(app) {
		party, org := i18n.SwedishParty, app.SwedishParty.Organisation
		if to.Who == "partner" {
			party, org = i18n.Partner, app.Partner.Organisation
		}
		p.Form.Recipients = append(p.Form.Recipients, i18n.DecisionRecipient.Format(lang, i18n.Args{"party": party.In(lang),
			"organisation": org, "email": to.To, "language": programme.LangName(to.Lang, lang)}))
	}
	if in.Amount != 0 {
		p.Form.Amount = strconv.FormatInt(in.Amount, 10)
	}
	p.Form.Start, p.Form.Deadlines = planFields(app, r, in, lang)
	for _, e := range errs {
		if f := planField(&p.Form, e.Field); f != nil && f.Error == "" {
			f.Error = e.Message
		}
		switch {
		case e.Field == "outcome" && p.Form.OutcomeError == "":
			p.Form.OutcomeError = e.Message
		case e.Field == "amount" && p.Form.AmountError == "":
			p.Form.AmountError = e.Message
		case e.Field == "motivation" && p.Form.Motivation.Error == "":
			p.Form.Motivation.Error = e.Message
		case e.Field == "motivationEn" && p.Form.MotivationEn.Error == "":
			p.Form.MotivationEn.Error = e.Message
		}
	}
	if d := app.Decision; d != nil && !p.Decidable {
		p.Decision = &DecisionView{Outcome: programme.StatusName(programme.AppStatus(d.Outcome), lang), Motivation: d.Motivation,
			MotivationEn: d.MotivationEn, Locked: app.DecisionQueued}
		if d.Amount != 0 {
			p.Decision.Amount = programme.FormatSEK(d.Amount, lang)
		}
	}
	return p
}

// answerForStaff is a party's confirmation as staff read it ("": not
// asked), with the round's rule: whether a grant needs it (required), and
// until when the party answers.
func answerForStaff(c programme.Confirmation, r programme.Round, required i18n.Key, lang programme.Lang) string {
	s := AnswerText(c, lang)
	if s == "" {
		return ""
	}
	if r.Rules.Confirmation.RequiredForGrant {
		s += " " + required.In(lang)
	}
	if by, ok := r.AnswerBy(); ok && c.State == programme.ConfirmWaiting {
		s += " " + i18n.AnswerBy.Format(lang, i18n.Args{"date": programme.FormatTime(by, lang)})
	}
	return s
}

// motivationField is the textarea of a motivation written in written, on a
// page in lang: labelled with its language, marked with it for the
// browser's spelling.
func motivationField(name, value string, written, lang programme.Lang) FieldView {
	return FieldView{Name: name, ID: fieldID(name), Label: programme.FieldLabel(name, lang), Value: value, Kind: TextArea, InputLang: string(written)}
}

// StaffDecide serves POST /staff/applications/{ref}/decision (form or
// JSON): granted with an amount or rejected, with a motivation in Swedish
// and optionally one in English (JSON: motivation, motivationEn), on the
// version the staff member saw. A form comes back as the application's page
// with what was typed and what is wrong (a refusal, an unreadable amount,
// over budget, changed meanwhile); saved, it redirects to the page.
func StaffDecide(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		var in programme.DecisionInput
		form, isJSON, err := staffInput(req, &in)
		if err != nil {
			return eventsResponse{}, err
		}
		var unreadable programme.FieldErrors
		if !isJSON {
			if in, unreadable, err = readDecisionForm(form); err != nil {
				return eventsResponse{}, err
			}
		}
		ref := req.PathParameters["ref"]
		d, err := svc.Decide(ctx, ref, in, unreadable, actor(ctx))
		if isJSON {
			var fe programme.FieldErrors
			if errors.As(err, &fe) {
				return eventsResponse{}, &invalidError{code: "invalid_decision", summary: i18n.ErrorSummaryDecision.In, fields: fe}
			}
			if err != nil {
				return eventsResponse{}, err
			}
			return jsonResponse(http.StatusOK, d), nil
		}
		if err != nil {
			return decisionAgain(ctx, svc, req, in, err)
		}
		return seeOther("/staff/applications/"+url.PathEscape(ref), requestLang(req), okDecisionSaved), nil
	}
}

// dateLayout is how a date input sends a day.
const dateLayout = "2006-01-02"

// planFields are the decision form's grant plan: the first day and each
// project year's report's last day, as typed (or as the decision has them).
func planFields(app programme.Application, r programme.Round, in programme.DecisionInput, lang programme.Lang) (FieldView, []FieldView) {
	if in.Start.IsZero() && in.Deadlines == nil && app.Decision != nil && app.Decision.Plan != nil {
		in.Start, in.Deadlines = app.Decision.Plan.Start, app.Decision.Plan.Deadlines
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(programme.Stockholm).Format(dateLayout)
	}
	var g programme.Grant
	start := FieldView{Name: "start", ID: fieldID("start"), Label: g.Label("start", lang), Kind: DateInput, Value: day(in.Start),
		Optional: true, OptionalText: i18n.Optional.In(lang), Hint: i18n.SGDecisionStartHint.In(lang)}
	years := max(app.DurationYears, len(app.BudgetPerYear))
	var out []FieldView
	for y := 1; y <= years; y++ {
		name := "deadlines." + strconv.Itoa(y)
		f := FieldView{Name: name, ID: fieldID(name), Label: g.Label(name, lang), Kind: DateInput, Optional: true,
			OptionalText: i18n.Optional.In(lang),
			Hint:         i18n.SGDecisionDeadlineHint.Format(lang, i18n.Args{"days": strconv.Itoa(r.Rules.GrantRule().ReportDays)})}
		if y <= len(in.Deadlines) {
			f.Value = day(in.Deadlines[y-1])
		}
		out = append(out, f)
	}
	return start, out
}

// planField is the plan's field named field, if it is one.
func planField(f *DecisionForm, field string) *FieldView {
	if field == "start" {
		return &f.Start
	}
	for i := range f.Deadlines {
		if f.Deadlines[i].Name == field {
			return &f.Deadlines[i]
		}
	}
	return nil
}

// decisionIssues are a refused decision's problems: the plan's (the
// grant's first day, its years' report deadlines) labelled as the grant's.
func decisionIssues(errs programme.FieldErrors, lang programme.Lang) []fieldIssue {
	out := fieldIssues(errs, lang)
	for i, e := range errs {
		if e.Field == "start" || strings.HasPrefix(e.Field, "deadlines.") || strings.HasPrefix(e.Field, "years.") {
			out[i].Message = programme.Grant{}.Message(e, lang)
		}
	}
	return out
}

// readDate reads a date field (YYYY-MM-DD, a day in Swedish time); empty
// is zero, anything else unreadable is a field error.
func readDate(form url.Values, field string, unreadable *programme.FieldErrors) time.Time {
	v := strings.TrimSpace(form.Get(field))
	if v == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(dateLayout, v, programme.Stockholm)
	if err != nil {
		*unreadable = append(*unreadable, programme.FieldError{Field: field, Code: programme.CodeNotADate})
	}
	return t
}

// readDecisionForm reads the decision form; an amount that is not a number is
// reported on its field, a missing version is a malformed form.
func readDecisionForm(form url.Values) (programme.DecisionInput, programme.FieldErrors, error) {
	in := programme.DecisionInput{Outcome: form.Get("outcome"), Motivation: form.Get("motivation"), MotivationEn: form.Get("motivationEn")}
	var unreadable programme.FieldErrors
	in.Start = readDate(form, "start", &unreadable)
	for y := 1; y <= programme.MaxProjectYears; y++ {
		if d := readDate(form, "deadlines."+strconv.Itoa(y), &unreadable); !d.IsZero() {
			for len(in.Deadlines) < y-1 {
				in.Deadlines = append(in.Deadlines, time.Time{})
			}
			in.Deadlines = append(in.Deadlines, d)
		}
	}
	if a := strings.NewReplacer(" ", "", "\u00a0", "").Replace(form.Get("amount")); a != "" {
		n, err := strconv.ParseInt(a, 10, 64)
		if err != nil {
			unreadable = append(unreadable, programme.FieldError{Field: "amount", Code: programme.CodeNotANumber})
		}
		in.Amount = n
	}
	v, err := strconv.ParseInt(form.Get("version"), 10, 64)
	if err != nil {
		return in, nil, &malformedError{errors.New("version")}
	}
	in.Version = v
	return in, unreadable, nil
}

// decisionAgain shows the application's page again after a refused form:
// what staff typed stays, with the field errors, or the reason on top. An
// error nobody can act on goes back to Serve.
func decisionAgain(ctx context.Context, svc *staff.Service, req events.APIGatewayV2HTTPRequest, in programme.DecisionInput, cause error) (events.APIGatewayV2HTTPResponse, error) {
	lang := requestLang(req)
	status, p, known := answerFor(cause, lang)
	if !known {
		return eventsResponse{}, cause
	}
	app, r, log, err := svc.Application(ctx, req.PathParameters["ref"])
	if err != nil {
		return eventsResponse{}, err
	}
	var n Notices
	var fe programme.FieldErrors
	if !errors.As(cause, &fe) {
		n.Error = p.Message
	}
	return htmlPage(ctx, status, applicationView(newApplicationPage(lang, app, r, log, n, decisionIssues(fe, lang), in)))
}

// StaffNotifyPreview serves GET /staff/rounds/{id}/notify: what the
// decision emails would be, samples of each, how the sending goes, whom to
// follow up.
func StaffNotifyPreview(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		v, err := svc.NotifyView(ctx, req.PathParameters["id"])
		if err != nil {
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			return jsonResponse(http.StatusOK, map[string]any{"granted": v.Preview.Granted, "rejected": v.Preview.Rejected,
				"undecided": v.Preview.Undecided, "queued": v.Preview.Queued, "toQueue": v.Preview.Emails, "withoutEnglish": v.Preview.NoEnglish,
				"recipients": map[string]int{"swedishSv": v.Preview.SwedishSv, "swedishEn": v.Preview.SwedishEn, "partners": v.Preview.Partners},
				"progress":   v.Progress, "notDelivered": list(v.NotDelivered)}), nil
		}
		p := newNotifyPage(lang, req.PathParameters["id"], v, noticesOf(req.QueryStringParameters, lang))
		if req.QueryStringParameters["confirm"] == "1" && p.CanSend {
			p.Title = p.ConfirmTitle
			return htmlPage(ctx, http.StatusOK, confirmView(p)) // the step before the POST: what exactly will go
		}
		return htmlPage(ctx, http.StatusOK, notifyView(p))
	}
}

// StaffNotify serves POST /staff/rounds/{id}/notify: queue the round's
// decision emails, once. A form comes back to the notify page.
func StaffNotify(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		id := req.PathParameters["id"]
		n, err := svc.Notify(ctx, id, actor(ctx))
		if wantsJSON(req) || mediaType(req) == "application/json" {
			if err != nil {
				return eventsResponse{}, err
			}
			return jsonResponse(http.StatusOK, map[string]int{"queued": n}), nil
		}
		if err != nil {
			status, p, known := answerFor(err, lang)
			if !known {
				return eventsResponse{}, err
			}
			v, verr := svc.NotifyView(ctx, id)
			if verr != nil {
				return eventsResponse{}, err
			}
			return htmlPage(ctx, status, notifyView(newNotifyPage(lang, id, v, Notices{Error: p.Message})))
		}
		return seeOther("/staff/rounds/"+url.PathEscape(id)+"/notify", lang, okEmailsQueued), nil
	}
}

// NotifyPage is a round's decision emails for staff: what the trigger
// would send, samples of each, how the sending goes, and whom to follow up.
type NotifyPage struct {
	Page
	Notices
	Crumbs                                []Crumb
	RoundName                             string
	BackURL, SendURL                      string
	ConfirmURL, CancelURL                 string // the confirmation step (GET ?confirm=1), and back from it
	Granted, Rejected, Undecided, ToQueue string
	SwedishSv, SwedishEn, Partners        string // of ToQueue, by recipient and language
	ConfirmTitle                          string
	ConfirmIntro, Outcomes, ConfirmButton string // the confirmation's words, counts in
	// The decisions to send without an English motivation: how many, what
	// that means, the first of them (MoreNoEnglish: how many more).
	NoEnglish, NoEnglishNote, MoreNoEnglish string
	NoEnglishApps                           []AppLink
	CanSend                                 bool
	Progress                                []StateCount
	FollowUp                                []FollowUpRow
	Samples                                 []SampleView
}

// StateCount is how many of a round's decision emails are in one state.
type StateCount struct{ State, Count string }

// FollowUpRow is an email that did not arrive.
type FollowUpRow struct{ Ref, URL, To, State, Detail string }

// AppLink is a link to an application, by its reference.
type AppLink struct{ Ref, URL string }

// SampleView is one decision email as it would be sent: in which language
// (Lang, its code), to whom, what it says.
type SampleView struct{ Heading, Lang, To, Subject, Text string }

func newNotifyPage(lang programme.Lang, id string, v staff.NotifyView, n Notices) NotifyPage {
	prev, progress, bounced := v.Preview, v.Progress, v.NotDelivered
	q := url.Values{"lang": {string(lang)}}.Encode()
	r := prev.Round
	if r.ID == "" {
		r.ID, r.NameSv, r.NameEn = id, id, id
	}
	notify := "/staff/rounds/" + url.PathEscape(id) + "/notify"
	emails := strconv.Itoa(prev.Emails)
	p := NotifyPage{Page: newPage(lang, i18n.NotifyTitle, nil), Notices: n, RoundName: r.Name(lang),
		Crumbs:  roundCrumbs(lang, r, i18n.NotifyTitle.In(lang)),
		BackURL: "/staff/rounds/" + url.PathEscape(id) + "/applications?" + q, SendURL: notify + "?" + q,
		ConfirmURL: notify, CancelURL: notify + "?" + q,
		Granted: strconv.Itoa(prev.Granted), Rejected: strconv.Itoa(prev.Rejected), Undecided: strconv.Itoa(prev.Undecided),
		ToQueue: emails, CanSend: prev.Emails > 0,
		SwedishSv: strconv.Itoa(prev.SwedishSv), SwedishEn: strconv.Itoa(prev.SwedishEn), Partners: strconv.Itoa(prev.Partners),
		ConfirmTitle:  i18n.ConfirmTitle.In(lang),
		ConfirmIntro:  i18n.ConfirmIntro.Format(lang, i18n.Args{"n": emails}),
		ConfirmButton: i18n.ConfirmSend.Format(lang, i18n.Args{"n": emails}),
		Outcomes: i18n.DecisionsOutcomes.Format(lang, i18n.Args{"granted": strconv.Itoa(prev.ToGrant),
			"rejected": strconv.Itoa(prev.ToReject)}),
		NoEnglish:     strconv.Itoa(prev.NoEnglish),
		NoEnglishNote: i18n.NoEnglishNote.Format(lang, i18n.Args{"n": strconv.Itoa(prev.NoEnglish)})}
	for _, ref := range prev.NoEnglishRefs {
		p.NoEnglishApps = append(p.NoEnglishApps, AppLink{Ref: ref, URL: "/staff/applications/" + url.PathEscape(ref) + "?" + q})
	}
	if more := prev.NoEnglish - len(prev.NoEnglishRefs); more > 0 {
		p.MoreNoEnglish = i18n.AndMore.Format(lang, i18n.Args{"n": strconv.Itoa(more)})
	}
	states := programme.EmailStates
	for _, s := range slices.Sorted(maps.Keys(progress)) {
		if !slices.Contains(states, s) {
			states = append(states, s) // not one of ours: shown as it is, last
		}
	}
	for _, s := range states {
		if c, ok := progress[s]; ok {
			p.Progress = append(p.Progress, StateCount{State: programme.EmailStateName(s, lang), Count: strconv.Itoa(c)})
		}
	}
	for _, o := range bounced {
		p.FollowUp = append(p.FollowUp, FollowUpRow{Ref: o.Ref, URL: "/staff/applications/" + url.PathEscape(o.Ref) + "?" + q, To: o.To, State: programme.EmailStateName(o.State, lang), Detail: o.BounceType})
	}
	for _, k := range slices.Sorted(maps.Keys(prev.Samples)) {
		m := prev.Samples[k]
		sample := SampleView{Heading: k, Subject: m.Subject, Text: m.Text}
		if outcome, l, ok := strings.Cut(k, "-"); ok {
			written := programme.ParseLang(l)
			sample.Heading = i18n.Sample.Format(lang, i18n.Args{"outcome": programme.StatusName(programme.AppStatus(outcome), lang),
				"language": programme.LangName(written, lang)})
			sample.Lang, sample.To = string(written), i18n.SampleToSwedish.In(lang)
			if written == programme.English {
				sample.To = i18n.SampleToEnglish.In(lang)
			}
		}
		p.Samples = append(p.Samples, sample)
	}
	return p
}
