// Package auth is staff sign-in and its check at the edge: the
// authorization-code flow with PKCE against the staff user pool's managed
// login (Cognito; locally a real OpenID provider on the same paths), the
// session cookie that carries the pool's ID token, and the HTTP API Lambda
// authorizer that verifies that token (or a bearer token) before any staff
// function runs. The pool has two roles, its groups: staff (programme
// officers) and reviewers (who score assigned applications); both sign in
// the same way, and their pages live below /staff. Tokens are verified by
// go-oidc, never by hand.
package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

// Config is the staff user pool as the functions see it.
type Config struct {
	// Issuer is the pool's issuer (https://cognito-idp.<region>.amazonaws.com/<pool id>);
	// its keys are at Issuer + "/.well-known/jwks.json".
	Issuer string
	// DomainURL is the pool's managed login domain
	// (https://<prefix>.auth.<region>.amazoncognito.com): /oauth2/authorize,
	// /oauth2/token and /logout.
	DomainURL string
	// ClientID is the app client (public: no secret; code flow with PKCE).
	ClientID string
	// PublicBaseURL is where staff reach the pages (https://...): the
	// callback and sign-out addresses registered on the app client, and the
	// one origin the authorizer trusts besides the request's own.
	PublicBaseURL string
}

// LoadConfig reads the configuration through lookup (os.LookupEnv in Lambda).
func LoadConfig(lookup func(string) (string, bool)) (Config, error) {
	get := func(k string) string { v, _ := lookup(k); return strings.TrimRight(v, "/") }
	c := Config{Issuer: get("OIDC_ISSUER"), DomainURL: get("AUTH_DOMAIN_URL"), ClientID: get("STAFF_CLIENT_ID"),
		PublicBaseURL: get("PUBLIC_BASE_URL")}
	var missing []string
	for k, v := range map[string]string{"OIDC_ISSUER": c.Issuer, "AUTH_DOMAIN_URL": c.DomainURL, "STAFF_CLIENT_ID": c.ClientID,
		"PUBLIC_BASE_URL": c.PublicBaseURL} {
		if v == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return c, fmt.Errorf("not set: %s", strings.Join(missing, ", "))
	}
	for _, u := range []string{c.Issuer, c.DomainURL, c.PublicBaseURL} {
		if p, err := url.Parse(u); err != nil || p.Host == "" || (p.Scheme != "https" && p.Scheme != "http") {
			return c, fmt.Errorf("not an absolute URL: %q", u)
		}
	}
	return c, nil
}

// The endpoints of the pool, at Cognito's paths (the local provider serves
// the same ones).
func (c Config) authURL() string     { return c.DomainURL + "/oauth2/authorize" }
func (c Config) tokenURL() string    { return c.DomainURL + "/oauth2/token" }
func (c Config) jwksURL() string     { return c.Issuer + "/.well-known/jwks.json" }
func (c Config) callbackURL() string { return c.PublicBaseURL + "/staff/callback" }

// SignedOutURL is where the pool's /logout sends the browser back to (one of
// the app client's sign-out URLs).
func (c Config) SignedOutURL() string { return c.PublicBaseURL + "/staff/signedout" }

// The pool groups the programme knows: the authorizer lets through a
// verified user in either, and each staff function then requires its own
// (StaffOnly: staff; ReviewerOnly: reviewer).
const (
	// StaffGroup: programme officers, who see and decide everything.
	StaffGroup = "staff"
	// ReviewerGroup: reviewers, who score the applications assigned to
	// them and see nothing else.
	ReviewerGroup = "reviewer"
)

// Identity is a verified user of the pool.
type Identity struct {
	Sub     string // the stable id: what audit lines record
	Email   string // a label only
	Groups  []string
	Expires time.Time
}

// Staff says whether the user is in the staff group.
func (id Identity) Staff() bool { return slices.Contains(id.Groups, StaffGroup) }

// Reviewer says whether the user is in the reviewer group (a user may be
// in both).
func (id Identity) Reviewer() bool { return slices.Contains(id.Groups, ReviewerGroup) }

// ErrInvalidToken is any token that does not verify: malformed, signed by
// another key, another issuer or client, expired, not an ID token.
var ErrInvalidToken = errors.New("invalid token")

// Verifier verifies the pool's ID tokens: signature against the pool's keys
// (fetched once and kept for the container's life, fetched again only for
// a key id it does not know), issuer, audience (the app client), expiry,
// and token_use "id".
type Verifier struct {
	v    *oidc.IDTokenVerifier
	keys *poolKeys
}

// NewVerifier builds the verifier; nothing is fetched until the first token.
// client makes the key requests (a timeout of its own); now is the clock.
func NewVerifier(c Config, client *http.Client, now func() time.Time) *Verifier {
	keys := &poolKeys{url: c.jwksURL(), client: client, now: now}
	return &Verifier{keys: keys, v: oidc.NewVerifier(c.Issuer, keys, &oidc.Config{ClientID: c.ClientID, Now: now,
		SupportedSigningAlgs: []string{oidc.RS256}})}
}

// claims are the ID token's claims the programme reads.
type claims struct {
	TokenUse string   `json:"token_use"`
	Email    string   `json:"email"`
	Groups   []string `json:"cognito:groups"`
}

// Verify checks raw and returns who it names; the nonce is returned for the
// callback to compare with its own.
func (v *Verifier) Verify(ctx context.Context, raw string) (Identity, string, error) {
	tok, err := v.v.Verify(ctx, raw)
	if err != nil {
		return Identity{}, "", fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	var c claims
	if err := tok.Claims(&c); err != nil {
		return Identity{}, "", fmt.Errorf("%w: claims: %w", ErrInvalidToken, err)
	}
	// Cognito's access tokens carry client_id, not aud, so go-oidc refuses
	// them already; token_use says so too.
	if c.TokenUse != "id" {
		return Identity{}, "", fmt.Errorf("%w: token_use %q, want an ID token", ErrInvalidToken, c.TokenUse)
	}
	if tok.Subject == "" {
		return Identity{}, "", fmt.Errorf("%w: no subject", ErrInvalidToken)
	}
	return Identity{Sub: tok.Subject, Email: c.Email, Groups: c.Groups, Expires: tok.Expiry}, tok.Nonce, nil
}
