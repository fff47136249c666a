package web

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
	"partnerskap/internal/store"
)

// decisionStore is what the decision handler reads and writes of the
// table, in memory: one application in review in a closed round. Any other
// call is a nil staff.Store's: it panics, failing the test.
type decisionStore struct {
	staff.Store
	app    programme.Application
	round  programme.Round
	record func(d programme.Decision) error
}

func (s *decisionStore) Application(_ context.Context, ref string) (programme.Application, store.Secrets, error) {
	if ref != s.app.Ref {
		return programme.Application{}, store.Secrets{}, store.ErrNotFound
	}
	return s.app, store.Secrets{}, nil
}

func (s *decisionStore) Round(context.Context, string) (programme.Round, error) { return s.round, nil }

func (s *decisionStore) ApplicationLog(context.Context, string) ([]programme.AuditEntry, error) {
	return nil, nil
}

func (s *decisionStore) RecordDecision(_ context.Context, _ programme.Application, _ programme.Round, d programme.Decision) error {
	return s.record(d)
}

// decisionService serves decisions on Kalix's application with Masaka
// (Uganda), in review in a closed round, recording them with record.
func decisionService(lang programme.Lang, record func(programme.Decision) error) *staff.Service {
	r := testRound()
	r.Rules.Countries = []programme.Country{{Code: "UG", NameSv: "Uganda", NameEn: "Uganda", Region: programme.Africa}}
	r.Rules.Types = []programme.TypeRule{{Type: programme.Project, MinYears: 1, MaxYears: 3, PerYear: true,
		Caps: map[programme.Region]int64{programme.Africa: 500_000}}}
	app := programme.Application{Ref: "KP-XJXMFDHFW1", RoundID: r.ID, Lang: lang,
		SwedishParty: programme.Party{Organisation: "Kalix kommun", ContactName: "Anna", Email: "anna@kalix.example.se"},
		Partner:      programme.Party{Organisation: "Masaka District", Country: "UG", ContactName: "John", Email: "john@masaka.example.ug"},
		Type:         programme.Project, Theme: "climate", Title: "Vatten", DurationYears: 2, BudgetPerYear: []int64{250_000, 250_000},
		Status: programme.AppInReview, Version: 3}
	return &staff.Service{Store: &decisionStore{app: app, round: r, record: record},
		Now: func() time.Time { return r.ClosesAt.Add(time.Hour) }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func decisionRequest(lang programme.Lang, contentType, body string) events.APIGatewayV2HTTPRequest {
	return events.APIGatewayV2HTTPRequest{RouteKey: "POST /staff/applications/{ref}/decision",
		RawPath: "/staff/applications/KP-XJXMFDHFW1/decision", Headers: map[string]string{"content-type": contentType},
		QueryStringParameters: map[string]string{"lang": string(lang)}, PathParameters: map[string]string{"ref": "KP-XJXMFDHFW1"}, Body: body,
		RequestContext: events.APIGatewayV2HTTPRequestContext{HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "POST"}}}
}

// The decision form has a motivation in Swedish (required) and one in
// English (optional), each labelled with its language and marked with it,
// and says who gets the email in which language.
func TestDecisionFormHasAMotivationInEachLanguage(t *testing.T) {
	r := testRound()
	app := programme.Application{Ref: "KP-XJXMFDHFW1", RoundID: r.ID, Lang: programme.Swedish,
		SwedishParty: programme.Party{Organisation: evil("swedish-org"), Email: evil("swedish-email")},
		Partner:      programme.Party{Organisation: evil("partner-org"), Country: "KE", Email: evil("partner-email")},
		Type:         programme.Project, Theme: "climate", BudgetPerYear: []int64{100}, Status: programme.AppInReview, Version: 3}
	in := programme.DecisionInput{Outcome: "rejected", Motivation: evil("motivation"), MotivationEn: evil("motivation-en")}
	errs := []fieldIssue{{Field: "motivationEn", Message: evil("error-motivation-en")}}
	body := render(t, "staff-application-motivations", applicationView(newApplicationPage(programme.Swedish, app, r, nil, Notices{}, errs, in)))
	showsEscaped(t, "decision form", body, "motivation", "motivation-en", "error-motivation-en", "swedish-org", "swedish-email", "partner-org", "partner-email")
	for _, want := range []string{
		`<legend>Motivering</legend>`, `<fieldset aria-describedby="f-motivation-recipients">`, "Beslutsmejlet går till:",
		"Svensk part: " + html.EscapeString(evil("swedish-org")) + ", " + html.EscapeString(evil("swedish-email")) + " – på svenska",
		"Partner: " + html.EscapeString(evil("partner-org")) + ", " + html.EscapeString(evil("partner-email")) + " – på engelska",
		`<label for="f-motivation">Motivering på svenska`, `name="motivation" rows="8" lang="sv" required`,
		`<label for="f-motivationEn">Motivering på engelska <span class="hint">(valfritt)</span></label>`,
		`id="f-motivationEn-hint">Partnern får alltid beslutet på engelska.`, `name="motivationEn" rows="8" lang="en" aria-describedby="f-motivationEn-hint f-motivationEn-error" aria-invalid="true"`,
		`href="#f-motivationEn"`, `id="f-motivationEn-error"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("decision form: no %s", want)
		}
	}
	if strings.Contains(body, `name="motivationEn" rows="8" lang="en" required`) {
		t.Error("the English motivation is required")
	}

	// An English application, on an English page: its Swedish party gets English too.
	app.Lang = programme.English
	body = render(t, "staff-application-motivations-en", applicationView(newApplicationPage(programme.English, app, r, nil, Notices{}, nil, programme.DecisionInput{})))
	for _, want := range []string{"The decision email goes to:", "Swedish party: " + html.EscapeString(evil("swedish-org")) + ", " + html.EscapeString(evil("swedish-email")) + " – in English",
		`<label for="f-motivation">Motivation in Swedish`, "Motivation in English <span", "If you leave this empty"} {
		if !strings.Contains(body, want) {
			t.Errorf("English decision form: no %s", want)
		}
	}

	// Decided and locked: both motivations, or what English readers get instead.
	app.Status, app.DecisionQueued = programme.AppRejected, true
	app.Decision = &programme.Decision{Outcome: programme.Rejected, Motivation: evil("decided-sv"), MotivationEn: evil("decided-en")}
	body = render(t, "staff-application-decided-motivations", applicationView(newApplicationPage(programme.English, app, r, nil, Notices{}, nil, programme.DecisionInput{})))
	showsEscaped(t, "decided", body, "decided-sv", "decided-en")
	if !strings.Contains(body, `<dt>Motivation in English</dt><dd lang="en">`) || strings.Contains(body, `name="motivationEn"`) {
		t.Errorf("decided with both motivations:\n%s", body)
	}
	app.Decision.MotivationEn = ""
	body = render(t, "staff-application-decided-swedish-only", applicationView(newApplicationPage(programme.Swedish, app, r, nil, Notices{}, nil, programme.DecisionInput{})))
	if !strings.Contains(body, "<dt>Motivering på engelska</dt><dd>Ingen: mottagarna på engelska får den svenska motiveringen") {
		t.Errorf("decided without an English motivation:\n%s", body)
	}
}

// A refused decision comes back with both motivations as typed: over the
// budget (the reason on top), or with a field error named in the page's
// language. JSON takes motivationEn too.
func TestDecisionKeepsBothMotivationsWhenRefused(t *testing.T) {
	form := url.Values{"outcome": {"granted"}, "amount": {"400 000"}, "motivation": {"Väl förankrat & <tydligt>."},
		"motivationEn": {"Well rooted & <clear>."}, "version": {"3"}}
	over := func(d programme.Decision) error {
		return &programme.OverBudgetError{Remaining: 150_000, Asked: d.Amount}
	}
	res, err := StaffDecide(decisionService(programme.Swedish, over))(context.Background(),
		decisionRequest(programme.Swedish, "application/x-www-form-urlencoded", form.Encode()))
	if err != nil || res.StatusCode != 409 {
		t.Fatalf("over budget: %d %v", res.StatusCode, err)
	}
	for _, want := range []string{"150\u00a0000\u00a0kr återstår", `value="400000"`, ">Väl förankrat &amp; &lt;tydligt&gt;.</textarea>", ">Well rooted &amp; &lt;clear&gt;.</textarea>"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("over budget: no %s in\n%s", want, res.Body)
		}
	}

	form.Set("motivationEn", strings.Repeat("x", 4001))
	never := func(programme.Decision) error { t.Error("an invalid decision was recorded"); return nil }
	for lang, want := range map[programme.Lang]string{programme.English: "Motivation in English: at most 4000 characters.",
		programme.Swedish: "Motivering på engelska: högst 4000 tecken."} {
		res, err = StaffDecide(decisionService(programme.Swedish, never))(context.Background(),
			decisionRequest(lang, "application/x-www-form-urlencoded", form.Encode()))
		if err != nil || res.StatusCode != 422 {
			t.Fatalf("%s: English too long: %d %v", lang, res.StatusCode, err)
		}
		for _, w := range []string{`<a href="#f-motivationEn">` + want + `</a>`, `id="f-motivationEn-error">` + want, ">Väl förankrat &amp; &lt;tydligt&gt;.</textarea>"} {
			if !strings.Contains(res.Body, w) {
				t.Errorf("%s: English too long: no %s in\n%s", lang, w, res.Body)
			}
		}
	}

	var recorded programme.Decision
	keep := func(d programme.Decision) error { recorded = d; return nil }
	res, err = StaffDecide(decisionService(programme.Swedish, keep))(context.Background(),
		decisionRequest(programme.English, "application/json", `{"outcome":"rejected","motivation":"Otydliga mål.","motivationEn":" Unclear objectives. "}`))
	var d programme.Decision
	if err != nil || res.StatusCode != 200 || json.Unmarshal([]byte(res.Body), &d) != nil || d.MotivationEn != "Unclear objectives." ||
		recorded.Motivation != "Otydliga mål." || recorded.MotivationEn != "Unclear objectives." {
		t.Fatalf("JSON: %d %v %s, recorded %+v", res.StatusCode, err, res.Body, recorded)
	}
	res, err = StaffDecide(decisionService(programme.Swedish, never))(context.Background(),
		decisionRequest(programme.English, "application/json", `{"outcome":"rejected","motivation":"m","motivationEn":"`+strings.Repeat("x", 4001)+`"}`))
	if err == nil || !strings.Contains(err.Error(), "motivationEn: too_long") {
		t.Fatalf("JSON, English too long: %d %v", res.StatusCode, err)
	}
}

// The notify page shows a sample in each language, says who gets which,
// and lists the decisions without an English motivation; the confirmation
// says what that means.
func TestNotifyPageShowsBothLanguages(t *testing.T) {
	prev := staff.Preview{Granted: 22, Emails: 44, ToGrant: 22, Partners: 22, SwedishSv: 22, NoEnglish: 22,
		NoEnglishRefs: []string{evil("no-english"), "KP-B"}, Samples: map[string]mail.Message{
			"granted-sv": {Subject: "Beslut", Text: evil("text-sv")}, "granted-en": {Subject: "Decision", Text: evil("text-en")}}}
	p := newNotifyPage(programme.Swedish, "2027-1", staff.NotifyView{Preview: prev, Progress: map[string]int{}}, Notices{})
	body := render(t, "staff-notify-languages", notifyView(p))
	showsEscaped(t, "notify", body, "no-english", "text-sv", "text-en")
	for _, want := range []string{"<dt>Att skicka utan motivering på engelska</dt><dd>22</dd>",
		"<h3>Att skicka utan motivering på engelska</h3><p>22 av besluten saknar motivering på engelska",
		`<li><a href="/staff/applications/KP-B?lang=sv">KP-B</a></li><li>och 20 till</li>`,
		"<h3>Beviljad, på engelska: Decision</h3><p>Till partnerna, och till de svenska parterna vars ansökan är på engelska.</p> <pre style=\"white-space: pre-wrap\" lang=\"en\">",
		"<h3>Beviljad, på svenska: Beslut</h3><p>Till de svenska parterna vars ansökan är på svenska.</p> <pre style=\"white-space: pre-wrap\" lang=\"sv\">",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("notify page: no %s", want)
		}
	}
	body = render(t, "staff-notify-confirm-languages", confirmView(p))
	if !strings.Contains(body, "22 av besluten saknar motivering på engelska: deras mejl på engelska ger den svenska motiveringen") {
		t.Errorf("confirmation: no word of the decisions without English:\n%s", body)
	}
	prev.NoEnglish, prev.NoEnglishRefs = 0, nil
	p = newNotifyPage(programme.English, "2027-1", staff.NotifyView{Preview: prev, Progress: map[string]int{}}, Notices{})
	if body := render(t, "staff-notify-all-english", notifyView(p)); !strings.Contains(body, "<dt>To send without a motivation in English</dt><dd>0</dd>") ||
		strings.Contains(body, "<h3>To send without") {
		t.Errorf("every decision with English:\n%s", body)
	}
	if body := render(t, "staff-notify-confirm-all-english", confirmView(p)); strings.Contains(body, "no motivation in English") {
		t.Errorf("confirmation: decisions without English, with none:\n%s", body)
	}
}
