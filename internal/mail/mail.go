// Package mail holds the programme's emails: what they say, in Swedish and
// English (the words are in the catalogue, package i18n), with a text part
// written in plain Go and an HTML part rendered by compiled templates
// (mail.templ, generated into mail_templ.go by `make generate`) that escape
// every value. Package mail/ses sends them.
package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/a-h/templ"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// ErrInvalidMessage is a message that can never be sent as it is.
var ErrInvalidMessage = errors.New("invalid message")

// Message is one email to send.
type Message struct {
	To      []string
	Subject string
	Text    string
	HTML    string
	// Tags are SES message tags (name -> value), e.g. the outbox item id;
	// they come back in SES's events. SES allows only ASCII letters,
	// digits, '_' and '-' in both, at most 256 characters.
	Tags map[string]string
}

// language is lang if the emails are written in it, else Swedish.
func language(lang programme.Lang) programme.Lang {
	if lang != programme.English {
		return programme.Swedish
	}
	return lang
}

// html renders an email's HTML part.
func html(name string, c templ.Component) (string, error) {
	var b bytes.Buffer
	if err := c.Render(context.Background(), &b); err != nil {
		return "", fmt.Errorf("render %s html: %w", name, err)
	}
	return b.String(), nil
}

// row is one line of an email's table: a label and its value.
type row struct {
	Label, Value string
	Strong       bool
}

// text writes an email's text part: paragraphs separated by blank lines.
type text struct{ strings.Builder }

// para writes lines as one paragraph.
func (t *text) para(lines ...string) {
	if t.Len() > 0 {
		t.WriteString("\n")
	}
	for _, l := range lines {
		t.WriteString(l)
		t.WriteString("\n")
	}
}

// rows writes "label: value" lines as one paragraph.
func (t *text) rows(rows []row) {
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = r.Label + ": " + r.Value
	}
	t.para(lines...)
}

// greeting and signature open and close every email to an applicant.
func greeting(lang programme.Lang) string  { return i18n.MailHello.In(lang) }
func signature(lang programme.Lang) string { return i18n.Site.In(lang) }
