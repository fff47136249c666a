package programme_test

import (
	"strings"
	"testing"
	"time"

	"partnerskap/internal/programme"
)

func TestPartnerAnswer(t *testing.T) {
	now := time.Date(2027, 3, 1, 12, 0, 0, 0, programme.Stockholm)
	app := programme.Application{Ref: "KP-1", RoundID: "2027-1", Title: "Vatten", BudgetPerYear: []int64{100}}
	for _, c := range []struct {
		in     programme.ConfirmInput
		fields string
	}{
		{programme.ConfirmInput{}, "decision name role"},
		{programme.ConfirmInput{Decision: "maybe", Name: "M", Role: "R"}, "decision"},
		{programme.ConfirmInput{Decision: "decline", Name: "M", Role: "R"}, "comment"},
		{programme.ConfirmInput{Decision: "decline", Name: "M", Role: "R", Comment: "   "}, "comment"},
		{programme.ConfirmInput{Decision: "confirm", Name: strings.Repeat("x", 101), Role: "R"}, "name"},
		{programme.ConfirmInput{Decision: "confirm", Name: "M", Role: "R\r\nX"}, "role"},
		{programme.ConfirmInput{Decision: "decline", Name: "M", Role: "R", Comment: strings.Repeat("x", 2001)}, "comment"},
	} {
		_, errs := programme.Answer(c.in, app, now)
		var got []string
		for _, e := range errs {
			got = append(got, e.Field)
		}
		if strings.Join(got, " ") != c.fields {
			t.Errorf("%+v: errors on %v, want %s", c.in, got, c.fields)
		}
	}
	a, errs := programme.Answer(programme.ConfirmInput{Decision: "decline", Name: " Mary ", Role: "Director", Comment: "Not our budget."}, app, now)
	if errs != nil || a.State != programme.ConfirmDeclined || a.Name != "Mary" || a.Comment != "Not our budget." || !a.At.Equal(now) ||
		a.Version != programme.ContentHash(app) {
		t.Fatalf("%+v %v", a, errs)
	}
	changed := app
	changed.BudgetPerYear = []int64{101}
	if programme.ContentHash(changed) == programme.ContentHash(app) {
		t.Fatal("a changed budget has the same content hash")
	}
	moved := app
	moved.Status, moved.Version = programme.AppInReview, 7
	if programme.ContentHash(moved) != programme.ContentHash(app) {
		t.Fatal("the content hash changed with the state")
	}
	if programme.ConfirmKeyFor("tok") == programme.StatusKeyFor("tok") {
		t.Fatal("the partner's key is the status key")
	}
}
