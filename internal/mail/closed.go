package mail

import (
	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// ClosedData is what the "round closed, in review" email says.
type ClosedData struct {
	Lang      programme.Lang
	Ref       string
	Title     string
	RoundName string
}

// closedView is the "in review" email in its language, ready to render.
type closedView struct {
	Lang    programme.Lang
	Subject string
	Rows    []row
}

// RoundClosed renders the email that tells an applicant the round has
// closed and the application is being reviewed.
func RoundClosed(to string, d ClosedData) (Message, error) {
	lang := language(d.Lang)
	v := closedView{Lang: lang, Subject: i18n.ClosedSubject.Format(lang, i18n.Args{"ref": d.Ref}),
		Rows: []row{
			{Label: i18n.Reference.In(lang), Value: d.Ref, Strong: true},
			{Label: i18n.Project.In(lang), Value: d.Title},
			{Label: i18n.FieldRound.In(lang), Value: d.RoundName},
		}}
	var t text
	t.para(greeting(lang))
	t.para(i18n.ClosedBody.In(lang))
	t.rows(v.Rows)
	t.para(i18n.ClosedNext.In(lang))
	t.para(signature(lang))
	h, err := html("closed", closedHTML(v))
	if err != nil {
		return Message{}, err
	}
	return Message{To: []string{to}, Subject: v.Subject, Text: t.String(), HTML: h}, nil
}
