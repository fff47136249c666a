package auth

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	jose "github.com/go-jose/go-jose/v4"

	"partnerskap/internal/session"
)

// issuer is a pool's public side for unit tests: its keys, and a token
// endpoint that answers a code with the ID token the test chose. (The
// integration tests use a real OpenID provider; see infra/stack.)
type issuer struct {
	srv      *httptest.Server
	key      *rsa.PrivateKey
	served   []jose.JSONWebKey // the key set the issuer publishes
	cfg      Config
	keyFetch int
	// idToken answers the token endpoint; gotVerifier is what it was sent.
	idToken     string
	gotVerifier string
}

func newIssuer(t *testing.T) *issuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	is := &issuer{key: key, served: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/jwks.json", func(w http.ResponseWriter, r *http.Request) {
		is.keyFetch++
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: is.served})
	})
	mux.HandleFunc("POST /oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		is.gotVerifier = r.PostForm.Get("code_verifier")
		if r.PostForm.Get("client_id") != is.cfg.ClientID || r.PostForm.Get("code") != "the-code" ||
			r.PostForm.Get("redirect_uri") != is.cfg.PublicBaseURL+"/staff/callback" {
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "opaque", "token_type": "Bearer", "expires_in": 3600, "id_token": is.idToken})
	})
	is.srv = httptest.NewServer(mux)
	t.Cleanup(is.srv.Close)
	is.cfg = Config{Issuer: is.srv.URL, DomainURL: is.srv.URL, ClientID: "client-1", PublicBaseURL: "https://ansok.example"}
	return is
}

// tokenWithKid is token signed by key under the key id kid.
func (is *issuer) tokenWithKid(t *testing.T, key *rsa.PrivateKey, kid string) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{"iss": is.cfg.Issuer, "aud": is.cfg.ClientID, "sub": "sub-1", "token_use": "id",
		"cognito:groups": []string{"staff"}, "exp": time.Now().Add(time.Hour).Unix()})
	jws, _ := signer.Sign(b)
	s, _ := jws.CompactSerialize()
	return s
}

// token signs claims over the pool's defaults (a staff member's ID token,
// valid for an hour).
func (is *issuer) token(t *testing.T, key *rsa.PrivateKey, claims map[string]any) string {
	t.Helper()
	c := map[string]any{"iss": is.cfg.Issuer, "aud": is.cfg.ClientID, "sub": "sub-1", "email": "eva@example.org",
		"token_use": "id", "cognito:groups": []string{"staff"}, "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}
	for k, v := range claims {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "k1"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(c)
	jws, err := signer.Sign(b)
	if err != nil {
		t.Fatal(err)
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerifyTakesOnlyThePoolsIDTokens(t *testing.T) {
	is := newIssuer(t)
	v := NewVerifier(is.cfg, http.DefaultClient, time.Now)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	good := is.token(t, is.key, nil)
	id, _, err := v.Verify(context.Background(), good)
	if err != nil || id.Sub != "sub-1" || id.Email != "eva@example.org" || !id.Staff() || id.Expires.Before(time.Now()) {
		t.Fatalf("a staff member's ID token: %+v %v", id, err)
	}
	parts := strings.Split(good, ".")
	for name, raw := range map[string]string{
		"another key":          is.token(t, other, nil),
		"another issuer":       is.token(t, is.key, map[string]any{"iss": "https://cognito-idp.eu-north-1.amazonaws.com/other"}),
		"another client":       is.token(t, is.key, map[string]any{"aud": "client-2"}),
		"expired":              is.token(t, is.key, map[string]any{"exp": time.Now().Add(-time.Minute).Unix()}),
		"an access token":      is.token(t, is.key, map[string]any{"token_use": "access", "client_id": "client-1"}),
		"no token_use":         is.token(t, is.key, map[string]any{"token_use": nil}),
		"no subject":           is.token(t, is.key, map[string]any{"sub": ""}),
		"claims changed":       parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"x"}`)) + "." + parts[2],
		"unsigned (alg none)":  base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + parts[1] + ".",
		"not a JWT":            "nonsense",
		"an applicant's key":   "Zm9vYmFyYmF6cXV4",
		"empty":                "",
		"the signature alone":  parts[2],
		"two tokens in one":    good + "." + good,
		"a token with spaces":  " " + good + " x",
		"HS256 with the key N": hs256(t, parts[1], is.key.N.Bytes()),
	} {
		if _, _, err := v.Verify(context.Background(), raw); err == nil {
			t.Errorf("%s: verified", name)
		}
	}
	if is.keyFetch != 1 {
		t.Errorf("the keys were fetched %d times, want once (kept for the container's life)", is.keyFetch)
	}
}

func hs256(t *testing.T, payload string, secret []byte) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: secret}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := base64.RawURLEncoding.DecodeString(payload)
	jws, _ := signer.Sign(b)
	s, _ := jws.CompactSerialize()
	return s
}

func awsSample(t *testing.T) events.APIGatewayV2CustomAuthorizerV2Request {
	t.Helper()
	b, err := os.ReadFile("testdata/apigw-v2-custom-authorizer-v2-request.json")
	if err != nil {
		t.Fatal(err)
	}
	var req events.APIGatewayV2CustomAuthorizerV2Request
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	return req
}

// The authorizer on AWS's own request sample (payload format 2.0) and
// variations of it: who gets in, who is let through anonymous, who not.
func TestAuthorizerDecides(t *testing.T) {
	is := newIssuer(t)
	a, err := NewAuthorizer(NewVerifier(is.cfg, http.DefaultClient, time.Now), is.cfg.PublicBaseURL, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	staff := is.token(t, is.key, nil)
	visitor := is.token(t, is.key, map[string]any{"sub": "sub-2", "cognito:groups": []string{"readonly"}})
	reviewer := is.token(t, is.key, map[string]any{"sub": "sub-3", "email": "rut@example.org", "cognito:groups": []string{"reviewer"}})
	both := is.token(t, is.key, map[string]any{"sub": "sub-4", "email": "ann@example.org", "cognito:groups": []string{"reviewer", "staff"}})
	noGroups := is.token(t, is.key, map[string]any{"sub": "sub-5", "cognito:groups": nil})
	lookalike := is.token(t, is.key, map[string]any{"sub": "sub-6", "cognito:groups": []string{"Reviewer", "reviewers", "staff reviewer"}})
	expired := is.token(t, is.key, map[string]any{"exp": time.Now().Add(-time.Second).Unix()})
	nav := map[string]string{"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "none", "Accept": "text/html"}
	for _, c := range []struct {
		name      string
		method    string
		headers   map[string]string
		cookies   []string
		allow     bool
		anonymous string
		// who the function is told the caller is (sub, email, groups):
		// the staff member's token unless set
		who [3]string
	}{
		{name: "AWS's sample as it is (a POST, no token)", method: "POST"},
		{name: "a staff member's cookie", method: "GET", cookies: []string{"a=b", session.Cookie + "=" + staff}, allow: true},
		{name: "a staff member's bearer token", method: "POST", headers: map[string]string{"Authorization": "Bearer " + staff}, allow: true},
		{name: "bearer in lower case", method: "GET", headers: map[string]string{"authorization": "bearer " + staff}, allow: true},
		{name: "a same-origin form post with the cookie", method: "POST", headers: map[string]string{"Sec-Fetch-Site": "same-origin"},
			cookies: []string{session.Cookie + "=" + staff}, allow: true},
		{name: "a cross-site form post with the cookie", method: "POST", headers: map[string]string{"Sec-Fetch-Site": "cross-site"},
			cookies: []string{session.Cookie + "=" + staff}},
		{name: "a post from another origin (no fetch metadata)", method: "POST", headers: map[string]string{"Origin": "https://evil.example"},
			cookies: []string{session.Cookie + "=" + staff}},
		{name: "a post from our public origin", method: "POST", headers: map[string]string{"Origin": "https://ansok.example"},
			cookies: []string{session.Cookie + "=" + staff}, allow: true},
		{name: "a page request without a session", method: "GET", headers: nav, allow: true, anonymous: session.SignIn},
		{name: "an old browser's page request", method: "GET", headers: map[string]string{"Accept": "text/html"}, allow: true, anonymous: session.SignIn},
		{name: "a page request with an expired session", method: "GET", headers: nav, cookies: []string{session.Cookie + "=" + expired},
			allow: true, anonymous: session.SignIn},
		{name: "a page request of a user who is not staff", method: "GET", headers: nav, cookies: []string{session.Cookie + "=" + visitor},
			allow: true, anonymous: session.Forbidden},
		{name: "a fetch without a session", method: "GET", headers: map[string]string{"Sec-Fetch-Mode": "cors", "Accept": "text/html"}},
		{name: "a JSON GET without a session", method: "GET", headers: map[string]string{"Accept": "application/json"}},
		{name: "a JSON GET of a user who is not staff", method: "GET", headers: map[string]string{"Authorization": "Bearer " + visitor}},
		{name: "a POST navigation without a session", method: "POST", headers: nav},
		{name: "an expired bearer token", method: "GET", headers: map[string]string{"Authorization": "Bearer " + expired}},
		// A reviewer gets past with their groups; the function then requires
		// its own role (a staff page refuses them).
		{name: "a reviewer's cookie", method: "GET", cookies: []string{session.Cookie + "=" + reviewer}, allow: true,
			who: [3]string{"sub-3", "rut@example.org", "reviewer"}},
		{name: "a reviewer's page request", method: "GET", headers: nav, cookies: []string{session.Cookie + "=" + reviewer}, allow: true,
			who: [3]string{"sub-3", "rut@example.org", "reviewer"}},
		{name: "a reviewer's bearer token", method: "POST", headers: map[string]string{"Authorization": "Bearer " + reviewer}, allow: true,
			who: [3]string{"sub-3", "rut@example.org", "reviewer"}},
		{name: "a reviewer's same-origin form post", method: "POST", headers: map[string]string{"Sec-Fetch-Site": "same-origin"},
			cookies: []string{session.Cookie + "=" + reviewer}, allow: true, who: [3]string{"sub-3", "rut@example.org", "reviewer"}},
		{name: "a reviewer's cross-site form post", method: "POST", headers: map[string]string{"Sec-Fetch-Site": "cross-site"},
			cookies: []string{session.Cookie + "=" + reviewer}},
		{name: "a user in both groups", method: "GET", cookies: []string{session.Cookie + "=" + both}, allow: true,
			who: [3]string{"sub-4", "ann@example.org", "reviewer staff"}},
		// In neither group: refused as before, a page request gets the
		// Forbidden marker.
		{name: "a JSON POST of a user in neither group", method: "POST", headers: map[string]string{"Authorization": "Bearer " + visitor}},
		{name: "a page request of a user without groups", method: "GET", headers: nav, cookies: []string{session.Cookie + "=" + noGroups},
			allow: true, anonymous: session.Forbidden},
		{name: "a JSON GET of a user without groups", method: "GET", headers: map[string]string{"Authorization": "Bearer " + noGroups}},
		{name: "a page request of look-alike groups", method: "GET", headers: nav, cookies: []string{session.Cookie + "=" + lookalike},
			allow: true, anonymous: session.Forbidden},
		{name: "a JSON GET of look-alike groups", method: "GET", headers: map[string]string{"Authorization": "Bearer " + lookalike}},
	} {
		if c.who == [3]string{} {
			c.who = [3]string{"sub-1", "eva@example.org", "staff"}
		}
		req := awsSample(t)
		req.RequestContext.HTTP.Method = c.method
		req.Headers = map[string]string{"Host": "id.execute-api.us-east-1.amazonaws.com"}
		for k, v := range c.headers {
			req.Headers[k] = v
		}
		if c.cookies != nil {
			req.Cookies = c.cookies
		}
		res, err := a.Handle(context.Background(), req)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if res.IsAuthorized != c.allow || res.Context[session.KeyAnonymous] != anyOrNil(c.anonymous) {
			t.Errorf("%s: %+v, want allowed %v, anonymous %q", c.name, res, c.allow, c.anonymous)
			continue
		}
		if c.allow && c.anonymous == "" && (res.Context[session.KeySub] != c.who[0] || res.Context[session.KeyEmail] != c.who[1] || res.Context[session.KeyGroups] != c.who[2]) {
			t.Errorf("%s: context %v", c.name, res.Context)
		}
		// What the function then reads of it.
		if res.IsAuthorized {
			b, _ := json.Marshal(res.Context)
			var ctx map[string]any
			_ = json.Unmarshal(b, &ctx)
			who, err := session.FromRequest(events.APIGatewayV2HTTPRequest{RequestContext: events.APIGatewayV2HTTPRequestContext{
				Authorizer: &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: ctx}}})
			if err != nil || who.Anonymous != c.anonymous || (c.anonymous == "" && (who.Sub != c.who[0] || strings.Join(who.Groups, " ") != c.who[2] || who.Expires.Before(time.Now()))) {
				t.Errorf("%s: the function reads %+v %v", c.name, who, err)
			}
		}
	}
}

// The roles are exact group names: a user may hold both, and nothing
// like them counts.
func TestIdentityRoles(t *testing.T) {
	for _, c := range []struct {
		groups          []string
		staff, reviewer bool
	}{
		{[]string{"staff"}, true, false},
		{[]string{"reviewer"}, false, true},
		{[]string{"reviewer", "staff"}, true, true},
		{[]string{"readonly"}, false, false},
		{[]string{"Reviewer", "reviewers", "staff reviewer", " reviewer"}, false, false},
		{nil, false, false},
	} {
		id := Identity{Sub: "s", Groups: c.groups}
		if id.Staff() != c.staff || id.Reviewer() != c.reviewer {
			t.Errorf("%q: staff %v reviewer %v, want %v %v", c.groups, id.Staff(), id.Reviewer(), c.staff, c.reviewer)
		}
	}
}

func anyOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func TestSafeReturnKeepsOnlyOurStaffPages(t *testing.T) {
	for in, want := range map[string]string{
		"/staff/rounds/2027-1":                         "/staff/rounds/2027-1",
		"/staff/applications/KP-1?lang=en":             "/staff/applications/KP-1?lang=en",
		"":                                             "/staff/rounds",
		"/":                                            "/staff/rounds",
		"https://evil.example/staff/rounds":            "/staff/rounds",
		"//evil.example/staff/rounds":                  "/staff/rounds",
		"/\\evil.example":                              "/staff/rounds",
		"/staff/../rounds":                             "/staff/rounds",
		"/staff/signin":                                "/staff/rounds",
		"/staff/callback?code=x":                       "/staff/rounds",
		"javascript:alert(1)":                          "/staff/rounds",
		"/staff/rounds\r\nSet-Cookie: x=1":             "/staff/rounds",
		"/applications/KP-1?key=k":                     "/staff/rounds",
		"/staff/rounds/%2F%2Fevil.example":             "/staff/rounds/%2F%2Fevil.example",
		"http://localhost:3000/staff/rounds":           "/staff/rounds",
		"/staff/rounds/2027-1/applications?country=KE": "/staff/rounds/2027-1/applications?country=KE",
		// The reviewer's pages, below /staff (the session cookie's path).
		"/staff/review":                     "/staff/review",
		"/staff/review/2027-1/KP-1?lang=en": "/staff/review/2027-1/KP-1?lang=en",
		"/review/2027-1":                    "/staff/rounds",
		"/staff/review/../../review":        "/staff/rounds",
	} {
		if got := SafeReturn(in); got != want {
			t.Errorf("SafeReturn(%q) = %q, want %q", in, got, want)
		}
	}
}

// The flow end to end against the unit issuer: the provider's address
// carries PKCE (S256), state and nonce; the pending cookie is HttpOnly,
// Secure, SameSite=Lax and only for the callback; the callback exchanges
// the code with the verifier and sets the session; every way it can go
// wrong is refused.
func TestSignInFlow(t *testing.T) {
	is := newIssuer(t)
	f := NewFlow(is.cfg, NewVerifier(is.cfg, http.DefaultClient, time.Now), http.DefaultClient)
	to, pending := f.Start("/staff/applications/KP-1?lang=en")
	u, _ := url.Parse(to)
	q := u.Query()
	if u.Path != "/oauth2/authorize" || q.Get("client_id") != "client-1" || q.Get("response_type") != "code" ||
		q.Get("redirect_uri") != "https://ansok.example/staff/callback" || q.Get("code_challenge_method") != "S256" ||
		q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("nonce") == "" || q.Get("scope") != "openid email" {
		t.Fatalf("authorize URL: %s", to)
	}
	if !pending.HttpOnly || !pending.Secure || pending.SameSite != http.SameSiteLaxMode || pending.Path != "/staff/callback" || pending.MaxAge != 600 {
		t.Fatalf("pending cookie: %s", pending)
	}
	p, err := decodePending(pending.Value)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(p.Verifier))
	if base64.RawURLEncoding.EncodeToString(sum[:]) != q.Get("code_challenge") {
		t.Fatal("the challenge is not the verifier's S256")
	}
	is.idToken = is.token(t, is.key, map[string]any{"nonce": q.Get("nonce")})
	back := url.Values{"code": {"the-code"}, "state": {q.Get("state")}}

	for name, c := range map[string]struct {
		cookie string
		query  url.Values
		want   error
	}{
		"no pending sign-in":  {"", back, ErrNoPending},
		"a forged pending":    {"eyJzIjoieCJ9", back, ErrNoPending},
		"another state":       {pending.Value, url.Values{"code": {"the-code"}, "state": {"other"}}, ErrStateMismatch},
		"the provider's no":   {pending.Value, url.Values{"error": {"access_denied"}, "state": {q.Get("state")}}, ErrProviderRefuse},
		"no code":             {pending.Value, url.Values{"state": {q.Get("state")}}, ErrProviderRefuse},
		"a code not ours":     {pending.Value, url.Values{"code": {"stolen"}, "state": {q.Get("state")}}, ErrProviderRefuse},
		"a replayed response": {mustPending(t, f, "/staff/rounds"), back, ErrStateMismatch},
	} {
		if _, _, _, err := f.Finish(context.Background(), c.cookie, c.query); err == nil || !errorsIs(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	is.idToken = is.token(t, is.key, map[string]any{"nonce": "another sign-in's"})
	if _, _, _, err := f.Finish(context.Background(), pending.Value, back); !errorsIs(err, ErrInvalidToken) {
		t.Errorf("another nonce: %v", err)
	}

	is.idToken = is.token(t, is.key, map[string]any{"nonce": q.Get("nonce")})
	id, c, ret, err := f.Finish(context.Background(), pending.Value, back)
	if err != nil || id.Sub != "sub-1" || ret != "/staff/applications/KP-1?lang=en" || is.gotVerifier != p.Verifier {
		t.Fatalf("finish: %+v %q %v (verifier sent %q)", id, ret, err, is.gotVerifier)
	}
	if c.Name != session.Cookie || c.Value != is.idToken || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/staff" ||
		!c.Expires.Equal(id.Expires.UTC()) {
		t.Fatalf("session cookie: %s", c)
	}
	if got := f.LogoutURL(); got != is.srv.URL+"/logout?client_id=client-1&logout_uri=https%3A%2F%2Fansok.example%2Fstaff%2Fsignedout" {
		t.Fatalf("logout URL: %s", got)
	}
}

func mustPending(t *testing.T, f *Flow, ret string) string {
	t.Helper()
	_, c := f.Start(ret)
	return c.Value
}

func TestLoadConfigNamesWhatIsMissing(t *testing.T) {
	_, err := LoadConfig(func(k string) (string, bool) {
		return map[string]string{"OIDC_ISSUER": "https://x"}[k], k == "OIDC_ISSUER"
	})
	if err == nil || !strings.Contains(err.Error(), "AUTH_DOMAIN_URL, PUBLIC_BASE_URL, STAFF_CLIENT_ID") {
		t.Fatalf("err = %v", err)
	}
	env := map[string]string{"OIDC_ISSUER": "https://i", "AUTH_DOMAIN_URL": "ftp://d", "STAFF_CLIENT_ID": "c", "PUBLIC_BASE_URL": "https://p/"}
	if _, err := LoadConfig(func(k string) (string, bool) { v, ok := env[k]; return v, ok }); err == nil {
		t.Fatal("an ftp:// domain was accepted")
	}
	env["AUTH_DOMAIN_URL"] = "https://d"
	c, err := LoadConfig(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil || c.PublicBaseURL != "https://p" {
		t.Fatalf("%+v %v", c, err)
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// Forged tokens cannot make the authorizer fetch the pool's keys on every
// request: a known key id with a bad signature is refused without a fetch,
// an unknown one fetches at most once a minute; a rotated key is found.
func TestKeysAreFetchedAgainOnlyForANewKeyAtMostOnceAMinute(t *testing.T) {
	is := newIssuer(t)
	now := time.Now()
	v := NewVerifier(is.cfg, http.DefaultClient, func() time.Time { return now })
	if _, _, err := v.Verify(context.Background(), is.token(t, is.key, nil)); err != nil || is.keyFetch != 1 {
		t.Fatalf("first token: %v, %d fetches", err, is.keyFetch)
	}
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	for range 20 {
		_, _, _ = v.Verify(context.Background(), is.token(t, other, nil))             // k1, forged
		_, _, _ = v.Verify(context.Background(), is.tokenWithKid(t, other, "forged")) // an unknown key id
	}
	if is.keyFetch != 1 {
		t.Fatalf("40 forged tokens made %d more fetches, want none (the keys were fetched within the minute)", is.keyFetch-1)
	}
	// The pool rotates: a new key, published; a minute later it is found.
	rotated, _ := rsa.GenerateKey(rand.Reader, 2048)
	is.served = append(is.served, jose.JSONWebKey{Key: &rotated.PublicKey, KeyID: "k2", Algorithm: "RS256", Use: "sig"})
	if _, _, err := v.Verify(context.Background(), is.tokenWithKid(t, rotated, "k2")); err == nil {
		t.Fatal("a new key was fetched within the minute")
	}
	now = now.Add(refetchEvery)
	if _, _, err := v.Verify(context.Background(), is.tokenWithKid(t, rotated, "k2")); err != nil || is.keyFetch != 2 {
		t.Fatalf("the rotated key: %v, %d fetches", err, is.keyFetch)
	}
}
