// Command rounds is the RoundsFunction Lambda (see template.yaml): the round
// job, and the retention job on the Retention schedule's input.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/app"
	"partnerskap/internal/bucket"
)

func main() {
	env := app.FromEnviron()
	files := bucket.FromConfig(env.AWS, env.S3Endpoint, env.DocumentsBucket, env.Now)
	lambda.Start(app.Must(app.Rounds(env, files)))
}
