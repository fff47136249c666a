// Command submit is the SubmitFunction Lambda (see template.yaml).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/app"
	"partnerskap/internal/mail/ses"
)

func main() {
	env := app.FromEnviron()
	mailer := ses.FromConfig(env.AWS, env.SESEndpoint, env.Sender, env.ReplyTo, env.SESConfigurationSet)
	lambda.Start(app.Must(app.Submit(env, mailer)))
}
