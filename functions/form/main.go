// Command form is the FormFunction Lambda (see template.yaml).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/app"
)

func main() {
	lambda.Start(app.Must(app.Form(app.FromEnviron())))
}
