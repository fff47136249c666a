package programme

import (
	"errors"
	"time"
)

// AppSummary is an application as a listing shows it: what staff filter and
// sort a round's applications by, without the parties' contact details or
// the texts. The JSON names are the staff API's.
type AppSummary struct {
	Ref                 string `json:"reference"`
	Status              string `json:"status"`
	Type                string `json:"type"`
	Theme               string `json:"theme"`
	Title               string `json:"title"`
	SwedishOrganisation string `json:"swedishOrganisation"`
	PartnerOrganisation string `json:"partnerOrganisation"`
	Country             string `json:"country"`
	RequestedTotal      int64  `json:"requestedTotal"`
	GrantedAmount       int64  `json:"grantedAmount"`
	SubmittedAt         string `json:"submittedAt"` // fixed-width UTC, as stored: it sorts as a string
	DecisionQueued      bool   `json:"decisionQueued"`
}

// AppFilter narrows a round's applications; empty fields match all.
type AppFilter struct {
	Status  AppStatus
	Type    string
	Theme   string
	Country string
}

// GrantedProject is one granted project as published: who (municipality,
// partner, country), what (type, theme, title) and how much. It holds no
// contact people, emails or phone numbers, and must not: it is public. The
// JSON names are the published list's.
type GrantedProject struct {
	Ref                 string `json:"reference"`
	SwedishOrganisation string `json:"swedishOrganisation"`
	PartnerOrganisation string `json:"partnerOrganisation"`
	Country             string `json:"country"`
	Type                string `json:"type"`
	Theme               string `json:"theme"`
	Title               string `json:"title"`
	Amount              int64  `json:"amount"`
}

// AuditEntry is one line of an application's or a round's audit log: who
// changed what, when.
type AuditEntry struct {
	At     time.Time
	Actor  string
	Event  string
	Detail map[string]string
}

// ErrBadCursor: a page cursor that the listing never gave (a client's own,
// or one from another round or filter).
var ErrBadCursor = errors.New("invalid page cursor")
