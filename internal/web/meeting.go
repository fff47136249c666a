package web

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
	"partnerskap/internal/review"
)

// Staff's side of review: the assignment of reviewers, the decision
// meeting (the round ranked by its reviews, the running total against the
// budget, batch decisions), and on an application's page its reviews
// (reopen a sheet, move an assignment).

// What went well (?ok=) on these pages.
const (
	okAssigned   = "assigned"
	okReopened   = "reopened"
	okReassigned = "reassigned"
)

func init() {
	successes[okAssigned] = i18n.MTAssigned
	successes[okReopened] = i18n.MTReopened
	successes[okReassigned] = i18n.MTReassigned
}

func meetingURL(roundID string, lang programme.Lang) string {
	return "/staff/rounds/" + url.PathEscape(roundID) + "/meeting?lang=" + string(lang)
}

// MeetingPage is the decision meeting.
type MeetingPage struct {
	Page
	Crumbs     []Crumb
	Notices    Notices
	Errors     []fieldIssue
	RoundName  string
	HasReview  bool
	Budget     string
	Granted    string
	Left       string
	Filters    []FilterView
	ListURL    string
	AssignURL  string
	BatchURL   string
	Rows       []MeetingRow
	Outcome    string
	Motivation string
	// Result of the last batch: what went through, and what did not, why.
	Done        int
	Failed      []string
	FailedTitle string // what Failed lists: applications not decided, or short of reviewers
}

// FilterView is one filter's select.
type FilterView struct {
	Name, Label string
	Options     []Option
}

// MeetingRow is one ranked application.
type MeetingRow struct {
	Position, Ref, URL, Title, Organisation, Country, Type, Theme, Status string
	Mean, Spread, Reviews                                                 string
	Flagged                                                               bool
	Requested, Running                                                    string
	Within, Decidable, Selected                                           bool
}

func newMeetingPage(lang programme.Lang, m review.Meeting, f programme.AppFilter, n Notices) MeetingPage {
	r := m.Round
	p := MeetingPage{Page: newPage(lang, i18n.MTTitle, nil), Notices: n, RoundName: r.Name(lang), HasReview: m.Rule != nil,
		Budget: programme.FormatSEK(r.Budget, lang), Granted: programme.FormatSEK(r.GrantedTotal, lang),
		Left: programme.FormatSEK(r.Budget-r.GrantedTotal, lang), ListURL: "/staff/rounds/" + url.PathEscape(r.ID) + "/meeting",
		AssignURL: "/staff/rounds/" + url.PathEscape(r.ID) + "/assign?lang=" + string(lang),
		BatchURL:  "/staff/rounds/" + url.PathEscape(r.ID) + "/batch?lang=" + string(lang),
		Crumbs:    roundCrumbs(lang, r, i18n.MTTitle.In(lang))}
	p.switchTo(p.ListURL, url.Values{"type": {f.Type}, "theme": {f.Theme}, "country": {f.Country}})
	opts := func(chosen string, values []string, label func(string) string) []Option {
		var out []Option
		for _, v := range values {
			out = append(out, Option{Value: v, Label: label(v), Selected: v == chosen})
		}
		return out
	}
	var types, themes, countries []string
	for _, t := range r.Rules.Types {
		types = append(types, string(t.Type))
	}
	for _, t := range r.Rules.Themes {
		themes = append(themes, string(t))
	}
	for _, c := range r.Rules.Countries {
		countries = append(countries, c.Code)
	}
	p.Filters = []FilterView{
		{"type", i18n.FieldType.In(lang), opts(f.Type, types, func(v string) string { return programme.TypeName(programme.ProjectType(v), lang) })},
		{"theme", i18n.FieldTheme.In(lang), opts(f.Theme, themes, func(v string) string { return programme.ThemeName(programme.Theme(v), lang) })},
		{"country", i18n.Country.In(lang), opts(f.Country, countries, func(v string) string { return countryName(r, v, lang) })},
	}
	for _, a := range m.Rows {
		row := MeetingRow{Position: strconv.Itoa(a.Position), Ref: a.Ref, URL: "/staff/applications/" + url.PathEscape(a.Ref) + "?lang=" + string(lang),
			Title: a.Title, Organisation: a.SwedishOrganisation, Country: countryName(r, a.Country, lang),
			Type: programme.TypeName(programme.ProjectType(a.Type), lang), Theme: programme.ThemeName(programme.Theme(a.Theme), lang),
			Status: programme.StatusName(programme.AppStatus(a.Status), lang), Flagged: a.Review.Flagged,
			Reviews: strconv.Itoa(a.Review.Count), Requested: programme.FormatSEK(a.RequestedTotal, lang),
			Running: programme.FormatSEK(a.RunningTotal, lang), Within: a.WithinBudget,
			Decidable: !a.DecisionQueued && r.Status == programme.RoundClosed && a.Status != string(programme.AppSubmitted)}
		if a.Review.Count > 0 {
			row.Mean, row.Spread = a.Review.Mean.Format(lang), a.Review.Spread.Format(lang)
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

// filterOf reads the meeting's filters from the query.
func filterOf(q map[string]string) programme.AppFilter {
	return programme.AppFilter{Type: q["type"], Theme: q["theme"], Country: q["country"]}
}

// StaffMeeting serves GET /staff/rounds/{id}/meeting (type, theme, country
// filters): the round's applications ranked by their reviews.
func StaffMeeting(svc *review.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		f := filterOf(req.QueryStringParameters)
		m, err := svc.Meeting(ctx, req.PathParameters["id"], f)
		if err != nil {
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			return jsonResponse(http.StatusOK, map[string]any{"round": m.Round.ID, "budget": m.Round.Budget, "granted": m.Granted, "ranking": list(m.Rows)}), nil
		}
		return htmlPage(ctx, http.StatusOK, meetingView(newMeetingPage(lang, m, f, noticesOf(req.QueryStringParameters, lang))))
	}
}

// StaffAssign serves POST /staff/rounds/{id}/assign: reviewers assigned to
// the round's applications in review; the meeting page says how it went.
func StaffAssign(svc *review.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		id := req.PathParameters["id"]
		plan, failed, err := svc.Assign(ctx, id, actor(ctx))
		if err != nil {
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			refs := make([]string, len(failed))
			for i, f := range failed {
				refs[i] = f.Ref
			}
			return jsonResponse(http.StatusOK, map[string]any{"added": len(plan.Added), "removed": len(plan.Removed),
				"short": list(plan.Short), "load": plan.Load, "failed": list(refs)}), nil
		}
		if len(plan.Short) == 0 && len(failed) == 0 {
			return seeOther("/staff/rounds/"+url.PathEscape(id)+"/meeting", lang, okAssigned), nil
		}
		m, err := svc.Meeting(ctx, id, programme.AppFilter{})
		if err != nil {
			return eventsResponse{}, err
		}
		p := newMeetingPage(lang, m, programme.AppFilter{}, Notices{Success: i18n.MTAssigned.In(lang)})
		p.FailedTitle = i18n.MTShortTitle.In(lang)
		for _, s := range plan.Short {
			p.Failed = append(p.Failed, s.Message(lang))
		}
		for _, f := range failed {
			p.Failed = append(p.Failed, f.Ref+": "+i18n.AppChanged.In(lang))
		}
		return htmlPage(ctx, http.StatusOK, meetingView(p))
	}
}

// StaffBatch serves POST /staff/rounds/{id}/batch (refs: the selected
// applications; outcome; motivation, motivationEn): each decided in its own
// budget-checked transaction; the page says which went through and which
// did not, why.
func StaffBatch(svc *review.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		var in struct {
			Refs         []string `json:"refs"`
			Outcome      string   `json:"outcome"`
			Motivation   string   `json:"motivation"`
			MotivationEn string   `json:"motivationEn"`
		}
		form, isJSON, err := staffInput(req, &in)
		if err != nil {
			return eventsResponse{}, err
		}
		if !isJSON {
			in.Refs, in.Outcome, in.Motivation, in.MotivationEn = form["refs"], form.Get("outcome"), form.Get("motivation"), form.Get("motivationEn")
		}
		lang := requestLang(req)
		id := req.PathParameters["id"]
		res, err := svc.BatchDecide(ctx, id, review.Batch{Refs: in.Refs, Outcome: in.Outcome, Motivation: in.Motivation, MotivationEn: in.MotivationEn}, actor(ctx))
		var fe programme.FieldErrors
		if isJSON {
			if errors.As(err, &fe) {
				return eventsResponse{}, &invalidError{code: "invalid_batch", summary: i18n.MTErrorSummary.In, fields: fe}
			}
			if err != nil {
				return eventsResponse{}, err
			}
			failed := map[string]string{}
			for _, f := range res.Failed {
				failed[f.Ref] = batchReason(f.Err, lang)
			}
			return jsonResponse(http.StatusOK, map[string]any{"done": list(res.Done), "failed": failed}), nil
		}
		if err != nil && !errors.As(err, &fe) {
			return eventsResponse{}, err
		}
		m, merr := svc.Meeting(ctx, id, programme.AppFilter{})
		if merr != nil {
			return eventsResponse{}, merr
		}
		p := newMeetingPage(lang, m, programme.AppFilter{}, Notices{})
		p.Outcome, p.Motivation = in.Outcome, in.Motivation
		status := http.StatusOK
		if fe != nil {
			status = http.StatusUnprocessableEntity
			p.Errors = fieldIssues(fe, lang)
			selected := map[string]bool{}
			for _, r := range in.Refs {
				selected[r] = true
			}
			for i := range p.Rows {
				p.Rows[i].Selected = selected[p.Rows[i].Ref]
			}
			return htmlPage(ctx, status, meetingView(p))
		}
		p.Done, p.FailedTitle = len(res.Done), i18n.MTNotDone.In(lang)
		if p.Done > 0 {
			p.Notices.Success = i18n.MTBatchDone.Format(lang, i18n.Args{"n": strconv.Itoa(p.Done)})
		}
		for _, f := range res.Failed {
			p.Failed = append(p.Failed, f.Ref+": "+batchReason(f.Err, lang))
		}
		return htmlPage(ctx, status, meetingView(p))
	}
}

// batchReason says why one application of a batch was not decided.
func batchReason(err error, lang programme.Lang) string {
	var fe programme.FieldErrors
	if errors.As(err, &fe) {
		var s []string
		for _, e := range fe {
			s = append(s, e.Message(lang))
		}
		return strings.Join(s, " ")
	}
	if _, p, ok := answerFor(err, lang); ok {
		return p.Message
	}
	return err.Error()
}

// ReviewView is one reviewer's assignment and sheet on an application's
// page, for staff.
type ReviewView struct {
	Reviewer, Label, Status, Total  string
	ReopenURL, ReassignURL, FieldID string
	Reopenable                      bool
	Others                          []Option // the reviewers it can move to
}

// StaffReopen serves POST /staff/applications/{ref}/reviews/{reviewer}/reopen.
func StaffReopen(svc *review.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ref := req.PathParameters["ref"]
		if err := svc.Reopen(ctx, ref, req.PathParameters["reviewer"], actor(ctx)); err != nil {
			return eventsResponse{}, err
		}
		return seeOther("/staff/applications/"+url.PathEscape(ref), requestLang(req), okReopened), nil
	}
}

// StaffReassign serves POST /staff/applications/{ref}/reviews/{reviewer}/reassign (to).
func StaffReassign(svc *review.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		var in struct {
			To string `json:"to"`
		}
		form, isJSON, err := staffInput(req, &in)
		if err != nil {
			return eventsResponse{}, err
		}
		if !isJSON {
			in.To = form.Get("to")
		}
		ref := req.PathParameters["ref"]
		if err := svc.Reassign(ctx, ref, req.PathParameters["reviewer"], in.To, actor(ctx)); err != nil {
			return eventsResponse{}, err
		}
		return seeOther("/staff/applications/"+url.PathEscape(ref), requestLang(req), okReassigned), nil
	}
}

// ReviewsPage is an application's reviews, for staff.
type ReviewsPage struct {
	Page
	Crumbs  []Crumb
	Notices Notices
	Ref     string
	AppURL  string
	Reviews []ReviewView
}

// StaffReviews serves GET /staff/applications/{ref}/reviews: who reviews
// the application, their sheets' state and totals; reopen a submitted
// sheet, move an assignment to another reviewer.
func StaffReviews(svc *review.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		ref := req.PathParameters["ref"]
		v, err := svc.ApplicationView(ctx, ref)
		if err != nil {
			return eventsResponse{}, err
		}
		p := ReviewsPage{Page: newPage(lang, i18n.MTReviewsTitle, nil), Notices: noticesOf(req.QueryStringParameters, lang), Ref: ref,
			AppURL: "/staff/applications/" + url.PathEscape(ref) + "?lang=" + string(lang)}
		p.Title = i18n.MTReviewsTitle.In(lang) + " " + ref
		p.Crumbs = append(roundCrumbs(lang, v.Round), Crumb{ref, p.AppURL}, Crumb{Label: i18n.MTReviewsTitle.In(lang)})
		p.switchTo("/staff/applications/"+url.PathEscape(ref)+"/reviews", nil)
		labels := map[string]string{}
		for _, r := range v.Reviewers {
			labels[r.ID] = r.Label
		}
		base := "/staff/applications/" + url.PathEscape(ref) + "/reviews/"
		for _, it := range v.Items {
			rv := ReviewView{Reviewer: it.Reviewer, Label: labels[it.Reviewer], Status: sheetStatusName(it.Sheet.Status, it.Cleared, lang),
				Reopenable:  it.Sheet.Status == programme.SheetSubmitted,
				ReopenURL:   base + url.PathEscape(it.Reviewer) + "/reopen?lang=" + string(lang),
				ReassignURL: base + url.PathEscape(it.Reviewer) + "/reassign?lang=" + string(lang),
				FieldID:     fieldID("to." + it.Reviewer)}
			if rv.Label == "" {
				rv.Label = it.Reviewer
			}
			if v.Rule != nil {
				if t, ok := v.Rule.Total(it.Sheet); ok && it.Sheet.Status == programme.SheetSubmitted {
					rv.Total = t.Format(lang)
				}
			}
			for _, o := range v.Free {
				rv.Others = append(rv.Others, Option{Value: o.ID, Label: cmp.Or(o.Label, o.ID)})
			}
			p.Reviews = append(p.Reviews, rv)
		}
		return htmlPage(ctx, http.StatusOK, reviewsView(p))
	}
}
