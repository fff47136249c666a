package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// The cap on the intake's emails to one address (EMAILS_PER_ADDRESS_PER_DAY,
// template parameter EmailsPerAddressPerDay, 6 by default): links to apply
// and receipts count alike. Four links to one address, then two
// submissions (their receipts make six): the third submission is 429
// too_many_receipts and stores nothing, a fifth link is 429 too_many_links
// and sends nothing. Another address in the same run is not refused; a form
// post over the cap gets the form again with the message on top (429); the
// next day the address receives again.
func TestEmailsToOneAddressAreCappedPerDay(t *testing.T) {
	clock := stacktest.NewClock(springDay)
	st := stacktest.NewWith(t, stack.Options{Now: clock.Now, Params: map[string]string{"EmailsPerAddressPerDay": "6"}})
	s := &system{Stack: st, clock: clock, client: noRedirects()}
	ctx := context.Background()
	victim := stacktest.UniqueName("victim") + "@kalix.example.se"
	applicant := stacktest.UniqueName("applicant") + "@rvn.example.se"
	var proofs []string
	for range 4 {
		proofs = append(proofs, stacktest.Prove(t, st, "2027-1", victim))
	}
	post := func(email, proof string) (int, map[string]string) {
		t.Helper()
		m := validJSON()
		party(m, "swedishParty")["email"] = email
		m["proof"] = proof
		stacktest.SeedDocuments(t, st, "2027-1", proof, programme.Project)
		b, _ := json.Marshal(m)
		res, body := s.do(t, "POST", "/applications", "application/json", string(b))
		var out map[string]string
		_ = json.Unmarshal([]byte(body), &out)
		return res.StatusCode, out
	}
	for i := range 2 {
		if code, out := post(victim, proofs[i]); code != http.StatusCreated {
			t.Fatalf("submission %d: %d %v", i+1, code, out)
		}
	}
	if code, out := post(applicant, stacktest.Prove(t, st, "2027-1", applicant)); code != http.StatusCreated {
		t.Errorf("another address in the same run: %d %v, want 201", code, out)
	}
	before := s.applications(t)
	code, out := post(victim, proofs[2])
	if code != http.StatusTooManyRequests || out["error"] != "too_many_receipts" || out["message"] != i18n.TooManyReceipts.In(programme.Swedish) {
		t.Errorf("the seventh email: %d %v, want 429 too_many_receipts with the Swedish message", code, out)
	}
	res, body := s.do(t, "POST", "/start", "application/json", `{"round":"2027-1","email":"`+victim+`"}`)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, `"error":"too_many_links"`) {
		t.Errorf("a fifth link: %d %s, want 429 too_many_links", res.StatusCode, body)
	}
	if got := s.applications(t) - before; got != 0 {
		t.Errorf("%d applications stored over the cap, want none", got)
	}
	if mails, err := stacktest.Mailbox().To(ctx, victim); err != nil || len(mails) != 6 {
		t.Errorf("%d emails to the victim (%v), want 6 (4 links, 2 receipts)", len(mails), err)
	}

	// The form, over the cap: the form again, the message on top.
	form := validForm(victim)
	form.Set("proof", proofs[3])
	stacktest.SeedDocuments(t, st, "2027-1", proofs[3], programme.Project)
	form.Set("ui", "en")
	res, body = s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", form.Encode())
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, htmlText(i18n.TooManyReceipts.In(programme.English))) ||
		!strings.Contains(body, `name="proof"`) || !strings.Contains(body, `value="Karin Lindström"`) {
		t.Errorf("form over the cap: %d, want 429 with the form and the message\n%s", res.StatusCode, body)
	}

	// The next day (Stockholm) the address receives again.
	s.clock.Set(s.clock.Now().Add(24 * time.Hour))
	if code, out := post(victim, proofs[2]); code != http.StatusCreated {
		t.Errorf("next day: %d %v, want 201", code, out)
	}
	if mails, _ := stacktest.Mailbox().To(ctx, victim); len(mails) != 7 {
		t.Errorf("%d emails to the victim after the next day's submission, want 7", len(mails))
	}
}

// htmlText is s as templ escapes it in a page.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
