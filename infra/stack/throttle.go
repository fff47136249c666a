package stack

import (
	"net/http"
	"sync"
	"time"

	"partnerskap/infra/sam"
)

// bodyTooManyRequests is what an HTTP API answers a throttled request
// (429, before any authorizer or integration runs).
const bodyTooManyRequests = `{"message":"Too Many Requests"}`

// tokenBucket is API Gateway's throttle of one route on a stage: it holds at
// most burst tokens, starts full, refills at rate a second, and each request
// takes one or is refused ("API Gateway throttles requests to your API using
// the token bucket algorithm, where a token counts for a request",
// Throttling requests to your HTTP API,
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html).
// Every client of the route draws on the same bucket: it is a stage limit,
// not a per-client one.
type tokenBucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newTokenBucket(th sam.Throttle, now time.Time) *tokenBucket {
	return &tokenBucket{rate: th.Rate, burst: float64(th.Burst), tokens: float64(th.Burst), last: now}
}

// take takes a token if there is one at now.
func (b *tokenBucket) take(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if d := now.Sub(b.last); d > 0 {
		b.tokens = min(b.burst, b.tokens+d.Seconds()*b.rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Throttle enforces the stage's route throttling (sam.Template.Throttling):
// a token bucket per route key; routes not in limits are not throttled. Nil
// limits lift throttling. now is the bucket's clock: real time (time.Now)
// unless a test drives it; API Gateway throttles in real time whatever the
// application's clock says.
func (a *API) Throttle(limits map[string]sam.Throttle, now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	a.throttleNow = now
	t := now()
	a.buckets = map[string]*tokenBucket{}
	for key, th := range limits {
		a.buckets[key] = newTokenBucket(th, t)
	}
}

// throttled answers 429 if the route's bucket is empty.
func (a *API) throttled(w http.ResponseWriter, rt *route) bool {
	b := a.buckets[rt.key]
	if b == nil || b.take(a.throttleNow()) {
		return false
	}
	a.log.Info("throttled: the route's token bucket is empty, API Gateway answers 429",
		"route", rt.key, "rate", b.rate, "burst", b.burst)
	writeJSON(w, http.StatusTooManyRequests, bodyTooManyRequests)
	return true
}
