// Package ses sends the programme's emails through Amazon SES (the classic
// API's SendEmail: text and HTML, Reply-To, configuration set and message
// tags are all it needs). It is apart from package mail (the messages and
// their templates) so that functions which send nothing do not link the SES
// client.
package ses

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/aws-sdk-go-v2/service/ses/types"

	"partnerskap/internal/mail"
)

// Sender sends messages with SES's SendEmail.
type Sender struct {
	client           *ses.Client
	from, replyTo    string
	configurationSet string
	timeout          time.Duration
}

// New returns a sender. configurationSet may be empty.
func New(client *ses.Client, from, replyTo, configurationSet string) *Sender {
	return &Sender{client: client, from: from, replyTo: replyTo, configurationSet: configurationSet, timeout: 5 * time.Second}
}

// FromConfig builds the SES client and the sender; endpoint, if set, is the
// local stack's SES address; configurationSet (may be empty) is the SES
// configuration set whose events report each message's fate.
func FromConfig(cfg aws.Config, endpoint, from, replyTo, configurationSet string) *Sender {
	client := ses.NewFromConfig(cfg, func(o *ses.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	})
	return New(client, from, replyTo, configurationSet)
}

// Send sends m and returns SES's message id. Every call has its own
// deadline: a stalled SES call must not hang the function.
func (s *Sender) Send(ctx context.Context, m mail.Message) (string, error) {
	if len(m.To) == 0 || m.Subject == "" || (m.Text == "" && m.HTML == "") {
		return "", fmt.Errorf("%w: needs a recipient, a subject and a body", mail.ErrInvalidMessage)
	}
	for _, v := range append([]string{m.Subject}, m.To...) {
		if strings.ContainsAny(v, "\r\n") {
			return "", fmt.Errorf("%w: line break in a header value", mail.ErrInvalidMessage)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	body := &types.Body{}
	if m.Text != "" {
		body.Text = &types.Content{Data: aws.String(m.Text), Charset: aws.String("UTF-8")}
	}
	if m.HTML != "" {
		body.Html = &types.Content{Data: aws.String(m.HTML), Charset: aws.String("UTF-8")}
	}
	in := &ses.SendEmailInput{
		Source:      aws.String(s.from),
		Destination: &types.Destination{ToAddresses: m.To},
		Message: &types.Message{
			Subject: &types.Content{Data: aws.String(m.Subject), Charset: aws.String("UTF-8")},
			Body:    body,
		},
	}
	if s.replyTo != "" {
		in.ReplyToAddresses = []string{s.replyTo}
	}
	if s.configurationSet != "" {
		in.ConfigurationSetName = aws.String(s.configurationSet)
	}
	for _, k := range slices.Sorted(maps.Keys(m.Tags)) {
		in.Tags = append(in.Tags, types.MessageTag{Name: aws.String(k), Value: aws.String(m.Tags[k])})
	}
	out, err := s.client.SendEmail(ctx, in)
	if err != nil {
		return "", fmt.Errorf("ses send to %d recipient(s): %w", len(m.To), err)
	}
	return aws.ToString(out.MessageId), nil
}
