package mail_test

import (
	"errors"
	"html"
	"strings"
	"testing"
	"time"

	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
)

// lastDay is a report's last day as programme.GrantYear.LastDay gives it:
// the nanosecond before the midnight that ends it, in Swedish time.
var lastDay = time.Date(2028, 6, 1, 0, 0, 0, 0, programme.Stockholm).Add(-time.Nanosecond)

// A reminder says which report (year, reference, title), its last day,
// whether it is due or overdue and for how long, what it must include and
// where it is written, in the reader's language; its subject is the
// reminder's own.
func TestReminderEmails(t *testing.T) {
	cases := []struct {
		lang    programme.Lang
		kind    programme.ReminderKind
		week    int
		subject string
		want    []string
		not     []string
	}{
		{programme.Swedish, programme.RemindMonth, 0, "KP-ABCDEFGHJK: rapporten för år 2 ska vara inne senast 31 maj 2028",
			[]string{"Det här är en påminnelse: rapporten för projektår 2 ska vara inne senast 31 maj 2028.", "<strong>31 maj 2028</strong>"},
			[]string{"försenad", "vi har inte fått den"}},
		{programme.English, programme.RemindWeek, 0, "KP-ABCDEFGHJK: the report for year 2 is due by 31 May 2028",
			[]string{"This is a reminder: the report for project year 2 is due by 31 May 2028.", "<strong>31 May 2028</strong>"},
			[]string{"overdue", "not received"}},
		{programme.Swedish, programme.RemindOverdue, 0, "KP-ABCDEFGHJK: rapporten för år 2 skulle ha varit inne senast 31 maj 2028",
			[]string{"skulle ha varit inne senast 31 maj 2028, och vi har inte fått den.", "Lämna den så snart som möjligt"},
			[]string{"veckor försenad", "vecka försenad"}},
		{programme.Swedish, programme.RemindWeekly, 1, "KP-ABCDEFGHJK: rapporten för år 2 skulle ha varit inne senast 31 maj 2028",
			[]string{"Den är nu 1 vecka försenad.", "Lämna den så snart som möjligt"}, nil},
		{programme.English, programme.RemindWeekly, 3, "KP-ABCDEFGHJK: the report for year 2 was due by 31 May 2028",
			[]string{"was due by 31 May 2028, and we have not received it.", "It is now 3 weeks overdue.", "Please submit it as soon as you can"}, nil},
	}
	for _, c := range cases {
		m, err := mail.Reminder("anna@kalix.example.se", mail.ReminderData{Lang: c.lang, Ref: "KP-ABCDEFGHJK", Title: "Avfall i Kalix", Year: 2,
			Kind: c.kind, Week: c.week, LastDay: lastDay})
		if err != nil {
			t.Fatal(err)
		}
		if m.Subject != c.subject || len(m.To) != 1 || m.To[0] != "anna@kalix.example.se" {
			t.Errorf("%s %s: subject %q to %v", c.lang, c.kind, m.Subject, m.To)
		}
		for _, w := range c.want {
			inText := strings.Contains(m.Text, w) || strings.HasPrefix(w, "<") // a cell of the HTML part's table
			if !inText || !strings.Contains(m.HTML, strings.ReplaceAll(w, "'", "&#39;")) {
				t.Errorf("%s %s: %q missing:\n%s\n%s", c.lang, c.kind, w, m.Text, m.HTML)
			}
		}
		if row := map[programme.Lang]string{programme.Swedish: "Sista dag för rapporten för år 2: 31 maj 2028",
			programme.English: "Last day of the report for year 2: 31 May 2028"}[c.lang]; !strings.Contains(m.Text, row) {
			t.Errorf("%s %s: no row %q:\n%s", c.lang, c.kind, row, m.Text)
		}
		for _, w := range c.not {
			if strings.Contains(m.Text+m.HTML, w) {
				t.Errorf("%s %s: %q should not be there:\n%s", c.lang, c.kind, w, m.Text)
			}
		}
		if !strings.Contains(m.HTML, `<html lang="`+string(c.lang)+`">`) || strings.Contains(m.Text+m.HTML+m.Subject, "{") {
			t.Errorf("%s %s: not in its language, or a placeholder left:\n%s", c.lang, c.kind, m.HTML)
		}
	}
}

// What the report must include: the narrative, the accounts per budget
// line, and the grant's required documents (the programme's by default);
// and where: the grant's page, opened with the decision email's link,
// which a reminder never carries.
func TestReminderSaysWhatAndWhere(t *testing.T) {
	d := mail.ReminderData{Lang: programme.English, Ref: "KP-ABCDEFGHJK", Title: "T", Year: 1, Kind: programme.RemindMonth, LastDay: lastDay}
	m, _ := mail.Reminder("a@b.se", d)
	for _, w := range []string{"A narrative of the year", "The accounts, per line of the budget approved in the decision", "Audit certificate",
		"Signed approval of the report", "on the grant's page, which you open with the link in the decision email"} {
		if !strings.Contains(m.Text, w) || !strings.Contains(m.HTML, html.EscapeString(w)) {
			t.Errorf("%q missing:\n%s", w, m.Text)
		}
	}
	if strings.Contains(m.Text, "Website") || strings.Contains(m.HTML, "<a ") || strings.Contains(m.Text, "Excel") {
		t.Errorf("without a hint: no website, no link; the optional workbook not listed:\n%s", m.Text)
	}
	sv, _ := mail.Reminder("a@b.se", mail.ReminderData{Lang: programme.Swedish, Ref: "KP-ABCDEFGHJK", Title: "T", Year: 1, Kind: programme.RemindMonth, LastDay: lastDay})
	for _, w := range []string{"En berättelse om året", "Ekonomisk redovisning per rad i budgeten", "Revisorsintyg", "Undertecknat godkännande",
		"länken i beslutsmejlet"} {
		if !strings.Contains(sv.Text, w) {
			t.Errorf("sv: %q missing:\n%s", w, sv.Text)
		}
	}

	d.GrantPageHint = "https://partnerskap.example.se"
	d.Documents = []programme.DocumentRule{{Kind: programme.AccountsWorkbook, Required: true}, {Kind: programme.AuditCertificate}}
	m, _ = mail.Reminder("a@b.se", d)
	if !strings.Contains(m.Text, "Website: https://partnerskap.example.se") || !strings.Contains(m.HTML, "Website: https://partnerskap.example.se") ||
		strings.Contains(m.HTML, "<a ") {
		t.Errorf("the hint, as text:\n%s\n%s", m.Text, m.HTML)
	}
	if !strings.Contains(m.Text, "- Accounts on the programme's Excel template") || strings.Contains(m.Text, "Audit certificate") {
		t.Errorf("the grant's own required documents:\n%s", m.Text)
	}
}

func TestReminderEscapesEveryValue(t *testing.T) {
	for _, lang := range []programme.Lang{programme.Swedish, programme.English} {
		for _, kind := range []programme.ReminderKind{programme.RemindMonth, programme.RemindWeekly} {
			m, err := mail.Reminder("a@b.se", mail.ReminderData{Lang: lang, Ref: evil("ref"), Title: evil("title"), Year: 1, Kind: kind, Week: 2,
				LastDay: lastDay, GrantPageHint: evil("hint")})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(m.HTML, `<b id="x-`) {
				t.Errorf("%s %s: a value is markup in the HTML part", lang, kind)
			}
			for _, f := range []string{"ref", "title", "hint"} {
				if !strings.Contains(m.HTML, html.EscapeString(evil(f))) || !strings.Contains(m.Text, evil(f)) {
					t.Errorf("%s %s: %s not escaped in HTML, or not as typed in text", lang, kind, f)
				}
			}
			if !strings.Contains(m.Subject, evil("ref")) {
				t.Errorf("%s %s: subject %q", lang, kind, m.Subject)
			}
		}
	}
}

func TestReminderRefusesWhatItCannotSay(t *testing.T) {
	for _, d := range []mail.ReminderData{
		{Ref: "KP-ABCDEFGHJK", Year: 1, Kind: "someday", LastDay: lastDay},
		{Ref: "KP-ABCDEFGHJK", Year: 0, Kind: programme.RemindMonth, LastDay: lastDay},
		{Ref: "KP-ABCDEFGHJK", Year: 1, Kind: programme.RemindMonth},
	} {
		if _, err := mail.Reminder("a@b.se", d); !errors.Is(err, mail.ErrInvalidMessage) {
			t.Errorf("%+v: %v, want ErrInvalidMessage", d, err)
		}
	}
}

// A grant's decision email names each project year's amount and report
// deadline, in the email's language, and the Swedish party's email (with
// GrantURL) the link to the grant's page; a rejection names neither.
func TestDecisionEmailNamesTheDeadlinesAndTheGrantLink(t *testing.T) {
	years := []mail.DecisionYear{{Year: 1, Amount: 200_000, LastDay: lastDay}, {Year: 2, Amount: 150_000, LastDay: lastDay.AddDate(1, 0, 0)}}
	url := "https://partnerskap.example.se/grants/KP-ABCDEFGHJK?key=s3cr3t"
	data := func(lang programme.Lang, o programme.Outcome, link string) mail.DecisionData {
		return mail.DecisionData{Lang: lang, Ref: "KP-ABCDEFGHJK", Title: "T", RoundName: "R", Outcome: o, Amount: 350_000, Motivation: "M",
			Years: years, GrantURL: link}
	}
	sv, _ := mail.Decision("a@b.se", data(programme.Swedish, programme.Granted, url))
	en, _ := mail.Decision("a@b.se", data(programme.English, programme.Granted, ""))
	for _, c := range []struct {
		m    mail.Message
		want []string
	}{
		{sv, []string{"Projektår och rapporter", "År 1: 200\u00a0000\u00a0kr, rapporten senast 31 maj 2028", "År 2: 150\u00a0000\u00a0kr, rapporten senast 31 maj 2029",
			"Följ upp projektet på dess sida: rapporter, ersättningar och ändringar. Länken är personlig; spara det här mejlet."}},
		{en, []string{"Project years and reports", "Year 1: SEK 200,000, report due by 31 May 2028", "Year 2: SEK 150,000, report due by 31 May 2029"}},
	} {
		for _, w := range c.want {
			if !strings.Contains(c.m.Text, w) || !strings.Contains(c.m.HTML, html.EscapeString(w)) {
				t.Errorf("%q missing:\n%s\n%s", w, c.m.Text, c.m.HTML)
			}
		}
	}
	if !strings.Contains(sv.Text, url) || !strings.Contains(sv.HTML, `<a href="`+html.EscapeString(url)+`">`) {
		t.Errorf("the Swedish party's email has no link:\n%s\n%s", sv.Text, sv.HTML)
	}
	if strings.Contains(en.Text+en.HTML, "key=") || strings.Contains(en.Text, "Follow up the grant") || strings.Contains(en.HTML, "<a ") {
		t.Errorf("without GrantURL, no link:\n%s", en.Text)
	}
	for _, lang := range []programme.Lang{programme.Swedish, programme.English} {
		rej, _ := mail.Decision("a@b.se", data(lang, programme.Rejected, url))
		if strings.Contains(rej.Text+rej.HTML, "key=") || strings.Contains(rej.Text, "2029") || strings.Contains(rej.Text, "200") {
			t.Errorf("%s rejection names a grant's years or link:\n%s", lang, rej.Text)
		}
	}
	// Escaped: a link with markup, and no markup out of it.
	evilURL := "https://partnerskap.example.se/grants/x?key=" + evil("key")
	m, _ := mail.Decision("a@b.se", data(programme.English, programme.Granted, evilURL))
	if strings.Contains(m.HTML, `<b id="x-`) || !strings.Contains(m.HTML, html.EscapeString(evil("key"))) || !strings.Contains(m.Text, evilURL) {
		t.Errorf("the link is not escaped:\n%s", m.HTML)
	}
}
