package staff_test

// Staff's use cases on an in-memory fake of the store (fake_test.go): no
// DynamoDB Local, no SES server, so `make test-unit` runs them.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"partnerskap/internal/programme"
	"partnerskap/internal/staff"
	"partnerskap/internal/store"
)

var (
	silent = slog.New(slog.NewTextHandler(io.Discard, nil))
	// unitNow is inside the spring round, before its deadline.
	unitNow = time.Date(2027, 2, 20, 10, 0, 0, 0, programme.Stockholm)
)

// rules offer one project type, capped at 500 000 a year in Africa, to
// partners in Uganda.
var rules = programme.Rules{
	Countries: []programme.Country{{Code: "UG", NameSv: "Uganda", NameEn: "Uganda", Region: programme.Africa}},
	Types: []programme.TypeRule{{Type: programme.Project, MinYears: 1, MaxYears: programme.MaxProjectYears, PerYear: true,
		Caps: map[programme.Region]int64{programme.Europe: 500000, programme.Africa: 500000, programme.Asia: 500000, programme.LatAm: 500000}}},
	Themes: []programme.Theme{"climate"},
}

// spring is open until 15 March 16:00; autumn offers the same type from
// 1 September.
func spring() programme.Round {
	return programme.Round{ID: "2027-1", NameSv: "Våren 2027", NameEn: "Spring 2027", Status: programme.RoundOpen,
		OpensAt:  time.Date(2027, 2, 1, 8, 0, 0, 0, programme.Stockholm),
		ClosesAt: time.Date(2027, 3, 15, 16, 0, 0, 0, programme.Stockholm),
		Budget:   9800000, Rules: rules, Version: 4}
}

func autumn() programme.Round {
	return programme.Round{ID: "2027-2", NameSv: "Hösten 2027", NameEn: "Autumn 2027", Status: programme.RoundScheduled,
		OpensAt:  time.Date(2027, 9, 1, 8, 0, 0, 0, programme.Stockholm),
		ClosesAt: time.Date(2027, 10, 15, 16, 0, 0, 0, programme.Stockholm),
		Budget:   9800000, Rules: rules, Version: 1}
}

func service(s *fakeStore, now time.Time) *staff.Service {
	return &staff.Service{Store: s, Now: func() time.Time { return now }, Log: silent}
}

func TestRoundsAreListedOnceWithTheirCounts(t *testing.T) {
	counts := map[string]map[programme.AppStatus]int{
		"2027-1": {programme.AppSubmitted: 12, programme.AppInReview: 0},
		"2027-2": {programme.AppSubmitted: 0, programme.AppInReview: 0},
	}
	listed, counted := 0, 0
	s := &fakeStore{t: t,
		RoundsFn: func() ([]programme.Round, error) { listed++; return []programme.Round{spring(), autumn()}, nil },
		CountByStatusFn: func(id string, st programme.AppStatus) (int, error) {
			counted++
			return counts[id][st], nil
		},
	}
	views, err := service(s, unitNow).Rounds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(views) != 2 || views[0].ID != "2027-1" || views[0].Submitted != 12 || views[0].Budget != 9800000 || len(views[0].Rules.Types) != 1 {
		t.Fatalf("views %+v", views)
	}
	// The listing carries the rounds whole: no Round per round (the fake
	// fails on any), one listing, two counts a round.
	if listed != 1 || counted != 4 {
		t.Fatalf("%d listings and %d counts, want 1 and 4", listed, counted)
	}
}

func TestExtend(t *testing.T) {
	conflict := func(programme.Round, time.Time, time.Time, string) error { return store.ErrConflict }
	for _, c := range []struct {
		name   string
		round  string
		closes time.Time
		write  func(programme.Round, time.Time, time.Time, string) error // nil: must not write
		want   error
		says   string // in the error, when want is nil
	}{
		{name: "an unknown round", round: "1999-1", closes: spring().ClosesAt.AddDate(0, 0, 7), want: staff.ErrUnknownRound},
		{name: "changed meanwhile", round: "2027-1", closes: spring().ClosesAt.AddDate(0, 0, 7), write: conflict, want: staff.ErrChanged},
		{name: "into the past", round: "2027-1", closes: unitNow.Add(-time.Hour), want: programme.ErrDeadlineInPast},
		{name: "earlier than the deadline", round: "2027-1", closes: spring().ClosesAt.Add(-time.Hour), want: programme.ErrDeadlineNotLater},
		{name: "into the autumn round", round: "2027-1", closes: time.Date(2027, 9, 20, 16, 0, 0, 0, programme.Stockholm), says: "overlapping"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &fakeStore{t: t, ExtendDeadlineFn: c.write,
				RoundsFn: func() ([]programme.Round, error) { return []programme.Round{spring(), autumn()}, nil }}
			_, err := service(s, unitNow).Extend(context.Background(), c.round, c.closes, "eva")
			switch {
			case c.want != nil && !errors.Is(err, c.want):
				t.Fatalf("got %v, want %v", err, c.want)
			case c.want == nil && (err == nil || !strings.Contains(err.Error(), c.says)):
				t.Fatalf("got %v, want an error saying %q", err, c.says)
			}
		})
	}
	t.Run("a week later", func(t *testing.T) {
		closes := spring().ClosesAt.AddDate(0, 0, 7)
		var wrote programme.Round
		s := &fakeStore{t: t,
			RoundsFn: func() ([]programme.Round, error) { return []programme.Round{spring(), autumn()}, nil },
			ExtendDeadlineFn: func(r programme.Round, to, now time.Time, actor string) error {
				if !to.Equal(closes) || !now.Equal(unitNow) || actor != "eva" {
					t.Errorf("ExtendDeadline(%s, %s, %s, %s)", r.ID, to, now, actor)
				}
				wrote = r
				return nil
			}}
		r, err := service(s, unitNow).Extend(context.Background(), "2027-1", closes, "eva")
		if err != nil || !r.ClosesAt.Equal(closes) {
			t.Fatalf("%+v %v", r, err)
		}
		// The write is conditional on the round as it was read.
		if wrote.ID != "2027-1" || wrote.Version != 4 || !wrote.ClosesAt.Equal(spring().ClosesAt) {
			t.Fatalf("wrote on %+v, want the round as read", wrote)
		}
	})
}

// inReview is an application in review in the closed spring round: two
// years at 250 000, in Uganda.
func inReview() programme.Application {
	return programme.Application{Ref: "KP-XJXMFDHFW1", RoundID: "2027-1", Lang: programme.Swedish,
		SwedishParty: programme.Party{Organisation: "Kalix kommun", ContactName: "Anna", Email: "anna@kalix.example.se"},
		Partner:      programme.Party{Organisation: "Masaka", Country: "UG", ContactName: "John", Email: "john@masaka.example.ug"},
		Type:         programme.Project, Theme: "climate", Title: "Vatten", DurationYears: 2, BudgetPerYear: []int64{250000, 250000},
		Status: programme.AppInReview, Version: 3}
}

func closedSpring() programme.Round {
	r := spring()
	r.Status, r.ClosedAt, r.GrantedTotal = programme.RoundClosed, r.ClosesAt, 9500000
	return r
}

func TestDecide(t *testing.T) {
	grant := programme.DecisionInput{Outcome: "granted", Amount: 400000, Motivation: "Väl förankrat.", Version: 3}
	found := func(string) (programme.Application, store.Secrets, error) { return inReview(), store.Secrets{}, nil }
	closed := func(string) (programme.Round, error) { return closedSpring(), nil }
	for _, c := range []struct {
		name   string
		app    func(string) (programme.Application, store.Secrets, error)
		round  func(string) (programme.Round, error)
		in     programme.DecisionInput
		record func(programme.Application, programme.Round, programme.Decision) error // nil: must not write
		check  func(t *testing.T, err error)
	}{
		{name: "an unknown application", in: grant,
			app: func(string) (programme.Application, store.Secrets, error) {
				return programme.Application{}, store.Secrets{}, store.ErrNotFound
			},
			check: is(staff.ErrUnknownApplication)},
		{name: "decided on another version", app: found, in: programme.DecisionInput{Outcome: "rejected", Motivation: "m", Version: 2},
			check: is(staff.ErrApplicationChanged)},
		{name: "changed between read and write", app: found, round: closed, in: grant,
			record: func(programme.Application, programme.Round, programme.Decision) error { return store.ErrConflict },
			check:  is(staff.ErrApplicationChanged)},
		{name: "over the budget", app: found, round: closed, in: grant,
			record: func(_ programme.Application, r programme.Round, d programme.Decision) error {
				return &programme.OverBudgetError{Remaining: r.Budget - r.GrantedTotal, Asked: d.Amount}
			},
			check: func(t *testing.T, err error) {
				var over *programme.OverBudgetError
				if !errors.As(err, &over) || over.Remaining != 300000 || over.Asked != 400000 || !strings.Contains(err.Error(), "300000 SEK left") {
					t.Fatalf("got %v, want over budget with 300000 left", err)
				}
			}},
		{name: "a round still open", app: found, in: grant,
			round: func(string) (programme.Round, error) { return spring(), nil },
			check: is(programme.ErrRoundNotClosed)},
		{name: "more than the cap", app: found, round: closed,
			in: programme.DecisionInput{Outcome: "granted", Amount: 600000, Motivation: "m", Version: 3},
			check: func(t *testing.T, err error) {
				var fe programme.FieldErrors
				if !errors.As(err, &fe) || len(fe) != 1 || fe[0].Field != "amount" || fe[0].Code != programme.CodeOverGrantLimit {
					t.Fatalf("got %v, want the amount over the limit", err)
				}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &fakeStore{t: t, ApplicationFn: c.app, RoundFn: c.round, RecordDecisionFn: c.record}
			_, err := service(s, unitNow).Decide(context.Background(), "KP-XJXMFDHFW1", c.in, nil, "eva")
			c.check(t, err)
		})
	}
	t.Run("granted", func(t *testing.T) {
		var recorded programme.Decision
		s := &fakeStore{t: t, ApplicationFn: found, RoundFn: closed,
			RecordDecisionFn: func(a programme.Application, r programme.Round, d programme.Decision) error {
				if a.Version != 3 || r.ID != "2027-1" {
					t.Errorf("recorded on %s v%d in %s", a.Ref, a.Version, r.ID)
				}
				recorded = d
				return nil
			}}
		d, err := service(s, unitNow).Decide(context.Background(), "KP-XJXMFDHFW1", grant, nil, "eva")
		if err != nil || d != recorded || d.Outcome != programme.Granted || d.Amount != 400000 || d.DecidedBy != "eva" || !d.DecidedAt.Equal(unitNow) {
			t.Fatalf("%+v (recorded %+v) %v", d, recorded, err)
		}
	})
}

func is(want error) func(t *testing.T, err error) {
	return func(t *testing.T, err error) {
		t.Helper()
		if !errors.Is(err, want) {
			t.Fatalf("got %v, want %v", err, want)
		}
	}
}

// Notify walks the decided applications page by page (the store's opaque
// cursor), queues two emails for each one not queued yet, and marks the
// round decided.
func TestNotifyQueuesEachDecisionOnce(t *testing.T) {
	decided := func(ref string, o programme.Outcome, queued bool) programme.Application {
		a := inReview()
		a.Ref, a.Status, a.DecisionQueued = ref, programme.AppStatus(o), queued
		a.Decision = &programme.Decision{Outcome: o, Motivation: "m"}
		if o == programme.Granted {
			a.Decision.Amount = 400000
		}
		return a
	}
	pages := map[string][]programme.Application{ // status/cursor -> page
		"granted/":   {decided("KP-A", programme.Granted, false), decided("KP-B", programme.Granted, true)},
		"granted/c1": {decided("KP-C", programme.Granted, false)},
		"rejected/":  {decided("KP-D", programme.Rejected, false)},
	}
	next := map[string]string{"granted/": "c1"}
	queued := map[string][]programme.Email{}
	var moved programme.RoundStatus
	s := &fakeStore{t: t,
		RoundFn:         func(string) (programme.Round, error) { return closedSpring(), nil },
		CountByStatusFn: func(string, programme.AppStatus) (int, error) { return 0, nil },
		AppsByStatusFn: func(_ string, st programme.AppStatus, _ int32, cursor string) ([]programme.Application, string, error) {
			k := string(st) + "/" + cursor
			return pages[k], next[k], nil
		},
		QueueDecisionFn: func(a programme.Application, mails []programme.Email, _ time.Time, by string) error {
			queued[a.Ref] = mails
			return nil
		},
		MoveRoundFn: func(_ programme.Round, to programme.RoundStatus, _ time.Time, _ string) error { moved = to; return nil },
	}
	n, err := service(s, unitNow).Notify(context.Background(), "2027-1", "eva")
	if err != nil || n != 6 || len(queued) != 3 || queued["KP-B"] != nil || moved != programme.RoundDecided {
		t.Fatalf("%d emails, queued %v, moved to %q: %v", n, keys(queued), moved, err)
	}
	for ref, kind := range map[string]programme.EmailKind{"KP-A": programme.DecisionGrantedEmail, "KP-D": programme.DecisionRejectedEmail} {
		m := queued[ref]
		if len(m) != 2 || m[0].ID != programme.EmailID(programme.AboutDecision, ref, "swedish") || m[1].ID != programme.EmailID(programme.AboutDecision, ref, "partner") ||
			m[0].Kind != kind || m[1].To != "john@masaka.example.ug" || m[0].RoundID != "2027-1" || m[0].Subject == "" {
			t.Errorf("%s: %+v", ref, m)
		}
	}
}

// Undecided are the applications in review and those a close has not
// moved yet: sending the decisions of a round half closed would leave the
// rest of it never moved, never decided.
func TestNotifyIsRefusedWhileApplicationsAreUndecided(t *testing.T) {
	for _, c := range []struct {
		inReview, submitted, want int
	}{{2, 0, 2}, {0, 3, 3}, {1, 1, 2}} {
		s := &fakeStore{t: t,
			RoundFn: func(string) (programme.Round, error) { return closedSpring(), nil },
			CountByStatusFn: func(_ string, st programme.AppStatus) (int, error) {
				return map[programme.AppStatus]int{programme.AppInReview: c.inReview, programme.AppSubmitted: c.submitted}[st], nil
			},
		}
		_, err := service(s, unitNow).Notify(context.Background(), "2027-1", "eva")
		var und *staff.ErrUndecided
		if !errors.As(err, &und) || und.Count != c.want {
			t.Fatalf("%+v: got %v, want %d undecided", c, err, c.want)
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// The preview says how many emails go to whom: the Swedish parties in
// their application's language, the partners in English; decisions
// already queued are not counted again.
func TestNotifyPreviewCountsEmailsByRecipientAndLanguage(t *testing.T) {
	decided := func(ref string, o programme.Outcome, lang programme.Lang, queued bool) programme.Application {
		a := inReview()
		a.Ref, a.Status, a.DecisionQueued, a.Lang = ref, programme.AppStatus(o), queued, lang
		a.Decision = &programme.Decision{Outcome: o, Motivation: "m"}
		return a
	}
	apps := map[programme.AppStatus][]programme.Application{
		programme.AppGranted: {decided("KP-A", programme.Granted, programme.Swedish, false), decided("KP-B", programme.Granted, programme.English, false),
			decided("KP-C", programme.Granted, programme.English, true)},
		programme.AppRejected: {decided("KP-D", programme.Rejected, programme.Swedish, false)},
	}
	s := &fakeStore{t: t,
		RoundFn:         func(string) (programme.Round, error) { return closedSpring(), nil },
		CountByStatusFn: func(string, programme.AppStatus) (int, error) { return 0, nil },
		AppsByStatusFn: func(_ string, st programme.AppStatus, _ int32, _ string) ([]programme.Application, string, error) {
			return apps[st], "", nil
		},
	}
	p, err := service(s, unitNow).NotifyPreview(context.Background(), "2027-1")
	if err != nil || p.Emails != 6 || p.SwedishSv != 2 || p.SwedishEn != 1 || p.Partners != 3 || p.Queued != 1 || p.Granted != 3 || p.Rejected != 1 ||
		p.ToGrant != 2 || p.ToReject != 1 {
		t.Fatalf("%+v %v", p, err)
	}
	if p.SwedishSv+p.SwedishEn+p.Partners != p.Emails {
		t.Fatalf("recipients %d+%d+%d do not add up to %d emails", p.SwedishSv, p.SwedishEn, p.Partners, p.Emails)
	}
}

// A round's dashboard is the round, one tally of its applications and,
// once it has closed, its decision emails' counts: no other read.
func TestDashboard(t *testing.T) {
	tally := map[programme.AppStatus]int{programme.AppInReview: 3, programme.AppGranted: 2, programme.AppRejected: 1}
	for _, c := range []struct {
		round      programme.Round
		wantEmails bool
	}{{spring(), false}, {closedSpring(), true}} {
		emailsRead := 0
		s := &fakeStore{t: t,
			RoundFn:      func(string) (programme.Round, error) { return c.round, nil },
			RoundTallyFn: func(string) (map[programme.AppStatus]int, int64, error) { return tally, 4200000, nil },
			RoundOutboxCountsFn: func(_, prefix string) (map[string]int, error) {
				emailsRead++
				return map[string]int{programme.EmailSent: 4}, nil
			},
		}
		d, err := service(s, unitNow).Dashboard(context.Background(), "2027-1")
		if err != nil || d.Applications() != 6 || d.Undecided() != 3 || d.Requested != 4200000 || d.Left() != c.round.Budget-c.round.GrantedTotal {
			t.Fatalf("%+v %v", d, err)
		}
		if got := emailsRead == 1 && d.Emails[programme.EmailSent] == 4; got != c.wantEmails {
			t.Errorf("round %s: emails read %d times (%v), want read: %v", c.round.Status, emailsRead, d.Emails, c.wantEmails)
		}
		if d.Published() {
			t.Errorf("round %s published", c.round.Status)
		}
	}
	notified := closedSpring()
	notified.Status = programme.RoundNotified
	s := &fakeStore{t: t, RoundFn: func(string) (programme.Round, error) { return notified, nil },
		RoundTallyFn:        func(string) (map[programme.AppStatus]int, int64, error) { return nil, 0, nil },
		RoundOutboxCountsFn: func(_, _ string) (map[string]int, error) { return nil, nil }}
	if d, err := service(s, unitNow).Dashboard(context.Background(), "2027-1"); err != nil || !d.Published() || d.Emails == nil {
		t.Fatalf("%+v %v", d, err)
	}
	s = &fakeStore{t: t, RoundFn: func(string) (programme.Round, error) { return programme.Round{}, store.ErrNotFound }}
	if _, err := service(s, unitNow).Dashboard(context.Background(), "1999-1"); !errors.Is(err, staff.ErrUnknownRound) {
		t.Fatalf("%v, want unknown round", err)
	}
}

// The decision emails each give the motivation in their recipient's
// language: the Swedish contact of a Swedish application the Swedish one,
// the partner (and the Swedish contact of an English application) the
// English one, or, with none written, the Swedish one under a note.
func TestNotifyGivesEachRecipientTheMotivationInTheirLanguage(t *testing.T) {
	decided := func(ref string, lang programme.Lang, en string) programme.Application {
		a := inReview()
		a.Ref, a.Lang, a.Status = ref, lang, programme.AppRejected
		a.Decision = &programme.Decision{Outcome: programme.Rejected, Motivation: "Otydliga mål.", MotivationEn: en}
		return a
	}
	apps := []programme.Application{decided("KP-SV", programme.Swedish, "Unclear objectives."), decided("KP-EN", programme.English, "Unclear objectives."),
		decided("KP-NO", programme.Swedish, "")}
	queued := map[string][]programme.Email{}
	s := &fakeStore{t: t,
		RoundFn:         func(string) (programme.Round, error) { return closedSpring(), nil },
		CountByStatusFn: func(string, programme.AppStatus) (int, error) { return 0, nil },
		AppsByStatusFn: func(_ string, st programme.AppStatus, _ int32, _ string) ([]programme.Application, string, error) {
			if st == programme.AppRejected {
				return apps, "", nil
			}
			return nil, "", nil
		},
		QueueDecisionFn: func(a programme.Application, mails []programme.Email, _ time.Time, _ string) error {
			queued[a.Ref] = mails
			return nil
		},
		MoveRoundFn: func(programme.Round, programme.RoundStatus, time.Time, string) error { return nil },
	}
	if _, err := service(s, unitNow).Notify(context.Background(), "2027-1", "eva"); err != nil {
		t.Fatal(err)
	}
	const note = "written in Swedish only"
	for _, c := range []struct {
		ref, who string
		want     []string
		not      []string
	}{
		{"KP-SV", "swedish", []string{"Motivering:\nOtydliga mål."}, []string{"Unclear", note}},
		{"KP-SV", "partner", []string{"Motivation:\nUnclear objectives."}, []string{"Otydliga", note}},
		{"KP-EN", "swedish", []string{"Motivation:\nUnclear objectives."}, []string{"Otydliga", note}},
		{"KP-NO", "swedish", []string{"Motivering:\nOtydliga mål."}, []string{note}},
		{"KP-NO", "partner", []string{"Motivation:\n", note, "Otydliga mål."}, nil},
	} {
		var m programme.Email
		for _, e := range queued[c.ref] {
			if e.ID == programme.EmailID(programme.AboutDecision, c.ref, c.who) {
				m = e
			}
		}
		for _, w := range c.want {
			if !strings.Contains(m.Text, w) {
				t.Errorf("%s to %s: no %q in\n%s", c.ref, c.who, w, m.Text)
			}
		}
		for _, w := range c.not {
			if strings.Contains(m.Text, w) || strings.Contains(m.HTML, w) {
				t.Errorf("%s to %s: %q in\n%s", c.ref, c.who, w, m.Text)
			}
		}
	}
}

// The preview counts the decisions to send without an English motivation
// and lists the first of them; its samples of an outcome come from one
// decision, one with an English motivation if any has one, so the English
// sample shows the English motivation.
func TestNotifyPreviewShowsTheEnglishMotivation(t *testing.T) {
	decided := func(ref string, o programme.Outcome, en string, queued bool) programme.Application {
		a := inReview()
		a.Ref, a.Status, a.DecisionQueued = ref, programme.AppStatus(o), queued
		a.Decision = &programme.Decision{Outcome: o, Motivation: "Svenska " + ref, MotivationEn: en}
		if o == programme.Granted {
			a.Decision.Amount = 400000
		}
		return a
	}
	var granted, rejected []programme.Application
	granted = append(granted, decided("KP-Q", programme.Granted, "", true)) // queued: neither counted nor listed
	for i := range staff.MaxListed + 2 {
		granted = append(granted, decided(fmt.Sprintf("KP-G%02d", i), programme.Granted, "", false))
	}
	granted = append(granted, decided("KP-GEN", programme.Granted, "English KP-GEN", false), decided("KP-GEN2", programme.Granted, "English KP-GEN2", false))
	rejected = append(rejected, decided("KP-R", programme.Rejected, "", false))
	s := &fakeStore{t: t,
		RoundFn:         func(string) (programme.Round, error) { return closedSpring(), nil },
		CountByStatusFn: func(string, programme.AppStatus) (int, error) { return 0, nil },
		AppsByStatusFn: func(_ string, st programme.AppStatus, _ int32, _ string) ([]programme.Application, string, error) {
			return map[programme.AppStatus][]programme.Application{programme.AppGranted: granted, programme.AppRejected: rejected}[st], "", nil
		},
	}
	p, err := service(s, unitNow).NotifyPreview(context.Background(), "2027-1")
	if err != nil || p.NoEnglish != staff.MaxListed+3 || len(p.NoEnglishRefs) != staff.MaxListed || p.NoEnglishRefs[0] != "KP-G00" {
		t.Fatalf("without English: %d %v %v", p.NoEnglish, p.NoEnglishRefs, err)
	}
	if sv, en := p.Samples["granted-sv"], p.Samples["granted-en"]; !strings.Contains(sv.Text, "Svenska KP-GEN\n") || !strings.Contains(sv.Subject, "KP-GEN ") ||
		!strings.Contains(en.Text, "English KP-GEN\n") || strings.Contains(en.Text, "Svenska") || !strings.Contains(en.Subject, "KP-GEN ") {
		t.Errorf("granted samples, of the first with an English motivation:\n%s\n%s", sv.Text, en.Text)
	}
	if en := p.Samples["rejected-en"]; !strings.Contains(en.Text, "Svenska KP-R\n") || !strings.Contains(en.Text, "written in Swedish only") {
		t.Errorf("rejected sample in English, no English motivation: %s", en.Text)
	}
}
