package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/a-h/templ"
	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// The pages are compiled Go: each page is a named type below (or beside its
// handler) and a templ component (*.templ, generated into *_templ.go by
// `make generate`), which escapes every value it writes. Their words come
// from the catalogue, package i18n.

// Page is what every page has: its language, its title, and where the
// language switch leads. Every page type embeds it.
type Page struct {
	Lang      programme.Lang
	Title     string
	SwitchURL string
	// Refresh sends the browser on to this address at once (a meta
	// refresh: a page that leads elsewhere without a script, and without a
	// form redirected off our origin, which the pages' CSP form-action
	// 'self' refuses).
	Refresh string
}

// T is a text of the catalogue in the page's language.
func (p Page) T(k i18n.Key) string { return k.In(p.Lang) }

// Other is the language the switch leads to.
func (p Page) Other() programme.Lang { return p.Lang.Other() }

// newPage is a page titled title in lang; the language switch keeps
// switchQuery (e.g. the status link's key) and changes only the language.
func newPage(lang programme.Lang, title i18n.Key, switchQuery url.Values) Page {
	p := Page{Lang: lang, Title: title.In(lang)}
	p.switchTo("", switchQuery)
	return p
}

// switchTo makes the language switch lead to the page at path ("": this
// address) with query q, in the other language. A page that answers a POST
// names its GET page: a relative "?lang=" would ask for the POST's address,
// which has no page.
func (p *Page) switchTo(path string, q url.Values) {
	v := url.Values{}
	for k, x := range q {
		v[k] = x
	}
	v.Set("lang", string(p.Lang.Other()))
	p.SwitchURL = path + "?" + v.Encode()
}

// MessagePage is a page that only says one thing, with a way back to the form.
type MessagePage struct {
	Page
	Message string
}

// htmlPage renders a page. Rendering fails only if the writer does (a
// bytes.Buffer never does) or a component returns an error (none does): a
// bug, returned as an error for Logged to log and answer with a 500.
func htmlPage(ctx context.Context, status int, c templ.Component) (eventsResponse, error) {
	var b bytes.Buffer
	if err := c.Render(ctx, &b); err != nil {
		return eventsResponse{}, err
	}
	r := respond(status, "text/html; charset=utf-8", b.String())
	r.Headers["Cache-Control"] = "no-store"
	return r, nil
}

func messagePage(ctx context.Context, status int, lang programme.Lang, title i18n.Key, message string) (eventsResponse, error) {
	return htmlPage(ctx, status, messageView(MessagePage{Page: newPage(lang, title, nil), Message: message}))
}

// fieldID is the HTML id of a field: "partner.email" -> "f-partner-email".
func fieldID(field string) string { return "f-" + strings.ReplaceAll(field, ".", "-") }

// Option is one choice of a select or a radio group.
type Option struct {
	Value, Label string
	Selected     bool
}

// Notices are the messages a page shows: an error, when a form comes back
// refused, or what went well, after the redirect of a form that did.
type Notices struct {
	Error, Success string
}

// What went well, by the code a redirect carries (?ok=): only these, so a
// crafted link cannot make a page say anything else.
const (
	okDecisionSaved = "decision_saved"
	okDeadlineMoved = "deadline_extended"
	okEmailsQueued  = "emails_queued"
)

var successes = map[string]i18n.Key{okDecisionSaved: i18n.DecisionSaved, okDeadlineMoved: i18n.DeadlineMoved,
	okEmailsQueued: i18n.EmailsQueued, okWithdrawn: i18n.WithdrawDone, okContactsErased: i18n.ContactsErased}

func noticesOf(q map[string]string, lang programme.Lang) Notices {
	if k, ok := successes[q["ok"]]; ok {
		return Notices{Success: k.In(lang)}
	}
	return Notices{}
}

// seeOther redirects a form post to path (in lang) with a success code.
func seeOther(path string, lang programme.Lang, ok string) events.APIGatewayV2HTTPResponse {
	res := respond(http.StatusSeeOther, "text/plain; charset=utf-8", "")
	res.Headers["Location"] = path + "?" + url.Values{"ok": {ok}, "lang": {string(lang)}}.Encode()
	return res
}
