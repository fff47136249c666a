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

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
	"partnerskap/internal/store"
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
		unknownRound := func() (events.APIGatewayV2HTTPResponse, error) {
			return fail(wantsJSON(req), http.StatusNotFound, lang, "unknown_round", unknownRoundMessage(lang))
		}
		if q["format"] == "csv" {
			r, apps, err := svc.Applications(ctx, req.PathParameters["id"], f)
			if errors.Is(err, staff.ErrUnknownRound) {
				return unknownRound()
			}
			if err != nil {
				return eventsResponse{}, err
			}
			res := applicationsCSV(r, apps, lang, acceptsGzip(req))
			if responsePayload(res) > maxResponsePayload {
				return fail(wantsJSON(req), http.StatusUnprocessableEntity, lang, "export_too_large", i18n.ExportTooLarge.In(lang))
			}
			return res, nil
		}
		limit := MaxPage
		if l, ok := q["limit"]; ok {
			n, err := strconv.Atoi(l)
			if err != nil || n < 1 || n > MaxPage {
				return fail(wantsJSON(req), http.StatusBadRequest, lang, "bad_limit", i18n.BadLimit.In(lang))
			}
			limit = n
		}
		r, apps, next, err := svc.ApplicationsPage(ctx, req.PathParameters["id"], f, int32(limit), q["next"])
		switch {
		case errors.Is(err, staff.ErrUnknownRound):
			return unknownRound()
		case errors.Is(err, store.ErrBadCursor):
			return fail(wantsJSON(req), http.StatusBadRequest, lang, "bad_cursor", i18n.BadCursor.In(lang))
		case err != nil:
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			return jsonResponse(http.StatusOK, applicationsPage{Applications: list(apps), Next: next}), nil
		}
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
			RoundsURL: "/staff/rounds?" + url.Values{"lang": {string(lang)}}.Encode(),
			NotifyURL: "/staff/rounds/" + url.PathEscape(r.ID) + "/notify?" + url.Values{"lang": {string(lang)}}.Encode(),
			Count:     i18n.ApplicationsCount.Format(lang, i18n.Args{"n": strconv.Itoa(len(apps))}),
			CSV:       link(map[string]string{"format": "csv"}), Paged: next != "" || q["next"] != ""}
		if next != "" {
			set := map[string]string{"next": next}
			if _, ok := q["limit"]; ok {
				set["limit"] = strconv.Itoa(limit)
			}
			p.Next = link(set)
		}
		status := FilterSelect{Name: "status", Label: i18n.Status.In(lang)}
		for _, s := range []programme.AppStatus{programme.AppSubmitted, programme.AppInReview, programme.AppGranted, programme.AppRejected} {
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
		for _, a := range apps {
			row := AppRow{Ref: a.Ref, URL: "/staff/applications/" + url.PathEscape(a.Ref) + "?" + url.Values{"lang": {string(lang)}}.Encode(),
				Status: programme.StatusName(programme.AppStatus(a.Status), lang), SwedishOrganisation: a.SwedishOrganisation,
				PartnerOrganisation: a.PartnerOrganisation, Country: a.Country, Title: a.Title, Requested: programme.FormatSEK(a.RequestedTotal, lang)}
			if a.GrantedAmount != 0 {
				row.Granted = programme.FormatSEK(a.GrantedAmount, lang)
			}
			p.Apps = append(p.Apps, row)
		}
		return htmlPage(http.StatusOK, applicationsView(p))
	}
}

// ApplicationsPage is a page of a round's applications for staff, with
// the filters that chose them.
type ApplicationsPage struct {
	Page
	RoundName            string
	RoundsURL, NotifyURL string
	Filters              []FilterSelect
	Count                string // how many on this page
	Paged                bool   // there are other pages
	CSV, Next            string // the whole round as CSV; the next page, if any
	Apps                 []AppRow
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
		if errors.Is(err, staff.ErrUnknownApplication) {
			return fail(wantsJSON(req), http.StatusNotFound, lang, "unknown_application", i18n.UnknownApplication.In(lang))
		}
		if err != nil {
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			return jsonResponse(http.StatusOK, map[string]any{"application": app, "log": list(log)}), nil
		}
		return htmlPage(http.StatusOK, applicationView(newApplicationPage(lang, app, r, log, noticesOf(req.QueryStringParameters), nil, programme.DecisionInput{})))
	}
}

// ApplicationPage is one application for staff: everything submitted, the
// decision form while a decision can be made, and the audit log.
type ApplicationPage struct {
	Page
	Notices
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
}

// DecisionForm is the decision form as staff left it, or as stored.
type DecisionForm struct {
	URL                         string
	Version                     string
	Outcome, Amount, Motivation string
	// The errors on each field, if any.
	OutcomeError, AmountError, MotivationError string
}

// DecisionView is a decision made, in the page's language.
type DecisionView struct {
	Outcome, Amount, Motivation string
	Locked                      bool // its email is queued
}

// LogRow is one line of the audit log.
type LogRow struct{ When, Who, What string }

func newApplicationPage(lang programme.Lang, app programme.Application, r programme.Round, log []programme.AuditEntry, n Notices,
	errs []fieldIssue, in programme.DecisionInput) ApplicationPage {
	p := ApplicationPage{Page: newPage(lang, i18n.ApplicationTitle, nil), Notices: n, App: app, RoundName: r.Name(lang),
		Status: programme.StatusName(app.Status, lang), Country: countryName(r, app.Partner.Country, lang),
		Type: programme.TypeName(app.Type, lang), Theme: programme.ThemeName(app.Theme, lang),
		Submitted: programme.FormatTime(app.SubmittedAt, lang), Errors: errs,
		BackURL:   "/staff/rounds/" + url.PathEscape(app.RoundID) + "/applications?" + url.Values{"lang": {string(lang)}}.Encode(),
		Decidable: r.Status == programme.RoundClosed && !app.DecisionQueued && app.Status != programme.AppSubmitted}
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
		p.Log = append(p.Log, LogRow{When: programme.FormatTime(e.At, lang), Who: e.Actor, What: e.Event})
	}
	if in.Outcome == "" && app.Decision != nil {
		in = programme.DecisionInput{Outcome: string(app.Decision.Outcome), Amount: app.Decision.Amount, Motivation: app.Decision.Motivation}
	}
	p.Form = DecisionForm{URL: "/staff/applications/" + url.PathEscape(app.Ref) + "/decision?" + url.Values{"lang": {string(lang)}}.Encode(),
		Version: strconv.FormatInt(app.Version, 10), Outcome: in.Outcome, Motivation: in.Motivation}
	if in.Amount != 0 {
		p.Form.Amount = strconv.FormatInt(in.Amount, 10)
	}
	for _, e := range errs {
		switch {
		case e.Field == "outcome" && p.Form.OutcomeError == "":
			p.Form.OutcomeError = e.Message
		case e.Field == "amount" && p.Form.AmountError == "":
			p.Form.AmountError = e.Message
		case e.Field == "motivation" && p.Form.MotivationError == "":
			p.Form.MotivationError = e.Message
		}
	}
	if d := app.Decision; d != nil && !p.Decidable {
		p.Decision = &DecisionView{Outcome: programme.StatusName(programme.AppStatus(d.Outcome), lang), Motivation: d.Motivation,
			Locked: app.DecisionQueued}
		if d.Amount != 0 {
			p.Decision.Amount = programme.FormatSEK(d.Amount, lang)
		}
	}
	return p
}

// StaffDecide serves POST /staff/applications/{ref}/decision (form or
// JSON): granted with an amount or rejected, with a motivation, on the
// version the staff member saw.
func StaffDecide(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		var in programme.DecisionInput
		form, isJSON, refused := staffInput(req, lang, &in)
		if refused != nil {
			return *refused, nil
		}
		if !isJSON {
			var err error
			in.Outcome, in.Motivation = form.Get("outcome"), form.Get("motivation")
			var bad programme.FieldErrors
			if a := strings.NewReplacer(" ", "", "\u00a0", "").Replace(form.Get("amount")); a != "" {
				if in.Amount, err = strconv.ParseInt(a, 10, 64); err != nil {
					bad = append(bad, programme.FieldError{Field: "amount", Code: programme.CodeNotANumber})
				}
			}
			if in.Version, err = strconv.ParseInt(form.Get("version"), 10, 64); err != nil {
				return fail(false, http.StatusBadRequest, lang, "malformed", malformed(lang, errors.New("version")))
			}
			if bad != nil {
				return decisionAgain(ctx, svc, req, lang, in, bad)
			}
		}
		ref := req.PathParameters["ref"]
		actor := actorOf(req)
		d, err := svc.Decide(ctx, ref, in, actor)
		var fe programme.FieldErrors
		var over *programme.OverBudgetError
		status, code, msg := 0, "", ""
		switch {
		case err == nil:
		case errors.As(err, &fe):
			if isJSON {
				return jsonResponse(http.StatusUnprocessableEntity, problem{Error: "invalid_decision", Message: i18n.ErrorSummaryDecision.In(lang), Fields: fieldIssues(fe, lang)}), nil
			}
			return decisionAgain(ctx, svc, req, lang, in, fe)
		case errors.Is(err, staff.ErrUnknownApplication):
			status, code, msg = http.StatusNotFound, "unknown_application", i18n.UnknownApplication.In(lang)
		case errors.Is(err, staff.ErrChanged):
			status, code, msg = http.StatusConflict, "changed", i18n.AppChanged.In(lang)
		case errors.As(err, &over):
			status, code, msg = http.StatusConflict, "over_budget", over.Message(lang)
		case errors.Is(err, programme.ErrDecisionLocked):
			status, code, msg = http.StatusConflict, "locked", i18n.DecisionLocked.In(lang)
		case errors.Is(err, programme.ErrRoundNotClosed), errors.Is(err, programme.ErrNotUnderReview):
			status, code, msg = http.StatusConflict, "not_decidable", i18n.NotDecidable.In(lang)
		default:
			return eventsResponse{}, err
		}
		if isJSON {
			if status != 0 {
				return jsonResponse(status, problem{Error: code, Message: msg}), nil
			}
			return jsonResponse(http.StatusOK, d), nil
		}
		key, text := "ok", i18n.DecisionSaved.In(lang)
		if status != 0 {
			key, text = "error", msg
		}
		res := respond(http.StatusSeeOther, "text/plain; charset=utf-8", "")
		res.Headers["Location"] = "/staff/applications/" + url.PathEscape(ref) + "?" + url.Values{key: {text}, "lang": {string(lang)}}.Encode()
		return res, nil
	}
}

func decisionAgain(ctx context.Context, svc *staff.Service, req events.APIGatewayV2HTTPRequest, lang programme.Lang, in programme.DecisionInput, errs programme.FieldErrors) (events.APIGatewayV2HTTPResponse, error) {
	app, r, log, err := svc.Application(ctx, req.PathParameters["ref"])
	if errors.Is(err, staff.ErrUnknownApplication) {
		return fail(false, http.StatusNotFound, lang, "unknown_application", i18n.UnknownApplication.In(lang))
	}
	if err != nil {
		return eventsResponse{}, err
	}
	// A field that could not be read is reported once; the others as the rules see them.
	var more programme.FieldErrors
	if _, err := programme.Decide(in, app, r, "", svc.Now()); errors.As(err, &more) {
		for _, e := range more {
			if _, dup := errs.For(e.Field); !dup {
				errs = append(errs, e)
			}
		}
	}
	return htmlPage(http.StatusUnprocessableEntity, applicationView(newApplicationPage(lang, app, r, log, Notices{}, fieldIssues(errs, lang), in)))
}

// StaffNotify serves GET (preview and progress) and POST (trigger)
// /staff/rounds/{id}/notify.
func StaffNotify(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		id := req.PathParameters["id"]
		if req.RequestContext.HTTP.Method == http.MethodPost {
			n, err := svc.Notify(ctx, id, actorOf(req))
			var und *staff.ErrUndecided
			status, code, msg := http.StatusOK, "ok", i18n.Queued.Format(lang, i18n.Args{"n": strconv.Itoa(n)})
			switch {
			case err == nil:
			case errors.Is(err, staff.ErrUnknownRound):
				status, code, msg = http.StatusNotFound, "unknown_round", unknownRoundMessage(lang)
			case errors.As(err, &und):
				status, code, msg = http.StatusConflict, "undecided", i18n.Undecided.Format(lang, i18n.Args{"n": strconv.Itoa(und.Count)})
			case errors.Is(err, programme.ErrRoundNotClosed):
				status, code, msg = http.StatusConflict, "round_not_closed", i18n.NotDecidable.In(lang)
			default:
				return eventsResponse{}, err
			}
			if wantsJSON(req) {
				if status != http.StatusOK {
					return jsonResponse(status, problem{Error: code, Message: msg}), nil
				}
				return jsonResponse(status, map[string]int{"queued": n}), nil
			}
			key := "ok"
			if status != http.StatusOK {
				key = "error"
			}
			res := respond(http.StatusSeeOther, "text/plain; charset=utf-8", "")
			res.Headers["Location"] = "/staff/rounds/" + url.PathEscape(id) + "/notify?" + url.Values{key: {msg}, "lang": {string(lang)}}.Encode()
			return res, nil
		}
		prev, err := svc.NotifyPreview(ctx, id)
		if errors.Is(err, staff.ErrUnknownRound) {
			return fail(wantsJSON(req), http.StatusNotFound, lang, "unknown_round", unknownRoundMessage(lang))
		}
		if err != nil {
			return eventsResponse{}, err
		}
		progress, err := svc.Progress(ctx, id)
		if err != nil {
			return eventsResponse{}, err
		}
		bounced, err := svc.NotDelivered(ctx, id)
		if err != nil {
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			if progress == nil {
				progress = map[string]int{}
			}
			return jsonResponse(http.StatusOK, map[string]any{"granted": prev.Granted, "rejected": prev.Rejected, "undecided": prev.Undecided,
				"queued": prev.Queued, "toQueue": prev.Emails, "progress": progress, "notDelivered": list(bounced)}), nil
		}
		return htmlPage(http.StatusOK, notifyView(newNotifyPage(lang, id, prev, progress, bounced, noticesOf(req.QueryStringParameters))))
	}
}

// NotifyPage is a round's decision emails for staff: what the trigger
// would send, samples of each, how the sending goes, and whom to follow up.
type NotifyPage struct {
	Page
	Notices
	RoundID                               string
	BackURL, SendURL                      string
	Granted, Rejected, Undecided, ToQueue string
	CanSend                               bool
	Progress                              []StateCount
	FollowUp                              []FollowUpRow
	Samples                               []SampleView
}

// StateCount is how many of a round's decision emails are in one state.
type StateCount struct{ State, Count string }

// FollowUpRow is an email that did not arrive.
type FollowUpRow struct{ Ref, To, State, Detail string }

// SampleView is one decision email as it would be sent.
type SampleView struct{ Heading, Subject, Text string }

func newNotifyPage(lang programme.Lang, id string, prev staff.Preview, progress map[string]int, bounced []programme.Email, n Notices) NotifyPage {
	q := url.Values{"lang": {string(lang)}}.Encode()
	p := NotifyPage{Page: newPage(lang, i18n.NotifyTitle, nil), Notices: n, RoundID: id,
		BackURL: "/staff/rounds/" + url.PathEscape(id) + "/applications?" + q, SendURL: "/staff/rounds/" + url.PathEscape(id) + "/notify?" + q,
		Granted: strconv.Itoa(prev.Granted), Rejected: strconv.Itoa(prev.Rejected), Undecided: strconv.Itoa(prev.Undecided),
		ToQueue: strconv.Itoa(prev.Emails), CanSend: prev.Emails > 0}
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
		p.FollowUp = append(p.FollowUp, FollowUpRow{Ref: o.Ref, To: o.To, State: programme.EmailStateName(o.State, lang), Detail: o.BounceType})
	}
	for _, k := range slices.Sorted(maps.Keys(prev.Samples)) {
		m := prev.Samples[k]
		heading := k
		if outcome, l, ok := strings.Cut(k, "-"); ok {
			heading = i18n.Sample.Format(lang, i18n.Args{"outcome": programme.StatusName(programme.AppStatus(outcome), lang),
				"language": programme.LangName(programme.ParseLang(l), lang)})
		}
		p.Samples = append(p.Samples, SampleView{Heading: heading, Subject: m.Subject, Text: m.Text})
	}
	return p
}

// unknownRoundMessage says that the round in the path does not exist.
func unknownRoundMessage(lang programme.Lang) string {
	return programme.FieldError{Field: "round", Code: programme.CodeUnknownRound}.Message(lang)
}

// actorOf names the staff member: the JWT's email or subject (set by API
// Gateway's authorizer), "staff" when there is none (the local stack
// without sign-in).
func actorOf(req events.APIGatewayV2HTTPRequest) string {
	if a := req.RequestContext.Authorizer; a != nil && a.JWT != nil {
		if e := a.JWT.Claims["email"]; e != "" {
			return e
		}
		if s := a.JWT.Claims["sub"]; s != "" {
			return s
		}
	}
	return "staff"
}
