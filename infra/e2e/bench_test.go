package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// BenchmarkSubmit posts JSON applications through the local API (API
// Gateway emulation, handler, DynamoDB Local, SES server) and reports
// requests/s, p50/p99 latency and the write capacity each submission
// consumed, as DynamoDB reports it (ReturnConsumedCapacity INDEXES).
//
//	go test -run '^$' -bench Submit -benchtime 2000x ./infra/e2e/
func BenchmarkSubmit(b *testing.B) {
	for _, workers := range []int{1, 8} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) { benchSubmit(b, workers) })
	}
}

func benchSubmit(b *testing.B, workers int) {
	clock := stacktest.NewClock(springDay)
	// Throttling lifted: this measures the system, not the stage's limits
	// (SubmitThrottleRate would hold it at 2 a second).
	st := stacktest.NewWith(b, stack.Options{Now: clock.Now, Unthrottled: true})
	var mu sync.Mutex
	var wcu []float64
	st.Envs["submit"].Store.OnCapacity = func(op string, units float64) {
		mu.Lock()
		wcu = append(wcu, units)
		mu.Unlock()
	}
	srv := httptest.NewServer(st.API)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}

	bodies := make([]string, b.N)
	for i := range bodies {
		m := validJSON()
		m["token"] = programme.NewToken()
		// Each applicant's link, followed (seeded: the benchmark measures the submission).
		email := stacktest.UniqueName("bench") + "@rvn.example.se"
		party(m, "swedishParty")["email"] = email
		m["proof"] = programme.NewToken()
		stacktest.SeedProof(b, st, "2027-1", email, m["proof"].(string))
		stacktest.SeedDocuments(b, st, "2027-1", m["proof"].(string), programme.Project)
		m["summary"] = strings.Repeat("Kalix och Masaka sorterar avfall tillsammans. ", 20) // ~1 kB, a realistic text
		raw, _ := json.Marshal(m)
		bodies[i] = string(raw)
	}
	lat := make([]time.Duration, b.N)
	next := make(chan int)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for i := range next {
				t0 := time.Now()
				res, err := client.Post(srv.URL+"/applications", "application/json", strings.NewReader(bodies[i]))
				if err != nil {
					b.Error(err)
					continue
				}
				res.Body.Close()
				lat[i] = time.Since(t0)
				if res.StatusCode != http.StatusCreated {
					b.Errorf("status %d", res.StatusCode)
				}
			}
		})
	}
	for i := range b.N {
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()

	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	var total, most float64
	for _, u := range wcu {
		total += u
		most = max(most, u)
	}
	rps := float64(b.N) / elapsed.Seconds()
	b.ReportMetric(rps, "req/s")
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(total/float64(len(wcu)), "WCU/submit")
	fmt.Fprintf(os.Stderr, "submit, %d worker(s), %d requests: %.0f req/s, p50 %.2f ms, p99 %.2f ms, WCU per submission mean %.2f max %.2f\n",
		workers, b.N, rps, q(0.5), q(0.99), total/float64(len(wcu)), most)
}
