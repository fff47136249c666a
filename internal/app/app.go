// Package app wires the functions: configuration from the environment,
// AWS clients built once, and one constructor per function. A function's
// main.go and the local stack call the same constructors.
package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"partnerskap/internal/grants"
	"partnerskap/internal/intake"
	"partnerskap/internal/logging"
	"partnerskap/internal/mailer"
	"partnerskap/internal/mailevents"
	"partnerskap/internal/programme"
	"partnerskap/internal/publish"
	"partnerskap/internal/reminders"
	"partnerskap/internal/retention"
	"partnerskap/internal/review"
	"partnerskap/internal/roundjob"
	"partnerskap/internal/sheet"
	"partnerskap/internal/staff"
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
	StaffAddress  string // STAFF_ADDRESS: where round summaries go
	MailRate      string // MAIL_RATE: emails a second, at most
	// The intake's caps (SubmitFunction): EMAILS_PER_ADDRESS_PER_DAY (links
	// and receipts to one address a day), STARTS_PER_SOURCE_PER_DAY (links
	// one connection asks for a day), APPLICATIONS_PER_ORGANISATION (in one
	// round).
	EmailsPerDay, StartsPerSource, PerOrganisation string
	// SESConfigurationSet (SES_CONFIGURATION_SET) publishes each message's
	// fate (send, delivery, bounce, complaint) to the events function.
	SESConfigurationSet string
	// DocumentsBucket (DOCUMENTS_BUCKET) holds the applications' uploaded
	// documents: the functions that issue upload or read links, or check
	// an upload, build their S3 client in their main.go.
	DocumentsBucket string

	// Set by Lambda itself.
	Region                           string
	AccessKey, SecretKey, SessionTok string

	// Local stack only: endpoints of the stand-ins.
	DynamoDBEndpoint string // DYNAMODB_ENDPOINT
	SESEndpoint      string // SES_ENDPOINT
	S3Endpoint       string // S3_ENDPOINT (path-style addressing)
}

// LambdaProvided are set by the Lambda runtime, not by template.yaml.
var LambdaProvided = []string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}

// LocalOnly are set only by the local stack and tests.
var LocalOnly = []string{"DYNAMODB_ENDPOINT", "SES_ENDPOINT", "S3_ENDPOINT"}

// LoadConfig reads the configuration through lookup (os.LookupEnv in Lambda).
func LoadConfig(lookup func(string) (string, bool)) Config {
	get := func(k string) string { v, _ := lookup(k); return v }
	return Config{
		Table: get("TABLE_NAME"), Stage: get("STAGE"),
		Sender: get("SENDER_ADDRESS"), ReplyTo: get("REPLY_TO_ADDRESS"), PublicBaseURL: get("PUBLIC_BASE_URL"),
		StaffAddress: get("STAFF_ADDRESS"), MailRate: get("MAIL_RATE"), EmailsPerDay: get("EMAILS_PER_ADDRESS_PER_DAY"),
		StartsPerSource: get("STARTS_PER_SOURCE_PER_DAY"), PerOrganisation: get("APPLICATIONS_PER_ORGANISATION"), SESConfigurationSet: get("SES_CONFIGURATION_SET"),
		DocumentsBucket: get("DOCUMENTS_BUCKET"),
		Region:          get("AWS_REGION"), AccessKey: get("AWS_ACCESS_KEY_ID"), SecretKey: get("AWS_SECRET_ACCESS_KEY"),
		SessionTok:       get("AWS_SESSION_TOKEN"),
		DynamoDBEndpoint: get("DYNAMODB_ENDPOINT"), SESEndpoint: get("SES_ENDPOINT"), S3Endpoint: get("S3_ENDPOINT"),
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
// The local stack passes options (its IAM guard) that every client built
// from the Env's aws.Config then carries.
func NewEnv(cfg Config, log *slog.Logger, options ...func(*aws.Config)) (*Env, error) {
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
	for _, o := range options {
		o(&awsCfg)
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
		logging.New(os.Stdout, slog.LevelInfo).Error("function cannot start: its configuration is incomplete", "error", err)
		os.Exit(1)
	}
	return h
}

// Form is the FormFunction: the form (and the neutral thank-you page) and
// the privacy notice, which names REPLY_TO_ADDRESS as the contact when the
// function has it, or else says to reply to the programme's emails.
func Form(e *Env) (web.Handler, error) {
	svc := &intake.Service{Store: e.Store, Now: e.Now, Log: e.Log}
	return web.Serve(e.Log, "form", web.Routes(map[string]web.Handler{
		"GET /":        web.Form(svc),
		"GET /privacy": web.Privacy(e.ReplyTo),
		"GET /form.js": web.FormScript(), // web.FormScriptPath
	})), nil
}

// Submit is the SubmitFunction: the start of an application (its link
// goes out at once through the outbox; sender is SES, ses.FromConfig) and
// submissions (their receipts are queued for the mailer).
func Submit(e *Env, sender mailer.Sender) (web.Handler, error) {
	if e.Sender == "" {
		return nil, fmt.Errorf("SENDER_ADDRESS is not set")
	}
	svc := &intake.Service{Store: e.Store, Now: e.Now, Log: e.Log,
		Courier: &mailer.Mailer{Store: e.Store, Sender: sender, Now: e.Now, Log: e.Log, Lease: 2 * time.Minute}}
	for name, c := range map[string]struct {
		raw string
		to  *int
		max int
	}{
		"EMAILS_PER_ADDRESS_PER_DAY":    {e.EmailsPerDay, &svc.EmailsPerDay, 1000},
		"STARTS_PER_SOURCE_PER_DAY":     {e.StartsPerSource, &svc.StartsPerSourcePerDay, 1000000},
		"APPLICATIONS_PER_ORGANISATION": {e.PerOrganisation, &svc.PerOrganisation, 1000000},
	} {
		n, err := strconv.Atoi(c.raw)
		if err != nil || n < 1 || n > c.max {
			return nil, fmt.Errorf("%s=%q: want a whole number from 1 to %d", name, c.raw, c.max)
		}
		*c.to = n
	}
	return web.Serve(e.Log, "submit", web.Routes(map[string]web.Handler{
		"POST /start":        web.Start(svc, e.PublicBaseURL),
		"POST /applications": web.Submit(svc, e.PublicBaseURL),
	})), nil
}

// Staff is the StaffFunction: rounds, applications, decisions and decision
// emails. API Gateway's JWT authorizer lets only signed-in users through;
// the handler lets only members of the staff group in.
//
// files reads the applications' and the reports' documents
// (bucket.FromConfig, in main.go).
func Staff(e *Env, files interface {
	staff.Files
	grants.Files
}) (web.Handler, error) {
	if files == nil {
		return nil, fmt.Errorf("no documents bucket")
	}
	if e.PublicBaseURL == "" {
		return nil, fmt.Errorf("PUBLIC_BASE_URL is not set (the grantee's link in a grant's decision email)")
	}
	svc := &staff.Service{Store: e.Store, Now: e.Now, Log: e.Log, Files: files, BaseURL: e.PublicBaseURL}
	gs := &grants.Service{Store: e.Store, Files: files, Now: e.Now, Log: e.Log}
	rs := &review.Service{Store: e.Store, Now: e.Now, Log: e.Log,
		Decide: func(ctx context.Context, ref string, in programme.DecisionInput, by string) (programme.Decision, error) {
			return svc.Decide(ctx, ref, in, nil, by) // the decision form's own path: the budget holds per application
		}}
	return web.Serve(e.Log, "staff", web.StaffOnly(web.Routes(map[string]web.Handler{
		"GET /staff/rounds":                              web.StaffRounds(svc),
		"POST /staff/rounds/{id}/deadline":               web.ExtendDeadline(svc),
		"GET /staff/rounds/{id}":                         web.StaffRound(svc),
		"GET /staff/rounds/{id}/applications":            web.StaffApplications(svc),
		"GET /staff/applications/{ref}":                  web.StaffApplication(svc),
		"GET /staff/applications/{ref}/documents/{kind}": web.StaffDocument(svc),
		"POST /staff/applications/{ref}/decision":        web.StaffDecide(svc),
		"POST /staff/applications/{ref}/erase":           web.StaffErase(svc, &staff.Eraser{Store: e.Store, Now: e.Now, Log: e.Log}),
		"GET /staff/rounds/{id}/notify":                  web.StaffNotifyPreview(svc),
		"POST /staff/rounds/{id}/notify":                 web.StaffNotify(svc),
		"POST /staff/rounds/{id}/withdraw":               web.StaffWithdraw(svc),

		"GET /staff/grants":                                       web.StaffGrants(gs),
		"GET /staff/grants/{ref}":                                 web.StaffGrant(gs),
		"POST /staff/grants/{ref}/reports/{year}":                 web.StaffReviewReport(gs),
		"GET /staff/grants/{ref}/reports/{year}/documents/{kind}": web.StaffReportDocument(gs),
		"POST /staff/grants/{ref}/changes/{id}":                   web.StaffDecideChange(gs),

		"GET /staff/rounds/{id}/meeting":                             web.StaffMeeting(rs),
		"POST /staff/rounds/{id}/assign":                             web.StaffAssign(rs),
		"POST /staff/rounds/{id}/batch":                              web.StaffBatch(rs),
		"GET /staff/applications/{ref}/reviews":                      web.StaffReviews(rs),
		"POST /staff/applications/{ref}/reviews/{reviewer}/reopen":   web.StaffReopen(rs),
		"POST /staff/applications/{ref}/reviews/{reviewer}/reassign": web.StaffReassign(rs),
	}))), nil
}

// Export is the ExportFunction: a round's applications as an Excel workbook
// for staff, behind the same authorizer and staff check as StaffFunction.
// write makes the workbook (xlsx.Write), given by functions/export/main.go:
// the spreadsheet library is linked into that binary alone, not into this
// package and so not into every function.
func Export(e *Env, write sheet.Writer) (web.Handler, error) {
	if write == nil {
		return nil, fmt.Errorf("no workbook writer")
	}
	svc := &staff.Service{Store: e.Store, Now: e.Now, Log: e.Log}
	gs := &grants.Service{Store: e.Store, Now: e.Now, Log: e.Log}
	return web.Serve(e.Log, "export", web.StaffOnly(web.Routes(map[string]web.Handler{
		"GET /staff/rounds/{id}/applications.xlsx": web.StaffApplicationsXLSX(svc, write),
		"GET /staff/grants.xlsx":                   web.StaffGrantsXLSX(gs, write),
	}))), nil
}

// ScheduledHandler is a function invoked by EventBridge Scheduler with the
// schedule's Input.
type ScheduledHandler = func(ctx context.Context, input json.RawMessage) (any, error)

// Rounds is the RoundsFunction: open and close rounds, move applications
// of closed rounds to review; on the Retention schedule's input, the
// retention job (package retention); on the Reminders schedule's, the
// reminders of grants' report deadlines (package reminders), which name
// PUBLIC_BASE_URL as where the grants' pages are.
//
// files is the documents bucket (bucket.FromConfig, in main.go): the
// retention job sweeps the uploads no application keeps.
func Rounds(e *Env, files retention.Files) (ScheduledHandler, error) {
	if e.StaffAddress == "" {
		return nil, fmt.Errorf("STAFF_ADDRESS is not set")
	}
	if files == nil || e.DocumentsBucket == "" {
		return nil, fmt.Errorf("DOCUMENTS_BUCKET is not set")
	}
	job := &roundjob.Job{Store: e.Store, Now: e.Now, Log: e.Log, StaffAddress: e.StaffAddress, PageSize: 100, Settle: time.Minute}
	keep := &retention.Job{Store: e.Store, Now: e.Now, Log: e.Log, Files: files}
	remind := &reminders.Job{Store: e.Store, Now: e.Now, Log: e.Log, PublicBaseURL: e.PublicBaseURL}
	return func(ctx context.Context, input json.RawMessage) (any, error) {
		e.Log.InfoContext(ctx, "round job invoked", "input", string(input))
		// The Retention schedule runs the retention job and the Reminders
		// schedule the reminder job (same table, the function's grants);
		// every other schedule, the round job.
		var in struct{ Schedule string }
		if json.Unmarshal(input, &in) == nil {
			switch in.Schedule {
			case retention.Input:
				return keep.Run(ctx)
			case reminders.Input:
				return remind.Run(ctx)
			}
		}
		return job.Run(ctx)
	}, nil
}

// Mailer is the MailerFunction: send the outbox, paced under MAIL_RATE.
// sender is built in main.go (ses.FromConfig).
func Mailer(e *Env, sender mailer.Sender) (ScheduledHandler, error) {
	rate, err := strconv.ParseFloat(e.MailRate, 64)
	if err != nil || rate <= 0 || rate > 1000 {
		return nil, fmt.Errorf("MAIL_RATE=%q: want emails a second, e.g. 14", e.MailRate)
	}
	m := &mailer.Mailer{Store: e.Store, Sender: sender, Now: e.Now, Log: e.Log, Rate: rate, Lease: 2 * time.Minute,
		ResendAfter: 15 * time.Minute}
	return func(ctx context.Context, input json.RawMessage) (any, error) {
		return m.Run(ctx)
	}, nil
}

// Publish is the PublishFunction: the public list of granted projects.
func Publish(e *Env) (web.Handler, error) {
	return web.Serve(e.Log, "publish", web.Granted(&publish.Service{Store: e.Store})), nil
}

// EventsHandler is a function SNS invokes.
type EventsHandler = func(ctx context.Context, ev events.SNSEvent) error

// Events is the EventsFunction: SES's events (via the configuration set's
// SNS topic) settle and track the outbox.
func Events(e *Env) (EventsHandler, error) {
	h := &mailevents.Handler{Store: e.Store, Log: e.Log}
	return h.Handle, nil
}

// Status is the StatusFunction: the applicant's status page and the
// partner's confirmation, with read links to the application's documents
// (files: bucket.FromConfig, in main.go).
func Status(e *Env, files intake.Files) (web.Handler, error) {
	if files == nil {
		return nil, fmt.Errorf("no documents bucket")
	}
	svc := &intake.Service{Store: e.Store, Now: e.Now, Log: e.Log, Files: files}
	return web.Serve(e.Log, "status", web.Routes(map[string]web.Handler{
		"GET /applications/{ref}":                  web.Status(svc),
		"GET /applications/{ref}/confirm":          web.PartnerConfirm(svc),
		"POST /applications/{ref}/confirm":         web.PartnerConfirm(svc),
		"GET /applications/{ref}/documents/{kind}": web.PartnerDocument(svc),
	})), nil
}

// Documents is the DocumentsFunction: the appendices behind the link, each
// uploaded by the browser straight to the bucket with a signed form, the
// check of each upload S3 sends the browser back with, and removal. files
// is the bucket (bucket.FromConfig, in main.go).
func Documents(e *Env, files intake.Files) (web.Handler, error) {
	if files == nil || e.DocumentsBucket == "" {
		return nil, fmt.Errorf("DOCUMENTS_BUCKET is not set")
	}
	svc := &intake.Service{Store: e.Store, Now: e.Now, Log: e.Log, Files: files}
	return web.Serve(e.Log, "documents", web.Routes(map[string]web.Handler{
		"GET /documents": web.Documents(svc, e.PublicBaseURL),
		"GET /documents/uploaded/{round}/{lang}/{proof}": web.DocumentUploaded(svc),
		"POST /documents/remove":                         web.RemoveDocument(svc),
		"GET /documents.js":                              web.DocumentsScript(),
	})), nil
}

// Grants is the GrantsFunction: the grantee's pages behind the decision
// email's secret link (the grant, its years' reports, change requests),
// with the reports' documents uploaded by the browser straight to the
// bucket and checked when S3 sends it back. files is the bucket
// (bucket.FromConfig); readAccounts reads an uploaded accounts workbook
// (xlsx.ReadAccounts) and accountsTemplate makes the blank one
// (xlsx.AccountsTemplate): functions/grants/main.go gives them, so the
// spreadsheet library is linked there and not into this package.
func Grants(e *Env, files grants.Files, readAccounts func(data []byte, g programme.Grant) ([]programme.Account, int64, error),
	accountsTemplate web.AccountsTemplate) (web.Handler, error) {
	if files == nil || e.DocumentsBucket == "" {
		return nil, fmt.Errorf("DOCUMENTS_BUCKET is not set")
	}
	if readAccounts == nil || accountsTemplate == nil {
		return nil, fmt.Errorf("no accounts workbook reader or template")
	}
	svc := &grants.Service{Store: e.Store, Files: files, Now: e.Now, Log: e.Log, ReadAccounts: readAccounts}
	return web.Serve(e.Log, "grants", web.Routes(map[string]web.Handler{
		"GET /grants/{ref}":                                 web.Grant(svc),
		"POST /grants/{ref}/changes":                        web.GrantChange(svc),
		"GET /grants/{ref}/reports/{year}":                  web.GrantReport(svc, e.PublicBaseURL),
		"POST /grants/{ref}/reports/{year}":                 web.GrantReportSave(svc, e.PublicBaseURL),
		"GET /grants/{ref}/uploaded/{year}/{lang}/{key}":    web.GrantReportUploaded(svc),
		"POST /grants/{ref}/reports/{year}/remove":          web.GrantReportRemove(svc),
		"GET /grants/{ref}/reports/{year}/documents/{kind}": web.GrantReportDocument(svc),
		"GET /grants/{ref}/reports/{year}/accounts.xlsx":    web.GrantAccountsTemplate(svc, accountsTemplate),
	})), nil
}

// Review is the ReviewFunction: the reviewers' pages under /staff/review
// (behind the same authorizer as staff's; only members of the reviewer
// group get past ReviewerOnly): their conflicts of interest, their
// assigned applications, the conflict question and the score sheet.
//
// files issues the documents' read links (bucket.FromConfig, in main.go).
func Review(e *Env, files review.Files) (web.Handler, error) {
	if files == nil || e.DocumentsBucket == "" {
		return nil, fmt.Errorf("DOCUMENTS_BUCKET is not set")
	}
	svc := &review.Service{Store: e.Store, Now: e.Now, Log: e.Log, Files: files}
	return web.Serve(e.Log, "review", web.ReviewerOnly(web.Routes(map[string]web.Handler{
		"GET /staff/review":                        web.ReviewerHome(svc, e.Store.Rounds),
		"POST /staff/review/conflicts":             web.ReviewerDeclare(svc, e.Store.Rounds),
		"GET /staff/review/{ref}":                  web.ReviewerOpen(svc),
		"POST /staff/review/{ref}":                 web.ReviewerScore(svc),
		"POST /staff/review/{ref}/answer":          web.ReviewerAnswer(svc),
		"GET /staff/review/{ref}/documents/{kind}": web.ReviewerDocument(svc),
	}))), nil
}
