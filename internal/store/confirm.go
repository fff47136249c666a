package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

// Answer records the partner's answer on application ref, in one
// transaction with its audit line: only while the partner's confirmation
// is waiting (an answer is given once: ErrConflict after), and only for the
// version it was asked about (the content hash stored at submission).
func (s *Store) Answer(ctx context.Context, app programme.Application, c programme.Confirmation) error {
	audit, err := s.auditPut(appPK(app.Ref), c.At, programme.ActorOf(programme.ActorPartner, c.Name), programme.AuditPartnerAnswer,
		"partner "+c.State, map[string]string{"state": c.State, "role": c.Role})
	if err != nil {
		return err
	}
	values := map[string]types.AttributeValue{":s": str(c.State), ":name": str(c.Name), ":role": str(c.Role),
		":at": str(fmtTime(c.At)), ":v": str(c.Version), ":waiting": str(programme.ConfirmWaiting)}
	update := "SET partnerState = :s, partnerName = :name, partnerRole = :role, partnerAt = :at, partnerVersion = :v"
	if c.Comment != "" {
		update += ", partnerComment = :comment"
		values[":comment"] = str(c.Comment)
	}
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: &s.table, Key: key(appPK(app.Ref), "APP"), UpdateExpression: aws.String(update),
			ConditionExpression: aws.String("partnerState = :waiting"), ExpressionAttributeValues: values}},
		audit,
	}})
	var tce *types.TransactionCanceledException
	if errors.As(err, &tce) && len(tce.CancellationReasons) > 0 && aws.ToString(tce.CancellationReasons[0].Code) == "ConditionalCheckFailed" {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("answer of the partner on %s: %w", app.Ref, err)
	}
	return nil
}
