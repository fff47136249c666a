// Package ses sends the programme's emails through SES (API v2). It is apart
// from package mail (the messages and their templates) so that functions
// which send nothing do not link the SES client.
package ses

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"partnerskap/internal/mail"
)

// Sender sends messages with SES v2's SendEmail.
type Sender struct {
	client           *sesv2.Client
	from, replyTo    string
	configurationSet string
	timeout          time.Duration
}

// New returns a sender. configurationSet may be empty.
func New(client *sesv2.Client, from, replyTo, configurationSet string) *Sender {
	return &Sender{client: client, from: from, replyTo: replyTo, configurationSet: configurationSet, timeout: 5 * time.Second}
}

// FromConfig builds the SES v2 client and the sender; endpoint, if set, is
// the local SES server's address; configurationSet (may be empty) is the SES
// configuration set whose events report each message's fate.
func FromConfig(cfg aws.Config, endpoint, from, replyTo, configurationSet string) *Sender {
	client := sesv2.NewFromConfig(cfg, func(o *sesv2.Options) {
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
	in := &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(s.from),
		Destination:      &types.Destination{ToAddresses: m.To},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: &types.Content{Data: aws.String(m.Subject), Charset: aws.String("UTF-8")},
			Body:    body,
		}},
	}
	if s.replyTo != "" {
		in.ReplyToAddresses = []string{s.replyTo}
	}
	if s.configurationSet != "" {
		in.ConfigurationSetName = aws.String(s.configurationSet)
	}
	for k, v := range m.Headers {
		if k == "" || strings.ContainsAny(k, ": \t\r\n") || strings.ContainsAny(v, "\r\n") {
			return "", fmt.Errorf("%w: bad header %q", mail.ErrInvalidMessage, k)
		}
		in.Content.Simple.Headers = append(in.Content.Simple.Headers, types.MessageHeader{Name: aws.String(k), Value: aws.String(v)})
	}
	for k, v := range m.Tags {
		in.EmailTags = append(in.EmailTags, types.MessageTag{Name: aws.String(k), Value: aws.String(v)})
	}
	out, err := s.client.SendEmail(ctx, in)
	if err != nil {
		return "", fmt.Errorf("ses send to %d recipient(s): %w", len(m.To), err)
	}
	return aws.ToString(out.MessageId), nil
}
