package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/xuri/excelize/v2"

	"partnerskap/internal/programme"
	"partnerskap/internal/sheet/xlsx"
	"partnerskap/internal/staff"
	"partnerskap/internal/store"
)

// exportStore is the two reads the export makes (staff.Service.Applications);
// any other call panics on the nil staff.Store.
type exportStore struct {
	staff.Store
	round programme.Round
	apps  []programme.AppSummary
	got   programme.AppFilter
}

func (s *exportStore) Round(_ context.Context, id string) (programme.Round, error) {
	if id != s.round.ID {
		return programme.Round{}, store.ErrNotFound
	}
	return s.round, nil
}

func (s *exportStore) Applications(_ context.Context, roundID string, f programme.AppFilter) ([]programme.AppSummary, error) {
	s.got = f
	return s.apps, nil
}

func exportRequest(id, query string) events.APIGatewayV2HTTPRequest {
	q := map[string]string{}
	for kv := range strings.SplitSeq(query, "&") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			q[k] = v
		}
	}
	return events.APIGatewayV2HTTPRequest{RouteKey: "GET /staff/rounds/{id}/applications.xlsx", RawQueryString: query,
		QueryStringParameters: q, PathParameters: map[string]string{"id": id}}
}

// openXLSX reads a handler's response as the browser saves it.
func openXLSX(t *testing.T, res events.APIGatewayV2HTTPResponse) *excelize.File {
	t.Helper()
	if res.StatusCode != 200 || !res.IsBase64Encoded || res.Headers["Content-Type"] != xlsxContentType {
		t.Fatalf("%d base64 %v %q, want 200, an .xlsx, base64-encoded", res.StatusCode, res.IsBase64Encoded, res.Headers["Content-Type"])
	}
	b, err := base64.StdEncoding.DecodeString(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// The workbook of a round's applications: headings in the page's language,
// a date cell is a number with a date format (Swedish time), amounts are
// numbers, a title starting with "=" (or smuggling one past a CSV reader's
// commas) stays text; an attachment with a safe name; the listing's filters
// are passed on.
func TestApplicationsWorkbookHasTypedCells(t *testing.T) {
	r := testRound()
	r.ID = `2027-1"; x=.exe`
	apps := []programme.AppSummary{
		{Ref: "KP-AAAAAAAAAA", Status: "granted", Type: "project", Theme: "climate", Title: "=HYPERLINK(\"http://evil\",\"x\")",
			SwedishOrganisation: "Kalix kommun", PartnerOrganisation: "+Masaka", Country: "KE", RequestedTotal: 750000, GrantedAmount: 600000,
			SubmittedAt: "2027-03-15T14:59:59.999Z"},
		{Ref: "KP-BBBBBBBBBB", Status: "rejected", Type: "project", Theme: "climate", Title: "a,=1+1", SwedishOrganisation: "@Umeå",
			PartnerOrganisation: "-1", Country: "XX", RequestedTotal: 1_250_000, SubmittedAt: "2027-01-10T08:00:00.000Z"},
	}
	st := &exportStore{round: r, apps: apps}
	h := StaffApplicationsXLSX(&staff.Service{Store: st, Now: time.Now}, xlsx.Write)
	res, err := h(context.Background(), exportRequest(r.ID, "lang=en&status=granted&country=KE&type=project&theme=climate"))
	if err != nil {
		t.Fatal(err)
	}
	if st.got != (programme.AppFilter{Status: programme.AppGranted, Country: "KE", Type: "project", Theme: "climate"}) {
		t.Errorf("filter %+v, want the query's", st.got)
	}
	if xlsxContentType != xlsx.ContentType {
		t.Errorf("Content-Type %s, the writer's is %s", xlsxContentType, xlsx.ContentType)
	}
	if d := res.Headers["Content-Disposition"]; d != `attachment; filename="applications-2027-1___x_.exe.xlsx"` {
		t.Errorf("Content-Disposition %s", d)
	}
	if res.Headers["Cache-Control"] != "no-store" || res.Headers["X-Content-Type-Options"] != "nosniff" {
		t.Errorf("headers %v", res.Headers)
	}
	f := openXLSX(t, res)
	if s := f.GetSheetList(); len(s) != 1 || s[0] != "Applications" {
		t.Fatalf("sheets %v", s)
	}
	rows, err := f.GetRows("Applications")
	if err != nil || len(rows) != 3 {
		t.Fatalf("%d rows %v", len(rows), err)
	}
	want := "Reference|Status|Swedish party|Partner|Country|Project type|Theme|Title|Requested (SEK)|Granted (SEK)|Received (Swedish time)"
	if got := strings.Join(rows[0], "|"); got != want {
		t.Fatalf("headings %s, want %s", got, want)
	}
	cell := func(ref string) (raw, shown string, typ excelize.CellType, formula string) {
		raw, _ = f.GetCellValue("Applications", ref, excelize.Options{RawCellValue: true})
		shown, _ = f.GetCellValue("Applications", ref)
		typ, _ = f.GetCellType("Applications", ref)
		formula, _ = f.GetCellFormula("Applications", ref)
		return
	}
	// Text stays text: what was typed, no formula.
	for ref, v := range map[string]string{"H2": apps[0].Title, "H3": "a,=1+1", "C3": "@Umeå", "D2": "+Masaka", "D3": "-1", "A2": "KP-AAAAAAAAAA",
		"B2": "Granted", "B3": "Rejected", "E2": r.Rules.Countries[0].NameEn, "E3": "XX"} {
		if raw, _, typ, formula := cell(ref); raw != v || typ != excelize.CellTypeInlineString || formula != "" {
			t.Errorf("%s: %q type %v formula %q, want the text %q", ref, raw, typ, formula, v)
		}
	}
	// Amounts are numbers; nothing granted is an empty cell.
	for ref, v := range map[string]int64{"I2": 750000, "J2": 600000, "I3": 1_250_000} {
		if raw, shown, _, _ := cell(ref); raw != strconv.FormatInt(v, 10) || !strings.Contains(shown, ",") {
			t.Errorf("%s: %q shown %q, want the number %d with thousands", ref, raw, shown, v)
		}
	}
	if raw, _, _, _ := cell("J3"); raw != "" {
		t.Errorf("J3: %q, want empty (rejected)", raw)
	}
	// The instant is a date: a serial number with a date format, on Swedish clocks.
	for ref, v := range map[string]string{"K2": "2027-03-15 15:59:59", "K3": "2027-01-10 09:00:00"} {
		raw, shown, _, _ := cell(ref)
		if _, err := strconv.ParseFloat(raw, 64); err != nil || shown != v {
			t.Errorf("%s: raw %q shown %q, want a serial date shown %s", ref, raw, shown, v)
		}
		id, _ := f.GetCellStyle("Applications", ref)
		if s, err := f.GetStyle(id); err != nil || s.CustomNumFmt == nil || *s.CustomNumFmt != xlsx.DateFormat {
			t.Errorf("%s: style %+v, want the date format", ref, s)
		}
	}

	// In Swedish by default.
	res, err = h(context.Background(), exportRequest(r.ID, ""))
	if err != nil {
		t.Fatal(err)
	}
	f = openXLSX(t, res)
	rows, _ = f.GetRows("Ansökningar")
	if len(rows) != 3 || rows[0][0] != "Referens" || rows[0][10] != "Inkommen (svensk tid)" || rows[1][1] != "Beviljad" {
		t.Fatalf("Swedish workbook: %v", rows)
	}

	// An unknown round is the usual 404.
	if _, err := h(context.Background(), exportRequest("nope", "")); !errors.Is(err, staff.ErrUnknownRound) {
		t.Errorf("unknown round: %v", err)
	}
}

// A round of 10,000 applications arrives as one workbook, far inside
// Lambda's 6 MB response (base64 and the runtime's JSON counted); one so
// large that it would not fit is refused with export_too_large, never sent
// to meet API Gateway's 502.
func TestAWholeRoundFitsLambdasResponseAsXLSX(t *testing.T) {
	const n = 10000
	r := testRound()
	rnd := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("vatten miljö unga inflytande lokala beslut jämställd representation fullmäktige avfallshantering återvinning " +
		"digital medborgardialog äldre kommun region förvaltning samarbete hållbar utveckling demokrati skola hälsa")
	sentence := func(max int) string {
		var b strings.Builder
		for b.Len() < max-20 {
			b.WriteString(words[rnd.IntN(len(words))] + " ")
		}
		return strings.TrimSpace(b.String())
	}
	random := func(chars int) string { // the worst case: no word repeats
		rs := make([]rune, chars)
		for i := range rs {
			rs[i] = rune(0x4e00 + rnd.IntN(0x5000)) // 3 bytes each in UTF-8, and no two alike
		}
		return string(rs)
	}
	measure := func(name string, app func(i int) programme.AppSummary) (events.APIGatewayV2HTTPResponse, error) {
		apps := make([]programme.AppSummary, n)
		for i := range apps {
			apps[i] = app(i)
		}
		h := StaffApplicationsXLSX(&staff.Service{Store: &exportStore{round: r, apps: apps}, Now: time.Now}, xlsx.Write)
		t0 := time.Now()
		res, err := h(context.Background(), exportRequest(r.ID, "lang=sv"))
		took := time.Since(t0)
		b, _ := xlsx.Write(applicationsSheet(r, apps, programme.Swedish))
		t.Logf("%s: %d applications, %d bytes of .xlsx, %d bytes as Lambda would count the response (limit %d), %v: %v",
			name, n, len(b), PayloadSize(respond(200, xlsxContentType, base64.StdEncoding.EncodeToString(b))), maxResponsePayload, took, err)
		return res, err
	}
	at := time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)
	summary := func(i int) programme.AppSummary {
		return programme.AppSummary{Ref: fmt.Sprintf("KP-%010d", i), Status: "in_review", Type: "project", Theme: "climate", Country: "KE",
			RequestedTotal: int64(100000 + i*37), SubmittedAt: at.Add(time.Duration(i) * time.Minute).Format("2006-01-02T15:04:05.000Z")}
	}

	// Realistic: titles and organisations as people write them, at the form's 200 characters.
	res, err := measure("realistic, every text 200 characters", func(i int) programme.AppSummary {
		a := summary(i)
		a.Title, a.SwedishOrganisation, a.PartnerOrganisation = sentence(200), sentence(200), sentence(200)
		return a
	})
	if err != nil || responsePayload(res) > maxResponsePayload/2 {
		t.Fatalf("%d realistic applications: %v, %d bytes: over half of Lambda's %d", n, err, responsePayload(res), maxResponsePayload)
	}
	f := openXLSX(t, res)
	if rows, _ := f.GetRows("Ansökningar"); len(rows) != n+1 {
		t.Fatalf("%d rows, want %d and the header", len(rows), n)
	}

	// The worst case: 600 characters of incompressible text per application.
	res, err = measure("worst case, 600 random 3-byte characters each", func(i int) programme.AppSummary {
		a := summary(i)
		a.Title, a.SwedishOrganisation, a.PartnerOrganisation = random(200), random(200), random(200)
		return a
	})
	if err == nil && responsePayload(res) > maxResponsePayload {
		t.Fatalf("a response of %d bytes was sent: over Lambda's %d", responsePayload(res), maxResponsePayload)
	}
	if err != nil && !errors.Is(err, errExportTooLarge) {
		t.Fatal(err)
	}
}
