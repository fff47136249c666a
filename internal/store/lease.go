package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// A job lease (PK=LEASE#<job> SK=LEASE) lets one run of a scheduled job
// (the mailer, the round job) work at a time, without Lambda's reserved
// concurrency: a run takes it at its start, for as long as it can live, and
// gives it back at its end. A run that died leaves its lease behind; once
// leaseUntil has passed, the next run takes it over. Both take and release
// are one conditional UpdateItem (no other IAM action needed).

func leasePK(job string) string { return "LEASE#" + job }

type leaseItem struct {
	Holder     string `dynamodbav:"holder"`
	LeaseUntil string `dynamodbav:"leaseUntil"`
}

// TakeLease gives job's lease to holder (a run's random id) until until, if
// nobody holds it, its holder's time has passed at now, or holder has it
// already. ErrConflict (wrapped, with who holds it until when) if another
// live run holds it; nothing is written then.
func (s *Store) TakeLease(ctx context.Context, job, holder string, now, until time.Time) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(leasePK(job), "LEASE"),
		UpdateExpression: aws.String("SET entity = :lease, holder = :me, leaseUntil = :until, takenAt = :now"),
		// A released lease has no holder (and no leaseUntil): free too.
		ConditionExpression: aws.String("attribute_not_exists(PK) OR attribute_not_exists(holder) OR leaseUntil < :now OR holder = :me"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":lease": str("lease"), ":me": str(holder),
			":until": str(fmtTime(until)), ":now": str(fmtTime(now))},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld})
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		var old leaseItem
		_ = attributevalue.UnmarshalMap(ccf.Item, &old)
		return fmt.Errorf("lease %s is held by %s until %s: %w", job, old.Holder, old.LeaseUntil, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("take lease %s: %w", job, err)
	}
	return nil
}

// ReleaseLease gives job's lease back, if holder still holds it (at now, for
// the record); ErrConflict if not (its time ran out and another run took it
// over), and nothing is written then.
func (s *Store) ReleaseLease(ctx context.Context, job, holder string, now time.Time) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: key(leasePK(job), "LEASE"),
		UpdateExpression:    aws.String("SET releasedAt = :now, releasedBy = :me REMOVE holder, leaseUntil"),
		ConditionExpression: aws.String("holder = :me"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":me": str(holder),
			":now": str(fmtTime(now))}})
	if conditionFailed(err) {
		return fmt.Errorf("lease %s is no longer held by %s: %w", job, holder, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("release lease %s: %w", job, err)
	}
	return nil
}

// LeaseHolder says who holds job's lease and until when ("" if nobody does):
// for tests and tooling.
func (s *Store) LeaseHolder(ctx context.Context, job string) (holder string, until time.Time, err error) {
	var it leaseItem
	if err := s.get(ctx, leasePK(job), "LEASE", &it); err == ErrNotFound {
		return "", time.Time{}, nil
	} else if err != nil {
		return "", time.Time{}, err
	}
	if it.Holder == "" {
		return "", time.Time{}, nil
	}
	until, err = parseTime(it.LeaseUntil)
	return it.Holder, until, err
}

// LeaseUntil is how long a run that starts at now (on its job's clock) may
// hold its lease: for the time its context has left (the Lambda timeout)
// plus margin, or for noDeadline if the context has none. The remaining
// time is measured on the wall clock: that is what Lambda's timeout counts.
func LeaseUntil(ctx context.Context, now time.Time, noDeadline, margin time.Duration) time.Time {
	if d, ok := ctx.Deadline(); ok {
		return now.Add(max(time.Until(d), 0) + margin)
	}
	return now.Add(noDeadline + margin)
}

// HoldLease takes job's lease for a run (holder: the run's id) that starts
// at now, for as long as LeaseUntil allows (maxRun without a deadline, plus
// margin), and returns the function that gives it back at the run's end.
// ErrConflict (wrapped) if another live run holds it. release works on a
// context of its own, so a run whose context is done still gives its lease
// back; its error (the lease ran out and was taken over, or the write
// failed and the lease lapses at its leaseUntil) is for the log only.
func (s *Store) HoldLease(ctx context.Context, job, holder string, now func() time.Time, maxRun, margin time.Duration) (release func() error, err error) {
	start := now()
	if err := s.TakeLease(ctx, job, holder, start, LeaseUntil(ctx, start, maxRun, margin)); err != nil {
		return nil, err
	}
	return func() error {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return s.ReleaseLease(ctx, job, holder, now())
	}, nil
}
