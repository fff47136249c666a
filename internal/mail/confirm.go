package mail

import (
	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// ConfirmData is what the partner's link email says: our words, the
// Swedish organisation (one of the programme's list), the round's name,
// the reference and the link. Nothing typed by the applicant is in it.
type ConfirmData struct {
	Lang         programme.Lang
	Ref          string
	Organisation string
	RoundName    string
	Link         string
}

type confirmView struct {
	Lang          programme.Lang
	Subject, Body string
	Link          string
}

// PartnerConfirm renders the email that asks the partner to confirm.
func PartnerConfirm(to string, d ConfirmData) (Message, error) {
	lang := language(d.Lang)
	v := confirmView{Lang: lang, Subject: i18n.ConfirmSubject.Format(lang, i18n.Args{"ref": d.Ref}), Link: d.Link,
		Body: i18n.ConfirmBody.Format(lang, i18n.Args{"organisation": d.Organisation, "round": d.RoundName})}
	var t text
	t.para(greeting(lang))
	t.para(v.Body, d.Link)
	t.para(signature(lang))
	h, err := html("confirm", confirmHTML(v))
	if err != nil {
		return Message{}, err
	}
	return Message{To: []string{to}, Subject: v.Subject, Text: t.String(), HTML: h, Tags: map[string]string{"kind": string(programme.PartnerConfirmEmail)}}, nil
}
