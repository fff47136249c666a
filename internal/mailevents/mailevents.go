// Package mailevents applies SES's events (published by the configuration
// set to SNS) to the outbox, each exactly once: Send settles an item whose
// mailer died before recording it; Delivery, Bounce, Complaint and Reject
// record its fate, and the last three go into the application's audit log.
// SNS delivers at least once and SES may publish an event again, so every
// effect is keyed on SES's own ids (the message id, the feedback id of a
// bounce or complaint): a redelivery changes nothing, and a late, milder
// event never overwrites a worse state.
package mailevents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/store"
)

// Event is the part of an SES event-publishing record this uses.
type Event struct {
	EventType string `json:"eventType"`
	// NotificationType is set instead of EventType in the older identity
	// notifications (not used here; they are dropped).
	NotificationType string         `json:"notificationType,omitempty"`
	Mail             Mail           `json:"mail"`
	Bounce           *Bounce        `json:"bounce,omitempty"`
	Complaint        *Complaint     `json:"complaint,omitempty"`
	Delivery         *Delivery      `json:"delivery,omitempty"`
	Reject           *Reject        `json:"reject,omitempty"`
	Failure          *Failure       `json:"failure,omitempty"`
	DeliveryDelay    *DeliveryDelay `json:"deliveryDelay,omitempty"`
}

// Mail is the message an event is about.
type Mail struct {
	MessageID   string              `json:"messageId"`
	Timestamp   time.Time           `json:"timestamp"`
	Source      string              `json:"source,omitempty"`
	Destination []string            `json:"destination"`
	Tags        map[string][]string `json:"tags"`
}

// Bounce is a Bounce event's detail.
type Bounce struct {
	BounceType    string    `json:"bounceType"`
	BounceSubType string    `json:"bounceSubType"`
	FeedbackID    string    `json:"feedbackId"`
	Timestamp     time.Time `json:"timestamp"`
}

// Complaint is a Complaint event's detail.
type Complaint struct {
	ComplaintFeedbackType string    `json:"complaintFeedbackType,omitempty"`
	FeedbackID            string    `json:"feedbackId"`
	Timestamp             time.Time `json:"timestamp"`
}

// Delivery is a Delivery event's detail.
type Delivery struct {
	Timestamp time.Time `json:"timestamp"`
}

// Reject is a Reject event's detail.
type Reject struct {
	Reason string `json:"reason"`
}

// Failure is a Rendering Failure event's detail.
type Failure struct {
	ErrorMessage string `json:"errorMessage"`
	TemplateName string `json:"templateName"`
}

// DeliveryDelay is a DeliveryDelay event's detail.
type DeliveryDelay struct {
	DelayType string    `json:"delayType"`
	Timestamp time.Time `json:"timestamp"`
}

// OutboxTag is the SES message tag the mailer sets to the outbox item's id.
const OutboxTag = "outbox"

// OutboxID is the outbox item the event is about (its "outbox" tag), or ""
// for an email the outbox did not send (the receipts).
func (e Event) OutboxID() string {
	if v := e.Mail.Tags[OutboxTag]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// mailEvent is what the store records of a Delivery, Bounce, Complaint,
// Reject or Rendering Failure event, keyed on SES's own ids.
func (e Event) mailEvent() (store.MailEvent, bool) {
	me := store.MailEvent{Kind: e.EventType, MessageID: e.Mail.MessageID, At: e.Mail.Timestamp,
		ID: e.EventType + "-" + e.Mail.MessageID}
	switch {
	case e.EventType == "Delivery" && e.Delivery != nil:
		me.At = e.Delivery.Timestamp
	case e.EventType == "Bounce" && e.Bounce != nil:
		me.Detail, me.At = e.Bounce.BounceType+"/"+e.Bounce.BounceSubType, e.Bounce.Timestamp
		if e.Bounce.FeedbackID != "" {
			me.ID = "Bounce-" + e.Bounce.FeedbackID
		}
	case e.EventType == "Complaint" && e.Complaint != nil:
		me.Detail, me.At = e.Complaint.ComplaintFeedbackType, e.Complaint.Timestamp
		if e.Complaint.FeedbackID != "" {
			me.ID = "Complaint-" + e.Complaint.FeedbackID
		}
	case e.EventType == "Reject" && e.Reject != nil:
		me.Detail = e.Reject.Reason
	case e.EventType == "Rendering Failure" && e.Failure != nil:
		// Not sent: as final as a reject.
		me.Kind, me.Detail, me.ID = "Reject", "rendering failure: "+e.Failure.ErrorMessage, "RenderingFailure-"+e.Mail.MessageID
	default:
		return me, false
	}
	if me.At.IsZero() {
		me.At = e.Mail.Timestamp
	}
	return me, true
}

// Store is what the handler needs of the table.
type Store interface {
	ReconcileSent(ctx context.Context, id, messageID string, at time.Time) (bool, error)
	RecordMailEvent(ctx context.Context, id string, ev store.MailEvent) (bool, error)
}

// Handler applies SNS-wrapped SES events.
type Handler struct {
	Store Store
	Log   *slog.Logger
}

// Handle applies every record; a record that cannot be applied now (the
// table did not answer) fails the invocation so that Lambda retries it and,
// after its retries, sends it to the function's on-failure destination.
// Anything that retrying cannot fix (not an SES event, an SNS subscription
// message, an event type this system does not act on) is logged and dropped.
func (h *Handler) Handle(ctx context.Context, ev events.SNSEvent) error {
	var errs []error
	for _, rec := range ev.Records {
		log := h.Log.With("snsMessageId", rec.SNS.MessageID)
		if rec.SNS.Type != "" && rec.SNS.Type != "Notification" {
			log.WarnContext(ctx, "SNS message that is not a notification; dropped", "snsType", rec.SNS.Type)
			continue
		}
		var e Event
		if err := json.Unmarshal([]byte(rec.SNS.Message), &e); err != nil {
			log.ErrorContext(ctx, "not an SES event; dropped", "error", err)
			continue
		}
		if e.EventType == "" {
			log.WarnContext(ctx, "not an SES event-publishing record (an identity notification?); dropped",
				"notificationType", e.NotificationType)
			continue
		}
		if err := h.apply(ctx, log, e); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (h *Handler) apply(ctx context.Context, log *slog.Logger, e Event) error {
	log = log.With("eventType", e.EventType, "sesMessageId", e.Mail.MessageID)
	id := e.OutboxID()
	if id == "" {
		log.InfoContext(ctx, "SES event for an email outside the outbox")
		return nil
	}
	log = log.With("outbox", id)
	if e.EventType == "Send" {
		changed, err := h.Store.ReconcileSent(ctx, id, e.Mail.MessageID, e.Mail.Timestamp)
		switch {
		case errors.Is(err, store.ErrSentTwice):
			log.ErrorContext(ctx, "SES sent this outbox item twice", "error", err)
			return nil
		case errors.Is(err, store.ErrNotFound):
			log.WarnContext(ctx, "SES event for an unknown outbox item")
			return nil
		case err != nil:
			return fmt.Errorf("outbox %s: %w", id, err)
		case changed:
			log.WarnContext(ctx, "outbox item settled by SES's Send event (its mailer did not record it)")
		}
		return nil
	}
	me, ok := e.mailEvent()
	if !ok {
		if e.EventType == "DeliveryDelay" {
			log.WarnContext(ctx, "SES reports a delivery delay; it keeps trying")
		} else {
			log.InfoContext(ctx, "SES event not acted on")
		}
		return nil
	}
	applied, err := h.Store.RecordMailEvent(ctx, id, me)
	switch {
	case errors.Is(err, store.ErrNotFound):
		log.WarnContext(ctx, "SES event for an unknown outbox item")
		return nil
	case err != nil:
		return err
	case !applied:
		log.InfoContext(ctx, "SES event applied before; nothing changed", "sesEventId", me.ID)
	case me.Kind != "Delivery":
		// No address in the log: the outbox id leads to it.
		log.WarnContext(ctx, "email not delivered; recorded for staff follow-up", "detail", me.Detail)
	}
	return nil
}

// Wrap builds the SNS event that carries SES events, as SNS delivers them
// to Lambda (the local stack and the tests use it). Each record's SNS
// message id is derived from the SES event, so publishing the same event
// again is a redelivery, as SNS's would be.
func Wrap(evs ...Event) (events.SNSEvent, error) {
	var out events.SNSEvent
	for _, e := range evs {
		b, err := json.Marshal(e)
		if err != nil {
			return out, err
		}
		out.Records = append(out.Records, events.SNSEventRecord{EventSource: "aws:sns", EventVersion: "1.0",
			EventSubscriptionArn: "arn:aws:sns:eu-north-1:000000000000:mail-events:local",
			SNS: events.SNSEntity{Type: "Notification", MessageID: e.EventType + "-" + e.Mail.MessageID,
				TopicArn: "arn:aws:sns:eu-north-1:000000000000:mail-events", Message: string(b), Timestamp: e.Mail.Timestamp,
				SignatureVersion: "1"}})
	}
	return out, nil
}

// SNSEvent is an SNS event of one record.
func SNSEvent(rec events.SNSEventRecord) events.SNSEvent {
	return events.SNSEvent{Records: []events.SNSEventRecord{rec}}
}
