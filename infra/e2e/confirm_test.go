package e2e

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

var confirmLink = regexp.MustCompile(`https?://\S+/applications/(KP-[0-9A-Z]{10})/confirm\?key=[A-Za-z0-9_-]+`)

// The partner confirms, itself, from the emailed link: the email (in
// English, our words and the Swedish organisation from the programme's
// list only: nothing the applicant typed) links to a read-only view of the
// application; a decline needs words; an answer is given once; staff see
// it, with the audit line. A wrong key shows nothing.
func TestPartnerConfirmsFromTheEmailedLink(t *testing.T) {
	s := newSystem(t)
	partner := stacktest.UniqueName("partner") + "@machakos.example.ke"
	form := validForm(stacktest.UniqueName("karin") + "@robertsfors.example.se")
	form.Set("partner.email", partner)
	form.Set("title", "Mödrahälsovård <b>på landsbygden</b>")
	res, _ := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", s.proven(t, form).Encode())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	var text string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && text == ""; time.Sleep(50 * time.Millisecond) {
		ms, err := stacktest.Mailbox().To(context.Background(), partner)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 1 {
			text = ms[0].Subject + "\n" + ms[0].Body.Text + "\n" + ms[0].Body.HTML
		}
	}
	m := confirmLink.FindStringSubmatch(text)
	if m == nil || !strings.Contains(text, "Please confirm the application "+m[1]) || !strings.Contains(text, "Robertsfors has applied") {
		t.Fatalf("the partner's email:\n%s", text)
	}
	if strings.Contains(text, "Mödrahälsovård") || strings.Contains(text, "Karin") || strings.Contains(text, "Machakos County") {
		t.Fatalf("the partner's email carries what the applicant typed:\n%s", text)
	}
	link, _ := url.Parse(m[0])
	ref := m[1]

	res, body := s.do(t, "GET", link.RequestURI(), "", "")
	if res.StatusCode != 200 || !strings.Contains(body, "Mödrahälsovård &lt;b&gt;på landsbygden&lt;/b&gt;") || !strings.Contains(body, `name="decision"`) ||
		!strings.Contains(body, `<html lang="en">`) {
		t.Fatalf("the partner's view: %d\n%s", res.StatusCode, body)
	}
	// The team is part of what the partner confirms.
	if !strings.Contains(body, "<h3>The partner&#39;s team</h3>") || !strings.Contains(body, "<li>Machakos Samordnare – Coordinator (civil servant)</li>") ||
		!strings.Contains(body, "<li>Robertsfors Utvecklare – Civil servant</li>") {
		t.Fatalf("the partner's view has no team:\n%s", body)
	}
	wrong := *link
	wrong.RawQuery = url.Values{"key": {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}.Encode()
	if res, body := s.do(t, "GET", wrong.RequestURI(), "", ""); res.StatusCode != 404 || strings.Contains(body, "Mödrahälsovård") {
		t.Fatalf("a wrong key: %d", res.StatusCode)
	}
	post := func(v url.Values) (*http.Response, string) {
		return s.do(t, "POST", link.RequestURI(), "application/x-www-form-urlencoded", v.Encode())
	}
	if res, body := post(url.Values{"decision": {"decline"}, "name": {"Mary Wanjiru"}, "role": {"Director"}}); res.StatusCode != 422 ||
		!strings.Contains(body, "Comment (required if you decline)") {
		t.Fatalf("a decline without words: %d\n%s", res.StatusCode, body)
	}
	if res, body := post(url.Values{"decision": {"confirm"}}); res.StatusCode != 422 || !strings.Contains(body, `href="#f-name"`) || !strings.Contains(body, `href="#f-role"`) {
		t.Fatalf("no name nor role: %d\n%s", res.StatusCode, body)
	}
	res, _ = post(url.Values{"decision": {"confirm"}, "name": {"Mary Wanjiru"}, "role": {"County Director of Health"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
	res, body = s.do(t, "GET", res.Header.Get("Location"), "", "")
	if !strings.Contains(body, "Thank you, your answer is recorded.") || !strings.Contains(body, "Confirmed") || strings.Contains(body, `name="decision"`) {
		t.Fatalf("after the answer: %d\n%s", res.StatusCode, body)
	}
	if res, _ := post(url.Values{"decision": {"decline"}, "name": {"Someone"}, "role": {"Else"}, "comment": {"No."}}); res.StatusCode != 409 {
		t.Fatalf("a second answer: %d, want 409", res.StatusCode)
	}
	app, _, err := s.Env.Store.Application(context.Background(), ref)
	if err != nil || app.PartnerAnswer.State != "confirmed" || app.PartnerAnswer.Name != "Mary Wanjiru" || app.PartnerAnswer.Version == "" {
		t.Fatalf("stored answer: %+v %v", app.PartnerAnswer, err)
	}
	_, page := s.staff(t, "GET", "/staff/applications/"+ref, "", "")
	if !strings.Contains(page, "Bekräftad") || !strings.Contains(page, "Mary Wanjiru, County Director of Health") ||
		!strings.Contains(page, "Partnern bekräftade ansökan (County Director of Health)") {
		t.Fatalf("staff do not see the partner's answer:\n%s", page)
	}
	// The team, stored as submitted (each person's party, role and name:
	// nothing more), and shown to staff.
	if len(app.Team) != 6 || app.Team[0] != (programme.Member{Party: programme.RoleSwedish, Role: programme.Coordinator, Name: "Robertsfors Samordnare"}) ||
		app.Team[5] != (programme.Member{Party: programme.RolePartner, Role: programme.CivilServant, Name: "Machakos Utvecklare"}) {
		t.Fatalf("stored team %+v", app.Team)
	}
	item, err := s.Env.Store.DB().GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(s.Env.Store.Table()),
		Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "APP#" + ref}, "SK": &types.AttributeValueMemberS{Value: "APP"}}})
	if err != nil {
		t.Fatal(err)
	}
	team, _ := item.Item["team"].(*types.AttributeValueMemberL)
	if team == nil || len(team.Value) != 6 {
		t.Fatalf("the item's team: %#v", item.Item["team"])
	}
	for _, m := range team.Value {
		if keys := slices.Sorted(maps.Keys(m.(*types.AttributeValueMemberM).Value)); !slices.Equal(keys, []string{"name", "party", "role"}) {
			t.Fatalf("a team member is stored with %v", keys)
		}
	}
	for _, want := range []string{"<h3>Teamet hos den svenska parten</h3>", "<li>Robertsfors Samordnare – Samordnare (tjänsteperson)</li>",
		"<h3>Teamet hos partnern</h3>", "<li>Machakos Handläggare – Tjänsteperson</li>"} {
		if !strings.Contains(page, want) {
			t.Errorf("staff do not see the team: no %s", want)
		}
	}
}

// The round's rule on answers: the partner answers until 21 days after the
// deadline (data/rounds.json); the page says until when, and after it the
// application stays readable without the form, and a late answer is
// refused with nothing written.
func TestPartnerAnswersUntilTheRoundsDay(t *testing.T) {
	s := newSystem(t)
	partner := stacktest.UniqueName("late") + "@machakos.example.ke"
	form := validForm(stacktest.UniqueName("karin") + "@robertsfors.example.se")
	form.Set("partner.email", partner)
	res, _ := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", s.proven(t, form).Encode())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	ref := regexp.MustCompile(`KP-[0-9A-Z]{10}`).FindString(res.Header.Get("Location"))
	u, _ := url.Parse(stacktest.ConfirmLinkTo(t, partner, ref))
	_, body := s.do(t, "GET", u.RequestURI(), "", "")
	if !strings.Contains(body, "Please answer by 5 April 2027, 16:00 (CEST)") {
		t.Fatalf("the partner's page does not say until when:\n%.3000s", body)
	}
	s.clock.Set(time.Date(2027, 4, 5, 16, 0, 0, 0, programme.Stockholm))
	_, body = s.do(t, "GET", u.RequestURI(), "", "")
	if !strings.Contains(body, "The time to answer ended on 5 April 2027, 16:00 (CEST)") || strings.Contains(body, `name="decision"`) {
		t.Fatalf("after the day:\n%.3000s", body)
	}
	res, _ = s.do(t, "POST", u.RequestURI(), "application/x-www-form-urlencoded",
		url.Values{"decision": {"confirm"}, "name": {"Mary Wanjiru"}, "role": {"Director"}}.Encode())
	app, _, err := s.Env.Store.Application(context.Background(), ref)
	if res.StatusCode != http.StatusConflict || err != nil || app.PartnerAnswer.State != programme.ConfirmWaiting {
		t.Fatalf("a late answer: %d, stored %q (%v)", res.StatusCode, app.PartnerAnswer.State, err)
	}
}
