package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// A token reused with a different body is refused (422, token_reused, as the
// IETF Idempotency-Key draft answers a key reused with another payload),
// never answered with the other application. 20 pairs are sent at once,
// each pair one token with two different amounts: exactly one of each pair
// is 201, the other 422, and the stored application is the one that got 201.
// The same body again still gets the same application (200).
//
// The 40 requests are one burst: the stage's throttle on POST /applications
// (template parameters SubmitThrottleRate and SubmitThrottleBurst) is raised
// for this test, as a load test of a deployed stage would raise it.
func TestTokenReusedWithAnotherBodyIsRefused(t *testing.T) {
	clock := stacktest.NewClock(springDay)
	st := stacktest.NewWith(t, stack.Options{Now: clock.Now,
		Params: map[string]string{"SubmitThrottleRate": "1000", "SubmitThrottleBurst": "1000"}})
	s := &system{Stack: st, clock: clock, client: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}}
	const pairs = 20
	type result struct {
		pair, amount, status int
		body                 string
	}
	body := func(token, email, proof string, amount int) string {
		b, _ := json.Marshal(map[string]any{
			"round": "2026-27-inception", "token": token, "proof": proof, "lang": "en",
			"swedishParty": map[string]string{"organisation": "Kalix", "contactName": "Anna Andersson",
				"email": email, "phone": "+46 923 650 00"},
			"partner": map[string]string{"organisation": "Masaka District", "country": "UG", "contactName": "John Ssebunya", "email": "john@masaka.example.ug"},
			"type":    "inception", "theme": "climate", "title": "Waste",
			"summary": "Two mutual visits.", "objectives": "A joint project plan.", "durationYears": 1, "budgetPerYear": []int{amount},
			"team": inceptionTeamJSON(),
		})
		return string(b)
	}
	tokens := make([]string, pairs)
	bodies := make([][2]string, pairs)
	amounts := [2]int{250000, 275000}
	for i := range tokens {
		tokens[i] = programme.NewToken()
		email := stacktest.UniqueName("reuse") + "@kalix.example.se"
		proof := stacktest.Prove(t, s.Stack, "2026-27-inception", email) // one link: both bodies of the pair come through it
		stacktest.SeedDocuments(t, s.Stack, "2026-27-inception", proof, programme.Inception)
		bodies[i] = [2]string{body(tokens[i], email, proof, amounts[0]), body(tokens[i], email, proof, amounts[1])}
	}
	results := make(chan result, 2*pairs)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range pairs {
		for j := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				req, _ := http.NewRequest("POST", s.URL+"/applications", strings.NewReader(bodies[i][j]))
				req.Header.Set("Content-Type", "application/json")
				res, err := s.client.Do(req)
				if err != nil {
					results <- result{i, amounts[j], 0, err.Error()}
					return
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				results <- result{i, amounts[j], res.StatusCode, string(b)}
			}()
		}
	}
	close(start)
	wg.Wait()
	close(results)
	byPair := make([][]result, pairs)
	for r := range results {
		byPair[r.pair] = append(byPair[r.pair], r)
	}
	for i, rs := range byPair {
		var won *result
		statuses := map[int]int{}
		for k := range rs {
			statuses[rs[k].status]++
			switch rs[k].status {
			case http.StatusCreated:
				won = &rs[k]
			case http.StatusUnprocessableEntity:
				if !strings.Contains(rs[k].body, `"error":"token_reused"`) || !strings.Contains(rs[k].body, "different content") {
					t.Errorf("pair %d: 422 without the reuse named: %s", i, rs[k].body)
				}
			}
		}
		if len(rs) != 2 || statuses[http.StatusCreated] != 1 || statuses[http.StatusUnprocessableEntity] != 1 || won == nil {
			t.Errorf("pair %d: %v, want one 201 and one 422", i, rs)
			continue
		}
		app, _, err := s.Env.Store.Application(context.Background(), programme.RefFor(tokens[i]))
		if err != nil || app.RequestedTotal() != int64(won.amount) {
			t.Errorf("pair %d: stored %d (%v), but the 201 was for %d", i, app.RequestedTotal(), err, won.amount)
		}
		// The body that won, again: the same application, 200.
		winner := bodies[i][0]
		if won.amount == amounts[1] {
			winner = bodies[i][1]
		}
		res, b := s.do(t, "POST", "/applications", "application/json", winner)
		if res.StatusCode != http.StatusOK || !strings.Contains(b, programme.RefFor(tokens[i])) ||
			!strings.Contains(b, fmt.Sprintf(`"requestedTotal":%d`, won.amount)) {
			t.Errorf("pair %d: the winning body again = %d %s, want 200 with the same application", i, res.StatusCode, b)
		}
	}
	if n := s.applications(t); n != pairs {
		t.Fatalf("%d applications stored, want %d", n, pairs)
	}
}
