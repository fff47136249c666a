package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
	"partnerskap/internal/review"
)

// The reviewer's pages, under /staff/review (the session cookie's path):
// the conflicts of interest declared up front, the assigned applications,
// and one application: first the question whether they have a conflict
// with it, then its content (no contact details) and the score sheet.

// What went well on the reviewer's pages (?ok=).
const (
	okConflictsDeclared = "conflicts_declared"
	okSheetSaved        = "sheet_saved"
	okSheetSubmitted    = "sheet_submitted"
	okConflictRecorded  = "conflict_recorded"
)

func init() {
	successes[okConflictsDeclared] = i18n.RVConflictsSaved
	successes[okSheetSaved] = i18n.RVSheetSaved
	successes[okSheetSubmitted] = i18n.RVSheetSubmitted
	successes[okConflictRecorded] = i18n.RVConflictRecorded
}

func reviewHome(lang programme.Lang) string { return "/staff/review?lang=" + string(lang) }

func reviewURL(ref string, lang programme.Lang) string {
	return "/staff/review/" + url.PathEscape(ref) + "?lang=" + string(lang)
}

// ReviewerPage is the reviewer's home: their declared conflicts (a form)
// and their assigned applications.
type ReviewerPage struct {
	Page
	Notices  Notices
	Errors   []fieldIssue
	Declared bool
	// The form: organisations one per line; the round's countries to tick.
	Organisations, OrganisationsError string
	Countries                         []Option
	CountriesError                    string
	RoundID                           string
	Queue                             []QueueRow
}

// QueueRow is one assigned application in the reviewer's list.
type QueueRow struct {
	Ref, URL, Title, Organisation, Partner, Status string
}

// newestRound is the round whose countries the conflict form offers: the
// one that opened last.
func newestRound(rounds []programme.Round) programme.Round {
	var r programme.Round
	for _, x := range rounds {
		if r.ID == "" || x.OpensAt.After(r.OpensAt) {
			r = x
		}
	}
	return r
}

func newReviewerPage(lang programme.Lang, r programme.Reviewer, declared bool, round programme.Round, queue []QueueRow,
	n Notices, typedOrgs string, typedCountries []string, errs programme.FieldErrors) ReviewerPage {
	p := ReviewerPage{Page: newPage(lang, i18n.RVTitle, nil), Notices: n, Declared: declared, Queue: queue, RoundID: round.ID}
	p.switchTo("/staff/review", nil)
	p.Organisations = strings.Join(r.Declared(programme.ConflictOrganisation), "\n")
	chosen := r.Declared(programme.ConflictCountry)
	if errs != nil || typedOrgs != "" || typedCountries != nil {
		p.Organisations, chosen = typedOrgs, typedCountries
	}
	for _, c := range round.Rules.Countries {
		p.Countries = append(p.Countries, Option{Value: c.Code, Label: c.Name(lang), Selected: slices.Contains(chosen, c.Code)})
	}
	for _, e := range errs {
		msg := e.Message(lang)
		p.Errors = append(p.Errors, fieldIssue{Field: e.Field, Code: e.Code, Message: msg})
		switch e.Field {
		case "organisations":
			p.OrganisationsError = msg
		case "countries":
			p.CountriesError = msg
		}
	}
	return p
}

// ReviewerHome serves GET /staff/review: the reviewer's conflicts and
// assigned applications.
func ReviewerHome(svc *review.Service, rounds func(context.Context) ([]programme.Round, error)) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		w, _ := signedIn(ctx)
		r, declared, err := svc.Profile(ctx, w.Sub)
		if err != nil {
			return eventsResponse{}, err
		}
		var rows []QueueRow
		if declared {
			items, err := svc.Queue(ctx, w.Sub)
			if err != nil {
				return eventsResponse{}, err
			}
			for _, it := range items {
				rows = append(rows, QueueRow{Ref: it.Ref, URL: reviewURL(it.Ref, lang), Title: it.App.Title,
					Organisation: it.App.SwedishOrganisation, Partner: it.App.PartnerOrganisation + " (" + it.App.Country + ")",
					Status: sheetStatusName(it.Sheet.Status, it.Cleared, lang)})
			}
		}
		all, err := rounds(ctx)
		if err != nil {
			return eventsResponse{}, err
		}
		return htmlPage(ctx, http.StatusOK, reviewerView(newReviewerPage(lang, r, declared, newestRound(all), rows,
			noticesOf(req.QueryStringParameters, lang), "", nil, nil)))
	}
}

func sheetStatusName(s programme.SheetStatus, cleared bool, lang programme.Lang) string {
	switch {
	case s == programme.SheetSubmitted:
		return i18n.RVStatusSubmitted.In(lang)
	case s == programme.SheetDraft:
		return i18n.RVStatusDraft.In(lang)
	case cleared:
		return i18n.RVStatusOpened.In(lang)
	}
	return i18n.RVStatusNew.In(lang)
}

// ReviewerDeclare serves POST /staff/review/conflicts (organisations: one
// per line; countries: the codes ticked; round).
func ReviewerDeclare(svc *review.Service, rounds func(context.Context) ([]programme.Round, error)) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		form, err := readForm(req)
		if err != nil {
			return eventsResponse{}, err
		}
		lang := requestLang(req)
		w, _ := signedIn(ctx)
		orgs := strings.Split(strings.ReplaceAll(form.Get("organisations"), "\r\n", "\n"), "\n")
		_, err = svc.Declare(ctx, w.Sub, w.Email, form.Get("round"), orgs, form["countries"])
		var fe programme.FieldErrors
		if errors.As(err, &fe) {
			r, declared, perr := svc.Profile(ctx, w.Sub)
			if perr != nil {
				return eventsResponse{}, perr
			}
			all, rerr := rounds(ctx)
			if rerr != nil {
				return eventsResponse{}, rerr
			}
			p := newReviewerPage(lang, r, declared, newestRound(all), nil, Notices{}, form.Get("organisations"), form["countries"], fe)
			return htmlPage(ctx, http.StatusUnprocessableEntity, reviewerView(p))
		}
		if err != nil {
			return eventsResponse{}, err
		}
		return seeOther("/staff/review", lang, okConflictsDeclared), nil
	}
}

// AssessPage is one assigned application for its reviewer.
type AssessPage struct {
	Page
	Notices   Notices
	Errors    []fieldIssue
	Ref       string
	Facts     []StaffFact // what a conflict is judged by, then the content
	Cleared   bool
	Locked    bool
	Action    string // the sheet's form
	Answer    string // the conflict question's form
	Criteria  []CriterionView
	Total     string
	Team      []TeamView
	Documents []DocView
	Back      string
}

// CriterionView is one criterion of the sheet: its scale as radio buttons,
// its guidance, the score and comment given, their errors.
type CriterionView struct {
	ID, Name, Guidance, Weight string
	Options                    []Option
	Comment                    string
	ScoreError, CommentError   string
}

func newAssessPage(lang programme.Lang, o review.Opened, sheet programme.ScoreSheet, n Notices, errs programme.FieldErrors) AssessPage {
	it := o.Item
	p := AssessPage{Page: newPage(lang, i18n.RVAssessTitle, nil), Notices: n, Ref: it.Ref, Cleared: it.Cleared,
		Locked: it.Sheet.Status == programme.SheetSubmitted, Back: reviewHome(lang),
		Action: reviewURL(it.Ref, lang), Answer: "/staff/review/" + url.PathEscape(it.Ref) + "/answer?lang=" + string(lang)}
	p.Title = i18n.RVAssessTitle.In(lang) + " " + it.Ref
	p.switchTo("/staff/review/"+url.PathEscape(it.Ref), nil)
	p.Facts = []StaffFact{
		{i18n.Project.In(lang), it.App.Title},
		{i18n.SwedishParty.In(lang), it.App.SwedishOrganisation},
		{i18n.Partner.In(lang), it.App.PartnerOrganisation + " (" + countryName(o.Round, it.App.Country, lang) + ")"},
	}
	if a := o.App; a != nil {
		budget := make([]string, len(a.BudgetPerYear))
		for i, b := range a.BudgetPerYear {
			budget[i] = programme.FormatSEK(b, lang)
		}
		p.Facts = append(p.Facts,
			StaffFact{i18n.FieldType.In(lang), programme.TypeName(a.Type, lang)},
			StaffFact{i18n.FieldTheme.In(lang), programme.ThemeName(a.Theme, lang)},
			StaffFact{i18n.FieldSummary.In(lang), a.Summary},
			StaffFact{i18n.FieldObjectives.In(lang), a.Objectives},
			StaffFact{i18n.BudgetSection.In(lang), strings.Join(budget, ", ") + " (" + programme.FormatSEK(a.RequestedTotal(), lang) + ")"})
		p.Team = teamViews(*a, lang)
		p.Documents = documentViews(*a, lang, func(kind string) string {
			return "/staff/review/" + url.PathEscape(it.Ref) + "/documents/" + url.PathEscape(kind)
		})
	}
	if sheet.Scores == nil && sheet.Comments == nil {
		sheet = it.Sheet
	}
	for _, c := range o.Rule.Criteria {
		v := CriterionView{ID: c.ID, Name: c.Name(lang), Guidance: c.Guidance(lang),
			Weight: i18n.RVWeight.Format(lang, i18n.Args{"n": strconv.Itoa(c.Weight)}), Comment: sheet.Comments[c.ID]}
		score, scored := sheet.Scores[c.ID]
		for n := c.Scale.Min; n <= c.Scale.Max; n++ {
			v.Options = append(v.Options, Option{Value: strconv.Itoa(n), Label: strconv.Itoa(n), Selected: scored && score == n})
		}
		p.Criteria = append(p.Criteria, v)
	}
	if t, ok := o.Rule.Total(sheet); ok {
		p.Total = t.Format(lang)
	}
	for _, e := range errs {
		msg := o.Rule.Message(e, lang)
		p.Errors = append(p.Errors, fieldIssue{Field: e.Field, Code: e.Code, Message: msg})
		kind, id, _ := strings.Cut(e.Field, ".")
		for i := range p.Criteria {
			if p.Criteria[i].ID != id {
				continue
			}
			if kind == "score" {
				p.Criteria[i].ScoreError = msg
			} else {
				p.Criteria[i].CommentError = msg
			}
		}
	}
	return p
}

// ReviewerOpen serves GET /staff/review/{ref}: the conflict question, or
// the application and the sheet.
func ReviewerOpen(svc *review.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		w, _ := signedIn(ctx)
		o, err := svc.Open(ctx, w.Sub, req.PathParameters["ref"])
		if err != nil {
			return eventsResponse{}, err
		}
		return htmlPage(ctx, http.StatusOK, assessView(newAssessPage(lang, o, programme.ScoreSheet{}, noticesOf(req.QueryStringParameters, lang), nil)))
	}
}

// ReviewerAnswer serves POST /staff/review/{ref}/answer (conflict=yes|no).
func ReviewerAnswer(svc *review.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		form, err := readForm(req)
		if err != nil {
			return eventsResponse{}, err
		}
		lang := requestLang(req)
		answer := form.Get("conflict")
		if answer != "yes" && answer != "no" {
			return eventsResponse{}, &malformedError{errors.New("conflict must be yes or no")}
		}
		w, _ := signedIn(ctx)
		ref := req.PathParameters["ref"]
		if err := svc.Answer(ctx, w.Sub, ref, answer == "yes"); err != nil {
			return eventsResponse{}, err
		}
		if answer == "yes" {
			return seeOther("/staff/review", lang, okConflictRecorded), nil
		}
		return redirect(http.StatusSeeOther, reviewURL(ref, lang)), nil
	}
}

// readSheet reads the sheet's form: score.<id> (a number; anything else is
// out of range) and comment.<id>.
func readSheet(form url.Values, rule programme.ReviewRule) programme.ScoreSheet {
	s := programme.ScoreSheet{Scores: map[string]int{}, Comments: map[string]string{}}
	for k, v := range form {
		kind, id, ok := strings.Cut(k, ".")
		if !ok || len(v) == 0 {
			continue
		}
		switch kind {
		case "score":
			if v[0] == "" {
				continue
			}
			n, err := strconv.Atoi(strings.TrimSpace(v[0]))
			if err != nil {
				n = -1 << 30 // refused by the range check, on its field
			}
			s.Scores[id] = n
		case "comment":
			s.Comments[id] = v[0]
		}
	}
	return s
}

// ReviewerScore serves POST /staff/review/{ref} (action=save|submit,
// score.<id>, comment.<id>): saved, back to the page; refused, the page
// again with what was typed and why (422).
func ReviewerScore(svc *review.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		form, err := readForm(req)
		if err != nil {
			return eventsResponse{}, err
		}
		lang := requestLang(req)
		w, _ := signedIn(ctx)
		ref := req.PathParameters["ref"]
		o, err := svc.Open(ctx, w.Sub, ref)
		if err != nil {
			return eventsResponse{}, err
		}
		sheet := readSheet(form, o.Rule)
		submit := form.Get("action") == "submit"
		_, err = svc.Score(ctx, w.Sub, ref, sheet, submit)
		var fe programme.FieldErrors
		if errors.As(err, &fe) {
			return htmlPage(ctx, http.StatusUnprocessableEntity, assessView(newAssessPage(lang, o, sheet, Notices{}, fe)))
		}
		if err != nil {
			return eventsResponse{}, err
		}
		ok := okSheetSaved
		if submit {
			ok = okSheetSubmitted
		}
		return seeOther("/staff/review/"+url.PathEscape(ref), lang, ok), nil
	}
}

// ReviewerDocument serves GET /staff/review/{ref}/documents/{kind}: a 303 to
// a short-lived read link of a document of an application the reviewer has
// opened.
func ReviewerDocument(svc *review.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		w, _ := signedIn(ctx)
		link, err := svc.Document(ctx, w.Sub, req.PathParameters["ref"], programme.DocumentKind(req.PathParameters["kind"]))
		if err != nil {
			return eventsResponse{}, inLang(err, requestLang(req))
		}
		return readLink(link), nil
	}
}
