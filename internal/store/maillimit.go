package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/internal/programme"
)

// ErrMailLimit: a submission would send an address more emails today than
// its MailLimit allows; nothing was written.
var ErrMailLimit = errors.New("recipient has had the most emails allowed today")

// MailLimit counts one email to To against a cap of PerDay a day (the day in
// Europe/Stockholm), in the transaction of the write that sends it. The
// counter item is PK=LIMIT#MAILTO#<sha256 hex of the lower-cased address>,
// SK=<YYYY-MM-DD>, with n (the count) and expiresAt (epoch seconds, two days
// after the day began, for the table's TTL); the address itself is not
// stored. PerDay <= 0 counts nothing.
type MailLimit struct {
	To     string
	PerDay int
}

// MailLimitKey is the counter item's key of address on the day of at.
func MailLimitKey(address string, at time.Time) (pk, sk string) {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(address))))
	return "LIMIT#MAILTO#" + hex.EncodeToString(sum[:]), at.In(programme.Stockholm).Format(time.DateOnly)
}

// mailLimitExpiry is when the counter of at's day may go: the start of the
// day after the next (Stockholm), so a day's counter lives a day or two past it.
func mailLimitExpiry(at time.Time) time.Time {
	d := at.In(programme.Stockholm)
	return time.Date(d.Year(), d.Month(), d.Day()+2, 0, 0, 0, 0, programme.Stockholm)
}

// update is the transaction item that counts the email, refused once the
// day's count has reached the cap.
func (l MailLimit) update(table *string, at time.Time) types.TransactWriteItem {
	pk, sk := MailLimitKey(l.To, at)
	return types.TransactWriteItem{Update: &types.Update{
		TableName:           table,
		Key:                 key(pk, sk),
		UpdateExpression:    aws.String("ADD n :one SET expiresAt = :exp"),
		ConditionExpression: aws.String("attribute_not_exists(n) OR n < :cap"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":one": &types.AttributeValueMemberN{Value: "1"},
			":cap": &types.AttributeValueMemberN{Value: strconv.Itoa(l.PerDay)},
			":exp": &types.AttributeValueMemberN{Value: strconv.FormatInt(mailLimitExpiry(at).Unix(), 10)},
		},
	}}
}
