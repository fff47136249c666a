package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

func appPK(ref string) string { return "APP#" + ref }

// appSK is an application's GSI1 sort key: by status, then submission time.
func appGSI1SK(status programme.AppStatus, submittedAt time.Time, ref string) string {
	return string(status) + "#" + fmtTime(submittedAt) + "#" + ref
}

type partyItem struct {
	Organisation string `dynamodbav:"organisation"`
	Country      string `dynamodbav:"country,omitempty"`
	ContactName  string `dynamodbav:"contactName"`
	Email        string `dynamodbav:"email"`
	Phone        string `dynamodbav:"phone,omitempty"`
}

// memberItem is one person of an application's team: the party they come
// with, their role (never a party affiliation: programme/team.go) and name.
type memberItem struct {
	Party programme.PartyRole `dynamodbav:"party"`
	Role  programme.TeamRole  `dynamodbav:"role"`
	Name  string              `dynamodbav:"name"`
}

// appItem is an application as stored. swedishOrganisation, partnerCountry
// and requestedTotal repeat nested values at the top level so GSI1 can
// project them for listings.
type appItem struct {
	PK                  string     `dynamodbav:"PK"`
	SK                  string     `dynamodbav:"SK"`
	GSI1PK              string     `dynamodbav:"GSI1PK"`
	GSI1SK              string     `dynamodbav:"GSI1SK"`
	Entity              string     `dynamodbav:"entity"`
	Ref                 string     `dynamodbav:"id"`
	RoundID             string     `dynamodbav:"roundId"`
	Lang                string     `dynamodbav:"lang"`
	SwedishParty        partyItem  `dynamodbav:"swedishParty"`
	Partner             partyItem  `dynamodbav:"partner"`
	ThirdParty          *partyItem `dynamodbav:"thirdParty,omitempty"`
	Type                string     `dynamodbav:"type"`
	Theme               string     `dynamodbav:"theme"`
	Title               string     `dynamodbav:"title"`
	Summary             string     `dynamodbav:"summary"`
	Objectives          string     `dynamodbav:"objectives"`
	DurationYears       int        `dynamodbav:"durationYears"`
	BudgetPerYear       []int64    `dynamodbav:"budgetPerYear"`
	Documents           []docAttr  `dynamodbav:"documents,omitempty"`
	Status              string     `dynamodbav:"status"`
	SubmittedAt         string     `dynamodbav:"submittedAt"`
	Version             int64      `dynamodbav:"version"`
	SwedishOrganisation string     `dynamodbav:"swedishOrganisation"`
	PartnerCountry      string     `dynamodbav:"partnerCountry"`
	PartnerOrganisation string     `dynamodbav:"partnerOrganisation"`
	RequestedTotal      int64      `dynamodbav:"requestedTotal"`
	TokenHash           string     `dynamodbav:"tokenHash"`
	StatusKeyHash       string     `dynamodbav:"statusKeyHash"`
	InputHash           string     `dynamodbav:"inputHash,omitempty"`
	DecisionOutcome     string     `dynamodbav:"decisionOutcome,omitempty"`
	GrantedAmount       int64      `dynamodbav:"grantedAmount,omitempty"`
	Motivation          string     `dynamodbav:"motivation,omitempty"`
	MotivationEn        string     `dynamodbav:"motivationEn,omitempty"`
	DecidedBy           string     `dynamodbav:"decidedBy,omitempty"`
	DecidedAt           string     `dynamodbav:"decidedAt,omitempty"`
	DecisionQueued      bool       `dynamodbav:"decisionQueued,omitempty"`
	// GrantPlan is a grant decision's plan (programme.Decision.Plan).
	GrantPlan *planItem `dynamodbav:"grantPlan,omitempty"`
	// The partner's confirmation (confirm.go): the hash of its link's key,
	// its state and answer.
	PartnerKeyHash string `dynamodbav:"partnerKeyHash,omitempty"`
	PartnerState   string `dynamodbav:"partnerState,omitempty"`
	PartnerName    string `dynamodbav:"partnerName,omitempty"`
	PartnerRole    string `dynamodbav:"partnerRole,omitempty"`
	PartnerComment string `dynamodbav:"partnerComment,omitempty"`
	PartnerAt      string `dynamodbav:"partnerAt,omitempty"`
	PartnerVersion string `dynamodbav:"partnerVersion,omitempty"`
	// The Swedish party's signatory (programme.Signatory: a contact detail
	// of the Swedish party) and its confirmation, as the partner's.
	Signatory        *signatoryItem `dynamodbav:"signatory,omitempty"`
	SignatoryKeyHash string         `dynamodbav:"signatoryKeyHash,omitempty"`
	SignatoryState   string         `dynamodbav:"signatoryState,omitempty"`
	SignatoryName    string         `dynamodbav:"signatoryName,omitempty"`
	SignatoryRole    string         `dynamodbav:"signatoryRole,omitempty"`
	SignatoryComment string         `dynamodbav:"signatoryComment,omitempty"`
	SignatoryAt      string         `dynamodbav:"signatoryAt,omitempty"`
	SignatoryVersion string         `dynamodbav:"signatoryVersion,omitempty"`
	// Retention (retention.go): when each party's contact details were
	// erased, and a granted project's end of archive.
	Redacted     map[string]string `dynamodbav:"redacted,omitempty"`
	ArchiveUntil string            `dynamodbav:"archiveUntil,omitempty"`

	// The team (programme/team.go): each person's party, role and name.
	Team []memberItem `dynamodbav:"team,omitempty"`
}

// signatoryItem is the Swedish party's signatory as stored.
type signatoryItem struct {
	Name  string `dynamodbav:"name"`
	Email string `dynamodbav:"email"`
}

func toParty(p partyItem) programme.Party { return programme.Party(p) }

func (it appItem) application() (programme.Application, error) {
	a := programme.Application{
		Ref: it.Ref, RoundID: it.RoundID, Lang: programme.Lang(it.Lang),
		SwedishParty: toParty(it.SwedishParty), Partner: toParty(it.Partner),
		Type: programme.ProjectType(it.Type), Theme: programme.Theme(it.Theme),
		Title: it.Title, Summary: it.Summary, Objectives: it.Objectives,
		DurationYears: it.DurationYears, BudgetPerYear: it.BudgetPerYear,
		Status: programme.AppStatus(it.Status), Version: it.Version,
	}
	if it.ThirdParty != nil {
		tp := toParty(*it.ThirdParty)
		a.ThirdParty = &tp
	}
	for _, m := range it.Team {
		a.Team = append(a.Team, programme.Member(m))
	}
	for _, d := range it.Documents {
		doc, err := d.document()
		if err != nil {
			return a, fmt.Errorf("application %s: document %s: %w", it.Ref, d.Kind, err)
		}
		a.Documents = append(a.Documents, doc)
	}
	var err error
	if a.SubmittedAt, err = parseTime(it.SubmittedAt); err != nil {
		return a, fmt.Errorf("application %s: submittedAt: %w", it.Ref, err)
	}
	a.DecisionQueued = it.DecisionQueued
	a.PartnerAnswer = programme.Confirmation{State: it.PartnerState, Name: it.PartnerName, Role: it.PartnerRole,
		Comment: it.PartnerComment, Version: it.PartnerVersion}
	if it.PartnerAt != "" {
		if a.PartnerAnswer.At, err = parseTime(it.PartnerAt); err != nil {
			return a, fmt.Errorf("application %s: partnerAt: %w", it.Ref, err)
		}
	}
	if it.Signatory != nil {
		a.Signatory = &programme.Signatory{Name: it.Signatory.Name, Email: it.Signatory.Email}
	}
	a.SignatoryAnswer = programme.Confirmation{State: it.SignatoryState, Name: it.SignatoryName, Role: it.SignatoryRole,
		Comment: it.SignatoryComment, Version: it.SignatoryVersion}
	if it.SignatoryAt != "" {
		if a.SignatoryAnswer.At, err = parseTime(it.SignatoryAt); err != nil {
			return a, fmt.Errorf("application %s: signatoryAt: %w", it.Ref, err)
		}
	}
	if err := it.retention(&a); err != nil {
		return a, err
	}
	if it.DecisionOutcome != "" {
		d := &programme.Decision{Outcome: programme.Outcome(it.DecisionOutcome), Amount: it.GrantedAmount,
			Motivation: it.Motivation, MotivationEn: it.MotivationEn, DecidedBy: it.DecidedBy}
		if d.DecidedAt, err = parseTime(it.DecidedAt); err != nil {
			return a, fmt.Errorf("application %s: decidedAt: %w", it.Ref, err)
		}
		if it.GrantPlan != nil {
			if d.Plan, err = it.GrantPlan.input(); err != nil {
				return a, fmt.Errorf("application %s: grantPlan: %w", it.Ref, err)
			}
		}
		a.Decision = d
	}
	return a, nil
}

// Secrets are the hashes stored with an application: of the submission
// token (to recognise a replay), of the status key (to open the status page)
// and of the submitted input's canonical form (programme.InputHash: a replay
// must carry the same input). Applications stored before the input hash
// existed have none, and any input replays them.
type Secrets struct {
	TokenHash     string
	StatusKeyHash string
	InputHash     string
	// PartnerKeyHash opens the partner's confirmation (none: not asked).
	PartnerKeyHash string
	// SignatoryKeyHash opens the Swedish party's signatory's confirmation
	// (none: no signatory).
	SignatoryKeyHash string
}

// SameInput says whether a replay with input hash h may be answered with
// the application stored with s.
func (s Secrets) SameInput(h string) bool { return s.InputHash == "" || s.InputHash == h }

// Submit stores a new application, submitted at now, in one transaction with
// a check that its round accepts submissions at now: status open and now in
// [opensAt, closesAt). The deadline is thus enforced at write time, against
// the round as it is then, whatever the caller saw before.
//
// If an application with the same reference exists and was made with the
// same token and the same input, that one is returned with replay true and
// nothing is written; made with the same token and another input, it is
// ErrTokenReused (and nothing is written).
//
// Each of also is done in the same transaction (Also: count an email
// against its address's cap, use the proof, queue the receipt); if one is
// refused, nothing is written and the error is its Refused() (ErrMailLimit,
// ErrProof, ...). A replay does none of them.
func (s *Store) Submit(ctx context.Context, app programme.Application, sec Secrets, now time.Time, also ...Also) (stored programme.Application, replay bool, err error) {
	app.SubmittedAt = now.UTC().Truncate(time.Millisecond)
	app.Status = programme.AppSubmitted
	app.Version = 1
	item, err := ApplicationItem(app, sec)
	if err != nil {
		return app, false, err
	}
	at := &types.AttributeValueMemberS{Value: fmtTime(app.SubmittedAt)}
	reasons, err := s.transactAlso(ctx, "submit", []types.TransactWriteItem{
		{Put: &types.Put{
			TableName:                           &s.table,
			Item:                                item,
			ConditionExpression:                 aws.String("attribute_not_exists(PK)"),
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}},
		{ConditionCheck: &types.ConditionCheck{
			TableName:                 &s.table,
			Key:                       key(roundPK(app.RoundID), "ROUND"),
			ConditionExpression:       aws.String("#status = :open AND opensAt <= :now AND closesAt > :now"),
			ExpressionAttributeNames:  map[string]string{"#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":open": &types.AttributeValueMemberS{Value: string(programme.RoundOpen)}, ":now": at},
		}},
	}, now, also)
	var fail *itemFailed
	switch {
	case err == nil:
		return app, false, nil
	case !errors.As(err, &fail):
		return app, false, fmt.Errorf("submit application %s: %w", app.Ref, err)
	case fail.index == 0:
		var old appItem
		if err := attributevalue.UnmarshalMap(reasons[0].Item, &old); err != nil {
			return app, false, fmt.Errorf("decode existing application %s: %w", app.Ref, err)
		}
		if old.TokenHash != sec.TokenHash {
			return app, false, ErrRefCollision
		}
		if !(Secrets{InputHash: old.InputHash}).SameInput(sec.InputHash) {
			return app, false, ErrTokenReused
		}
		a, err := old.application()
		return a, true, err
	case fail.index == 1:
		return app, false, ErrRoundNotOpen
	}
	return app, false, fail.err
}

// ApplicationItem is the item Submit writes for app (with its status,
// submission time and version as given): the one shape of a stored
// application, for Submit and for tools and tests that seed a table.
func ApplicationItem(app programme.Application, sec Secrets) (map[string]types.AttributeValue, error) {
	it := appItem{
		PK: appPK(app.Ref), SK: "APP",
		GSI1PK: roundPK(app.RoundID), GSI1SK: appGSI1SK(app.Status, app.SubmittedAt, app.Ref),
		Entity: "application", Ref: app.Ref, RoundID: app.RoundID, Lang: string(app.Lang),
		SwedishParty: partyItem(app.SwedishParty), Partner: partyItem(app.Partner),
		Type: string(app.Type), Theme: string(app.Theme),
		Title: app.Title, Summary: app.Summary, Objectives: app.Objectives,
		DurationYears: app.DurationYears, BudgetPerYear: app.BudgetPerYear,
		Status: string(app.Status), SubmittedAt: fmtTime(app.SubmittedAt), Version: app.Version,
		SwedishOrganisation: app.SwedishParty.Organisation, PartnerCountry: app.Partner.Country,
		PartnerOrganisation: app.Partner.Organisation,
		RequestedTotal:      app.RequestedTotal(), TokenHash: sec.TokenHash, StatusKeyHash: sec.StatusKeyHash,
		InputHash: sec.InputHash, PartnerKeyHash: sec.PartnerKeyHash,
	}
	if sec.PartnerKeyHash != "" {
		it.PartnerState = programme.ConfirmWaiting
	}
	if sec.SignatoryKeyHash != "" {
		it.SignatoryKeyHash, it.SignatoryState = sec.SignatoryKeyHash, programme.ConfirmWaiting
	}
	if s := app.Signatory; s != nil {
		it.Signatory = &signatoryItem{Name: s.Name, Email: s.Email}
	}
	if app.ThirdParty != nil {
		tp := partyItem(*app.ThirdParty)
		it.ThirdParty = &tp
	}
	for _, m := range app.Team {
		it.Team = append(it.Team, memberItem(m))
	}
	for _, d := range app.Documents {
		it.Documents = append(it.Documents, toDocAttr(d))
	}
	item, err := attributevalue.MarshalMap(it)
	if err != nil {
		return nil, fmt.Errorf("encode application %s: %w", app.Ref, err)
	}
	return item, nil
}

// transact runs a transaction, trying again (with jittered backoff, a few
// times) when it was cancelled only because another transaction held one of
// its items: many submissions check the same round item at once.
func (s *Store) transact(ctx context.Context, in *dynamodb.TransactWriteItemsInput) (*dynamodb.TransactWriteItemsOutput, error) {
	const attempts = 6
	backoff := 10 * time.Millisecond
	for i := 1; ; i++ {
		out, err := s.db.TransactWriteItems(ctx, in)
		if err == nil || i == attempts || !onlyConflicts(err) {
			return out, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(backoff + rand.N(backoff)):
		}
		backoff *= 2
	}
}

func onlyConflicts(err error) bool {
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		return false
	}
	conflict := false
	for _, r := range tce.CancellationReasons {
		switch aws.ToString(r.Code) {
		case "None", "":
		case "TransactionConflict":
			conflict = true
		default:
			return false
		}
	}
	return conflict
}

// Application returns an application and the hash of its status key.
func (s *Store) Application(ctx context.Context, ref string) (programme.Application, Secrets, error) {
	var it appItem
	if err := s.get(ctx, appPK(ref), "APP", &it); err != nil {
		return programme.Application{}, Secrets{}, err
	}
	a, err := it.application()
	return a, Secrets{TokenHash: it.TokenHash, StatusKeyHash: it.StatusKeyHash, InputHash: it.InputHash, PartnerKeyHash: it.PartnerKeyHash,
		SignatoryKeyHash: it.SignatoryKeyHash}, err
}
