package programme

import (
	"strings"
	"testing"
)

// Amounts are read as people write them in a field labelled "(kr)" or
// "(SEK)"; anything that is not a whole number of kronor is refused.
func TestParseAmountReadsKronorAsTyped(t *testing.T) {
	for in, want := range map[string]int64{"450000": 450000, "450 000": 450000, "500 000 kr": 500000, "500 000 kr.": 500000,
		"500\u00a0000\u00a0kr": 500000, "500\u202f000 KR": 500000, " 1 000 000kr ": 1000000, "SEK 300 000": 300000, "300 000 SEK": 300000,
		"2\u2009000": 2000, "-5": -5} {
		if n, ok := ParseAmount(in); !ok || n != want {
			t.Errorf("%q: %d %v, want %d", in, n, ok, want)
		}
	}
	for _, bad := range []string{"", "kr", "4.5", "450,000", "450 tkr", "abc kr", "+5", "5 kr kr", "5 €"} {
		if n, ok := ParseAmount(bad); ok {
			t.Errorf("%q read as %d", bad, n)
		}
	}
}

// A choice left empty asks to choose; a text left empty, to fill it in.
// The code is "required" for both.
func TestRequiredChoicesSayChoose(t *testing.T) {
	_, errs := Validate(Input{Round: "2027-1"}, Round{ID: "2027-1"})
	for _, c := range []struct{ field, sv, en string }{
		{"swedishParty.organisation", "välj ett alternativ", "choose one of the options"},
		{"partner.country", "välj ett alternativ", "choose one of the options"},
		{"type", "välj ett alternativ", "choose one of the options"},
		{"theme", "välj ett alternativ", "choose one of the options"},
		{"durationYears", "välj ett alternativ", "choose one of the options"},
		{"title", "fyll i fältet", "this field is required"},
		{"partner.email", "fyll i fältet", "this field is required"},
	} {
		e, ok := errs.For(c.field)
		if !ok || e.Code != CodeRequired {
			t.Errorf("%s: %+v, want required", c.field, e)
			continue
		}
		if sv, en := e.Message(Swedish), e.Message(English); !strings.HasSuffix(sv, c.sv+".") || !strings.HasSuffix(en, c.en+".") {
			t.Errorf("%s: %q / %q, want it to end %q / %q", c.field, sv, en, c.sv, c.en)
		}
	}
}
