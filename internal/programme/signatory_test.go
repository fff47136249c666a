package programme_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"partnerskap/internal/programme"
)

// The Swedish party's signatory is optional; given, it is a name line and
// an address, checked like every contact's, reported between the Swedish
// party's fields and the partner's; the contact's own address (in any
// case) means the contact signs, and there is no separate signatory.
func TestValidateTheSignatory(t *testing.T) {
	r := round(t, "2027-1")
	for _, c := range []struct {
		name   string
		sig    *programme.SignatoryInput
		want   *programme.Signatory
		fields string
	}{
		{"none", nil, nil, ""},
		{"left empty", &programme.SignatoryInput{Name: "  ", Email: " "}, nil, ""},
		{"another person", &programme.SignatoryInput{Name: " Per Persson ", Email: " per.persson@kalix.example.se "},
			&programme.Signatory{Name: "Per Persson", Email: "per.persson@kalix.example.se"}, ""},
		{"the contact's address", &programme.SignatoryInput{Name: "Anna Andersson", Email: "Anna.Andersson@example.se"}, nil, ""},
		{"no name", &programme.SignatoryInput{Email: "per@kalix.example.se"}, nil, "signatory.name"},
		{"no address", &programme.SignatoryInput{Name: "Per Persson"}, nil, "signatory.email"},
		{"a display name", &programme.SignatoryInput{Name: "Per", Email: "Per <per@kalix.example.se>"}, nil, "signatory.email"},
		{"a header in the name", &programme.SignatoryInput{Name: "Per\r\nBcc: x@y.se", Email: "per@kalix.example.se"}, nil, "signatory.name"},
		{"too long a name", &programme.SignatoryInput{Name: strings.Repeat("P", 101), Email: "per@kalix.example.se"}, nil, "signatory.name"},
	} {
		in := validInput()
		in.Signatory = c.sig
		app, errs := programme.Validate(in, r)
		var fields []string
		for _, e := range errs {
			fields = append(fields, e.Field)
		}
		if strings.Join(fields, " ") != c.fields {
			t.Errorf("%s: errors on %v, want %q", c.name, fields, c.fields)
			continue
		}
		if c.fields == "" && (app.Signatory == nil) != (c.want == nil) || c.want != nil && *app.Signatory != *c.want {
			t.Errorf("%s: signatory %+v, want %+v", c.name, app.Signatory, c.want)
		}
	}
	// Its problems come after the Swedish party's and before the partner's.
	in := validInput()
	in.SwedishParty.Phone, in.Partner.Organisation = "", ""
	in.Signatory = &programme.SignatoryInput{Name: "Per"}
	_, errs := programme.Validate(in, r)
	var fields []string
	for _, e := range errs {
		fields = append(fields, e.Field)
	}
	if got := strings.Join(fields, " "); got != "swedishParty.phone signatory.email partner.organisation" {
		t.Errorf("the order of the problems: %s", got)
	}
	if programme.FieldLabel("signatory.name", programme.Swedish) != "Firmatecknarens namn" ||
		programme.FieldLabel("signatory.email", programme.English) != "Signatory's email" {
		t.Error("the signatory's fields have no labels")
	}
	// An input without a signatory is written (and hashed: InputHash) as
	// before signatories existed.
	if b, err := json.Marshal(validInput()); err != nil || strings.Contains(string(b), "signatory") {
		t.Errorf("an input without a signatory names one: %s %v", b, err)
	}
}

// The signatory's link has a key of its own, never the partner's or the
// status key; each party's answer is its own, and its audit line says
// whose; the signatory's carries no name.
func TestTheSignatoryConfirmsWithAKeyOfItsOwn(t *testing.T) {
	keys := map[string]bool{programme.SignatoryKeyFor("tok"): true, programme.ConfirmKeyFor("tok"): true, programme.StatusKeyFor("tok"): true}
	again := "tok"
	if len(keys) != 3 || programme.SignatoryKeyFor("tok") != programme.SignatoryKeyFor(again) || programme.SignatoryKeyFor("tok") == programme.SignatoryKeyFor("tol") {
		t.Fatal("the signatory's key is not a key of its own")
	}
	if programme.ConfirmEmailID("KP-1", programme.ConfirmBySignatory) != "confirm_KP-1_signatory" ||
		programme.ConfirmEmailID("KP-1", programme.ConfirmByPartner) != "confirm_KP-1_partner" {
		t.Fatal("the confirmation emails' ids")
	}
	var app programme.Application
	c := programme.Confirmation{State: programme.ConfirmConfirmed, Name: "Per"}
	app.SetAnswer(programme.ConfirmBySignatory, c)
	if app.SignatoryAnswer != c || app.PartnerAnswer.State != "" || app.Answer(programme.ConfirmBySignatory) != c ||
		app.Answer(programme.ConfirmByPartner).State != "" {
		t.Fatalf("the signatory's answer is the partner's: %+v", app)
	}
	if code, actor := programme.ConfirmBySignatory.Audit("Per Persson"); code != programme.AuditSignatoryAnswer || actor != programme.ActorSignatory {
		t.Errorf("the signatory's audit line: %s by %q", code, actor)
	}
	if code, actor := programme.ConfirmByPartner.Audit("Mary"); code != programme.AuditPartnerAnswer || actor != "partner Mary" {
		t.Errorf("the partner's audit line: %s by %q", code, actor)
	}
	e := programme.AuditEntry{Code: programme.AuditSignatoryAnswer, Actor: programme.ActorSignatory,
		Detail: map[string]string{"state": programme.ConfirmDeclined, "role": "Kommunstyrelsens ordförande"}}
	if got := programme.AuditText(e, programme.Swedish); got != "Firmatecknaren avböjde ansökan (Kommunstyrelsens ordförande)" {
		t.Errorf("the audit line in Swedish: %s", got)
	}
	if got := e.Who(programme.English); got != "Signatory" {
		t.Errorf("the audit line's actor: %s", got)
	}
	if programme.EmailKindName(programme.SignatoryConfirmEmail, programme.Swedish) != "länk till firmatecknarens bekräftelse" {
		t.Error("the signatory's email has no name")
	}
	// Who signs is not what is confirmed: the content hash stays.
	app = programme.Application{Ref: "KP-1", Title: "Vatten", BudgetPerYear: []int64{100}}
	signed := app
	signed.Signatory = &programme.Signatory{Name: "Per", Email: "per@kalix.example.se"}
	if programme.ContentHash(signed) != programme.ContentHash(app) {
		t.Error("the signatory changes the content hash")
	}
}

// Where the round requires confirmations for a grant, a signatory who was
// asked must have confirmed too (the partner's problem said first); an
// application without a signatory needs only the partner's.
func TestGrantNeedsTheSignatorysConfirmationWhereTheRoundSays(t *testing.T) {
	r := programme.Round{Status: programme.RoundClosed, Rules: programme.Rules{Countries: []programme.Country{{Code: "KE", Region: programme.Africa}},
		Types:        []programme.TypeRule{{Type: programme.Project, MinYears: 1, MaxYears: 3, PerYear: true, Caps: map[programme.Region]int64{programme.Africa: 500_000}}},
		Confirmation: programme.ConfirmationRule{RequiredForGrant: true}}}
	app := programme.Application{Type: programme.Project, Status: programme.AppInReview, Partner: programme.Party{Country: "KE"}, DurationYears: 1,
		BudgetPerYear: []int64{400_000}}
	grant := programme.DecisionInput{Outcome: "granted", Amount: 400_000, Motivation: "Bra."}
	for _, c := range []struct {
		name               string
		partner, signatory string
		code               string
	}{
		{"both confirmed", programme.ConfirmConfirmed, programme.ConfirmConfirmed, ""},
		{"no signatory", programme.ConfirmConfirmed, "", ""},
		{"the signatory waits", programme.ConfirmConfirmed, programme.ConfirmWaiting, programme.CodeNotConfirmedBySignatory},
		{"the signatory declined", programme.ConfirmConfirmed, programme.ConfirmDeclined, programme.CodeNotConfirmedBySignatory},
		{"both wait", programme.ConfirmWaiting, programme.ConfirmWaiting, programme.CodeNotConfirmedByPartner},
	} {
		app.PartnerAnswer.State, app.SignatoryAnswer.State = c.partner, c.signatory
		_, err := programme.Decide(grant, app, r, "sub", time.Now())
		var fe programme.FieldErrors
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.code != "" && (!errors.As(err, &fe) || len(fe) != 1 || fe[0].Code != c.code || fe[0].Field != "outcome"):
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	if msg := (programme.FieldError{Field: "outcome", Code: programme.CodeNotConfirmedBySignatory}).Message(programme.English); !strings.Contains(msg, "the signatory has not confirmed") {
		t.Errorf("the message: %s", msg)
	}
	r.Rules.Confirmation.RequiredForGrant = false
	app.SignatoryAnswer.State = programme.ConfirmDeclined
	if _, err := programme.Decide(grant, app, r, "sub", time.Now()); err != nil {
		t.Errorf("a round that does not require it: %v", err)
	}
}
