package web

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// signatoryStore is teamStore with what Submit queues, and the answers the
// confirmation page records, party by party.
type signatoryStore struct {
	*teamStore
	queued  []programme.Email
	answers map[programme.ConfirmParty]programme.Confirmation
}

func (s *signatoryStore) Submit(ctx context.Context, app programme.Application, sec store.Secrets, now time.Time, also ...store.Also) (programme.Application, bool, error) {
	for _, a := range also {
		if q, ok := a.(store.QueueEmail); ok {
			s.queued = append(s.queued, q.Email)
		}
	}
	return s.teamStore.Submit(ctx, app, sec, now, also...)
}

func (s *signatoryStore) Application(ctx context.Context, ref string) (programme.Application, store.Secrets, error) {
	a, sec, err := s.teamStore.Application(ctx, ref)
	if sec.SignatoryKeyHash != "" {
		a.SignatoryAnswer.State = programme.ConfirmWaiting
	}
	for party, c := range s.answers {
		a.SetAnswer(party, c)
	}
	return a, sec, err
}

func (s *signatoryStore) Answer(_ context.Context, _ programme.Application, party programme.ConfirmParty, c programme.Confirmation) error {
	s.answers[party] = c
	return nil
}

// The form asks for the Swedish party's signatory, optionally; named, the
// signatory gets an email of its own (our words, in the application's
// language) whose key opens its page in that language, and answers there
// for itself only; the partner's key stays the partner's. The contact's
// own address, or nothing, sends no third email.
func TestTheSignatoryIsAskedAndAnswersForItself(t *testing.T) {
	ctx := context.Background()
	svc, ts, token := teamService(t, "2027-1")
	s := &signatoryStore{teamStore: ts, answers: map[programme.ConfirmParty]programme.Confirmation{}}
	svc.Store = s
	var logs bytes.Buffer
	svc.Log = slog.New(slog.NewTextHandler(&logs, nil))

	res, err := Form(svc)(ctx, pageGet("/", url.Values{"round": {"2027-1"}, "proof": {token}}.Encode()))
	if err != nil || !strings.Contains(res.Body, `<label for="f-signatory-name">Firmatecknarens namn <span class="hint">(valfritt)</span></label>`) ||
		!strings.Contains(res.Body, `aria-describedby="f-signatory-name-hint"`) ||
		!strings.Contains(res.Body, `name="signatory.email"`) || !strings.Contains(res.Body, html.EscapeString("Lämna tomt om kontaktpersonen själv skriver under.")) {
		t.Fatalf("the form has no signatory: %v\n%s", err, res.Body)
	}
	// A draft keeps it, and the form behind the link shows it again.
	draft := projectForm(token)
	draft.Set("signatory.name", "Per <Persson>")
	draft.Set("signatory.email", "per.persson@kalix.example.se")
	draft.Set("action", "save")
	if res, err := Submit(svc, "")(ctx, formPost("/applications", draft)); err != nil || res.StatusCode != 303 ||
		ts.draft["signatory.name"] != "Per <Persson>" || ts.draft["signatory.email"] != "per.persson@kalix.example.se" {
		t.Fatalf("the draft: %d %v %v", res.StatusCode, err, ts.draft)
	}
	res, err = Form(svc)(ctx, pageGet("/", url.Values{"round": {"2027-1"}, "proof": {token}}.Encode()))
	if err != nil || !strings.Contains(res.Body, `name="signatory.name" value="Per &lt;Persson&gt;"`) ||
		!strings.Contains(res.Body, `name="signatory.email" value="per.persson@kalix.example.se"`) {
		t.Fatalf("the draft's signatory is not in the form: %v\n%s", err, res.Body)
	}
	ts.draft = nil

	// Its problems are listed where the page asks it: after the Swedish party's phone.
	form := projectForm(token)
	form.Set("swedishParty.phone", "")
	form.Set("signatory.name", "Per Persson")
	res, _ = Submit(svc, "")(ctx, formPost("/applications", form))
	if res.StatusCode != 422 || !strings.Contains(res.Body, `href="#f-swedishParty-phone"`) ||
		strings.Index(res.Body, `href="#f-signatory-email"`) < strings.Index(res.Body, `href="#f-swedishParty-phone"`) ||
		!strings.Contains(res.Body, `value="Per Persson"`) {
		t.Fatalf("a signatory without an address: %d\n%s", res.StatusCode, res.Body)
	}

	form = projectForm(token)
	form.Set("signatory.name", "Per <Persson>")
	form.Set("signatory.email", "per.persson@kalix.example.se")
	res, err = Submit(svc, "https://ansok.example.se")(ctx, formPost("/applications", form))
	if err != nil || res.StatusCode != 303 || len(ts.submitted) != 1 {
		t.Fatalf("submit: %d %v\n%s", res.StatusCode, err, res.Body)
	}
	app := ts.submitted[0]
	if app.Signatory == nil || *app.Signatory != (programme.Signatory{Name: "Per <Persson>", Email: "per.persson@kalix.example.se"}) ||
		ts.sec.SignatoryKeyHash == "" || ts.sec.SignatoryKeyHash == ts.sec.PartnerKeyHash {
		t.Fatalf("stored signatory %+v, secrets %+v", app.Signatory, ts.sec)
	}
	if len(s.queued) != 3 {
		t.Fatalf("%d emails queued, want the receipt, the partner's and the signatory's", len(s.queued))
	}
	m := s.queued[2]
	key := programme.SignatoryKeyFor(form.Get("token"))
	link := "https://ansok.example.se/applications/" + app.Ref + "/confirm?" + url.Values{"key": {key}}.Encode()
	if m.ID != "confirm_"+app.Ref+"_signatory" || m.Kind != programme.SignatoryConfirmEmail || m.To != "per.persson@kalix.example.se" ||
		m.Subject != "Bekräfta ansökan "+app.Ref || !strings.Contains(m.Text, link) ||
		!strings.Contains(m.Text, "har skickats in för Kalix, och du är angiven som firmatecknare") {
		t.Fatalf("the signatory's email: %+v", m)
	}
	for _, typed := range []string{"Per", "Anna", "Vatten", "Masaka", "Samordnare"} {
		if strings.Contains(m.Text+m.HTML+m.Subject, typed) {
			t.Errorf("the signatory's email carries %q, typed by the applicant", typed)
		}
	}

	page := func(key, lang string) (int, string) {
		q := url.Values{"key": {key}}
		if lang != "" {
			q.Set("lang", lang)
		}
		req := pageGet("/applications/"+app.Ref+"/confirm", q.Encode())
		req.PathParameters = map[string]string{"ref": app.Ref}
		res, err := PartnerConfirm(svc)(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, res.Body
	}
	post := func(key string, v url.Values) (int, string, string) {
		req := formPost("/applications/"+app.Ref+"/confirm", v)
		req.QueryStringParameters = map[string]string{"key": key}
		req.PathParameters = map[string]string{"ref": app.Ref}
		res, err := PartnerConfirm(svc)(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, res.Body, res.Headers["Location"]
	}
	status, body := page(key, "")
	if status != 200 || !strings.Contains(body, `<html lang="sv">`) || !strings.Contains(body, "<title>Firmatecknarens bekräftelse") ||
		!strings.Contains(body, `name="decision"`) || !strings.Contains(body, "<h2>Teamet</h2>") {
		t.Fatalf("the signatory's page: %d\n%s", status, body)
	}
	if _, body := page(key, "en"); !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "<title>The signatory&#39;s confirmation") {
		t.Errorf("the signatory's page in English:\n%s", body)
	}
	partnerKey := programme.ConfirmKeyFor(form.Get("token"))
	if _, body := page(partnerKey, ""); !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "<title>The partner&#39;s confirmation") {
		t.Errorf("the partner's page:\n%s", body)
	}
	if status, _ := page(programme.StatusKeyFor(form.Get("token")), ""); status != 404 {
		t.Errorf("the status key opens a confirmation: %d", status)
	}

	status, _, location := post(key, url.Values{"decision": {"confirm"}, "name": {"Per Persson"}, "role": {"Kommunstyrelsens ordförande"}})
	if status != 303 || !strings.Contains(location, "lang=sv") || !strings.Contains(location, "ok=1") {
		t.Fatalf("the signatory confirms: %d %s", status, location)
	}
	if c, ok := s.answers[programme.ConfirmBySignatory]; !ok || c.State != programme.ConfirmConfirmed || c.Name != "Per Persson" || len(s.answers) != 1 {
		t.Fatalf("answers %+v", s.answers)
	}
	if _, body := page(key, ""); !strings.Contains(body, "<h2>Firmatecknarens bekräftelse</h2>") || !strings.Contains(body, "Per Persson, Kommunstyrelsens ordförande") ||
		strings.Contains(body, `name="decision"`) {
		t.Errorf("the signatory's page after the answer:\n%s", body)
	}
	if status, body, _ := post(key, url.Values{"decision": {"decline"}, "name": {"Per"}, "role": {"Ordf."}, "comment": {"Nej."}}); status != 409 ||
		!strings.Contains(body, "Firmatecknaren har redan svarat på den här ansökan.") {
		t.Errorf("the signatory twice: %d\n%s", status, body)
	}
	// The partner's key answers for the partner, still waiting.
	if _, body := page(partnerKey, ""); !strings.Contains(body, `name="decision"`) {
		t.Errorf("the signatory's answer closed the partner's page:\n%s", body)
	}
	if status, _, _ := post(partnerKey, url.Values{"decision": {"confirm"}, "name": {"Mary"}, "role": {"Director"}}); status != 303 ||
		s.answers[programme.ConfirmByPartner].Name != "Mary" || s.answers[programme.ConfirmBySignatory].Name != "Per Persson" {
		t.Errorf("the partner confirms: %d %+v", status, s.answers)
	}

	// The logs say who answered by party, never by name or address.
	if l := logs.String(); !strings.Contains(l, "party=signatory") || strings.Contains(l, "Per") || strings.Contains(l, "per.persson") ||
		strings.Contains(l, "Mary") {
		t.Errorf("the logs:\n%s", l)
	}

	// Nothing, or the contact's own (proven) address: no third email.
	for _, sig := range []url.Values{{}, {"signatory.name": {"Anna Andersson"}, "signatory.email": {"ANNA@kalix.example.se"}}} {
		svc, ts, token := teamService(t, "2027-1")
		s := &signatoryStore{teamStore: ts, answers: map[programme.ConfirmParty]programme.Confirmation{}}
		svc.Store = s
		form := projectForm(token)
		for k, v := range sig {
			form[k] = v
		}
		if res, err := Submit(svc, "")(ctx, formPost("/applications", form)); err != nil || res.StatusCode != 303 ||
			len(s.queued) != 2 || ts.submitted[0].Signatory != nil || ts.sec.SignatoryKeyHash != "" {
			t.Errorf("%v: %d %v, %d emails, signatory %+v", sig, res.StatusCode, err, len(s.queued), ts.submitted)
		}
	}
}

// A JSON client names the signatory as "signatory": {"name", "email"}.
func TestJSONSignatory(t *testing.T) {
	svc, ts, token := teamService(t, "2027-1")
	s := &signatoryStore{teamStore: ts, answers: map[programme.ConfirmParty]programme.Confirmation{}}
	svc.Store = s
	in := map[string]any{"round": "2027-1", "token": programme.NewToken(), "proof": token, "lang": "en",
		"swedishParty": map[string]string{"organisation": "Kalix", "contactName": "Anna", "phone": "+46 923 650 00"},
		"signatory":    map[string]string{"name": "Per Persson", "email": "per@kalix.example.se"},
		"partner":      map[string]string{"organisation": "Masaka", "country": "UG", "contactName": "John", "email": "john@masaka.example.ug"},
		"type":         "project", "theme": "climate", "title": "Waste", "summary": "Visits.", "objectives": "A plan.",
		"durationYears": 1, "budgetPerYear": []int{275000},
		"team": map[string]any{"swedishParty": []any{map[string]string{"name": "S", "role": "coordinator"}, map[string]string{"name": "T", "role": "civil-servant"},
			map[string]string{"name": "U", "role": "civil-servant"}},
			"partner": []any{map[string]string{"name": "S", "role": "coordinator"}, map[string]string{"name": "T", "role": "civil-servant"},
				map[string]string{"name": "U", "role": "civil-servant"}}}}
	b, _ := json.Marshal(in)
	req := formPost("/applications", nil)
	req.Headers["content-type"], req.Body = "application/json", string(b)
	res, err := Submit(svc, "")(context.Background(), req)
	if err != nil || res.StatusCode != 201 || len(ts.submitted) != 1 || ts.submitted[0].Signatory == nil ||
		ts.submitted[0].Signatory.Email != "per@kalix.example.se" || len(s.queued) != 3 || !strings.Contains(s.queued[2].Text, "naming you as its signatory") {
		t.Fatalf("a JSON application with a signatory: %d %v\n%s", res.StatusCode, err, res.Body)
	}
}

// Staff see the signatory, its answer (and the partner's) and the round's
// rule on it; the erasure of the Swedish party's contact details says it
// takes the signatory's with them, and then the page shows neither.
func TestStaffSeeTheSignatory(t *testing.T) {
	r := testRound()
	r.Rules.Confirmation = programme.ConfirmationRule{RequiredForGrant: true, DaysAfterDeadline: 21}
	app := programme.Application{Ref: "KP-XJXMFDHFW1", RoundID: r.ID, Type: programme.Project, Status: programme.AppInReview,
		SwedishParty: programme.Party{Organisation: "Kalix", ContactName: "Anna Andersson", Email: "anna@kalix.example.se"},
		Signatory:    &programme.Signatory{Name: evil("signatory"), Email: evil("signatory-email")},
		Partner:      programme.Party{Country: "KE", ContactName: "John"}, BudgetPerYear: []int64{100},
		PartnerAnswer: programme.Confirmation{State: programme.ConfirmWaiting},
		SignatoryAnswer: programme.Confirmation{State: programme.ConfirmDeclined, Name: evil("answered-by"), Role: "Ordförande",
			Comment: evil("words"), At: time.Date(2027, 3, 20, 9, 30, 0, 0, programme.Stockholm)}}
	body := render(t, "staff-signatory", applicationView(newApplicationPage(programme.Swedish, app, r, nil, Notices{}, nil, programme.DecisionInput{})))
	showsEscaped(t, "staff application", body, "signatory", "signatory-email", "answered-by", "words")
	for _, want := range []string{"<dt>Firmatecknare</dt>", "<dt>Firmatecknarens bekräftelse</dt>", "<dd>Avböjd 20 mars 2027 kl. 09:30 (CET) av ",
		"Utlysningen kräver firmatecknarens bekräftelse för att bevilja.", "<dt>Partnerns bekräftelse</dt>", "Svara senast 5 april 2027",
		"Anna Andersson och firmatecknaren " + html.EscapeString(evil("signatory"))} {
		if !strings.Contains(body, want) {
			t.Errorf("the staff page has no %s", want)
		}
	}
	if strings.Count(body, "Svara senast") != 1 {
		t.Error("a day to answer for an answer given")
	}
	app.Redacted = map[programme.PartyRole]time.Time{programme.RoleSwedish: time.Date(2027, 6, 1, 3, 0, 0, 0, programme.Stockholm)}
	body = render(t, "staff-signatory-erased", applicationView(newApplicationPage(programme.Swedish, app, r, nil, Notices{}, nil, programme.DecisionInput{})))
	if strings.Count(body, "Kontaktuppgifterna raderades 1 juni 2027") != 2 || strings.Contains(body, html.EscapeString(evil("signatory-email"))) {
		t.Errorf("after the erasure:\n%s", body)
	}
	app.Signatory, app.SignatoryAnswer = nil, programme.Confirmation{}
	if body = render(t, "staff-nosignatory", applicationView(newApplicationPage(programme.Swedish, app, r, nil, Notices{}, nil, programme.DecisionInput{}))); strings.Contains(body, "Firmatecknare") {
		t.Error("an application without a signatory shows one")
	}
}
