package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
)

// okContactsErased: the erasure went through (a redirect's ?ok=; page.go's successes).
const okContactsErased = "contacts_erased"

// StaffErase serves POST /staff/applications/{ref}/erase: erase one
// person's contact details from the application, with a reason and the
// confirmation that it cannot be undone (form: person, reason, confirm=1;
// JSON: {"person":"partner","reason":"requested","confirm":true}). The form
// redirects to the application's page, which then says when the details
// were erased; refused, it comes back as that page with what is wrong.
func StaffErase(svc *staff.Service, er *staff.Eraser) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		var in programme.EraseInput
		form, isJSON, err := staffInput(req, &in)
		if err != nil {
			return eventsResponse{}, err
		}
		if !isJSON {
			in = programme.EraseInput{Person: form.Get("person"), Reason: form.Get("reason"), Confirm: form.Get("confirm") != ""}
		}
		ref := req.PathParameters["ref"]
		done, err := er.Erase(ctx, ref, in, actor(ctx))
		if isJSON {
			var fe programme.FieldErrors
			if errors.As(err, &fe) {
				return eventsResponse{}, &invalidError{code: "invalid_erasure", summary: i18n.ErrorSummaryErase.In, fields: fe}
			}
			if err != nil {
				return eventsResponse{}, err
			}
			return jsonResponse(http.StatusOK, map[string]any{"reference": done.Ref, "person": done.Role, "reason": done.Reason,
				"erasedAt": done.At.UTC(), "emailsCancelled": done.Cancelled, "emailsRedacted": done.Redacted}), nil
		}
		if err != nil {
			return eraseAgain(ctx, svc, req, in, err)
		}
		return seeOther("/staff/applications/"+url.PathEscape(ref), requestLang(req), okContactsErased), nil
	}
}

// eraseAgain shows the application's page again after a refused erasure:
// the choices staff made stay, with the field errors, or the reason on top.
func eraseAgain(ctx context.Context, svc *staff.Service, req events.APIGatewayV2HTTPRequest, in programme.EraseInput, cause error) (events.APIGatewayV2HTTPResponse, error) {
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
	page := newApplicationPage(lang, app, r, log, n, nil, programme.DecisionInput{})
	page.switchTo("/staff/applications/"+url.PathEscape(req.PathParameters["ref"]), nil) // the POST's address has no page
	page.Erase = newEraseForm(lang, app, in, fieldIssues(fe, lang))
	page.Errors, page.ErrorsTitle = page.Erase.Errors, i18n.ErrorSummaryErase.In(lang)
	return htmlPage(ctx, status, applicationView(page))
}

// EraseForm is the erasure form on an application's page: whose details
// (the parties whose details are still there), why, and the confirmation.
type EraseForm struct {
	URL                                    string
	People, Reasons                        []Option
	Confirm                                bool
	PersonError, ReasonError, ConfirmError string
	Errors                                 []fieldIssue
}

// newEraseForm is the form for app as staff left it (in) with its errors.
func newEraseForm(lang programme.Lang, app programme.Application, in programme.EraseInput, errs []fieldIssue) EraseForm {
	f := EraseForm{URL: "/staff/applications/" + url.PathEscape(app.Ref) + "/erase?" + url.Values{"lang": {string(lang)}}.Encode(),
		Confirm: in.Confirm, Errors: errs}
	for _, role := range app.Unerased() {
		p := app.Party(role)
		who := p.ContactName
		if s := app.Signatory; role == programme.RoleSwedish && s != nil {
			// The signatory's details go with the Swedish party's.
			who = i18n.EraseWithSignatory.Format(lang, i18n.Args{"contact": who, "signatory": s.Name})
		}
		f.People = append(f.People, Option{Value: string(role), Label: programme.RoleName(role, lang) + ": " + p.Organisation + " – " + who,
			Selected: in.Person == string(role)})
	}
	for _, r := range programme.EraseReasons {
		f.Reasons = append(f.Reasons, Option{Value: string(r), Label: programme.EraseReasonName(r, lang), Selected: in.Reason == string(r)})
	}
	for _, e := range errs {
		switch {
		case e.Field == "person" && f.PersonError == "":
			f.PersonError = e.Message
		case e.Field == "reason" && f.ReasonError == "":
			f.ReasonError = e.Message
		case e.Field == "confirm" && f.ConfirmError == "":
			f.ConfirmError = e.Message
		}
	}
	return f
}

// Contact is role's contact name, address and phone number as the page
// shows them, or when they were erased.
func (p ApplicationPage) Contact(role programme.PartyRole) string {
	if at, ok := p.App.ErasedAt(role); ok {
		return i18n.ErasedOn.Format(p.Lang, i18n.Args{"date": programme.FormatDate(at, p.Lang)})
	}
	party := p.App.Party(role)
	if party == nil {
		return ""
	}
	var parts []string
	for _, s := range []string{party.ContactName, party.Email, party.Phone} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// Signatory is the Swedish party's signatory's name and address as the
// page shows them, or when they were erased (with the Swedish party's
// contact details); "" if the application names none.
func (p ApplicationPage) Signatory() string {
	s := p.App.Signatory
	if s == nil {
		return ""
	}
	if at, ok := p.App.ErasedAt(programme.RoleSwedish); ok {
		return i18n.ErasedOn.Format(p.Lang, i18n.Args{"date": programme.FormatDate(at, p.Lang)})
	}
	return s.Name + ", " + s.Email
}

// ArchiveUntil is a granted project's end of archive, as the page shows
// it ("" if not marked).
func (p ApplicationPage) ArchiveUntil() string {
	if p.App.ArchiveUntil.IsZero() {
		return ""
	}
	return programme.FormatDate(p.App.ArchiveUntil, p.Lang)
}

// ErrorSummaryTitle is the title over the page's field errors: the
// decision's, or the erasure's.
func (p ApplicationPage) ErrorSummaryTitle() string {
	if p.ErrorsTitle != "" {
		return p.ErrorsTitle
	}
	return p.T(i18n.ErrorSummaryDecision)
}
