package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

// RecordDecision writes a decision on an application (its motivations in
// Swedish and, if any, English; a grant's plan, which a rejection or a
// grant without one removes), as read (its version and previous
// decision), in one transaction with the round's granted total
// and an audit line. The transaction holds the budget exactly, however
// many staff decide at once: the round's condition is that its total, before
// this change, leaves room for it. Errors: ErrConflict (the application
// changed since it was read), programme.ErrDecisionLocked,
// programme.ErrRoundNotClosed, *programme.OverBudgetError.
func (s *Store) RecordDecision(ctx context.Context, app programme.Application, round programme.Round, d programme.Decision) error {
	status := programme.AppRejected
	if d.Outcome == programme.Granted {
		status = programme.AppGranted
	}
	delta := programme.GrantDelta(app.Decision, d)
	roundCond := "#status = :closed"
	roundValues := map[string]types.AttributeValue{":closed": str(string(programme.RoundClosed)), ":delta": num(delta)}
	if delta > 0 {
		roundCond += " AND grantedTotal <= :limit"
		roundValues[":limit"] = num(round.Budget - delta)
	}
	detail := map[string]string{"outcome": string(d.Outcome), "amount": fmt.Sprint(d.Amount)}
	if app.Decision != nil {
		detail["previous"] = fmt.Sprintf("%s %d", app.Decision.Outcome, app.Decision.Amount)
		detail["previousOutcome"], detail["previousAmount"] = string(app.Decision.Outcome), fmt.Sprint(app.Decision.Amount)
	}
	audit, err := s.auditPut(appPK(app.Ref), d.DecidedAt, d.DecidedBy, programme.AuditDecision, "decision: "+string(d.Outcome), detail)
	if err != nil {
		return err
	}
	decidedBy, _ := programme.SplitActor(d.DecidedBy) // the stable id only: the label is in the audit line
	appValues := map[string]types.AttributeValue{":status": str(string(status)),
		":gsk": str(appGSI1SK(status, app.SubmittedAt, app.Ref)), ":outcome": str(string(d.Outcome)), ":amount": num(d.Amount),
		":motivation": str(d.Motivation), ":by": str(decidedBy), ":at": str(fmtTime(d.DecidedAt)),
		":one": num(1), ":v": num(app.Version), ":false": &types.AttributeValueMemberBOOL{Value: false}}
	update := "SET #status = :status, GSI1SK = :gsk, decisionOutcome = :outcome, grantedAmount = :amount, " +
		"motivation = :motivation, decidedBy = :by, decidedAt = :at, version = version + :one"
	// A decision changed to one without an English motivation or a plan
	// keeps none left over from before.
	var remove []string
	if d.MotivationEn != "" {
		update += ", motivationEn = :motivationEn"
		appValues[":motivationEn"] = str(d.MotivationEn)
	} else {
		remove = append(remove, "motivationEn")
	}
	if d.Outcome == programme.Granted && d.Plan != nil {
		plan, err := attributevalue.Marshal(toPlanItem(*d.Plan))
		if err != nil {
			return fmt.Errorf("encode the grant plan of %s: %w", app.Ref, err)
		}
		update += ", grantPlan = :plan"
		appValues[":plan"] = plan
	} else {
		remove = append(remove, "grantPlan")
	}
	if len(remove) > 0 {
		update += " REMOVE " + strings.Join(remove, ", ")
	}
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: &s.table, Key: key(appPK(app.Ref), "APP"),
			UpdateExpression:          aws.String(update),
			ConditionExpression:       aws.String("version = :v AND (attribute_not_exists(decisionQueued) OR decisionQueued = :false)"),
			ExpressionAttributeNames:  map[string]string{"#status": "status"},
			ExpressionAttributeValues: appValues}},
		{Update: &types.Update{TableName: &s.table, Key: key(roundPK(round.ID), "ROUND"),
			UpdateExpression:          aws.String("SET grantedTotal = grantedTotal + :delta"),
			ConditionExpression:       aws.String(roundCond),
			ExpressionAttributeNames:  map[string]string{"#status": "status"},
			ExpressionAttributeValues: roundValues}},
		audit,
	}})
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) || len(tce.CancellationReasons) < 2 {
		if err != nil {
			return fmt.Errorf("record decision on %s: %w", app.Ref, err)
		}
		s.capacity("decide")
		return nil
	}
	if aws.ToString(tce.CancellationReasons[0].Code) == "ConditionalCheckFailed" {
		now, _, err := s.Application(ctx, app.Ref)
		if err == nil && now.DecisionQueued {
			return programme.ErrDecisionLocked
		}
		return ErrConflict
	}
	if aws.ToString(tce.CancellationReasons[1].Code) == "ConditionalCheckFailed" {
		r, err := s.Round(ctx, round.ID)
		if err != nil {
			return err
		}
		if r.Status != programme.RoundClosed {
			return programme.ErrRoundNotClosed
		}
		return &programme.OverBudgetError{Remaining: r.Budget - r.GrantedTotal, Asked: delta}
	}
	return fmt.Errorf("record decision on %s: %w", app.Ref, err)
}

// QueueDecision queues an application's decision emails (one per
// recipient) and locks its decision, in one transaction with an audit line.
// ErrConflict if the application changed since it was read or its emails
// are queued already: queueing twice queues nothing new.
func (s *Store) QueueDecision(ctx context.Context, app programme.Application, mails []programme.Email, now time.Time, by string) error {
	return s.QueueDecisionAndGrant(ctx, app, mails, now, by, nil)
}

// GrantStart is a grant to make with its decision's emails: the grant as
// programme.NewGrant made it, and the hash of the grantee's secret link
// key (programme.Hash).
type GrantStart struct {
	Grant   programme.Grant
	KeyHash string
}

// QueueDecisionAndGrant is QueueDecision and, when start is not nil, in
// the same transaction, the grant (PK=GRANT#<ref>, version 1, listed under
// its round in GSI2) with an audit line on the application
// (programme.AuditGrantStarted): the emails are queued and the grant made
// together or not at all. ErrConflict also when the application already
// has a grant: queueing twice makes one grant.
func (s *Store) QueueDecisionAndGrant(ctx context.Context, app programme.Application, mails []programme.Email, now time.Time, by string, start *GrantStart) error {
	items := []types.TransactWriteItem{{Update: &types.Update{TableName: &s.table, Key: key(appPK(app.Ref), "APP"),
		UpdateExpression: aws.String("SET decisionQueued = :t, version = version + :one"),
		ConditionExpression: aws.String("version = :v AND #status IN (:granted, :rejected) AND " +
			"(attribute_not_exists(decisionQueued) OR decisionQueued = :f)"),
		ExpressionAttributeNames: map[string]string{"#status": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":t": &types.AttributeValueMemberBOOL{Value: true},
			":f": &types.AttributeValueMemberBOOL{Value: false}, ":one": num(1), ":v": num(app.Version),
			":granted": str(string(programme.AppGranted)), ":rejected": str(string(programme.AppRejected))}}}}
	ids := make([]string, 0, len(mails))
	for _, m := range mails {
		put, err := s.outboxPut(m, now)
		if err != nil {
			return err
		}
		items = append(items, put)
		ids = append(ids, m.ID)
	}
	audit, err := s.auditPut(appPK(app.Ref), now, by, programme.AuditDecisionQueued, "decision emails queued", map[string]string{"outbox": strings.Join(ids, " ")})
	if err != nil {
		return err
	}
	items = append(items, audit)
	if start != nil {
		more, err := s.grantStartItems(app, *start, now, by)
		if err != nil {
			return err
		}
		items = append(items, more...)
	}
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if cancelledBy(err, "ConditionalCheckFailed") {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("queue decision emails of %s: %w", app.Ref, err)
	}
	return nil
}

// planItem is a grant decision's plan as stored on its application
// (grantPlan): the first day and the reports' last days as the store's
// instants ("" for a year that follows the round's rule), and the approved
// budget lines, if finer than the years.
type planItem struct {
	Start     string         `dynamodbav:"start"`
	Deadlines []string       `dynamodbav:"deadlines,omitempty"`
	Lines     []planLineItem `dynamodbav:"lines,omitempty"`
}

type planLineItem struct {
	ID      string  `dynamodbav:"id"`
	Name    string  `dynamodbav:"name,omitempty"`
	Amounts []int64 `dynamodbav:"amounts"`
}

func toPlanItem(in programme.GrantInput) planItem {
	p := planItem{Start: fmtTime(in.Start)}
	for _, d := range in.Deadlines {
		p.Deadlines = append(p.Deadlines, fmtOptional(d))
	}
	for _, l := range in.Lines {
		p.Lines = append(p.Lines, planLineItem(l))
	}
	return p
}

func (p planItem) input() (*programme.GrantInput, error) {
	start, err := parseTime(p.Start)
	if err != nil {
		return nil, fmt.Errorf("start: %w", err)
	}
	in := &programme.GrantInput{Start: start}
	for i, s := range p.Deadlines {
		var d time.Time
		if s != "" {
			if d, err = parseTime(s); err != nil {
				return nil, fmt.Errorf("deadline %d: %w", i+1, err)
			}
		}
		in.Deadlines = append(in.Deadlines, d)
	}
	for _, l := range p.Lines {
		in.Lines = append(in.Lines, programme.BudgetLine(l))
	}
	return in, nil
}
