package web

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// PrivacyPage is the privacy notice. Contact is the programme's address
// for questions about personal data; empty: the notice says to reply to the
// programme's emails instead.
type PrivacyPage struct {
	Page
	Contact string
}

// RetentionRow is one line of the retention table.
type RetentionRow struct{ Data, Period, Deletion string }

// Retention is what is kept, for how long and how it is deleted: the
// programme's retention table (programme.RetentionRules), as implemented.
func (p PrivacyPage) Retention() []RetentionRow {
	var rows []RetentionRow
	for _, r := range programme.RetentionRules {
		rows = append(rows, RetentionRow{p.T(r.Data), r.PeriodText(p.Lang), r.Deletion(p.Lang)})
	}
	return rows
}

// Privacy serves GET /privacy: the privacy notice, in Swedish or English.
func Privacy(contact string) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		return htmlPage(ctx, http.StatusOK, privacyView(PrivacyPage{Page: newPage(lang, i18n.PrivacyTitle, nil), Contact: contact}))
	}
}
