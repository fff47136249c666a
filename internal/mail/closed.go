package mail

import (
	"fmt"
	htmltemplate "html/template"
	texttemplate "text/template"

	"partnerskap/internal/programme"
)

// ClosedData is what the "round closed, in review" email says.
type ClosedData struct {
	Lang      programme.Lang
	Ref       string
	Title     string
	RoundName string
}

type closedWords struct{ Subject, Greeting, Body, Ref, Project, Round, Next, Signature string }

var closedCopy = map[programme.Lang]closedWords{
	programme.Swedish: {"Ansökan %s granskas nu", "Hej!",
		"Utlysningen har stängt och er ansökan granskas nu.", "Referensnummer", "Projekt", "Utlysning",
		"Ni får beslutet med e-post när granskningen är klar. Svara på det här mejlet om ni har frågor.", "Kommunalt partnerskap"},
	programme.English: {"Application %s is now being reviewed", "Hello,",
		"The call has closed and your application is now being reviewed.", "Reference number", "Project", "Call",
		"You will receive the decision by email when the review is done. Reply to this email if you have any questions.", "Municipal Partnership Programme"},
}

var closedText = texttemplate.Must(texttemplate.New("closed").Parse(`{{.T.Greeting}}

{{.T.Body}}

{{.T.Ref}}: {{.Ref}}
{{.T.Project}}: {{.Title}}
{{.T.Round}}: {{.RoundName}}

{{.T.Next}}

{{.T.Signature}}
`))

var closedHTML = htmltemplate.Must(htmltemplate.New("closed").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.5; color: #1b1b1b">
<p>{{.T.Greeting}}</p>
<p>{{.T.Body}}</p>
<table role="presentation">
<tr><th align="left">{{.T.Ref}}</th><td><strong>{{.Ref}}</strong></td></tr>
<tr><th align="left">{{.T.Project}}</th><td>{{.Title}}</td></tr>
<tr><th align="left">{{.T.Round}}</th><td>{{.RoundName}}</td></tr>
</table>
<p>{{.T.Next}}</p>
<p>{{.T.Signature}}</p>
</body></html>
`))

// RoundClosed renders the email that tells an applicant the round has
// closed and the application is being reviewed.
func RoundClosed(to string, d ClosedData) (Message, error) {
	if d.Lang != programme.English {
		d.Lang = programme.Swedish
	}
	w := closedCopy[d.Lang]
	view := struct {
		ClosedData
		Subject string
		T       closedWords
	}{d, fmt.Sprintf(w.Subject, d.Ref), w}
	text, html, err := render("closed", closedText, closedHTML, view)
	if err != nil {
		return Message{}, err
	}
	return Message{To: []string{to}, Subject: view.Subject, Text: text, HTML: html}, nil
}

// SummaryData is the staff's account of a closed round.
type SummaryData struct {
	Round programme.Round
	Stats *programme.CloseStats
}

var summaryText = texttemplate.Must(texttemplate.New("summary").Funcs(texttemplate.FuncMap{
	"sek": func(n int64) string { return programme.FormatSEK(n, programme.Swedish) },
}).Parse(`Utlysningen {{.Round.NameSv}} ({{.Round.ID}}) har stängt. / The call {{.Round.NameEn}} has closed.

Ansökningar / Applications: {{.Stats.Applications}}
Sökt totalt / Requested in total: {{sek .Stats.RequestedTotal}}
Budget: {{sek .Round.Budget}} ({{.Ratio}} av budgeten / of the budget)

Per projekttyp / By project type:
{{range .ByType}}  {{.Key}}: {{.N}}
{{end}}
Per tema / By theme:
{{range .ByTheme}}  {{.Key}}: {{.N}}
{{end}}
Per land / By country:
{{range .ByCountry}}  {{.Key}}: {{.N}}
{{end}}
Alla ansökningar är nu under granskning. / Every application is now in review.
`))

// CloseSummary renders the staff summary of a closed round (text, both languages).
func CloseSummary(to string, d SummaryData) (Message, error) {
	ratio := "–"
	if d.Round.Budget > 0 {
		ratio = fmt.Sprintf("%.0f %%", 100*float64(d.Stats.RequestedTotal)/float64(d.Round.Budget))
	}
	view := struct {
		SummaryData
		Ratio                      string
		ByType, ByTheme, ByCountry []programme.Count
	}{d, ratio, programme.Sorted(d.Stats.ByType), programme.Sorted(d.Stats.ByTheme), programme.Sorted(d.Stats.ByCountry)}
	text, _, err := render("summary", summaryText, nil, view)
	if err != nil {
		return Message{}, err
	}
	subject := fmt.Sprintf("Utlysningen %s har stängt: %d ansökningar / %s closed: %d applications",
		d.Round.NameSv, d.Stats.Applications, d.Round.NameEn, d.Stats.Applications)
	return Message{To: []string{to}, Subject: subject, Text: text}, nil
}
