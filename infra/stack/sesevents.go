package stack

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"partnerskap/internal/mailevents"
)

// The SES mailbox simulator's addresses, as in SES itself: mail to them
// bounces or draws a complaint.
const (
	BounceAddress    = "bounce@simulator.amazonses.com"
	ComplaintAddress = "complaint@simulator.amazonses.com"
)

type mailEventsState struct{ mu sync.Mutex }

// PublishMailEvents emulates the SES configuration set's event destination:
// for every message sent with a configuration set that the SES front's
// journal holds past its cursor, it publishes, through SNS as Lambda
// receives it, a Send event and then a Delivery (or, for the simulator
// addresses, a Bounce or a Complaint) to the events function, with the
// message's tags and the stack's time at the send. The cursor moves only
// after the events function took them, so a crash or a failed invocation
// means a redelivery, never a loss (at least once, as SNS). It returns how
// many messages it reported.
func (s *Stack) PublishMailEvents(ctx context.Context) (int, error) {
	h, ok := s.Events["events"]
	if !ok {
		return 0, fmt.Errorf("no events function in the template")
	}
	s.mailEvents.mu.Lock()
	defer s.mailEvents.mu.Unlock()
	j := s.SES.journal
	done, err := j.cursor()
	if err != nil {
		return 0, err
	}
	sent, err := j.after(done)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range sent {
		if m.ConfigurationSet != "" { // SES publishes events of a configuration set's messages only
			ev, err := mailevents.Wrap(Events(m)...)
			if err != nil {
				return n, err
			}
			for i := range ev.Records { // one SNS message each, in order, as SNS would deliver them
				if err := h(ctx, mailevents.SNSEvent(ev.Records[i])); err != nil {
					return n, fmt.Errorf("events function: %w", err)
				}
			}
			n++
		}
		done++
		if err := j.setCursor(done); err != nil {
			return n, err
		}
	}
	return n, nil
}

// Events are the SES events of a sent message: Send, then Delivery, or a
// Bounce or Complaint for the simulator addresses.
func Events(m SentMail) []mailevents.Event {
	send := mailevents.Event{EventType: "Send", Mail: mailevents.Mail{MessageID: m.MessageID, Timestamp: m.At,
		Source: m.Source, Destination: m.Destination, Tags: m.Tags}}
	after := send
	switch to := strings.ToLower(strings.Join(m.Destination, ",")); {
	case strings.Contains(to, BounceAddress):
		after.EventType = "Bounce"
		after.Bounce = &mailevents.Bounce{BounceType: "Permanent", BounceSubType: "General", FeedbackID: m.MessageID + "-bounce",
			Timestamp: m.At.Add(time.Second)}
	case strings.Contains(to, ComplaintAddress):
		after.EventType = "Complaint"
		after.Complaint = &mailevents.Complaint{ComplaintFeedbackType: "abuse", FeedbackID: m.MessageID + "-complaint",
			Timestamp: m.At.Add(time.Second)}
	default:
		after.EventType = "Delivery"
		after.Delivery = &mailevents.Delivery{Timestamp: m.At.Add(time.Second)}
	}
	return []mailevents.Event{send, after}
}

// RunMailEvents publishes mail events every interval until ctx ends.
func (s *Stack) RunMailEvents(ctx context.Context, every time.Duration, log *slog.Logger) {
	tick(ctx, every, func() {
		if _, err := s.PublishMailEvents(ctx); err != nil {
			log.Error("emulated SES events: will deliver again", "error", err)
		}
	})
}
