package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/web"
)

// A form post with the honeypot filled is answered like a success (303 to a
// neutral thank-you page, no reference, nothing said to be wrong) but
// nothing is stored and nothing is sent. The same post with it empty is an
// application; JSON has no such field (an unknown field is refused).
func TestHoneypotStoresAndSendsNothing(t *testing.T) {
	s := newSystem(t)
	email := stacktest.UniqueName("bot") + "@robertsfors.example.se"
	form := validForm(email)
	form.Set(web.HoneypotField, "https://spam.example/")
	res, _ := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", form.Encode())
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || loc != "/?lang=sv&sent=1" {
		t.Fatalf("honeypot filled: %d %q, want 303 to the thank-you page", res.StatusCode, loc)
	}
	res, body := s.do(t, "GET", loc, "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "Tack! Ansökan har skickats.") || strings.Contains(body, "KP-") ||
		strings.Contains(body, `class="error`) {
		t.Fatalf("thank-you page: %d\n%s", res.StatusCode, body)
	}
	// The same with the form's other fields invalid: still the same answer.
	form.Set("title", "")
	if res, _ := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", form.Encode()); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != loc {
		t.Fatalf("honeypot filled, invalid form: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	time.Sleep(300 * time.Millisecond)
	if n := s.applications(t); n != 0 {
		t.Fatalf("%d applications stored, want none", n)
	}
	if got := mailsTo(t, email); len(got) != 0 {
		t.Fatalf("%d emails sent, want none", len(got))
	}

	// Left empty, as people leave it: an application and its receipt.
	form = s.proven(t, validForm(email))
	form.Set(web.HoneypotField, "")
	res, _ = s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", form.Encode())
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/applications/KP-") {
		t.Fatalf("honeypot empty: %d %q, want the receipt", res.StatusCode, res.Header.Get("Location"))
	}
	if n := s.applications(t); n != 1 {
		t.Fatalf("%d applications stored, want 1", n)
	}
	waitForMail(t, email, 1)

	// JSON has no such field.
	res, body = s.do(t, "POST", "/applications", "application/json", `{"website":"x"}`)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"field":"website"`) {
		t.Fatalf("JSON with the honeypot's name: %d %s, want 400 on the unknown field", res.StatusCode, body)
	}
}

// GET /privacy is the privacy notice, in Swedish and English, linked from
// the form and the status page.
func TestPrivacyNotice(t *testing.T) {
	s := newSystem(t)
	for _, c := range []struct{ path, lang, has string }{
		{"/privacy", "sv", "Så hanterar vi personuppgifter"},
		{"/privacy?lang=en", "en", "How we handle personal data"},
	} {
		res, body := s.do(t, "GET", c.path, "", "")
		if res.StatusCode != 200 || !strings.Contains(body, `<html lang="`+c.lang+`">`) || !strings.Contains(body, c.has) ||
			!strings.Contains(body, "<table>") {
			t.Fatalf("GET %s = %d:\n%.2000s", c.path, res.StatusCode, body)
		}
	}
	_, body := s.do(t, "GET", "/?round=2027-1", "", "")
	if !strings.Contains(body, `href="/privacy?lang=sv"`) || !strings.Contains(body, `name="`+web.HoneypotField+`"`) {
		t.Fatal("the form links to no privacy notice, or has no honeypot field")
	}
	res, _ := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", s.proven(t, validForm(stacktest.UniqueName("p")+"@kalix.example.se")).Encode())
	_, body = s.do(t, "GET", res.Header.Get("Location"), "", "")
	if !strings.Contains(body, `href="/privacy?lang=sv"`) {
		t.Fatalf("the status page links to no privacy notice:\n%.2000s", body)
	}
}
