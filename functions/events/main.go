// Command events is the EventsFunction Lambda (see template.yaml).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/app"
)

func main() {
	lambda.Start(app.Must(app.Events(app.FromEnviron())))
}
