package stack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Mail is one message as the local SES server stored it.
type Mail struct {
	MessageID   string   `json:"messageId"`
	From        string   `json:"from"`
	ReplyTo     []string `json:"replyTo"`
	Destination struct {
		To []string `json:"to"`
	} `json:"destination"`
	Subject string `json:"subject"`
	Headers []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"headers"`
	Body struct {
		HTML string `json:"html"`
		Text string `json:"text"`
	} `json:"body"`
	At int64 `json:"at"`
}

// Mailbox reads the local SES server's store of sent mail.
type Mailbox struct{ Endpoint string }

// To returns every mail sent to addr, oldest first.
func (m Mailbox) To(ctx context.Context, addr string) ([]Mail, error) {
	all, err := m.Since(ctx, 0)
	if err != nil {
		return nil, err
	}
	var out []Mail
	for _, e := range all {
		for _, to := range e.Destination.To {
			if strings.EqualFold(to, addr) {
				out = append(out, e)
				break
			}
		}
	}
	return out, nil
}

// Since returns every mail sent at or after the epoch second since.
func (m Mailbox) Since(ctx context.Context, since int64) ([]Mail, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/store?since=%d", m.Endpoint, since), nil)
	if err != nil {
		return nil, err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("read mailbox: %w", err)
	}
	defer res.Body.Close()
	var store struct {
		Emails []Mail `json:"emails"`
	}
	if err := json.NewDecoder(res.Body).Decode(&store); err != nil {
		return nil, fmt.Errorf("decode mailbox: %w", err)
	}
	return store.Emails, nil
}
