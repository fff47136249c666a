package programme_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"partnerskap/internal/programme"
)

// fakeClock is a clock the test moves.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time          { return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }
func (c *fakeClock) AddDate(y, m, d int)     { c.t = c.t.AddDate(y, m, d) }
func at(s string) time.Time {
	t, _ := time.ParseInLocation("2006-01-02 15:04", s, programme.Stockholm)
	return t
}

func decidedApp(t *testing.T, status programme.AppStatus) programme.Application {
	t.Helper()
	r := round(t, "2027-1")
	app, errs := programme.Validate(validInput(), r)
	if errs != nil {
		t.Fatal(errs)
	}
	app.Ref, app.Status = "KP-TESTTESTAA", status
	if status == programme.AppRejected || status == programme.AppGranted {
		app.Decision = &programme.Decision{Outcome: programme.Outcome(status), DecidedAt: at("2027-05-20 10:00")}
		app.DecisionQueued = true
	}
	return app
}

// A rejected application's contact details are erased 3 months after its
// last decision email settled: not while any is still to be sent, not a
// minute before, and at 3 months (calendar months, in Swedish time) all
// parties at once; afterwards nothing is left to do.
func TestRejectedContactsGoThreeMonthsAfterTheDecisionWasEmailed(t *testing.T) {
	rule, ok := programme.ContactRuleFor(programme.AppRejected)
	if !ok || rule.Rule.Keep != (programme.Period{Months: 3}) || !rule.Rule.Proposal {
		t.Fatalf("rejected's rule: %+v %v", rule, ok)
	}
	app := decidedApp(t, programme.AppRejected)
	sent := at("2027-05-31 09:00")
	emails := []programme.Email{
		{ID: "decision_KP-TESTTESTAA_swedish", State: programme.EmailSent, CreatedAt: sent.Add(-time.Minute), SentAt: sent},
		{ID: "decision_KP-TESTTESTAA_partner", State: programme.EmailPending, CreatedAt: sent.Add(-time.Minute)},
	}
	clock := &fakeClock{sent.Add(time.Hour)}
	f := programme.RetentionFacts{App: app, DecisionEmails: emails}

	if got := programme.NextRetentionStep(rule, f, clock.Now()); got.Kind != programme.StepWait || !got.Due.IsZero() {
		t.Fatalf("an email still pending: %+v, want a wait with no due date (the period has not begun)", got)
	}
	emails[1].State, emails[1].SentAt, emails[1].DeliveredAt = programme.EmailBounced, sent.Add(time.Minute), time.Time{}
	emails[1].EventAt = sent.Add(2 * time.Minute) // the bounce: the last change
	due := at("2027-08-31 09:02")                 // 31 May + 3 months, from the bounce
	clock.t = due.Add(-time.Minute)
	if got := programme.NextRetentionStep(rule, f, clock.Now()); got.Kind != programme.StepWait || !got.Due.Equal(due) {
		t.Fatalf("a minute before: %+v, want a wait until %s", got, due)
	}
	emails[0].RedactedAt = clock.Now().Add(-time.Hour) // the emails' own rule took its address: the decision was still emailed when it was
	if got := programme.NextRetentionStep(rule, f, clock.Now()); !got.Due.Equal(due) {
		t.Fatalf("after the email's redaction: %+v, want still due %s", got, due)
	}
	clock.Advance(time.Minute)
	got := programme.NextRetentionStep(rule, f, clock.Now())
	if got.Kind != programme.StepRedact || !slices.Equal(got.Parties, []programme.PartyRole{programme.RoleSwedish, programme.RolePartner}) {
		t.Fatalf("at the due time: %+v, want both parties redacted", got)
	}
	// Already erased on request: the Swedish contact; the rule takes the rest.
	f.App.Redacted = map[programme.PartyRole]time.Time{programme.RoleSwedish: sent}
	if got := programme.NextRetentionStep(rule, f, clock.Now()); got.Kind != programme.StepRedact || !slices.Equal(got.Parties, []programme.PartyRole{programme.RolePartner}) {
		t.Fatalf("one erased before: %+v", got)
	}
	f.App.Redacted[programme.RolePartner] = clock.Now()
	if got := programme.NextRetentionStep(rule, f, clock.Now()); got.Kind != programme.StepDone {
		t.Fatalf("all erased: %+v, want done", got)
	}
	// Not queued yet: the decision has not been emailed, the period has not begun.
	f = programme.RetentionFacts{App: decidedApp(t, programme.AppRejected)}
	f.App.DecisionQueued = false
	clock.AddDate(5, 0, 0)
	if got := programme.NextRetentionStep(rule, f, clock.Now()); got.Kind != programme.StepWait || !got.Due.IsZero() {
		t.Fatalf("not queued: %+v", got)
	}
	// Queued to nobody (every contact erased before): from the decision.
	f.App.DecisionQueued = true
	f.App.Redacted = map[programme.PartyRole]time.Time{programme.RoleSwedish: sent, programme.RolePartner: sent}
	if got := programme.NextRetentionStep(rule, f, clock.Now()); got.Kind != programme.StepDone {
		t.Fatalf("nobody left: %+v", got)
	}
}

// A withdrawn application's clock starts when it was withdrawn (or when the
// job first sees it so); its contacts go 30 days later.
func TestWithdrawnContactsGoThirtyDaysAfterTheWithdrawal(t *testing.T) {
	rule, _ := programme.ContactRuleFor(programme.AppWithdrawn)
	clock := &fakeClock{at("2027-03-01 12:00")}
	f := programme.RetentionFacts{App: decidedApp(t, programme.AppWithdrawn)}
	if got := programme.NextRetentionStep(rule, f, clock.Now()); got.Kind != programme.StepStartClock || !got.Due.IsZero() {
		t.Fatalf("first seen: %+v, want the clock started", got)
	}
	f.Seen = clock.Now()
	clock.AddDate(0, 0, 30)
	clock.Advance(-time.Second)
	if got := programme.NextRetentionStep(rule, f, clock.Now()); got.Kind != programme.StepWait || !got.Due.Equal(at("2027-03-31 12:00")) {
		t.Fatalf("a second before 30 days (over the change to summer time): %+v", got)
	}
	clock.Advance(time.Second)
	if got := programme.NextRetentionStep(rule, f, clock.Now()); got.Kind != programme.StepRedact || len(got.Parties) != 2 {
		t.Fatalf("at 30 days: %+v, want both parties", got)
	}
	// Its status changed since it was listed: nothing.
	f.App.Status = programme.AppInReview
	if got := programme.NextRetentionStep(rule, f, clock.Now()); got.Kind != programme.StepWait || !got.Due.IsZero() {
		t.Fatalf("status changed: %+v", got)
	}
}

// A granted project is kept for the archive period: the date is marked,
// nothing is removed.
func TestGrantedProjectsAreMarkedForTheArchive(t *testing.T) {
	rule, _ := programme.ContactRuleFor(programme.AppGranted)
	r := round(t, "2027-1")
	app := decidedApp(t, programme.AppGranted) // 2 years, in the round closing in 2027
	want := time.Date(2040, 1, 1, 0, 0, 0, 0, programme.Stockholm)
	if got := programme.ArchiveUntil(app, r); !got.Equal(want) {
		t.Fatalf("ArchiveUntil = %s, want %s (the end of 2039: 10 years after 2029, the project's last year)", got, want)
	}
	f := programme.RetentionFacts{App: app, Round: r}
	if got := programme.NextRetentionStep(rule, f, at("2027-06-01 00:00")); got.Kind != programme.StepArchive || !got.ArchiveUntil.Equal(want) {
		t.Fatalf("granted: %+v", got)
	}
	f.App.ArchiveUntil = want
	if got := programme.NextRetentionStep(rule, f, at("2045-06-01 00:00")); got.Kind != programme.StepDone {
		t.Fatalf("marked: %+v, want done (nothing removed, even after the date)", got)
	}
}

// An email's address and body go 90 days after its last change, once it is
// final; never while it waits or is being sent.
func TestEmailsLoseTheirAddressNinetyDaysAfterTheirLastChange(t *testing.T) {
	sent := at("2027-06-01 10:00")
	e := programme.Email{State: programme.EmailSent, CreatedAt: sent.Add(-time.Hour), SentAt: sent, DeliveredAt: sent.Add(3 * time.Second)}
	clock := &fakeClock{sent}
	clock.AddDate(0, 0, 90)
	if programme.EmailDue(e, clock.Now()) {
		t.Fatal("due 90 days after the send, before the delivery's 90 days")
	}
	clock.Advance(3 * time.Second)
	if !programme.EmailDue(e, clock.Now()) {
		t.Fatal("not due 90 days after its delivery")
	}
	for _, st := range []string{programme.EmailPending, programme.EmailSending} {
		if e.State = st; programme.EmailDue(e, clock.Now().AddDate(1, 0, 0)) {
			t.Errorf("%s: due, but it is not sent yet", st)
		}
	}
	e.State, e.RedactedAt = programme.EmailSent, clock.Now()
	if programme.EmailDue(e, clock.Now().AddDate(1, 0, 0)) {
		t.Error("redacted already, yet due")
	}
	if c := programme.RetainEmails.Keep.Before(clock.Now()); !c.Equal(sent.Add(3 * time.Second)) {
		t.Errorf("the cutoff 90 days before %s is %s", clock.Now(), c)
	}
}

// Staff erase one person with a reason and a confirmation; the rest stays.
func TestErase(t *testing.T) {
	app := decidedApp(t, programme.AppRejected)
	now := at("2027-06-02 10:00")
	e, err := programme.Erase(programme.EraseInput{Person: "partner", Reason: "requested", Confirm: true}, app, "sub eva@x.se", now)
	if err != nil || e.Role != programme.RolePartner || e.Reason != programme.EraseRequested || !e.At.Equal(now) ||
		!slices.Equal(e.Emails, []string{"confirm_KP-TESTTESTAA_partner", "decision_KP-TESTTESTAA_partner"}) {
		t.Fatalf("erase the partner: %+v %v", e, err)
	}
	e, _ = programme.Erase(programme.EraseInput{Person: "swedishParty", Reason: "wrong_person", Confirm: true}, app, "sub", now)
	// The link to the Swedish party's signatory is one of them: the
	// signatory's address is a contact detail of that party.
	if !slices.Equal(e.Emails, []string{"receipt_KP-TESTTESTAA", "closed_KP-TESTTESTAA", "confirm_KP-TESTTESTAA_signatory", "decision_KP-TESTTESTAA_swedish"}) {
		t.Fatalf("the Swedish contact's emails: %v", e.Emails)
	}
	_, err = programme.Erase(programme.EraseInput{Person: "someone", Reason: "", Confirm: false}, app, "sub", now)
	var fe programme.FieldErrors
	if !errors.As(err, &fe) || len(fe) != 3 || fe[0].Field != "person" || fe[1].Code != programme.CodeRequired || fe[2].Code != programme.CodeNotConfirmed {
		t.Fatalf("nothing right: %v", err)
	}
	app.ThirdParty = nil
	if _, err := programme.Erase(programme.EraseInput{Person: "thirdParty", Reason: "requested", Confirm: true}, app, "sub", now); !errors.As(err, &fe) {
		t.Fatalf("a third party the application has not: %v", err)
	}
	app.Redacted = map[programme.PartyRole]time.Time{programme.RolePartner: now}
	if _, err := programme.Erase(programme.EraseInput{Person: "partner", Reason: "requested", Confirm: true}, app, "sub", now); !errors.Is(err, programme.ErrAlreadyErased) {
		t.Fatalf("twice: %v", err)
	}
	// An erased party gets no decision email.
	if got := programme.DecisionRecipients(app); len(got) != 1 || got[0].Who != "swedish" {
		t.Fatalf("recipients after erasing the partner: %+v", got)
	}
}

// The audit lines of the retention say who, why and whose, never what.
func TestRetentionAuditText(t *testing.T) {
	for _, c := range []struct {
		e    programme.AuditEntry
		lang programme.Lang
		want string
	}{
		{programme.AuditEntry{Code: programme.AuditContactsErased, Detail: map[string]string{"parties": "partner", "reason": "requested"}}, programme.English,
			"Contact details erased: Partner (The person asked for erasure)"},
		{programme.AuditEntry{Code: programme.AuditContactsErased, Detail: map[string]string{"parties": "swedishParty partner", "rule": "rejected"}}, programme.Swedish,
			"Kontaktuppgifter raderade: Svensk part, Partner (gallring: Kontaktuppgifter i avslagna ansökningar)"},
		{programme.AuditEntry{Code: programme.AuditArchiveMarked, Detail: map[string]string{"until": "2040-01-01T00:00:00+01:00"}}, programme.Swedish,
			"Arkivtiden markerad: bevaras till 1 januari 2040"},
	} {
		if got := programme.AuditText(c.e, c.lang); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
	if got := (programme.AuditEntry{Actor: programme.ActorRetentionJob}).Who(programme.English); got != "The retention job" {
		t.Errorf("the job's name: %q", got)
	}
}

// The README's retention table has each rule of the code, with its period.
func TestREADMEHasTheRetentionTable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if id, ok := strings.CutPrefix(line, "| `"); ok {
			if id, rest, ok := strings.Cut(id, "` |"); ok {
				rows[id] = rest
			}
		}
	}
	for _, r := range programme.RetentionRules {
		row, ok := rows[r.ID]
		switch {
		case !ok:
			t.Errorf("README: no row | `%s` | in the retention table", r.ID)
		case !r.Keep.IsZero() && !strings.Contains(row, r.Keep.String()):
			t.Errorf("README: row %s does not say %s: %s", r.ID, r.Keep, row)
		case r.Proposal && !strings.Contains(row, "proposal"):
			t.Errorf("README: row %s does not say that its period is a proposal", r.ID)
		}
	}
}
