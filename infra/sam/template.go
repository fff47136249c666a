// Package sam reads template.yaml, the one source of truth for the local
// stack: functions and their folders, HttpApi routes, schedules, environment
// variables and the table's keys and indexes. It reads the YAML as YAML,
// keeping CloudFormation's short-form intrinsics (!Ref, !Sub, !GetAtt) as
// values to resolve.
package sam

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Template is what the local stack needs of template.yaml.
type Template struct {
	Parameters  map[string]Parameter
	Functions   []Function
	Tables      []Table
	Authorizers map[string]Authorizer
	// DefaultRouteSettings and RouteSettings are the HttpApi's stage
	// settings (throttling): the default of every route, and per route key
	// ("POST /applications"). Values may be intrinsics; see Resolve.
	DefaultRouteSettings RouteSettings
	RouteSettings        map[string]RouteSettings
	// LogGroups are the AWS::Logs::LogGroup resources, by logical id.
	LogGroups map[string]LogGroup
	// Buckets are the AWS::S3::Bucket resources, by logical id.
	Buckets map[string]Bucket
}

// Bucket is an AWS::S3::Bucket: what the local S3 server applies of it
// (versioning, CORS). Values may be intrinsics; see Resolve.
type Bucket struct {
	LogicalID      string
	DeletionPolicy string
	// Versioning is VersioningConfiguration.Status ("Enabled", "Suspended"
	// or "").
	Versioning string
	CorsRules  []CorsRule
}

// CorsRule is one rule of a bucket's CorsConfiguration.
type CorsRule struct {
	ID             any   `json:"Id"`
	AllowedOrigins []any `json:"AllowedOrigins"`
	AllowedMethods []any `json:"AllowedMethods"`
	AllowedHeaders []any `json:"AllowedHeaders"`
	ExposedHeaders []any `json:"ExposedHeaders"`
	MaxAge         any   `json:"MaxAge"`
}

// RouteSettings is an HTTP API stage's route settings (throttling only).
type RouteSettings struct {
	ThrottlingRateLimit  any `json:"ThrottlingRateLimit"`
	ThrottlingBurstLimit any `json:"ThrottlingBurstLimit"`
}

// LogGroup is an AWS::Logs::LogGroup.
type LogGroup struct {
	LogicalID       string
	LogGroupName    any `json:"LogGroupName"`
	RetentionInDays any `json:"RetentionInDays"`
	DeletionPolicy  string
}

// Parameter is a template parameter.
type Parameter struct {
	Type    string `json:"Type"`
	Default any    `json:"Default"`
}

// Function is an AWS::Serverless::Function with Globals merged in.
type Function struct {
	LogicalID string
	CodeURI   string
	Handler   string
	Runtime   string
	Arch      []string
	Env       map[string]any // values may be intrinsics; see Resolve
	Routes    []Route
	Schedules []Schedule
	Metadata  map[string]any
	Policies  any
	Timeout   time.Duration
	// MemoryMB is the function's memory size (Lambda's default 128).
	MemoryMB int
	// LogGroup is LoggingConfig.LogGroup (nil: Lambda's own
	// /aws/lambda/<function name>); may be an intrinsic.
	LogGroup any
}

// Name is the function's folder under functions/: the logical id without its
// "Function" suffix, in lower case (SubmitFunction -> submit).
func (f Function) Name() string {
	return strings.ToLower(strings.TrimSuffix(f.LogicalID, "Function"))
}

// Route is one HttpApi event.
type Route struct {
	Event  string
	Method string
	Path   string
	// Authorizer names the HttpApi authorizer that guards the route ("" or
	// "NONE": none).
	Authorizer string
}

// Authorizer is an HttpApi Lambda authorizer (the only kind the template
// has; see LambdaAuthorizer in the SAM specification).
type Authorizer struct {
	Name string
	// Function is the logical id of the authorizer's function (FunctionArn:
	// !GetAtt <Function>.Arn).
	Function string
	// PayloadFormatVersion ("1.0" or "2.0") and SimpleResponses say what the
	// function receives and answers.
	PayloadFormatVersion string
	SimpleResponses      bool
	// IdentitySources are the selection expressions that must all be present
	// for API Gateway to invoke the function (else it answers 401 itself):
	// $request.header.<name>, $request.querystring.<name>. None: every
	// request reaches the function.
	IdentitySources []string
	// ReauthorizeEvery is the result cache's TTL in seconds (0: no cache).
	ReauthorizeEvery int
	// JWT is set for a JWT authorizer (JwtConfiguration), which the local
	// API does not emulate.
	JWT bool
}

// Key is the route key API Gateway puts in the event, e.g. "GET /applications/{ref}".
func (r Route) Key() string { return r.Method + " " + r.Path }

// Schedule is one ScheduleV2 (EventBridge Scheduler) event.
type Schedule struct {
	Event      string
	Expression string
	Timezone   string
	Input      string
}

// Table is an AWS::DynamoDB::Table's key schema and indexes.
type Table struct {
	LogicalID            string
	BillingMode          string                `json:"BillingMode"`
	AttributeDefinitions []AttributeDefinition `json:"AttributeDefinitions"`
	KeySchema            []KeyElement          `json:"KeySchema"`
	GSIs                 []GSI                 `json:"GlobalSecondaryIndexes"`
	TTL                  *struct {
		AttributeName string `json:"AttributeName"`
		Enabled       bool   `json:"Enabled"`
	} `json:"TimeToLiveSpecification"`
}

type AttributeDefinition struct {
	AttributeName string `json:"AttributeName"`
	AttributeType string `json:"AttributeType"`
}

type KeyElement struct {
	AttributeName string `json:"AttributeName"`
	KeyType       string `json:"KeyType"`
}

type GSI struct {
	IndexName  string       `json:"IndexName"`
	KeySchema  []KeyElement `json:"KeySchema"`
	Projection struct {
		ProjectionType   string   `json:"ProjectionType"`
		NonKeyAttributes []string `json:"NonKeyAttributes"`
	} `json:"Projection"`
}

// Load reads and parses a template file.
func Load(file string) (*Template, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	t, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return t, nil
}

type rawTemplate struct {
	Parameters map[string]Parameter `json:"Parameters"`
	Globals    struct {
		Function map[string]any `json:"Function"`
	} `json:"Globals"`
	Resources map[string]struct {
		Type           string          `json:"Type"`
		DeletionPolicy string          `json:"DeletionPolicy"`
		Metadata       map[string]any  `json:"Metadata"`
		Properties     json.RawMessage `json:"Properties"`
	} `json:"Resources"`
}

type rawFunction struct {
	CodeURI       string   `json:"CodeUri"`
	Handler       string   `json:"Handler"`
	Runtime       string   `json:"Runtime"`
	Architectures []string `json:"Architectures"`
	Environment   struct {
		Variables map[string]any `json:"Variables"`
	} `json:"Environment"`
	Policies      any `json:"Policies"`
	LoggingConfig struct {
		LogGroup any `json:"LogGroup"`
	} `json:"LoggingConfig"`
	Timeout int `json:"Timeout"`
	Memory  int `json:"MemorySize"`
	Events  map[string]struct {
		Type       string         `json:"Type"`
		Properties map[string]any `json:"Properties"`
	} `json:"Events"`
}

// Parse parses template YAML.
func Parse(b []byte) (*Template, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("empty template")
	}
	generic, err := toValue(doc.Content[0])
	if err != nil {
		return nil, err
	}
	js, err := json.Marshal(generic)
	if err != nil {
		return nil, err
	}
	var raw rawTemplate
	if err := json.Unmarshal(js, &raw); err != nil {
		return nil, err
	}

	t := &Template{Parameters: raw.Parameters}
	globals, err := globalFunction(raw.Globals.Function)
	if err != nil {
		return nil, err
	}
	for _, id := range slices.Sorted(maps.Keys(raw.Resources)) {
		res := raw.Resources[id]
		switch res.Type {
		case "AWS::Serverless::Function":
			f, err := parseFunction(id, res.Properties, res.Metadata, globals)
			if err != nil {
				return nil, err
			}
			t.Functions = append(t.Functions, f)
		case "AWS::Serverless::HttpApi":
			var api struct {
				Auth struct {
					Authorizers map[string]struct {
						FunctionArn                    any    `json:"FunctionArn"`
						AuthorizerPayloadFormatVersion string `json:"AuthorizerPayloadFormatVersion"`
						EnableSimpleResponses          bool   `json:"EnableSimpleResponses"`
						JwtConfiguration               any    `json:"JwtConfiguration"`
						Identity                       struct {
							Headers          []string `json:"Headers"`
							QueryStrings     []string `json:"QueryStrings"`
							ReauthorizeEvery *int     `json:"ReauthorizeEvery"`
						} `json:"Identity"`
					} `json:"Authorizers"`
				} `json:"Auth"`
				DefaultRouteSettings RouteSettings            `json:"DefaultRouteSettings"`
				RouteSettings        map[string]RouteSettings `json:"RouteSettings"`
			}
			if len(res.Properties) > 0 {
				if err := json.Unmarshal(res.Properties, &api); err != nil {
					return nil, fmt.Errorf("http api %s: %w", id, err)
				}
			}
			for name, a := range api.Auth.Authorizers {
				if t.Authorizers == nil {
					t.Authorizers = map[string]Authorizer{}
				}
				au := Authorizer{Name: name, PayloadFormatVersion: a.AuthorizerPayloadFormatVersion,
					SimpleResponses: a.EnableSimpleResponses, JWT: a.JwtConfiguration != nil}
				if !au.JWT {
					fn, ok := getAttArn(a.FunctionArn)
					if !ok {
						return nil, fmt.Errorf("http api %s: authorizer %s: FunctionArn must be !GetAtt <Function>.Arn", id, name)
					}
					au.Function = fn
				}
				for _, h := range a.Identity.Headers {
					au.IdentitySources = append(au.IdentitySources, "$request.header."+h)
				}
				for _, q := range a.Identity.QueryStrings {
					au.IdentitySources = append(au.IdentitySources, "$request.querystring."+q)
				}
				// Unstated, API Gateway may cache results (REST APIs: 300 s by
				// default): taken as cached, which the local API refuses to
				// emulate, so the template must say 0.
				au.ReauthorizeEvery = 300
				if a.Identity.ReauthorizeEvery != nil {
					au.ReauthorizeEvery = *a.Identity.ReauthorizeEvery
				}
				t.Authorizers[name] = au
			}
			t.DefaultRouteSettings, t.RouteSettings = api.DefaultRouteSettings, api.RouteSettings
		case "AWS::Logs::LogGroup":
			lg := LogGroup{LogicalID: id, DeletionPolicy: res.DeletionPolicy}
			if len(res.Properties) > 0 {
				if err := json.Unmarshal(res.Properties, &lg); err != nil {
					return nil, fmt.Errorf("log group %s: %w", id, err)
				}
			}
			if t.LogGroups == nil {
				t.LogGroups = map[string]LogGroup{}
			}
			t.LogGroups[id] = lg
		case "AWS::S3::Bucket":
			var props struct {
				VersioningConfiguration struct {
					Status string `json:"Status"`
				} `json:"VersioningConfiguration"`
				CorsConfiguration struct {
					CorsRules []CorsRule `json:"CorsRules"`
				} `json:"CorsConfiguration"`
			}
			if len(res.Properties) > 0 {
				if err := json.Unmarshal(res.Properties, &props); err != nil {
					return nil, fmt.Errorf("bucket %s: %w", id, err)
				}
			}
			if t.Buckets == nil {
				t.Buckets = map[string]Bucket{}
			}
			t.Buckets[id] = Bucket{LogicalID: id, DeletionPolicy: res.DeletionPolicy,
				Versioning: props.VersioningConfiguration.Status, CorsRules: props.CorsConfiguration.CorsRules}
		case "AWS::DynamoDB::Table":
			tb := Table{LogicalID: id}
			if err := json.Unmarshal(res.Properties, &tb); err != nil {
				return nil, fmt.Errorf("table %s: %w", id, err)
			}
			t.Tables = append(t.Tables, tb)
		}
	}
	for key := range t.RouteSettings {
		if !t.hasRoute(key) {
			return nil, fmt.Errorf("HttpApi RouteSettings names route %q, which no function declares (API Gateway refuses the stage)", key)
		}
	}
	for _, f := range t.Functions {
		for _, r := range f.Routes {
			if _, ok := t.Authorizers[r.Authorizer]; r.Authorizer != "" && r.Authorizer != "NONE" && !ok {
				return nil, fmt.Errorf("function %s: route %s names authorizer %q, which the HttpApi does not declare", f.LogicalID, r.Key(), r.Authorizer)
			}
		}
	}
	return t, nil
}

func globalFunction(g map[string]any) (rawFunction, error) {
	var f rawFunction
	if g == nil {
		return f, nil
	}
	js, _ := json.Marshal(g)
	err := json.Unmarshal(js, &f)
	return f, err
}

func parseFunction(id string, props json.RawMessage, meta map[string]any, globals rawFunction) (Function, error) {
	var rf rawFunction
	if err := json.Unmarshal(props, &rf); err != nil {
		return Function{}, fmt.Errorf("function %s: %w", id, err)
	}
	f := Function{LogicalID: id, CodeURI: rf.CodeURI, Handler: first(rf.Handler, globals.Handler),
		Runtime: first(rf.Runtime, globals.Runtime), Arch: rf.Architectures, Metadata: meta,
		Policies: rf.Policies, Env: map[string]any{}}
	if rf.Timeout == 0 {
		rf.Timeout = globals.Timeout
	}
	f.Timeout = time.Duration(rf.Timeout) * time.Second
	f.MemoryMB = first(rf.Memory, globals.Memory, 128)
	// SAM merges Globals' maps into the function's: LoggingConfig.LogGroup
	// from either.
	f.LogGroup = rf.LoggingConfig.LogGroup
	if f.LogGroup == nil {
		f.LogGroup = globals.LoggingConfig.LogGroup
	}
	if f.Arch == nil {
		f.Arch = globals.Architectures
	}
	for k, v := range globals.Environment.Variables {
		f.Env[k] = v
	}
	for k, v := range rf.Environment.Variables {
		f.Env[k] = v
	}
	for _, name := range slices.Sorted(maps.Keys(rf.Events)) {
		ev := rf.Events[name]
		switch ev.Type {
		case "HttpApi":
			method, _ := ev.Properties["Method"].(string)
			p, _ := ev.Properties["Path"].(string)
			if method == "" || p == "" {
				return f, fmt.Errorf("function %s: HttpApi event %s needs Method and Path", id, name)
			}
			r := Route{Event: name, Method: strings.ToUpper(method), Path: path.Clean(p)}
			if auth, ok := ev.Properties["Auth"].(map[string]any); ok {
				r.Authorizer, _ = auth["Authorizer"].(string)
			}
			f.Routes = append(f.Routes, r)
		case "ScheduleV2":
			s := Schedule{Event: name}
			s.Expression, _ = ev.Properties["ScheduleExpression"].(string)
			s.Timezone, _ = ev.Properties["ScheduleExpressionTimezone"].(string)
			s.Input, _ = ev.Properties["Input"].(string)
			f.Schedules = append(f.Schedules, s)
		}
	}
	return f, nil
}

// first is the first of vs that is not the zero value.
func first[T comparable](vs ...T) T {
	var zero T
	for _, v := range vs {
		if v != zero {
			return v
		}
	}
	return zero
}

// toValue turns a YAML node into plain values, turning the short-form
// intrinsics into their long form: !Ref X -> {"Ref": "X"}, !Sub s ->
// {"Fn::Sub": s}, !GetAtt A.B -> {"Fn::GetAtt": ["A", "B"]}.
func toValue(n *yaml.Node) (any, error) {
	var v any
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			val, err := toValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = val
		}
		v = m
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			val, err := toValue(c)
			if err != nil {
				return nil, err
			}
			s = append(s, val)
		}
		v = s
	case yaml.AliasNode:
		return toValue(n.Alias)
	case yaml.ScalarNode:
		if isIntrinsic(n.Tag) {
			v = n.Value
		} else if err := n.Decode(&v); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("line %d: unexpected YAML node", n.Line)
	}
	switch n.Tag {
	case "!Ref":
		return map[string]any{"Ref": v}, nil
	case "!GetAtt":
		if s, ok := v.(string); ok {
			parts := strings.SplitN(s, ".", 2)
			return map[string]any{"Fn::GetAtt": []any{parts[0], parts[len(parts)-1]}}, nil
		}
		return map[string]any{"Fn::GetAtt": v}, nil
	default:
		if isIntrinsic(n.Tag) {
			return map[string]any{"Fn::" + n.Tag[1:]: v}, nil
		}
	}
	return v, nil
}

// isIntrinsic tells a CloudFormation tag (!Sub) from a YAML core tag (!!str).
func isIntrinsic(tag string) bool {
	return strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!")
}

// Environment is a function's environment with every value resolved.
func (t *Template) Environment(f Function, refs, params map[string]string) (map[string]string, error) {
	res := Resolver{Template: t, Params: params, Refs: refs}
	env := make(map[string]string, len(f.Env))
	for k, v := range f.Env {
		s, err := res.Value(v)
		if err != nil {
			return nil, fmt.Errorf("function %s: env %s: %w", f.LogicalID, k, err)
		}
		env[k] = s
	}
	return env, nil
}

func (t *Template) hasRoute(key string) bool {
	for _, f := range t.Functions {
		for _, r := range f.Routes {
			if r.Key() == key {
				return true
			}
		}
	}
	return false
}

// Throttle is a route's throttling as API Gateway applies it: a token
// bucket of Burst tokens refilled at Rate a second. Zero Rate and Burst:
// none set (only the account's limits apply).
type Throttle struct {
	Rate  float64
	Burst int
}

// Throttling resolves the stage's throttling of each route key: its
// RouteSettings where set, else DefaultRouteSettings, field by field.
// Routes without either are left out.
func (t *Template) Throttling(res Resolver) (map[string]Throttle, error) {
	res.Template = t
	num := func(v any, what string) (float64, bool, error) {
		if v == nil {
			return 0, false, nil
		}
		s, err := res.Value(v)
		if err != nil {
			return 0, false, fmt.Errorf("%s: %w", what, err)
		}
		var f float64
		if _, err := fmt.Sscan(s, &f); err != nil || f < 0 {
			return 0, false, fmt.Errorf("%s: %q is not a number >= 0", what, s)
		}
		return f, true, nil
	}
	out := map[string]Throttle{}
	for _, f := range t.Functions {
		for _, r := range f.Routes {
			key := r.Key()
			var th Throttle
			var set bool
			for _, rs := range []RouteSettings{t.DefaultRouteSettings, t.RouteSettings[key]} {
				rate, ok, err := num(rs.ThrottlingRateLimit, key+" ThrottlingRateLimit")
				if err != nil {
					return nil, err
				}
				if ok {
					th.Rate, set = rate, true
				}
				burst, ok, err := num(rs.ThrottlingBurstLimit, key+" ThrottlingBurstLimit")
				if err != nil {
					return nil, err
				}
				if ok {
					th.Burst, set = int(burst), true
				}
			}
			if set {
				out[key] = th
			}
		}
	}
	return out, nil
}

// Function returns the function with the logical id.
func (t *Template) Function(id string) (Function, bool) {
	for _, f := range t.Functions {
		if f.LogicalID == id {
			return f, true
		}
	}
	return Function{}, false
}

// getAttArn reads {"Fn::GetAtt": ["X", "Arn"]} as X.
func getAttArn(v any) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	ga, ok := m["Fn::GetAtt"].([]any)
	if !ok || len(ga) != 2 || ga[1] != "Arn" {
		return "", false
	}
	fn, ok := ga[0].(string)
	return fn, ok
}
