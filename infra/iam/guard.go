package iam

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/mail"
	"slices"
	"strings"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"partnerskap/infra/sam"
)

// Guard checks one function's calls against its policy.
type Guard struct {
	Policy   *Policy
	Resolver sam.Resolver
	// SESIdentity is the SES identity an address sends as (the verified
	// domain or address), for the identity ARN SES authorises against.
	SESIdentity func(from string) string
	Log         *slog.Logger
	Calls       *Calls
}

// Calls counts the calls the guards checked, per function and action, and
// what DynamoDB says they consumed.
type Calls struct {
	mu     sync.Mutex
	counts map[string]map[string]int
	denied map[string]map[string]int
	units  map[string]*Units
}

// Units are the DynamoDB capacity units a function's calls consumed.
type Units struct{ Read, Write float64 }

// NewCalls returns an empty tally.
func NewCalls() *Calls {
	return &Calls{counts: map[string]map[string]int{}, denied: map[string]map[string]int{}, units: map[string]*Units{}}
}

func (c *Calls) add(fn, action string, denied bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.counts
	if denied {
		m = c.denied
	}
	if m[fn] == nil {
		m[fn] = map[string]int{}
	}
	m[fn][action]++
}

func (c *Calls) addUnits(fn string, read, write float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.units[fn] == nil {
		c.units[fn] = &Units{}
	}
	c.units[fn].Read += read
	c.units[fn].Write += write
}

// Counts returns function -> "service:Operation" -> calls allowed.
func (c *Calls) Counts() map[string]map[string]int { return c.snapshot(c.counts) }

// Denied returns function -> action -> calls refused.
func (c *Calls) Denied() map[string]map[string]int { return c.snapshot(c.denied) }

// Units returns function -> capacity units consumed.
func (c *Calls) Units() map[string]Units {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]Units{}
	for k, v := range c.units {
		out[k] = *v
	}
	return out
}

func (c *Calls) snapshot(m map[string]map[string]int) map[string]map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]map[string]int{}
	for f, a := range m {
		out[f] = map[string]int{}
		for k, v := range a {
			out[f][k] = v
		}
	}
	return out
}

// Option is the SDK API option that installs the guard on a client.
func (g *Guard) Option(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("LocalIAMGuard", g.handle), middleware.After)
}

// AccessDenied is the error a refused call gets, shaped as AWS's.
type AccessDenied struct {
	Code, Function, Action, Resource string
}

func (e *AccessDenied) Error() string {
	return fmt.Sprintf("%s: User: arn:aws:sts::000000000000:assumed-role/%sRole/%s is not authorized to perform: %s on resource: %s "+
		"because no identity-based policy allows the %s action (local IAM guard: grant it in template.yaml)",
		e.Code, e.Function, e.Function, e.Action, e.Resource, e.Action)
}
func (e *AccessDenied) ErrorCode() string             { return e.Code }
func (e *AccessDenied) ErrorMessage() string          { return e.Error() }
func (e *AccessDenied) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

func (g *Guard) handle(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	service, op := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)
	reqs, code, err := g.requests(service, op, in.Parameters)
	if err != nil {
		g.refused(ctx, service, op, err)
		return middleware.InitializeOutput{}, middleware.Metadata{}, err
	}
	if err := g.check(ctx, reqs, code); err != nil {
		return middleware.InitializeOutput{}, middleware.Metadata{}, err
	}
	out, md, err := next.HandleInitialize(ctx, in)
	if err != nil {
		g.Calls.add(g.Policy.Function, service+":"+op, false)
		if hidden := g.missingKey(in.Parameters, err); hidden != nil {
			g.Log.WarnContext(ctx, "LOCAL S3 RULES: the key does not exist and the function may not list the bucket: S3 answers 403, not 404",
				"function", g.Policy.Function, "operation", service+":"+op, "error", hidden)
			return out, md, hidden
		}
		return out, md, err
	}
	// A presign call (s3.PresignClient) runs the same middleware and sends
	// nothing: what it signed is checked here, before the URL or the form
	// leaves the function.
	switch out.Result.(type) {
	case *s3.PresignedPostRequest:
		op = "PresignPostObject" // the SDK names the operation "$type:L"
	case *v4.PresignedHTTPRequest:
		op = "Presign" + op
	}
	more, err := g.presigned(out.Result)
	if err != nil {
		g.refused(ctx, service, op, err)
		return middleware.InitializeOutput{}, md, err
	}
	if err := g.check(ctx, more, code); err != nil {
		return middleware.InitializeOutput{}, md, err
	}
	g.Calls.add(g.Policy.Function, service+":"+op, false)
	g.count(op, out.Result)
	return out, md, err
}

// check refuses the first request the policy does not allow.
func (g *Guard) check(ctx context.Context, reqs []Request, code string) error {
	for _, r := range reqs {
		if !g.Policy.Allowed(r) {
			g.Calls.add(g.Policy.Function, r.Action, true)
			resource := r.Resource
			if r.Prefix {
				resource += "*"
			}
			g.Log.ErrorContext(ctx, "LOCAL IAM GUARD: AWS would deny this call; grant it in template.yaml", "function", g.Policy.Function,
				"action", r.Action, "resource", resource, "context", r.Context)
			return &AccessDenied{Code: code, Function: g.Policy.Function, Action: r.Action, Resource: resource}
		}
	}
	return nil
}

// refused logs a call the guard stops for another reason than IAM: one S3
// would refuse (its limits), or one it cannot check.
func (g *Guard) refused(ctx context.Context, service, op string, err error) {
	var limit *smithy.GenericAPIError
	if errors.As(err, &limit) {
		g.Log.ErrorContext(ctx, "LOCAL S3 RULES: AWS would refuse this call", "function", g.Policy.Function, "operation", service+":"+op, "error", err)
		return
	}
	g.Log.ErrorContext(ctx, "LOCAL IAM GUARD: a call it cannot check", "function", g.Policy.Function, "operation", service+":"+op, "error", err)
}

// count adds what DynamoDB reports a call consumed (the guard asks for it).
func (g *Guard) count(op string, result any) {
	var cc []ddbtypes.ConsumedCapacity
	switch o := result.(type) {
	case *dynamodb.GetItemOutput:
		cc = one(o.ConsumedCapacity)
	case *dynamodb.QueryOutput:
		cc = one(o.ConsumedCapacity)
	case *dynamodb.ScanOutput:
		cc = one(o.ConsumedCapacity)
	case *dynamodb.PutItemOutput:
		cc = one(o.ConsumedCapacity)
	case *dynamodb.UpdateItemOutput:
		cc = one(o.ConsumedCapacity)
	case *dynamodb.DeleteItemOutput:
		cc = one(o.ConsumedCapacity)
	case *dynamodb.BatchGetItemOutput:
		cc = o.ConsumedCapacity
	case *dynamodb.BatchWriteItemOutput:
		cc = o.ConsumedCapacity
	case *dynamodb.TransactWriteItemsOutput:
		cc = o.ConsumedCapacity
	case *dynamodb.TransactGetItemsOutput:
		cc = o.ConsumedCapacity
	default:
		return
	}
	var units float64
	for _, c := range cc {
		if c.CapacityUnits != nil {
			units += *c.CapacityUnits
		}
	}
	switch op {
	case "GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems":
		g.Calls.addUnits(g.Policy.Function, units, 0)
	default:
		g.Calls.addUnits(g.Policy.Function, 0, units)
	}
}

func one(c *ddbtypes.ConsumedCapacity) []ddbtypes.ConsumedCapacity {
	if c == nil {
		return nil
	}
	return []ddbtypes.ConsumedCapacity{*c}
}

// requests lists what IAM authorises for one call: for DynamoDB, the
// operation's action on the table or index; for each item of a
// transaction, that item's own action; for SES, SendEmail on the sender's
// identity and the configuration set, with ses:FromAddress; for S3, the
// object or bucket actions (s3.go), after S3's limits. It also asks
// DynamoDB to report consumed capacity (for the cost report).
func (g *Guard) requests(service, op string, params any) ([]Request, string, error) {
	res := g.Resolver
	table := func(name *string, index *string) string {
		arn := tableARN(res, deref(name))
		if index != nil {
			arn += "/index/" + *index
		}
		return arn
	}
	ddb := func(action string, resources ...string) []Request {
		var out []Request
		for _, r := range resources {
			out = append(out, Request{Action: "dynamodb:" + action, Resource: r})
		}
		return out
	}
	switch p := params.(type) {
	case *dynamodb.GetItemInput:
		askCapacity(&p.ReturnConsumedCapacity)
		return ddb(op, table(p.TableName, nil)), "AccessDeniedException", nil
	case *dynamodb.PutItemInput:
		askCapacity(&p.ReturnConsumedCapacity)
		return ddb(op, table(p.TableName, nil)), "AccessDeniedException", nil
	case *dynamodb.UpdateItemInput:
		askCapacity(&p.ReturnConsumedCapacity)
		return ddb(op, table(p.TableName, nil)), "AccessDeniedException", nil
	case *dynamodb.DeleteItemInput:
		askCapacity(&p.ReturnConsumedCapacity)
		return ddb(op, table(p.TableName, nil)), "AccessDeniedException", nil
	case *dynamodb.QueryInput:
		askCapacity(&p.ReturnConsumedCapacity)
		return ddb(op, table(p.TableName, p.IndexName)), "AccessDeniedException", nil
	case *dynamodb.ScanInput:
		askCapacity(&p.ReturnConsumedCapacity)
		return ddb(op, table(p.TableName, p.IndexName)), "AccessDeniedException", nil
	case *dynamodb.BatchGetItemInput:
		askCapacity(&p.ReturnConsumedCapacity)
		return ddb(op, tableARNs(res, slices.Sorted(maps.Keys(p.RequestItems)))...), "AccessDeniedException", nil
	case *dynamodb.BatchWriteItemInput:
		askCapacity(&p.ReturnConsumedCapacity)
		return ddb(op, tableARNs(res, slices.Sorted(maps.Keys(p.RequestItems)))...), "AccessDeniedException", nil
	case *dynamodb.TransactWriteItemsInput:
		askCapacity(&p.ReturnConsumedCapacity)
		var out []Request
		for _, it := range p.TransactItems {
			switch {
			case it.Put != nil:
				out = append(out, ddb("PutItem", table(it.Put.TableName, nil))...)
			case it.Update != nil:
				out = append(out, ddb("UpdateItem", table(it.Update.TableName, nil))...)
			case it.Delete != nil:
				out = append(out, ddb("DeleteItem", table(it.Delete.TableName, nil))...)
			case it.ConditionCheck != nil:
				out = append(out, ddb("ConditionCheckItem", table(it.ConditionCheck.TableName, nil))...)
			}
		}
		return out, "AccessDeniedException", nil
	case *dynamodb.TransactGetItemsInput:
		askCapacity(&p.ReturnConsumedCapacity)
		var out []Request
		for _, it := range p.TransactItems {
			if it.Get != nil {
				out = append(out, ddb("GetItem", table(it.Get.TableName, nil))...)
			}
		}
		return out, "AccessDeniedException", nil
	case *ses.SendEmailInput:
		from := deref(p.Source)
		if a, err := mail.ParseAddress(from); err == nil {
			from = a.Address
		}
		base := "arn:aws:ses:" + res.Region + ":" + res.Account + ":"
		ctx := map[string]string{"ses:FromAddress": from}
		out := []Request{{Action: "ses:SendEmail", Resource: base + "identity/" + g.SESIdentity(from), Context: ctx}}
		if p.ConfigurationSetName != nil {
			out = append(out, Request{Action: "ses:SendEmail", Resource: base + "configuration-set/" + *p.ConfigurationSetName, Context: ctx})
		}
		return out, "AccessDenied", nil
	}
	if service == "S3" {
		if reqs, err, ok := s3Requests(params); ok {
			return reqs, "AccessDenied", err
		}
	}
	if service == "DynamoDB" {
		// Table administration and the rest: the functions never call them.
		return ddb(op, tableARN(res, "*")), "AccessDeniedException", nil
	}
	return nil, "", fmt.Errorf("the IAM guard does not know %s:%s: teach it (infra/iam) before the code calls it", service, op)
}

// tableARN is a DynamoDB table's ARN in the resolver's region and account.
func tableARN(res sam.Resolver, table string) string {
	return "arn:aws:dynamodb:" + res.Region + ":" + res.Account + ":table/" + table
}

func tableARNs(res sam.Resolver, tables []string) []string {
	out := make([]string, len(tables))
	for i, t := range tables {
		out[i] = tableARN(res, t)
	}
	return out
}

// askCapacity asks DynamoDB to report what a call consumed, unless the
// caller asked already.
func askCapacity(rc *ddbtypes.ReturnConsumedCapacity) {
	if *rc == "" || *rc == ddbtypes.ReturnConsumedCapacityNone {
		*rc = ddbtypes.ReturnConsumedCapacityTotal
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// IdentityOf returns the SES identity among identities that from sends as:
// the address itself if verified, else its verified (parent) domain.
func IdentityOf(identities []string) func(string) string {
	return func(from string) string {
		from = strings.ToLower(from)
		domain := from[strings.LastIndex(from, "@")+1:]
		best := ""
		for _, id := range identities {
			l := strings.ToLower(id)
			switch {
			case l == from:
				return id
			case !strings.Contains(l, "@") && (domain == l || strings.HasSuffix(domain, "."+l)) && len(l) > len(best):
				best = id
			}
		}
		if best == "" {
			return domain
		}
		return best
	}
}
