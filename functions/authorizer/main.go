// Command authorizer is the AuthorizerFunction Lambda (see
// template.yaml). It links only the token verification: no AWS SDK, no
// pages.
package main

import (
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"partnerskap/internal/auth"
	"partnerskap/internal/logging"
)

func main() {
	log := logging.New(os.Stdout, slog.LevelInfo)
	h, err := auth.NewHandler(os.LookupEnv, log, time.Now)
	if err != nil {
		log.Error("function cannot start: its configuration is incomplete", "error", err)
		os.Exit(1)
	}
	lambda.Start(h)
}
