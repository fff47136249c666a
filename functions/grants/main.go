// Command grants is the GrantsFunction Lambda (see template.yaml): the
// grantee's pages. It links the spreadsheet library (internal/sheet/xlsx)
// for the reports' accounts workbooks.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/app"
	"partnerskap/internal/bucket"
	"partnerskap/internal/sheet/xlsx"
)

func main() {
	env := app.FromEnviron()
	files := bucket.FromConfig(env.AWS, env.S3Endpoint, env.DocumentsBucket, env.Now)
	lambda.Start(app.Must(app.Grants(env, files, xlsx.ReadAccounts, xlsx.AccountsTemplate)))
}
