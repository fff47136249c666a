// Command hello is the yardstick: a hello-world aws-lambda-go function,
// built like ours, for comparing binary size and cold start.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(context.Context, map[string]any) (string, error) { return "hello", nil })
}
