package stacktest

import (
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"partnerskap/infra/stack"
	"partnerskap/internal/programme"
	"partnerskap/internal/session"
	"partnerskap/internal/store"
)

// StaffUser is the stack's programme officer (in the staff group).
func StaffUser(st *stack.Stack) stack.OIDCUser { return user(st, stack.DevStaffSub) }

// OtherUser is a user of the pool in neither the staff nor the reviewer
// group (the authorizer lets only their page requests through, to the 403
// page).
func OtherUser(st *stack.Stack) stack.OIDCUser { return user(st, stack.DevVisitorSub) }

// ReviewerUser is the stack's reviewer (in the reviewer group only: every
// staff page refuses them).
func ReviewerUser(st *stack.Stack) stack.OIDCUser { return user(st, stack.DevReviewerSub) }

// SecondReviewerUser is another reviewer, so that a test can have two.
func SecondReviewerUser(st *stack.Stack) stack.OIDCUser { return user(st, stack.DevSecondReviewerSub) }

func user(st *stack.Stack, sub string) stack.OIDCUser {
	for _, u := range st.OIDCUsers {
		if u.Sub == sub {
			return u
		}
	}
	panic("stacktest: the stack has no user " + sub)
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

var proofInLink = regexp.MustCompile(`[?&]proof=([A-Za-z0-9_-]+)`)

// Prove starts an application for email in round as an applicant does
// (POST /start) and returns the token of the link the email brought (the
// proof of the address), read from the SES server's mailbox.
func Prove(t testing.TB, st *stack.Stack, round, email string) string {
	t.Helper()
	token, status, body := TryProve(t, st, round, email)
	if token == "" {
		t.Fatalf("start for %s: %d %s", email, status, body)
	}
	return token
}

// TryProve is Prove that reports a refused start (its status and body)
// instead of failing the test.
func TryProve(t testing.TB, st *stack.Stack, round, email string) (token string, status int, body string) {
	t.Helper()
	since := time.Now().Unix() - 1
	res, err := http.Post(st.URL+"/start", "application/json", strings.NewReader(fmt.Sprintf(`{"round":%q,"email":%q,"lang":"sv"}`, round, email)))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted {
		return "", res.StatusCode, string(b)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		mails, err := Mailbox().Since(t.Context(), since)
		if err != nil {
			t.Fatal(err)
		}
		for i := len(mails) - 1; i >= 0; i-- {
			m := mails[i]
			if len(m.Destination.To) == 1 && strings.EqualFold(m.Destination.To[0], email) {
				if g := proofInLink.FindStringSubmatch(m.Body.Text); g != nil {
					return g[1], res.StatusCode, string(b)
				}
			}
		}
	}
	t.Fatalf("no link to apply reached %s", email)
	return "", 0, ""
}

// SampleProof is the proof token of events/SubmitFunction.json's
// submission; SeedSampleProof stores it, as POST /start would have.
const SampleProof = "c2FtcGxlLXByb29mLWxpbms"

// SeedSampleProof stores the proof of events/SubmitFunction.json (its
// address, the spring round), as if its applicant had followed the link.
func SeedSampleProof(t testing.TB, st *stack.Stack) {
	t.Helper()
	SeedProof(t, st, "2027-1", "anna.andersson@kalix.example.se", SampleProof)
	SeedDocuments(t, st, "2027-1", SampleProof, programme.Project)
}

// SeedProof stores a proof of email for round with token, as POST /start
// does (its link email queued, not sent): for benchmarks that need many.
func SeedProof(t testing.TB, st *stack.Stack, round, email, token string) {
	t.Helper()
	r, err := st.Env.Store.Round(t.Context(), round)
	if err != nil {
		t.Fatal(err)
	}
	p := programme.Proof{TokenHash: programme.Hash(token), Email: email, RoundID: r.ID,
		Lang: programme.Swedish, CreatedAt: r.OpensAt, ExpiresAt: r.ClosesAt}
	link := programme.Email{ID: programme.EmailID(programme.AboutStart, programme.ProofID(p.TokenHash)), Kind: programme.StartEmail,
		RoundID: r.ID, To: p.Email, Subject: "sample", Text: "sample", HTML: "<p>sample</p>"}
	if err := st.Env.Store.Start(t.Context(), p, link); err != nil {
		t.Fatal(err)
	}
	// As if sent: nothing is left for the mailer.
	if _, err := st.Env.Store.ClaimOutbox(t.Context(), link.ID, "seed", r.OpensAt, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := st.Env.Store.MarkSent(t.Context(), link.ID, "seed", "seed-"+link.ID, r.OpensAt); err != nil {
		t.Fatal(err)
	}
}

// LinkTo is the newest link to apply that reached email (the address must
// have asked for one: POST /start).
func LinkTo(t testing.TB, email string) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		mails, err := Mailbox().To(t.Context(), email)
		if err != nil {
			t.Fatal(err)
		}
		for i := len(mails) - 1; i >= 0; i-- {
			for _, line := range strings.Fields(mails[i].Body.Text) {
				if proofInLink.MatchString(line) && strings.HasPrefix(line, "http") {
					return line
				}
			}
		}
	}
	t.Fatalf("no link to apply reached %s", email)
	return ""
}

// SeedDocuments records, behind the link token of round, a document for
// each appendix the project type typ requires, as if each had been
// uploaded and checked (only the records: no file is in the bucket): for
// tests about something else than the upload itself.
func SeedDocuments(t testing.TB, st *stack.Stack, round, token string, typ programme.ProjectType) {
	t.Helper()
	r, err := st.Env.Store.Round(t.Context(), round)
	if err != nil {
		t.Fatal(err)
	}
	rule, ok := r.Rules.Type(typ)
	if !ok {
		return // the submission is refused on its type anyway
	}
	p, err := st.Env.Store.Proof(t.Context(), programme.Hash(token))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rule.Documents {
		if !d.Required {
			continue
		}
		name := programme.CleanFileName(string(d.Kind), d.Formats[0])
		doc := programme.Document{Kind: d.Kind, Name: name, Format: d.Formats[0], Size: 1234, ETag: "seed",
			Key: programme.UploadFolder(r.ID, programme.ProofID(p.TokenHash), d.Kind, "seed") + name, UploadedAt: r.OpensAt}
		if err := st.Env.Store.PutDocument(t.Context(), p, doc, ""); err != nil && !errors.Is(err, store.ErrDocumentChanged) {
			t.Fatal(err)
		}
	}
}

// ConfirmLinkTo is the confirmation link for application ref that reached
// addr (the partner's, or the signatory's), read from the SES server's
// mailbox.
func ConfirmLinkTo(t testing.TB, addr, ref string) string {
	t.Helper()
	re := regexp.MustCompile(`https?://[^\s"<]+/applications/` + regexp.QuoteMeta(ref) + `/confirm\?key=[A-Za-z0-9_-]+`)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		ms, err := Mailbox().To(t.Context(), addr)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if l := re.FindString(m.Body.Text); l != "" {
				return l
			}
		}
	}
	t.Fatalf("no confirmation link for %s reached %s", ref, addr)
	return ""
}
