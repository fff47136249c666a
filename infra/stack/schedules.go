package stack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"partnerskap/infra/sam"
)

// ErrNoSchedule: the template has no such function or schedule.
var ErrNoSchedule = errors.New("no such schedule")

// Fire invokes a scheduled function as EventBridge Scheduler would: with
// the schedule's Input, a Lambda context and the function's timeout.
// schedule names the function and one of its ScheduleV2 events, e.g.
// "RoundsFunction/SafetyNet" (the event may be left out if there is one).
func (s *Stack) Fire(ctx context.Context, schedule string) (any, error) {
	f, ev, err := s.schedule(schedule)
	if err != nil {
		return nil, err
	}
	h, ok := s.Scheduled[f.Name()]
	if !ok {
		return nil, fmt.Errorf("%s has no scheduled handler", f.LogicalID)
	}
	timeout := f.Timeout
	if timeout == 0 {
		timeout = 3 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: newID(),
		InvokedFunctionArn: "arn:aws:lambda:local:000000000000:function:" + f.LogicalID})
	input := json.RawMessage(ev.Input)
	if len(input) == 0 {
		input = json.RawMessage("{}")
	}
	return h(ctx, input)
}

// Schedules lists every schedule as "Function/Event: expression".
func (s *Stack) Schedules() []string {
	var out []string
	for _, f := range s.Template.Functions {
		for _, ev := range f.Schedules {
			out = append(out, fmt.Sprintf("%s/%s: %s (%s)", f.LogicalID, ev.Event, ev.Expression, ev.Timezone))
		}
	}
	return out
}

func (s *Stack) schedule(name string) (sam.Function, sam.Schedule, error) {
	fn, event, _ := strings.Cut(name, "/")
	f, ok := s.Template.Function(fn)
	if !ok {
		return f, sam.Schedule{}, fmt.Errorf("%w: no function %q in template.yaml", ErrNoSchedule, fn)
	}
	for _, ev := range f.Schedules {
		if ev.Event == event || event == "" && len(f.Schedules) == 1 {
			return f, ev, nil
		}
	}
	return f, sam.Schedule{}, fmt.Errorf("%w: %s has no schedule %q; it has %d", ErrNoSchedule, fn, event, len(f.Schedules))
}

var rateExpr = regexp.MustCompile(`^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$`)

// RateOf returns the interval of a rate() expression; cron() has none.
func RateOf(expr string) (time.Duration, bool) {
	m := rateExpr.FindStringSubmatch(expr)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	unit := map[string]time.Duration{"minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}[strings.TrimSuffix(m[2], "s")]
	return time.Duration(n) * unit, n > 0
}

// RunSchedules fires every rate() schedule on its own interval until ctx
// ends. cron() schedules (the twice-yearly ones) are fired on demand only;
// the rate schedules already do their work when the time comes.
func (s *Stack) RunSchedules(ctx context.Context, log *slog.Logger) {
	for _, f := range s.Template.Functions {
		for _, ev := range f.Schedules {
			every, ok := RateOf(ev.Expression)
			if !ok {
				continue
			}
			name := f.LogicalID + "/" + ev.Event
			tick(ctx, every, func() {
				if _, err := s.Fire(ctx, name); err != nil {
					log.Error("scheduled run failed", "schedule", name, "error", err)
				}
			})
		}
	}
}

// tick runs f every interval, in the background, until ctx ends.
func tick(ctx context.Context, every time.Duration, f func()) {
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				f()
			}
		}
	}()
}

// Clock is the local stack's clock: real time moved by an offset, which the
// control endpoint can set for demos ("now it is 15:59:50 on the 15th").
// With a File, the offset is kept there, so a restarted stack goes on from
// where the clock was (a resumed close does not wait on real time).
type Clock struct {
	offset atomic.Int64
	File   string
}

// Now is the clock's time.
func (c *Clock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// Set makes the clock show t now, and tick on from there.
func (c *Clock) Set(t time.Time) error {
	d := time.Until(t)
	c.offset.Store(int64(d))
	if c.File == "" {
		return nil
	}
	return os.WriteFile(c.File, []byte(strconv.FormatInt(int64(d), 10)+"\n"), 0o644)
}

// Load takes the offset kept in File, if any.
func (c *Clock) Load() error {
	b, err := os.ReadFile(c.File)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	d, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return fmt.Errorf("clock file %s: %w", c.File, err)
	}
	c.offset.Store(d)
	return nil
}

// Fake says whether the clock is off real time (by more than a second).
func (c *Clock) Fake() bool {
	d := c.offset.Load()
	return d > int64(time.Second) || d < -int64(time.Second)
}
