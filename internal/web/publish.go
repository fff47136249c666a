package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
	"partnerskap/internal/publish"
)

// Granted serves GET /rounds/{id}/granted: a notified round's granted
// projects as a page, JSON (Accept or ?format=json) or CSV (?format=csv).
func Granted(svc *publish.Service) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		format := req.QueryStringParameters["format"]
		r, grants, err := svc.Granted(ctx, req.PathParameters["id"])
		if errors.Is(err, publish.ErrNotPublished) {
			if format == "json" || format == "csv" || wantsJSON(req) {
				return jsonResponse(http.StatusNotFound, problem{Error: "not_published", Message: i18n.NotPublished.In(lang)}), nil
			}
			return messagePage(ctx, http.StatusNotFound, lang, i18n.GrantedTitle, i18n.NotPublished.In(lang))
		}
		if err != nil {
			return eventsResponse{}, err
		}
		var total int64
		for _, g := range grants {
			total += g.Amount
		}
		switch {
		case format == "csv":
			return grantedCSV(r, grants, lang), nil
		case wantsJSON(req):
			return jsonResponse(http.StatusOK, map[string]any{"round": r.ID, "name": r.Name(lang), "total": total, "projects": list(grants)}), nil
		}
		p := GrantedPage{Page: newPage(lang, i18n.GrantedTitle, nil), RoundName: r.Name(lang),
			Count: i18n.ProjectsCount.Format(lang, i18n.Args{"n": strconv.Itoa(len(grants)), "total": programme.FormatSEK(total, lang)}),
			CSV:   "?" + url.Values{"format": {"csv"}, "lang": {string(lang)}}.Encode(),
			JSON:  "?" + url.Values{"format": {"json"}, "lang": {string(lang)}}.Encode()}
		for _, g := range grants {
			p.Rows = append(p.Rows, GrantedRow{SwedishOrganisation: g.SwedishOrganisation, PartnerOrganisation: g.PartnerOrganisation,
				Country: countryName(r, g.Country, lang), Type: programme.TypeName(programme.ProjectType(g.Type), lang),
				Theme: programme.ThemeName(programme.Theme(g.Theme), lang), Title: g.Title, Amount: programme.FormatSEK(g.Amount, lang),
				State: grantStateName(g.State, lang), Summary: g.Summary})
		}
		res, err := htmlPage(ctx, http.StatusOK, grantedView(p))
		if err == nil {
			res.Headers["Cache-Control"] = "public, max-age=300"
		}
		return res, err
	}
}

// GrantedPage is a round's granted projects, for everyone.
type GrantedPage struct {
	Page
	RoundName string
	Count     string // how many, and how much in all
	CSV, JSON string // the same list as files
	Rows      []GrantedRow
}

// GrantedRow is one granted project, every value in the page's language.
type GrantedRow struct {
	SwedishOrganisation, PartnerOrganisation, Country, Type, Theme, Title, Amount string
	State, Summary                                                                string
}

// grantStateName is a published grant's state ("" before it has one).
func grantStateName(s programme.GrantState, lang programme.Lang) string {
	if s == "" {
		return ""
	}
	return programme.GrantStateName(s, lang)
}

func countryName(r programme.Round, code string, lang programme.Lang) string {
	if c, ok := r.Rules.Country(code); ok {
		return c.Name(lang)
	}
	return code
}

// grantedCSV is a CSV that Excel opens right with Swedish characters: UTF-8
// with a byte-order mark, semicolons (Excel's separator where the decimal
// comma is used), CRLF, and cells that could start a formula defused.
func grantedCSV(r programme.Round, grants []publish.Grant, lang programme.Lang) events.APIGatewayV2HTTPResponse {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = ';', true
	_ = w.Write(csvHeader(lang, i18n.CSVReference, i18n.SwedishParty, i18n.Partner, i18n.Country, i18n.FieldType, i18n.FieldTheme,
		i18n.CSVTitle, i18n.CSVGranted, i18n.SGState, i18n.PublicSummary))
	for _, g := range grants {
		_ = w.Write([]string{cell(g.Ref), cell(g.SwedishOrganisation), cell(g.PartnerOrganisation), cell(countryName(r, g.Country, lang)),
			cell(programme.TypeName(programme.ProjectType(g.Type), lang)), cell(programme.ThemeName(programme.Theme(g.Theme), lang)),
			cell(g.Title), strconv.FormatInt(g.Amount, 10), cell(grantStateName(g.State, lang)), cell(g.Summary)})
	}
	w.Flush()
	res := respond(http.StatusOK, "text/csv; charset=utf-8", b.String())
	res.Headers["Content-Disposition"] = `attachment; filename="granted-` + r.ID + `.csv"`
	return res
}

// csvHeader is a CSV's first row: the columns' names in lang.
func csvHeader(lang programme.Lang, columns ...i18n.Key) []string {
	out := make([]string, len(columns))
	for i, k := range columns {
		out[i] = k.In(lang)
	}
	return out
}

// cell defuses a value a spreadsheet would run as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsAny(s[:1], "=+-@\t\r") {
		return "'" + s
	}
	return s
}
