package e2e

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// openWorkbook reads a downloaded .xlsx.
func openWorkbook(t testing.TB, body string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("not an .xlsx: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// The workbook for Excel through the local API (ExportFunction, its own
// Lambda, held to its own policy by the IAM guard), as staff get it from
// the applications page: the page links to it with its filters and
// language; the file is an attachment with typed cells (amounts numbers,
// instants dates on Swedish clocks, text text); filters narrow it; an
// unknown round is a 404; and no byte of it goes to a request without a
// staff sign-in.
func TestApplicationsWorkbookThroughTheLocalAPI(t *testing.T) {
	s := newSystem(t)
	const n = 40
	at := springCloses.Add(-10 * 24 * time.Hour)
	refs := seedApplications(t, s, "2027-1", n, at, false)

	res, body := s.staff(t, "GET", "/staff/rounds/2027-1/applications?lang=en&country=UG", "", "")
	if link := `href="/staff/rounds/2027-1/applications.xlsx?country=UG&amp;lang=en"`; res.StatusCode != 200 || !strings.Contains(body, link) {
		t.Fatalf("applications page: %d, no %s", res.StatusCode, link)
	}

	t0 := time.Now()
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1/applications.xlsx?lang=en", "", "")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != xlsxType ||
		res.Header.Get("Content-Disposition") != `attachment; filename="applications-2027-1.xlsx"` {
		t.Fatalf("workbook: %d %v\n%.300s", res.StatusCode, res.Header, body)
	}
	t.Logf("%d applications: %d bytes of .xlsx in %v", n, len(body), time.Since(t0))
	f := openWorkbook(t, body)
	rows, err := f.GetRows("Applications")
	if err != nil || len(rows) != n+1 || rows[0][0] != "Reference" || rows[0][10] != "Received (Swedish time)" {
		t.Fatalf("%d rows (%v), header %v", len(rows), err, rows[0])
	}
	for i, ref := range refs {
		row := strconv.Itoa(i + 2)
		if rows[i+1][0] != ref {
			t.Fatalf("row %s is %s, want %s", row, rows[i+1][0], ref)
		}
		if typ, _ := f.GetCellType("Applications", "H"+row); typ != excelize.CellTypeInlineString {
			t.Errorf("H%s (title): type %v, want text", row, typ)
		}
		if raw, _ := f.GetCellValue("Applications", "I"+row, excelize.Options{RawCellValue: true}); raw != "750000" {
			t.Errorf("I%s (requested): %q, want the number 750000", row, raw)
		}
		raw, _ := f.GetCellValue("Applications", "K"+row, excelize.Options{RawCellValue: true})
		serial, err := strconv.ParseFloat(raw, 64)
		when, _ := excelize.ExcelDateToTime(serial, false)
		local := at.Add(time.Duration(i) * time.Minute).In(programme.Stockholm)
		if err != nil || when.Format(time.DateTime) != local.Format(time.DateTime) {
			t.Errorf("K%s (received): %q (%v), want the serial date of %v", row, raw, when, local)
		}
	}
	if rows[1][4] != "Uganda" || rows[1][1] != "In review" {
		t.Errorf("first row %v: want country and status named in English", rows[1])
	}

	// The listing's filters narrow it; Swedish by default.
	res, body = s.staff(t, "GET", "/staff/rounds/2027-1/applications.xlsx?country=UG", "", "")
	if res.StatusCode != 200 {
		t.Fatalf("filtered: %d", res.StatusCode)
	}
	rows, _ = openWorkbook(t, body).GetRows("Ansökningar")
	if len(rows) != n/8+1 || rows[1][0] != refs[0] || rows[2][0] != refs[8] || rows[0][0] != "Referens" {
		t.Fatalf("filtered on UG: %d rows, want %d (every 8th) under Swedish headings", len(rows)-1, n/8)
	}

	if res, body := s.staff(t, "GET", "/staff/rounds/1999-9/applications.xlsx", "", "", "Accept", "application/json"); res.StatusCode != 404 {
		t.Errorf("unknown round: %d %.200s", res.StatusCode, body)
	}

	// Without a sign-in: refused (401), or a browser sent to sign in;
	// never the file.
	for _, h := range [][]string{nil, {"Accept", "text/html", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"}, {"Authorization", "Bearer x.y.z"}} {
		res, body := s.do(t, "GET", "/staff/rounds/2027-1/applications.xlsx", "", "", h...)
		if res.StatusCode == 200 || res.Header.Get("Content-Type") == xlsxType || strings.HasPrefix(body, "PK") {
			t.Errorf("anonymous %v: %d %s", h, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}

	// The function reads with Query only (the round on the table, the
	// applications on GSI1), as its policy allows.
	calls := s.Calls.Counts()["ExportFunction"]
	for action := range calls {
		if !strings.EqualFold(action, "dynamodb:Query") {
			t.Errorf("ExportFunction called %s", action)
		}
	}
	if len(calls) == 0 {
		t.Error("the IAM guard saw no call of ExportFunction")
	}
}

// ExportFunction's policy is what the export needs and no more: without
// Query on GSI1 (the round's applications) the workbook fails as it would
// on AWS, the refusal counted by the IAM guard.
func TestWorkbookNeedsQueryOnGSI1(t *testing.T) {
	clock := stacktest.NewClock(springDay)
	st := stacktest.NewWith(t, stack.Options{Now: clock.Now, Template: withoutGrant(t, "ExportFunction", "dynamodb:Query", "${Table.Arn}/index/GSI1")})
	st.ExpectDenials = true
	s := &system{Stack: st, clock: clock, client: noRedirects()}
	if res, _ := s.staff(t, "GET", "/staff/rounds/2027-1/applications.xlsx", "", ""); res.StatusCode != 500 {
		t.Fatalf("without Query on GSI1: %d, want 500", res.StatusCode)
	}
	if n := st.Calls.Denied()["ExportFunction"]["dynamodb:Query"]; n == 0 {
		t.Fatalf("the guard counted no refusal: %v", st.Calls.Denied())
	}
}
