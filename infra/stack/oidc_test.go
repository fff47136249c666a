package stack_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"partnerskap/infra/stack"
)

// oidcFixture is the local provider and a relying party configured as the
// staff pages will be: the pool's app client, code flow with PKCE.
type oidcFixture struct {
	proc      *stack.Process
	provider  *oidc.Provider
	conf      oauth2.Config
	users     []stack.OIDCUser
	signedOut string
}

func startOIDC(t *testing.T) *oidcFixture {
	t.Helper()
	if testing.Short() {
		t.Skip("starts the OpenID provider (node): not with -short")
	}
	root, err := stack.Root(".")
	if err != nil {
		t.Fatal(err)
	}
	users, err := stack.DevOIDCUsers()
	if err != nil {
		t.Fatal(err)
	}
	// The relying party is never called: the browser stops at its address.
	rp, err := stack.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	base := "http://localhost:" + strconv.Itoa(rp)
	cfg := stack.OIDCConfig{
		ClientID:               "partnerskap-local-client",
		RedirectURIs:           []string{base + "/staff/callback"},
		PostLogoutRedirectURIs: []string{base + "/staff/signed-out"},
		Users:                  users,
	}
	p, err := stack.StartOIDC(root, 0, t.Output(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	provider, err := oidc.NewProvider(ctx, p.Endpoint) // discovery; checks the issuer
	if err != nil {
		t.Fatal(err)
	}
	return &oidcFixture{proc: p, provider: provider, users: users, signedOut: cfg.PostLogoutRedirectURIs[0],
		conf: oauth2.Config{ClientID: cfg.ClientID, Endpoint: provider.Endpoint(), RedirectURL: cfg.RedirectURIs[0],
			Scopes: []string{oidc.ScopeOpenID, "email"}}}
}

// browser is an http.Client with cookies that follows redirects, as a
// browser does, except into the relying party (whose address it reports).
func (f *oidcFixture) browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	rp, _ := url.Parse(f.conf.RedirectURL)
	return &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if req.URL.Host == rp.Host {
			return http.ErrUseLastResponse
		}
		if len(via) > 10 {
			return errors.New("too many redirects")
		}
		return nil
	}}
}

var formAction = regexp.MustCompile(`<form[^>]*action="([^"]+)"`)

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func postForm(t *testing.T, c *http.Client, base *url.URL, action string, v url.Values) (*http.Response, string) {
	t.Helper()
	u, err := base.Parse(html.UnescapeString(action))
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.PostForm(u.String(), v)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// signIn opens authURL in browser, fills in the provider's sign-in page, and
// returns where the provider sent the browser back to (the callback).
func (f *oidcFixture) signIn(t *testing.T, c *http.Client, authURL string, u stack.OIDCUser, password string) (*url.URL, *http.Response, string) {
	t.Helper()
	res, body := get(t, c, authURL)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="password"`) {
		t.Fatalf("authorize: want the sign-in page, got %d at %s: %.300s", res.StatusCode, res.Request.URL, body)
	}
	if !strings.Contains(body, "Local only") {
		t.Error("the sign-in page does not say it is local only")
	}
	if strings.Contains(body, "https://") {
		t.Error("the sign-in page loads something from outside 127.0.0.1")
	}
	m := formAction.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no form on the sign-in page: %.300s", body)
	}
	code, err := stack.TOTPCode(u.TOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	res, body = postForm(t, c, res.Request.URL, m[1], url.Values{"email": {u.Email}, "password": {password}, "code": {code}})
	if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusFound {
		return nil, res, body
	}
	back, err := res.Location()
	if err != nil {
		t.Fatal(err)
	}
	return back, res, body
}

type cognitoClaims struct {
	Email    string   `json:"email"`
	Groups   []string `json:"cognito:groups"`
	TokenUse string   `json:"token_use"`
	Username string   `json:"cognito:username"`
}

func TestOIDCCodeFlowWithPKCE(t *testing.T) {
	f := startOIDC(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	staff := f.users[0]

	began := time.Now()
	c := f.browser(t)
	verifier, state, nonce := oauth2.GenerateVerifier(), oauth2.GenerateVerifier(), oauth2.GenerateVerifier()
	authURL := f.conf.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
	back, res, body := f.signIn(t, c, authURL, staff, staff.Password)
	if back == nil {
		t.Fatalf("sign-in: %d %.300s", res.StatusCode, body)
	}
	q := back.Query()
	if back.String() != f.conf.RedirectURL+"?"+back.RawQuery || q.Get("state") != state || q.Get("code") == "" {
		t.Fatalf("callback %s: want the redirect URI with the code and state %q", back, state)
	}
	if q.Get("iss") != f.proc.Endpoint {
		t.Errorf("iss on the callback = %q, want %q (RFC 9207)", q.Get("iss"), f.proc.Endpoint)
	}
	tok, err := f.conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal("exchange:", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		t.Fatal("no id_token in the token response")
	}
	idt, err := f.provider.Verifier(&oidc.Config{ClientID: f.conf.ClientID}).Verify(ctx, raw)
	if err != nil {
		t.Fatal("verify:", err)
	}
	t.Logf("sign-in round trip (authorize, sign-in page, form post, callback, code exchange, ID token verified): %s",
		time.Since(began).Round(time.Millisecond))

	if idt.Nonce != nonce {
		t.Errorf("nonce = %q, want %q", idt.Nonce, nonce)
	}
	if idt.Issuer != f.proc.Endpoint || !slices.Equal(idt.Audience, []string{f.conf.ClientID}) || idt.Subject != staff.Sub {
		t.Errorf("iss %q aud %v sub %q", idt.Issuer, idt.Audience, idt.Subject)
	}
	if d := idt.Expiry.Sub(idt.IssuedAt); d != time.Hour {
		t.Errorf("ID token lives %s, want 1h (IdTokenValidity: 60 minutes)", d)
	}
	var cl cognitoClaims
	if err := idt.Claims(&cl); err != nil {
		t.Fatal(err)
	}
	if cl.Email != staff.Email || !slices.Contains(cl.Groups, "staff") || cl.TokenUse != "id" || cl.Username != staff.Sub {
		t.Errorf("claims %+v, want email %s, cognito:groups with staff, token_use id", cl, staff.Email)
	}
	var head struct {
		Alg string `json:"alg"`
	}
	if err := decodeJWTHeader(raw, &head); err != nil || head.Alg != "RS256" {
		t.Errorf("alg %q (%v), want RS256", head.Alg, err)
	}
	if ui, err := f.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err != nil || ui.Email != staff.Email {
		t.Errorf("userinfo: %v %+v", err, ui)
	}

	t.Run("code is single use", func(t *testing.T) {
		if _, err := f.conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier)); err == nil {
			t.Error("a used code was exchanged again")
		}
	})
	t.Run("another client id is refused", func(t *testing.T) {
		_, err := f.provider.Verifier(&oidc.Config{ClientID: "another-client"}).Verify(ctx, raw)
		if err == nil || !strings.Contains(err.Error(), "audience") {
			t.Errorf("verify for another client: %v, want an audience error", err)
		}
	})
	t.Run("another issuer is refused", func(t *testing.T) {
		keys := oidc.NewRemoteKeySet(ctx, f.proc.Endpoint+"/.well-known/jwks.json")
		_, err := oidc.NewVerifier("https://cognito-idp.eu-north-1.amazonaws.com/x", keys, &oidc.Config{ClientID: f.conf.ClientID}).Verify(ctx, raw)
		if err == nil || !strings.Contains(err.Error(), "different provider") {
			t.Errorf("verify with another issuer: %v, want an issuer error", err)
		}
	})
	t.Run("expired is refused", func(t *testing.T) {
		later := func() time.Time { return time.Now().Add(61 * time.Minute) }
		_, err := f.provider.Verifier(&oidc.Config{ClientID: f.conf.ClientID, Now: later}).Verify(ctx, raw)
		var exp *oidc.TokenExpiredError
		if !errors.As(err, &exp) {
			t.Errorf("verify an hour later: %v, want TokenExpiredError", err)
		}
	})
	t.Run("tampered is refused", func(t *testing.T) {
		parts := strings.Split(raw, ".")
		sig := []byte(parts[2])
		if sig[10] == 'A' {
			sig[10] = 'B'
		} else {
			sig[10] = 'A'
		}
		parts[2] = string(sig)
		if _, err := f.provider.Verifier(&oidc.Config{ClientID: f.conf.ClientID}).Verify(ctx, strings.Join(parts, ".")); err == nil {
			t.Error("a token with a broken signature was accepted")
		}
	})

	t.Run("session, then end-session", func(t *testing.T) {
		// Signed in: a second authorize in the same browser comes straight back.
		v2 := oauth2.GenerateVerifier()
		res, _ := get(t, c, f.conf.AuthCodeURL("s2", oidc.Nonce("n2"), oauth2.S256ChallengeOption(v2)))
		if loc, _ := res.Location(); loc == nil || loc.Query().Get("code") == "" {
			t.Fatalf("with a session, authorize should return a code at once: %d", res.StatusCode)
		}
		var disc struct {
			EndSession string `json:"end_session_endpoint"`
		}
		if err := f.provider.Claims(&disc); err != nil || disc.EndSession == "" {
			t.Fatalf("no end_session_endpoint in discovery: %v", err)
		}
		logout := disc.EndSession + "?" + url.Values{"id_token_hint": {raw}, "post_logout_redirect_uri": {f.signedOut},
			"state": {"bye"}}.Encode()
		res, body := get(t, c, logout)
		m := formAction.FindStringSubmatch(body)
		xsrf := regexp.MustCompile(`name="xsrf" value="([^"]+)"`).FindStringSubmatch(body)
		if res.StatusCode != http.StatusOK || m == nil || xsrf == nil {
			t.Fatalf("end-session page: %d %.300s", res.StatusCode, body)
		}
		res, body = postForm(t, c, res.Request.URL, m[1], url.Values{"xsrf": {xsrf[1]}, "logout": {"yes"}})
		loc, _ := res.Location()
		if loc == nil || !strings.HasPrefix(loc.String(), f.signedOut+"?") || loc.Query().Get("state") != "bye" {
			t.Fatalf("after sign-out: %d %v %.300s", res.StatusCode, loc, body)
		}
		// Signed out: authorize shows the sign-in page again.
		res, body = get(t, c, f.conf.AuthCodeURL("s3", oidc.Nonce("n3"), oauth2.S256ChallengeOption(v2)))
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="password"`) {
			t.Errorf("after sign-out, authorize: %d, want the sign-in page", res.StatusCode)
		}
	})
}

func TestOIDCRefusals(t *testing.T) {
	f := startOIDC(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	staff := f.users[0]

	t.Run("wrong password", func(t *testing.T) {
		v := oauth2.GenerateVerifier()
		back, res, body := f.signIn(t, f.browser(t), f.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(v)), staff, staff.Password+"x")
		if back != nil || res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Incorrect email, password or code") {
			t.Errorf("wrong password: %d %v", res.StatusCode, back)
		}
	})
	t.Run("wrong second factor", func(t *testing.T) {
		c := f.browser(t)
		res, body := get(t, c, f.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
		m := formAction.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no sign-in form: %d", res.StatusCode)
		}
		code, _ := stack.TOTPCode(staff.TOTPSecret, time.Now().Add(-5*time.Minute))
		res, _ = postForm(t, c, res.Request.URL, m[1], url.Values{"email": {staff.Email}, "password": {staff.Password}, "code": {code}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("a stale TOTP code: %d, want 401", res.StatusCode)
		}
		res, _ = postForm(t, c, res.Request.URL, m[1], url.Values{"email": {staff.Email}, "password": {staff.Password}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("no TOTP code: %d, want 401", res.StatusCode)
		}
	})
	t.Run("missing PKCE challenge", func(t *testing.T) {
		res, _ := get(t, f.browser(t), f.conf.AuthCodeURL("s"))
		loc, _ := res.Location()
		if loc == nil || loc.Query().Get("error") != "invalid_request" || !strings.Contains(loc.Query().Get("error_description"), "PKCE") {
			t.Errorf("authorize without PKCE: %d %v, want invalid_request about PKCE", res.StatusCode, loc)
		}
	})
	t.Run("plain PKCE", func(t *testing.T) {
		v := oauth2.GenerateVerifier()
		res, _ := get(t, f.browser(t), f.conf.AuthCodeURL("s", oauth2.SetAuthURLParam("code_challenge", v),
			oauth2.SetAuthURLParam("code_challenge_method", "plain")))
		loc, _ := res.Location()
		if loc == nil || loc.Query().Get("error") != "invalid_request" {
			t.Errorf("authorize with plain PKCE: %d %v, want invalid_request", res.StatusCode, loc)
		}
	})
	t.Run("implicit flow", func(t *testing.T) {
		res, _ := get(t, f.browser(t), f.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()),
			oauth2.SetAuthURLParam("response_type", "id_token"), oidc.Nonce("n")))
		loc, _ := res.Location()
		if loc == nil || !strings.Contains(loc.String(), "error=unsupported_response_type") {
			t.Errorf("implicit flow: %d %v, want unsupported_response_type", res.StatusCode, loc)
		}
	})
	t.Run("unregistered redirect URI", func(t *testing.T) {
		conf := f.conf
		conf.RedirectURL = "http://127.0.0.1:1/evil"
		res, _ := get(t, f.browser(t), conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("unregistered redirect_uri: %d, want 400 (no redirect)", res.StatusCode)
		}
	})
	for name, opts := range map[string][]oauth2.AuthCodeOption{
		"wrong PKCE verifier": {oauth2.VerifierOption(oauth2.GenerateVerifier())},
		"no PKCE verifier":    nil,
	} {
		t.Run(name, func(t *testing.T) {
			v := oauth2.GenerateVerifier()
			back, res, _ := f.signIn(t, f.browser(t), f.conf.AuthCodeURL("s", oidc.Nonce("n"), oauth2.S256ChallengeOption(v)), staff, staff.Password)
			if back == nil {
				t.Fatalf("sign-in: %d", res.StatusCode)
			}
			_, err := f.conf.Exchange(ctx, back.Query().Get("code"), opts...)
			var re *oauth2.RetrieveError
			if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" {
				t.Errorf("exchange: %v, want invalid_grant", err)
			}
		})
	}
	// The users outside the staff group: the visitor (no group) and the two
	// reviewers (the reviewer group only).
	for _, c := range []struct {
		name   string
		sub    string
		groups []string
	}{
		{"user without the staff group", stack.DevVisitorSub, []string{}},
		{"reviewer", stack.DevReviewerSub, []string{"reviewer"}},
		{"second reviewer", stack.DevSecondReviewerSub, []string{"reviewer"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			i := slices.IndexFunc(f.users, func(u stack.OIDCUser) bool { return u.Sub == c.sub })
			if i < 0 {
				t.Fatalf("no user %s", c.sub)
			}
			u := f.users[i]
			v := oauth2.GenerateVerifier()
			back, res, _ := f.signIn(t, f.browser(t), f.conf.AuthCodeURL("s", oidc.Nonce("n"), oauth2.S256ChallengeOption(v)), u, u.Password)
			if back == nil {
				t.Fatalf("sign-in: %d", res.StatusCode)
			}
			tok, err := f.conf.Exchange(ctx, back.Query().Get("code"), oauth2.VerifierOption(v))
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := tok.Extra("id_token").(string)
			idt, err := f.provider.Verifier(&oidc.Config{ClientID: f.conf.ClientID}).Verify(ctx, raw)
			if err != nil {
				t.Fatal(err)
			}
			var cl cognitoClaims
			if err := idt.Claims(&cl); err != nil {
				t.Fatal(err)
			}
			if idt.Subject != u.Sub || cl.Email != u.Email || !slices.Equal(cl.Groups, c.groups) || cl.TokenUse != "id" {
				t.Errorf("%s's claims %+v (sub %s), want groups %q", u.Email, cl, idt.Subject, c.groups)
			}
		})
	}
}

// The local users: fixed subjects and addresses (audit lines name the same
// actor at every start), one role each, fresh secrets at every call.
func TestOIDCDevUsers(t *testing.T) {
	a, err := stack.DevOIDCUsers()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := stack.DevOIDCUsers()
	want := []struct {
		sub, email string
		groups     []string
	}{
		{stack.DevStaffSub, "handlaggare@example.org", []string{"staff"}},
		{stack.DevVisitorSub, "besokare@example.org", []string{}},
		{stack.DevReviewerSub, "granskare@example.org", []string{"reviewer"}},
		{stack.DevSecondReviewerSub, "granskare2@example.org", []string{"reviewer"}},
	}
	if len(a) != len(want) {
		t.Fatalf("%d users, want %d", len(a), len(want))
	}
	for i, w := range want {
		u := a[i]
		if u.Sub != w.sub || u.Email != w.email || !slices.Equal(u.Groups, w.groups) || u.Groups == nil {
			t.Errorf("user %d: %s %s %q, want %s %s %q", i, u.Sub, u.Email, u.Groups, w.sub, w.email, w.groups)
		}
		if u.Password == b[i].Password || u.TOTPSecret == b[i].TOTPSecret || len(u.Password) < 14 {
			t.Errorf("%s: the password and TOTP secret are not made fresh", u.Email)
		}
	}
}

func decodeJWTHeader(raw string, v any) error {
	head, _, _ := strings.Cut(raw, ".")
	b, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func TestOIDCTOTPCode(t *testing.T) {
	// RFC 6238 appendix B, SHA-1 (the last 6 of its 8 digits).
	secret := "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" // "12345678901234567890"
	for unix, want := range map[int64]string{59: "287082", 1111111109: "081804", 1234567890: "005924", 2000000000: "279037"} {
		got, err := stack.TOTPCode(secret, time.Unix(unix, 0))
		if err != nil || got != want {
			t.Errorf("TOTP at %d = %q %v, want %q", unix, got, err, want)
		}
	}
}

// Cognito accepts an app client's callback and sign-out URLs only over
// https, or plain http for localhost: the local provider refuses the rest
// before it starts.
func TestOIDCRefusesCallbackURLsCognitoWouldNot(t *testing.T) {
	if testing.Short() {
		t.Skip("needs npm oidc-provider installed: not with -short")
	}
	root, err := stack.Root(".")
	if err != nil {
		t.Fatal(err)
	}
	users, _ := stack.DevOIDCUsers()
	for _, u := range []string{"http://127.0.0.1:3000/staff/callback", "http://ansok.example/staff/callback", "https://ansok.example/cb#x", "/staff/callback"} {
		_, err := stack.StartOIDC(root, 0, io.Discard, stack.OIDCConfig{ClientID: "c", RedirectURIs: []string{u}, Users: users})
		if err == nil || !strings.Contains(err.Error(), "Cognito accepts") {
			t.Errorf("%s: %v", u, err)
		}
	}
}
