package mail_test

import (
	"html"
	"strings"
	"testing"
	"time"

	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
)

// evil is markup typed into the field name.
func evil(name string) string { return `<b id="x-` + name + `">&'` }

// Every value in every email: escaped in the HTML part, as typed in the text
// part, and never markup.
func TestEmailsEscapeEveryValue(t *testing.T) {
	for _, lang := range []programme.Lang{programme.Swedish, programme.English} {
		receipt, err := mail.Receipt("a@b.se", mail.ReceiptData{Lang: lang, Ref: evil("ref"), Title: evil("title"), RoundName: evil("round"),
			SubmittedAt: time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC), StatusURL: "https://example.se/applications/x?key=" + evil("key")})
		if err != nil {
			t.Fatal(err)
		}
		closed, err := mail.RoundClosed("a@b.se", mail.ClosedData{Lang: lang, Ref: evil("ref"), Title: evil("title"), RoundName: evil("round")})
		if err != nil {
			t.Fatal(err)
		}
		granted, err := mail.Decision("a@b.se", mail.DecisionData{Lang: lang, Ref: evil("ref"), Title: evil("title"), RoundName: evil("round"),
			Outcome: programme.Granted, Amount: 300_000, Motivation: evil("motivation")})
		if err != nil {
			t.Fatal(err)
		}
		rejected, err := mail.Decision("a@b.se", mail.DecisionData{Lang: lang, Ref: evil("ref"), Title: evil("title"), RoundName: evil("round"),
			Outcome: programme.Rejected, Motivation: evil("motivation")})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name   string
			m      mail.Message
			fields []string
		}{
			{"receipt", receipt, []string{"ref", "title", "round", "key"}},
			{"closed", closed, []string{"ref", "title", "round"}},
			{"granted", granted, []string{"ref", "title", "round", "motivation"}},
			{"rejected", rejected, []string{"ref", "title", "round", "motivation"}},
		} {
			if strings.Contains(c.m.HTML, `<b id="x-`) {
				t.Errorf("%s %s: a value is markup in the HTML part", lang, c.name)
			}
			if !strings.Contains(c.m.HTML, `<html lang="`+string(lang)+`">`) {
				t.Errorf("%s %s: not in its language", lang, c.name)
			}
			for _, f := range c.fields {
				if !strings.Contains(c.m.HTML, html.EscapeString(evil(f))) {
					t.Errorf("%s %s: %s is not in the HTML part, escaped", lang, c.name, f)
				}
				if !strings.Contains(c.m.Text, evil(f)) {
					t.Errorf("%s %s: %s is not in the text part as typed", lang, c.name, f)
				}
			}
			if !strings.Contains(c.m.Subject, evil("ref")) || strings.Contains(c.m.Text+c.m.HTML+c.m.Subject, "{") {
				t.Errorf("%s %s: subject %q, or a placeholder left:\n%s", lang, c.name, c.m.Subject, c.m.Text)
			}
		}
	}
}

func TestDecisionEmails(t *testing.T) {
	m, err := mail.Decision("a@b.se", mail.DecisionData{Lang: programme.Swedish, Ref: "KP-ABCDEFGHJK", Title: "T", RoundName: "Våren 2027",
		Outcome: programme.Granted, Amount: 450_000, Motivation: "Väl förankrat.\nTydliga mål."})
	if err != nil {
		t.Fatal(err)
	}
	want := "Hej!\n\nEr ansökan till Kommunalt partnerskap har beviljats.\n\nReferensnummer: KP-ABCDEFGHJK\nProjekt: T\nUtlysning: Våren 2027\n" +
		"Beviljat belopp: 450\u00a0000\u00a0kr\n\nMotivering:\nVäl förankrat.\nTydliga mål.\n\n"
	if m.Subject != "Beslut: ansökan KP-ABCDEFGHJK beviljas" || !strings.HasPrefix(m.Text, want) || !strings.HasSuffix(m.Text, "\n\nKommunalt partnerskap\n") {
		t.Fatalf("%q\n%s", m.Subject, m.Text)
	}
	m, err = mail.Decision("a@b.se", mail.DecisionData{Lang: programme.English, Ref: "KP-ABCDEFGHJK", Outcome: programme.Rejected, Motivation: "M"})
	if err != nil || m.Subject != "Decision: application KP-ABCDEFGHJK is not granted" || strings.Contains(m.Text, "Amount") || strings.Contains(m.HTML, "SEK") {
		t.Fatalf("%q %v\n%s", m.Subject, err, m.Text)
	}
	if _, err := mail.Decision("a@b.se", mail.DecisionData{Outcome: "maybe"}); err == nil {
		t.Fatal("a decision email for no outcome")
	}
}

// Each recipient reads the motivation in the email's language; an English
// email of a decision without an English motivation gives the Swedish one
// under a note in English saying so, marked as Swedish in the HTML part.
func TestDecisionEmailsGiveTheMotivationInTheirLanguage(t *testing.T) {
	data := func(lang programme.Lang, en string) mail.DecisionData {
		return mail.DecisionData{Lang: lang, Ref: "KP-ABCDEFGHJK", Title: "T", RoundName: "R", Outcome: programme.Rejected,
			Motivation: "Otydliga mål.", MotivationEn: en}
	}
	const note = "The motivation for this decision was written in Swedish only and is given below as written."
	for _, c := range []struct {
		name      string
		d         mail.DecisionData
		want, not []string // in both parts
		html      string   // in the HTML part
	}{
		{"Swedish", data(programme.Swedish, "Unclear objectives."), []string{"Motivering", "Otydliga mål."}, []string{"Unclear", note, "svenska"}, `<p style="white-space: pre-wrap">Otydliga mål.</p>`},
		{"English", data(programme.English, "Unclear objectives."), []string{"Motivation", "Unclear objectives."}, []string{"Otydliga", note}, `<p style="white-space: pre-wrap">Unclear objectives.</p>`},
		{"English, no English motivation", data(programme.English, ""), []string{"Motivation", note, "Otydliga mål."}, nil,
			`<p lang="sv" style="white-space: pre-wrap">Otydliga mål.</p>`},
	} {
		m, err := mail.Decision("a@b.se", c.d)
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range []string{m.Text, m.HTML} {
			for _, w := range c.want {
				if !strings.Contains(part, w) {
					t.Errorf("%s: no %q in\n%s", c.name, w, part)
				}
			}
			for _, w := range c.not {
				if strings.Contains(part, w) {
					t.Errorf("%s: %q in\n%s", c.name, w, part)
				}
			}
		}
		if !strings.Contains(m.HTML, c.html) {
			t.Errorf("%s: no %s in\n%s", c.name, c.html, m.HTML)
		}
	}
	m, _ := mail.Decision("a@b.se", data(programme.English, ""))
	if !strings.Contains(m.Text, "\nMotivation:\n"+note+" Reply to this email if you need it in English.\nOtydliga mål.\n\n") {
		t.Errorf("the note and the Swedish motivation, in the text part:\n%s", m.Text)
	}
	m, _ = mail.Decision("a@b.se", data(programme.English, evil("motivation-en")))
	if strings.Contains(m.HTML, `<b id="x-`) || !strings.Contains(m.HTML, html.EscapeString(evil("motivation-en"))) || !strings.Contains(m.Text, evil("motivation-en")) {
		t.Errorf("the English motivation is not escaped in the HTML part, or not as typed in the text:\n%s\n%s", m.HTML, m.Text)
	}
}

func TestCloseSummaryNamesEveryCodeInBothLanguages(t *testing.T) {
	st := programme.NewCloseStats()
	st.Add(programme.Inception, "climate", "KE", 250_000)
	st.Add(programme.Inception, "climate", "KE", 250_000)
	r := programme.Round{ID: "2027-1", NameSv: "Våren 2027", NameEn: "Spring 2027", Budget: 1_000_000}
	r.Rules.Countries = []programme.Country{{Code: "KE", NameSv: "Kenya", NameEn: "Kenya"}}
	st.Add(programme.Inception, "climate", "ZZ", 0) // not the round's: shown as it is
	m, err := mail.CloseSummary("staff@x.se", mail.SummaryData{Round: r, Stats: st})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Utlysningen Våren 2027 (2027-1) har stängt. / The call Spring 2027 (2027-1) has closed.",
		"Ansökningar / Applications: 3\n", "Budget: 1\u00a0000\u00a0000\u00a0kr (50 % av budgeten / 50 % of the budget)",
		"Per projekttyp / By project type:\n  Förstudie (ett år, två ömsesidiga besök) / Inception (one year, two mutual visits): 3\n",
		"Per tema / By theme:\n  Klimat och miljö / Climate and environment: 3\n", "Per land / By country:\n  Kenya: 2\n  ZZ: 1\n"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, m.Text)
		}
	}
	if m.Subject != "Utlysningen Våren 2027 har stängt: 3 ansökningar / Spring 2027 closed: 3 applications" || m.HTML != "" {
		t.Fatalf("%q", m.Subject)
	}
}
