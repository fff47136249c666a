package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// BenchmarkMeetingPage300 times the decision meeting's page of a round of
// 300 applications in review, each scored by two reviewers (600 submitted
// sheets), through the local API as a browser asks for it: the page's
// time per request and its size (uncompressed HTML).
func BenchmarkMeetingPage300(b *testing.B) {
	const apps = 300
	clock := stacktest.NewClock(springCloses.Add(time.Hour))
	st := stacktest.New(b, clock.Now)
	s := &system{Stack: st, clock: clock, client: noRedirects()}
	ctx := context.Background()
	db := st.Env.Store
	r, err := db.Round(ctx, "2027-1")
	if err != nil {
		b.Fatal(err)
	}
	if err := db.MoveRound(ctx, r, programme.RoundClosed, clock.Now(), "seed"); err != nil {
		b.Fatal(err)
	}
	orgs := []string{"Kalix", "Umeå", "Region Västernorrland", "Härnösand", "Sundsvall", "Timrå"}
	countries := []string{"KE", "UG", "RS", "TZ"}
	rule := *r.Rules.Review
	reviewers := []string{"rev-a", "rev-b"}
	for i := range apps {
		token := programme.NewToken()
		app := programme.Application{Ref: programme.RefFor(token), RoundID: r.ID, Lang: programme.Swedish,
			SwedishParty: programme.Party{Organisation: orgs[i%len(orgs)], ContactName: "A", Email: fmt.Sprintf("a%d@example.se", i)},
			Partner:      programme.Party{Organisation: "Partner", Country: countries[i%len(countries)], ContactName: "B", Email: "b@example.org"},
			Type:         programme.Project, Theme: "climate", Title: fmt.Sprintf("Projekt %03d om vatten och klimat", i), Summary: "S", Objectives: "O",
			DurationYears: 1, BudgetPerYear: []int64{int64(200000 + 1000*i)}, Status: programme.AppInReview,
			SubmittedAt: r.ClosesAt.Add(-time.Duration(i) * time.Minute).UTC(), Version: 1}
		item, err := store.ApplicationItem(app, store.Secrets{TokenHash: programme.Hash(token)})
		if err != nil {
			b.Fatal(err)
		}
		table := db.Table()
		if _, err := db.DB().PutItem(ctx, &dynamodb.PutItemInput{TableName: &table, Item: item}); err != nil {
			b.Fatal(err)
		}
		sum := programme.AppSummary{Ref: app.Ref, Status: string(app.Status), Type: string(app.Type), Theme: string(app.Theme), Title: app.Title,
			SwedishOrganisation: app.SwedishParty.Organisation, PartnerOrganisation: "Partner", Country: app.Partner.Country,
			RequestedTotal: app.RequestedTotal()}
		if err := db.ChangeAssignments(ctx, sum, r.ID, reviewers, nil, "seed", "seed", clock.Now()); err != nil {
			b.Fatal(err)
		}
		for k, rv := range reviewers {
			it, err := db.Review(ctx, app.Ref, rv)
			if err != nil {
				b.Fatal(err)
			}
			sheet := programme.ScoreSheet{Ref: app.Ref, Reviewer: rv, Status: programme.SheetSubmitted, Scores: map[string]int{}}
			for j, c := range rule.Criteria {
				sheet.Scores[c.ID] = 1 + (i+j+k)%5
			}
			if err := db.SaveSheet(ctx, it, sheet, nil, clock.Now()); err != nil {
				b.Fatal(err)
			}
		}
	}
	_, s.token = stacktest.SignIn(b, st, stacktest.StaffUser(st))
	var size int
	b.ResetTimer()
	for range b.N {
		res, body := s.do(b, "GET", "/staff/rounds/2027-1/meeting", "", "", "Authorization", "Bearer "+s.token, "Accept", "text/html")
		if res.StatusCode != http.StatusOK {
			b.Fatalf("meeting: %d", res.StatusCode)
		}
		size = len(body)
	}
	b.ReportMetric(float64(size)/1024, "KB/page")
}
