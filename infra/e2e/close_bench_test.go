package e2e

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
	"partnerskap/internal/roundjob"
	"partnerskap/internal/store"
)

// callCounter counts DynamoDB calls by operation.
type callCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *callCounter) add(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("count", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		c.mu.Lock()
		c.n[awsmiddleware.GetOperationName(ctx)]++
		c.mu.Unlock()
		return next.HandleInitialize(ctx, in)
	}), middleware.After)
}

// BenchmarkCloseRound seeds 10,000 applications in the spring round in
// DynamoDB Local and closes it: every application moved to review with its
// email queued, the staff summary queued. It reports wall time, items/s,
// the peak heap during the close, the DynamoDB calls by operation, and, in
// the same run, the raw BatchWriteItem and Query throughput of the same
// DynamoDB Local as the baseline.
//
//	go test -run '^$' -bench CloseRound -benchtime 1x -timeout 30m ./infra/e2e/
func BenchmarkCloseRound(b *testing.B) {
	const n = 10000
	clock := stacktest.NewClock(springDay)
	st := stacktest.New(b, clock.Now)
	e := st.Env
	counter := &callCounter{n: map[string]int{}}
	db := dynamodb.NewFromConfig(e.AWS, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(e.DynamoDBEndpoint)
		o.DisableValidateResponseChecksum = true
		o.APIOptions = append(o.APIOptions, counter.add)
	})
	s := store.New(db, e.Store.Table())
	ctx := context.Background()

	// Seed through the submit path's own write, 8 at a time.
	t0 := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for next.Add(1) <= n {
				tok := programme.NewToken()
				app := programme.Application{Ref: programme.RefFor(tok), RoundID: "2027-1", Lang: programme.Swedish,
					SwedishParty: programme.Party{Organisation: "Kalix", ContactName: "Anna", Email: "anna@example.se"},
					Partner:      programme.Party{Organisation: "Masaka", Country: "UG", ContactName: "John", Email: "john@example.ug"},
					Type:         programme.Project, Theme: "climate", Title: "Avfall", Summary: "Sammanfattning", Objectives: "Mål",
					DurationYears: 1, BudgetPerYear: []int64{400000}}
				if _, _, err := s.Submit(ctx, app, store.Secrets{TokenHash: programme.Hash(tok)}, clock.Now()); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	seed := time.Since(t0)

	// Baseline: raw BatchWriteItem of n small items, and a Query of them back.
	t0 = time.Now()
	for i := 0; i < n; i += 25 {
		reqs := make([]types.WriteRequest, 0, 25)
		for j := i; j < i+25 && j < n; j++ {
			reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{
				"PK": &types.AttributeValueMemberS{Value: "BENCH"}, "SK": &types.AttributeValueMemberS{Value: fmt.Sprintf("%08d", j)},
				"status": &types.AttributeValueMemberS{Value: "x"}}}})
		}
		for len(reqs) > 0 {
			out, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{s.Table(): reqs}})
			if err != nil {
				b.Fatal(err)
			}
			reqs = out.UnprocessedItems[s.Table()]
		}
	}
	rawWrite := time.Since(t0)
	t0 = time.Now()
	read := 0
	p := dynamodb.NewQueryPaginator(db, &dynamodb.QueryInput{TableName: aws.String(s.Table()), Limit: aws.Int32(100),
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "BENCH"}}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			b.Fatal(err)
		}
		read += len(page.Items)
	}
	rawQuery := time.Since(t0)

	// The close, with the heap sampled every 5 ms.
	counter.mu.Lock()
	counter.n = map[string]int{}
	counter.mu.Unlock()
	job := &roundjob.Job{Store: s, Now: func() time.Time { return springCloses.Add(time.Hour) }, Log: quiet,
		StaffAddress: "staff@example.se", PageSize: 100}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	b.ResetTimer()
	t0 = time.Now()
	rep, err := job.Run(ctx)
	closeTime := time.Since(t0)
	b.StopTimer()
	close(done)
	if err != nil || rep.Moved != n || len(rep.Finished) < 1 {
		b.Fatalf("close: moved %d of %d, %+v, %v", rep.Moved, n, rep, err)
	}
	if got, _ := s.CountByStatus(ctx, "2027-1", programme.AppInReview); got != n {
		b.Fatalf("%d in review, want %d", got, n)
	}

	perSec := float64(n) / closeTime.Seconds()
	rawWritePerSec := float64(n) / rawWrite.Seconds()
	rawQueryPerSec := float64(read) / rawQuery.Seconds()
	peakMiB := float64(peak.Load()-min(base, peak.Load())) / (1 << 20)
	b.ReportMetric(closeTime.Seconds(), "close-s")
	b.ReportMetric(perSec, "apps/s")
	b.ReportMetric(peakMiB, "peak-heap-MiB")
	b.ReportMetric(rawWritePerSec, "raw-batchwrite-items/s")
	fmt.Fprintf(os.Stderr, `close of %d applications: %.1f s, %.0f applications/s, heap peak +%.1f MiB over %.1f MiB before
  DynamoDB calls during the close: %v
  items written by the close: %d applications + %d emails + %d audit lines + 1 summary (3 per application)
  SES sends by the close: 0 (it queues; the mailer sends at MAIL_RATE)
baseline, same DynamoDB Local, same run: BatchWriteItem %.0f items/s, Query %.0f items/s; seeding through the submit transaction %.0f/s (8 workers)
ratio: close moves %.2f applications per raw BatchWriteItem item-write time (%.2f x, counting its 3 writes per application)
`, n, closeTime.Seconds(), perSec, peakMiB, float64(base)/(1<<20), counter.n, n, n, n,
		rawWritePerSec, rawQueryPerSec, float64(n)/seed.Seconds(), perSec/rawWritePerSec, 3*perSec/rawWritePerSec)
}
