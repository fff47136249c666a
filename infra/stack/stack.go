package stack

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"partnerskap/data"
	"partnerskap/infra/iam"
	"partnerskap/infra/sam"
	"partnerskap/internal/app"
	"partnerskap/internal/auth"
	"partnerskap/internal/bucket"
	"partnerskap/internal/mail/ses"
	"partnerskap/internal/sheet/xlsx"
	"partnerskap/internal/web"
)

// HTTPFunctions maps each HTTP function's folder under functions/ to the
// constructor its main.go calls; the local stack serves template.yaml's
// routes with them. (It lives here, not in internal/app, so that a Lambda
// binary links only its own function's dependencies.)
var HTTPFunctions = map[string]func(*app.Env) (web.Handler, error){
	"form": app.Form,
	"submit": func(e *app.Env) (web.Handler, error) {
		return app.Submit(e, ses.FromConfig(e.AWS, e.SESEndpoint, e.Sender, e.ReplyTo, e.SESConfigurationSet)) // as functions/submit/main.go
	},
	"status": func(e *app.Env) (web.Handler, error) { return app.Status(e, documents(e)) }, // as functions/status/main.go
	"staff":  func(e *app.Env) (web.Handler, error) { return app.Staff(e, documents(e)) },  // as functions/staff/main.go
	"review": func(e *app.Env) (web.Handler, error) { return app.Review(e, documents(e)) }, // as functions/review/main.go
	"documents": func(e *app.Env) (web.Handler, error) {
		return app.Documents(e, documents(e)) // as functions/documents/main.go
	},
	"publish": app.Publish,
	"export":  func(e *app.Env) (web.Handler, error) { return app.Export(e, xlsx.Write) }, // as functions/export/main.go
	"grants": func(e *app.Env) (web.Handler, error) {
		return app.Grants(e, documents(e), xlsx.ReadAccounts, xlsx.AccountsTemplate) // as functions/grants/main.go
	},
}

// documents is the documents bucket's client, as the functions' main.go
// build it.
func documents(e *app.Env) *bucket.Bucket {
	return bucket.FromConfig(e.AWS, e.S3Endpoint, e.DocumentsBucket, e.Now)
}

// PoolFunctions are the HTTP functions configured from their environment
// alone (they build no AWS client): staff sign-in.
var PoolFunctions = map[string]func(lookup func(string) (string, bool), log *slog.Logger, now func() time.Time) (web.Handler, error){
	"signin": app.SignIn,
}

// AuthorizerFunctions are the HttpApi's Lambda authorizers, by folder name.
var AuthorizerFunctions = map[string]func(lookup func(string) (string, bool), log *slog.Logger, now func() time.Time) (AuthorizerHandler, error){
	"authorizer": auth.NewHandler,
}

// ScheduledFunctions are the functions EventBridge Scheduler invokes; the
// local stack fires their template schedules on demand (Fire) or on their
// rate (RunSchedules).
var ScheduledFunctions = map[string]func(*app.Env) (app.ScheduledHandler, error){
	"rounds": func(e *app.Env) (app.ScheduledHandler, error) { return app.Rounds(e, documents(e)) }, // as functions/rounds/main.go
	"mailer": func(e *app.Env) (app.ScheduledHandler, error) {
		return app.Mailer(e, ses.FromConfig(e.AWS, e.SESEndpoint, e.Sender, e.ReplyTo, e.SESConfigurationSet)) // as functions/mailer/main.go
	},
}

// EventFunctions are the functions SNS invokes; the local stack feeds them
// the SES events it emulates (PublishMailEvents).
var EventFunctions = map[string]func(*app.Env) (app.EventsHandler, error){
	"events": app.Events,
}

// LocalRegion, LocalAccount and the dummy credentials the stand-ins accept.
const (
	LocalRegion  = "eu-north-1"
	LocalAccount = "000000000000"
	localKey     = "local"
)

// Options says how to bring the stack up.
type Options struct {
	Root string // repository root
	// Template replaces the root's template.yaml (tests: a changed copy).
	Template *sam.Template
	// Existing stand-ins to use; empty starts new ones.
	DynamoDBEndpoint, SESEndpoint string
	DynamoDBPort, SESPort         int    // 0: free ports
	DBPath                        string // DynamoDB Local data folder; empty: in memory
	// S3Endpoint is an S3 server (SeaweedFS) to use; empty starts one on
	// S3Port (0: a free port) with its data in S3Dir (empty: a temporary
	// folder). Each stack has its own buckets on it (DocumentsBucketName).
	S3Endpoint string
	S3Port     int
	S3Dir      string
	Table      string // table name
	// Params override template parameters' defaults (e.g. MailRate).
	Params map[string]string
	// DataDir keeps what must outlive a restart (the SES front's journal
	// of sent messages); empty: a temporary folder removed by Close.
	DataDir string
	// Unthrottled lifts the HttpApi's stage throttling (DefaultRouteSettings,
	// RouteSettings), which the local API otherwise enforces: for benchmarks
	// and tests that submit far faster than the template allows, as a load
	// test of a deployed stage would raise its limits first.
	Unthrottled bool
	// APIAddr is where the stack serves its HTTP API (127.0.0.1:<port>;
	// empty: a free port). The public base URL is http://localhost:<port>
	// (Cognito accepts plain http in callback URLs for localhost only).
	APIAddr string
	// OIDCPort is the local OpenID provider's port (0: a free one);
	// ShowCodes shows the users' current TOTP codes on its sign-in page
	// (make dev only).
	OIDCPort  int
	ShowCodes bool
	// IDTokenTTL shortens the ID tokens' life (seconds; 0: the pool's 60
	// minutes): a test of an expired session.
	IDTokenTTL int
	Now        func() time.Time
	Log        *slog.Logger
	ProcessLog io.Writer // the stand-ins' own output
}

// Stack is the running local system.
type Stack struct {
	Template                      *sam.Template
	DynamoDBEndpoint, SESEndpoint string // the stand-ins (SESEndpoint: the SES server itself)
	// S3Endpoint is the S3 server (path-style addressing); the template's
	// DocumentsBucket is DocumentsBucketName(table) on it.
	S3Endpoint string
	s3         *s3.Client
	// SES is the front the functions send through (SES's rules, the
	// journal the emulated events read).
	SES *SESFront
	// Env is for seeding, tools and tests' own checks: the deployer's
	// rights, not a function's (no IAM guard).
	Env  *app.Env
	Envs map[string]*app.Env // each function's, by folder name, its calls checked against its policy
	// Calls counts every AWS call the functions made, as the IAM guard saw them.
	Calls *iam.Calls
	// Usage counts the functions' invocations and billed durations.
	Usage Usage
	// ExpectDenials: a test that removes a grant on purpose sets it, so
	// that stacktest does not fail it for the refused calls.
	ExpectDenials bool
	API           *API
	// URL is the HTTP API's address (the public base URL).
	URL string
	// OIDC is the local OpenID provider standing in for the staff user
	// pool's managed login; OIDCUsers are its users (passwords and TOTP
	// secrets made at start).
	OIDC         *Process
	OIDCUsers    []OIDCUser
	server       *http.Server
	Scheduled    map[string]app.ScheduledHandler // by function folder name
	Events       map[string]app.EventsHandler    // by function folder name
	mailEvents   mailEventsState
	SeededRounds []string
	procs        []*Process
	params       map[string]string
	table        string
	log          *slog.Logger
	tmpDir       string
}

// Up starts the stand-ins (unless given), creates the table from the
// template, seeds the rounds of data/rounds.json and builds every function's
// handler from its template environment.
func Up(ctx context.Context, o Options) (_ *Stack, err error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ProcessLog == nil {
		o.ProcessLog = io.Discard
	}
	tpl := o.Template
	if tpl == nil {
		if tpl, err = sam.Load(filepath.Join(o.Root, "template.yaml")); err != nil {
			return nil, err
		}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s := &Stack{Template: tpl, DynamoDBEndpoint: o.DynamoDBEndpoint, SESEndpoint: o.SESEndpoint, S3Endpoint: o.S3Endpoint, Envs: map[string]*app.Env{},
		Scheduled: map[string]app.ScheduledHandler{}, Events: map[string]app.EventsHandler{}, Calls: iam.NewCalls(),
		params: o.Params, table: o.Table, log: o.Log}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	if s.DynamoDBEndpoint == "" {
		p, err := StartDynamoDB(o.Root, DynamoDBOptions{Port: o.DynamoDBPort, DBPath: o.DBPath}, o.ProcessLog)
		if err != nil {
			return nil, err
		}
		s.procs = append(s.procs, p)
		s.DynamoDBEndpoint = p.Endpoint
	}
	if s.SESEndpoint == "" {
		p, err := StartSES(o.Root, o.SESPort, o.ProcessLog)
		if err != nil {
			return nil, err
		}
		s.procs = append(s.procs, p)
		s.SESEndpoint = p.Endpoint
	}
	if s.S3Endpoint == "" {
		p, err := StartS3(o.Root, o.S3Port, o.S3Dir, o.ProcessLog)
		if err != nil {
			return nil, err
		}
		s.procs = append(s.procs, p)
		s.S3Endpoint = p.Endpoint
	}
	s.s3 = S3Client(s.S3Endpoint)
	if o.DataDir == "" {
		if s.tmpDir, err = os.MkdirTemp("", "partnerskap-stack-"); err != nil {
			return nil, err
		}
		o.DataDir = s.tmpDir
	}
	addr := o.APIAddr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("the local API cannot listen on %s: %w", addr, err)
	}
	s.URL = "http://localhost:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	s.server = &http.Server{ReadHeaderTimeout: 10 * time.Second}
	defer func() {
		if err != nil {
			_ = ln.Close()
		}
	}()
	if s.params == nil {
		s.params = map[string]string{}
	}
	if s.params["PublicBaseUrl"] == "" {
		s.params["PublicBaseUrl"] = s.URL
	}
	if s.OIDCUsers, err = DevOIDCUsers(); err != nil {
		return nil, err
	}
	s.OIDC, err = StartOIDC(o.Root, o.OIDCPort, o.ProcessLog, OIDCConfig{ClientID: LocalRefs(o.Table)["StaffUserPoolClient"],
		RedirectURIs: []string{s.params["PublicBaseUrl"] + "/staff/callback"}, PostLogoutRedirectURIs: []string{s.params["PublicBaseUrl"] + "/staff/signedout"},
		Users: s.OIDCUsers, ShowCodes: o.ShowCodes, IDTokenTTL: o.IDTokenTTL})
	if err != nil {
		return nil, err
	}
	s.procs = append(s.procs, s.OIDC)
	identity, err := s.resolver().Value(map[string]any{"Ref": "SenderIdentity"})
	if err != nil {
		return nil, err
	}
	if s.SES, err = StartSESFront(s.SESEndpoint, o.DataDir, []string{identity}, []string{LocalRefs(o.Table)["MailConfigurationSet"]},
		o.Now, o.Log); err != nil {
		return nil, err
	}

	if s.Env, err = s.ToolEnv(o.Log); err != nil {
		return nil, err
	}
	s.Env.Now = o.Now
	handlers := map[string]web.Handler{}
	authorizers := map[string]AuthorizerHandler{}
	for _, f := range tpl.Functions {
		if build, ok := AuthorizerFunctions[f.Name()]; ok {
			h, err := poolFunction(s, f, o.Table, o.Log, build)
			if err != nil {
				return nil, err
			}
			authorizers[f.Name()] = timed(&s.Usage, f.LogicalID, f.MemoryMB, h)
			continue
		}
		if build, ok := PoolFunctions[f.Name()]; ok {
			h, err := poolFunction(s, f, o.Table, o.Log, build)
			if err != nil {
				return nil, err
			}
			handlers[f.Name()] = timed(&s.Usage, f.LogicalID, f.MemoryMB, h)
			continue
		}
		env, err := s.FunctionEnv(f, o.Table, o.Log)
		if err != nil {
			return nil, err
		}
		env.Now = o.Now
		s.Envs[f.Name()] = env
		if build, ok := HTTPFunctions[f.Name()]; ok {
			h, err := build(env)
			if err != nil {
				return nil, fmt.Errorf("function %s: %w", f.LogicalID, err)
			}
			handlers[f.Name()] = timed(&s.Usage, f.LogicalID, f.MemoryMB, h)
		} else if build, ok := ScheduledFunctions[f.Name()]; ok {
			h, err := build(env)
			if err != nil {
				return nil, fmt.Errorf("function %s: %w", f.LogicalID, err)
			}
			s.Scheduled[f.Name()] = timed(&s.Usage, f.LogicalID, f.MemoryMB, h)
		} else if build, ok := EventFunctions[f.Name()]; ok {
			h, err := build(env)
			if err != nil {
				return nil, fmt.Errorf("function %s: %w", f.LogicalID, err)
			}
			s.Events[f.Name()] = timedEvents(&s.Usage, f.LogicalID, f.MemoryMB, h)
		} else {
			return nil, fmt.Errorf("template function %s (functions/%s) has no constructor in the local stack", f.LogicalID, f.Name())
		}
	}
	if len(s.Envs) == 0 {
		return nil, fmt.Errorf("template has no functions")
	}
	if s.API, err = NewAPI(tpl, handlers, authorizers, o.Log); err != nil {
		return nil, err
	}
	if !o.Unthrottled {
		limits, err := tpl.Throttling(s.resolver())
		if err != nil {
			return nil, err
		}
		s.API.Throttle(limits, time.Now) // API Gateway throttles in real time, whatever the clock
	}
	if _, err := EnsureTable(ctx, s.Env.Store.DB(), tpl, o.Table); err != nil {
		return nil, err
	}
	if err := s.ensureBuckets(ctx); err != nil {
		return nil, err
	}
	rounds, err := data.Rounds(o.Now())
	if err != nil {
		return nil, err
	}
	if s.SeededRounds, err = Seed(ctx, s.Env.Store, rounds); err != nil {
		return nil, err
	}
	s.server.Handler = s.API
	go func() { _ = s.server.Serve(ln) }()
	return s, nil
}

// poolFunction builds a function configured from its environment alone
// (sign-in, the authorizer). Tokens live in real time, whatever the
// stack's clock (the provider issues them so).
func poolFunction[H any](s *Stack, f sam.Function, table string, log *slog.Logger,
	build func(func(string) (string, bool), *slog.Logger, func() time.Time) (H, error)) (H, error) {
	var zero H
	vars, err := s.FunctionVars(f, table)
	if err != nil {
		return zero, err
	}
	h, err := build(func(k string) (string, bool) { v, ok := vars[k]; return v, ok }, log, time.Now)
	if err != nil {
		return zero, fmt.Errorf("function %s: %w", f.LogicalID, err)
	}
	return h, nil
}

// LocalRefs are what the template's !Ref to resources stand for locally.
func LocalRefs(table string) map[string]string {
	return map[string]string{"Table": table, "MailConfigurationSet": "partnerskap-local", "DocumentsBucket": DocumentsBucketName(table),
		"StaffUserPool": LocalRegion + "_local", "StaffUserPoolDomain": "partnerskap-staff-local", "StaffUserPoolClient": "partnerskaplocalstaffpages"}
}

// FunctionVars is a function's environment: its template environment, plus
// what Lambda itself provides and the stand-ins' endpoints (SES: the front).
func (s *Stack) FunctionVars(f sam.Function, table string) (map[string]string, error) {
	vars, err := s.Template.Environment(f, LocalRefs(table), s.params)
	if err != nil {
		return nil, err
	}
	vars["AWS_REGION"] = LocalRegion
	vars["AWS_ACCESS_KEY_ID"], vars["AWS_SECRET_ACCESS_KEY"] = localKey, localKey
	vars["DYNAMODB_ENDPOINT"], vars["SES_ENDPOINT"], vars["S3_ENDPOINT"] = s.DynamoDBEndpoint, s.SES.URL, s.S3Endpoint
	// The user pool's endpoints are the local provider's: it serves the
	// managed login's paths (/oauth2/authorize, /oauth2/token, /logout) and
	// the issuer's keys (/.well-known/jwks.json) at one address.
	for _, k := range []string{"OIDC_ISSUER", "AUTH_DOMAIN_URL"} {
		if _, ok := vars[k]; ok {
			vars[k] = s.OIDC.Endpoint
		}
	}
	return vars, nil
}

// FunctionEnv builds a function's Env from FunctionVars, as its main.go
// would, with every AWS call checked against the function's template policy.
func (s *Stack) FunctionEnv(f sam.Function, table string, log *slog.Logger) (*app.Env, error) {
	vars, err := s.FunctionVars(f, table)
	if err != nil {
		return nil, err
	}
	guard, err := s.Guard(s.Template, f.LogicalID)
	if err != nil {
		return nil, err
	}
	lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	return app.NewEnv(app.LoadConfig(lookup), log, func(c *aws.Config) { c.APIOptions = append(c.APIOptions, guard.Option) })
}

// Guard is the IAM guard of a function of tpl (the stack's template, or a
// changed copy in tests).
func (s *Stack) Guard(tpl *sam.Template, logicalID string) (*iam.Guard, error) {
	res := s.resolver()
	res.Template = tpl
	policy, err := iam.Load(res, logicalID)
	if err != nil {
		return nil, err
	}
	return &iam.Guard{Policy: policy, Resolver: res, SESIdentity: iam.IdentityOf(s.SES.Identities), Log: s.log, Calls: s.Calls}, nil
}

// Param is a template parameter's value in this stack: Options.Params, or
// the template's default.
func (s *Stack) Param(name string) (string, error) {
	if _, ok := s.Template.Parameters[name]; !ok {
		return "", fmt.Errorf("template has no parameter %s", name)
	}
	return s.resolver().Value(map[string]any{"Ref": name})
}

func (s *Stack) resolver() sam.Resolver {
	refs := LocalRefs(s.table)
	return sam.Resolver{Template: s.Template, Params: s.params, Refs: refs, Region: LocalRegion, Account: LocalAccount,
		Attrs: map[string]string{"Table.Arn": "arn:aws:dynamodb:" + LocalRegion + ":" + LocalAccount + ":table/" + s.table,
			"DocumentsBucket.Arn": BucketARN(refs["DocumentsBucket"])}}
}

// ToolEnv is an Env with the deployer's rights (no IAM guard): for creating
// and seeding the table, tools, and tests' own checks.
func (s *Stack) ToolEnv(log *slog.Logger) (*app.Env, error) {
	return app.NewEnv(app.Config{Table: s.table, Region: LocalRegion, AccessKey: localKey, SecretKey: localKey,
		DynamoDBEndpoint: s.DynamoDBEndpoint, SESEndpoint: s.SES.URL,
		DocumentsBucket: DocumentsBucketName(s.table), S3Endpoint: s.S3Endpoint}, log)
}

// Close stops the stand-ins the stack started.
func (s *Stack) Close() {
	if s.server != nil {
		_ = s.server.Close()
	}
	if s.SES != nil {
		s.SES.Close()
	}
	for i := len(s.procs) - 1; i >= 0; i-- {
		s.procs[i].Stop()
	}
	if s.tmpDir != "" {
		_ = os.RemoveAll(s.tmpDir)
	}
}

// Exited is closed when any stand-in the stack started has exited.
func (s *Stack) Exited() <-chan *Process {
	ch := make(chan *Process, len(s.procs))
	for _, p := range s.procs {
		go func() { <-p.Done(); ch <- p }()
	}
	return ch
}
