package mail

import (
	"time"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// StartData is what the link's email says: our words only, the round's
// name, the link and its deadline. Nothing a client typed is in it (the
// address it goes to is the one thing, and it is not in the body).
type StartData struct {
	Lang      programme.Lang
	RoundName string
	Link      string
	Deadline  time.Time
}

type startView struct {
	Lang     programme.Lang
	Subject  string
	Link     string
	Deadline string
}

// StartLink renders the email with the link to fill in an application.
func StartLink(to string, d StartData) (Message, error) {
	lang := language(d.Lang)
	v := startView{Lang: lang, Subject: i18n.StartSubject.Format(lang, i18n.Args{"round": d.RoundName}), Link: d.Link,
		Deadline: i18n.StartDeadline.Format(lang, i18n.Args{"deadline": programme.FormatTime(d.Deadline, lang)})}
	var t text
	t.para(greeting(lang))
	t.para(i18n.StartBody.In(lang), d.Link)
	t.para(v.Deadline)
	t.para(i18n.StartNotYou.In(lang))
	t.para(signature(lang))
	h, err := html("start", startHTML(v))
	if err != nil {
		return Message{}, err
	}
	return Message{To: []string{to}, Subject: v.Subject, Text: t.String(), HTML: h, Tags: map[string]string{"kind": string(programme.StartEmail)}}, nil
}
