package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// The receipt cap (RECEIPTS_PER_ADDRESS_PER_DAY, template parameter
// ReceiptsPerAddressPerDay, 3 by default): six submissions with different
// tokens naming one victim address as the Swedish contact store three and
// send three receipts; the other three are 429 with the message, and
// nothing of theirs is stored. Another address in the same run is not
// refused; a form post over the cap gets the form again with the message on
// top (429); the next day the address receives again.
func TestReceiptsToOneAddressAreCappedPerDay(t *testing.T) {
	s := newSystem(t)
	ctx := context.Background()
	victim := stacktest.UniqueName("victim") + "@kalix.example.se"
	applicant := stacktest.UniqueName("applicant") + "@rvn.example.se"
	post := func(email string) (int, map[string]string) {
		t.Helper()
		m := validJSON()
		party(m, "swedishParty")["email"] = email
		b, _ := json.Marshal(m)
		res, body := s.do(t, "POST", "/applications", "application/json", string(b))
		var out map[string]string
		_ = json.Unmarshal([]byte(body), &out)
		return res.StatusCode, out
	}
	before := s.applications(t)
	var stored, refused int
	for i := range 6 {
		code, out := post(victim)
		switch code {
		case http.StatusCreated:
			stored++
		case http.StatusTooManyRequests:
			refused++
			if out["error"] != "too_many_receipts" || out["message"] != i18n.TooManyReceipts.In(programme.Swedish) {
				t.Errorf("submission %d: 429 %v, want too_many_receipts with the Swedish message", i+1, out)
			}
		default:
			t.Errorf("submission %d: %d %v", i+1, code, out)
		}
		if i == 2 {
			if code, out := post(applicant); code != http.StatusCreated {
				t.Errorf("another address in the same run: %d %v, want 201", code, out)
			}
		}
	}
	if stored != 3 || refused != 3 {
		t.Errorf("%d stored, %d refused; want 3 and 3", stored, refused)
	}
	if got := s.applications(t) - before; got != 4 {
		t.Errorf("%d applications stored, want 4 (3 to the victim, 1 to another address)", got)
	}
	if mails, err := stacktest.Mailbox().To(ctx, victim); err != nil || len(mails) != 3 {
		t.Errorf("%d receipts to the victim (%v), want 3", len(mails), err)
	}

	// The form, over the cap: the form again, the message on top.
	form := validForm(victim)
	form.Set("ui", "en")
	res, body := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", form.Encode())
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, htmlText(i18n.TooManyReceipts.In(programme.English))) ||
		!strings.Contains(body, `name="swedishParty.email"`) {
		t.Errorf("form over the cap: %d, want 429 with the form and the message\n%s", res.StatusCode, body)
	}

	// The next day (Stockholm) the address receives again.
	s.clock.Set(s.clock.Now().Add(24 * time.Hour))
	if code, out := post(victim); code != http.StatusCreated {
		t.Errorf("next day: %d %v, want 201", code, out)
	}
	if mails, _ := stacktest.Mailbox().To(ctx, victim); len(mails) != 4 {
		t.Errorf("%d receipts to the victim after the next day's submission, want 4", len(mails))
	}
}

// htmlText is s as templ escapes it in a page.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
