package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

// Withdraw writes staff's withdrawal of an application, as read (its
// version and status), in one transaction: the application becomes
// withdrawn (its GSI1 sort key too, so every listing by status sees it
// there and no longer where it was) and loses its decision, if any; a
// granted amount goes back to the round's granted total; and an audit line
// says what it was (status, decision) and why it was withdrawn.
//
// The write is conditional on the application's version and status and on
// its decision email not being queued: a decision or a queueing that lands
// in between makes it fail whole. Errors: ErrConflict (changed since read),
// programme.ErrDecisionLocked (its decision email was queued meanwhile),
// programme.ErrAlreadyWithdrawn (withdrawn meanwhile), ErrNotFound.
//
// Items written: the application (update), the round (update, only when an
// amount goes back) and the audit line (put): UpdateItem and PutItem, as a
// decision.
func (s *Store) Withdraw(ctx context.Context, app programme.Application, w programme.Withdrawal) error {
	detail := map[string]string{"reason": string(w.Reason), "from": string(w.From)}
	if d := w.Previous; d != nil {
		detail["previousOutcome"], detail["previousAmount"] = string(d.Outcome), strconv.FormatInt(d.Amount, 10)
	}
	if w.GiveBack > 0 {
		detail["amount"] = strconv.FormatInt(w.GiveBack, 10)
	}
	audit, err := s.auditPut(appPK(app.Ref), w.At, w.By, programme.AuditWithdrawn,
		"withdrawn ("+string(w.Reason)+"): status "+string(w.From)+" -> "+string(programme.AppWithdrawn), detail)
	if err != nil {
		return err
	}
	by, _ := programme.SplitActor(w.By) // the stable id only: the label is in the audit line
	items := []types.TransactWriteItem{{Update: &types.Update{TableName: &s.table, Key: key(appPK(app.Ref), "APP"),
		// The decision goes with the withdrawal: a granted amount must not
		// stay on an application that no longer counts (listings and exports
		// read grantedAmount); the audit line keeps what it was.
		UpdateExpression: aws.String("SET #status = :withdrawn, GSI1SK = :gsk, withdrawnReason = :reason, withdrawnBy = :by, " +
			"withdrawnAt = :at, version = version + :one " +
			"REMOVE decisionOutcome, grantedAmount, motivation, motivationEn, decidedBy, decidedAt"),
		ConditionExpression:      aws.String("version = :v AND #status = :from AND (attribute_not_exists(decisionQueued) OR decisionQueued = :false)"),
		ExpressionAttributeNames: map[string]string{"#status": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":withdrawn": str(string(programme.AppWithdrawn)),
			":gsk": str(appGSI1SK(programme.AppWithdrawn, app.SubmittedAt, app.Ref)), ":reason": str(string(w.Reason)),
			":by": str(by), ":at": str(fmtTime(w.At)), ":one": num(1), ":v": num(app.Version), ":from": str(string(w.From)),
			":false": &types.AttributeValueMemberBOOL{Value: false}}}}}
	if w.GiveBack > 0 {
		// The round's total held this amount since the grant; the condition
		// only guards the invariant (a total never goes below zero).
		items = append(items, types.TransactWriteItem{Update: &types.Update{TableName: &s.table, Key: key(roundPK(app.RoundID), "ROUND"),
			UpdateExpression:          aws.String("SET grantedTotal = grantedTotal - :amount"),
			ConditionExpression:       aws.String("grantedTotal >= :amount"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":amount": num(w.GiveBack)}}})
	}
	items = append(items, audit)
	out, err := s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items, ReturnConsumedCapacity: s.returnCapacity()})
	if err == nil {
		s.capacity("withdraw", out.ConsumedCapacity...)
		return nil
	}
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) || len(tce.CancellationReasons) != len(items) {
		return fmt.Errorf("withdraw %s: %w", app.Ref, err)
	}
	if aws.ToString(tce.CancellationReasons[0].Code) == "ConditionalCheckFailed" {
		now, _, rerr := s.Application(ctx, app.Ref)
		switch {
		case errors.Is(rerr, ErrNotFound):
			return ErrNotFound
		case rerr != nil:
			return rerr
		case now.DecisionQueued:
			return programme.ErrDecisionLocked
		case now.Status == programme.AppWithdrawn:
			return programme.ErrAlreadyWithdrawn
		}
		return ErrConflict
	}
	if w.GiveBack > 0 && aws.ToString(tce.CancellationReasons[1].Code) == "ConditionalCheckFailed" {
		return fmt.Errorf("withdraw %s: round %s's granted total is below the %d SEK granted to it", app.Ref, app.RoundID, w.GiveBack)
	}
	return fmt.Errorf("withdraw %s: %w", app.Ref, err)
}
