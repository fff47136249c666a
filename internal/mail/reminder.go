package mail

import (
	"fmt"
	"strconv"
	"time"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// ReminderData is what a reminder of a year's report says (the reminder
// job, internal/reminders, fills it from the grant and its application).
type ReminderData struct {
	Lang  programme.Lang
	Ref   string
	Title string
	Year  int // the project year whose report it is, from 1
	Kind  programme.ReminderKind
	Week  int // weeks overdue, for programme.RemindWeekly
	// LastDay is the report's last day (programme.GrantYear.LastDay): its
	// date in Swedish time is the one shown.
	LastDay time.Time
	// Documents are what the grant's reports must include besides the
	// narrative and the accounts (programme.Grant.Documents): the required
	// ones are listed. None: the programme's own, the audit certificate and
	// the signed approval.
	Documents []programme.DocumentRule
	// GrantPageHint is where the grant's pages are, without the key that
	// opens them (the site's address): shown as text beside the words on
	// the decision email's link, or nothing when "". The key is never
	// stored, so a reminder cannot carry the link itself.
	GrantPageHint string
}

// reminderView is a reminder in its language, ready to render.
type reminderView struct {
	Lang     programme.Lang
	Subject  string
	Lead     string
	Late     string // how late, and to submit soon: overdue reminders only
	Rows     []row
	Includes []string
	Hint     string
}

// Reminder renders a reminder of a year's report: which report, its last
// day, whether it is due or overdue (and for how many weeks), what it must
// include, and that it is written on the grant's page opened with the link
// in the decision email. Text and HTML, every value escaped.
func Reminder(to string, d ReminderData) (Message, error) {
	lang := language(d.Lang)
	overdue := false
	switch d.Kind {
	case programme.RemindMonth, programme.RemindWeek:
	case programme.RemindOverdue, programme.RemindWeekly:
		overdue = true
	default:
		return Message{}, fmt.Errorf("%w: no reminder of kind %q", ErrInvalidMessage, d.Kind)
	}
	if d.Year < 1 || d.LastDay.IsZero() {
		return Message{}, fmt.Errorf("%w: a reminder needs the year and its report's last day", ErrInvalidMessage)
	}
	// The subject is the reminder's own (programme.Reminder.Subject): its
	// deadline is the midnight that ends the last day.
	r := programme.Reminder{Ref: d.Ref, Year: d.Year, Kind: d.Kind, Week: d.Week, Deadline: d.LastDay.Add(time.Nanosecond)}
	args := i18n.Args{"year": strconv.Itoa(d.Year), "date": programme.FormatDate(d.LastDay, lang)}
	v := reminderView{Lang: lang, Subject: r.Subject(lang), Lead: i18n.ReminderLeadDue.Format(lang, args), Hint: d.GrantPageHint,
		Rows: []row{
			{Label: i18n.Reference.In(lang), Value: d.Ref},
			{Label: i18n.Project.In(lang), Value: d.Title},
			{Label: i18n.FieldReportLastDay.Format(lang, i18n.Args{"n": strconv.Itoa(d.Year)}), Value: programme.FormatDate(d.LastDay, lang), Strong: true},
		}}
	if overdue {
		v.Lead = i18n.ReminderLeadOverdue.Format(lang, args)
		v.Late = i18n.ReminderSubmitSoon.In(lang)
		if d.Kind == programme.RemindWeekly && d.Week > 0 {
			v.Late = i18n.ReminderWeeksLate.Format(lang, i18n.Args{"weeks": strconv.Itoa(d.Week)}) + " " + v.Late
		}
	}
	v.Includes = []string{i18n.ReminderNarrative.In(lang), i18n.ReminderAccounts.In(lang)}
	docs := d.Documents
	if docs == nil {
		docs = []programme.DocumentRule{{Kind: programme.AuditCertificate, Required: true}, {Kind: programme.SignedApproval, Required: true}}
	}
	for _, doc := range docs {
		if doc.Required {
			v.Includes = append(v.Includes, programme.ReportDocumentName(doc.Kind, lang))
		}
	}

	var t text
	t.para(greeting(lang))
	t.para(v.Lead)
	t.rows(v.Rows)
	if v.Late != "" {
		t.para(v.Late)
	}
	items := []string{i18n.ReminderIncludes.In(lang)}
	for _, it := range v.Includes {
		items = append(items, "- "+it)
	}
	t.para(items...)
	if v.Hint != "" {
		t.para(i18n.ReminderWhere.In(lang), i18n.ReminderSite.In(lang)+": "+v.Hint)
	} else {
		t.para(i18n.ReminderWhere.In(lang))
	}
	t.para(i18n.ReminderAlreadyIn.In(lang))
	t.para(signature(lang))
	h, err := html("reminder", reminderHTML(v))
	if err != nil {
		return Message{}, err
	}
	return Message{To: []string{to}, Subject: v.Subject, Text: t.String(), HTML: h}, nil
}
