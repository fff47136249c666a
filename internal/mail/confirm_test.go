package mail_test

import (
	"html"
	"strings"
	"testing"

	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
)

// The signatory's email: our words in the application's language (Swedish
// unless English), the organisation, the round, the reference and the link,
// escaped in the HTML part; tagged with its kind. The partner's says the
// same of the partner, in its own words.
func TestConfirmationEmails(t *testing.T) {
	d := mail.ConfirmData{Ref: "KP-1", Organisation: evil("organisation"), RoundName: "Våren 2027", Link: "https://example.se/applications/KP-1/confirm?key=k"}
	sv, err := mail.SignatoryConfirm("per@kalix.example.se", d)
	if err != nil {
		t.Fatal(err)
	}
	if sv.Subject != "Bekräfta ansökan KP-1" || !strings.Contains(sv.Text, "har skickats in för "+evil("organisation")+", och du är angiven som firmatecknare") ||
		!strings.Contains(sv.Text, d.Link) || !strings.Contains(sv.HTML, html.EscapeString(evil("organisation"))) || strings.Contains(sv.HTML, evil("organisation")) ||
		sv.Tags["kind"] != string(programme.SignatoryConfirmEmail) || len(sv.To) != 1 || sv.To[0] != "per@kalix.example.se" {
		t.Fatalf("the signatory's email in Swedish: %+v", sv)
	}
	d.Lang = programme.English
	en, err := mail.SignatoryConfirm("per@kalix.example.se", d)
	if err != nil || en.Subject != "Please confirm the application KP-1" || !strings.Contains(en.Text, "naming you as its signatory") {
		t.Fatalf("the signatory's email in English: %+v %v", en, err)
	}
	partner, err := mail.PartnerConfirm("mary@machakos.example.ke", d)
	if err != nil || !strings.Contains(partner.Text, "with you as its partner") || partner.Tags["kind"] != string(programme.PartnerConfirmEmail) {
		t.Fatalf("the partner's email: %+v %v", partner, err)
	}
}
