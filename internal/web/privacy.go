package web

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/internal/i18n"
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

// Retention is what is kept and for how long. Nothing is deleted by the
// system yet: every row says so, until the deletion it names is built.
func (p PrivacyPage) Retention() []RetentionRow {
	notYet := p.T(i18n.RetentionNotImplemented)
	return []RetentionRow{
		{p.T(i18n.RetentionSubmitted), p.T(i18n.RetentionSubmittedPeriod), notYet},
		{p.T(i18n.RetentionEmails), p.T(i18n.RetentionEmailsPeriod), notYet},
		{p.T(i18n.RetentionRejected), p.T(i18n.RetentionRejectedPeriod), notYet},
		{p.T(i18n.RetentionGranted), p.T(i18n.RetentionGrantedPeriod), notYet},
	}
}

// Privacy serves GET /privacy: the privacy notice, in Swedish or English.
func Privacy(contact string) Handler {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		lang := requestLang(req)
		return htmlPage(ctx, http.StatusOK, privacyView(PrivacyPage{Page: newPage(lang, i18n.PrivacyTitle, nil), Contact: contact}))
	}
}
