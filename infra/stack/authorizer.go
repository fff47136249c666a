package stack

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// LocalAuthority stands in for the Cognito user pool: it issues staff
// tokens signed with a local dev key (RS256, as Cognito signs them), serves
// the key as a JWKS, and verifies tokens the way API Gateway's JWT
// authorizer does (signature, issuer, audience or client_id, expiry). It is
// never deployed.
type LocalAuthority struct {
	Issuer   string
	Audience string
	key      *rsa.PrivateKey
	kid      string
	now      func() time.Time
}

// NewLocalAuthority makes a fresh key; tokens die with the process.
func NewLocalAuthority(now func() time.Time) (*LocalAuthority, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return &LocalAuthority{Issuer: "https://cognito-idp.local.amazonaws.com/local_partnerskap", Audience: "partnerskap-local-client",
		key: k, kid: "local-dev-key", now: now}, nil
}

var b64 = base64.RawURLEncoding

// Issue returns an ID token (as Cognito's: aud is the app client) for
// email, in groups, valid for ttl from now.
func (a *LocalAuthority) Issue(email string, groups []string, ttl time.Duration) (string, error) {
	now := a.now()
	claims := map[string]any{"sub": "local-" + email, "email": email, "iss": a.Issuer, "aud": a.Audience,
		"token_use": "id", "iat": now.Unix(), "exp": now.Add(ttl).Unix(), "cognito:groups": groups}
	return a.sign(claims)
}

func (a *LocalAuthority) sign(claims map[string]any) (string, error) {
	head, _ := json.Marshal(map[string]string{"alg": "RS256", "kid": a.kid, "typ": "JWT"})
	body, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signing := b64.EncodeToString(head) + "." + b64.EncodeToString(body)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, a.key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return signing + "." + b64.EncodeToString(sig), nil
}

// JWKS is the public key set, as Cognito serves it.
func (a *LocalAuthority) JWKS() []byte {
	pub := a.key.PublicKey
	b, _ := json.Marshal(map[string]any{"keys": []map[string]string{{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": a.kid,
		"n": b64.EncodeToString(pub.N.Bytes()), "e": b64.EncodeToString(big.NewInt(int64(pub.E)).Bytes())}}})
	return b
}

var errUnauthorized = errors.New("unauthorized")

// Verify checks a token as API Gateway's JWT authorizer does and returns
// its claims as the authorizer passes them to Lambda (strings; arrays as
// "[a b]").
func (a *LocalAuthority) Verify(token string) (*events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription, error) {
	token = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(token), "Bearer "))
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: not a JWT", errUnauthorized)
	}
	var head struct{ Alg, Kid string }
	if err := decodePart(parts[0], &head); err != nil || head.Alg != "RS256" || head.Kid != a.kid {
		return nil, fmt.Errorf("%w: unknown key or algorithm", errUnauthorized)
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil {
		return nil, fmt.Errorf("%w: signature encoding", errUnauthorized)
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(&a.key.PublicKey, crypto.SHA256, sum[:], sig); err != nil {
		return nil, fmt.Errorf("%w: bad signature", errUnauthorized)
	}
	var claims map[string]any
	if err := decodePart(parts[1], &claims); err != nil {
		return nil, fmt.Errorf("%w: claims", errUnauthorized)
	}
	now := a.now().Unix()
	num := func(k string) (int64, bool) { f, ok := claims[k].(float64); return int64(f), ok }
	if exp, ok := num("exp"); !ok || now >= exp {
		return nil, fmt.Errorf("%w: expired", errUnauthorized)
	}
	if nbf, ok := num("nbf"); ok && now < nbf {
		return nil, fmt.Errorf("%w: not yet valid", errUnauthorized)
	}
	if claims["iss"] != a.Issuer {
		return nil, fmt.Errorf("%w: issuer", errUnauthorized)
	}
	// API Gateway takes aud, or client_id for access tokens, that matches an audience.
	if claims["aud"] != a.Audience && claims["client_id"] != a.Audience {
		return nil, fmt.Errorf("%w: audience", errUnauthorized)
	}
	out := &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: map[string]string{}}
	for k, v := range claims {
		switch x := v.(type) {
		case string:
			out.Claims[k] = x
		case float64:
			out.Claims[k] = fmt.Sprint(int64(x))
		case []any:
			s := make([]string, len(x))
			for i, e := range x {
				s[i] = fmt.Sprint(e)
			}
			out.Claims[k] = "[" + strings.Join(s, " ") + "]"
		default:
			out.Claims[k] = fmt.Sprint(x)
		}
	}
	if sc, ok := claims["scope"].(string); ok {
		out.Scopes = strings.Fields(sc)
	}
	return out, nil
}

func decodePart(p string, v any) error {
	b, err := b64.DecodeString(p)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// identity reads the token from the request as the authorizer's identity
// source says ($request.header.Authorization, $request.querystring.token).
func identity(r *http.Request, source string) string {
	switch {
	case strings.HasPrefix(source, "$request.header."):
		return r.Header.Get(strings.TrimPrefix(source, "$request.header."))
	case strings.HasPrefix(source, "$request.querystring."):
		return r.URL.Query().Get(strings.TrimPrefix(source, "$request.querystring."))
	}
	return ""
}
