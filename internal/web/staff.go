package web

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
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
		return htmlPage(ctx, http.StatusOK, roundsView(newRoundsPage(lang, rounds, svc.Now(), noticesOf(req.QueryStringParameters, lang))))
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
			URL:         roundURL(r.ID, lang),
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
	URL                                                          string // the round's dashboard
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
		r, err := extend(ctx, svc, req.PathParameters["id"], in.Closes, actor(ctx))
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
			page := newRoundsPage(lang, rounds, svc.Now(), Notices{Error: p.Message})
			page.switchTo("/staff/rounds", nil) // the POST's address has no page
			return htmlPage(ctx, status, roundsView(page))
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

// roundURL is a round's dashboard in lang.
func roundURL(id string, lang programme.Lang) string {
	return "/staff/rounds/" + url.PathEscape(id) + "?" + url.Values{"lang": {string(lang)}}.Encode()
}

// roundsURL is the list of rounds in lang.
func roundsURL(lang programme.Lang) string {
	return "/staff/rounds?" + url.Values{"lang": {string(lang)}}.Encode()
}

// Crumb is one level of a staff page's breadcrumb: a link back, or the page
// itself (no URL).
type Crumb struct{ Label, URL string }

// roundCrumbs are the rounds and the round r, both links, then here (the
// page itself) if not empty.
func roundCrumbs(lang programme.Lang, r programme.Round, here ...string) []Crumb {
	c := []Crumb{{i18n.StaffTitle.In(lang), roundsURL(lang)}, {r.Name(lang), roundURL(r.ID, lang)}}
	for _, h := range here {
		c = append(c, Crumb{Label: h})
	}
	return c
}

// StaffRound serves GET /staff/rounds/{id}: the round at a glance (its
// dashboard), as a page or JSON.
func StaffRound(svc *staff.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		d, err := svc.Dashboard(ctx, req.PathParameters["id"])
		if err != nil {
			return eventsResponse{}, err
		}
		if wantsJSON(req) {
			return jsonResponse(http.StatusOK, roundDashboardJSON{roundJSON: newRoundJSON(staff.RoundView{Round: d.Round,
				Submitted: d.ByStatus[programme.AppSubmitted], InReview: d.ByStatus[programme.AppInReview]}, lang),
				ByStatus: d.ByStatus, Requested: d.Requested, Granted: d.Round.GrantedTotal, Left: d.Left(), Undecided: d.Undecided(),
				Withdrawn: d.Withdrawn(), Emails: d.Emails, Published: d.Published()}), nil
		}
		return htmlPage(ctx, http.StatusOK, roundView(newRoundPage(lang, d)))
	}
}

// roundDashboardJSON is a round's dashboard in the staff API.
type roundDashboardJSON struct {
	roundJSON
	ByStatus  map[programme.AppStatus]int `json:"byStatus"`
	Requested int64                       `json:"requested"`
	Granted   int64                       `json:"granted"`
	Left      int64                       `json:"left"`
	Undecided int                         `json:"undecided"`
	Withdrawn int                         `json:"withdrawn"` // in no other count (byStatus has them too)
	Emails    map[string]int              `json:"emails,omitempty"`
	Published bool                        `json:"published"`
}

// RoundPage is a round's dashboard, every value in the page's language.
type RoundPage struct {
	Page
	Crumbs                           []Crumb
	ApplicationsURL, NotifyURL       string
	MeetingURL                       string
	Status, Opens, Closes, ClosedAt  string
	Undecided, Total                 string
	ByStatus                         []StateCount
	Withdrawn                        string // counted apart: not in Total, Undecided or Requested
	Requested, Budget, Granted, Left string
	Emails                           []StateCount // decision emails by state; none before any is queued
	PublishedURL                     string       // the public list, once published
}

func newRoundPage(lang programme.Lang, d staff.Dashboard) RoundPage {
	r := d.Round
	q := url.Values{"lang": {string(lang)}}.Encode()
	base := "/staff/rounds/" + url.PathEscape(r.ID)
	p := RoundPage{Page: newPage(lang, i18n.StaffTitle, nil), Crumbs: roundCrumbs(lang, r),
		ApplicationsURL: base + "/applications?" + q, NotifyURL: base + "/notify?" + q, MeetingURL: base + "/meeting?" + q,
		Status: programme.RoundStatusName(r.Status, lang), Opens: programme.FormatTime(r.OpensAt, lang),
		Closes: programme.FormatTime(r.ClosesAt, lang), Undecided: strconv.Itoa(d.Undecided()), Total: strconv.Itoa(d.Applications()),
		Withdrawn: strconv.Itoa(d.Withdrawn()),
		Requested: programme.FormatSEK(d.Requested, lang), Budget: programme.FormatSEK(r.Budget, lang),
		Granted: programme.FormatSEK(r.GrantedTotal, lang), Left: programme.FormatSEK(d.Left(), lang)}
	p.Title = r.Name(lang)
	p.Crumbs[len(p.Crumbs)-1].URL = "" // here
	if !r.ClosedAt.IsZero() {
		p.ClosedAt = programme.FormatTime(r.ClosedAt, lang)
	}
	for _, s := range []programme.AppStatus{programme.AppSubmitted, programme.AppInReview, programme.AppGranted, programme.AppRejected} {
		p.ByStatus = append(p.ByStatus, StateCount{State: programme.StatusName(s, lang), Count: strconv.Itoa(d.ByStatus[s])})
	}
	p.Emails = emailCounts(d.Emails, lang)
	if d.Published() {
		p.PublishedURL = "/rounds/" + url.PathEscape(r.ID) + "/granted?" + q
	}
	return p
}

// emailCounts are the states with emails, ours in their order, any other
// shown as it is, last; nothing when no email is counted.
func emailCounts(counts map[string]int, lang programme.Lang) []StateCount {
	states := programme.EmailStates
	for _, s := range slices.Sorted(maps.Keys(counts)) {
		if !slices.Contains(states, s) {
			states = append(states, s)
		}
	}
	var out []StateCount
	for _, s := range states {
		if c, ok := counts[s]; ok && c > 0 {
			out = append(out, StateCount{State: programme.EmailStateName(s, lang), Count: strconv.Itoa(c)})
		}
	}
	return out
}
