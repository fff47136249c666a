package stack

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// OIDCUser is a user of the local OpenID provider, as a Cognito user of the
// staff pool: a stable subject (the audit actor), an email (the sign-in name
// and a label), a password, the pool groups, and a TOTP secret (base32, as an
// authenticator app takes it) for the second factor.
type OIDCUser struct {
	Sub        string   `json:"sub"`
	Email      string   `json:"email"`
	Password   string   `json:"password"`
	Groups     []string `json:"groups"`
	TOTPSecret string   `json:"totpSecret"`
}

// OIDCConfig is what the local provider is configured with: the one app
// client (public, code flow with PKCE, as the pool's) and its users.
type OIDCConfig struct {
	ClientID               string     `json:"clientId"`
	RedirectURIs           []string   `json:"redirectUris"`
	PostLogoutRedirectURIs []string   `json:"postLogoutRedirectUris"`
	Users                  []OIDCUser `json:"users"`
	// ShowCodes shows every user's current TOTP code on the sign-in page,
	// marked local only: for a person at `make dev`, never for tests.
	ShowCodes bool `json:"showCodes"`
	// IDTokenTTL is the ID tokens' life in seconds: 0 is the pool's (the
	// app client's IdTokenValidity, 60 minutes). Cognito's least is 5
	// minutes; a test of an expired session asks for a few seconds.
	IDTokenTTL int `json:"idTokenTTL,omitempty"`
}

// The subjects of DevOIDCUsers: fixed, so audit lines name the same actor
// from one start to the next (Cognito's sub is a UUID too).
const (
	DevStaffSub          = "5e1f0c7a-0000-4000-8000-000000000001"
	DevVisitorSub        = "5e1f0c7a-0000-4000-8000-000000000002"
	DevReviewerSub       = "5e1f0c7a-0000-4000-8000-000000000003"
	DevSecondReviewerSub = "5e1f0c7a-0000-4000-8000-000000000004"
)

// DevOIDCUsers makes the local users, in this order: a programme officer in
// the staff group, a user of the pool in neither group, and two reviewers in
// the reviewer group only (two, so that a test can assign an application to
// more than one). Passwords and TOTP secrets are made fresh at every call
// (nothing to commit, nothing that outlives the stack).
func DevOIDCUsers() ([]OIDCUser, error) {
	users := []OIDCUser{
		{Sub: DevStaffSub, Email: "handlaggare@example.org", Groups: []string{"staff"}},
		{Sub: DevVisitorSub, Email: "besokare@example.org", Groups: []string{}},
		{Sub: DevReviewerSub, Email: "granskare@example.org", Groups: []string{"reviewer"}},
		{Sub: DevSecondReviewerSub, Email: "granskare2@example.org", Groups: []string{"reviewer"}},
	}
	for i := range users {
		pw := make([]byte, 12)
		secret := make([]byte, 20)
		if _, err := rand.Read(pw); err != nil {
			return nil, err
		}
		if _, err := rand.Read(secret); err != nil {
			return nil, err
		}
		// The pool's policy: 14+ characters with lower, upper and digits.
		users[i].Password = "Local-Dev-1-" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(pw)
		users[i].TOTPSecret = base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(secret)
	}
	return users, nil
}

// TOTPCode is the RFC 6238 code (SHA-1, 6 digits, 30 s steps) an
// authenticator app shows at t for secret (base32).
func TOTPCode(secret string, t time.Time) (string, error) {
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		return "", fmt.Errorf("TOTP secret: %w", err)
	}
	var msg [8]byte
	for i, step := 7, uint64(t.Unix()/30); i >= 0; i, step = i-1, step>>8 {
		msg[i] = byte(step)
	}
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	h := m.Sum(nil)
	o := h[len(h)-1] & 0x0f
	n := (uint32(h[o])&0x7f)<<24 | uint32(h[o+1])<<16 | uint32(h[o+2])<<8 | uint32(h[o+3])
	return fmt.Sprintf("%06d", n%1000000), nil
}

// OTPAuthURI is the otpauth:// address of u's TOTP secret, which an
// authenticator app takes (as a QR code or typed in).
func OTPAuthURI(u OIDCUser) string {
	label := url.PathEscape("Partnerskap local:" + u.Email)
	q := url.Values{"secret": {u.TOTPSecret}, "issuer": {"Partnerskap local"}, "algorithm": {"SHA1"},
		"digits": {"6"}, "period": {"30"}}
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// OIDCProviderScript is the local provider `make deps` makes runnable (it
// needs npm oidc-provider in node_modules).
func OIDCProviderScript(root string) string {
	return filepath.Join(root, "infra", "oidc", "provider.mjs")
}

// StartOIDC runs the local OpenID provider (npm oidc-provider, standing in
// for Cognito's managed login) on 127.0.0.1:port (0: a free one), and waits
// until its discovery document answers. Its issuer is p.Endpoint.
func StartOIDC(root string, port int, log io.Writer, cfg OIDCConfig) (*Process, error) {
	script := OIDCProviderScript(root)
	if _, err := os.Stat(script); err != nil {
		return nil, fmt.Errorf("the OpenID provider script is missing (%s)", script)
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules", "oidc-provider", "package.json")); err != nil {
		return nil, errors.New("npm oidc-provider is not installed: run `make deps`")
	}
	if cfg.ClientID == "" || len(cfg.RedirectURIs) == 0 || len(cfg.Users) == 0 {
		return nil, errors.New("OIDCConfig needs a client id, redirect URIs and users")
	}
	// Cognito's rule for an app client's callback and sign-out URLs: HTTPS,
	// or plain HTTP for localhost only; absolute, no fragment.
	for _, raw := range append(slices.Clone(cfg.RedirectURIs), cfg.PostLogoutRedirectURIs...) {
		u, err := url.Parse(raw)
		if err != nil || u.Fragment != "" || u.Host == "" ||
			!(u.Scheme == "https" || (u.Scheme == "http" && u.Hostname() == "localhost")) {
			return nil, fmt.Errorf("OIDC: %q is not a URL Cognito accepts for an app client (https://, or http://localhost)", raw)
		}
	}
	for _, u := range cfg.Users {
		if u.Sub == "" || u.Email == "" || u.Password == "" {
			return nil, fmt.Errorf("OIDC user %q needs a sub, an email and a password", u.Email)
		}
		if _, err := TOTPCode(u.TOTPSecret, time.Time{}); err != nil || u.TOTPSecret == "" {
			return nil, fmt.Errorf("OIDC user %q needs a base32 TOTP secret", u.Email)
		}
	}
	if cfg.PostLogoutRedirectURIs == nil {
		cfg.PostLogoutRedirectURIs = []string{}
	}
	conf, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	if port == 0 {
		if port, err = FreePort(); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command("node", script, "--port", strconv.Itoa(port))
	cmd.Dir = root // node resolves oidc-provider from root/node_modules
	// The config goes in the environment (this user's only), never on disk.
	cmd.Env = append(os.Environ(), "PARTNERSKAP_OIDC_CONFIG="+string(conf))
	p, err := start("OpenID provider", cmd, log)
	if err != nil {
		return nil, err
	}
	p.Endpoint = "http://127.0.0.1:" + strconv.Itoa(port)
	if err := p.waitHTTP(p.Endpoint+"/.well-known/openid-configuration", 30*time.Second); err != nil {
		return nil, err
	}
	return p, nil
}
