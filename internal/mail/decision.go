package mail

import (
	"fmt"
	"strconv"
	"time"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// DecisionData is what a decision email says. It carries both of the
// decision's motivations; the email gives the one in its language
// (programme.MotivationIn).
type DecisionData struct {
	Lang         programme.Lang
	Ref          string
	Title        string
	RoundName    string
	Outcome      programme.Outcome
	Amount       int64
	Motivation   string // in Swedish
	MotivationEn string // in English; "" if staff wrote none
	// Years are a grant's project years, each with its amount and its
	// report's last day (ignored on a rejection).
	Years []DecisionYear
	// GrantURL is the grantee's page with its secret key: set in the
	// Swedish party's email only (the partner's has none), ignored on a
	// rejection. The key is stored nowhere but in this email.
	GrantURL string
}

// DecisionYear is one project year of a grant, as its decision email
// names it.
type DecisionYear struct {
	Year    int
	Amount  int64
	LastDay time.Time // the report's last day (programme.GrantYear.LastDay)
}

// decisionWords are the texts that differ between a grant and a rejection.
type decisionWords struct{ Subject, Lead, Next i18n.Key }

var decisionCopy = map[programme.Outcome]decisionWords{
	programme.Granted:  {i18n.DecisionGrantedSubject, i18n.DecisionGrantedLead, i18n.DecisionGrantedNext},
	programme.Rejected: {i18n.DecisionRejectedSubject, i18n.DecisionRejectedLead, i18n.DecisionRejectedNext},
}

// decisionView is a decision email in its language, ready to render.
type decisionView struct {
	Lang       programme.Lang
	Subject    string
	Lead       string
	Rows       []row // the last one is the amount, for a grant
	Motivation string
	// SwedishOnly: an English email whose decision has no English
	// motivation gives the Swedish one, under a note in English saying so.
	SwedishOnly bool
	Next        string
	Years       []string // "Year 1: SEK 200,000, report due by 31 May 2028": a grant's
	GrantURL    string   // a grant's, to the Swedish party
}

// Decision renders a decision email: granted (the amount, each project
// year's amount and report deadline, the link to the grant's page when
// GrantURL is set, and what happens next) or rejected, always with the motivation in the email's language (an
// English email without an English motivation gives the Swedish one, saying
// so), text and HTML, every value escaped.
func Decision(to string, d DecisionData) (Message, error) {
	lang := language(d.Lang)
	w, ok := decisionCopy[d.Outcome]
	if !ok {
		return Message{}, fmt.Errorf("%w: no decision email for outcome %q", ErrInvalidMessage, d.Outcome)
	}
	motivation, swedishOnly := programme.MotivationIn(lang, d.Motivation, d.MotivationEn)
	v := decisionView{Lang: lang, Subject: w.Subject.Format(lang, i18n.Args{"ref": d.Ref}), Lead: w.Lead.In(lang),
		Motivation: motivation, SwedishOnly: swedishOnly, Next: w.Next.In(lang),
		Rows: []row{
			{Label: i18n.Reference.In(lang), Value: d.Ref},
			{Label: i18n.Project.In(lang), Value: d.Title},
			{Label: i18n.FieldRound.In(lang), Value: d.RoundName},
		}}
	if d.Outcome == programme.Granted {
		v.Rows = append(v.Rows, row{Label: i18n.DecisionAmount.In(lang), Value: programme.FormatSEK(d.Amount, lang), Strong: true})
		for _, y := range d.Years {
			v.Years = append(v.Years, i18n.DecisionYearLine.Format(lang, i18n.Args{"n": strconv.Itoa(y.Year),
				"amount": programme.FormatSEK(y.Amount, lang), "date": programme.FormatDate(y.LastDay, lang)}))
		}
		v.GrantURL = d.GrantURL
	}
	var t text
	t.para(greeting(lang))
	t.para(v.Lead)
	t.rows(v.Rows)
	if len(v.Years) > 0 {
		t.para(append([]string{i18n.DecisionYears.In(lang) + ":"}, v.Years...)...)
	}
	if swedishOnly {
		t.para(i18n.FieldMotivation.In(lang)+":", i18n.MotivationSwedishOnly.In(lang), motivation)
	} else {
		t.para(i18n.FieldMotivation.In(lang)+":", motivation)
	}
	if v.GrantURL != "" {
		t.para(i18n.DecisionGrantLink.In(lang), v.GrantURL)
	}
	t.para(v.Next)
	t.para(signature(lang))
	h, err := html("decision", decisionHTML(v))
	if err != nil {
		return Message{}, err
	}
	return Message{To: []string{to}, Subject: v.Subject, Text: t.String(), HTML: h}, nil
}
