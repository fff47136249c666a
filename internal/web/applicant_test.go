package web

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/intake"
	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
	"partnerskap/internal/store"
)

// intakeStore is what the applicant's handlers read of the table, in
// memory: one round and the proofs of its links. Nothing is ever written
// here: any other call is a nil intake.Store's, and panics.
type intakeStore struct {
	intake.Store
	round  programme.Round
	proofs map[string]programme.Proof // by the token's hash
}

// Draft: nothing saved behind any link here.
func (s *intakeStore) Draft(context.Context, string) (map[string]string, time.Time, error) {
	return nil, time.Time{}, store.ErrNotFound
}

// Documents: nothing uploaded behind any link here.
func (s *intakeStore) Documents(context.Context, string) ([]programme.Document, error) {
	return nil, nil
}

func (s *intakeStore) Round(_ context.Context, id string) (programme.Round, error) {
	if id != s.round.ID {
		return programme.Round{}, store.ErrNotFound
	}
	return s.round, nil
}

func (s *intakeStore) Rounds(context.Context) ([]programme.Round, error) {
	return []programme.Round{s.round}, nil
}

func (s *intakeStore) Proof(_ context.Context, hash string) (programme.Proof, error) {
	p, ok := s.proofs[hash]
	if !ok {
		return p, store.ErrNotFound
	}
	return p, nil
}

func (s *intakeStore) Application(context.Context, string) (programme.Application, store.Secrets, error) {
	return programme.Application{}, store.Secrets{}, store.ErrNotFound
}

// applicantRound is an open round: Kenya and Germany, a project (a cap per
// year) and a three-party project, two themes.
func applicantRound() programme.Round {
	caps := map[programme.Region]int64{programme.Europe: 500_000, programme.Africa: 600_000}
	return programme.Round{ID: "2027-1", NameSv: "Våren 2027", NameEn: "Spring 2027", Status: programme.RoundOpen, Budget: 9_800_000,
		OpensAt: time.Date(2027, 2, 1, 8, 0, 0, 0, programme.Stockholm), ClosesAt: time.Date(2027, 3, 15, 16, 0, 0, 0, programme.Stockholm),
		Rules: programme.Rules{
			Countries:   []programme.Country{{Code: "KE", NameSv: "Kenya", NameEn: "Kenya", Region: programme.Africa}},
			EUCountries: []programme.Country{{Code: "DE", NameSv: "Tyskland", NameEn: "Germany", Region: programme.Europe}},
			Types: []programme.TypeRule{{Type: programme.Project, MinYears: 1, MaxYears: 3, PerYear: true, Caps: caps},
				{Type: programme.ProjectThreeParty, MinYears: 1, MaxYears: 3, Caps: caps, ThreeParty: true}},
			Themes: []programme.Theme{"climate", "health"}}}
}

// applicantService serves the round at now, with one link (its token
// returned) proving Anna's address.
func applicantService(now time.Time) (*intake.Service, string) {
	r := applicantRound()
	token := programme.NewToken()
	proof := programme.Proof{TokenHash: programme.Hash(token), Email: "anna@kalix.example.se", RoundID: r.ID, Lang: programme.Swedish,
		CreatedAt: r.OpensAt, ExpiresAt: r.ClosesAt}
	return &intake.Service{Store: &intakeStore{round: r, proofs: map[string]programme.Proof{proof.TokenHash: proof}},
		Now: func() time.Time { return now }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, token
}

var inTheRound = time.Date(2027, 2, 20, 10, 0, 0, 0, programme.Stockholm)

func formPost(path string, form url.Values) events.APIGatewayV2HTTPRequest {
	return events.APIGatewayV2HTTPRequest{RouteKey: "POST " + path, RawPath: path,
		Headers: map[string]string{"content-type": "application/x-www-form-urlencoded"}, Body: form.Encode(),
		RequestContext: events.APIGatewayV2HTTPRequestContext{HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "POST", Path: path}}}
}

// pageGet is a GET of path?rawQuery, as API Gateway passes it.
func pageGet(path, rawQuery string) events.APIGatewayV2HTTPRequest {
	q, _ := url.ParseQuery(rawQuery)
	params := map[string]string{}
	for k, v := range q {
		params[k] = v[0]
	}
	return events.APIGatewayV2HTTPRequest{RouteKey: "GET " + path, RawPath: path, RawQueryString: rawQuery, QueryStringParameters: params,
		RequestContext: events.APIGatewayV2HTTPRequestContext{HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "GET", Path: path}}}
}

var switchLink = regexp.MustCompile(`<a href="([^"]*)" lang="(?:sv|en)" hreflang=`)

// switchOf is where the page's language switch leads, resolved against the
// address the page was served at (as a browser does).
func switchOf(t *testing.T, servedAt, body string) *url.URL {
	t.Helper()
	m := switchLink.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no language switch on the page served at %s:\n%s", servedAt, body)
	}
	base, _ := url.Parse("https://ansok.example.se" + servedAt)
	ref, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	return base.ResolveReference(ref)
}

// After a POST (an error page), "In English" leads to a page that exists
// (GET /), with the round and, behind the link, its proof: the same form
// in the other language, not a 404 at /applications?lang=en.
func TestLanguageSwitchAfterAPostLeadsToThePage(t *testing.T) {
	ctx := context.Background()
	svc, token := applicantService(inTheRound)
	form := url.Values{"round": {"2027-1"}, "token": {programme.NewToken()}, "proof": {token}, "ui": {"sv"}, "title": {"Vatten"}}
	res, err := Submit(svc, "")(ctx, formPost("/applications", form))
	if err != nil || res.StatusCode != 422 {
		t.Fatalf("an incomplete application: %d %v", res.StatusCode, err)
	}
	to := switchOf(t, "/applications", res.Body)
	if q := to.Query(); to.Path != "/" || q.Get("round") != "2027-1" || q.Get("proof") != token || q.Get("lang") != "en" {
		t.Fatalf("after POST /applications the switch leads to %s, want / with the round, the proof and lang=en", to)
	}
	res, err = Form(svc)(ctx, pageGet(to.Path, to.RawQuery))
	if err != nil || res.StatusCode != 200 || !strings.Contains(res.Body, `<html lang="en">`) ||
		!strings.Contains(res.Body, `name="proof" value="`+token+`"`) || !strings.Contains(res.Body, `action="/applications"`) {
		t.Fatalf("the switch's page %s: %d %v, want the form in English behind the link:\n%s", to, res.StatusCode, err, res.Body)
	}

	// The start: the round, no proof (there is none yet).
	res, err = Start(svc, "")(ctx, formPost("/start", url.Values{"round": {"2027-1"}, "ui": {"sv"}, "email": {"inte en adress"}}))
	if err != nil || res.StatusCode != 422 {
		t.Fatalf("a start with a bad address: %d %v", res.StatusCode, err)
	}
	to = switchOf(t, "/start", res.Body)
	if q := to.Query(); to.Path != "/" || q.Get("round") != "2027-1" || q.Has("proof") || q.Get("lang") != "en" {
		t.Fatalf("after POST /start the switch leads to %s, want / with the round and lang=en", to)
	}
	res, err = Form(svc)(ctx, pageGet(to.Path, to.RawQuery))
	if err != nil || res.StatusCode != 200 || !strings.Contains(res.Body, `<html lang="en">`) || !strings.Contains(res.Body, `action="/start"`) {
		t.Fatalf("the switch's page %s: %d %v, want the start in English:\n%s", to, res.StatusCode, err, res.Body)
	}
}

// The staff pages that answer a POST (a refused erasure, a refused
// deadline) switch language to the page they show, which has an address.
func TestStaffLanguageSwitchAfterAPost(t *testing.T) {
	ctx := context.Background()
	svc := decisionService(programme.Swedish, nil)
	d := svc.Store.(*decisionStore)
	req := decisionRequest(programme.Swedish, "application/x-www-form-urlencoded", url.Values{"person": {"partner"}}.Encode())
	req.RouteKey, req.RawPath = "POST /staff/applications/{ref}/erase", "/staff/applications/KP-XJXMFDHFW1/erase"
	res, err := StaffErase(svc, &staff.Eraser{Store: eraseStore{d: d}, Now: svc.Now, Log: svc.Log})(ctx, req)
	if err != nil || res.StatusCode != 422 {
		t.Fatalf("an erasure without a reason: %d %v\n%s", res.StatusCode, err, res.Body)
	}
	if to := switchOf(t, req.RawPath, res.Body); to.Path != "/staff/applications/KP-XJXMFDHFW1" || to.Query().Get("lang") != "en" {
		t.Errorf("after a refused erasure the switch leads to %s, want the application's page in English", to)
	}

	svc.Store = roundsStore{d}
	req = decisionRequest(programme.Swedish, "application/x-www-form-urlencoded", url.Values{"closes": {"i morgon"}}.Encode())
	req.RouteKey, req.RawPath, req.PathParameters = "POST /staff/rounds/{id}/deadline", "/staff/rounds/2027-1/deadline", map[string]string{"id": "2027-1"}
	res, err = ExtendDeadline(svc)(ctx, req)
	if err != nil || res.StatusCode < 400 {
		t.Fatalf("a deadline that is not one: %d %v\n%s", res.StatusCode, err, res.Body)
	}
	if to := switchOf(t, req.RawPath, res.Body); to.Path != "/staff/rounds" || to.Query().Get("lang") != "en" {
		t.Errorf("after a refused deadline the switch leads to %s, want the rounds in English", to)
	}
}

// eraseStore is the decision store read by an erasure: it refuses before writing.
type eraseStore struct {
	staff.EraseStore
	d *decisionStore
}

func (s eraseStore) Application(ctx context.Context, ref string) (programme.Application, store.Secrets, error) {
	return s.d.Application(ctx, ref)
}

// roundsStore is the decision store with its round listed, and nothing in it.
type roundsStore struct{ *decisionStore }

func (s roundsStore) Rounds(context.Context) ([]programme.Round, error) {
	return []programme.Round{s.round}, nil
}

func (s roundsStore) CountByStatus(context.Context, string, programme.AppStatus) (int, error) {
	return 0, nil
}

var summaryLink = regexp.MustCompile(`<li><a href="#([^"]+)">`)

// The error summary lists the problems in the order the form asks the
// fields, whatever order they were found in (a number that is not one is
// found first; the three-party's after the type; the language first).
func TestErrorSummaryFollowsTheForm(t *testing.T) {
	svc, token := applicantService(inTheRound)
	form := url.Values{"round": {"2027-1"}, "token": {programme.NewToken()}, "proof": {token}, "ui": {"sv"}, "lang": {"xx"},
		"type": {"project-three-party"}, "thirdParty.email": {"inte en adress"}, "durationYears": {"två"}, "budgetPerYear.2": {"tre"}}
	res, err := Submit(svc, "")(context.Background(), formPost("/applications", form))
	if err != nil || res.StatusCode != 422 {
		t.Fatalf("%d %v", res.StatusCode, err)
	}
	var links []string
	for _, m := range summaryLink.FindAllStringSubmatch(res.Body, -1) {
		links = append(links, m[1])
	}
	var at []int
	for _, id := range links {
		i := strings.Index(res.Body, `id="`+id+`"`)
		if i < 0 {
			t.Errorf("the summary links to #%s, which is not on the page", id)
		}
		at = append(at, i)
	}
	for _, want := range []string{"f-thirdParty-email", "f-durationYears", "f-budgetPerYear-2", "f-lang"} {
		if !slices.Contains(links, want) {
			t.Errorf("the summary does not link to #%s: %v", want, links)
		}
	}
	if !slices.IsSorted(at) {
		t.Errorf("the summary lists %v, not in the order of the page", links)
	}
}

// A choice left empty says "välj" (choose), in the summary and at the
// field; a text left empty, "fyll i" (fill in).
func TestChoicesSayChoose(t *testing.T) {
	svc, token := applicantService(inTheRound)
	for lang, want := range map[programme.Lang][2]string{programme.Swedish: {"välj ett alternativ.", "fyll i fältet."},
		programme.English: {"choose one of the options.", "this field is required."}} {
		form := url.Values{"round": {"2027-1"}, "token": {programme.NewToken()}, "proof": {token}, "ui": {string(lang)}}
		res, err := Submit(svc, "")(context.Background(), formPost("/applications", form))
		if err != nil || res.StatusCode != 422 {
			t.Fatalf("%d %v", res.StatusCode, err)
		}
		for _, f := range []string{"swedishParty.organisation", "partner.country", "type", "theme", "durationYears"} {
			msg := programme.FieldLabel(f, lang) + ": " + want[0]
			if !strings.Contains(res.Body, `<a href="#`+fieldID(f)+`">`+html.EscapeString(msg)+`</a>`) ||
				!strings.Contains(res.Body, `id="`+fieldID(f)+`-error">`+html.EscapeString(msg)) {
				t.Errorf("%s: no %q in the summary and at the field", lang, msg)
			}
		}
		if msg := programme.FieldLabel("title", lang) + ": " + want[1]; !strings.Contains(res.Body, html.EscapeString(msg)) {
			t.Errorf("%s: no %q", lang, msg)
		}
	}
}

// A post after the deadline: the page says the round is closed and has no
// form to submit, and shows everything that was typed, as text to keep.
func TestClosedRoundKeepsWhatWasTyped(t *testing.T) {
	svc, token := applicantService(applicantRound().ClosesAt.Add(time.Minute))
	form := url.Values{"round": {"2027-1"}, "token": {programme.NewToken()}, "proof": {token}, "ui": {"sv"}, "lang": {"sv"},
		"swedishParty.organisation": {"Kalix"}, "swedishParty.contactName": {"Anna <Ek>"}, "swedishParty.phone": {"+46 923 650 00"},
		"partner.organisation": {"Masaka District"}, "partner.country": {"KE"}, "partner.contactName": {"John"}, "partner.email": {"john@masaka.example.ug"},
		"type": {"project"}, "theme": {"health"}, "title": {"Vatten & hälsa"}, "summary": {"Rad ett.\nRad två: <mer>."},
		"objectives": {"Mål."}, "durationYears": {"2"}, "budgetPerYear.1": {"500 000"}, "budgetPerYear.2": {"400000"}}
	res, err := Submit(svc, "")(context.Background(), formPost("/applications", form))
	if err != nil || res.StatusCode != 409 {
		t.Fatalf("after the deadline: %d %v", res.StatusCode, err)
	}
	if !strings.Contains(res.Body, html.EscapeString(programme.NotOpenMessage(applicantRound(), svc.Now(), programme.Swedish))) {
		t.Errorf("the page does not say the round is closed:\n%s", res.Body)
	}
	if strings.Contains(res.Body, `action="/applications"`) || strings.Contains(res.Body, `type="submit"`) || strings.Contains(res.Body, "<input") {
		t.Errorf("a closed round's page has a form to submit:\n%s", res.Body)
	}
	for _, want := range []string{"Kalix", "Anna &lt;Ek&gt;", "anna@kalix.example.se", "Masaka District", "Kenya",
		programme.TypeName(programme.Project, programme.Swedish), programme.ThemeName("health", programme.Swedish),
		"Vatten &amp; hälsa", "Rad ett.\nRad två: &lt;mer&gt;.", "Mål.", "500 000", "400000", programme.LangName(programme.Swedish, programme.Swedish)} {
		if !strings.Contains(res.Body, "<dd>"+want+"</dd>") {
			t.Errorf("what was typed is not on the page: no <dd>%s</dd>", want)
		}
	}
}

// "500 000 kr" in a field labelled "(kr)" is an amount, as is "SEK 300 000"
// in one labelled "(SEK)".
func TestAmountsMayEndInKronor(t *testing.T) {
	in, _, errs := decodeForm(url.Values{"budgetPerYear.1": {"500 000 kr"}, "budgetPerYear.2": {"480\u00a0000\u00a0kr"}, "budgetPerYear.3": {"SEK 300 000"}})
	if errs != nil || !slices.Equal(in.BudgetPerYear, []int64{500000, 480000, 300000}) {
		t.Fatalf("%v %v", in.BudgetPerYear, errs)
	}
	if _, _, errs = decodeForm(url.Values{"budgetPerYear.1": {"500 tkr"}}); len(errs) != 1 || errs[0].Code != programme.CodeNotANumber {
		t.Fatalf("500 tkr: %v", errs)
	}
}
