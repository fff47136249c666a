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

// Answer records party's answer (the partner's, or the Swedish party's
// signatory's) on application app.Ref, in one transaction with its audit
// line: only while that party's confirmation is waiting (an answer is given
// once: ErrConflict after), and only for the version it was asked about
// (the content hash stored at submission). The party's attributes are
// <party>State, <party>Name, <party>Role, <party>Comment, <party>At and
// <party>Version (partnerState, signatoryState, ...).
func (s *Store) Answer(ctx context.Context, app programme.Application, party programme.ConfirmParty, c programme.Confirmation) error {
	if party != programme.ConfirmByPartner && party != programme.ConfirmBySignatory {
		return fmt.Errorf("answer on %s: no party %q", app.Ref, party)
	}
	code, actor := party.Audit(c.Name)
	audit, err := s.auditPut(appPK(app.Ref), c.At, actor, code,
		string(party)+" "+c.State, map[string]string{"state": c.State, "role": c.Role})
	if err != nil {
		return err
	}
	p := string(party)
	values := map[string]types.AttributeValue{":s": str(c.State), ":name": str(c.Name), ":role": str(c.Role),
		":at": str(fmtTime(c.At)), ":v": str(c.Version), ":waiting": str(programme.ConfirmWaiting)}
	update := "SET " + p + "State = :s, " + p + "Name = :name, " + p + "Role = :role, " + p + "At = :at, " + p + "Version = :v"
	if c.Comment != "" {
		update += ", " + p + "Comment = :comment"
		values[":comment"] = str(c.Comment)
	}
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: &s.table, Key: key(appPK(app.Ref), "APP"), UpdateExpression: aws.String(update),
			ConditionExpression: aws.String(p + "State = :waiting"), ExpressionAttributeValues: values}},
		audit,
	}})
	var tce *types.TransactionCanceledException
	if errors.As(err, &tce) && len(tce.CancellationReasons) > 0 && aws.ToString(tce.CancellationReasons[0].Code) == "ConditionalCheckFailed" {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("answer of the %s on %s: %w", party, app.Ref, err)
	}
	return nil
}
