package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/intake"
	"partnerskap/internal/programme"
)

// ConfirmPage is the application as submitted, read-only, for its
// partner or the Swedish party's signatory (whichever the key opens), with
// the form to confirm or decline it (or the answer given).
type ConfirmPage struct {
	Page
	Ref, Title, RoundName, Type, Theme, Summary, Objectives string
	Swedish, Partner                                        string
	Budget                                                  []string
	Team                                                    []TeamView
	Documents                                               []DocView
	Answered                                                string // the answer, once given (or that the time to answer is over)
	AnswerBy                                                string // until when the party can answer, if the round says
	AnswerLabel                                             string // whose answer: the partner's or the signatory's
	Thanks                                                  bool
	Action                                                  string
	Values                                                  map[string]string
	Errors                                                  []fieldIssue
}

// Err is the error shown on field, if any.
func (p ConfirmPage) Err(field string) string { return issueFor(p.Errors, field) }

// PartnerConfirm serves GET and POST /applications/{ref}/confirm?key=...:
// the partner, or the Swedish party's signatory, whichever the key opens,
// reads the application and confirms or declines it, once. The partner's
// page is in English, the signatory's in the application's language (a
// lang= in the address chooses another).
func PartnerConfirm(svc *intake.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ref, key := req.PathParameters["ref"], req.QueryStringParameters["key"]
		asked := req.QueryStringParameters["lang"]
		lang := confirmLang(asked, programme.Application{}, programme.ConfirmByPartner)
		var values map[string]string
		var errs programme.FieldErrors
		status := http.StatusOK
		if req.RequestContext.HTTP.Method == http.MethodPost {
			var in programme.ConfirmInput
			form, _, err := staffInput(req, &in)
			if err != nil {
				return eventsResponse{}, inLang(err, lang)
			}
			values = map[string]string{}
			for k, v := range form {
				values[k] = v[0]
			}
			if form != nil {
				in = programme.ConfirmInput{Decision: values["decision"], Name: values["name"], Role: values["role"], Comment: values["comment"]}
			}
			app, party, err := svc.Answer(ctx, ref, key, in)
			switch {
			case err == nil:
				return redirect(http.StatusSeeOther, confirmURL(ref, key, confirmLang(asked, app, party))+"&ok=1"), nil
			case errors.As(err, &errs):
				status = http.StatusUnprocessableEntity
			case errors.Is(err, intake.ErrAlreadyAnswered), errors.Is(err, programme.ErrAnswerTooLate):
				status = http.StatusConflict
			default:
				return eventsResponse{}, inLang(err, lang)
			}
		}
		app, round, party, err := svc.ForConfirmation(ctx, ref, key)
		if errors.Is(err, intake.ErrNotFound) {
			return messagePage(ctx, http.StatusNotFound, lang, i18n.NotFoundTitle, i18n.NotFound.In(lang))
		}
		if err != nil {
			return eventsResponse{}, err
		}
		lang = confirmLang(asked, app, party)
		title, label, already := i18n.PartnerConfirmTitle, i18n.PartnerAnswerLabel, i18n.AlreadyAnswered
		if party == programme.ConfirmBySignatory {
			title, label, already = i18n.SignatoryAnswerLabel, i18n.SignatoryAnswerLabel, i18n.SignatoryAlreadyAnswered
		}
		answer := app.Answer(party)
		p := ConfirmPage{Page: newPage(lang, title, url.Values{"key": {key}}), Ref: app.Ref, Title: app.Title, AnswerLabel: label.In(lang),
			RoundName: round.Name(lang), Type: programme.TypeName(app.Type, lang), Theme: programme.ThemeName(app.Theme, lang),
			Summary: app.Summary, Objectives: app.Objectives,
			Swedish: app.SwedishParty.Organisation + " – " + app.SwedishParty.ContactName,
			Partner: app.Partner.Organisation + " – " + app.Partner.ContactName,
			Thanks:  req.QueryStringParameters["ok"] == "1", Action: confirmURL(ref, key, lang), Values: values,
			Errors: fieldIssues(errs, lang)}
		for _, b := range app.BudgetPerYear {
			p.Budget = append(p.Budget, programme.FormatSEK(b, lang))
		}
		p.Team = teamViews(app, lang)
		p.Documents = documentViews(app, lang, func(kind string) string {
			return "/applications/" + url.PathEscape(ref) + "/documents/" + url.PathEscape(kind) + "?" + url.Values{"key": {key}}.Encode()
		})
		if answer.State != programme.ConfirmWaiting {
			p.Answered = AnswerText(answer, lang)
		}
		if by, ok := round.AnswerBy(); ok && p.Answered == "" {
			p.AnswerBy = i18n.AnswerBy.Format(lang, i18n.Args{"date": programme.FormatTime(by, lang)})
			if round.AnswerOpen(svc.Now()) != nil {
				// Too late: what was submitted stays readable, without the form.
				p.Answered, p.AnswerBy = i18n.AnswerTooLate.Format(lang, i18n.Args{"date": programme.FormatTime(by, lang)}), ""
			}
		}
		if status == http.StatusConflict && p.Answered != "" && answer.State != programme.ConfirmWaiting {
			p.Errors = []fieldIssue{{Field: "decision", Message: already.In(lang)}}
		}
		return htmlPage(ctx, status, partnerConfirmView(p))
	}
}

func confirmURL(ref, key string, lang programme.Lang) string {
	return "/applications/" + url.PathEscape(ref) + "/confirm?" + url.Values{"key": {key}, "lang": {string(lang)}}.Encode()
}

// confirmLang is the language of party's page: asked (lang= in the
// address) if any; else English for the partner, the application's
// language for the Swedish party's signatory.
func confirmLang(asked string, app programme.Application, party programme.ConfirmParty) programme.Lang {
	switch {
	case asked != "":
		return programme.ParseLang(asked)
	case party == programme.ConfirmBySignatory && app.Lang != "":
		return app.Lang
	}
	return programme.English
}

// AnswerText says what a party (the partner, or the Swedish party's
// signatory) answered, in lang.
func AnswerText(c programme.Confirmation, lang programme.Lang) string {
	args := i18n.Args{"at": programme.FormatTime(c.At, lang), "name": c.Name, "role": c.Role, "comment": strings.TrimSpace(c.Comment)}
	switch c.State {
	case programme.ConfirmConfirmed:
		return i18n.PartnerConfirmed.Format(lang, args)
	case programme.ConfirmDeclined:
		return i18n.PartnerDeclined.Format(lang, args)
	case programme.ConfirmWaiting:
		return i18n.PartnerWaiting.In(lang)
	}
	return ""
}
