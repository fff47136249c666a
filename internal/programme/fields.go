package programme

import (
	"strconv"
	"strings"

	"partnerskap/internal/i18n"
)

// choices are the fields answered by choosing (a drop-down or radio
// buttons), not by typing: left empty, they say "choose one", not "fill in
// the field". The code stays CodeRequired, for machines.
var choices = map[string]bool{
	"swedishParty.organisation": true, "partner.country": true, "thirdParty.country": true,
	"type": true, "theme": true, "durationYears": true, "lang": true,
	"outcome": true, "person": true, "reason": true, "decision": true,
}

// requiredReason is what a required field left empty says: choose, or fill in.
func requiredReason(field string) reason {
	if choices[field] || isTeamRoleField(field) {
		return reason{i18n.ReasonChoose, nil}
	}
	return reasons[CodeRequired]
}

// amountNoise is what people type around an amount of whole kronor: spaces
// of every kind between the thousands, and the currency before or after.
var amountNoise = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "\u2009", "", "\t", "")

// ParseAmount reads an amount of whole kronor as people type it: "450000",
// "450 000", "450 000 kr", "450 000 kr.", "SEK 450 000", "450 000 SEK"
// (spaces, non-breaking and thin spaces alike). ok is false for anything
// else ("4.5", "450,000", "450 tkr"), and for nothing at all.
func ParseAmount(s string) (n int64, ok bool) {
	s = strings.ToLower(amountNoise.Replace(s))
	s = strings.TrimPrefix(s, "sek")
	for _, unit := range []string{"kr.", "kr", "sek"} {
		if t, cut := strings.CutSuffix(s, unit); cut {
			s = t
			break
		}
	}
	if s == "" || s[0] == '+' {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
