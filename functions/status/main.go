// Command status is the StatusFunction Lambda (see template.yaml).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/app"
	"partnerskap/internal/bucket"
)

func main() {
	env := app.FromEnviron()
	files := bucket.FromConfig(env.AWS, env.S3Endpoint, env.DocumentsBucket, env.Now)
	lambda.Start(app.Must(app.Status(env, files)))
}
