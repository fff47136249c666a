package stack

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"partnerskap/infra/sam"
	"partnerskap/internal/programme"
	"partnerskap/internal/store"
)

// CreateTableInput turns the template's table into a CreateTable request.
func CreateTableInput(t sam.Table, name string) *dynamodb.CreateTableInput {
	in := &dynamodb.CreateTableInput{TableName: aws.String(name), BillingMode: types.BillingModePayPerRequest}
	for _, a := range t.AttributeDefinitions {
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{
			AttributeName: aws.String(a.AttributeName), AttributeType: types.ScalarAttributeType(a.AttributeType)})
	}
	in.KeySchema = keySchema(t.KeySchema)
	for _, g := range t.GSIs {
		gsi := types.GlobalSecondaryIndex{IndexName: aws.String(g.IndexName), KeySchema: keySchema(g.KeySchema),
			Projection: &types.Projection{ProjectionType: types.ProjectionType(g.Projection.ProjectionType)}}
		if len(g.Projection.NonKeyAttributes) > 0 {
			gsi.Projection.NonKeyAttributes = g.Projection.NonKeyAttributes
		}
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, gsi)
	}
	return in
}

func keySchema(ks []sam.KeyElement) []types.KeySchemaElement {
	out := make([]types.KeySchemaElement, len(ks))
	for i, k := range ks {
		out[i] = types.KeySchemaElement{AttributeName: aws.String(k.AttributeName), KeyType: types.KeyType(k.KeyType)}
	}
	return out
}

// EnsureTable creates the table as the template declares it, unless a table
// of that name exists already. It reports whether it created one.
func EnsureTable(ctx context.Context, db *dynamodb.Client, tpl *sam.Template, name string) (bool, error) {
	if len(tpl.Tables) != 1 {
		return false, fmt.Errorf("template declares %d tables; the design has exactly one", len(tpl.Tables))
	}
	_, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err == nil {
		return false, nil
	}
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		return false, fmt.Errorf("describe table %s: %w", name, err)
	}
	if _, err := db.CreateTable(ctx, CreateTableInput(tpl.Tables[0], name)); err != nil {
		return false, fmt.Errorf("create table %s: %w", name, err)
	}
	w := dynamodb.NewTableExistsWaiter(db)
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 30*time.Second); err != nil {
		return false, fmt.Errorf("wait for table %s: %w", name, err)
	}
	// The template's TimeToLiveSpecification: DynamoDB Local takes it
	// (UpdateTimeToLive, DescribeTimeToLive).
	if ttl := tpl.Tables[0].TTL; ttl != nil && ttl.Enabled {
		if _, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(name),
			TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(ttl.AttributeName), Enabled: aws.Bool(true)}}); err != nil {
			return false, fmt.Errorf("time to live of table %s: %w", name, err)
		}
	}
	return true, nil
}

// Seed stores the rounds that are not in the table yet and says which it added.
// A round already there is left as it is: its state may have moved on.
func Seed(ctx context.Context, s *store.Store, rounds []programme.Round) (added []string, err error) {
	for _, r := range rounds {
		err := s.CreateRound(ctx, r)
		switch {
		case errors.Is(err, store.ErrAlreadyExists):
		case err != nil:
			return added, fmt.Errorf("seed round %s: %w", r.ID, err)
		default:
			added = append(added, r.ID)
		}
	}
	return added, nil
}
