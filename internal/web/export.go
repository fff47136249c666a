package web

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
	"partnerskap/internal/sheet"
	"partnerskap/internal/staff"
)

// xlsxContentType is the media type of an Excel workbook (.xlsx).
const xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// StaffApplicationsXLSX serves GET /staff/rounds/{id}/applications.xlsx: a
// round's applications (with the listing's filters: status, type, theme,
// country) as one Excel workbook for people: headings in the page's
// language, instants as dates in Swedish time, amounts as numbers, text
// never a formula. write makes the workbook (xlsx.Write); the export
// function's main gives it, so only that binary links the spreadsheet
// library. The listing's CSV and JSON (StaffApplications) are for machines.
func StaffApplicationsXLSX(svc *staff.Service, write sheet.Writer) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		q := req.QueryStringParameters
		f := programme.AppFilter{Status: programme.AppStatus(q["status"]), Type: q["type"], Theme: q["theme"], Country: q["country"]}
		r, apps, err := svc.Applications(ctx, req.PathParameters["id"], f)
		if err != nil {
			return eventsResponse{}, err
		}
		b, err := write(applicationsSheet(r, apps, requestLang(req)))
		if err != nil {
			return eventsResponse{}, err
		}
		res := respond(http.StatusOK, xlsxContentType, base64.StdEncoding.EncodeToString(b))
		res.IsBase64Encoded = true
		res.Headers["Content-Disposition"] = `attachment; filename="applications-` + fileSafe(r.ID) + `.xlsx"`
		res.Headers["Cache-Control"] = "no-store"
		if responsePayload(res) > maxResponsePayload {
			return eventsResponse{}, errExportTooLarge
		}
		return res, nil
	}
}

// applicationsSheet is the workbook's one sheet: the CSV's columns, every
// label in lang, submission instants on Swedish clocks, amounts as numbers
// (the granted amount empty until there is one).
func applicationsSheet(r programme.Round, apps []programme.AppSummary, lang programme.Lang) sheet.Table {
	t := sheet.Table{Name: i18n.ApplicationsTitle.In(lang), Columns: []sheet.Column{
		{Heading: i18n.CSVReference.In(lang), Kind: sheet.Text, Width: 15},
		{Heading: i18n.Status.In(lang), Kind: sheet.Text, Width: 18},
		{Heading: i18n.SwedishParty.In(lang), Kind: sheet.Text, Width: 30},
		{Heading: i18n.Partner.In(lang), Kind: sheet.Text, Width: 30},
		{Heading: i18n.Country.In(lang), Kind: sheet.Text, Width: 18},
		{Heading: i18n.FieldType.In(lang), Kind: sheet.Text, Width: 24},
		{Heading: i18n.FieldTheme.In(lang), Kind: sheet.Text, Width: 20},
		{Heading: i18n.CSVTitle.In(lang), Kind: sheet.Text, Width: 50},
		{Heading: i18n.CSVRequested.In(lang), Kind: sheet.SEK},
		{Heading: i18n.CSVGranted.In(lang), Kind: sheet.SEK},
		{Heading: i18n.ExportReceived.In(lang), Kind: sheet.Instant},
	}, Rows: make([][]any, 0, len(apps))}
	for _, a := range apps {
		var granted, received any
		if a.GrantedAmount != 0 {
			granted = a.GrantedAmount
		}
		if at, err := time.Parse(time.RFC3339Nano, a.SubmittedAt); err == nil {
			received = at.In(programme.Stockholm)
		} else if a.SubmittedAt != "" {
			received = a.SubmittedAt // not an instant: shown as stored
		}
		t.Rows = append(t.Rows, []any{a.Ref, programme.StatusName(programme.AppStatus(a.Status), lang), a.SwedishOrganisation,
			a.PartnerOrganisation, countryName(r, a.Country, lang), programme.TypeName(programme.ProjectType(a.Type), lang),
			programme.ThemeName(programme.Theme(a.Theme), lang), a.Title, a.RequestedTotal, granted, received})
	}
	return t
}

// fileSafe is s for a file name in a Content-Disposition header: letters,
// digits, '.', '-' and '_' kept, anything else '_'.
func fileSafe(s string) string {
	return strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' {
			return c
		}
		return '_'
	}, s)
}
