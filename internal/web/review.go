package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

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
		f := store.Filter{Status: programme.AppStatus(q["status"]), Type: q["type"], Theme: q["theme"], Country: q["country"]}
		unknownRound := func() (events.APIGatewayV2HTTPResponse, error) {
			return fail(wantsJSON(req), http.StatusNotFound, lang, "unknown_round",
				programme.FieldError{Field: "round", Code: programme.CodeUnknownRound}.Message(lang)), nil
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
				return fail(wantsJSON(req), http.StatusUnprocessableEntity, lang, "export_too_large", words(lang)["exportTooLarge"]), nil
			}
			return res, nil
		}
		limit := MaxPage
		if l, ok := q["limit"]; ok {
			n, err := strconv.Atoi(l)
			if err != nil || n < 1 || n > MaxPage {
				return fail(wantsJSON(req), http.StatusBadRequest, lang, "bad_limit", words(lang)["badLimit"]), nil
			}
			limit = n
		}
		r, apps, next, err := svc.ApplicationsPage(ctx, req.PathParameters["id"], f, int32(limit), q["next"])
		switch {
		case errors.Is(err, staff.ErrUnknownRound):
			return unknownRound()
		case errors.Is(err, store.ErrBadCursor):
			return fail(wantsJSON(req), http.StatusBadRequest, lang, "bad_cursor", words(lang)["badCursor"]), nil
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
		p := struct {
			page
			Round         programme.Round
			RoundName     string
			Apps          []store.AppSummary
			Filter        store.Filter
			CSV, Next     string
			Paged         bool
			Statuses      []option
			Types, Themes []option
			Countries     []option
		}{page: newPage(lang, "applicationsTitle", url.Values{"status": {q["status"]}}), Round: r, RoundName: r.Name(lang), Apps: apps, Filter: f,
			CSV: link(map[string]string{"format": "csv"}), Paged: next != "" || q["next"] != ""}
		if next != "" {
			set := map[string]string{"next": next}
			if _, ok := q["limit"]; ok {
				set["limit"] = strconv.Itoa(limit)
			}
			p.Next = link(set)
		}
		for _, s := range []programme.AppStatus{programme.AppSubmitted, programme.AppInReview, programme.AppGranted, programme.AppRejected} {
			p.Statuses = append(p.Statuses, option{string(s), programme.StatusName(s, lang), string(s) == string(f.Status)})
		}
		for _, t := range r.Rules.Types {
			p.Types = append(p.Types, option{string(t.Type), programme.TypeName(t.Type, lang), string(t.Type) == f.Type})
		}
		for _, t := range r.Rules.Themes {
			p.Themes = append(p.Themes, option{string(t), programme.ThemeName(t, lang), string(t) == f.Theme})
		}
		for _, c := range r.Rules.Countries {
			p.Countries = append(p.Countries, option{c.Code, c.Name(lang), c.Code == f.Country})
		}
		return htmlPage(http.StatusOK, "staff-applications", p), nil
	}
}

// applicationsPage is a page of the JSON listing.
type applicationsPage struct {
	Applications []store.AppSummary `json:"applications"`
	Next         string             `json:"next,omitempty"`
}

// applicationsCSV is every application listed as a CSV for Excel (UTF-8 with
// a BOM, semicolons, CRLF), gzip-compressed when the client takes it: a
// round's CSV is one file, and compressed it stays far inside Lambda's
// response limit.
func applicationsCSV(r programme.Round, apps []store.AppSummary, lang programme.Lang, gz bool) events.APIGatewayV2HTTPResponse {
	var b bytes.Buffer
	b.WriteString("\ufeff") // UTF-8 BOM: Excel reads åäö right
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = ';', true
	_ = w.Write(map[programme.Lang][]string{
		programme.Swedish: {"Referens", "Status", "Svensk part", "Partner", "Land", "Projekttyp", "Tema", "Titel", "Sökt (kr)", "Beviljat (kr)", "Inkommen"},
		programme.English: {"Reference", "Status", "Swedish party", "Partner", "Country", "Project type", "Theme", "Title", "Requested (SEK)", "Granted (SEK)", "Received"},
	}[lang])
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
			return fail(wantsJSON(req), http.StatusNotFound, lang, "unknown_application", words(lang)["notFound"]), nil
		}
		if err != nil {
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			return jsonResponse(http.StatusOK, map[string]any{"application": app, "log": list(log)}), nil
		}
		return htmlPage(http.StatusOK, "staff-application", applicationView(lang, app, r, log, req.QueryStringParameters, nil, programme.DecisionInput{})), nil
	}
}

type applicationPage struct {
	page
	App                            programme.Application
	RoundName, Requested, Country  string
	TypeName, ThemeName, StatusTxt string
	Log                            []store.AuditEntry
	Decidable                      bool
	In                             programme.DecisionInput
	Errors                         []fieldIssue
	Notice, Success                string
}

func applicationView(lang programme.Lang, app programme.Application, r programme.Round, log []store.AuditEntry, q map[string]string, errs []fieldIssue, in programme.DecisionInput) applicationPage {
	p := applicationPage{page: newPage(lang, "applicationTitle", nil), App: app, RoundName: r.Name(lang),
		Requested: programme.FormatSEK(app.RequestedTotal(), lang), Country: countryName(r, app.Partner.Country, lang),
		TypeName: programme.TypeName(app.Type, lang), ThemeName: programme.ThemeName(app.Theme, lang),
		StatusTxt: programme.StatusName(app.Status, lang), Log: log, Errors: errs, In: in,
		Decidable: r.Status == programme.RoundClosed && !app.DecisionQueued && app.Status != programme.AppSubmitted,
		Notice:    q["error"], Success: q["ok"]}
	if in.Outcome == "" && app.Decision != nil {
		p.In = programme.DecisionInput{Outcome: string(app.Decision.Outcome), Amount: app.Decision.Amount, Motivation: app.Decision.Motivation}
	}
	p.In.Version = app.Version
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
				return fail(false, http.StatusBadRequest, lang, "malformed", "version"), nil
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
				return jsonResponse(http.StatusUnprocessableEntity, problem{Error: "invalid_decision", Message: words(lang)["errorSummaryDecision"], Fields: fieldIssues(fe, lang)}), nil
			}
			return decisionAgain(ctx, svc, req, lang, in, fe)
		case errors.Is(err, staff.ErrUnknownApplication):
			status, code, msg = http.StatusNotFound, "unknown_application", words(lang)["notFound"]
		case errors.Is(err, staff.ErrChanged):
			status, code, msg = http.StatusConflict, "changed", words(lang)["appChanged"]
		case errors.As(err, &over):
			status, code, msg = http.StatusConflict, "over_budget", over.Message(lang)
		case errors.Is(err, programme.ErrDecisionLocked):
			status, code, msg = http.StatusConflict, "locked", words(lang)["decisionLocked"]
		case errors.Is(err, programme.ErrRoundNotClosed), errors.Is(err, programme.ErrNotUnderReview):
			status, code, msg = http.StatusConflict, "not_decidable", words(lang)["notDecidable"]
		default:
			return eventsResponse{}, err
		}
		if isJSON {
			if status != 0 {
				return jsonResponse(status, problem{Error: code, Message: msg}), nil
			}
			return jsonResponse(http.StatusOK, d), nil
		}
		key, text := "ok", words(lang)["decisionSaved"]
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
		return fail(false, http.StatusNotFound, lang, "unknown_application", words(lang)["notFound"]), nil
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
	return htmlPage(http.StatusUnprocessableEntity, "staff-application", applicationView(lang, app, r, log, nil, fieldIssues(errs, lang), in)), nil
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
			status, code, msg := http.StatusOK, "ok", strings.ReplaceAll(words(lang)["queued"], "{n}", strconv.Itoa(n))
			switch {
			case err == nil:
			case errors.Is(err, staff.ErrUnknownRound):
				status, code, msg = http.StatusNotFound, "unknown_round", programme.FieldError{Field: "round", Code: programme.CodeUnknownRound}.Message(lang)
			case errors.As(err, &und):
				status, code, msg = http.StatusConflict, "undecided", strings.ReplaceAll(words(lang)["undecided"], "{n}", strconv.Itoa(und.Count))
			case errors.Is(err, programme.ErrRoundNotClosed):
				status, code, msg = http.StatusConflict, "round_not_closed", words(lang)["notDecidable"]
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
			return fail(wantsJSON(req), http.StatusNotFound, lang, "unknown_round", programme.FieldError{Field: "round", Code: programme.CodeUnknownRound}.Message(lang)), nil
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
		p := struct {
			page
			ID       string
			Preview  staff.Preview
			Progress map[string]int
			Bounced  []store.Outbox
			Notice   string
			Success  string
		}{newPage(lang, "notifyTitle", nil), id, prev, progress, bounced, req.QueryStringParameters["error"], req.QueryStringParameters["ok"]}
		return htmlPage(http.StatusOK, "staff-notify", p), nil
	}
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
