package e2e

import (
	"context"
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

// confirmMailTo waits (briefly) for the one email with a confirmation link
// to addr, and returns it with its link's reference and address.
func confirmMailTo(t *testing.T, addr string) (m stack.Mail, ref string, link *url.URL) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		ms, err := stacktest.Mailbox().To(context.Background(), addr)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 1 {
			if l := confirmLink.FindStringSubmatch(ms[0].Body.Text); l != nil {
				u, _ := url.Parse(l[0])
				return ms[0], l[1], u
			}
		}
	}
	t.Fatalf("no confirmation link reached %s", addr)
	return
}

// applicationItem is application ref's item as stored.
func (s *system) applicationItem(t *testing.T, ref string) map[string]types.AttributeValue {
	t.Helper()
	out, err := s.Env.Store.DB().GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(s.Env.Store.Table()), ConsistentRead: aws.Bool(true),
		Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "APP#" + ref}, "SK": &types.AttributeValueMemberS{Value: "APP"}}})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

func attrS(item map[string]types.AttributeValue, name string) string {
	if v, ok := item[name].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

// The Swedish party's signatory, named in the form, confirms the
// application itself from a link of its own: an email (in the
// application's language, our words and the organisation of the
// programme's list only) queued with the submission; the same page as the
// partner's, in Swedish; an answer once, by name and role, bound to the
// content hash, with its audit line (by "the signatory", no name). A key
// answers for its own party only: the signatory's answer leaves the
// partner waiting, and the partner's key answers for the partner. Staff
// see both answers and the signatory. The erasure of the Swedish party's
// contact details takes the signatory's, its answer's name and its
// email's address with them.
func TestSignatoryConfirmsFromItsOwnLink(t *testing.T) {
	s := newSystem(t)
	ctx := context.Background()
	contact := stacktest.UniqueName("karin") + "@robertsfors.example.se"
	partner := stacktest.UniqueName("partner") + "@machakos.example.ke"
	signatory := stacktest.UniqueName("per") + "@robertsfors.example.se"
	form := validForm(contact)
	form.Set("partner.email", partner)
	form.Set("title", "Mödrahälsovård <b>på landsbygden</b>")
	form.Set("signatory.name", "Per Persson")
	form.Set("signatory.email", signatory)
	res, _ := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", s.proven(t, form).Encode())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}

	m, ref, link := confirmMailTo(t, signatory)
	text := m.Subject + "\n" + m.Body.Text + "\n" + m.Body.HTML
	if m.Subject != "Bekräfta ansökan "+ref || !strings.Contains(m.Body.Text, "har skickats in för Robertsfors, och du är angiven som firmatecknare") ||
		!strings.Contains(res.Header.Get("Location"), ref) {
		t.Fatalf("the signatory's email:\n%s", text)
	}
	for _, typed := range []string{"Mödrahälsovård", "Karin", "Per Persson", "Machakos"} {
		if strings.Contains(text, typed) {
			t.Fatalf("the signatory's email carries %q, typed by the applicant:\n%s", typed, text)
		}
	}
	_, partnerRef, partnerLink := confirmMailTo(t, partner)
	if partnerRef != ref || partnerLink.Query().Get("key") == link.Query().Get("key") {
		t.Fatalf("the partner's link %s, the signatory's %s", partnerLink, link)
	}
	if e, err := s.Env.Store.OutboxItem(ctx, programme.EmailID(programme.AboutConfirm, ref, "signatory")); err != nil ||
		e.Kind != programme.SignatoryConfirmEmail || e.To != signatory || e.State != programme.EmailSent {
		t.Fatalf("the signatory's email in the outbox: %+v %v", e, err)
	}

	res, body := s.do(t, "GET", link.RequestURI(), "", "")
	if res.StatusCode != 200 || !strings.Contains(body, `<html lang="sv">`) || !strings.Contains(body, "<title>Firmatecknarens bekräftelse") ||
		!strings.Contains(body, "Mödrahälsovård &lt;b&gt;på landsbygden&lt;/b&gt;") || !strings.Contains(body, `name="decision"`) ||
		!strings.Contains(body, "Svara senast 5 april 2027") {
		t.Fatalf("the signatory's page: %d\n%s", res.StatusCode, body)
	}
	post := func(link *url.URL, v url.Values) (*http.Response, string) {
		return s.do(t, "POST", link.RequestURI(), "application/x-www-form-urlencoded", v.Encode())
	}
	if res, body := post(link, url.Values{"decision": {"decline"}, "name": {"Per Persson"}, "role": {"Ordförande"}}); res.StatusCode != 422 ||
		!strings.Contains(body, "Kommentar (krävs om ni avböjer)") {
		t.Fatalf("a decline without words: %d\n%s", res.StatusCode, body)
	}
	res, _ = post(link, url.Values{"decision": {"confirm"}, "name": {"Per Persson"}, "role": {"Kommunstyrelsens ordförande"}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "lang=sv") {
		t.Fatalf("confirm: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body := s.do(t, "GET", res.Header.Get("Location"), "", ""); !strings.Contains(body, "Tack, ert svar är registrerat.") ||
		!strings.Contains(body, "Bekräftad") || strings.Contains(body, `name="decision"`) {
		t.Fatalf("after the answer:\n%s", body)
	}
	if res, body := post(link, url.Values{"decision": {"decline"}, "name": {"Någon"}, "role": {"Annan"}, "comment": {"Nej."}}); res.StatusCode != 409 ||
		!strings.Contains(body, "Firmatecknaren har redan svarat på den här ansökan.") {
		t.Fatalf("a second answer: %d, want 409\n%s", res.StatusCode, body)
	}
	app, sec, err := s.Env.Store.Application(ctx, ref)
	if err != nil || app.SignatoryAnswer.State != programme.ConfirmConfirmed || app.SignatoryAnswer.Name != "Per Persson" ||
		app.SignatoryAnswer.Version != programme.ContentHash(app) || app.PartnerAnswer.State != programme.ConfirmWaiting ||
		app.Signatory == nil || *app.Signatory != (programme.Signatory{Name: "Per Persson", Email: signatory}) ||
		sec.SignatoryKeyHash == "" || sec.SignatoryKeyHash == sec.PartnerKeyHash {
		t.Fatalf("stored: signatory %+v, its answer %+v, the partner's %+v, %v", app.Signatory, app.SignatoryAnswer, app.PartnerAnswer, err)
	}

	// The partner's key opens the partner's page, in English, still to answer; and answers for the partner.
	if _, body := s.do(t, "GET", partnerLink.RequestURI(), "", ""); !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, `name="decision"`) {
		t.Fatalf("the partner's page after the signatory's answer:\n%s", body)
	}
	if res, _ := post(partnerLink, url.Values{"decision": {"decline"}, "name": {"Mary Wanjiru"}, "role": {"Director"}, "comment": {"Not our budget."}}); res.StatusCode != 303 {
		t.Fatalf("the partner declines: %d", res.StatusCode)
	}
	if app, _, _ = s.Env.Store.Application(ctx, ref); app.PartnerAnswer.State != programme.ConfirmDeclined || app.SignatoryAnswer.Name != "Per Persson" ||
		app.SignatoryAnswer.State != programme.ConfirmConfirmed {
		t.Fatalf("after the partner's answer: %+v %+v", app.PartnerAnswer, app.SignatoryAnswer)
	}
	// Neither key opens another application; a wrong key opens nothing.
	other := validForm(stacktest.UniqueName("eva") + "@robertsfors.example.se")
	other.Set("signatory.name", "Olle Olsson")
	olle := stacktest.UniqueName("olle") + "@robertsfors.example.se"
	other.Set("signatory.email", olle)
	if res, _ := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", s.proven(t, other).Encode()); res.StatusCode != 303 {
		t.Fatalf("another submission: %d", res.StatusCode)
	}
	otherRef := programme.RefFor(other.Get("token"))
	for _, key := range []string{link.Query().Get("key"), partnerLink.Query().Get("key"), strings.Repeat("A", 32)} {
		u := "/applications/" + otherRef + "/confirm?" + url.Values{"key": {key}}.Encode()
		if res, body := s.do(t, "GET", u, "", ""); res.StatusCode != 404 || strings.Contains(body, "Mödrahälsovård") {
			t.Fatalf("a key of %s opens %s: %d", ref, otherRef, res.StatusCode)
		}
		if res, _ := s.do(t, "POST", u, "application/x-www-form-urlencoded", url.Values{"decision": {"confirm"}, "name": {"X"}, "role": {"Y"}}.Encode()); res.StatusCode != 404 {
			t.Fatalf("a key of %s answers for %s: %d", ref, otherRef, res.StatusCode)
		}
	}
	if a, _, _ := s.Env.Store.Application(ctx, otherRef); a.SignatoryAnswer.State != programme.ConfirmWaiting || a.PartnerAnswer.State != programme.ConfirmWaiting {
		t.Fatalf("the other application's answers: %+v %+v", a.SignatoryAnswer, a.PartnerAnswer)
	}

	page := "/staff/applications/" + ref
	_, body = s.staff(t, "GET", page, "", "")
	for _, want := range []string{"<dt>Firmatecknare</dt>", "<dd>Per Persson, " + signatory + "</dd>", "<dt>Firmatecknarens bekräftelse</dt>",
		"Per Persson, Kommunstyrelsens ordförande", "Firmatecknaren bekräftade ansökan (Kommunstyrelsens ordförande)",
		"Avböjd", "Mary Wanjiru, Director: Not our budget.", "Partnern avböjde ansökan (Director)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the staff page has no %s", want)
		}
	}
	// The audit line names the signatory by its role in the application, never by name.
	if i := strings.Index(body, "Firmatecknaren bekräftade ansökan"); i < 0 || !strings.Contains(body[max(0, i-400):i], "Firmatecknare") ||
		strings.Contains(body[max(0, i-400):i], "signatory Per") {
		t.Errorf("the audit line's actor:\n%s", body[max(0, i-400):i])
	}

	// Staff erase the Swedish party's contact details: the signatory's go too.
	s.clock.Set(springCloses.Add(time.Hour))
	if res, body := s.staff(t, "POST", page+"/erase", "application/json", `{"person":"swedishParty","reason":"requested","confirm":true}`); res.StatusCode != 200 ||
		!strings.Contains(body, `"emailsRedacted":2`) {
		// The receipt and the signatory's link (both sent) lose their address.
		t.Fatalf("erase the Swedish party: %d %s", res.StatusCode, body)
	}
	item := s.applicationItem(t, ref)
	sig, _ := item["signatory"].(*types.AttributeValueMemberM)
	if sig == nil || attrS(sig.Value, "name") != programme.Redacted || attrS(sig.Value, "email") != programme.Redacted ||
		attrS(item, "signatoryName") != programme.Redacted || attrS(item, "signatoryRole") != "Kommunstyrelsens ordförande" ||
		attrS(item, "partnerName") != "Mary Wanjiru" {
		t.Fatalf("the item after the erasure: signatory %#v, answered by %q", item["signatory"], attrS(item, "signatoryName"))
	}
	if e, _ := s.Env.Store.OutboxItem(ctx, programme.EmailID(programme.AboutConfirm, ref, "signatory")); e.To != programme.Redacted || e.Text != "" {
		t.Fatalf("the signatory's email after the erasure: %+v", e)
	}
	_, body = s.staff(t, "GET", page, "", "")
	if strings.Contains(body, signatory) || strings.Contains(body, "Per Persson") || strings.Count(body, "Kontaktuppgifterna raderades 15 mars 2027") != 2 {
		t.Fatalf("the staff page after the erasure:\n%s", body)
	}

	// The round's day to answer holds for the signatory too (21 days after
	// the deadline): after it, the page has no form and an answer is refused.
	_, _, olleLink := confirmMailTo(t, olle)
	s.clock.Set(time.Date(2027, 4, 5, 16, 0, 0, 0, programme.Stockholm))
	if _, body := s.do(t, "GET", olleLink.RequestURI(), "", ""); !strings.Contains(body, "Tiden att svara gick ut 5 april 2027 kl. 16:00 (CEST)") ||
		strings.Contains(body, `name="decision"`) {
		t.Fatalf("the signatory's page after the day:\n%s", body)
	}
	res, _ = post(olleLink, url.Values{"decision": {"confirm"}, "name": {"Olle Olsson"}, "role": {"Ordförande"}})
	if a, _, _ := s.Env.Store.Application(ctx, otherRef); res.StatusCode != http.StatusConflict || a.SignatoryAnswer.State != programme.ConfirmWaiting {
		t.Fatalf("a late answer: %d, stored %q", res.StatusCode, a.SignatoryAnswer.State)
	}
}

// A submission without a signatory sends no third email, and one that names
// the contact's own address as the signatory's neither: the contact signs.
func TestNoSignatoryNoThirdEmail(t *testing.T) {
	s := newSystem(t)
	for _, sig := range []func(v url.Values){func(url.Values) {}, func(v url.Values) {
		v.Set("signatory.name", "Karin Lindström")
		v.Set("signatory.email", strings.ToUpper(v.Get("swedishParty.email")))
	}} {
		contact := stacktest.UniqueName("karin") + "@robertsfors.example.se"
		form := validForm(contact)
		sig(form)
		res, _ := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", s.proven(t, form).Encode())
		ref := regexp.MustCompile(`KP-[0-9A-Z]{10}`).FindString(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || ref == "" {
			t.Fatalf("submit: %d", res.StatusCode)
		}
		waitForMail(t, contact, 1) // the receipt (sent with the rest, at once)
		all, err := stacktest.Mailbox().Since(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		links := 0
		for _, m := range all {
			if strings.Contains(m.Body.Text, "/applications/"+ref+"/confirm?key=") {
				links++
			}
		}
		if links != 1 {
			t.Fatalf("%d links to confirm %s sent, want the partner's only", links, ref)
		}
		if _, err := s.Env.Store.OutboxItem(context.Background(), programme.EmailID(programme.AboutConfirm, ref, "signatory")); err == nil {
			t.Fatal("a signatory's email without a signatory")
		}
		item := s.applicationItem(t, ref)
		if _, ok := item["signatory"]; ok || attrS(item, "signatoryState") != "" || attrS(item, "signatoryKeyHash") != "" {
			t.Fatalf("an application without a signatory stored one: %v", item["signatory"])
		}
	}
}

// The retention job erases the signatory with the Swedish party's contact
// details, 3 months after the rejection was emailed.
func TestRetentionErasesTheSignatory(t *testing.T) {
	s := newSystem(t)
	ctx := context.Background()
	signatory := stacktest.UniqueName("per") + "@robertsfors.example.se"
	form := validForm(stacktest.UniqueName("karin") + "@robertsfors.example.se")
	form.Set("signatory.name", "Per Persson")
	form.Set("signatory.email", signatory)
	if res, _ := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", s.proven(t, form).Encode()); res.StatusCode != 303 {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	_, ref, link := confirmMailTo(t, signatory)
	if res, _ := s.do(t, "POST", link.RequestURI(), "application/x-www-form-urlencoded",
		url.Values{"decision": {"confirm"}, "name": {"Per Persson"}, "role": {"Ordförande"}}.Encode()); res.StatusCode != 303 {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
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
	s.clock.Set(sent.AddDate(0, 3, 0))
	if rep := s.fire(t, "RoundsFunction/Retention"); rep["redacted"] != 1.0 {
		t.Fatalf("at 3 months: %v", rep)
	}
	app, _, err := s.Env.Store.Application(ctx, ref)
	if err != nil || app.Signatory == nil || app.Signatory.Name != programme.Redacted || app.Signatory.Email != programme.Redacted ||
		app.SignatoryAnswer.Name != programme.Redacted || app.SignatoryAnswer.State != programme.ConfirmConfirmed {
		t.Fatalf("after the retention: %+v %+v %v", app.Signatory, app.SignatoryAnswer, err)
	}
	if e, _ := s.Env.Store.OutboxItem(ctx, programme.EmailID(programme.AboutConfirm, ref, "signatory")); e.To != programme.Redacted {
		t.Fatalf("the signatory's email keeps its address: %+v", e)
	}
}
