package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/auth"
	"partnerskap/internal/i18n"
	"partnerskap/internal/logging"
	"partnerskap/internal/programme"
	"partnerskap/internal/session"
)

// SignIn is the SigninFunction: staff sign-in through the pool's managed
// login, the callback that sets the session, and sign-out. These routes
// have no authorizer (nobody is signed in yet) and touch no data.
func SignIn(flow *auth.Flow, origins *auth.OriginCheck, log *slog.Logger) Handler {
	return Serve(log, "signin", Routes(map[string]Handler{
		"GET /staff/signin":    signInStart(flow),
		"GET /staff/callback":  signInCallback(flow, log),
		"POST /staff/signout":  signOut(flow, origins, log),
		"GET /staff/signedout": signedOut,
	}))
}

// signInStart sends the browser to the managed login, to come back to the
// page it asked for (?return=, a staff page of ours only).
func signInStart(flow *auth.Flow) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		to, pending := flow.Start(req.QueryStringParameters["return"])
		res := redirect(http.StatusFound, to)
		res.Cookies = []string{pending.String()}
		return res, nil
	}
}

func signInCallback(flow *auth.Flow, log *slog.Logger) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		q, _ := url.ParseQuery(req.RawQueryString)
		id, cookie, ret, err := flow.Finish(ctx, requestCookie(req, session.PendingCookie), q)
		if err != nil {
			log.InfoContext(ctx, "sign-in did not complete", "reason", err)
			text := i18n.SignInRefused
			if errors.Is(err, auth.ErrNoPending) || errors.Is(err, auth.ErrStateMismatch) {
				text = i18n.SignInExpired
			}
			if ret == "" {
				ret = "/staff/rounds"
			}
			return staffMessage(ctx, http.StatusBadRequest, lang, i18n.SignInFailedTitle, text, "",
				"/staff/signin?"+url.Values{"return": {ret}}.Encode(), i18n.SignInAgain, false)
		}
		log.InfoContext(ctx, "staff signed in", "sub", id.Sub, "staff", id.Staff(), "reviewer", id.Reviewer(), "until", id.Expires.UTC().Format(time.RFC3339))
		res := redirect(http.StatusSeeOther, ret)
		res.Cookies = []string{cookie.String(), auth.Cleared()[1].String()}
		return res, nil
	}
}

func signOut(flow *auth.Flow, origins *auth.OriginCheck, log *slog.Logger) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		if err := origins.Check(req.RequestContext.HTTP.Method, req.Headers, req.RequestContext.DomainName); err != nil {
			log.InfoContext(ctx, "cross-origin sign-out refused")
			return staffMessage(ctx, http.StatusForbidden, requestLang(req), i18n.NotStaffTitle, i18n.CrossOrigin, "",
				"/staff/rounds", i18n.BackToRounds, false)
		}
		// The session ends here (the cookies go); the pool's session ends at
		// its /logout, which the page sends the browser on to at once. (A
		// redirect would be refused: the form posted here, and the pages'
		// CSP lets forms go only to our own origin, redirects included.)
		lang := requestLang(req)
		p := StaffMessagePage{Page: newPage(lang, i18n.SigningOutTitle, nil), Message: i18n.SigningOut.In(lang),
			LinkURL: flow.LogoutURL(), LinkLabel: i18n.Continue.In(lang)}
		p.Refresh = flow.LogoutURL()
		res, err := htmlPage(ctx, http.StatusOK, staffMessageView(p))
		for _, c := range auth.Cleared() {
			res.Cookies = append(res.Cookies, c.String())
		}
		log.InfoContext(ctx, "staff signed out")
		return res, err
	}
}

func signedOut(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return staffMessage(ctx, http.StatusOK, requestLang(req), i18n.SignedOutTitle, i18n.SignedOut, "",
		"/staff/signin", i18n.SignInAgain, false)
}

// StaffOnly lets a request through to a staff handler only with the staff
// identity the authorizer passed (the staff group: a reviewer who is not
// also staff is refused, as anyone else). A browser's page request the
// authorizer let through anonymous is sent to sign-in (and back to this
// page), or told that the account is not staff: it never reaches h. A
// request with no authorizer context at all (a route deployed without the
// authorizer) is refused rather than trusted.
func StaffOnly(h Handler) Handler {
	return roleOnly(h, auth.StaffGroup, i18n.NotStaff, i18n.NotStaffHint)
}

// ReviewerOnly is StaffOnly for a reviewer's handler (the pages below
// /staff/review): it lets a request through only with the identity of a
// user in the reviewer group (a staff member who is not also a reviewer is
// refused), and tells a signed-in user outside it that the account is not
// a reviewer's. h finds the reviewer in its context as a staff handler
// finds the staff member (signedIn, actor).
func ReviewerOnly(h Handler) Handler {
	return roleOnly(h, auth.ReviewerGroup, i18n.NotReviewer, i18n.NotReviewerHint)
}

// roleOnly lets a request through to h only with the identity of a member
// of group, as the authorizer passed it; notMember and hint are the 403
// page's texts for a signed-in user outside group.
func roleOnly(h Handler, group string, notMember, hint i18n.Key) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		w, err := session.FromRequest(req)
		switch {
		case err != nil:
			return jsonResponse(http.StatusUnauthorized, problem{Error: "unauthorized", Message: i18n.SignInFirst.In(lang)}), nil
		case w.Anonymous == session.SignIn:
			back := req.RawPath
			if req.RawQueryString != "" {
				back += "?" + req.RawQueryString
			}
			return redirect(http.StatusSeeOther, "/staff/signin?"+url.Values{"return": {auth.SafeReturn(back)}}.Encode()), nil
		case w.Anonymous != "" || !hasGroup(w.Groups, group):
			// The way to the pages the user does have: a reviewer who landed
			// on a staff page (the sign-in's default) goes on to review.
			link, label := "", i18n.Key(0)
			switch {
			case w.Anonymous == "" && group == auth.StaffGroup && hasGroup(w.Groups, auth.ReviewerGroup):
				link, label = "/staff/review?lang="+string(lang), i18n.RVTitle
			case w.Anonymous == "" && group == auth.ReviewerGroup && hasGroup(w.Groups, auth.StaffGroup):
				link, label = "/staff/rounds?lang="+string(lang), i18n.StaffTitle
			}
			return staffMessage(ctx, http.StatusForbidden, lang, i18n.NotStaffTitle, notMember, hint.In(lang), link, label, true)
		}
		return h(logging.WithActor(withSignedIn(ctx, w), w.Sub), req)
	}
}

func hasGroup(groups []string, group string) bool {
	for _, g := range groups {
		if g == group {
			return true
		}
	}
	return false
}

type signedInKey struct{}

func withSignedIn(ctx context.Context, w session.Who) context.Context {
	return context.WithValue(ctx, signedInKey{}, w)
}

// signedIn is the staff member a page is rendered for (the layout shows
// who, until when, and the sign-out button).
func signedIn(ctx context.Context) (session.Who, bool) {
	w, ok := ctx.Value(signedInKey{}).(session.Who)
	return w, ok
}

// actor names the staff member in audit lines and decisions: the stable
// id, the email as a label.
func actor(ctx context.Context) string {
	w, _ := signedIn(ctx)
	return programme.ActorOf(w.Sub, w.Email)
}

// clock is a time of day in Swedish time ("15:32").
func clock(t time.Time, _ programme.Lang) string { return t.In(programme.Stockholm).Format("15:04") }

func staffMessage(ctx context.Context, status int, lang programme.Lang, title, text i18n.Key, hint, link string, linkLabel i18n.Key, signOut bool) (events.APIGatewayV2HTTPResponse, error) {
	p := StaffMessagePage{Page: newPage(lang, title, nil), Message: text.In(lang), Hint: hint, LinkURL: link, SignOut: signOut}
	if linkLabel != 0 {
		p.LinkLabel = linkLabel.In(lang)
	}
	return htmlPage(ctx, status, staffMessageView(p))
}

func redirect(status int, to string) events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{StatusCode: status, Headers: map[string]string{"Location": to, "Cache-Control": "no-store"}}
}

// requestCookie is the value of the request's cookie name ("" if none).
func requestCookie(req events.APIGatewayV2HTTPRequest, name string) string {
	for _, c := range req.Cookies {
		if n, v, ok := cutCookie(c); ok && n == name {
			return v
		}
	}
	return ""
}

func cutCookie(c string) (name, value string, ok bool) {
	h := http.Header{"Cookie": {c}}
	cs := (&http.Request{Header: h}).Cookies()
	if len(cs) != 1 {
		return "", "", false
	}
	return cs[0].Name, cs[0].Value, true
}
