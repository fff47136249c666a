package stacktest

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"partnerskap/infra/stack"
	"partnerskap/internal/session"
)

// StaffUser is the stack's programme officer (in the staff group);
// OtherUser is a user of the pool outside it.
func StaffUser(st *stack.Stack) stack.OIDCUser { return user(st, true) }

// OtherUser is a user of the pool who is not staff.
func OtherUser(st *stack.Stack) stack.OIDCUser { return user(st, false) }

func user(st *stack.Stack, staff bool) stack.OIDCUser {
	for _, u := range st.OIDCUsers {
		if slices.Contains(u.Groups, "staff") == staff {
			return u
		}
	}
	panic("stacktest: the stack has no such user")
}

// Browser is an HTTP client with a cookie jar that follows redirects, as a
// browser does (without fetch metadata: a JSON client's view of a page).
func Browser(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second}
}

var formAction = regexp.MustCompile(`<form[^>]*action="([^"]+)"`)

// SignIn signs u in through the stack's own pages, as a person does: the
// staff sign-in route, the local provider's sign-in page (email, password,
// the TOTP code of the moment), the callback. It stops at the callback's
// redirect (the staff page it leads to is not loaded: a test counting the
// staff function's calls counts its own). It returns the browser (its jar
// holds the session) and the session's ID token, which the JSON API also
// takes as a bearer token.
func SignIn(t testing.TB, st *stack.Stack, u stack.OIDCUser) (*http.Client, string) {
	t.Helper()
	c := Browser(t)
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), st.URL+"/") && req.URL.Path != "/staff/signin" && req.URL.Path != "/staff/callback" {
			return http.ErrUseLastResponse // the page the sign-in returns to
		}
		return nil
	}
	defer func() { c.CheckRedirect = nil }()
	res, body := fetch(t, c, "GET", st.URL+"/staff/signin?return=%2Fstaff%2Frounds", nil)
	m := formAction.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil || !strings.HasPrefix(res.Request.URL.String(), st.OIDC.Endpoint) {
		t.Fatalf("sign-in: want the provider's sign-in page, got %d at %s: %.300s", res.StatusCode, res.Request.URL, body)
	}
	action, err := res.Request.URL.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	code, err := stack.TOTPCode(u.TOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	res, body = fetch(t, c, "POST", action.String(), url.Values{"email": {u.Email}, "password": {u.Password}, "code": {code}})
	if res.Request.URL.Path != "/staff/callback" || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in as %s ended at %s (%d): %.300s", u.Email, res.Request.URL, res.StatusCode, body)
	}
	return c, SessionToken(t, st, c)
}

// SessionToken is the session cookie the browser holds for the staff pages.
func SessionToken(t testing.TB, st *stack.Stack, c *http.Client) string {
	t.Helper()
	u, _ := url.Parse(st.URL + "/staff/rounds")
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == session.Cookie {
			return ck.Value
		}
	}
	t.Fatal("no session cookie after sign-in")
	return ""
}

func fetch(t testing.TB, c *http.Client, method, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	var res *http.Response
	var err error
	if form != nil {
		res, err = c.PostForm(u, form)
	} else {
		res, err = c.Get(u)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}
