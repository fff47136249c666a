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
	Body    struct {
		HTML string `json:"html"`
		Text string `json:"text"`
	} `json:"body"`
	At int64 `json:"at"`
}

// Mailbox reads the local SES server's store of sent mail.
type Mailbox struct{ Endpoint string }

// To returns every mail sent to addr, oldest first.
func (m Mailbox) To(ctx context.Context, addr string) ([]Mail, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.Endpoint+"/store", nil)
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
	var out []Mail
	for _, e := range store.Emails {
		for _, to := range e.Destination.To {
			if strings.EqualFold(to, addr) {
				out = append(out, e)
				break
			}
		}
	}
	return out, nil
}
