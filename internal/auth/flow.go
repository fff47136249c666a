package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"partnerskap/internal/session"
)

// Flow is staff sign-in with the pool's managed login: the authorization
// code flow with PKCE (S256), a state and a nonce, the code exchanged
// server-side (a public client: no secret), the ID token verified. No
// password ever passes through our functions.
type Flow struct {
	cfg      Config
	oauth    oauth2.Config
	verifier *Verifier
	client   *http.Client
}

// NewFlow builds the flow; client makes the token requests.
func NewFlow(c Config, v *Verifier, client *http.Client) *Flow {
	return &Flow{cfg: c, verifier: v, client: client, oauth: oauth2.Config{
		ClientID:    c.ClientID,
		Endpoint:    oauth2.Endpoint{AuthURL: c.authURL(), TokenURL: c.tokenURL(), AuthStyle: oauth2.AuthStyleInParams},
		RedirectURL: c.callbackURL(),
		Scopes:      []string{"openid", "email"},
	}}
}

// PendingTTL is how long a sign-in may take, from our redirect to the
// provider's back: the pending cookie's life.
const PendingTTL = 10 * time.Minute

// Pending is a sign-in under way, kept in the browser's pending cookie
// (HttpOnly, for /staff/callback only): an attacker who could read it owns
// the browser already, and one who sets it in their own browser gains
// nothing in anyone else's.
type Pending struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Return   string `json:"r"`
}

// Start begins a sign-in that will come back to returnTo (a staff page;
// anything else comes back to the rounds): the provider's address to send
// the browser to, and the pending cookie to set.
func (f *Flow) Start(returnTo string) (redirect string, pendingCookie *http.Cookie) {
	p := Pending{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier(), Return: SafeReturn(returnTo)}
	redirect = f.oauth.AuthCodeURL(p.State, oauth2.S256ChallengeOption(p.Verifier), oauth2.SetAuthURLParam("nonce", p.Nonce))
	b, _ := json.Marshal(p)
	return redirect, &http.Cookie{Name: session.PendingCookie, Value: base64.RawURLEncoding.EncodeToString(b),
		Path: "/staff/callback", MaxAge: int(PendingTTL / time.Second), HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}
}

// Errors of the callback, each its own page.
var (
	ErrNoPending      = errors.New("no sign-in under way in this browser (or it took more than 10 minutes)")
	ErrStateMismatch  = errors.New("the sign-in's state does not match this browser's")
	ErrProviderRefuse = errors.New("the sign-in service refused")
)

// Finish completes a sign-in: the callback's state must be the pending
// one; the code is exchanged with the PKCE verifier; the ID token must
// verify and carry the pending nonce. It returns who signed in, the
// session cookie (the ID token, until it expires), and the page to go to.
func (f *Flow) Finish(ctx context.Context, pendingCookie string, query url.Values) (Identity, *http.Cookie, string, error) {
	p, err := decodePending(pendingCookie)
	if err != nil {
		return Identity{}, nil, "", ErrNoPending
	}
	if e := query.Get("error"); e != "" {
		return Identity{}, nil, p.Return, fmt.Errorf("%w: %s", ErrProviderRefuse, e)
	}
	if subtle.ConstantTimeCompare([]byte(query.Get("state")), []byte(p.State)) != 1 {
		return Identity{}, nil, p.Return, ErrStateMismatch
	}
	code := query.Get("code")
	if code == "" {
		return Identity{}, nil, p.Return, fmt.Errorf("%w: no code", ErrProviderRefuse)
	}
	tok, err := f.oauth.Exchange(context.WithValue(ctx, oauth2.HTTPClient, f.client), code, oauth2.VerifierOption(p.Verifier))
	if err != nil {
		return Identity{}, nil, p.Return, fmt.Errorf("%w: token exchange: %w", ErrProviderRefuse, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Identity{}, nil, p.Return, fmt.Errorf("%w: no ID token", ErrProviderRefuse)
	}
	id, nonce, err := f.verifier.Verify(ctx, raw)
	if err != nil {
		return Identity{}, nil, p.Return, err
	}
	if subtle.ConstantTimeCompare([]byte(nonce), []byte(p.Nonce)) != 1 {
		return Identity{}, nil, p.Return, fmt.Errorf("%w: nonce", ErrInvalidToken)
	}
	c := SessionCookie(raw, id.Expires)
	if len(c.String()) > MaxCookieBytes {
		return Identity{}, nil, p.Return, fmt.Errorf("%w: the ID token (%d bytes) does not fit in a cookie", ErrProviderRefuse, len(raw))
	}
	return id, c, p.Return, nil
}

// MaxCookieBytes is what browsers keep of one cookie (name, value and
// attributes): 4096 bytes (RFC 6265 §6.1, the least a browser must keep).
const MaxCookieBytes = 4096

// SessionCookie carries the ID token until it expires.
func SessionCookie(idToken string, expires time.Time) *http.Cookie {
	return &http.Cookie{Name: session.Cookie, Value: idToken, Path: "/staff", Expires: expires.UTC(),
		HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}
}

// Cleared are the cookies that end a session and a pending sign-in.
func Cleared() []*http.Cookie {
	return []*http.Cookie{
		{Name: session.Cookie, Path: "/staff", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode},
		{Name: session.PendingCookie, Path: "/staff/callback", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode},
	}
}

// LogoutURL ends the session at the pool's managed login too (so the next
// sign-in asks for the password and the code again) and comes back to our
// signed-out page.
func (f *Flow) LogoutURL() string {
	return f.cfg.DomainURL + "/logout?" + url.Values{"client_id": {f.cfg.ClientID}, "logout_uri": {f.cfg.SignedOutURL()}}.Encode()
}

// SafeReturn keeps a return address only if it is a staff page of ours: a
// path below /staff/ (with its query), never another host, scheme or the
// sign-in routes themselves.
func SafeReturn(p string) string {
	const home = "/staff/rounds"
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/staff/") || strings.Contains(p, "\\") || strings.HasPrefix(p, "//") ||
		strings.Contains(u.Path, "/..") || strings.ContainsAny(p, "\r\n\t") {
		return home
	}
	switch u.Path {
	case "/staff/signin", "/staff/callback", "/staff/signout", "/staff/signedout":
		return home
	}
	return u.RequestURI()
}

func decodePending(v string) (Pending, error) {
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return Pending{}, err
	}
	var p Pending
	if err := json.Unmarshal(b, &p); err != nil {
		return Pending{}, err
	}
	if p.State == "" || p.Nonce == "" || p.Verifier == "" {
		return Pending{}, errors.New("incomplete")
	}
	p.Return = SafeReturn(p.Return)
	return p, nil
}

func random() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
