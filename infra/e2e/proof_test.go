package e2e

import (
	"net/url"
	"testing"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// proven is form with the proof of its Swedish contact's address: the link
// that address got from POST /start, as an applicant follows it.
func (s *system) proven(t testing.TB, form url.Values) url.Values {
	t.Helper()
	form.Set("proof", stacktest.Prove(t, s.Stack, form.Get("round"), form.Get("swedishParty.email")))
	stacktest.SeedDocuments(t, s.Stack, form.Get("round"), form.Get("proof"), programme.ProjectType(form.Get("type")))
	return form
}

// provenJSON is the JSON application m with the proof of its Swedish
// contact's address.
func (s *system) provenJSON(t testing.TB, m map[string]any) map[string]any {
	t.Helper()
	var email string
	switch p := m["swedishParty"].(type) {
	case map[string]any:
		email, _ = p["email"].(string)
	case map[string]string:
		email = p["email"]
	}
	m["proof"] = stacktest.Prove(t, s.Stack, m["round"].(string), email)
	typ, _ := m["type"].(string)
	stacktest.SeedDocuments(t, s.Stack, m["round"].(string), m["proof"].(string), programme.ProjectType(typ))
	return m
}
