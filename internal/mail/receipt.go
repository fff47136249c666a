package mail

import (
	"time"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// ReceiptData is what a receipt says.
type ReceiptData struct {
	Lang        programme.Lang
	Ref         string
	Title       string
	RoundName   string
	SubmittedAt time.Time
	StatusURL   string
}

// receiptView is a receipt in its language, ready to render.
type receiptView struct {
	Lang      programme.Lang
	Subject   string
	Rows      []row
	StatusURL string
}

// Receipt renders the receipt for a new application, to the Swedish contact.
func Receipt(to string, d ReceiptData) (Message, error) {
	lang := language(d.Lang)
	v := receiptView{Lang: lang, Subject: i18n.ReceiptSubject.Format(lang, i18n.Args{"ref": d.Ref}), StatusURL: d.StatusURL,
		Rows: []row{
			{Label: i18n.Reference.In(lang), Value: d.Ref, Strong: true},
			{Label: i18n.Project.In(lang), Value: d.Title},
			{Label: i18n.FieldRound.In(lang), Value: d.RoundName},
			{Label: i18n.SubmittedAt.In(lang), Value: programme.FormatTime(d.SubmittedAt, lang)},
		}}
	var t text
	t.para(greeting(lang))
	t.para(i18n.ReceiptThanks.In(lang))
	t.rows(v.Rows)
	t.para(i18n.ReceiptFollow.In(lang)+":", d.StatusURL)
	t.para(i18n.ReceiptPersonal.In(lang))
	t.para(signature(lang))
	h, err := html("receipt", receiptHTML(v))
	if err != nil {
		return Message{}, err
	}
	return Message{To: []string{to}, Subject: v.Subject, Text: t.String(), HTML: h, Tags: map[string]string{"kind": "receipt"}}, nil
}
