package stack

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"partnerskap/data"
	"partnerskap/infra/sam"
	"partnerskap/internal/app"
	"partnerskap/internal/mail/ses"
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
	"status":  app.Status,
	"staff":   app.Staff,
	"publish": app.Publish,
}

// ScheduledFunctions are the functions EventBridge Scheduler invokes; the
// local stack fires their template schedules on demand (Fire) or on their
// rate (RunSchedules).
var ScheduledFunctions = map[string]func(*app.Env) (app.ScheduledHandler, error){
	"rounds": app.Rounds,
	"mailer": func(e *app.Env) (app.ScheduledHandler, error) {
		return app.Mailer(e, ses.FromConfig(e.AWS, e.SESEndpoint, e.Sender, e.ReplyTo, e.SESConfigurationSet)) // as functions/mailer/main.go
	},
}

// EventFunctions are the functions SNS invokes; the local stack feeds them
// the SES events it emulates (PublishMailEvents).
var EventFunctions = map[string]func(*app.Env) (app.EventsHandler, error){
	"events": app.Events,
}

// LocalRegion and the dummy credentials the stand-ins accept.
const (
	LocalRegion = "eu-north-1"
	localKey    = "local"
)

// Options says how to bring the stack up.
type Options struct {
	Root string // repository root
	// Existing stand-ins to use; empty starts new ones.
	DynamoDBEndpoint, SESEndpoint string
	DynamoDBPort, SESPort         int    // 0: free ports
	DBPath                        string // DynamoDB Local data folder; empty: in memory
	Table                         string // table name
	Now                           func() time.Time
	Log                           *slog.Logger
	ProcessLog                    io.Writer // the stand-ins' own output
}

// Stack is the running local system.
type Stack struct {
	Template                      *sam.Template
	DynamoDBEndpoint, SESEndpoint string
	Env                           *app.Env            // the first function's, for seeding and tools
	Envs                          map[string]*app.Env // each function's, by folder name
	API                           *API
	Authority                     *LocalAuthority                 // the local stand-in for the staff user pool
	Scheduled                     map[string]app.ScheduledHandler // by function folder name
	Events                        map[string]app.EventsHandler    // by function folder name
	mailEvents                    mailEventsState
	SeededRounds                  []string
	procs                         []*Process
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
	tpl, err := sam.Load(filepath.Join(o.Root, "template.yaml"))
	if err != nil {
		return nil, err
	}
	s := &Stack{Template: tpl, DynamoDBEndpoint: o.DynamoDBEndpoint, SESEndpoint: o.SESEndpoint, Envs: map[string]*app.Env{},
		Scheduled: map[string]app.ScheduledHandler{}, Events: map[string]app.EventsHandler{}}
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

	handlers := map[string]web.Handler{}
	for _, f := range tpl.Functions {
		env, err := s.FunctionEnv(f, o.Table, o.Log)
		if err != nil {
			return nil, err
		}
		env.Now = o.Now
		s.Envs[f.Name()] = env
		if s.Env == nil {
			s.Env = env
		}
		if build, ok := HTTPFunctions[f.Name()]; ok {
			h, err := build(env)
			if err != nil {
				return nil, fmt.Errorf("function %s: %w", f.LogicalID, err)
			}
			handlers[f.Name()] = h
		} else if build, ok := ScheduledFunctions[f.Name()]; ok {
			h, err := build(env)
			if err != nil {
				return nil, fmt.Errorf("function %s: %w", f.LogicalID, err)
			}
			s.Scheduled[f.Name()] = h
		} else if build, ok := EventFunctions[f.Name()]; ok {
			h, err := build(env)
			if err != nil {
				return nil, fmt.Errorf("function %s: %w", f.LogicalID, err)
			}
			s.Events[f.Name()] = h
		} else {
			return nil, fmt.Errorf("template function %s (functions/%s) has no constructor in the local stack", f.LogicalID, f.Name())
		}
	}
	if s.Env == nil {
		return nil, fmt.Errorf("template has no functions")
	}
	if s.API, err = NewAPI(tpl, handlers, o.Log); err != nil {
		return nil, err
	}
	if s.Authority, err = NewLocalAuthority(time.Now); err != nil { // tokens live in real time, whatever the clock
		return nil, err
	}
	s.API.Authority = s.Authority
	if _, err := EnsureTable(ctx, s.Env.Store.DB(), tpl, o.Table); err != nil {
		return nil, err
	}
	rounds, err := data.Rounds(o.Now())
	if err != nil {
		return nil, err
	}
	if s.SeededRounds, err = Seed(ctx, s.Env.Store, rounds); err != nil {
		return nil, err
	}
	return s, nil
}

// LocalRefs are what the template's !Ref to resources stand for locally.
func LocalRefs(table string) map[string]string {
	return map[string]string{"Table": table, "MailConfigurationSet": "partnerskap-local"}
}

// FunctionVars is a function's environment: its template environment, plus
// what Lambda itself provides and the stand-ins' endpoints.
func (s *Stack) FunctionVars(f sam.Function, table string) (map[string]string, error) {
	vars, err := s.Template.Environment(f, LocalRefs(table), nil)
	if err != nil {
		return nil, err
	}
	vars["AWS_REGION"] = LocalRegion
	vars["AWS_ACCESS_KEY_ID"], vars["AWS_SECRET_ACCESS_KEY"] = localKey, localKey
	vars["DYNAMODB_ENDPOINT"], vars["SES_ENDPOINT"] = s.DynamoDBEndpoint, s.SESEndpoint
	return vars, nil
}

// FunctionEnv builds a function's Env from FunctionVars, as its main.go would.
func (s *Stack) FunctionEnv(f sam.Function, table string, log *slog.Logger) (*app.Env, error) {
	vars, err := s.FunctionVars(f, table)
	if err != nil {
		return nil, err
	}
	lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	return app.NewEnv(app.LoadConfig(lookup), log)
}

// Close stops the stand-ins the stack started.
func (s *Stack) Close() {
	for i := len(s.procs) - 1; i >= 0; i-- {
		s.procs[i].Stop()
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
