package stacktest

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"partnerskap/infra/stack"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// Grant is what SeedGrant makes a grant of; a zero field is its default.
type Grant struct {
	Round  string                 // a round of data/rounds.json: "2027-1"
	Asked  []int64                // asked per year: 300 000 for two years
	Amount int64                  // granted: all that was asked
	Start  time.Time              // the project's first day: 1 July after the round closes
	Lines  []programme.BudgetLine // the approved lines: none, one line of each year's amount
	Lang   programme.Lang         // the Swedish party's: Swedish
	Title  string                 // "Klimatsamarbete Kalix–Masaka"
}

// SeedGrant makes a granted application of a seeded round and its grant as
// the decision emails' queueing does (store.QueueDecisionAndGrant, no
// emails), with the deployer's rights: the round closed if it is not, the
// application stored in review (store.ApplicationItem), the decision
// recorded (store.RecordDecision), the grant started. It returns the grant
// as stored (version 1) and the key of the grantee's link.
func SeedGrant(t testing.TB, st *stack.Stack, in Grant) (programme.Grant, string) {
	t.Helper()
	ctx := context.Background()
	s := st.Env.Store
	if in.Round == "" {
		in.Round = "2027-1"
	}
	if in.Asked == nil {
		in.Asked = []int64{300000, 300000}
	}
	if in.Amount == 0 {
		for _, a := range in.Asked {
			in.Amount += a
		}
	}
	if in.Lang == "" {
		in.Lang = programme.Swedish
	}
	if in.Title == "" {
		in.Title = "Klimatsamarbete Kalix–Masaka"
	}
	r, err := s.Round(ctx, in.Round)
	if err != nil {
		t.Fatal(err)
	}
	if in.Start.IsZero() {
		in.Start = time.Date(r.ClosesAt.In(programme.Stockholm).Year(), 7, 1, 0, 0, 0, 0, programme.Stockholm)
	}
	at := r.ClosesAt.Add(time.Hour) // decided after the close
	if r.Status != programme.RoundClosed {
		if err := s.MoveRound(ctx, r, programme.RoundClosed, at, "seed"); err != nil {
			t.Fatal(err)
		}
		if r, err = s.Round(ctx, in.Round); err != nil {
			t.Fatal(err)
		}
	}
	token := programme.NewToken()
	app := programme.Application{Ref: programme.RefFor(token), RoundID: r.ID, Lang: in.Lang,
		SwedishParty: programme.Party{Organisation: "Kalix kommun", ContactName: "Anna Andersson", Email: UniqueName("sv") + "@kalix.example.se"},
		Partner:      programme.Party{Organisation: "Masaka District", Country: "UG", ContactName: "John Okello", Email: UniqueName("p") + "@masaka.example.ug"},
		Type:         programme.Project, Theme: "climate", Title: in.Title, Summary: "S", Objectives: "O",
		DurationYears: len(in.Asked), BudgetPerYear: in.Asked, Status: programme.AppInReview,
		SubmittedAt: r.ClosesAt.Add(-time.Hour).UTC(), Version: 1}
	item, err := store.ApplicationItem(app, store.Secrets{TokenHash: programme.Hash(token)})
	if err != nil {
		t.Fatal(err)
	}
	table := s.Table()
	if _, err := s.DB().PutItem(ctx, &dynamodb.PutItemInput{TableName: &table, Item: item}); err != nil {
		t.Fatal(err)
	}
	d, err := programme.Decide(programme.DecisionInput{Outcome: string(programme.Granted), Amount: in.Amount, Motivation: "Väl motiverat.",
		Start: in.Start}, app, r, "seed", at)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RecordDecision(ctx, app, r, d); err != nil {
		t.Fatal(err)
	}
	granted, _, err := s.Application(ctx, app.Ref)
	if err != nil {
		t.Fatal(err)
	}
	g, err := programme.NewGrant(granted, r, programme.GrantInput{Start: in.Start, Lines: in.Lines})
	if err != nil {
		t.Fatal(err)
	}
	key := programme.NewToken()
	if err := s.QueueDecisionAndGrant(ctx, granted, nil, at, "seed", &store.GrantStart{Grant: g, KeyHash: programme.Hash(key)}); err != nil {
		t.Fatal(err)
	}
	g.Version = 1
	return g, key
}
