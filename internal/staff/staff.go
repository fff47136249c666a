// Package staff is what programme staff do: see the rounds with their
// counts and extend a deadline; list, filter and export a round's
// applications; read one with its audit log and decide on it (within the
// round's budget, one decision winning when two staff decide at once); and
// send the round's decision emails, following their progress and the
// recipients they did not reach.
package staff

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	"partnerskap/internal/i18n"
	"partnerskap/internal/mail"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Store is what staff's work needs of the table (*store.Store). Its errors
// are the store's: store.ErrNotFound, store.ErrConflict (changed since
// read), programme.ErrBadCursor, and RecordDecision's (store.Store.RecordDecision).
type Store interface {
	Rounds(ctx context.Context) ([]programme.Round, error)
	Round(ctx context.Context, id string) (programme.Round, error)
	CountByStatus(ctx context.Context, roundID string, status programme.AppStatus) (int, error)
	RoundTally(ctx context.Context, roundID string) (map[programme.AppStatus]int, int64, error)
	ExtendDeadline(ctx context.Context, r programme.Round, closes, now time.Time, actor string) error
	MoveRound(ctx context.Context, r programme.Round, to programme.RoundStatus, now time.Time, actor string) error

	Application(ctx context.Context, ref string) (programme.Application, store.Secrets, error)
	ApplicationLog(ctx context.Context, ref string) ([]programme.AuditEntry, error)
	Applications(ctx context.Context, roundID string, f programme.AppFilter) ([]programme.AppSummary, error)
	ApplicationsPage(ctx context.Context, roundID string, f programme.AppFilter, limit int32, cursor string) ([]programme.AppSummary, string, error)
	AppsByStatus(ctx context.Context, roundID string, status programme.AppStatus, limit int32, cursor string) ([]programme.Application, string, error)
	RecordDecision(ctx context.Context, app programme.Application, round programme.Round, d programme.Decision) error
	Withdraw(ctx context.Context, app programme.Application, w programme.Withdrawal) error
	ReleaseOrganisation(ctx context.Context, round, org string) error

	QueueDecisionAndGrant(ctx context.Context, app programme.Application, mails []programme.Email, now time.Time, by string, start *store.GrantStart) error
	RoundOutboxCounts(ctx context.Context, roundID, idPrefix string) (map[string]int, error)
	RoundOutboxIn(ctx context.Context, roundID, idPrefix string, states ...string) ([]programme.Email, error)
}

// Service is staff's work on rounds, applications and decisions.
type Service struct {
	Store Store
	Now   func() time.Time
	Log   *slog.Logger
	// Files reads the documents (StaffFunction; nil in the others).
	Files Files
	// BaseURL is where the links in emails point (PUBLIC_BASE_URL): the
	// grantee's page in a grant's decision email.
	BaseURL string
}

// RoundView is a round with its application counts.
type RoundView struct {
	programme.Round
	Submitted int
	InReview  int
}

// Rounds lists every round with its counts: the rounds whole (store.Rounds:
// a GSI1 Query and a BatchGetItem), then per round a COUNT Query per status.
// Rounds are few (two or three a year).
func (s *Service) Rounds(ctx context.Context) ([]RoundView, error) {
	rounds, err := s.Store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]RoundView, len(rounds))
	for i, r := range rounds {
		out[i].Round = r
		if out[i].Submitted, err = s.Store.CountByStatus(ctx, r.ID, programme.AppSubmitted); err != nil {
			return nil, err
		}
		if out[i].InReview, err = s.Store.CountByStatus(ctx, r.ID, programme.AppInReview); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Errors of Extend, besides programme's.
var (
	ErrUnknownRound = errors.New("unknown round")
	ErrChanged      = errors.New("the round changed meanwhile")
	// ErrApplicationChanged: the application changed since the staff
	// member read it (another decision, the close).
	ErrApplicationChanged = errors.New("the application changed meanwhile")
)

// Extend moves a round's deadline to closes. The rules are the
// programme's (programme.ExtendDeadline: a round not yet closed, a deadline
// after now and after the current one, no overlap with another round that
// offers the same types); the write is conditional on the round being as
// it was read and its deadline not having passed.
func (s *Service) Extend(ctx context.Context, id string, closes time.Time, actor string) (programme.Round, error) {
	rounds, err := s.Store.Rounds(ctx) // the round and the others it must not overlap
	if err != nil {
		return programme.Round{}, err
	}
	var r programme.Round
	others := make([]programme.Round, 0, len(rounds))
	for _, o := range rounds {
		if o.ID == id {
			r = o
		} else {
			others = append(others, o)
		}
	}
	if r.ID == "" {
		return r, ErrUnknownRound
	}
	now := s.Now()
	extended, err := programme.ExtendDeadline(r, closes, now, others)
	if err != nil {
		return r, err
	}
	if err := s.Store.ExtendDeadline(ctx, r, closes, now, actor); errors.Is(err, store.ErrConflict) {
		return r, ErrChanged
	} else if err != nil {
		return r, err
	}
	s.Log.InfoContext(ctx, "deadline extended", "round", id, "from", r.ClosesAt, "to", closes, "by", actor)
	return extended, nil
}

// ErrUnknownApplication: no application with that reference.
var ErrUnknownApplication = errors.New("unknown application")

// Decide records staff's decision on an application: the rules are the
// programme's (programme.Decide), the write holds the round's budget and
// the application's version (store.RecordDecision). Two staff deciding at
// once: one wins, the other gets ErrApplicationChanged.
//
// unreadable are the form's fields that could not be read at all: with any,
// nothing is written and every problem is reported at once, each field once.
func (s *Service) Decide(ctx context.Context, ref string, in programme.DecisionInput, unreadable programme.FieldErrors, by string) (programme.Decision, error) {
	app, _, err := s.Store.Application(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return programme.Decision{}, ErrUnknownApplication
	}
	if err != nil {
		return programme.Decision{}, err
	}
	if in.Version != 0 && in.Version != app.Version {
		return programme.Decision{}, ErrApplicationChanged
	}
	if unreadable != nil {
		round, err := s.Store.Round(ctx, app.RoundID)
		if err != nil {
			return programme.Decision{}, err
		}
		var more programme.FieldErrors
		_, err = programme.Decide(in, app, round, by, s.Now())
		errors.As(err, &more)
		return programme.Decision{}, unreadable.Merge(more)
	}
	return s.decide(ctx, app, in, by)
}

// Application returns an application whole with its audit log.
func (s *Service) Application(ctx context.Context, ref string) (programme.Application, programme.Round, []programme.AuditEntry, error) {
	app, _, err := s.Store.Application(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return app, programme.Round{}, nil, ErrUnknownApplication
	}
	if err != nil {
		return app, programme.Round{}, nil, err
	}
	r, err := s.Store.Round(ctx, app.RoundID)
	if err != nil {
		return app, r, nil, err
	}
	log, err := s.Store.ApplicationLog(ctx, ref)
	return app, r, log, err
}

// Applications lists a round's applications matching f.
func (s *Service) Applications(ctx context.Context, roundID string, f programme.AppFilter) (programme.Round, []programme.AppSummary, error) {
	r, err := s.Store.Round(ctx, roundID)
	if errors.Is(err, store.ErrNotFound) {
		return r, nil, ErrUnknownRound
	}
	if err != nil {
		return r, nil, err
	}
	apps, err := s.Store.Applications(ctx, roundID, f)
	return r, apps, err
}

// ApplicationsPage is one page of a round's applications matching f (see
// store.ApplicationsPage): at most limit, after cursor, with the cursor of
// the next page ("" after the last).
func (s *Service) ApplicationsPage(ctx context.Context, roundID string, f programme.AppFilter, limit int32, cursor string) (programme.Round, []programme.AppSummary, string, error) {
	r, err := s.Store.Round(ctx, roundID)
	if errors.Is(err, store.ErrNotFound) {
		return r, nil, "", ErrUnknownRound
	}
	if err != nil {
		return r, nil, "", err
	}
	apps, next, err := s.Store.ApplicationsPage(ctx, roundID, f, limit, cursor)
	return r, apps, next, err
}

func (s *Service) decide(ctx context.Context, app programme.Application, in programme.DecisionInput, by string) (programme.Decision, error) {
	round, err := s.Store.Round(ctx, app.RoundID)
	if err != nil {
		return programme.Decision{}, err
	}
	d, err := programme.Decide(in, app, round, by, s.Now())
	if err != nil {
		return d, err
	}
	err = s.Store.RecordDecision(ctx, app, round, d)
	if errors.Is(err, store.ErrConflict) {
		return d, ErrApplicationChanged
	}
	if err != nil {
		return d, err
	}
	s.Log.InfoContext(ctx, "decision recorded", "ref", app.Ref, "round", app.RoundID, "outcome", d.Outcome, "amount", d.Amount, "by", by)
	return d, nil
}

// ErrUndecided: some applications of the round have no decision yet.
type ErrUndecided struct{ Count int }

func (e *ErrUndecided) Error() string {
	return fmt.Sprintf("%d applications have no decision yet", e.Count)
}

// Message says how many applications still wait for a decision.
func (e *ErrUndecided) Message(lang programme.Lang) string {
	return i18n.Undecided.Format(lang, i18n.Args{"n": strconv.Itoa(e.Count)})
}

// Preview is what triggering the decision emails would send.
type Preview struct {
	Round                        programme.Round
	Granted, Rejected, Undecided int
	Queued                       int // decisions whose emails are queued already
	Emails                       int // emails the trigger would queue now
	// Of Emails: to the Swedish parties in Swedish, to the Swedish parties
	// in English (their application's language), to the partners (always
	// in English).
	SwedishSv, SwedishEn, Partners int
	// Decisions whose emails the trigger would queue now, by outcome.
	ToGrant, ToReject int
	// Of those, the ones without an English motivation (their English
	// emails give the Swedish one, saying so): how many, and the first
	// MaxListed of their references, to go and write one.
	NoEnglish     int
	NoEnglishRefs []string
	// Samples are one email of each outcome in each language, keyed
	// "<outcome>-<lang>": both languages of an outcome from the same
	// decision, one with an English motivation if any has one.
	Samples map[string]mail.Message
}

// MaxListed is the most references a preview lists.
const MaxListed = 20

var decisionPrefix = programme.EmailIDPrefix(programme.AboutDecision)

// grantFor is the grant a granted application starts when its decision
// emails are queued (programme.NewGrant, of the decision's plan), with the
// key of the grantee's link: nil for a rejection.
func grantFor(app programme.Application, r programme.Round) (*store.GrantStart, string, error) {
	if app.Decision == nil || app.Decision.Outcome != programme.Granted {
		return nil, "", nil
	}
	plan := programme.GrantInput{Start: programme.DefaultStart(app.Decision.DecidedAt)}
	if app.Decision.Plan != nil {
		plan = *app.Decision.Plan
	}
	g, err := programme.NewGrant(app, r, plan)
	if err != nil {
		return nil, "", fmt.Errorf("grant of %s: %w", app.Ref, err)
	}
	key := programme.NewToken()
	return &store.GrantStart{Grant: g, KeyHash: programme.Hash(key)}, key, nil
}

// GrantURL is the grantee's page of grant ref, opened by key.
func GrantURL(base, ref, key string) string {
	return base + "/grants/" + url.PathEscape(ref) + "?key=" + url.QueryEscape(key)
}

// decisionMails renders an application's decision emails, one to each of
// programme.DecisionRecipients in its language: to the Swedish contact in
// the application's language, to the partner in English. A grant's emails
// name its years' amounts and report deadlines; the Swedish party's
// carries the link to the grantee's page (grantURL).
func decisionMails(app programme.Application, r programme.Round, g *programme.Grant, grantURL string) ([]programme.Email, error) {
	var out []programme.Email
	for _, to := range programme.DecisionRecipients(app) {
		link := ""
		if to.Who == "swedish" {
			link = grantURL
		}
		m, err := decisionMail(to.To, to.Lang, app, r, g, link)
		if err != nil {
			return nil, err
		}
		out = append(out, programme.Email{ID: programme.EmailID(programme.AboutDecision, app.Ref, to.Who), Kind: programme.DecisionEmail(app.Decision.Outcome),
			Ref: app.Ref, RoundID: r.ID, To: to.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML})
	}
	return out, nil
}

// decisionMail renders an application's decision email to addr in lang,
// with the motivation in lang (mail.Decision), and a grant's years.
func decisionMail(addr string, lang programme.Lang, app programme.Application, r programme.Round, g *programme.Grant, grantURL string) (mail.Message, error) {
	d := app.Decision
	data := mail.DecisionData{Lang: lang, Ref: app.Ref, Title: app.Title, RoundName: r.Name(lang),
		Outcome: d.Outcome, Amount: d.Amount, Motivation: d.Motivation, MotivationEn: d.MotivationEn, GrantURL: grantURL}
	if g != nil {
		for _, y := range g.Years {
			data.Years = append(data.Years, mail.DecisionYear{Year: y.Year, Amount: y.Amount, LastDay: y.LastDay()})
		}
	}
	return mail.Decision(addr, data)
}

// eachDecided calls f for every decided application of the round, page by page.
func (s *Service) eachDecided(ctx context.Context, roundID string, f func(programme.Application) error) error {
	for _, st := range []programme.AppStatus{programme.AppGranted, programme.AppRejected} {
		cursor := ""
		for {
			apps, next, err := s.Store.AppsByStatus(ctx, roundID, st, 100, cursor)
			if err != nil {
				return err
			}
			for _, a := range apps {
				if err := f(a); err != nil {
					return err
				}
			}
			if next == "" {
				break
			}
			cursor = next
		}
	}
	return nil
}

// NotifyPreview counts what the decision emails of a round would be, lists
// the decisions without an English motivation, and renders one sample of
// each outcome in each language (Preview.Samples).
// A grant's samples show its link without a key.
func (s *Service) NotifyPreview(ctx context.Context, roundID string) (Preview, error) {
	p := Preview{Samples: map[string]mail.Message{}}
	r, err := s.Store.Round(ctx, roundID)
	if errors.Is(err, store.ErrNotFound) {
		return p, ErrUnknownRound
	}
	if err != nil {
		return p, err
	}
	p.Round = r
	if p.Undecided, err = s.undecided(ctx, roundID); err != nil {
		return p, err
	}
	sampleHasEnglish := map[string]bool{} // by outcome
	err = s.eachDecided(ctx, roundID, func(a programme.Application) error {
		if a.Decision.Outcome == programme.Granted {
			p.Granted++
		} else {
			p.Rejected++
		}
		if a.DecisionQueued {
			p.Queued++
			return nil
		}
		if a.Decision.Outcome == programme.Granted {
			p.ToGrant++
		} else {
			p.ToReject++
		}
		for _, to := range programme.DecisionRecipients(a) { // a party whose details were erased gets none
			p.Emails++
			switch {
			case to.Who == "partner":
				p.Partners++
			case to.Lang == programme.English:
				p.SwedishEn++
			default:
				p.SwedishSv++
			}
		}
		hasEnglish := a.Decision.MotivationEn != ""
		if !hasEnglish {
			p.NoEnglish++
			if len(p.NoEnglishRefs) < MaxListed {
				p.NoEnglishRefs = append(p.NoEnglishRefs, a.Ref)
			}
		}
		// The outcome's samples: the first decision's, replaced once by the
		// first with an English motivation.
		o := string(a.Decision.Outcome)
		if _, ok := p.Samples[o+"-"+string(programme.Swedish)]; ok && (!hasEnglish || sampleHasEnglish[o]) {
			return nil
		}
		sampleHasEnglish[o] = hasEnglish
		g, _, err := grantFor(a, r)
		if err != nil {
			return err
		}
		var sample *programme.Grant
		link := ""
		if g != nil {
			sample, link = &g.Grant, GrantURL(s.BaseURL, a.Ref, "…")
		}
		for _, lang := range []programme.Lang{programme.Swedish, programme.English} {
			m, err := decisionMail(a.SwedishParty.Email, lang, a, r, sample, link)
			if err != nil {
				return err
			}
			p.Samples[o+"-"+string(lang)] = m
		}
		return nil
	})
	return p, err
}

// Notify queues the decision emails of a round: every decided application
// not queued yet, each with its two emails and, granted, its grant (in the
// same transaction: the grant exists exactly when its emails are queued;
// the Swedish party's email carries the grantee's link),
// then marks the round decided. Pressing it twice queues nothing new.
// Refused while any application of the round has no decision.
func (s *Service) Notify(ctx context.Context, roundID, by string) (int, error) {
	r, err := s.Store.Round(ctx, roundID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, ErrUnknownRound
	}
	if err != nil {
		return 0, err
	}
	if r.Status != programme.RoundClosed && r.Status != programme.RoundDecided {
		return 0, programme.ErrRoundNotClosed
	}
	undecided, err := s.undecided(ctx, roundID)
	if err != nil {
		return 0, err
	}
	if undecided > 0 {
		return 0, &ErrUndecided{undecided}
	}
	queued := 0
	now := s.Now()
	err = s.eachDecided(ctx, roundID, func(a programme.Application) error {
		if a.DecisionQueued {
			return nil
		}
		start, key, err := grantFor(a, r)
		if err != nil {
			return err
		}
		var g *programme.Grant
		link := ""
		if start != nil {
			g, link = &start.Grant, GrantURL(s.BaseURL, a.Ref, key)
		}
		mails, err := decisionMails(a, r, g, link)
		if err != nil {
			return err
		}
		switch err := s.Store.QueueDecisionAndGrant(ctx, a, mails, now, by, start); {
		case errors.Is(err, store.ErrConflict):
			return nil // queued meanwhile by another press, or changed: the next press sees it
		case err != nil:
			return err
		}
		queued += len(mails)
		return nil
	})
	if err != nil {
		return queued, err
	}
	if r.Status == programme.RoundClosed {
		if err := s.Store.MoveRound(ctx, r, programme.RoundDecided, now, by); err != nil && !errors.Is(err, store.ErrConflict) {
			return queued, err
		}
	}
	s.Log.InfoContext(ctx, "decision emails queued", "round", roundID, "emails", queued, "by", by)
	return queued, nil
}

// undecided counts the round's applications without a decision: in review,
// and still submitted (a close that has not moved them all yet).
func (s *Service) undecided(ctx context.Context, roundID string) (int, error) {
	n := 0
	for _, st := range []programme.AppStatus{programme.AppInReview, programme.AppSubmitted} {
		c, err := s.Store.CountByStatus(ctx, roundID, st)
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// NotifyView is a round's decision emails as staff follow them.
type NotifyView struct {
	Preview      Preview
	Progress     map[string]int    // decision emails by state
	NotDelivered []programme.Email // to follow up
}

// NotifyView is the preview, the progress and whom to follow up.
func (s *Service) NotifyView(ctx context.Context, roundID string) (NotifyView, error) {
	var v NotifyView
	var err error
	if v.Preview, err = s.NotifyPreview(ctx, roundID); err != nil {
		return v, err
	}
	if v.Progress, err = s.Progress(ctx, roundID); err != nil {
		return v, err
	}
	if v.Progress == nil {
		v.Progress = map[string]int{}
	}
	v.NotDelivered, err = s.NotDelivered(ctx, roundID)
	return v, err
}

// Progress counts the round's decision emails by state.
func (s *Service) Progress(ctx context.Context, roundID string) (map[string]int, error) {
	return s.Store.RoundOutboxCounts(ctx, roundID, decisionPrefix)
}

// NotDelivered lists the round's decision emails that bounced, drew a
// complaint or failed: the recipients staff should follow up.
func (s *Service) NotDelivered(ctx context.Context, roundID string) ([]programme.Email, error) {
	return s.Store.RoundOutboxIn(ctx, roundID, decisionPrefix, programme.EmailBounced, programme.EmailComplained, programme.EmailFailed)
}

// Dashboard is a round at a glance: its state and instants, its
// applications per status and what they request, the budget granted and
// left, the decision emails per state, and whether the public list is out.
type Dashboard struct {
	Round     programme.Round
	ByStatus  map[programme.AppStatus]int
	Requested int64          // requested by every application of the round but the withdrawn ones
	Emails    map[string]int // decision emails by state; nil before the round closed
}

// Applications is how many applications the round has, the withdrawn
// ones left out (Withdrawn counts them).
func (d Dashboard) Applications() int {
	n := 0
	for s, c := range d.ByStatus {
		if s != programme.AppWithdrawn {
			n += c
		}
	}
	return n
}

// Withdrawn is how many of the round's applications staff withdrew (spam,
// or withdrawn by the applicant): counted apart, in no other count.
func (d Dashboard) Withdrawn() int { return d.ByStatus[programme.AppWithdrawn] }

// Undecided is how many decisions are still to make: in review, and still
// submitted (a close that has not moved them all yet).
func (d Dashboard) Undecided() int {
	return d.ByStatus[programme.AppInReview] + d.ByStatus[programme.AppSubmitted]
}

// Left is the budget not granted yet.
func (d Dashboard) Left() int64 { return d.Round.Budget - d.Round.GrantedTotal }

// Published says whether the round's granted projects are public
// (publish.Service serves only a notified round's).
func (d Dashboard) Published() bool { return d.Round.Status == programme.RoundNotified }

// Dashboard reads a round at a glance: the round (one Query), its
// applications' tally (store.RoundTally: one Query a megabyte of index) and,
// once the round has closed, its decision emails' counts (one COUNT Query
// per email state). Before the close there are no decision emails to count.
func (s *Service) Dashboard(ctx context.Context, roundID string) (Dashboard, error) {
	var d Dashboard
	r, err := s.Store.Round(ctx, roundID)
	if errors.Is(err, store.ErrNotFound) {
		return d, ErrUnknownRound
	}
	if err != nil {
		return d, err
	}
	d.Round = r
	if d.ByStatus, d.Requested, err = s.Store.RoundTally(ctx, roundID); err != nil {
		return d, err
	}
	if r.Status == programme.RoundScheduled || r.Status == programme.RoundOpen {
		return d, nil
	}
	if d.Emails, err = s.Progress(ctx, roundID); err != nil {
		return d, err
	}
	if d.Emails == nil {
		d.Emails = map[string]int{}
	}
	return d, nil
}
