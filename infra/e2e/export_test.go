package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
	"partnerskap/internal/store"
	"partnerskap/internal/web"
)

// seedApplications writes n applications of a round straight into the
// table, in the shape Submit writes (store.ApplicationItem), with
// BatchWriteItem, 4 writers at once: varied Swedish and partner
// organisations, countries, types, themes and titles, all in review, one
// submitted every minute from at. long makes every title and organisation
// as long as the form allows. It returns the references in submission order.
func seedApplications(t testing.TB, s *system, roundID string, n int, at time.Time, long bool) []string {
	t.Helper()
	db := s.rawDB()
	table := s.Env.Store.Table()
	swedish := []string{"Kalix kommun", "Region Västernorrland", "Örnsköldsviks kommun", "Malmö stad", "Härnösands kommun", "Region Jönköpings län", "Umeå kommun", "Göteborgs Stad"}
	partners := []string{"Masaka District Local Government", "Kisumu County Government", "Municipality of Novi Sad", "Mairie de Kigali", "City of Lviv Council", "Municipalidad de Quetzaltenango"}
	countries := []string{"UG", "KE", "RS", "TZ", "UA", "GT", "ZA", "BA"}
	kinds := []programme.ProjectType{programme.Project, programme.ProjectThreeParty, programme.Dissemination}
	themes := []programme.Theme{"climate", "health", "integration", "dialogue", "gender"}
	titles := []string{"Vatten & miljö i %s", "Ungas inflytande i lokala beslut, %s", "Jämställd representation i fullmäktige (%s)", "Avfallshantering och återvinning: steg %s", "Digital medborgardialog för äldre i %s"}
	refs := make([]string, n)
	items := make([]map[string]types.AttributeValue, n)
	for i := range n {
		tok := programme.NewToken()
		ref := programme.RefFor(tok)
		title := fmt.Sprintf(titles[i%len(titles)], fmt.Sprint(i))
		se, pa := swedish[i%len(swedish)], partners[i%len(partners)]
		if long {
			title = fill("Ö", 200, title)
			se, pa = fill("å", 200, se), fill("ä", 200, pa)
		}
		app := programme.Application{Ref: ref, RoundID: roundID, Lang: programme.Swedish,
			SwedishParty: programme.Party{Organisation: se, ContactName: "Anna Andersson", Email: fmt.Sprintf("anna%d@example.se", i), Phone: "+46 611 123 45"},
			Partner:      programme.Party{Organisation: pa, Country: countries[i%len(countries)], ContactName: "John Okello", Email: fmt.Sprintf("john%d@example.org", i)},
			Type:         kinds[i%len(kinds)], Theme: themes[i%len(themes)], Title: title,
			Summary: "Projektet stärker den lokala förvaltningen.", Objectives: "Fler unga deltar i besluten.",
			DurationYears: 2, BudgetPerYear: []int64{400000, 350000},
			Status: programme.AppInReview, SubmittedAt: at.Add(time.Duration(i) * time.Minute).UTC(), Version: 2}
		item, err := store.ApplicationItem(app, store.Secrets{TokenHash: programme.Hash(tok), StatusKeyHash: programme.Hash(tok + "k")})
		if err != nil {
			t.Fatal(err)
		}
		refs[i], items[i] = ref, item
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for i := w * 25; i < n; i += 4 * 25 {
				reqs := make([]types.WriteRequest, 0, 25)
				for _, it := range items[i:min(i+25, n)] {
					reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
				}
				for len(reqs) > 0 {
					out, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: reqs}})
					if err != nil {
						errs <- err
						return
					}
					reqs = out.UnprocessedItems[table]
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	return refs
}

// rawDB is a DynamoDB client of the test itself (not a function's, whose
// calls are held to its policy), for writing straight into the table.
func (s *system) rawDB() *dynamodb.Client {
	return dynamodb.NewFromConfig(s.Env.AWS, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(s.DynamoDBEndpoint)
		o.DisableValidateResponseChecksum = true
	})
}

// fill pads s with r up to n characters (runes).
func fill(r string, n int, s string) string {
	for len([]rune(s)) < n {
		s += r
	}
	return s
}

// A round of 10,000 applications through the local API, with AWS's limits
// (Lambda's 6 MB response, the function's 10 s timeout, the HTTP API's 30 s):
// the JSON listing arrives whole a page at a time (1,000 a page, in order,
// with filters too), so do the staff pages, and the CSV arrives as one file
// with every application, compressed when the client takes gzip and as it
// is when not; so does the workbook for Excel.
func TestExportOf10000Applications(t *testing.T) {
	const n = 10000
	s := newSystem(t)
	t0 := time.Now()
	refs := seedApplications(t, s, "2027-1", n, springCloses.Add(-30*24*time.Hour), false)
	t.Logf("seeded %d applications in %v", n, time.Since(t0))
	const base = "/staff/rounds/2027-1/applications"

	// JSON, page by page: every application once, in submission order.
	type page struct {
		Applications []programme.AppSummary
		Next         *string
	}
	follow := func(query string) (got []string, pages int) {
		next := ""
		for {
			q := query
			if next != "" {
				q += "&next=" + url.QueryEscape(next)
			}
			t0 := time.Now()
			res, body := s.staff(t, "GET", base+"?"+q, "", "", "Accept", "application/json")
			var p page
			if err := json.Unmarshal([]byte(body), &p); res.StatusCode != 200 || err != nil {
				t.Fatalf("%s: %d %.300s", q, res.StatusCode, body)
			}
			if len(p.Applications) > web.MaxPage {
				t.Fatalf("%s: a page of %d", q, len(p.Applications))
			}
			if pages == 0 {
				t.Logf("JSON %s: first page %d applications, %d bytes, %v", query, len(p.Applications), len(body), time.Since(t0))
			}
			pages++
			for _, a := range p.Applications {
				got = append(got, a.Ref)
			}
			if p.Next == nil {
				return got, pages
			}
			if *p.Next == "" || pages > n {
				t.Fatalf("%s: next %q after %d pages", q, *p.Next, pages)
			}
			next = *p.Next
		}
	}
	t0 = time.Now()
	got, pages := follow("lang=en")
	if !slices.Equal(got, refs) || pages != n/web.MaxPage {
		t.Fatalf("JSON: %d applications in %d pages, want all %d in order in %d", len(got), pages, n, n/web.MaxPage)
	}
	t.Logf("JSON: %d applications in %d pages, %v", len(got), pages, time.Since(t0))
	got, pages = follow("limit=300")
	if !slices.Equal(got, refs) || pages != n/300+1 {
		t.Fatalf("JSON by 300: %d applications in %d pages", len(got), pages)
	}
	var want []string // country UG: every 8th (seedApplications)
	for i := 0; i < n; i += 8 {
		want = append(want, refs[i])
	}
	if got, _ = follow("country=UG&status=in_review&limit=700"); !slices.Equal(got, want) {
		t.Fatalf("JSON filtered: %d applications, want %d", len(got), len(want))
	}
	for _, bad := range []string{"limit=0", "limit=1001", "limit=ten", "next=bm90IGEga2V5", "next=%25%25", "status=submitted&next=" +
		base64.RawURLEncoding.EncodeToString([]byte("in_review#2027-02-13T15:00:00.000Z#KP-0000000000"))} {
		if res, body := s.staff(t, "GET", base+"?"+bad, "", "", "Accept", "application/json"); res.StatusCode != 400 {
			t.Errorf("%s: %d %.200s, want 400", bad, res.StatusCode, body)
		}
	}

	// The staff pages: a thousand rows each, a link to the next.
	rows := 0
	path := base + "?lang=sv"
	for pages = 0; path != ""; pages++ {
		res, body := s.staff(t, "GET", path, "", "")
		if res.StatusCode != 200 || pages > n {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		rows += strings.Count(body, `<td><a href="/staff/applications/`) // each row's reference (after its checkbox)
		if !strings.Contains(body, `href="?format=csv&amp;lang=sv"`) {
			t.Fatalf("%s: no link to the whole CSV", path)
		}
		path = ""
		if m := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(body); m != nil {
			path = base + html.UnescapeString(m[1])
		}
	}
	if rows != n || pages != n/web.MaxPage {
		t.Fatalf("staff pages: %d rows in %d pages", rows, pages)
	}

	// The CSV: one file, every application, with and without gzip.
	for _, enc := range []string{"gzip", "identity"} {
		t0 := time.Now()
		res, body := s.staff(t, "GET", base+"?format=csv&lang=en", "", "", "Accept-Encoding", enc)
		took := time.Since(t0)
		if res.StatusCode != 200 {
			t.Fatalf("CSV (%s): %d %.300s", enc, res.StatusCode, body)
		}
		raw := []byte(body)
		if enc == "gzip" {
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("CSV not compressed for a client that takes gzip: %v", res.Header)
			}
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if raw, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		} else if res.Header.Get("Content-Encoding") != "" {
			t.Fatalf("CSV compressed for a client that does not take it: %v", res.Header)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff"))))
		r.Comma = ';'
		records, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(records) != n+1 || records[0][0] != "Reference" {
			t.Fatalf("CSV (%s): %d records, want a header and %d", enc, len(records), n)
		}
		for i, rec := range records[1:] {
			if rec[0] != refs[i] {
				t.Fatalf("CSV (%s) row %d is %s, want %s", enc, i+1, rec[0], refs[i])
			}
		}
		t.Logf("CSV (%s): %d rows, %d bytes sent, %d bytes of CSV, %v", enc, len(records)-1, len(body), len(raw), took)
	}

	// The workbook for Excel (ExportFunction): one file, every application.
	t0 = time.Now()
	res, body := s.staff(t, "GET", "/staff/rounds/2027-1/applications.xlsx?lang=en", "", "")
	took := time.Since(t0)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != xlsxType {
		t.Fatalf("workbook: %d %v %.300s", res.StatusCode, res.Header, body)
	}
	sheetRows, err := openWorkbook(t, body).GetRows("Applications")
	if err != nil || len(sheetRows) != n+1 {
		t.Fatalf("workbook: %d rows (%v), want a header and %d", len(sheetRows), err, n)
	}
	for i, row := range sheetRows[1:] {
		if row[0] != refs[i] {
			t.Fatalf("workbook row %d is %s, want %s", i+1, row[0], refs[i])
		}
	}
	t.Logf("workbook: %d rows, %d bytes of .xlsx (%d base64-encoded in the response), %v", len(sheetRows)-1, len(body),
		base64.StdEncoding.EncodedLen(len(body)), took)
}
