// Package app wires the functions: configuration from the environment,
// AWS clients built once, and one constructor per function. A function's
// main.go and the local stack call the same constructors.
package app

import (
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"partnerskap/internal/intake"
	"partnerskap/internal/logging"
	"partnerskap/internal/store"
	"partnerskap/internal/web"
)

// Config is everything the functions read from their environment.
type Config struct {
	Table         string // TABLE_NAME
	Stage         string // STAGE
	Sender        string // SENDER_ADDRESS
	ReplyTo       string // REPLY_TO_ADDRESS
	PublicBaseURL string // PUBLIC_BASE_URL (optional)

	// Set by Lambda itself.
	Region                           string
	AccessKey, SecretKey, SessionTok string

	// Local stack only: endpoints of the stand-ins.
	DynamoDBEndpoint string // DYNAMODB_ENDPOINT
	SESEndpoint      string // SES_ENDPOINT
}

// LambdaProvided are set by the Lambda runtime, not by template.yaml.
var LambdaProvided = []string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}

// LocalOnly are set only by the local stack and tests.
var LocalOnly = []string{"DYNAMODB_ENDPOINT", "SES_ENDPOINT"}

// LoadConfig reads the configuration through lookup (os.LookupEnv in Lambda).
func LoadConfig(lookup func(string) (string, bool)) Config {
	get := func(k string) string { v, _ := lookup(k); return v }
	return Config{
		Table: get("TABLE_NAME"), Stage: get("STAGE"),
		Sender: get("SENDER_ADDRESS"), ReplyTo: get("REPLY_TO_ADDRESS"), PublicBaseURL: get("PUBLIC_BASE_URL"),
		Region: get("AWS_REGION"), AccessKey: get("AWS_ACCESS_KEY_ID"), SecretKey: get("AWS_SECRET_ACCESS_KEY"),
		SessionTok:       get("AWS_SESSION_TOKEN"),
		DynamoDBEndpoint: get("DYNAMODB_ENDPOINT"), SESEndpoint: get("SES_ENDPOINT"),
	}
}

// Env is a function's dependencies, built once per execution environment.
// Clients that only some functions use (SES) are built in those functions'
// main.go, so the other binaries neither link nor initialise them.
type Env struct {
	Config
	AWS   aws.Config
	Log   *slog.Logger
	Now   func() time.Time
	Store *store.Store
}

// NewEnv builds the clients. Credentials come from the environment, as
// Lambda provides them; the SDK's full config chain (profiles, SSO, IMDS)
// is not linked in, which keeps the binaries small and cold starts short.
func NewEnv(cfg Config, log *slog.Logger) (*Env, error) {
	if cfg.Region == "" {
		return nil, fmt.Errorf("AWS_REGION is not set")
	}
	if cfg.Table == "" {
		return nil, fmt.Errorf("TABLE_NAME is not set")
	}
	awsCfg := aws.Config{
		Region:      cfg.Region,
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(cfg.AccessKey, cfg.SecretKey, cfg.SessionTok)),
	}
	db := dynamodb.NewFromConfig(awsCfg, func(o *dynamodb.Options) {
		if cfg.DynamoDBEndpoint != "" {
			o.BaseEndpoint = aws.String(cfg.DynamoDBEndpoint)
			// DynamoDB Local's error responses fail the CRC32 check; only locally.
			o.DisableValidateResponseChecksum = true
		}
	})
	return &Env{Config: cfg, AWS: awsCfg, Log: log, Now: time.Now, Store: store.New(db, cfg.Table)}, nil
}

// FromEnviron builds the Env of a Lambda function from its process
// environment, or exits with a logged reason: a function that cannot be
// configured must fail its init, loudly, not its first request.
func FromEnviron() *Env {
	log := logging.New(os.Stdout, slog.LevelInfo)
	env, err := NewEnv(LoadConfig(os.LookupEnv), log)
	if err != nil {
		log.Error("configuration", "error", err)
		os.Exit(1)
	}
	return env
}

// Must returns h, or exits with a logged reason when err is set.
func Must[H any](h H, err error) H {
	if err != nil {
		slog.Error("init", "error", err)
		os.Exit(1)
	}
	return h
}

// Form is the FormFunction.
func Form(e *Env) (web.Handler, error) {
	svc := &intake.Service{Store: e.Store, Now: e.Now, Log: e.Log}
	return web.Logged(e.Log, "form", web.Form(svc)), nil
}

// Submit is the SubmitFunction; mailer sends the receipts (ses.FromConfig).
func Submit(e *Env, mailer intake.Mailer) (web.Handler, error) {
	if e.Sender == "" {
		return nil, fmt.Errorf("SENDER_ADDRESS is not set")
	}
	svc := &intake.Service{Store: e.Store, Mailer: mailer, Now: e.Now, Log: e.Log}
	return web.Logged(e.Log, "submit", web.Submit(svc, e.PublicBaseURL)), nil
}

// Status is the StatusFunction.
func Status(e *Env) (web.Handler, error) {
	svc := &intake.Service{Store: e.Store, Now: e.Now, Log: e.Log}
	return web.Logged(e.Log, "status", web.Status(svc)), nil
}
