// Package session is the contract between the staff authorizer (at the
// edge) and the staff functions behind it: the cookies of a staff browser
// and the context the authorizer passes to the function in
// requestContext.authorizer.lambda. It has no dependencies, so every
// function can read it without linking the token verification.
package session

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// The staff cookies, both scoped below /staff, HttpOnly, Secure and
// SameSite=Lax (Lax: the browser comes back from the sign-in pages with a
// top-level navigation, which must carry them).
const (
	// Cookie holds the session: the pool's ID token, until it expires.
	Cookie = "staff_session"
	// PendingCookie holds a sign-in under way (state, nonce, PKCE verifier,
	// the page to return to), for /staff/callback only, ten minutes.
	PendingCookie = "staff_signin"
)

// The keys of the authorizer's context.
const (
	KeySub       = "sub"       // the user's stable id
	KeyEmail     = "email"     // a label
	KeyGroups    = "groups"    // the pool groups, space-separated
	KeyExpires   = "expires"   // the session's end, Unix seconds
	KeyAnonymous = "anonymous" // set on a browser's page request let through without a staff or reviewer identity
)

// Why a browser's page request came through without a staff or reviewer
// identity (the value of KeyAnonymous).
const (
	SignIn    = "signin"    // no session, or an expired or invalid one: send it to sign-in
	Forbidden = "forbidden" // signed in, but in neither the staff nor the reviewer group
)

// Who is the caller of a staff function, as the authorizer passed it.
type Who struct {
	Sub, Email string
	Groups     []string
	Expires    time.Time
	// Anonymous is SignIn or Forbidden for a page request let through
	// without a staff or reviewer identity; "" for a user in either group
	// (Groups says which: each function requires its own).
	Anonymous string
}

// ErrNoAuthorizer: the request carries no authorizer context (a route
// deployed without the authorizer); nothing is trusted.
var ErrNoAuthorizer = errors.New("no authorizer context")

// FromRequest reads the authorizer's context.
func FromRequest(req events.APIGatewayV2HTTPRequest) (Who, error) {
	a := req.RequestContext.Authorizer
	if a == nil || len(a.Lambda) == 0 {
		return Who{}, ErrNoAuthorizer
	}
	str := func(k string) string { s, _ := a.Lambda[k].(string); return s }
	if anon := str(KeyAnonymous); anon != "" {
		if anon != SignIn && anon != Forbidden {
			return Who{}, ErrNoAuthorizer
		}
		return Who{Anonymous: anon}, nil
	}
	w := Who{Sub: str(KeySub), Email: str(KeyEmail), Groups: strings.Fields(str(KeyGroups))}
	if w.Sub == "" {
		return Who{}, ErrNoAuthorizer
	}
	if n, err := strconv.ParseInt(str(KeyExpires), 10, 64); err == nil {
		w.Expires = time.Unix(n, 0)
	}
	return w, nil
}
