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
// partner, with the form to confirm or decline it (or the answer given).
type ConfirmPage struct {
	Page
	Ref, Title, RoundName, Type, Theme, Summary, Objectives string
	Swedish, Partner                                        string
	Budget                                                  []string
	Answered                                                string // the answer, once given
	Thanks                                                  bool
	Action                                                  string
	Values                                                  map[string]string
	Errors                                                  []fieldIssue
}

// Err is the error shown on field, if any.
func (p ConfirmPage) Err(field string) string { return issueFor(p.Errors, field) }

// PartnerConfirm serves GET and POST /applications/{ref}/confirm?key=...:
// the partner reads the application and confirms or declines it, once.
func PartnerConfirm(svc *intake.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ref, key := req.PathParameters["ref"], req.QueryStringParameters["key"]
		lang := programme.English
		if q := req.QueryStringParameters["lang"]; q != "" {
			lang = programme.ParseLang(q)
		}
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
			_, err = svc.Answer(ctx, ref, key, in)
			switch {
			case err == nil:
				return redirect(http.StatusSeeOther, confirmURL(ref, key, lang)+"&ok=1"), nil
			case errors.As(err, &errs):
				status = http.StatusUnprocessableEntity
			case errors.Is(err, intake.ErrAlreadyAnswered):
				status = http.StatusConflict
			default:
				return eventsResponse{}, inLang(err, lang)
			}
		}
		app, round, err := svc.ForPartner(ctx, ref, key)
		if errors.Is(err, intake.ErrNotFound) {
			return messagePage(ctx, http.StatusNotFound, lang, i18n.NotFoundTitle, i18n.NotFound.In(lang))
		}
		if err != nil {
			return eventsResponse{}, err
		}
		p := ConfirmPage{Page: newPage(lang, i18n.PartnerConfirmTitle, url.Values{"key": {key}}), Ref: app.Ref, Title: app.Title,
			RoundName: round.Name(lang), Type: programme.TypeName(app.Type, lang), Theme: programme.ThemeName(app.Theme, lang),
			Summary: app.Summary, Objectives: app.Objectives,
			Swedish: app.SwedishParty.Organisation + " – " + app.SwedishParty.ContactName,
			Partner: app.Partner.Organisation + " – " + app.Partner.ContactName,
			Thanks:  req.QueryStringParameters["ok"] == "1", Action: confirmURL(ref, key, lang), Values: values,
			Errors: fieldIssues(errs, lang)}
		for _, b := range app.BudgetPerYear {
			p.Budget = append(p.Budget, programme.FormatSEK(b, lang))
		}
		if app.PartnerAnswer.State != programme.ConfirmWaiting {
			p.Answered = PartnerAnswerText(app.PartnerAnswer, lang)
		}
		if status == http.StatusConflict {
			p.Errors = []fieldIssue{{Field: "decision", Message: i18n.AlreadyAnswered.In(lang)}}
		}
		return htmlPage(ctx, status, partnerConfirmView(p))
	}
}

func confirmURL(ref, key string, lang programme.Lang) string {
	return "/applications/" + url.PathEscape(ref) + "/confirm?" + url.Values{"key": {key}, "lang": {string(lang)}}.Encode()
}

// PartnerAnswerText says what the partner answered, in lang.
func PartnerAnswerText(c programme.Confirmation, lang programme.Lang) string {
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
