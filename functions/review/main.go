// Command review is the ReviewFunction Lambda (see template.yaml): the
// reviewers' pages under /staff/review.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/app"
	"partnerskap/internal/bucket"
)

func main() {
	env := app.FromEnviron()
	files := bucket.FromConfig(env.AWS, env.S3Endpoint, env.DocumentsBucket, env.Now)
	lambda.Start(app.Must(app.Review(env, files)))
}
