package e2e

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"partnerskap/infra/sam"
	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// The HttpApi's stage throttling holds through the whole local API: a
// bounded burst (loopback, burst+10 requests at once) to POST /applications
// gets exactly the template's burst through; the excess is answered 429
// {"message":"Too Many Requests"} before the function runs, so nothing is
// stored and no receipt sent for it; other routes keep their own buckets.
// The burst is the template's (SubmitThrottleBurst); the refill rate is set
// to one token per 100 s so that the count is exact however slowly the
// requests arrive (at the template's rate a slow machine could earn a token
// during the burst).
func TestThrottlingRefusesTheExcessOfABurst(t *testing.T) {
	tpl := loadTemplate(t)
	limits, err := tpl.Throttling(sam.Resolver{})
	if err != nil {
		t.Fatal(err)
	}
	submit := limits["POST /applications"]
	if submit.Burst < 1 || submit.Rate <= 0 || submit.Burst >= limits["GET /"].Burst {
		t.Fatalf("POST /applications throttled at %+v, the default route at %+v: want it set and tighter", submit, limits["GET /"])
	}
	clock := stacktest.NewClock(springDay)
	st := stacktest.NewThrottled(t, stack.Options{Now: clock.Now, Params: map[string]string{"SubmitThrottleRate": "0.01",
		"ApplicationsPerOrganisation": "1000"}}) // the burst is of one organisation: only the stage's throttle is tested
	s := &system{Stack: st, clock: clock, client: noRedirects()}

	n := submit.Burst + 10
	emails := make([]string, n)
	codes := make([]int, n)
	bodies := make([]string, n)
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		emails[i] = stacktest.UniqueName("burst"+strconv.Itoa(i)) + "@kalix.example.se"
		m := validJSON()
		party(m, "swedishParty")["email"] = emails[i]
		m["proof"] = programme.NewToken() // the link, followed (seeded: POST /start is throttled too)
		stacktest.SeedProof(t, st, "2027-1", emails[i], m["proof"].(string))
		stacktest.SeedDocuments(t, st, "2027-1", m["proof"].(string), programme.Project)
		body := mustJSON(m)
		wg.Go(func() {
			<-release
			res, err := s.client.Post(st.URL+"/applications", "application/json", strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			codes[i], bodies[i] = res.StatusCode, string(b)
		})
	}
	close(release)
	wg.Wait()

	var created, throttled []int
	for i, c := range codes {
		switch {
		case c == http.StatusCreated:
			created = append(created, i)
		case c == http.StatusTooManyRequests && bodies[i] == `{"message":"Too Many Requests"}`:
			throttled = append(throttled, i)
		default:
			t.Errorf("request %d: %d %.200s", i, c, bodies[i])
		}
	}
	if len(created) != submit.Burst || len(throttled) != n-submit.Burst {
		t.Fatalf("%d requests at once: %d created, %d throttled, want %d and %d", n, len(created), len(throttled), submit.Burst, n-submit.Burst)
	}
	if got := s.applications(t); got != submit.Burst {
		t.Fatalf("%d applications stored, want %d (none for a throttled request)", got, submit.Burst)
	}
	for _, i := range created {
		waitForMail(t, emails[i], 1)
	}
	for _, i := range throttled {
		if ms := mailsTo(t, emails[i]); len(ms) != 0 {
			t.Fatalf("a throttled request's address got %d emails", len(ms))
		}
	}
	// The other routes draw on their own buckets.
	if res, body := s.do(t, "GET", "/", "", ""); res.StatusCode != 200 {
		t.Fatalf("GET / after the burst: %d %.200s", res.StatusCode, body)
	}
	// The throttle answers before the function: it ran burst times only.
	if got := st.Usage.Functions()["SubmitFunction"].Invocations; got != submit.Burst {
		t.Fatalf("SubmitFunction ran %d times, want %d", got, submit.Burst)
	}
}
