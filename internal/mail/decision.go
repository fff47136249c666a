package mail

import (
	"fmt"
	htmltemplate "html/template"
	texttemplate "text/template"

	"partnerskap/internal/programme"
)

// DecisionData is what a decision email says.
type DecisionData struct {
	Lang       programme.Lang
	Ref        string
	Title      string
	RoundName  string
	Outcome    programme.Outcome
	Amount     int64
	Motivation string
}

type decisionWords struct {
	Subject, Greeting, Lead, Amount, Motivation, Next, Ref, Project, Round, Signature string
}

var decisionCopy = map[programme.Lang]map[programme.Outcome]decisionWords{
	programme.Swedish: {
		programme.Granted: {"Beslut: ansökan %s beviljas", "Hej!", "Er ansökan till Kommunalt partnerskap har beviljats.",
			"Beviljat belopp", "Motivering",
			"Nästa steg: vi skickar ett avtal för underskrift. Medlen betalas ut när avtalet är undertecknat, och projektet rapporterar enligt avtalet. Svara på det här mejlet om ni har frågor.",
			"Referensnummer", "Projekt", "Utlysning", "Kommunalt partnerskap"},
		programme.Rejected: {"Beslut: ansökan %s beviljas inte", "Hej!", "Er ansökan till Kommunalt partnerskap har tyvärr inte beviljats.",
			"", "Motivering", "Ni är välkomna att söka igen i en kommande utlysning. Svara på det här mejlet om ni har frågor.",
			"Referensnummer", "Projekt", "Utlysning", "Kommunalt partnerskap"},
	},
	programme.English: {
		programme.Granted: {"Decision: application %s is granted", "Hello,", "Your application to the Municipal Partnership Programme has been granted.",
			"Amount granted", "Motivation",
			"Next steps: we will send an agreement for signature. The funds are paid once it is signed, and the project reports as the agreement sets out. Reply to this email if you have any questions.",
			"Reference number", "Project", "Call", "Municipal Partnership Programme"},
		programme.Rejected: {"Decision: application %s is not granted", "Hello,", "We regret that your application to the Municipal Partnership Programme has not been granted.",
			"", "Motivation", "You are welcome to apply again in a coming call. Reply to this email if you have any questions.",
			"Reference number", "Project", "Call", "Municipal Partnership Programme"},
	},
}

var decisionText = texttemplate.Must(texttemplate.New("decision").Parse(`{{.T.Greeting}}

{{.T.Lead}}

{{.T.Ref}}: {{.Ref}}
{{.T.Project}}: {{.Title}}
{{.T.Round}}: {{.RoundName}}
{{if .T.Amount}}{{.T.Amount}}: {{.AmountText}}
{{end}}
{{.T.Motivation}}:
{{.Motivation}}

{{.T.Next}}

{{.T.Signature}}
`))

var decisionHTML = htmltemplate.Must(htmltemplate.New("decision").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.5; color: #1b1b1b">
<p>{{.T.Greeting}}</p>
<p><strong>{{.T.Lead}}</strong></p>
<table role="presentation">
<tr><th align="left">{{.T.Ref}}</th><td>{{.Ref}}</td></tr>
<tr><th align="left">{{.T.Project}}</th><td>{{.Title}}</td></tr>
<tr><th align="left">{{.T.Round}}</th><td>{{.RoundName}}</td></tr>
{{if .T.Amount}}<tr><th align="left">{{.T.Amount}}</th><td><strong>{{.AmountText}}</strong></td></tr>{{end}}
</table>
<h2 style="font-size: 1.1em">{{.T.Motivation}}</h2>
<p style="white-space: pre-wrap">{{.Motivation}}</p>
<p>{{.T.Next}}</p>
<p>{{.T.Signature}}</p>
</body></html>
`))

// Decision renders a decision email: granted (the amount and what happens
// next) or rejected (the motivation), text and HTML, every value escaped.
func Decision(to string, d DecisionData) (Message, error) {
	if d.Lang != programme.English {
		d.Lang = programme.Swedish
	}
	w, ok := decisionCopy[d.Lang][d.Outcome]
	if !ok {
		return Message{}, fmt.Errorf("%w: no decision email for outcome %q", ErrInvalidMessage, d.Outcome)
	}
	view := struct {
		DecisionData
		Subject, AmountText string
		T                   decisionWords
	}{d, fmt.Sprintf(w.Subject, d.Ref), programme.FormatSEK(d.Amount, d.Lang), w}
	text, html, err := render("decision", decisionText, decisionHTML, view)
	if err != nil {
		return Message{}, err
	}
	return Message{To: []string{to}, Subject: view.Subject, Text: text, HTML: html}, nil
}
