package e2e

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// A draft behind the link: the applicant saves half a form (nothing is
// checked but the link), comes back through the emailed link from another
// device (no cookies: the link is all it takes) and finds it, then submits.
// A draft is never an application: staff list nothing until the submission;
// once the link has made its application, no draft is written again.
func TestDraftBehindTheLinkComesBackAnywhere(t *testing.T) {
	s := newSystem(t)
	email := stacktest.UniqueName("draft") + "@robertsfors.example.se"
	proof := stacktest.Prove(t, s.Stack, "2027-1", email)
	half := url.Values{"round": {"2027-1"}, "proof": {proof}, "ui": {"sv"}, "action": {"save"}, "token": {"x"},
		"title": {"Mödrahälsovård <på landsbygden>"}, "budgetPerYear.1": {"400 000"}, "partner.country": {"KE"},
		"team.partner.2.name": {"Mary <Wanjiru>"}, "team.partner.2.role": {"coordinator"}}
	res, _ := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", half.Encode())
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "saved=1") || !strings.Contains(loc, "proof="+proof) {
		t.Fatalf("save: %d %q", res.StatusCode, loc)
	}
	if n := s.applications(t); n != 0 {
		t.Fatalf("a draft made %d applications", n)
	}
	// Another device: a fresh client, only the link.
	other := noRedirects()
	req, _ := http.NewRequest("GET", s.URL+loc, nil)
	got, err := other.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, got)
	if got.StatusCode != 200 || !strings.Contains(body, "Utkastet är sparat") || !strings.Contains(body, `value="Mödrahälsovård &lt;på landsbygden&gt;"`) ||
		!strings.Contains(body, `value="400 000"`) || !strings.Contains(body, `<option value="KE" selected`) ||
		!strings.Contains(body, `name="team.partner.2.name" value="Mary &lt;Wanjiru&gt;"`) || !strings.Contains(body, `<option value="coordinator" selected>`) {
		t.Fatalf("the draft behind the link:\n%s", body)
	}
	if strings.Contains(body, `value="x"`) {
		t.Error("the draft kept the form's token")
	}
	// Submitted later: one application.
	form := validForm(email)
	form.Set("proof", proof)
	stacktest.SeedDocuments(t, s.Stack, "2027-1", proof, programme.Project)
	res, _ = s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", form.Encode())
	if res.StatusCode != http.StatusSeeOther || s.applications(t) != 1 {
		t.Fatalf("submit after the draft: %d, %d applications", res.StatusCode, s.applications(t))
	}
	// The link has made its application: no more drafts behind it.
	res, body = s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", half.Encode())
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "redan använts för en annan ansökan") {
		t.Fatalf("a draft after the submission: %d\n%.800s", res.StatusCode, body)
	}
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
