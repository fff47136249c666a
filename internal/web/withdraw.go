package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
)

// okWithdrawn: the selected applications are withdrawn (the redirect's code).
const okWithdrawn = "withdrawn"

// withdrawInput is a withdrawal as a JSON client sends it: the references
// and the reason (programme.WithdrawReason). A form sends the same as
// fields: ref (once per application) and reason.
type withdrawInput struct {
	Refs   []string `json:"refs"`
	Reason string   `json:"reason"`
}

// StaffWithdraw serves POST /staff/rounds/{id}/withdraw: mark applications
// of the round as withdrawn (spam, or withdrawn by the applicant), each on
// its own (staff.Service.Withdraw).
//
// JSON answers 200 with each reference's outcome: "withdrawn",
// "already_withdrawn", or the code of why not (the one table's, answers:
// application_changed, locked, unknown_application, not_withdrawable) with
// its message. A form redirects to the listing it came from (its filters
// kept) saying so, when every reference went through; otherwise it shows
// which did not, and why. A batch refused whole (nothing chosen, too many,
// no reason) is a 422, as JSON or as the listing again with the message.
func StaffWithdraw(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		var in withdrawInput
		form, isJSON, err := staffInput(req, &in)
		if err != nil {
			return eventsResponse{}, err
		}
		if !isJSON {
			in.Refs, in.Reason = form["ref"], form.Get("reason")
		}
		id := req.PathParameters["id"]
		results, err := svc.Withdraw(ctx, id, in.Refs, in.Reason, actor(ctx))
		var fe programme.FieldErrors
		if errors.As(err, &fe) {
			err = &invalidError{code: "invalid_withdrawal", summary: i18n.ErrorSummaryWithdraw.In, fields: fe}
		}
		lang := requestLang(req)
		if isJSON || wantsJSON(req) {
			if err != nil {
				return eventsResponse{}, err
			}
			return jsonResponse(http.StatusOK, newWithdrawJSON(results, lang)), nil
		}
		if err != nil {
			status, p, known := answerFor(err, lang)
			if !known || status == http.StatusNotFound {
				return eventsResponse{}, err
			}
			msg := p.Message
			for _, f := range p.Fields {
				msg += " " + f.Message
			}
			return applicationsAgain(ctx, svc, req, status, Notices{Error: msg})
		}
		list := listingURL(id, req.QueryStringParameters, lang)
		page := WithdrawResultPage{Page: newPage(lang, i18n.WithdrawResultTitle, nil), BackURL: list}
		page.SwitchURL = listingURL(id, req.QueryStringParameters, lang.Other()) // the form's address has no page
		done := 0
		for _, r := range results {
			if r.OK() {
				done++
				continue
			}
			_, p, _ := answerFor(r.Err, lang)
			page.Refused = append(page.Refused, WithdrawRefusal{Ref: r.Ref, Why: p.Message,
				URL: "/staff/applications/" + url.PathEscape(r.Ref) + "?" + url.Values{"lang": {string(lang)}}.Encode()})
		}
		if len(page.Refused) == 0 {
			res := respond(http.StatusSeeOther, "text/plain; charset=utf-8", "")
			res.Headers["Location"] = list + "&" + url.Values{"ok": {okWithdrawn}}.Encode()
			return res, nil
		}
		page.Summary = i18n.WithdrawPartly.Format(lang, i18n.Args{"done": strconv.Itoa(done), "total": strconv.Itoa(len(results))})
		status := http.StatusOK
		if done == 0 {
			status = http.StatusConflict // nothing went through
		}
		return htmlPage(ctx, status, withdrawResultView(page))
	}
}

// listingURL is the round's listing with the filters of q (the query of
// the page the form was sent from), in lang.
func listingURL(id string, q map[string]string, lang programme.Lang) string {
	v := url.Values{}
	for k, x := range listingQuery(q) {
		v.Set(k, x)
	}
	v.Set("lang", string(lang))
	return "/staff/rounds/" + url.PathEscape(id) + "/applications?" + v.Encode()
}

// withdrawJSON is a batch's answer in the staff API.
type withdrawJSON struct {
	Withdrawn int                  `json:"withdrawn"` // now or before
	Refused   int                  `json:"refused"`
	Results   []withdrawResultJSON `json:"results"`
}

type withdrawResultJSON struct {
	Reference string `json:"reference"`
	// Outcome is "withdrawn", "already_withdrawn", or the error's code.
	Outcome  string `json:"outcome"`
	Message  string `json:"message,omitempty"`
	GaveBack int64  `json:"gaveBack,omitempty"` // SEK back in the round's budget
}

func newWithdrawJSON(results []staff.WithdrawResult, lang programme.Lang) withdrawJSON {
	out := withdrawJSON{Results: []withdrawResultJSON{}}
	for _, r := range results {
		j := withdrawResultJSON{Reference: r.Ref, Outcome: "withdrawn", GaveBack: r.GaveBack}
		switch {
		case r.Already:
			j.Outcome = "already_withdrawn"
		case r.Err != nil:
			_, p, _ := answerFor(r.Err, lang)
			j.Outcome, j.Message = p.Error, p.Message
		}
		if r.OK() {
			out.Withdrawn++
		} else {
			out.Refused++
		}
		out.Results = append(out.Results, j)
	}
	return out
}

// WithdrawForm is the form below the applications table: the reason and
// the button. The rows' checkboxes belong to it by its ID (the HTML form
// attribute), so the table stays one table and the page needs no script.
type WithdrawForm struct {
	Show    bool // some row of the page can be withdrawn
	ID, URL string
	Reasons []Option
}

func newWithdrawForm(lang programme.Lang, roundID string, filters url.Values, show bool) WithdrawForm {
	q := url.Values{}
	for k, v := range filters {
		q[k] = v
	}
	q.Set("lang", string(lang))
	f := WithdrawForm{Show: show, ID: "withdraw", URL: "/staff/rounds/" + url.PathEscape(roundID) + "/withdraw?" + q.Encode()}
	for _, r := range programme.WithdrawReasons {
		f.Reasons = append(f.Reasons, Option{Value: string(r), Label: programme.WithdrawReasonName(r, lang)})
	}
	return f
}

// withdrawable says whether a listed application can be withdrawn now, by
// the programme's rules (programme.Withdraw).
func withdrawable(a programme.AppSummary) bool {
	_, err := programme.Withdraw(programme.Application{Status: programme.AppStatus(a.Status), DecisionQueued: a.DecisionQueued},
		programme.WithdrawSpam, "", time.Time{})
	return err == nil
}

// WithdrawResultPage says which applications of a batch were not
// withdrawn, and why.
type WithdrawResultPage struct {
	Page
	Summary string // how many of how many went through
	Refused []WithdrawRefusal
	BackURL string // the listing the form was sent from
}

// WithdrawRefusal is one application that was not withdrawn.
type WithdrawRefusal struct{ Ref, URL, Why string }
