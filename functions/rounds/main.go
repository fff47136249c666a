// Command rounds is the RoundsFunction Lambda (see template.yaml).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/app"
)

func main() {
	lambda.Start(app.Must(app.Rounds(app.FromEnviron())))
}
