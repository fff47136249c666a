// Command staff is the StaffFunction Lambda (see template.yaml).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/app"
)

func main() {
	lambda.Start(app.Must(app.Staff(app.FromEnviron())))
}
