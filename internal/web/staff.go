package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
)

// StaffRounds serves GET /staff/rounds: every round with its state,
// instants and counts, and a deadline form for the rounds still open.
func StaffRounds(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		rounds, err := svc.Rounds(ctx)
		if err != nil {
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			type row struct {
				ID        string `json:"id"`
				Name      string `json:"name"`
				Status    string `json:"status"`
				OpensAt   string `json:"opensAt"`
				ClosesAt  string `json:"closesAt"`
				Budget    int64  `json:"budget"`
				Submitted int    `json:"submitted"`
				InReview  int    `json:"inReview"`
			}
			out := make([]row, len(rounds))
			for i, r := range rounds {
				out[i] = row{r.ID, r.Name(lang), string(r.Status), r.OpensAt.In(programme.Stockholm).Format(time.RFC3339),
					r.ClosesAt.In(programme.Stockholm).Format(time.RFC3339), r.Budget, r.Submitted, r.InReview}
			}
			return jsonResponse(http.StatusOK, out), nil
		}
		p := RoundsPage{Page: newPage(lang, i18n.StaffTitle, nil), Notices: noticesOf(req.QueryStringParameters)}
		now := svc.Now()
		for _, r := range rounds {
			p.Rounds = append(p.Rounds, RoundRow{ID: r.ID, Name: r.Name(lang), Status: programme.RoundStatusName(r.Status, lang),
				Opens: programme.FormatTime(r.OpensAt, lang), Closes: programme.FormatTime(r.ClosesAt, lang),
				Budget: programme.FormatSEK(r.Budget, lang), Submitted: strconv.Itoa(r.Submitted), InReview: strconv.Itoa(r.InReview),
				Extendable:  (r.Status == programme.RoundScheduled || r.Status == programme.RoundOpen) && now.Before(r.ClosesAt),
				ClosesInput: r.ClosesAt.In(programme.Stockholm).Format("2006-01-02T15:04"),
				ExtendURL:   "/staff/rounds/" + url.PathEscape(r.ID) + "/deadline?" + url.Values{"lang": {string(lang)}}.Encode()})
		}
		return htmlPage(http.StatusOK, roundsView(p))
	}
}

// RoundsPage is every round for staff, with a deadline form for those
// still open.
type RoundsPage struct {
	Page
	Notices
	Rounds []RoundRow
}

// RoundRow is one round, every value in the page's language.
type RoundRow struct {
	ID, Name, Status, Opens, Closes, Budget, Submitted, InReview string
	Extendable                                                   bool   // the deadline can still move
	ClosesInput                                                  string // the deadline as a datetime-local value
	ExtendURL                                                    string
}

// ExtendDeadline serves POST /staff/rounds/{id}/deadline with a new
// deadline in Swedish time ("2027-03-22T16:00") or as an instant (RFC 3339),
// from the form (303 back to the list) or as JSON.
func ExtendDeadline(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		var in struct {
			Closes string `json:"closes"`
		}
		form, isJSON, refused := staffInput(req, lang, &in)
		if refused != nil {
			return *refused, nil
		}
		raw := in.Closes
		if !isJSON {
			raw = form.Get("closes")
		}
		id := req.PathParameters["id"]
		answer := func(status int, code, message string) (events.APIGatewayV2HTTPResponse, error) {
			if isJSON {
				return jsonResponse(status, problem{Error: code, Message: message}), nil
			}
			res := respond(http.StatusSeeOther, "text/plain; charset=utf-8", "")
			key := "error"
			if status < 300 {
				key = "ok"
			}
			res.Headers["Location"] = "/staff/rounds?" + url.Values{key: {message}, "lang": {string(lang)}}.Encode()
			return res, nil
		}
		closes, err := parseDeadline(raw)
		if err != nil {
			return answer(http.StatusBadRequest, "invalid_deadline", i18n.BadDeadline.In(lang))
		}
		r, err := svc.Extend(ctx, id, closes, actorOf(req))
		switch {
		case errors.Is(err, staff.ErrUnknownRound):
			return answer(http.StatusNotFound, "unknown_round", programme.FieldError{Field: "round", Code: programme.CodeUnknownRound}.Message(lang))
		case errors.Is(err, staff.ErrChanged):
			return answer(http.StatusConflict, "changed", i18n.RoundChanged.In(lang))
		case errors.Is(err, programme.ErrRoundAlreadyClosed):
			return answer(http.StatusConflict, "round_closed", i18n.ExtendClosed.In(lang))
		case errors.Is(err, programme.ErrDeadlineInPast):
			return answer(http.StatusUnprocessableEntity, "deadline_in_past", i18n.ExtendPast.In(lang))
		case errors.Is(err, programme.ErrDeadlineNotLater):
			return answer(http.StatusUnprocessableEntity, "deadline_not_later", i18n.ExtendNotLater.In(lang))
		case err != nil && strings.Contains(err.Error(), "overlapping"):
			return answer(http.StatusConflict, "overlap", i18n.ExtendOverlap.In(lang)+" ("+err.Error()+")")
		case err != nil:
			return eventsResponse{}, err
		}
		return answer(http.StatusOK, "ok", i18n.DeadlineExtended.Format(lang, i18n.Args{"round": r.Name(lang), "deadline": programme.FormatTime(r.ClosesAt, lang)}))
	}
}

// parseDeadline reads Swedish local time ("2027-03-22T16:00", seconds
// optional) or an RFC 3339 instant.
func parseDeadline(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, programme.Stockholm); err == nil {
			return t, nil
		}
	}
	return time.Parse(time.RFC3339, s)
}
