package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

// Also is something a write does in its own transaction: count an email
// against a cap, use a proof, queue an email. If its condition fails, the
// whole write is refused with Refused().
type Also interface {
	item(s *Store, at time.Time) (types.TransactWriteItem, error)
	Refused() error
}

// Errors of what a write does too (Also).
var (
	// ErrSourceLimit: the client's connection has started the most
	// applications allowed today.
	ErrSourceLimit = errors.New("source has started the most applications allowed today")
	// ErrOrganisationLimit: the Swedish organisation has the most
	// applications allowed in the round.
	ErrOrganisationLimit = errors.New("organisation has the most applications allowed in the round")
	// ErrProof: the proof is unknown, or already made another application.
	ErrProof = errors.New("proof unknown or used")
)

func (l MailLimit) item(s *Store, at time.Time) (types.TransactWriteItem, error) {
	return l.update(&s.table, at), nil
}

// Refused is ErrMailLimit.
func (l MailLimit) Refused() error { return ErrMailLimit }

// counter is a capped count in the table: PK=LIMIT#<what>#<sha256 hex of
// the subject>, SK=<period>, n, and expiresAt for the table's TTL. The
// subject itself (an address, a connection, an organisation's name) is not
// stored.
func counter(table *string, what, subject, period string, max int, expires time.Time) types.TransactWriteItem {
	return types.TransactWriteItem{Update: &types.Update{
		TableName:           table,
		Key:                 counterKey(what, subject, period),
		UpdateExpression:    aws.String("ADD n :one SET expiresAt = :exp"),
		ConditionExpression: aws.String("attribute_not_exists(n) OR n < :cap"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":one": &types.AttributeValueMemberN{Value: "1"},
			":cap": &types.AttributeValueMemberN{Value: strconv.Itoa(max)},
			":exp": &types.AttributeValueMemberN{Value: strconv.FormatInt(expires.Unix(), 10)},
		},
	}}
}

// counterKey is the key of the counter of subject (hashed) in period.
func counterKey(what, subject, period string) map[string]types.AttributeValue {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(subject))))
	return key("LIMIT#"+what+"#"+hex.EncodeToString(sum[:]), period)
}

// SourceLimit counts one start from the client's connection (API Gateway's
// source IP) against a cap of PerDay a day (Europe/Stockholm).
type SourceLimit struct {
	Source string
	PerDay int
}

func (l SourceLimit) item(s *Store, at time.Time) (types.TransactWriteItem, error) {
	return counter(&s.table, "FROM", l.Source, at.In(programme.Stockholm).Format(time.DateOnly), l.PerDay, mailLimitExpiry(at)), nil
}

// Refused is ErrSourceLimit.
func (l SourceLimit) Refused() error { return ErrSourceLimit }

// OrganisationLimit counts one application of a Swedish organisation
// (its name, case and spacing aside) in a round against a cap of Max. The
// counter lives as long as the round's data: until Expires.
type OrganisationLimit struct {
	Round, Organisation string
	Max                 int
	Expires             time.Time
}

func (l OrganisationLimit) item(s *Store, _ time.Time) (types.TransactWriteItem, error) {
	return counter(&s.table, "ORG", organisationName(l.Organisation), "ROUND#"+l.Round, l.Max, l.Expires), nil
}

func organisationName(org string) string { return strings.Join(strings.Fields(org), " ") }

// ReleaseOrganisation gives one application back to an organisation's
// count in a round (a withdrawn application no longer counts against its
// cap), if there is a count to give back to. It is a write of its own,
// after the withdrawal: if it fails, the count stays as it was.
func (s *Store) ReleaseOrganisation(ctx context.Context, round, org string) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &s.table, Key: counterKey("ORG", organisationName(org), "ROUND#"+round),
		UpdateExpression:          aws.String("ADD n :minus"),
		ConditionExpression:       aws.String("n > :zero"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":minus": num(-1), ":zero": num(0)}})
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return nil
	}
	return err
}

// Refused is ErrOrganisationLimit.
func (l OrganisationLimit) Refused() error { return ErrOrganisationLimit }

// UseProof marks a proof as used by application Ref: refused if the proof
// does not exist or made another application (a replay of the same one
// passes).
type UseProof struct{ TokenHash, Ref string }

func (u UseProof) item(s *Store, _ time.Time) (types.TransactWriteItem, error) {
	return types.TransactWriteItem{Update: &types.Update{
		TableName:                 &s.table,
		Key:                       key(proofPK(u.TokenHash), "PROOF"),
		UpdateExpression:          aws.String("SET usedBy = :ref"),
		ConditionExpression:       aws.String("attribute_exists(PK) AND (attribute_not_exists(usedBy) OR usedBy = :ref)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":ref": str(u.Ref)},
	}}, nil
}

// Refused is ErrProof.
func (u UseProof) Refused() error { return ErrProof }

// QueueEmail queues an email (the outbox) in the write that causes it.
type QueueEmail struct{ Email programme.Email }

func (q QueueEmail) item(s *Store, at time.Time) (types.TransactWriteItem, error) {
	return s.outboxPut(q.Email, at)
}

// Refused is ErrConflict: the email is queued already.
func (q QueueEmail) Refused() error { return ErrConflict }

func proofPK(tokenHash string) string { return "PROOF#" + tokenHash }

// proofItem is a proof as stored (PK=PROOF#<token hash>, SK=PROOF), kept by
// the table's TTL until 30 days after its round's deadline.
type proofItem struct {
	PK        string `dynamodbav:"PK"`
	SK        string `dynamodbav:"SK"`
	Entity    string `dynamodbav:"entity"`
	Email     string `dynamodbav:"email"`
	RoundID   string `dynamodbav:"roundId"`
	Lang      string `dynamodbav:"lang"`
	CreatedAt string `dynamodbav:"createdAt"`
	ValidTo   string `dynamodbav:"validTo"`
	UsedBy    string `dynamodbav:"usedBy,omitempty"`
	ExpiresAt int64  `dynamodbav:"expiresAt"`
}

// ProofRetention is how long a proof is kept after its round's deadline.
const ProofRetention = 30 * 24 * time.Hour

// Start stores a proof and queues its email (the link) in one transaction,
// with what else the start does (its caps): all or nothing.
func (s *Store) Start(ctx context.Context, p programme.Proof, link programme.Email, also ...Also) error {
	item, err := attributevalue.MarshalMap(proofItem{PK: proofPK(p.TokenHash), SK: "PROOF", Entity: "proof", Email: p.Email,
		RoundID: p.RoundID, Lang: string(p.Lang), CreatedAt: fmtTime(p.CreatedAt), ValidTo: fmtTime(p.ExpiresAt),
		ExpiresAt: p.ExpiresAt.Add(ProofRetention).Unix()})
	if err != nil {
		return fmt.Errorf("encode proof: %w", err)
	}
	_, err = s.transactAlso(ctx, "start", []types.TransactWriteItem{{Put: &types.Put{TableName: &s.table, Item: item,
		ConditionExpression: aws.String("attribute_not_exists(PK)")}}}, p.CreatedAt, append([]Also{QueueEmail{link}}, also...))
	var fail *itemFailed
	if errors.As(err, &fail) {
		if fail.index == 0 {
			return ErrConflict // a token made twice: astronomically unlikely
		}
		return fail.err
	}
	return err
}

// Proof returns the proof whose token hashes to tokenHash.
func (s *Store) Proof(ctx context.Context, tokenHash string) (programme.Proof, error) {
	var it proofItem
	if err := s.get(ctx, proofPK(tokenHash), "PROOF", &it); err != nil {
		return programme.Proof{}, err
	}
	created, err := parseTime(it.CreatedAt)
	if err != nil {
		return programme.Proof{}, err
	}
	validTo, err := parseTime(it.ValidTo)
	if err != nil {
		return programme.Proof{}, err
	}
	return programme.Proof{TokenHash: tokenHash, Email: it.Email, RoundID: it.RoundID, Lang: programme.ParseLang(it.Lang),
		CreatedAt: created, ExpiresAt: validTo, UsedBy: it.UsedBy}, nil
}

// itemFailed: the condition of the transaction's item index failed; err is
// what that means.
type itemFailed struct {
	index int
	err   error
}

func (e *itemFailed) Error() string { return fmt.Sprintf("transaction item %d: %v", e.index, e.err) }

// transactAlso runs items and then each of also's in one transaction. If a
// condition fails, the error is an *itemFailed naming the first item that
// failed (for one of also's, with its Refused error); reasons are the
// cancellation reasons, for the caller to read old items from.
func (s *Store) transactAlso(ctx context.Context, what string, items []types.TransactWriteItem, at time.Time, also []Also) ([]types.CancellationReason, error) {
	for _, a := range also {
		it, err := a.item(s, at)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	in := &dynamodb.TransactWriteItemsInput{TransactItems: items, ReturnConsumedCapacity: s.returnCapacity()}
	out, err := s.transact(ctx, in)
	if err == nil {
		s.capacity(what, out.ConsumedCapacity...)
		return nil, nil
	}
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) || len(tce.CancellationReasons) != len(items) {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	first := len(items) - len(also)
	for i, r := range tce.CancellationReasons {
		if aws.ToString(r.Code) != "ConditionalCheckFailed" {
			continue
		}
		if i >= first {
			return tce.CancellationReasons, &itemFailed{index: i, err: also[i-first].Refused()}
		}
		return tce.CancellationReasons, &itemFailed{index: i}
	}
	return tce.CancellationReasons, fmt.Errorf("%s: %w", what, err)
}

// draftItem is an application being filled in behind its link
// (PK=PROOF#<token hash>, SK=DRAFT): the form's values as typed, never in
// an index, so no listing of staff's ever sees it, and gone with its proof
// (the same TTL).
type draftItem struct {
	PK        string            `dynamodbav:"PK"`
	SK        string            `dynamodbav:"SK"`
	Entity    string            `dynamodbav:"entity"`
	Values    map[string]string `dynamodbav:"values"`
	SavedAt   string            `dynamodbav:"savedAt"`
	ExpiresAt int64             `dynamodbav:"expiresAt"`
}

// SaveDraft keeps the form's values behind proof p (replacing the last
// save), as long as the proof is unused: a submitted application's draft
// is not written again.
func (s *Store) SaveDraft(ctx context.Context, p programme.Proof, values map[string]string, at time.Time) error {
	item, err := attributevalue.MarshalMap(draftItem{PK: proofPK(p.TokenHash), SK: "DRAFT", Entity: "draft", Values: values,
		SavedAt: fmtTime(at), ExpiresAt: p.ExpiresAt.Add(ProofRetention).Unix()})
	if err != nil {
		return fmt.Errorf("encode draft: %w", err)
	}
	_, err = s.transact(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{ConditionCheck: &types.ConditionCheck{TableName: &s.table, Key: key(proofPK(p.TokenHash), "PROOF"),
			ConditionExpression: aws.String("attribute_exists(PK) AND attribute_not_exists(usedBy)")}},
		{Put: &types.Put{TableName: &s.table, Item: item}},
	}})
	var tce *types.TransactionCanceledException
	if errors.As(err, &tce) && len(tce.CancellationReasons) > 0 && aws.ToString(tce.CancellationReasons[0].Code) == "ConditionalCheckFailed" {
		return ErrProof
	}
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	return nil
}

// Draft returns the values saved behind the proof whose token hashes to
// tokenHash, and when (ErrNotFound: none saved).
func (s *Store) Draft(ctx context.Context, tokenHash string) (map[string]string, time.Time, error) {
	var it draftItem
	if err := s.get(ctx, proofPK(tokenHash), "DRAFT", &it); err != nil {
		return nil, time.Time{}, err
	}
	at, err := parseTime(it.SavedAt)
	return it.Values, at, err
}
