package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"partnerskap/infra/sam"
	"partnerskap/infra/stack"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/app"
	"partnerskap/internal/store"
	"partnerskap/internal/web"
)

func loadTemplate(t *testing.T) *sam.Template {
	t.Helper()
	tpl, err := sam.Load(filepath.Join(stacktest.Root(), "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// template.yaml and the code are held together: functions and folders,
// routes and the local API, keys and the store, env vars and config.
func TestTemplateAndCodeAgree(t *testing.T) {
	tpl := loadTemplate(t)
	root := stacktest.Root()

	t.Run("every function has its folder, and every folder its function", func(t *testing.T) {
		var fromTemplate []string
		for _, f := range tpl.Functions {
			fromTemplate = append(fromTemplate, f.Name())
			if _, err := os.Stat(filepath.Join(root, "functions", f.Name(), "main.go")); err != nil {
				t.Errorf("%s: no functions/%s/main.go", f.LogicalID, f.Name())
			}
			if f.Runtime != "provided.al2023" || !slices.Equal(f.Arch, []string{"arm64"}) || f.Handler != "bootstrap" {
				t.Errorf("%s: runtime %s %v handler %s, want provided.al2023 arm64 bootstrap", f.LogicalID, f.Runtime, f.Arch, f.Handler)
			}
			if f.Metadata["BuildMethod"] != "makefile" || f.CodeURI != "." {
				t.Errorf("%s: want Metadata.BuildMethod makefile and CodeUri . (the Makefile's build-%s)", f.LogicalID, f.LogicalID)
			}
		}
		dirs, err := os.ReadDir(filepath.Join(root, "functions"))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dirs {
			if !slices.Contains(fromTemplate, d.Name()) {
				t.Errorf("functions/%s has no function in template.yaml", d.Name())
			}
		}
	})

	t.Run("the local API serves exactly the template's routes", func(t *testing.T) {
		s := newSystem(t)
		var want []string
		for _, f := range tpl.Functions {
			for _, r := range f.Routes {
				want = append(want, r.Key())
			}
		}
		slices.Sort(want)
		if got := s.API.RouteKeys(); !slices.Equal(got, want) || len(want) < 3 {
			t.Fatalf("local API serves %v, template declares %v", got, want)
		}
	})

	t.Run("the store's keys are the table's", func(t *testing.T) {
		if len(tpl.Tables) != 1 {
			t.Fatalf("%d tables, want one", len(tpl.Tables))
		}
		tb := tpl.Tables[0]
		keys := []sam.KeyElement{{AttributeName: store.KeyPK, KeyType: "HASH"}, {AttributeName: store.KeySK, KeyType: "RANGE"}}
		if !slices.Equal(tb.KeySchema, keys) {
			t.Errorf("table keys %v, store uses %v", tb.KeySchema, keys)
		}
		if len(tb.GSIs) != 2 || tb.GSIs[1].IndexName != store.IndexGSI2 ||
			!slices.Equal(tb.GSIs[1].KeySchema, []sam.KeyElement{{AttributeName: store.KeyGSI2PK, KeyType: "HASH"}, {AttributeName: store.KeyGSI2SK, KeyType: "RANGE"}}) {
			t.Errorf("GSI2 %+v, store uses %s(%s, %s)", tb.GSIs, store.IndexGSI2, store.KeyGSI2PK, store.KeyGSI2SK)
		}
		if len(tb.GSIs) < 1 || tb.GSIs[0].IndexName != store.IndexGSI1 ||
			!slices.Equal(tb.GSIs[0].KeySchema, []sam.KeyElement{{AttributeName: store.KeyGSI1PK, KeyType: "HASH"}, {AttributeName: store.KeyGSI1SK, KeyType: "RANGE"}}) {
			t.Errorf("GSIs %+v, store uses %s(%s, %s)", tb.GSIs, store.IndexGSI1, store.KeyGSI1PK, store.KeyGSI1SK)
		}
		if len(tb.GSIs) >= 1 && !slices.Equal(tb.GSIs[0].Projection.NonKeyAttributes, store.GSI1Projection) {
			t.Errorf("GSI1 projects %v, store expects %v", tb.GSIs[0].Projection.NonKeyAttributes, store.GSI1Projection)
		}
	})

	t.Run("every env var a function reads is set in the template", func(t *testing.T) {
		// In the code the functions run, the only read of the environment is
		// the config loader's (the local stack and test tooling under infra/
		// read their own settings).
		getenv := regexp.MustCompile(`os\.(Getenv|LookupEnv)\(`)
		_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
				return filepath.SkipDir
			}
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			b, _ := os.ReadFile(path)
			runs := strings.HasPrefix(rel, "internal/") || strings.HasPrefix(rel, "functions/")
			if runs && getenv.Match(b) && rel != "internal/app/app.go" {
				t.Errorf("%s reads the environment; only internal/app's config loader may", rel)
			}
			return nil
		})
		declared := map[string]bool{}
		for _, f := range tpl.Functions {
			for k := range f.Env {
				declared[k] = true
			}
		}
		for _, f := range tpl.Functions {
			env, err := tpl.Environment(f, stack.LocalRefs("table"), map[string]string{"PublicBaseUrl": "https://ansok.partnerskap.example"})
			if err != nil {
				t.Fatal(err)
			}
			lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
			if build, ok := stack.AuthorizerFunctions[f.Name()]; ok {
				if _, err := build(lookup, quiet, time.Now); err != nil {
					t.Errorf("%s: its template environment does not configure it: %v", f.LogicalID, err)
				}
				continue
			}
			if build, ok := stack.PoolFunctions[f.Name()]; ok {
				if _, err := build(lookup, quiet, time.Now); err != nil {
					t.Errorf("%s: its template environment does not configure it: %v", f.LogicalID, err)
				}
				continue
			}
			cfg := app.LoadConfig(func(k string) (string, bool) {
				if !declared[k] && !slices.Contains(app.LambdaProvided, k) && !slices.Contains(app.LocalOnly, k) {
					t.Errorf("the config reads %s, which template.yaml never sets", k)
				}
				if slices.Contains(app.LambdaProvided, k) {
					return "x", true
				}
				v, ok := env[k]
				return v, ok
			})
			e, err := app.NewEnv(cfg, nil)
			if build, ok := stack.HTTPFunctions[f.Name()]; ok && err == nil {
				_, err = build(e)
			} else if build, ok := stack.ScheduledFunctions[f.Name()]; ok && err == nil {
				_, err = build(e)
			} else if build, ok := stack.EventFunctions[f.Name()]; ok && err == nil {
				_, err = build(e)
			} else if err == nil {
				t.Errorf("%s: no constructor in the local stack", f.LogicalID)
				continue
			}
			if err != nil {
				t.Errorf("%s: its template environment does not configure it: %v", f.LogicalID, err)
			}
		}
		// And a missing variable is caught at init, not at the first request.
		submit, _ := tpl.Function("SubmitFunction")
		env, _ := tpl.Environment(submit, stack.LocalRefs("table"), map[string]string{"PublicBaseUrl": "https://ansok.partnerskap.example"})
		delete(env, "SENDER_ADDRESS")
		e, err := app.NewEnv(app.LoadConfig(func(k string) (string, bool) { v, ok := env[k]; return v, ok || k == "AWS_REGION" }), nil)
		if err == nil {
			if _, err = stack.HTTPFunctions["submit"](e); err == nil {
				t.Error("SubmitFunction built without SENDER_ADDRESS")
			}
		}
	})

	t.Run("the round job runs every five minutes, as the dashboard promises", func(t *testing.T) {
		// i18n.NotPublishedYet tells staff the list is published within five
		// minutes of the last decision email: the SafetyNet's rate.
		f, _ := tpl.Function("RoundsFunction")
		if !slices.ContainsFunc(f.Schedules, func(s sam.Schedule) bool { return s.Event == "SafetyNet" && s.Expression == "rate(5 minutes)" }) {
			t.Errorf("RoundsFunction's SafetyNet is not rate(5 minutes): %+v (change the dashboard's words with it)", f.Schedules)
		}
	})

	t.Run("every function logs to a log group of the template with a retention", func(t *testing.T) {
		// Either the function's LoggingConfig.LogGroup names (!Ref) an
		// AWS::Logs::LogGroup of the template, or a group is named
		// /aws/lambda/${Function}, the one Lambda writes to by default;
		// either way its RetentionInDays is one CloudWatch Logs accepts.
		// Without one, Lambda makes the group on the first invocation and
		// keeps its logs forever.
		allowed := []string{"1", "3", "5", "7", "14", "30", "60", "90", "120", "150", "180", "365", "400", "545", "731",
			"1096", "1827", "2192", "2557", "2922", "3288", "3653"}
		res := sam.Resolver{Template: tpl}
		for _, f := range tpl.Functions {
			var group sam.LogGroup
			var found bool
			if ref, ok := f.LogGroup.(map[string]any); ok {
				group, found = tpl.LogGroups[fmt.Sprint(ref["Ref"])]
			} else if f.LogGroup != nil {
				t.Errorf("%s: LoggingConfig.LogGroup %v is not a !Ref to a log group of the template", f.LogicalID, f.LogGroup)
				continue
			} else {
				for _, g := range tpl.LogGroups {
					if name, ok := g.LogGroupName.(map[string]any); ok && name["Fn::Sub"] == "/aws/lambda/${"+f.LogicalID+"}" {
						group, found = g, true
					}
				}
			}
			if !found {
				t.Errorf("%s: no AWS::Logs::LogGroup for its logs (LoggingConfig.LogGroup: !Ref it, or LogGroupName: !Sub /aws/lambda/${%s})", f.LogicalID, f.LogicalID)
				continue
			}
			days, err := res.Value(group.RetentionInDays)
			if group.RetentionInDays == nil || err != nil || !slices.Contains(allowed, days) {
				t.Errorf("%s: log group %s keeps its logs %q days (%v), want a retention CloudWatch Logs accepts", f.LogicalID, group.LogicalID, days, err)
			}
		}
	})

	t.Run("policies grant no wildcard actions and no Scan", func(t *testing.T) {
		for _, f := range tpl.Functions {
			b, _ := json.Marshal(f.Policies)
			p := string(b)
			// The sign-in function and the authorizer call no AWS API: no policy at all.
			_, pool := stack.PoolFunctions[f.Name()]
			_, authorizer := stack.AuthorizerFunctions[f.Name()]
			if pool || authorizer {
				if p != "null" {
					t.Errorf("%s calls no AWS API, yet has policies %s", f.LogicalID, p)
				}
				continue
			}
			if p == "null" || strings.Contains(p, `"*"`) || strings.Contains(p, `:*"`) || strings.Contains(p, "dynamodb:Scan") {
				t.Errorf("%s: policies %s", f.LogicalID, p)
			}
		}
	})
}

// Each function has a sample event in events/, and each goes through its
// handler: the submission's makes an application, the status one finds it,
// the scheduled ones run.
func TestSampleEvents(t *testing.T) {
	tpl := loadTemplate(t)
	s := newSystem(t)
	stacktest.SeedSampleProof(t, s.Stack) // the sample submission's link, followed
	order := []string{"FormFunction", "DocumentsFunction", "SubmitFunction", "StatusFunction", "StaffFunction", "RoundsFunction", "MailerFunction", "EventsFunction",
		"PublishFunction", "ExportFunction", "GrantsFunction", "ReviewFunction", "AuthorizerFunction", "SigninFunction"}
	want := map[string]struct {
		status int
		says   string
	}{
		"FormFunction":      {200, "Choose a call"},
		"DocumentsFunction": {200, `enctype="multipart/form-data"`}, // the sample link's appendices, each its signed upload form
		"SubmitFunction":    {201, `"reference":"KP-XJXMFDHFW1"`},
		"StatusFunction":    {200, "KP-XJXMFDHFW1"},
		"StaffFunction":     {200, `"id":"2027-1"`},
		"RoundsFunction":    {0, `"moved":0`},                                        // the spring round is open that day; autumn 2026 was over when seeded
		"MailerFunction":    {0, `"sent":0`},                                         // nothing queued (the receipt is sent at once)
		"EventsFunction":    {0, ""},                                                 // its effects: TestSampleMailEvents
		"PublishFunction":   {404, "not_published"},                                  // the spring round is not notified on that day
		"ExportFunction":    {200, "UEsDB"},                                          // an .xlsx (a zip: "PK\x03\x04"), base64-encoded
		"GrantsFunction":    {404, "find a grant"},                                   // no grant behind the sample link: a 404 saying nothing more
		"ReviewFunction":    {200, "Declare your conflicts of interest above first"}, // a reviewer who has declared nothing yet
		"SigninFunction":    {302, ""},                                               // to the provider's sign-in page (Location)
		// AuthorizerFunction: AWS's sample, a POST without a token: refused.
	}
	if len(order) != len(tpl.Functions) {
		t.Fatalf("template has %d functions; this test knows %d", len(tpl.Functions), len(order))
	}
	for _, id := range order {
		f, ok := tpl.Function(id)
		if !ok {
			t.Fatalf("no %s in the template", id)
		}
		b, err := os.ReadFile(filepath.Join(stacktest.Root(), "events", id+".json"))
		if err != nil {
			t.Fatalf("%s has no sample event: %v", id, err)
		}
		vars, err := s.FunctionVars(f, s.Env.Store.Table())
		if err != nil {
			t.Fatal(err)
		}
		lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
		if build, ok := stack.AuthorizerFunctions[f.Name()]; ok {
			var ev events.APIGatewayV2CustomAuthorizerV2Request
			if err := json.Unmarshal(b, &ev); err != nil || ev.Version != "2.0" || ev.Type != "REQUEST" {
				t.Fatalf("events/%s.json is not an HTTP API authorizer request (2.0): %v", id, err)
			}
			h, err := build(lookup, quiet, time.Now)
			if err != nil {
				t.Fatal(err)
			}
			if res, err := h(context.Background(), ev); err != nil || res.IsAuthorized {
				t.Fatalf("%s with its sample event: %+v %v, want refused", id, res, err)
			}
			continue
		}
		if h, ok := s.Events[f.Name()]; ok {
			var ev events.SNSEvent
			if err := json.Unmarshal(b, &ev); err != nil || len(ev.Records) == 0 {
				t.Fatalf("events/%s.json is not an SNS event: %v", id, err)
			}
			if err := h(context.Background(), ev); err != nil {
				t.Fatalf("%s with its sample event: %v", id, err)
			}
			continue
		}
		if len(f.Schedules) > 0 {
			if !slices.ContainsFunc(f.Schedules, func(sc sam.Schedule) bool { return sc.Input == strings.TrimSpace(string(b)) }) {
				t.Fatalf("events/%s.json is not the Input of any of its schedules", id)
			}
			out, err := s.Scheduled[f.Name()](context.Background(), b)
			res, _ := json.Marshal(out)
			if err != nil || !strings.Contains(string(res), want[id].says) {
				t.Fatalf("%s with its sample event: %s %v, want %q", id, res, err, want[id].says)
			}
			continue
		}
		var ev events.APIGatewayV2HTTPRequest
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatalf("events/%s.json: %v", id, err)
		}
		if ev.Version != "2.0" || ev.RequestContext.RouteKey != ev.RouteKey ||
			!slices.ContainsFunc(f.Routes, func(r sam.Route) bool { return r.Key() == ev.RouteKey }) {
			t.Fatalf("events/%s.json: version %q route %q, want 2.0 and one of %v", id, ev.Version, ev.RouteKey, f.Routes)
		}
		var h web.Handler
		if build, ok := stack.PoolFunctions[f.Name()]; ok {
			h, err = build(lookup, quiet, time.Now)
		} else {
			h, err = stack.HTTPFunctions[f.Name()](s.Envs[f.Name()])
		}
		if err != nil {
			t.Fatal(err)
		}
		res, err := h(context.Background(), ev)
		if id == "SigninFunction" && !strings.HasPrefix(res.Headers["Location"], s.OIDC.Endpoint+"/oauth2/authorize?") {
			t.Fatalf("%s: Location %q, want the provider's sign-in", id, res.Headers["Location"])
		}
		if err != nil || res.StatusCode != want[id].status || !strings.Contains(res.Body, want[id].says) {
			t.Fatalf("%s with its sample event: %d %v, want %d saying %q:\n%.2000s", id, res.StatusCode, err, want[id].status, want[id].says, res.Body)
		}
	}
}
