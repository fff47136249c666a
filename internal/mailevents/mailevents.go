// Package mailevents applies SES's events (published by the configuration
// set to SNS) to the outbox: Send settles an item whose mailer died before
// recording it; Delivery, Bounce, Complaint and Reject record its fate, and
// the last three go into the application's audit log. SNS delivers at least
// once, so every step is idempotent.
package mailevents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/store"
)

// Event is the part of an SES event-publishing record this uses.
type Event struct {
	EventType string `json:"eventType"`
	Mail      struct {
		MessageID   string              `json:"messageId"`
		Timestamp   time.Time           `json:"timestamp"`
		Destination []string            `json:"destination"`
		Tags        map[string][]string `json:"tags"`
		Headers     []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"headers"`
	} `json:"mail"`
	Bounce *struct {
		BounceType    string    `json:"bounceType"`
		BounceSubType string    `json:"bounceSubType"`
		Timestamp     time.Time `json:"timestamp"`
	} `json:"bounce,omitempty"`
	Complaint *struct {
		ComplaintFeedbackType string    `json:"complaintFeedbackType"`
		Timestamp             time.Time `json:"timestamp"`
	} `json:"complaint,omitempty"`
	Delivery *struct {
		Timestamp time.Time `json:"timestamp"`
	} `json:"delivery,omitempty"`
	Reject *struct {
		Reason string `json:"reason"`
	} `json:"reject,omitempty"`
}

// OutboxID is the outbox item the event is about: the "outbox" tag, or the
// header the mailer sets; "" if neither (an email the outbox did not send).
func (e Event) OutboxID(header string) string {
	if v := e.Mail.Tags["outbox"]; len(v) > 0 {
		return v[0]
	}
	for _, h := range e.Mail.Headers {
		if strings.EqualFold(h.Name, header) {
			return h.Value
		}
	}
	return ""
}

// Handler applies SNS-wrapped SES events.
type Handler struct {
	Store  *store.Store
	Log    *slog.Logger
	Header string // the mailer's outbox header
}

// Handle applies every record; a record that cannot be applied now (the
// table did not answer) fails the invocation so SNS delivers it again.
func (h *Handler) Handle(ctx context.Context, ev events.SNSEvent) error {
	var errs []error
	for _, rec := range ev.Records {
		var e Event
		if err := json.Unmarshal([]byte(rec.SNS.Message), &e); err != nil {
			h.Log.ErrorContext(ctx, "not an SES event; dropped", "snsMessageId", rec.SNS.MessageID, "error", err)
			continue // retrying cannot fix it
		}
		if err := h.apply(ctx, e); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (h *Handler) apply(ctx context.Context, e Event) error {
	id := e.OutboxID(h.Header)
	if id == "" {
		h.Log.InfoContext(ctx, "SES event for an email outside the outbox", "eventType", e.EventType, "sesMessageId", e.Mail.MessageID)
		return nil
	}
	log := h.Log.With("outbox", id, "eventType", e.EventType, "sesMessageId", e.Mail.MessageID)
	switch e.EventType {
	case "Send":
		changed, err := h.Store.ReconcileSent(ctx, id, e.Mail.MessageID, e.Mail.Timestamp)
		switch {
		case errors.Is(err, store.ErrSentTwice):
			log.ErrorContext(ctx, "SES sent this outbox item twice", "error", err)
			return nil
		case errors.Is(err, store.ErrNotFound):
			log.WarnContext(ctx, "SES event for an unknown outbox item")
			return nil
		case err != nil:
			return err
		case changed:
			log.WarnContext(ctx, "outbox item settled by SES's Send event (its mailer did not record it)")
		}
		return nil
	case "Delivery", "Bounce", "Complaint", "Reject":
		me := store.MailEvent{Kind: e.EventType, At: e.Mail.Timestamp}
		switch {
		case e.Bounce != nil:
			me.Detail, me.At = e.Bounce.BounceType+"/"+e.Bounce.BounceSubType, e.Bounce.Timestamp
		case e.Complaint != nil:
			me.Detail, me.At = e.Complaint.ComplaintFeedbackType, e.Complaint.Timestamp
		case e.Delivery != nil:
			me.At = e.Delivery.Timestamp
		case e.Reject != nil:
			me.Detail = e.Reject.Reason
		}
		err := h.Store.RecordMailEvent(ctx, id, me)
		if errors.Is(err, store.ErrNotFound) {
			log.WarnContext(ctx, "SES event for an unknown outbox item")
			return nil
		}
		if err != nil {
			return err
		}
		if e.EventType != "Delivery" {
			log.WarnContext(ctx, "email not delivered; recorded for staff follow-up", "detail", me.Detail, "to", e.Mail.Destination)
		}
		return nil
	}
	log.InfoContext(ctx, "SES event ignored")
	return nil
}

// Wrap builds the SNS event that carries SES events, as SNS delivers them
// to Lambda (the local stack and the tests use it).
func Wrap(evs ...Event) (events.SNSEvent, error) {
	var out events.SNSEvent
	for i, e := range evs {
		b, err := json.Marshal(e)
		if err != nil {
			return out, err
		}
		out.Records = append(out.Records, events.SNSEventRecord{EventSource: "aws:sns", EventVersion: "1.0",
			SNS: events.SNSEntity{Type: "Notification", MessageID: fmt.Sprintf("local-%d-%d", time.Now().UnixNano(), i),
				TopicArn: "arn:aws:sns:local:000000000000:mail-events", Message: string(b), Timestamp: time.Now().UTC()}})
	}
	return out, nil
}
