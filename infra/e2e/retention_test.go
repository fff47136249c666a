package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// seedSubmitted writes one submitted application of the spring round
// straight into the table (the shape Submit writes), with addresses of its
// own, and returns its reference and the two contacts' addresses.
func seedSubmitted(t *testing.T, s *system) (ref, swedish, partner string) {
	t.Helper()
	tok := programme.NewToken()
	ref = programme.RefFor(tok)
	swedish, partner = stacktest.UniqueName("anna")+"@kalix.example.se", stacktest.UniqueName("john")+"@masaka.example.ug"
	app := programme.Application{Ref: ref, RoundID: "2027-1", Lang: programme.Swedish,
		SwedishParty: programme.Party{Organisation: "Kalix kommun", ContactName: "Anna Raderasson", Email: swedish, Phone: "+46 923 650 00"},
		Partner:      programme.Party{Organisation: "Masaka District Local Government", Country: "UG", ContactName: "John Okello", Email: partner},
		Type:         programme.Project, Theme: "climate", Title: "Avfall i Kalix", Summary: "S", Objectives: "O",
		DurationYears: 2, BudgetPerYear: []int64{200000, 200000}, Status: programme.AppSubmitted, SubmittedAt: springDay.UTC(), Version: 1}
	item, err := store.ApplicationItem(app, store.Secrets{TokenHash: programme.Hash(tok)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.rawDB().PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(s.Env.Store.Table()), Item: item}); err != nil {
		t.Fatal(err)
	}
	return ref, swedish, partner
}

// Staff erase one person's contact details from an application through the
// local API: a form with a reason and a confirmation (without it, nothing
// is erased and the page says why), then the page says when they were
// erased, the audit log that they were and by whom, never what; the email
// still waiting for that person is never sent; the decision and its amount
// stay; later decision emails go to the other party only; a sent email to
// a person erased afterwards loses its address. JSON clients get the same,
// with 409 for twice and 422 for a bad request.
func TestStaffErasesAPersonsContactDetails(t *testing.T) {
	s := newSystem(t)
	ref, swedish, partner := seedSubmitted(t, s)
	s.clock.Set(springCloses.Add(time.Hour))
	s.fire(t, "RoundsFunction/SafetyNet") // to review: "in review" queued to the Swedish contact
	page := "/staff/applications/" + ref
	res, body := s.staff(t, "GET", page, "", "")
	if res.StatusCode != 200 || !strings.Contains(body, swedish) || !strings.Contains(body, `action="/staff/applications/`+ref+`/erase?lang=sv"`) ||
		!strings.Contains(body, `name="confirm" value="1"`) {
		t.Fatalf("application page: %d\n%s", res.StatusCode, body)
	}
	if res, body := s.staff(t, "POST", page+"/decision", "application/json", `{"outcome":"granted","amount":300000,"motivation":"Bra."}`); res.StatusCode != 200 {
		t.Fatalf("decide: %d %s", res.StatusCode, body)
	}

	// While an email to the person is being sent: nothing erased, 409.
	closedID := programme.EmailID(programme.AboutClosed, ref)
	if _, err := s.Env.Store.ClaimOutbox(context.Background(), closedID, "a-mailer", s.clock.Now(), time.Minute); err != nil {
		t.Fatal(err)
	}
	if res, body := s.staff(t, "POST", page+"/erase", "application/json", `{"person":"swedishParty","reason":"requested","confirm":true}`); res.StatusCode != 409 ||
		!strings.Contains(body, `"email_in_flight"`) || !strings.Contains(body, "försök igen om en kvart") {
		t.Fatalf("while its email is being sent: %d %s", res.StatusCode, body)
	}
	if err := s.Env.Store.Release(context.Background(), closedID, "a-mailer", "SES throttled", s.clock.Now()); err != nil {
		t.Fatal(err)
	}

	form := url.Values{"person": {"swedishParty"}, "reason": {"requested"}}
	res, body = s.staff(t, "POST", page+"/erase", "application/x-www-form-urlencoded", form.Encode())
	if res.StatusCode != 422 || !strings.Contains(body, "Inget raderades. Rätta följande:") || !strings.Contains(body, `href="#f-confirm"`) ||
		!strings.Contains(body, `value="swedishParty" checked`) || !strings.Contains(body, swedish) {
		t.Fatalf("without the confirmation: %d\n%s", res.StatusCode, body)
	}
	form.Set("confirm", "1")
	res, _ = s.staff(t, "POST", page+"/erase", "application/x-www-form-urlencoded", form.Encode())
	if res.StatusCode != 303 || res.Header.Get("Location") != page+"?lang=sv&ok=contacts_erased" {
		t.Fatalf("erase: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = s.staff(t, "GET", res.Header.Get("Location"), "", "")
	if strings.Contains(body, swedish) || strings.Contains(body, "Anna Raderasson") || !strings.Contains(body, "Kontaktuppgifterna är raderade.") ||
		!strings.Contains(body, "Kontaktuppgifterna raderades 15 mars 2027") || !strings.Contains(body, "John Okello") ||
		!strings.Contains(body, "Kontaktuppgifter raderade: Svensk part (Personen har begärt radering)") ||
		!strings.Contains(body, stacktest.StaffUser(s.Stack).Email) || !strings.Contains(body, `value="300000"`) {
		t.Fatalf("the page after the erasure:\n%s", body)
	}
	closed, err := s.Env.Store.OutboxItem(context.Background(), programme.EmailID(programme.AboutClosed, ref))
	if err != nil || closed.State != programme.EmailCancelled || closed.To != programme.Redacted || closed.Text != "" {
		t.Fatalf("the waiting email: %+v %v, want it cancelled, without address and body", closed, err)
	}

	// The decision goes out: to the partner only; the cancelled email never.
	if res, body := s.staff(t, "POST", "/staff/rounds/2027-1/notify", "application/json", ""); res.StatusCode != 200 || !strings.Contains(body, `"queued":1`) {
		t.Fatalf("notify: %d %s", res.StatusCode, body)
	}
	s.fire(t, "MailerFunction/Drain")
	if n := len(mailsTo(t, swedish)); n != 0 {
		t.Fatalf("the erased contact got %d emails", n)
	}
	if n := len(waitForMail(t, partner, 1)); n != 1 {
		t.Fatalf("the partner got %d emails", n)
	}

	// The partner too, as JSON: the sent decision email loses its address.
	res, body = s.staff(t, "POST", page+"/erase", "application/json", `{"person":"partner","reason":"objected","confirm":true}`)
	var out struct {
		Person          string
		EmailsCancelled int
		EmailsRedacted  int
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || res.StatusCode != 200 || out.Person != "partner" || out.EmailsRedacted != 1 || out.EmailsCancelled != 0 {
		t.Fatalf("erase the partner: %d %s", res.StatusCode, body)
	}
	if e, _ := s.Env.Store.OutboxItem(context.Background(), programme.EmailID(programme.AboutDecision, ref, "partner")); e.To != programme.Redacted ||
		e.State != programme.EmailSent || e.MessageID == "" {
		t.Fatalf("the partner's decision email: %+v", e)
	}
	if res, body := s.staff(t, "POST", page+"/erase", "application/json", `{"person":"partner","reason":"objected","confirm":true}`); res.StatusCode != 409 ||
		!strings.Contains(body, `"already_erased"`) {
		t.Fatalf("twice: %d %s", res.StatusCode, body)
	}
	if res, body := s.staff(t, "POST", page+"/erase", "application/json", `{"person":"","reason":"why"}`); res.StatusCode != 422 ||
		!strings.Contains(body, `"invalid_erasure"`) || !strings.Contains(body, `"field":"person"`) || !strings.Contains(body, `"field":"reason"`) ||
		!strings.Contains(body, `"field":"confirm"`) {
		t.Fatalf("a bad request: %d %s", res.StatusCode, body)
	}
	if res, _ := s.staff(t, "POST", "/staff/applications/KP-0000000000/erase", "application/json", `{"person":"partner","reason":"requested","confirm":true}`); res.StatusCode != 404 {
		t.Fatalf("unknown application: %d", res.StatusCode)
	}
	_, body = s.staff(t, "GET", page+"?lang=en", "", "")
	if strings.Count(body, "Contact details erased on 15 March 2027") != 2 || !strings.Contains(body, "Every contact&#39;s details in the application are erased.") ||
		!strings.Contains(body, "SEK 300,000") || strings.Contains(body, partner) {
		t.Fatalf("the page with both erased:\n%s", body)
	}
	res, body = s.staff(t, "GET", page, "", "", "Accept", "application/json")
	if res.StatusCode != 200 || !strings.Contains(body, `"redacted":{`) || strings.Contains(body, swedish) || strings.Contains(body, partner) {
		t.Fatalf("JSON: %s", body)
	}
}

// The retention job through its schedule (RoundsFunction/Retention, as
// EventBridge Scheduler invokes it) on the fake clock: emails lose their
// address and body 90 days after their send, a rejected application's
// contacts go 3 months after its decision was emailed, not a minute before;
// the counts stay; fired again, it does nothing.
func TestRetentionScheduleErasesRejectedContactsAfterThreeMonths(t *testing.T) {
	s := newSystem(t)
	ref, swedish, _ := seedSubmitted(t, s)
	s.clock.Set(springCloses.Add(time.Hour))
	s.fire(t, "RoundsFunction/SafetyNet")
	if res, body := s.staff(t, "POST", "/staff/applications/"+ref+"/decision", "application/json", `{"outcome":"rejected","motivation":"Otydligt."}`); res.StatusCode != 200 {
		t.Fatalf("decide: %d %s", res.StatusCode, body)
	}
	if res, body := s.staff(t, "POST", "/staff/rounds/2027-1/notify", "application/json", ""); res.StatusCode != 200 {
		t.Fatalf("notify: %d %s", res.StatusCode, body)
	}
	sent := s.clock.Now()
	s.fire(t, "MailerFunction/Drain")
	_, before := s.staff(t, "GET", "/staff/rounds/2027-1", "", "", "Accept", "application/json")

	s.clock.Set(sent.AddDate(0, 3, 0).Add(-time.Minute))
	rep := s.fire(t, "RoundsFunction/Retention")
	if rep["redacted"] != 0.0 || rep["emails"] != 3.0 || rep["waiting"] != 1.0 {
		t.Fatalf("a minute before 3 months: %v, want the 3 emails of 90 days ago (in review, 2 decisions), the application waiting", rep)
	}
	if app, _, _ := s.Env.Store.Application(context.Background(), ref); app.SwedishParty.Email != swedish {
		t.Fatalf("erased early: %+v", app.SwedishParty)
	}
	s.clock.Set(sent.AddDate(0, 3, 0))
	if rep = s.fire(t, "RoundsFunction/Retention"); rep["redacted"] != 1.0 {
		t.Fatalf("at 3 months: %v", rep)
	}
	_, body := s.staff(t, "GET", "/staff/applications/"+ref, "", "")
	if strings.Contains(body, swedish) || strings.Count(body, "Kontaktuppgifterna raderades 15 juni 2027") != 2 || !strings.Contains(body, "Gallringsjobbet") ||
		!strings.Contains(body, "Kontaktuppgifter raderade: Svensk part, Partner (gallring: Kontaktuppgifter i avslagna ansökningar)") ||
		!strings.Contains(body, "Otydligt.") {
		t.Fatalf("the page after the retention:\n%s", body)
	}
	if rep = s.fire(t, "RoundsFunction/Retention"); rep["redacted"] != 0.0 || rep["emails"] != 0.0 || rep["waiting"] != 0.0 {
		t.Fatalf("fired again: %v, want nothing", rep)
	}
	_, after := s.staff(t, "GET", "/staff/rounds/2027-1", "", "", "Accept", "application/json")
	if after != before {
		t.Fatalf("the dashboard changed:\n%s\n%s", before, after)
	}
}
