package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

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
				return jsonResponse(http.StatusNotFound, problem{Error: "not_published", Message: words(lang)["notPublished"]}), nil
			}
			return messagePage(http.StatusNotFound, lang, "grantedTitle", words(lang)["notPublished"]), nil
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
		type row struct {
			publish.Grant
			CountryName, TypeName, ThemeName, AmountText string
		}
		p := struct {
			page
			RoundName, Total, CSV, JSON string
			Rows                        []row
		}{page: newPage(lang, "grantedTitle", nil), RoundName: r.Name(lang), Total: programme.FormatSEK(total, lang),
			CSV: "?format=csv&lang=" + string(lang), JSON: "?format=json&lang=" + string(lang)}
		for _, g := range grants {
			p.Rows = append(p.Rows, row{g, countryName(r, g.Country, lang), programme.TypeName(programme.ProjectType(g.Type), lang),
				programme.ThemeName(programme.Theme(g.Theme), lang), programme.FormatSEK(g.Amount, lang)})
		}
		res := htmlPage(http.StatusOK, "granted", p)
		res.Headers["Cache-Control"] = "public, max-age=300"
		return res, nil
	}
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
	head := map[programme.Lang][]string{
		programme.Swedish: {"Referens", "Svensk part", "Partner", "Land", "Projekttyp", "Tema", "Titel", "Beviljat (kr)"},
		programme.English: {"Reference", "Swedish party", "Partner", "Country", "Project type", "Theme", "Title", "Granted (SEK)"},
	}[lang]
	_ = w.Write(head)
	for _, g := range grants {
		_ = w.Write([]string{cell(g.Ref), cell(g.SwedishOrganisation), cell(g.PartnerOrganisation), cell(countryName(r, g.Country, lang)),
			cell(programme.TypeName(programme.ProjectType(g.Type), lang)), cell(programme.ThemeName(programme.Theme(g.Theme), lang)),
			cell(g.Title), strconv.FormatInt(g.Amount, 10)})
	}
	w.Flush()
	res := respond(http.StatusOK, "text/csv; charset=utf-8", b.String())
	res.Headers["Content-Disposition"] = `attachment; filename="granted-` + r.ID + `.csv"`
	return res
}

// cell defuses a value a spreadsheet would run as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsAny(s[:1], "=+-@\t\r") {
		return "'" + s
	}
	return s
}
