// Package mail holds the programme's emails: what they say, in Swedish and
// English, with text and HTML parts. Package mail/ses sends them.
package mail

import (
	"bytes"
	"errors"
	"fmt"
	htmltemplate "html/template"
	texttemplate "text/template"
	"time"

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

// render executes an email's text and HTML templates on one view.
func render(name string, text *texttemplate.Template, html *htmltemplate.Template, view any) (string, string, error) {
	var t, h bytes.Buffer
	if err := text.Execute(&t, view); err != nil {
		return "", "", fmt.Errorf("render %s text: %w", name, err)
	}
	if html != nil {
		if err := html.Execute(&h, view); err != nil {
			return "", "", fmt.Errorf("render %s html: %w", name, err)
		}
	}
	return t.String(), h.String(), nil
}

// ReceiptData is what a receipt says.
type ReceiptData struct {
	Lang        programme.Lang
	Ref         string
	Title       string
	RoundName   string
	SubmittedAt time.Time
	StatusURL   string
}

var receiptText = texttemplate.Must(texttemplate.New("receipt").Parse(`{{.T.Greeting}}

{{.T.Thanks}}

{{.T.Ref}}: {{.Ref}}
{{.T.Project}}: {{.Title}}
{{.T.Round}}: {{.RoundName}}
{{.T.Received}}: {{.When}}

{{.T.Follow}}:
{{.StatusURL}}

{{.T.Personal}}

{{.T.Signature}}
`))

var receiptHTML = htmltemplate.Must(htmltemplate.New("receipt").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.5; color: #1b1b1b">
<p>{{.T.Greeting}}</p>
<p>{{.T.Thanks}}</p>
<table role="presentation">
<tr><th align="left">{{.T.Ref}}</th><td><strong>{{.Ref}}</strong></td></tr>
<tr><th align="left">{{.T.Project}}</th><td>{{.Title}}</td></tr>
<tr><th align="left">{{.T.Round}}</th><td>{{.RoundName}}</td></tr>
<tr><th align="left">{{.T.Received}}</th><td>{{.When}}</td></tr>
</table>
<p><a href="{{.StatusURL}}">{{.T.Follow}}</a></p>
<p>{{.T.Personal}}</p>
<p>{{.T.Signature}}</p>
</body></html>
`))

type receiptWords struct {
	Subject, Greeting, Thanks, Ref, Project, Round, Received, Follow, Personal, Signature string
}

var receiptCopy = map[programme.Lang]receiptWords{
	programme.Swedish: {"Kvitto: ansökan %s har kommit in", "Hej!", "Tack för er ansökan till Kommunalt partnerskap. Vi har tagit emot den.",
		"Referensnummer", "Projekt", "Utlysning", "Inkommen", "Följ ansökans status",
		"Länken är personlig; dela den bara med dem som ska se ansökan. Svara på det här mejlet om ni har frågor.", "Kommunalt partnerskap"},
	programme.English: {"Receipt: application %s received", "Hello,", "Thank you for your application to the Municipal Partnership Programme. We have received it.",
		"Reference number", "Project", "Call", "Received", "Follow the application's status",
		"The link is personal; share it only with those who should see the application. Reply to this email if you have any questions.", "Municipal Partnership Programme"},
}

// Receipt renders the receipt for a new application, to the Swedish contact.
func Receipt(to string, d ReceiptData) (Message, error) {
	lang := d.Lang
	if lang != programme.English {
		lang = programme.Swedish
	}
	w := receiptCopy[lang]
	view := struct {
		ReceiptData
		When, Subject string
		T             receiptWords
	}{d, programme.FormatTime(d.SubmittedAt, lang), fmt.Sprintf(w.Subject, d.Ref), w}
	view.Lang = lang
	text, html, err := render("receipt", receiptText, receiptHTML, view)
	if err != nil {
		return Message{}, err
	}
	return Message{To: []string{to}, Subject: view.Subject, Text: text, HTML: html, Tags: map[string]string{"kind": "receipt"}}, nil
}
