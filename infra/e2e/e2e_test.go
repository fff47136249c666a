// Package e2e tests the system end to end through the local API Gateway
// emulation, with DynamoDB Local and the SES server, exactly as `make dev`
// runs it.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

func TestMain(m *testing.M) { stacktest.Main(m) }

// springDay is inside the spring 2027 round (and the inception round).
var springDay = time.Date(2027, 2, 20, 10, 0, 0, 0, programme.Stockholm)

type system struct {
	*stack.Stack
	clock  *stacktest.Clock
	client *http.Client
	token  string // a staff member's ID token, once signed in
}

func newSystem(t *testing.T) *system { return newSystemAt(t, springDay) }

// newSystemAt is the system with its rounds seeded, and its clock, at at.
func newSystemAt(t *testing.T, at time.Time) *system {
	t.Helper()
	clock := stacktest.NewClock(at)
	st := stacktest.New(t, clock.Now)
	return &system{Stack: st, clock: clock, client: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}}
}

// staff is s.do as a signed-in member of the staff group, with the ID
// token of a real sign-in (through the local provider) as a bearer token.
func (s *system) staff(t testing.TB, method, path, contentType, body string, header ...string) (*http.Response, string) {
	t.Helper()
	if s.token == "" {
		_, s.token = stacktest.SignIn(t, s.Stack, stacktest.StaffUser(s.Stack))
	}
	return s.do(t, method, path, contentType, body, append(header, "Authorization", "Bearer "+s.token)...)
}

func (s *system) do(t testing.TB, method, path, contentType, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// applications counts the application items of the test's table. A Scan is
// fine here: it is the test looking, not a request path.
func (s *system) applications(t *testing.T) int {
	t.Helper()
	out, err := s.Env.Store.DB().Scan(context.Background(), &dynamodb.ScanInput{
		TableName:                 aws.String(s.Env.Store.Table()),
		FilterExpression:          aws.String("entity = :a"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":a": &types.AttributeValueMemberS{Value: "application"}},
		Select:                    types.SelectCount,
	})
	if err != nil {
		t.Fatal(err)
	}
	return int(out.Count)
}

// validForm is a complete form post for the spring round, as a browser
// sends it, with the project's team (team_test.go).
func validForm(email string) url.Values {
	return withProjectTeam(url.Values{
		"round": {"2027-1"}, "token": {programme.NewToken()}, "ui": {"sv"}, "lang": {"sv"},
		"swedishParty.organisation": {"Robertsfors"}, "swedishParty.contactName": {"Karin Lindström"},
		"swedishParty.email": {email}, "swedishParty.phone": {"+46 934 140 00"},
		"partner.organisation": {"Machakos County"}, "partner.country": {"KE"},
		"partner.contactName": {"Mary Wanjiru"}, "partner.email": {"mary@machakos.example.ke"},
		"type": {"project"}, "theme": {"health"}, "title": {"Mödrahälsovård på landsbygden"},
		"summary":    {"Robertsfors och Machakos utvecklar <mödrahälsovård> tillsammans & delar erfarenheter."},
		"objectives": {"Fler besök hos barnmorska."}, "durationYears": {"3"},
		"budgetPerYear.1": {"500 000"}, "budgetPerYear.2": {"480000"}, "budgetPerYear.3": {"300000"},
	})
}

var linkPattern = regexp.MustCompile(`https?://[^\s"<]+/applications/(KP-[0-9A-Z]{10})\?key=([A-Za-z0-9_-]+)`)

func TestApplicantSubmitsTheFormAndFollowsTheStatusLink(t *testing.T) {
	s := newSystem(t)

	// Two rounds are open on that day: the form asks which.
	res, body := s.do(t, "GET", "/", "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "Välj utlysning") || !strings.Contains(body, "round=2027-1") {
		t.Fatalf("GET / = %d, want the round choice:\n%s", res.StatusCode, body)
	}
	// The round's page asks for the address first: nothing else.
	res, body = s.do(t, "GET", "/?round=2027-1", "", "")
	if res.StatusCode != 200 || !strings.Contains(body, `action="/start"`) || !strings.Contains(body, `name="email"`) ||
		strings.Contains(body, `name="title"`) || strings.Contains(body, `action="/applications"`) {
		t.Fatalf("the round's page is not the start:\n%s", body)
	}
	// The start by the form: "check your email", and the link by email.
	email := stacktest.UniqueName("karin") + "@robertsfors.example.se"
	res, _ = s.do(t, "POST", "/start", "application/x-www-form-urlencoded", url.Values{"round": {"2027-1"}, "email": {email}, "ui": {"sv"}}.Encode())
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "started=1") {
		t.Fatalf("start = %d to %q, want 303 to the started page", res.StatusCode, res.Header.Get("Location"))
	}
	if _, started := s.do(t, "GET", res.Header.Get("Location"), "", ""); !strings.Contains(started, "Titta i din e-post") || strings.Contains(started, email) {
		t.Fatalf("the started page:\n%s", started)
	}
	start, _ := url.Parse(stacktest.LinkTo(t, email))
	res, body = s.do(t, "GET", start.RequestURI(), "", "")
	if res.StatusCode != 200 || !strings.Contains(body, `<html lang="sv">`) || !strings.Contains(body, `name="token"`) ||
		!strings.Contains(body, `name="proof" value="`+start.Query().Get("proof")+`"`) || !strings.Contains(body, "<strong>"+email+"</strong>") ||
		!strings.Contains(body, `name="type" value="project"`) || !strings.Contains(body, `name="theme" value="gender"`) ||
		!strings.Contains(body, `<option value="Robertsfors"`) || !strings.Contains(body, `15 mars 2027 kl. 16:00 (CET)`) {
		t.Fatalf("the spring form is not behind the link:\n%s", body)
	}
	english := *start
	q := english.Query()
	q.Set("lang", "en")
	english.RawQuery = q.Encode()
	if _, en := s.do(t, "GET", english.RequestURI(), "", ""); !strings.Contains(en, `<html lang="en">`) || !strings.Contains(en, "Submit application") {
		t.Fatal("no English form")
	}
	form := validForm(email)
	form.Set("proof", start.Query().Get("proof"))
	stacktest.SeedDocuments(t, s.Stack, "2027-1", form.Get("proof"), programme.Project)
	res, _ = s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", form.Encode())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("form post = %d, want 303", res.StatusCode)
	}
	receipt := res.Header.Get("Location")
	res, body = s.do(t, "GET", receipt, "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "Tack! Ansökan har kommit in") || !strings.Contains(body, "Inkommen") {
		t.Fatalf("receipt page %s = %d:\n%s", receipt, res.StatusCode, body)
	}
	// HTML typed into a text field is shown escaped, never as markup.
	if !strings.Contains(body, "1\u00a0280\u00a0000\u00a0kr") {
		t.Errorf("requested total missing from the status page")
	}

	// The receipt email, in Swedish, with the reference and the secret link.
	mails := waitForMail(t, email, 1)
	m := mails[0]
	link := linkPattern.FindStringSubmatch(m.Body.Text)
	if link == nil || !strings.Contains(m.Subject, link[1]) || !strings.Contains(receipt, link[1]) {
		t.Fatalf("receipt mail lacks the reference or the link: %q\n%s", m.Subject, m.Body.Text)
	}
	if !strings.Contains(m.Body.Text, "Tack för er ansökan") || m.From != "partnerskap@partnerskap.example" ||
		len(m.ReplyTo) != 1 || m.ReplyTo[0] != "programme@partnerskap.example" {
		t.Fatalf("receipt mail: from %q reply-to %v:\n%s", m.From, m.ReplyTo, m.Body.Text)
	}
	statusURL, _ := url.Parse(link[0])
	res, body = s.do(t, "GET", statusURL.RequestURI(), "", "")
	if res.StatusCode != 200 || !strings.Contains(body, link[1]) || !strings.Contains(body, "Inkommen") {
		t.Fatalf("status link = %d:\n%s", res.StatusCode, body)
	}

	// A wrong or missing key reveals nothing.
	for _, path := range []string{
		"/applications/" + link[1] + "?key=" + strings.Repeat("A", 32),
		"/applications/" + link[1],
		"/applications/KP-0000000000?key=" + link[2],
		"/applications/not-a-ref?key=" + link[2],
	} {
		res, body := s.do(t, "GET", path, "", "")
		if res.StatusCode != 404 || strings.Contains(body, "Mödrahälsovård") || strings.Contains(body, link[1]) {
			t.Errorf("GET %s = %d, want a 404 that says nothing:\n%s", path, res.StatusCode, body)
		}
	}

	// The same form posted again (a double click, a retried request) finds
	// the same application: one item, one receipt.
	res, _ = s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", form.Encode())
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != receipt {
		t.Fatalf("replay = %d to %q, want 303 to %q", res.StatusCode, res.Header.Get("Location"), receipt)
	}
	if n := s.applications(t); n != 1 {
		t.Fatalf("%d applications stored, want 1", n)
	}
	time.Sleep(200 * time.Millisecond)
	if got := mailsTo(t, email); len(got) != 1 {
		t.Fatalf("%d receipts after a replay, want 1", len(got))
	}
}

func TestJSONSubmissionInEnglish(t *testing.T) {
	s := newSystem(t)
	email := stacktest.UniqueName("anna") + "@kalix.example.se"
	in := map[string]any{
		"round": "2026-27-inception", "token": programme.NewToken(), "lang": "en",
		"swedishParty": map[string]string{"organisation": "Kalix", "contactName": "Anna Andersson", "email": email, "phone": "+46 923 650 00"},
		"partner":      map[string]string{"organisation": "Masaka District", "country": "UG", "contactName": "John Ssebunya", "email": "john@masaka.example.ug"},
		"type":         "inception", "theme": "climate", "title": "Waste <script>alert(1)</script>",
		"summary": "Two mutual visits.", "objectives": "A joint project plan.", "durationYears": 1, "budgetPerYear": []int{275000},
		"team": inceptionTeamJSON(),
	}
	b, _ := json.Marshal(s.provenJSON(t, in))
	res, body := s.do(t, "POST", "/applications", "application/json", string(b))
	if res.StatusCode != 201 {
		t.Fatalf("JSON submit = %d: %s", res.StatusCode, body)
	}
	var out struct{ Reference, Status, StatusURL string }
	if err := json.Unmarshal([]byte(body), &out); err != nil || !programme.ValidRef(out.Reference) || out.Status != "submitted" {
		t.Fatalf("201 body: %s (%v)", body, err)
	}
	if res.Header.Get("Location") != out.StatusURL || !strings.Contains(out.StatusURL, "/applications/"+out.Reference+"?key=") {
		t.Fatalf("status link %q, Location %q", out.StatusURL, res.Header.Get("Location"))
	}
	u, _ := url.Parse(out.StatusURL)

	// Status as JSON and as an English page with the title escaped.
	res, body = s.do(t, "GET", u.RequestURI(), "", "", "Accept", "application/json")
	if res.StatusCode != 200 || !strings.Contains(body, `"status":"submitted"`) {
		t.Fatalf("status JSON = %d: %s", res.StatusCode, body)
	}
	res, body = s.do(t, "GET", u.RequestURI(), "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "Waste &lt;script&gt;alert(1)&lt;/script&gt;") || strings.Contains(body, "<script>") {
		t.Fatalf("title not escaped on the status page:\n%s", body)
	}
	if !strings.Contains(body, `<html lang="en">`) {
		t.Fatal("the status page is not in the applicant's language")
	}

	// The same token again: 200 with the same reference, nothing new.
	res, body = s.do(t, "POST", "/applications", "application/json", string(b))
	if res.StatusCode != 200 || !strings.Contains(body, out.Reference) {
		t.Fatalf("replay = %d: %s", res.StatusCode, body)
	}
	mails := waitForMail(t, email, 1)
	if !strings.HasPrefix(mails[0].Subject, "Receipt: application "+out.Reference) || strings.Contains(mails[0].Body.HTML, "<script>") {
		t.Fatalf("English receipt: %q\n%s", mails[0].Subject, mails[0].Body.HTML)
	}
	if n := s.applications(t); n != 1 {
		t.Fatalf("%d applications stored, want 1", n)
	}
}

func TestConcurrentDoubleSubmitStoresOne(t *testing.T) {
	s := newSystem(t)
	email := stacktest.UniqueName("dup") + "@kalix.example.se"
	form := s.proven(t, validForm(email)).Encode()
	const n = 8
	locations := make(chan string, n)
	for range n {
		go func() {
			req, _ := http.NewRequest("POST", s.URL+"/applications", strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := s.client.Do(req)
			if err != nil {
				locations <- "error: " + err.Error()
				return
			}
			res.Body.Close()
			locations <- fmt.Sprint(res.StatusCode, " ", res.Header.Get("Location"))
		}()
	}
	first := <-locations
	for range n - 1 {
		if got := <-locations; got != first {
			t.Fatalf("concurrent posts of one form answered differently: %q and %q", first, got)
		}
	}
	if !strings.HasPrefix(first, "303 /applications/KP-") {
		t.Fatalf("answer %q", first)
	}
	if got := s.applications(t); got != 1 {
		t.Fatalf("%d applications stored, want 1", got)
	}
	if got := waitForMail(t, email, 1); len(got) != 1 {
		t.Fatalf("%d receipts, want 1", len(got))
	}
}

// mailsTo is every mail to addr but the links: to apply (POST /start's,
// which every submission begins with) and to confirm (the partner's, which
// every submission sends); TestPartnerConfirmsFromTheEmailedLink reads those.
func mailsTo(t testing.TB, addr string) []stack.Mail {
	t.Helper()
	ms, err := stacktest.Mailbox().To(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	var out []stack.Mail
	for _, m := range ms {
		if !proofInText.MatchString(m.Body.Text) {
			out = append(out, m)
		}
	}
	return out
}

var proofInText = regexp.MustCompile(`[?&]proof=|/confirm\?key=`)

// waitForMail waits (briefly) until want mails to addr are in the mailbox.
func waitForMail(t *testing.T, addr string, want int) []stack.Mail {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ms := mailsTo(t, addr)
		if len(ms) >= want || time.Now().After(deadline) {
			if len(ms) != want {
				t.Fatalf("%d mails to %s, want %d", len(ms), addr, want)
			}
			return ms
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The deadline is 16:00:00 Swedish time, to the second: a submission at
// 15:59:59.999 gets in, one at 16:00:00 does not, and re-posting the first
// after the deadline still finds its receipt.
func TestDeadlineToTheSecondInSwedishTime(t *testing.T) {
	s := newSystem(t)
	deadline := time.Date(2027, 3, 15, 16, 0, 0, 0, programme.Stockholm)

	s.clock.Set(deadline.Add(-time.Minute))
	late := s.proven(t, validForm(stacktest.UniqueName("late")+"@robertsfors.example.se")) // its link came before the deadline
	s.clock.Set(deadline.Add(-time.Millisecond))
	early := s.proven(t, validForm(stacktest.UniqueName("early")+"@robertsfors.example.se")).Encode()
	res, _ := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", early)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("at 15:59:59.999: %d, want 303", res.StatusCode)
	}
	receipt := res.Header.Get("Location")

	s.clock.Set(deadline)
	res, body := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", late.Encode())
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "sista dag var 15 mars 2027 kl. 16:00 (CET)") {
		t.Fatalf("at 16:00:00: %d, want 409 with the deadline:\n%s", res.StatusCode, body)
	}
	// Nothing to submit now: what was typed comes back as text to keep, not as a form.
	if !strings.Contains(body, `<dd>Karin Lindström</dd>`) || strings.Contains(body, `action="/applications"`) {
		t.Fatal("the refused form lost what was typed, or offers to submit it again")
	}

	res, _ = s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", early)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != receipt {
		t.Fatalf("replay after the deadline: %d %q, want 303 to %q", res.StatusCode, res.Header.Get("Location"), receipt)
	}
	// The same token with another body after the deadline: refused as a
	// reuse (not answered with the first application's receipt).
	changed, _ := url.ParseQuery(early)
	changed.Set("budgetPerYear.1", "490000")
	res, body = s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", changed.Encode())
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "redan använts för en ansökan med ett annat innehåll") {
		t.Fatalf("reused token after the deadline: %d, want 422 naming the reuse:\n%.1500s", res.StatusCode, body)
	}
	if n := s.applications(t); n != 1 {
		t.Fatalf("%d applications, want 1", n)
	}
}
