package stack

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"partnerskap/internal/mailer"
	"partnerskap/internal/mailevents"
)

// The SES mailbox simulator's addresses, as in SES itself: mail to them
// bounces or draws a complaint.
const (
	BounceAddress    = "bounce@simulator.amazonses.com"
	ComplaintAddress = "complaint@simulator.amazonses.com"
)

type mailEventsState struct {
	mu    sync.Mutex
	since int64
	seen  map[string]bool
}

// PublishMailEvents emulates the SES configuration set: for every mail the
// local SES server took since the last call it publishes, through SNS as
// Lambda receives it, a Send event and then a Delivery (or, for the
// simulator addresses, a Bounce or a Complaint) to the events function. It
// returns how many mails it reported.
func (s *Stack) PublishMailEvents(ctx context.Context) (int, error) {
	h, ok := s.Events["events"]
	if !ok {
		return 0, fmt.Errorf("no events function in the template")
	}
	st := &s.mailEvents
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.seen == nil {
		st.seen = map[string]bool{}
	}
	mails, err := Mailbox{Endpoint: s.SESEndpoint}.Since(ctx, st.since)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range mails {
		if st.seen[m.MessageID] {
			continue
		}
		var evs []mailevents.Event
		send := mailevents.Event{EventType: "Send"}
		send.Mail.MessageID = m.MessageID
		send.Mail.Timestamp = time.Unix(m.At, 0).UTC()
		send.Mail.Destination = m.Destination.To
		send.Mail.Tags = map[string][]string{}
		for _, hd := range m.Headers {
			send.Mail.Headers = append(send.Mail.Headers, struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			}{hd.Name, hd.Value})
			if strings.EqualFold(hd.Name, mailer.OutboxHeader) {
				send.Mail.Tags["outbox"] = []string{hd.Value}
			}
		}
		evs = append(evs, send)
		after := send
		switch to := strings.ToLower(strings.Join(m.Destination.To, ",")); {
		case strings.Contains(to, BounceAddress):
			after.EventType = "Bounce"
			after.Bounce = &struct {
				BounceType    string    `json:"bounceType"`
				BounceSubType string    `json:"bounceSubType"`
				Timestamp     time.Time `json:"timestamp"`
			}{"Permanent", "General", send.Mail.Timestamp}
		case strings.Contains(to, ComplaintAddress):
			after.EventType = "Complaint"
			after.Complaint = &struct {
				ComplaintFeedbackType string    `json:"complaintFeedbackType"`
				Timestamp             time.Time `json:"timestamp"`
			}{"abuse", send.Mail.Timestamp}
		default:
			after.EventType = "Delivery"
			after.Delivery = &struct {
				Timestamp time.Time `json:"timestamp"`
			}{send.Mail.Timestamp}
		}
		evs = append(evs, after)
		for _, e := range evs { // one SNS message each, in order, as SNS would deliver them
			ev, err := mailevents.Wrap(e)
			if err != nil {
				return n, err
			}
			if err := h(ctx, ev); err != nil {
				return n, fmt.Errorf("events function: %w", err)
			}
		}
		st.seen[m.MessageID] = true
		st.since = max(st.since, m.At)
		n++
	}
	return n, nil
}

// RunMailEvents publishes mail events every interval until ctx ends.
func (s *Stack) RunMailEvents(ctx context.Context, every time.Duration, log *slog.Logger) {
	tick(ctx, every, func() {
		if _, err := s.PublishMailEvents(ctx); err != nil {
			log.Error("emulated SES events", "error", err)
		}
	})
}
