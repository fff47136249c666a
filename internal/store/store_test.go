package store_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

func TestMain(m *testing.M) { stacktest.Main(m) }

var (
	ctx    = context.Background()
	opens  = time.Date(2027, 2, 15, 8, 0, 0, 0, programme.Stockholm)
	closes = time.Date(2027, 3, 15, 16, 0, 0, 0, programme.Stockholm)
)

// newStore is a store over a fresh table seeded with data/rounds.json as of
// a day inside the spring round.
func newStore(t *testing.T) *store.Store {
	st := stacktest.New(t, func() time.Time { return opens.Add(time.Hour) })
	return st.Env.Store
}

func application(token string) (programme.Application, store.Secrets) {
	a := programme.Application{Ref: programme.RefFor(token), RoundID: "2027-1", Lang: programme.Swedish,
		SwedishParty: programme.Party{Organisation: "Kalix", ContactName: "Anna", Email: "anna@kalix.example.se", Phone: "+46 923 650 00"},
		Partner:      programme.Party{Organisation: "Masaka", Country: "UG", ContactName: "John", Email: "john@masaka.example.ug"},
		Type:         programme.Project, Theme: "climate", Title: "Avfall", Summary: "S", Objectives: "O",
		DurationYears: 1, BudgetPerYear: []int64{400000}}
	return a, store.Secrets{TokenHash: programme.Hash(token), StatusKeyHash: programme.Hash(programme.StatusKeyFor(token)),
		InputHash: programme.Hash("input of " + token)}
}

// A token presented again with another input is refused and changes
// nothing; with the same input it replays; an application stored before
// input hashes existed (none) replays with any.
func TestSubmitRefusesATokenReusedWithAnotherInput(t *testing.T) {
	s := newStore(t)
	at := opens.Add(2 * time.Hour)
	app, sec := application(programme.NewToken())
	if _, _, err := s.Submit(ctx, app, sec, at); err != nil {
		t.Fatal(err)
	}
	changed, other := app, sec
	changed.BudgetPerYear = []int64{975000}
	other.InputHash = programme.Hash("another input")
	if _, replay, err := s.Submit(ctx, changed, other, at.Add(time.Second)); !errors.Is(err, store.ErrTokenReused) || replay {
		t.Fatalf("same token, other input: %v %v, want ErrTokenReused", replay, err)
	}
	got, gotSec, err := s.Application(ctx, app.Ref)
	if err != nil || got.RequestedTotal() != 400000 || gotSec != sec {
		t.Fatalf("after the refusal: %+v %+v %v, want the first one unchanged", got, gotSec, err)
	}
	if _, replay, err := s.Submit(ctx, app, sec, at.Add(2*time.Second)); err != nil || !replay {
		t.Fatalf("same token, same input: %v %v, want a replay", replay, err)
	}

	legacy, legacySec := application(programme.NewToken())
	legacySec.InputHash = ""
	if _, _, err := s.Submit(ctx, legacy, legacySec, at); err != nil {
		t.Fatal(err)
	}
	legacySec.InputHash = programme.Hash("whatever")
	if _, replay, err := s.Submit(ctx, legacy, legacySec, at.Add(time.Second)); err != nil || !replay {
		t.Fatalf("an application without an input hash: %v %v, want a replay", replay, err)
	}
}

func TestSubmitStoresOnceAndReadsBack(t *testing.T) {
	s := newStore(t)
	tok := programme.NewToken()
	app, sec := application(tok)
	at := opens.Add(2 * time.Hour)
	stored, replay, err := s.Submit(ctx, app, sec, at)
	if err != nil || replay || stored.Status != programme.AppSubmitted || !stored.SubmittedAt.Equal(at) {
		t.Fatalf("Submit = %+v %v %v", stored, replay, err)
	}
	got, gotSec, err := s.Application(ctx, app.Ref)
	if err != nil || got.Title != "Avfall" || got.Partner.Country != "UG" || got.RequestedTotal() != 400000 || gotSec != sec {
		t.Fatalf("Application = %+v %+v %v", got, gotSec, err)
	}
	again, replay, err := s.Submit(ctx, app, sec, at.Add(time.Minute))
	if err != nil || !replay || !again.SubmittedAt.Equal(at) {
		t.Fatalf("replay = %+v %v %v; want the first one back", again, replay, err)
	}
	other := sec
	other.TokenHash = programme.Hash("another token")
	if _, _, err := s.Submit(ctx, app, other, at); !errors.Is(err, store.ErrRefCollision) {
		t.Fatalf("same reference, other token: %v", err)
	}
	if _, _, err := s.Application(ctx, "KP-0000000000"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown reference: %v", err)
	}
}

// The deadline is the store's to enforce: a write at or after closesAt is
// refused even though the round item still says "open".
func TestSubmitIsRefusedAtTheDeadlineEvenIfTheRoundSaysOpen(t *testing.T) {
	s := newStore(t)
	r, err := s.Round(ctx, "2027-1")
	if err != nil || r.Status != programme.RoundOpen {
		t.Fatalf("round %+v %v", r, err)
	}
	for _, c := range []struct {
		at   time.Time
		want error
	}{
		{closes, store.ErrRoundNotOpen},
		{closes.Add(time.Millisecond), store.ErrRoundNotOpen},
		{opens.Add(-time.Millisecond), store.ErrRoundNotOpen},
		{closes.Add(-time.Millisecond), nil},
	} {
		app, sec := application(programme.NewToken())
		_, _, err := s.Submit(ctx, app, sec, c.at)
		if !errors.Is(err, c.want) && err != c.want {
			t.Errorf("submit at %s: %v, want %v", c.at.Format(time.RFC3339Nano), err, c.want)
		}
	}
}

func TestSubmitIsRefusedWhenTheRoundIsClosed(t *testing.T) {
	s := newStore(t)
	// Close the round by hand, as the round job will.
	_, err := s.DB().UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.Table()),
		Key:                       map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "ROUND#2027-1"}, "SK": &types.AttributeValueMemberS{Value: "ROUND"}},
		UpdateExpression:          aws.String("SET #s = :c"),
		ExpressionAttributeNames:  map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":c": &types.AttributeValueMemberS{Value: "closed"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	app, sec := application(programme.NewToken())
	if _, _, err := s.Submit(ctx, app, sec, opens.Add(time.Hour)); !errors.Is(err, store.ErrRoundNotOpen) {
		t.Fatalf("submit to a closed round: %v", err)
	}
	if _, _, err := s.Application(ctx, app.Ref); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("refused submission was written: %v", err)
	}
}

// Many submissions at once all check the same round item; none is lost to
// a transaction conflict.
func TestConcurrentSubmissionsAllLand(t *testing.T) {
	s := newStore(t)
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			app, sec := application(programme.NewToken())
			_, _, err := s.Submit(ctx, app, sec, opens.Add(time.Hour))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestRounds(t *testing.T) {
	s := newStore(t)
	rounds, err := s.Rounds(ctx)
	if err != nil || len(rounds) != 4 {
		t.Fatalf("Rounds = %d %v", len(rounds), err)
	}
	for i := 1; i < len(rounds); i++ {
		if rounds[i].OpensAt.Before(rounds[i-1].OpensAt) {
			t.Fatal("rounds not in opening order")
		}
	}
	r, err := s.Round(ctx, "2027-1")
	if err != nil || len(r.Rules.Countries) == 0 || !r.ClosesAt.Equal(closes) || r.Budget != 9800000 || r.Version != 1 {
		t.Fatalf("Round = %+v %v", r, err)
	}
	if err := s.CreateRound(ctx, r); !errors.Is(err, store.ErrAlreadyExists) {
		t.Fatalf("CreateRound twice: %v", err)
	}
	if _, err := s.Round(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown round: %v", err)
	}
}

// The receipt cap: a MailLimit counts each email to an address in the
// submission's transaction; once the day's count has reached the cap the
// submission is refused and nothing is written; a replay counts nothing;
// the count is per address (any case) and per day in Stockholm.
func TestSubmitCountsMailsPerAddressAndDay(t *testing.T) {
	s := newStore(t)
	at := opens.Add(2 * time.Hour)
	const to = "Victim@Kalix.example.se"
	limit := store.MailLimit{To: to, PerDay: 2}
	count := func(at time.Time) (n, exp string) {
		t.Helper()
		pk, sk := store.MailLimitKey("victim@kalix.example.se", at)
		out, err := s.DB().GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.Table()),
			Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: pk}, "SK": &types.AttributeValueMemberS{Value: sk}}})
		if err != nil {
			t.Fatal(err)
		}
		if out.Item == nil {
			return "", ""
		}
		for k, v := range out.Item {
			if s, ok := v.(*types.AttributeValueMemberS); ok && strings.Contains(strings.ToLower(s.Value), "victim") {
				t.Errorf("counter item holds the address in %s: %q", k, s.Value)
			}
		}
		return out.Item["n"].(*types.AttributeValueMemberN).Value, out.Item["expiresAt"].(*types.AttributeValueMemberN).Value
	}
	first, firstSec := application(programme.NewToken())
	first.SwedishParty.Email = to
	for i := range 2 {
		app, sec := first, firstSec
		if i > 0 {
			app, sec = application(programme.NewToken())
			app.SwedishParty.Email = to
		}
		if _, _, err := s.Submit(ctx, app, sec, at, limit); err != nil {
			t.Fatalf("submission %d under the cap: %v", i+1, err)
		}
	}
	over, overSec := application(programme.NewToken())
	over.SwedishParty.Email = "victim@kalix.example.se" // another case: the same address
	if _, _, err := s.Submit(ctx, over, overSec, at.Add(time.Minute), limit); !errors.Is(err, store.ErrMailLimit) {
		t.Fatalf("third submission to the address: %v, want ErrMailLimit", err)
	}
	if _, _, err := s.Application(ctx, over.Ref); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("refused submission stored: %v", err)
	}
	if _, replay, err := s.Submit(ctx, first, firstSec, at.Add(2*time.Minute), limit); err != nil || !replay {
		t.Fatalf("replay at the cap: %v %v, want the stored application", replay, err)
	}
	n, exp := count(at)
	wantExp := time.Date(2027, 2, 17, 0, 0, 0, 0, programme.Stockholm).Unix()
	if n != "2" || exp != strconv.FormatInt(wantExp, 10) {
		t.Errorf("counter n=%s expiresAt=%s, want 2 and %d (the replay and the refusal count nothing)", n, exp, wantExp)
	}
	other, otherSec := application(programme.NewToken())
	other.SwedishParty.Email = "someone.else@kalix.example.se"
	if _, _, err := s.Submit(ctx, other, otherSec, at, store.MailLimit{To: other.SwedishParty.Email, PerDay: 2}); err != nil {
		t.Errorf("another address: %v", err)
	}
	// Just after midnight in Stockholm (23:00 UTC) is the next day.
	nextDay := time.Date(2027, 2, 16, 0, 0, 1, 0, programme.Stockholm)
	if _, _, err := s.Submit(ctx, over, overSec, nextDay, limit); err != nil {
		t.Fatalf("next day: %v", err)
	}
	if n, _ := count(nextDay); n != "1" {
		t.Errorf("next day's counter %s, want 1", n)
	}
	// The local stack made the table with the template's TTL on expiresAt.
	ttl, err := s.DB().DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(s.Table())})
	if err != nil || ttl.TimeToLiveDescription == nil || aws.ToString(ttl.TimeToLiveDescription.AttributeName) != "expiresAt" ||
		ttl.TimeToLiveDescription.TimeToLiveStatus != types.TimeToLiveStatusEnabled {
		t.Errorf("table TTL: %+v %v, want enabled on expiresAt", ttl, err)
	}
}
