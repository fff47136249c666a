package e2e

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/grants"
	"partnerskap/internal/programme"
)

// BenchmarkReportWriteUnits counts the DynamoDB write units of a year's
// report as DynamoDB Local reports them: its submission (the report, the
// grant and an audit line in one transaction) and its approval (the same
// three, the reimbursement recorded on the grant). Each op is one grant's
// year-1 report submitted and approved.
func BenchmarkReportWriteUnits(b *testing.B) {
	clock := stacktest.NewClock(springDay)
	st := stacktest.New(b, clock.Now)
	s := st.Env.Store
	var mu sync.Mutex
	units := map[string]float64{}
	op, last := "", ""
	s.OnCapacity = func(_ string, u float64) {
		mu.Lock()
		units[op] += u
		mu.Unlock()
	}
	svc := &grants.Service{Store: s, Now: clock.Now, Log: quiet}
	ctx := context.Background()
	in := programme.ReportInput{Narrative: programme.Narrative{Done: "Two visits.", Results: "Sorting in both towns.",
		Deviations: "None.", Summary: "Waste sorting in both towns."}, Total: 300000}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		g, key := stacktest.SeedGrant(b, st, stacktest.Grant{})
		last = g.Ref
		y1, _ := g.Year(1)
		clock.Set(y1.Ends.Add(24 * time.Hour))
		in.Accounts = []programme.Account{{Line: programme.WholeBudget, Amount: 300000}}
		// The draft with its documents, as the uploads leave it.
		g2, r, err := programme.NewReport(g, 1, clock.Now())
		if err != nil {
			b.Fatal(err)
		}
		in.Documents = []programme.Document{
			{Kind: programme.AuditCertificate, Format: programme.PDF, Size: 1000, Key: "k1", Name: "a.pdf"},
			{Kind: programme.SignedApproval, Format: programme.PDF, Size: 1000, Key: "k2", Name: "s.pdf"}}
		if r, err = programme.SaveReport(g2, r, in, clock.Now()); err != nil {
			b.Fatal(err)
		}
		op = "draft"
		if err := s.WriteReport(ctx, &g2, r, nil, clock.Now()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		op = "submission"
		if _, err := svc.SaveReport(ctx, g.Ref, key, 1, in, true); err != nil {
			b.Fatal(err)
		}
		op = "approval"
		if _, _, err := svc.ReviewReport(ctx, g.Ref, grants.Review{Year: 1, Approve: true}, "sub-1 eva@example.se"); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(units["submission"]/float64(b.N), "WCU/submission")
	b.ReportMetric(units["approval"]/float64(b.N), "WCU/approval")
	// The items' sizes by DynamoDB's rule (names and values in bytes):
	// on AWS a transaction writes 2 units per KB, rounded up, of each item.
	out, err := s.DB().Query(ctx, &dynamodb.QueryInput{TableName: aws.String(s.Table()),
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "GRANT#" + last}}})
	if err != nil {
		b.Fatal(err)
	}
	for _, it := range out.Items {
		b.ReportMetric(float64(itemBytes(it)), strings.ToLower(strings.SplitN(it["SK"].(*types.AttributeValueMemberS).Value, "#", 2)[0])+"-bytes")
	}
}

// itemBytes is an item's size as DynamoDB counts it, near enough: each
// attribute's name and value (strings and numbers by their length; maps
// and lists by their elements, 3 bytes each more).
func itemBytes(item map[string]types.AttributeValue) int {
	n := 0
	for k, v := range item {
		n += len(k) + valueBytes(v)
	}
	return n
}

func valueBytes(v types.AttributeValue) int {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return len(v.Value)
	case *types.AttributeValueMemberN:
		return len(v.Value)/2 + 1
	case *types.AttributeValueMemberBOOL, *types.AttributeValueMemberNULL:
		return 1
	case *types.AttributeValueMemberM:
		n := 3
		for k, x := range v.Value {
			n += len(k) + valueBytes(x) + 1
		}
		return n
	case *types.AttributeValueMemberL:
		n := 3
		for _, x := range v.Value {
			n += valueBytes(x) + 1
		}
		return n
	}
	return 0
}
