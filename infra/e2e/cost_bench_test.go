package e2e

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"testing"
	"text/tabwriter"
	"time"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// Published on-demand list prices, US East (N. Virginia), as AWS's pricing
// pages gave them in 2025 (DynamoDB after its 1 November 2024 cut); USD.
// Free tiers are left out: this is what one round costs at the margin.
// Other regions differ by a few per cent; check before relying on them.
const (
	priceHTTPAPIRequest  = 1.00 / 1e6   // API Gateway HTTP API, first 300 million a month
	priceLambdaRequest   = 0.20 / 1e6   // AWS Lambda requests
	priceLambdaGBSecond  = 0.0000133334 // AWS Lambda, Arm (Graviton), first 7.5 billion GB-s a month
	priceDynamoWRU       = 0.625 / 1e6  // DynamoDB on-demand write request unit, Standard table class
	priceDynamoRRU       = 0.125 / 1e6  // DynamoDB on-demand read request unit
	priceSESMessage      = 0.10 / 1000  // Amazon SES outbound message
	priceSNSPublish      = 0.50 / 1e6   // SNS publish (each SES event); deliveries to Lambda are free
	priceSchedulerInvoke = 1.00 / 1e6   // EventBridge Scheduler invocation, after 14 million free
	priceKMSRequest      = 0.03 / 10000 // KMS request (the events topic's key)
)

// BenchmarkRoundCost runs one whole round through the local stack (300
// applications, the close, 300 decisions, the decision emails, SES's
// events, publishing) and prints what it would cost on AWS: the IAM guard
// saw every call and DynamoDB Local reported the capacity each consumed;
// the stack timed every invocation at the template's memory sizes.
// `make cost` runs it.
func BenchmarkRoundCost(b *testing.B) {
	const apps = 300
	for range b.N {
		clock := stacktest.NewClock(springDay)
		st := stacktest.NewWith(b, stack.Options{Now: clock.Now, Params: map[string]string{"MailRate": "500"},
			Unthrottled: true}) // 300 submissions and decisions back to back: faster than the stage's throttling lets through
		s := &system{Stack: st, clock: clock, client: noRedirects()}
		ctx := context.Background()
		schedules := map[string]int{}
		fire := func(name string) {
			schedules[name]++
			if _, err := st.Fire(ctx, name); err != nil {
				b.Fatalf("%s: %v", name, err)
			}
		}

		refs := make([]string, apps)
		for i := range refs {
			code, ref := s.submitJSON(b, stacktest.UniqueName("cost")+"@kalix.example.se")
			if code != 201 {
				b.Fatalf("submit %d: %d", i, code)
			}
			refs[i] = ref
		}
		clock.Set(springCloses.Add(time.Second))
		fire("RoundsFunction/CloseSpring")
		clock.Set(springCloses.Add(2 * time.Minute))
		fire("RoundsFunction/SafetyNet") // the summary, once the index settled
		for i, ref := range refs {
			body := `{"outcome":"rejected","motivation":"Utanför programmets mål."}`
			if i < 20 {
				body = `{"outcome":"granted","amount":400000,"motivation":"Väl förankrat."}`
			}
			if res, out := s.staff(b, "POST", "/staff/applications/"+ref+"/decision", "application/json", body); res.StatusCode != 200 {
				b.Fatalf("decide %s: %d %s", ref, res.StatusCode, out)
			}
		}
		if res, out := s.staff(b, "GET", "/staff/rounds/2027-1/notify", "", ""); res.StatusCode != 200 {
			b.Fatalf("preview: %d %s", res.StatusCode, out)
		}
		if res, out := s.staff(b, "POST", "/staff/rounds/2027-1/notify", "application/json", ""); res.StatusCode != 200 {
			b.Fatalf("notify: %d %s", res.StatusCode, out)
		}
		for {
			fire("MailerFunction/Drain")
			if _, err := st.PublishMailEvents(ctx); err != nil {
				b.Fatal(err)
			}
			pending, _ := st.Env.Store.OutboxIn(ctx, programme.EmailPending, 1)
			if len(pending) == 0 {
				break
			}
			clock.Set(clock.Now().Add(time.Minute))
		}
		fire("RoundsFunction/SafetyNet")
		if r := s.roundStatus(b, "2027-1"); r.Status != "notified" {
			b.Fatalf("round %s, want notified", r.Status)
		}
		if res, _ := s.do(b, "GET", "/rounds/2027-1/granted", "", ""); res.StatusCode != 200 {
			b.Fatalf("published: %d", res.StatusCode)
		}
		report(b, st, schedules)
	}
}

// report prints the round's bill per function and per service.
func report(b *testing.B, st *stack.Stack, schedules map[string]int) {
	usage, calls, units := st.Usage.Functions(), st.Calls.Counts(), st.Calls.Units()
	fns := slices.Sorted(maps.Keys(usage))
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "function\tinvocations\tGB-s\tAWS calls\tRRU\tWRU\tSES msgs\tLambda $\tDynamoDB $\tSES $\tAPI GW $\t")
	var total, tLambda, tDB, tSES, tAPI float64
	var sesMsgs, httpReqs int
	for _, f := range fns {
		u, c := usage[f], calls[f]
		n := 0
		for _, calls := range c {
			n += calls
		}
		msgs := c["SES:SendEmail"]
		lambda := float64(u.Invocations)*priceLambdaRequest + u.GBSeconds()*priceLambdaGBSecond
		db := units[f].Read*priceDynamoRRU + units[f].Write*priceDynamoWRU
		ses := float64(msgs) * priceSESMessage
		api := 0.0
		if fn, ok := st.Template.Function(f); ok && len(fn.Routes) > 0 {
			api = float64(u.Invocations) * priceHTTPAPIRequest
			httpReqs += u.Invocations
		}
		sesMsgs += msgs
		tLambda, tDB, tSES, tAPI = tLambda+lambda, tDB+db, tSES+ses, tAPI+api
		total += lambda + db + ses + api
		fmt.Fprintf(w, "%s\t%d\t%.2f\t%d\t%.0f\t%.0f\t%d\t%.5f\t%.5f\t%.5f\t%.5f\t\n", f, u.Invocations, u.GBSeconds(), n,
			units[f].Read, units[f].Write, msgs, lambda, db, ses, api)
	}
	events := usage["EventsFunction"].Invocations // one SNS publish per SES event, one invocation per delivery
	nSched := 0
	for _, n := range schedules {
		nSched += n
	}
	sns := float64(events) * priceSNSPublish
	kms := float64(events) * priceKMSRequest // at most: SNS reuses a data key for a while
	sched := float64(nSched) * priceSchedulerInvoke
	total += sns + kms + sched
	fmt.Fprintf(w, "total\t\t\t\t\t\t%d\t%.5f\t%.5f\t%.5f\t%.5f\t\n", sesMsgs, tLambda, tDB, tSES, tAPI)
	w.Flush()
	fmt.Printf("\nplus SNS %d publishes $%.5f (Lambda deliveries free), KMS <= %d requests $%.5f, Scheduler %d invocations $%.7f\n",
		events, sns, events, kms, nSched, sched)
	fmt.Printf("HTTP API requests %d; one round of %d applications: $%.4f (US East list prices, 2025; free tiers not counted)\n",
		httpReqs, 300, total)
	fmt.Printf("standing cost of the schedules alone (rate(1 minute) mailer, rate(5 minutes) round job): %d invocations a month, "+
		"$%.4f Scheduler + their Lambda requests $%.4f\n", 43200+8640, float64(43200+8640)*priceSchedulerInvoke, float64(43200+8640)*priceLambdaRequest)
	b.ReportMetric(total, "USD/round")
}
