package sam

import (
	"testing"
	"time"
)

const sample = `
Parameters:
  Sender: {Type: String, Default: a@b.se}
Globals:
  Function:
    Runtime: provided.al2023
    Handler: bootstrap
    Timeout: 7
    Environment:
      Variables:
        TABLE_NAME: !Ref Table
        STAGE: dev
Resources:
  JobFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Timeout: 60
      Environment:
        Variables:
          SENDER: !Ref Sender
          STAGE: prod
      Policies:
        - Statement:
            - Resource: !GetAtt Table.Arn
            - Resource: !Sub "${Table.Arn}/index/*"
      Events:
        Tick:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: cron(0 16 15 3 ? *)
            ScheduleExpressionTimezone: Europe/Stockholm
        Get:
          Type: HttpApi
          Properties:
            Path: /things/{id}/
            Method: get
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{AttributeName: PK, KeyType: HASH}]
`

func TestParseMergesGlobalsAndKeepsIntrinsics(t *testing.T) {
	tpl, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	f, ok := tpl.Function("JobFunction")
	if !ok || f.Name() != "job" || f.Runtime != "provided.al2023" || f.Handler != "bootstrap" || f.Timeout != 60*time.Second {
		t.Fatalf("function %+v", f)
	}
	env, err := tpl.Environment(f, map[string]string{"Table": "t1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if env["TABLE_NAME"] != "t1" || env["SENDER"] != "a@b.se" || env["STAGE"] != "prod" {
		t.Fatalf("env %v: globals merged, function wins, refs resolved", env)
	}
	if env, _ := tpl.Environment(f, map[string]string{"Table": "t1"}, map[string]string{"Sender": "x@y.se"}); env["SENDER"] != "x@y.se" {
		t.Fatal("parameter override ignored")
	}
	if len(f.Routes) != 1 || f.Routes[0].Key() != "GET /things/{id}" {
		t.Fatalf("routes %+v", f.Routes)
	}
	if len(f.Schedules) != 1 || f.Schedules[0].Expression != "cron(0 16 15 3 ? *)" || f.Schedules[0].Timezone != "Europe/Stockholm" {
		t.Fatalf("schedules %+v", f.Schedules)
	}
	if len(tpl.Tables) != 1 || tpl.Tables[0].KeySchema[0].AttributeName != "PK" {
		t.Fatalf("tables %+v", tpl.Tables)
	}
	if _, err := (Resolver{Template: tpl}).Value(map[string]any{"Ref": "Nowhere"}); err == nil {
		t.Fatal("an unresolvable Ref must be an error, not a guess")
	}
}

func TestParseRejectsBrokenTemplates(t *testing.T) {
	for _, bad := range []string{"", "Resources: [", "Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        E: {Type: HttpApi, Properties: {Path: /x}}\n"} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}
