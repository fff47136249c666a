package stack

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/app"
)

// Usage counts what the functions would be billed for on Lambda: each
// invocation, and its duration rounded up to the millisecond as Lambda
// bills it, at the function's memory size from the template.
type Usage struct {
	mu  sync.Mutex
	fns map[string]*FunctionUsage
}

// FunctionUsage is one function's invocations.
type FunctionUsage struct {
	MemoryMB    int
	Invocations int
	BilledMS    int64
}

// GBSeconds is the function's compute as Lambda bills it.
func (u FunctionUsage) GBSeconds() float64 {
	return float64(u.MemoryMB) / 1024 * float64(u.BilledMS) / 1000
}

func (u *Usage) record(fn string, memoryMB int, d time.Duration) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.fns == nil {
		u.fns = map[string]*FunctionUsage{}
	}
	f := u.fns[fn]
	if f == nil {
		f = &FunctionUsage{MemoryMB: memoryMB}
		u.fns[fn] = f
	}
	f.Invocations++
	f.BilledMS += (d + time.Millisecond - 1).Milliseconds()
}

// Functions returns each function's usage so far, by logical id.
func (u *Usage) Functions() map[string]FunctionUsage {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := map[string]FunctionUsage{}
	for k, v := range u.fns {
		out[k] = *v
	}
	return out
}

// timed counts a function's invocations and billed time in u.
func timed[I, O any](u *Usage, fn string, mem int, h func(context.Context, I) (O, error)) func(context.Context, I) (O, error) {
	return func(ctx context.Context, in I) (O, error) {
		start := time.Now()
		defer func() { u.record(fn, mem, time.Since(start)) }()
		return h(ctx, in)
	}
}

func timedEvents(u *Usage, fn string, mem int, h app.EventsHandler) app.EventsHandler {
	return func(ctx context.Context, ev events.SNSEvent) error {
		start := time.Now()
		defer func() { u.record(fn, mem, time.Since(start)) }()
		return h(ctx, ev)
	}
}
