package web

import (
	"context"
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
			out := make([]roundJSON, len(rounds))
			for i, r := range rounds {
				out[i] = newRoundJSON(r, lang)
			}
			return jsonResponse(http.StatusOK, out), nil
		}
		return htmlPage(http.StatusOK, roundsView(newRoundsPage(lang, rounds, svc.Now(), noticesOf(req.QueryStringParameters, lang))))
	}
}

// roundJSON is a round in the staff API.
type roundJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Status    string `json:"status"`
	OpensAt   string `json:"opensAt"`
	ClosesAt  string `json:"closesAt"`
	Budget    int64  `json:"budget"`
	Submitted int    `json:"submitted"`
	InReview  int    `json:"inReview"`
}

func newRoundJSON(r staff.RoundView, lang programme.Lang) roundJSON {
	return roundJSON{r.ID, r.Name(lang), string(r.Status), r.OpensAt.In(programme.Stockholm).Format(time.RFC3339),
		r.ClosesAt.In(programme.Stockholm).Format(time.RFC3339), r.Budget, r.Submitted, r.InReview}
}

func newRoundsPage(lang programme.Lang, rounds []staff.RoundView, now time.Time, n Notices) RoundsPage {
	p := RoundsPage{Page: newPage(lang, i18n.StaffTitle, nil), Notices: n}
	for _, r := range rounds {
		p.Rounds = append(p.Rounds, RoundRow{ID: r.ID, Name: r.Name(lang), Status: programme.RoundStatusName(r.Status, lang),
			Opens: programme.FormatTime(r.OpensAt, lang), Closes: programme.FormatTime(r.ClosesAt, lang),
			Budget: programme.FormatSEK(r.Budget, lang), Submitted: strconv.Itoa(r.Submitted), InReview: strconv.Itoa(r.InReview),
			Extendable:  (r.Status == programme.RoundScheduled || r.Status == programme.RoundOpen) && now.Before(r.ClosesAt),
			ClosesInput: r.ClosesAt.In(programme.Stockholm).Format("2006-01-02T15:04"),
			ExtendURL:   "/staff/rounds/" + url.PathEscape(r.ID) + "/deadline?" + url.Values{"lang": {string(lang)}}.Encode()})
	}
	return p
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
// as JSON (the round as it is now) or from the form (303 back to the list,
// or the list again saying why not).
func ExtendDeadline(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		var in struct {
			Closes string `json:"closes"`
		}
		form, isJSON, err := staffInput(req, &in)
		if err != nil {
			return eventsResponse{}, err
		}
		if !isJSON {
			in.Closes = form.Get("closes")
		}
		r, err := extend(ctx, svc, req.PathParameters["id"], in.Closes, actorOf(req))
		lang := requestLang(req)
		switch {
		case isJSON && err != nil:
			return eventsResponse{}, err
		case isJSON:
			return jsonResponse(http.StatusOK, map[string]string{"id": r.ID, "closesAt": r.ClosesAt.In(programme.Stockholm).Format(time.RFC3339),
				"message": i18n.DeadlineExtended.Format(lang, i18n.Args{"round": r.Name(lang), "deadline": programme.FormatTime(r.ClosesAt, lang)})}), nil
		case err != nil:
			status, p, known := answerFor(err, lang)
			if !known {
				return eventsResponse{}, err
			}
			rounds, rerr := svc.Rounds(ctx)
			if rerr != nil {
				return eventsResponse{}, rerr
			}
			return htmlPage(status, roundsView(newRoundsPage(lang, rounds, svc.Now(), Notices{Error: p.Message})))
		}
		return seeOther("/staff/rounds", lang, okDeadlineMoved), nil
	}
}

func extend(ctx context.Context, svc *staff.Service, id, raw, actor string) (programme.Round, error) {
	closes, err := parseDeadline(raw)
	if err != nil {
		return programme.Round{}, errBadDeadline
	}
	return svc.Extend(ctx, id, closes, actor)
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
