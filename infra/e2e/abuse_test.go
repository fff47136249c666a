package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
)

// clientFrom is an HTTP client whose connections come from a loopback
// address of its own (127.0.0.x), as separate machines would: the local
// API takes the source IP from the connection, as API Gateway does.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 20},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// TestAbuseCannotMailAStranger: one client (its own address) tries, in a
// bounded burst of 200 requests (10 at a time), to make the system email one victim with
// its own text: 100 starts for the victim's address, 100 submissions with
// the victim as the Swedish contact and a phishing title (no link, a
// guessed link, or a link of the attacker's own address). Meanwhile three
// real applicants from elsewhere apply. The victim gets at most the day's
// cap of emails, each in our words only; none carries the attacker's text;
// every refused request says why; nothing the attacker sent is stored; the
// real applicants get in. The stage's throttling is lifted here (it is
// tested on its own: TestThrottlingRefusesTheExcessOfABurst); the intake's
// caps are the template's.
func TestAbuseCannotMailAStranger(t *testing.T) {
	clock := stacktest.NewClock(springDay)
	st := stacktest.NewThrottled(t, stack.Options{Now: clock.Now, Unthrottled: true})
	s := &system{Stack: st, clock: clock, client: noRedirects()}
	victim := stacktest.UniqueName("victim") + "@kommun.example.se"
	own := stacktest.UniqueName("attacker") + "@evil.example"
	const phishing = "Ert konto spärras – logga in på https://evil.example/login"
	attacker := clientFrom("127.0.0.2")

	// The attacker's own address, proven: its link is the only real one it has.
	ownProof := stacktest.Prove(t, st, "2027-1", own)

	type outcome struct {
		kind   string
		status int
		body   string
	}
	results := make(chan outcome, 200)
	var wg sync.WaitGroup
	began := time.Now()
	// The burst: 200 requests, 10 at a time (one client's connections).
	slots := make(chan struct{}, 10)
	for i := range 200 {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			var req *http.Request
			kind := "start"
			if i%2 == 0 {
				req, _ = http.NewRequest("POST", st.URL+"/start", strings.NewReader(fmt.Sprintf(`{"round":"2027-1","email":%q,"lang":"sv"}`, victim)))
				req.Header.Set("Content-Type", "application/json")
			} else {
				form := validForm(victim)
				form.Set("title", phishing)
				switch i % 6 {
				case 1:
					kind = "no link"
				case 3:
					kind = "guessed link"
					form.Set("proof", "AAAAAAAAAAAAAAAAAAAAAA")
				case 5:
					kind = "own link, victim's address"
					form.Set("proof", ownProof)
				}
				req, _ = http.NewRequest("POST", st.URL+"/applications", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			res, err := attacker.Do(req)
			if err != nil {
				results <- outcome{kind, 0, err.Error()}
				return
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			results <- outcome{kind, res.StatusCode, string(b)}
		})
	}
	// Real applicants, from elsewhere, in the same run.
	real := clientFrom("127.0.0.3")
	var refs []string
	for i := range 3 {
		email := stacktest.UniqueName(fmt.Sprint("real", i)) + "@kalix.example.se"
		m := validJSON()
		party(m, "swedishParty")["email"] = email
		party(m, "swedishParty")["organisation"] = []string{"Kalix", "Robertsfors", "Region Västernorrland"}[i]
		m = s.provenJSON(t, m)
		res, err := real.Post(st.URL+"/applications", "application/json", strings.NewReader(mustJSON(m)))
		if err != nil {
			t.Fatal(err)
		}
		var out struct{ Reference string }
		_ = json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("real applicant %d refused: %d", i, res.StatusCode)
		}
		refs = append(refs, out.Reference)
	}
	wg.Wait()
	close(results)
	took := time.Since(began)

	counts := map[string]int{}
	for r := range results {
		counts[fmt.Sprintf("%s %d", r.kind, r.status)]++
		switch {
		case r.kind == "start" && r.status == http.StatusAccepted:
		case r.kind == "start" && r.status == http.StatusTooManyRequests:
			if !strings.Contains(r.body, "too_many_links") {
				t.Errorf("a refused start does not say why: %s", r.body)
			}
		case r.kind != "start" && r.status == http.StatusUnprocessableEntity:
			if !strings.Contains(r.body, "Länken från mejlet") && !strings.Contains(r.body, "ska vara adressen som länken skickades till") {
				t.Errorf("a refused submission (%s) does not say why:\n%.600s", r.kind, r.body)
			}
		default:
			t.Errorf("%s: %d %.300s", r.kind, r.status, r.body)
		}
	}
	t.Logf("200 requests in %s: %v", took.Round(time.Millisecond), counts)

	// The victim's mailbox: links in our words only, at most the day's cap.
	time.Sleep(200 * time.Millisecond)
	mails, err := stacktest.Mailbox().To(context.Background(), victim)
	if err != nil {
		t.Fatal(err)
	}
	if len(mails) == 0 || len(mails) > 6 {
		t.Errorf("the victim got %d emails, want 1 to 6 (EmailsPerAddressPerDay)", len(mails))
	}
	for _, m := range mails {
		if strings.Contains(m.Body.Text+m.Body.HTML+m.Subject, "evil") || strings.Contains(m.Body.Text, "spärras") {
			t.Errorf("an email to the victim carries the attacker's text: %q\n%s", m.Subject, m.Body.Text)
		}
		if !strings.HasPrefix(m.Subject, "Din länk för att ansöka") {
			t.Errorf("the victim got %q, want only links to apply", m.Subject)
		}
	}
	t.Logf("the victim got %d emails (links in our words), none with the attacker's text", len(mails))
	// Nothing of the attacker's is stored: only the three real applications.
	if n := s.applications(t); n != 3 {
		t.Errorf("%d applications stored, want the 3 real ones", n)
	}
	for _, ref := range refs {
		if _, _, err := st.Env.Store.Application(context.Background(), ref); err != nil {
			t.Errorf("real application %s: %v", ref, err)
		}
	}
}
