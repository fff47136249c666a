package iam

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"partnerskap/infra/sam"
)

const tpl = `
Parameters:
  SenderAddress: {Type: String, Default: partnerskap@partnerskap.example}
  SenderIdentity: {Type: String, Default: partnerskap.example}
Resources:
  AFunction:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - Statement:
            - Effect: Allow
              Action: [dynamodb:GetItem, dynamodb:Query]
              Resource: [!GetAtt Table.Arn, !Sub "${Table.Arn}/index/GSI1"]
            - Effect: Allow
              Action: dynamodb:PutItem
              Resource: !GetAtt Table.Arn
            - Effect: Deny
              Action: dynamodb:Query
              Resource: !Sub "${Table.Arn}/index/Secret*"
            - Effect: Allow
              Action: ses:SendEmail
              Resource: !Sub "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SenderIdentity}"
              Condition:
                StringEquals:
                  ses:FromAddress: !Ref SenderAddress
  Managed:
    Type: AWS::Serverless::Function
    Properties:
      Policies: [DynamoDBCrudPolicy: {TableName: !Ref Table}]
`

func guard(t testing.TB) *Guard {
	t.Helper()
	tp, err := sam.Parse([]byte(tpl))
	if err != nil {
		t.Fatal(err)
	}
	res := sam.Resolver{Template: tp, Region: "eu-north-1", Account: "000000000000",
		Attrs: map[string]string{"Table.Arn": "arn:aws:dynamodb:eu-north-1:000000000000:table/t"}}
	p, err := Load(res, "AFunction")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(res, "Managed"); err == nil {
		t.Fatal("a SAM policy template was taken without a way to check it")
	}
	return &Guard{Policy: p, Resolver: res, SESIdentity: IdentityOf([]string{"partnerskap.example"}), Calls: NewCalls()}
}

func TestPolicyEvaluation(t *testing.T) {
	g := guard(t)
	tbl := "arn:aws:dynamodb:eu-north-1:000000000000:table/t"
	for _, c := range []struct {
		r    Request
		want bool
	}{
		{Request{Action: "dynamodb:GetItem", Resource: tbl}, true},
		{Request{Action: "DynamoDB:getitem", Resource: tbl}, true}, // actions compare without case
		{Request{Action: "dynamodb:Query", Resource: tbl + "/index/GSI1"}, true},
		{Request{Action: "dynamodb:Query", Resource: tbl + "/index/GSI2"}, false},
		{Request{Action: "dynamodb:Query", Resource: tbl + "/index/Secret1"}, false}, // explicit deny
		{Request{Action: "dynamodb:UpdateItem", Resource: tbl}, false},
		{Request{Action: "dynamodb:PutItem", Resource: tbl + "x"}, false},
		{Request{Action: "ses:SendEmail", Resource: "arn:aws:ses:eu-north-1:000000000000:identity/partnerskap.example",
			Context: map[string]string{"ses:FromAddress": "partnerskap@partnerskap.example"}}, true},
		{Request{Action: "ses:SendEmail", Resource: "arn:aws:ses:eu-north-1:000000000000:identity/partnerskap.example",
			Context: map[string]string{"ses:FromAddress": "someone@partnerskap.example"}}, false},
		{Request{Action: "ses:SendEmail", Resource: "arn:aws:ses:eu-north-1:000000000000:identity/partnerskap.example"}, false},
	} {
		if got := g.Policy.Allowed(c.r); got != c.want {
			t.Errorf("%s on %s %v: allowed %v, want %v", c.r.Action, c.r.Resource, c.r.Context, got, c.want)
		}
	}
}

// Each item of a transaction is authorised as its own action; SES's send
// is authorised on the identity and on the configuration set.
func TestRequestsOfACall(t *testing.T) {
	g := guard(t)
	reqs, code, err := g.requests("DynamoDB", "TransactWriteItems", &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String("t")}},
		{ConditionCheck: &types.ConditionCheck{TableName: aws.String("t")}},
		{Update: &types.Update{TableName: aws.String("t")}},
	}})
	if err != nil || code != "AccessDeniedException" || len(reqs) != 3 || reqs[0].Action != "dynamodb:PutItem" ||
		reqs[1].Action != "dynamodb:ConditionCheckItem" || reqs[2].Action != "dynamodb:UpdateItem" {
		t.Fatalf("%v %s %v", reqs, code, err)
	}
	q := &dynamodb.QueryInput{TableName: aws.String("t"), IndexName: aws.String("GSI2")}
	reqs, _, _ = g.requests("DynamoDB", "Query", q)
	if reqs[0].Resource != "arn:aws:dynamodb:eu-north-1:000000000000:table/t/index/GSI2" || q.ReturnConsumedCapacity != types.ReturnConsumedCapacityTotal {
		t.Fatalf("%v %v", reqs, q.ReturnConsumedCapacity)
	}
	reqs, code, _ = g.requests("SES", "SendEmail", &ses.SendEmailInput{Source: aws.String("Partnerskap <partnerskap@partnerskap.example>"),
		ConfigurationSetName: aws.String("cs")})
	if code != "AccessDenied" || len(reqs) != 2 || reqs[0].Resource != "arn:aws:ses:eu-north-1:000000000000:identity/partnerskap.example" ||
		reqs[1].Resource != "arn:aws:ses:eu-north-1:000000000000:configuration-set/cs" || reqs[0].Context["ses:FromAddress"] != "partnerskap@partnerskap.example" {
		t.Fatalf("%v %s", reqs, code)
	}
	if g.Policy.Allowed(reqs[1]) {
		t.Fatal("the configuration set is not granted in this policy, yet allowed")
	}
	if _, _, err := g.requests("S3", "PutObject", nil); err == nil {
		t.Fatal("an operation the guard does not know went through unchecked")
	}
}

// The guard's cost per call: deriving the requests and evaluating them.
func BenchmarkGuardCheck(b *testing.B) {
	g := guard(b)
	in := &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String("t")}}, {Update: &types.Update{TableName: aws.String("t")}}}}
	for b.Loop() {
		reqs, _, _ := g.requests("DynamoDB", "TransactWriteItems", in)
		for _, r := range reqs {
			g.Policy.Allowed(r)
		}
	}
}
