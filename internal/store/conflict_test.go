package store

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DynamoDB Local serialises transactions and never reports a conflict, so
// the classification that decides a retry is checked on the errors DynamoDB
// returns in the cloud.
func TestOnlyConflictsAreRetried(t *testing.T) {
	cancelled := func(codes ...string) error {
		e := &types.TransactionCanceledException{Message: aws.String("cancelled")}
		for _, c := range codes {
			e.CancellationReasons = append(e.CancellationReasons, types.CancellationReason{Code: aws.String(c)})
		}
		return fmt.Errorf("wrapped: %w", e)
	}
	for _, c := range []struct {
		err  error
		want bool
	}{
		{cancelled("None", "TransactionConflict"), true},
		{cancelled("TransactionConflict", "TransactionConflict"), true},
		{cancelled("ConditionalCheckFailed", "TransactionConflict"), false},
		{cancelled("None", "ConditionalCheckFailed"), false},
		{cancelled("None", "None"), false},
		{errors.New("network"), false},
	} {
		if got := onlyConflicts(c.err); got != c.want {
			t.Errorf("onlyConflicts(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
