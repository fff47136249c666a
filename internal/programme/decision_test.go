package programme_test

import (
	"errors"
	"strings"
	"testing"

	"partnerskap/internal/programme"
)

func TestDecide(t *testing.T) {
	r := round(t, "2027-1")
	r.Status = programme.RoundClosed
	app, errs := programme.Validate(validInput(), r) // Uganda, project, 2 years, 450 000 + 500 000 asked
	if errs != nil {
		t.Fatal(errs)
	}
	app.Status = programme.AppInReview

	d, err := programme.Decide(programme.DecisionInput{Outcome: "granted", Amount: 950000, Motivation: " Bra. "}, app, r, "eva", now)
	if err != nil || d.Amount != 950000 || d.Motivation != "Bra." || d.DecidedBy != "eva" {
		t.Fatalf("granting what was asked: %+v %v", d, err)
	}
	for _, c := range []struct {
		name  string
		in    programme.DecisionInput
		field string
		code  string
	}{
		{"more than asked", programme.DecisionInput{Outcome: "granted", Amount: 950001, Motivation: "m"}, "amount", programme.CodeOverGrantLimit},
		{"zero", programme.DecisionInput{Outcome: "granted", Amount: 0, Motivation: "m"}, "amount", programme.CodePositiveAmount},
		{"negative", programme.DecisionInput{Outcome: "granted", Amount: -5, Motivation: "m"}, "amount", programme.CodePositiveAmount},
		{"no motivation", programme.DecisionInput{Outcome: "rejected", Motivation: "  "}, "motivation", programme.CodeRequired},
		{"rejection with an amount", programme.DecisionInput{Outcome: "rejected", Amount: 10, Motivation: "m"}, "amount", programme.CodeNoAmountOnRejection},
		{"unknown outcome", programme.DecisionInput{Outcome: "maybe", Motivation: "m"}, "outcome", programme.CodeInvalidChoice},
	} {
		_, err := programme.Decide(c.in, app, r, "eva", now)
		var fe programme.FieldErrors
		if !errors.As(err, &fe) {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if e, ok := fe.For(c.field); !ok || e.Code != c.code {
			t.Errorf("%s: %v, want %s on %s", c.name, fe, c.code, c.field)
		}
	}

	// The cap binds below what was asked: Serbia (Europe) caps a project at 450 000 a year.
	app.Partner.Country = "RS"
	if _, err := programme.Decide(programme.DecisionInput{Outcome: "granted", Amount: 900001, Motivation: "m"}, app, r, "eva", now); err == nil {
		t.Error("granted above two years of the European cap")
	}
	app.DecisionQueued = true
	if _, err := programme.Decide(programme.DecisionInput{Outcome: "rejected", Motivation: "m"}, app, r, "eva", now); !errors.Is(err, programme.ErrDecisionLocked) {
		t.Errorf("locked: %v", err)
	}
	app.DecisionQueued = false
	r.Status = programme.RoundOpen
	if _, err := programme.Decide(programme.DecisionInput{Outcome: "rejected", Motivation: "m"}, app, r, "eva", now); !errors.Is(err, programme.ErrRoundNotClosed) {
		t.Errorf("open round: %v", err)
	}
}

// The motivation is required in Swedish and optional in English, each at
// most 4 000 characters, trimmed, line breaks as \n.
func TestDecideTakesAMotivationInEachLanguage(t *testing.T) {
	r := round(t, "2027-1")
	r.Status = programme.RoundClosed
	app, errs := programme.Validate(validInput(), r)
	if errs != nil {
		t.Fatal(errs)
	}
	app.Status = programme.AppInReview

	d, err := programme.Decide(programme.DecisionInput{Outcome: "rejected", Motivation: " Otydliga mål.\r\nSvag förankring. ",
		MotivationEn: "\tUnclear objectives.\r\nWeak support. "}, app, r, "eva", now)
	if err != nil || d.Motivation != "Otydliga mål.\nSvag förankring." || d.MotivationEn != "Unclear objectives.\nWeak support." {
		t.Fatalf("both languages: %+v %v", d, err)
	}
	if d, err := programme.Decide(programme.DecisionInput{Outcome: "rejected", Motivation: "m", MotivationEn: " \r\n "}, app, r, "eva", now); err != nil || d.MotivationEn != "" {
		t.Fatalf("no English: %+v %v", d, err)
	}
	long := strings.Repeat("å", 4001)
	for _, c := range []struct {
		name   string
		in     programme.DecisionInput
		fields []string // with an error, in order
		codes  []string
	}{
		{"Swedish too long", programme.DecisionInput{Outcome: "rejected", Motivation: long, MotivationEn: "m"}, []string{"motivation"}, []string{programme.CodeTooLong}},
		{"English too long", programme.DecisionInput{Outcome: "rejected", Motivation: "m", MotivationEn: long}, []string{"motivationEn"}, []string{programme.CodeTooLong}},
		{"English only", programme.DecisionInput{Outcome: "rejected", MotivationEn: "m"}, []string{"motivation"}, []string{programme.CodeRequired}},
		{"no Swedish, English too long", programme.DecisionInput{Outcome: "rejected", MotivationEn: long},
			[]string{"motivation", "motivationEn"}, []string{programme.CodeRequired, programme.CodeTooLong}},
	} {
		_, err := programme.Decide(c.in, app, r, "eva", now)
		var fe programme.FieldErrors
		if !errors.As(err, &fe) || len(fe) != len(c.fields) {
			t.Errorf("%s: %v, want errors on %v", c.name, err, c.fields)
			continue
		}
		for i, e := range fe {
			if e.Field != c.fields[i] || e.Code != c.codes[i] {
				t.Errorf("%s: %v, want %s on %s", c.name, fe, c.codes[i], c.fields[i])
			}
		}
	}
	if _, err := programme.Decide(programme.DecisionInput{Outcome: "rejected", Motivation: strings.Repeat("å", 4000), MotivationEn: strings.Repeat("x", 4000)},
		app, r, "eva", now); err != nil {
		t.Errorf("4 000 characters in each: %v", err)
	}

	// Each field's error names its language, in the page's language.
	tooLong := programme.FieldError{Field: "motivationEn", Code: programme.CodeTooLong, Args: []any{4000}}
	if got := tooLong.Message(programme.Swedish); got != "Motivering på engelska: högst 4000 tecken." {
		t.Error(got)
	}
	if got := tooLong.Message(programme.English); got != "Motivation in English: at most 4000 characters." {
		t.Error(got)
	}
	if got := (programme.FieldError{Field: "motivation", Code: programme.CodeRequired}).Message(programme.English); got != "Motivation in Swedish: this field is required." {
		t.Error(got)
	}
}

// Who reads which motivation: the Swedish contact in the application's
// language, the partner in English; an English reader of a decision with
// no English motivation gets the Swedish one, marked as such.
func TestDecisionRecipientsAndTheirMotivation(t *testing.T) {
	app := programme.Application{Lang: programme.Swedish, SwedishParty: programme.Party{Email: "anna@kalix.example.se"},
		Partner: programme.Party{Email: "john@masaka.example.ug"}}
	want := []programme.DecisionRecipient{{Who: "swedish", To: "anna@kalix.example.se", Lang: programme.Swedish},
		{Who: "partner", To: "john@masaka.example.ug", Lang: programme.English}}
	if got := programme.DecisionRecipients(app); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("Swedish application: %+v", got)
	}
	app.Lang = ""
	if got := programme.DecisionRecipients(app); got[0].Lang != programme.Swedish {
		t.Fatalf("no language (Swedish): %+v", got)
	}
	app.Lang = programme.English
	if got := programme.DecisionRecipients(app); got[0].Lang != programme.English || got[1].Lang != programme.English {
		t.Fatalf("English application: %+v", got)
	}

	both := programme.Decision{Motivation: "Bra.", MotivationEn: "Good."}
	svOnly := programme.Decision{Motivation: "Bra."}
	for _, c := range []struct {
		d           programme.Decision
		lang        programme.Lang
		want        string
		swedishOnly bool
	}{
		{both, programme.Swedish, "Bra.", false},
		{both, programme.English, "Good.", false},
		{svOnly, programme.Swedish, "Bra.", false},
		{svOnly, programme.English, "Bra.", true},
	} {
		if got, so := c.d.MotivationIn(c.lang); got != c.want || so != c.swedishOnly {
			t.Errorf("%+v in %s: %q %v, want %q %v", c.d, c.lang, got, so, c.want, c.swedishOnly)
		}
	}
}

func TestGrantDelta(t *testing.T) {
	g := func(n int64) *programme.Decision { return &programme.Decision{Outcome: programme.Granted, Amount: n} }
	rej := programme.Decision{Outcome: programme.Rejected}
	if programme.GrantDelta(nil, *g(100)) != 100 || programme.GrantDelta(g(100), *g(40)) != -60 ||
		programme.GrantDelta(g(100), rej) != -100 || programme.GrantDelta(&rej, *g(7)) != 7 || programme.GrantDelta(nil, rej) != 0 {
		t.Fatal("GrantDelta")
	}
}

func TestOverBudgetMessageNamesWhatIsLeft(t *testing.T) {
	e := &programme.OverBudgetError{Remaining: 150000, Asked: 200000}
	if got := e.Message(programme.Swedish); got != "Beslutet skulle överskrida utlysningens budget: 150\u00a0000\u00a0kr återstår." {
		t.Fatal(got)
	}
	if got := e.Message(programme.English); got != "The decision would exceed the call's budget: SEK 150,000 is left." {
		t.Fatal(got)
	}
}
