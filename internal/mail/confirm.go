package mail

import (
	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// ConfirmData is what a confirmation link's email says (the partner's, or
// the Swedish party's signatory's): our words, the Swedish organisation
// (one of the programme's list), the round's name, the reference and the
// link. Nothing typed by the applicant is in it.
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
	return confirmMessage(to, d, i18n.ConfirmBody, programme.PartnerConfirmEmail)
}

// SignatoryConfirm renders the email that asks the Swedish party's
// signatory to confirm the application for the organisation.
func SignatoryConfirm(to string, d ConfirmData) (Message, error) {
	return confirmMessage(to, d, i18n.SignatoryConfirmBody, programme.SignatoryConfirmEmail)
}

func confirmMessage(to string, d ConfirmData, body i18n.Key, kind programme.EmailKind) (Message, error) {
	lang := language(d.Lang)
	v := confirmView{Lang: lang, Subject: i18n.ConfirmSubject.Format(lang, i18n.Args{"ref": d.Ref}), Link: d.Link,
		Body: body.Format(lang, i18n.Args{"organisation": d.Organisation, "round": d.RoundName})}
	var t text
	t.para(greeting(lang))
	t.para(v.Body, d.Link)
	t.para(signature(lang))
	h, err := html("confirm", confirmHTML(v))
	if err != nil {
		return Message{}, err
	}
	return Message{To: []string{to}, Subject: v.Subject, Text: t.String(), HTML: h, Tags: map[string]string{"kind": string(kind)}}, nil
}
