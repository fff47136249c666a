// Command review is the ReviewFunction Lambda (see template.yaml): the
// reviewers' pages under /staff/review.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/app"
)

func main() {
	lambda.Start(app.Must(app.Review(app.FromEnviron())))
}
