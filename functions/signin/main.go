// Command signin is the SigninFunction Lambda (see template.yaml).
package main

import (
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/app"
)

func main() {
	lambda.Start(app.Must(app.SignIn(os.LookupEnv, app.Logger(), time.Now)))
}
