// Package iam is the local stack's IAM guard: it reads each function's
// policy statements from template.yaml and checks every AWS call a function
// makes against them before the call goes out, as IAM would on AWS. A call
// the policy does not allow fails as AccessDenied does, loudly, in `make dev`
// and in every test, so a missing grant shows up here and not on AWS.
//
// It understands inline policy statements (Effect, Action, Resource,
// Condition with StringEquals and StringLike); a SAM policy template or a
// managed policy in a function's Policies is refused at load time, because
// the guard could not check it.
package iam

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"partnerskap/infra/sam"
)

// Statement is one resolved policy statement.
type Statement struct {
	Effect    string
	Actions   []string
	Resources []string
	// Conditions: operator -> key -> allowed values.
	Conditions map[string]map[string][]string
}

// Policy is a function's statements.
type Policy struct {
	Function   string
	Statements []Statement
}

// Request is one action on one resource, with the request's condition
// keys (e.g. ses:FromAddress).
type Request struct {
	Action   string
	Resource string
	Context  map[string]string
	// Prefix: the request is for every resource that starts with Resource
	// (a presigned POST whose key only has to start with a prefix). An
	// Allow must cover them all, a Deny that matches any of them denies.
	Prefix bool
}

// Allowed says whether the policy allows r: an Allow that matches and no
// Deny that matches, as IAM evaluates identity-based policies.
func (p *Policy) Allowed(r Request) bool {
	allowed := false
	for _, s := range p.Statements {
		if !s.matches(r) {
			continue
		}
		if s.Effect == "Deny" {
			return false
		}
		allowed = true
	}
	return allowed
}

func (s Statement) matches(r Request) bool {
	if !anyMatch(s.Actions, r.Action, true) {
		return false
	}
	switch {
	case !r.Prefix:
		if !anyMatch(s.Resources, r.Resource, false) {
			return false
		}
	case s.Effect == "Deny":
		if !slices.ContainsFunc(s.Resources, func(p string) bool { return globMayMatchPrefix(p, r.Resource) }) {
			return false
		}
	default:
		if !slices.ContainsFunc(s.Resources, func(p string) bool { return globCoversPrefix(p, r.Resource) }) {
			return false
		}
	}
	for op, keys := range s.Conditions {
		for k, want := range keys {
			got, ok := r.Context[k]
			if !ok {
				return false // IAM: a condition on a key the request lacks does not match
			}
			switch op {
			case "StringEquals":
				if !exactAny(want, got) {
					return false
				}
			case "StringLike":
				if !anyMatch(want, got, false) {
					return false
				}
			}
		}
	}
	return true
}

func exactAny(vs []string, s string) bool {
	for _, v := range vs {
		if v == s {
			return true
		}
	}
	return false
}

// anyMatch matches s against IAM patterns (* and ?); actions compare
// without regard to case, as IAM does.
func anyMatch(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if fold {
			p, s = strings.ToLower(p), strings.ToLower(s)
		}
		if p == s || p == "*" {
			return true
		}
		if strings.ContainsAny(p, "*?") && globMatch(p, s) {
			return true
		}
	}
	return false
}

// globAfter is where an IAM pattern (* any run of characters, ? one
// character) can be after matching prefix: the set of its positions (in
// runes), empty if no string starting with prefix matches.
func globAfter(pattern []rune, prefix string) map[int]bool {
	closure := func(set map[int]bool) map[int]bool {
		for j := range set {
			for ; j < len(pattern) && pattern[j] == '*'; j++ {
				set[j+1] = true
			}
		}
		return set
	}
	states := closure(map[int]bool{0: true})
	for _, c := range prefix {
		next := map[int]bool{}
		for j := range states {
			switch {
			case j >= len(pattern):
			case pattern[j] == '*':
				next[j] = true
			case pattern[j] == '?' || pattern[j] == c:
				next[j+1] = true
			}
		}
		states = closure(next)
	}
	return states
}

// globCoversPrefix says whether pattern matches every string that starts
// with prefix: after prefix, nothing but stars is left of it.
func globCoversPrefix(pattern, prefix string) bool {
	p := []rune(pattern)
	for j := range globAfter(p, prefix) {
		if j < len(p) && strings.Trim(string(p[j:]), "*") == "" {
			return true
		}
	}
	return false
}

// globMayMatchPrefix says whether pattern matches some string that starts
// with prefix.
func globMayMatchPrefix(pattern, prefix string) bool {
	return len(globAfter([]rune(pattern), prefix)) > 0
}

func globMatch(pattern, s string) bool {
	re := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(pattern)) + "$"
	ok, _ := regexp.MatchString(re, s)
	return ok
}

// Load reads the policy of the template function with the logical id.
func Load(res sam.Resolver, logicalID string) (*Policy, error) {
	f, ok := res.Template.Function(logicalID)
	if !ok {
		return nil, fmt.Errorf("no function %s in the template", logicalID)
	}
	p := &Policy{Function: logicalID}
	list, ok := f.Policies.([]any)
	if f.Policies != nil && !ok {
		list = []any{f.Policies}
	}
	for _, item := range list {
		doc, ok := item.(map[string]any)
		stmts, isStmts := doc["Statement"]
		if !ok || !isStmts || len(doc) != 1 && !(len(doc) == 2 && doc["Version"] != nil) {
			return nil, fmt.Errorf("%s: policy %v is not an inline statement list: the IAM guard cannot check it (write it as Statement)", logicalID, item)
		}
		sl, ok := stmts.([]any)
		if !ok {
			sl = []any{stmts}
		}
		for _, raw := range sl {
			st, err := statement(res, raw)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", logicalID, err)
			}
			p.Statements = append(p.Statements, st)
		}
	}
	return p, nil
}

func statement(res sam.Resolver, raw any) (Statement, error) {
	m, ok := raw.(map[string]any)
	if !ok {
		return Statement{}, fmt.Errorf("statement %v is not a map", raw)
	}
	for k := range m {
		switch k {
		case "Effect", "Action", "Resource", "Condition", "Sid":
		default:
			return Statement{}, fmt.Errorf("statement key %s is not understood by the IAM guard", k)
		}
	}
	st := Statement{Effect: fmt.Sprint(m["Effect"]), Conditions: map[string]map[string][]string{}}
	if st.Effect != "Allow" && st.Effect != "Deny" {
		return st, fmt.Errorf("statement effect %q", st.Effect)
	}
	var err error
	if st.Actions, err = valueList(res, m["Action"]); err != nil {
		return st, err
	}
	if st.Resources, err = valueList(res, m["Resource"]); err != nil {
		return st, err
	}
	if len(st.Actions) == 0 || len(st.Resources) == 0 {
		return st, fmt.Errorf("statement without Action or Resource: %v", m)
	}
	if c, ok := m["Condition"].(map[string]any); ok {
		for op, keys := range c {
			if op != "StringEquals" && op != "StringLike" {
				return st, fmt.Errorf("condition operator %s is not understood by the IAM guard", op)
			}
			km, ok := keys.(map[string]any)
			if !ok {
				return st, fmt.Errorf("condition %s: %v", op, keys)
			}
			st.Conditions[op] = map[string][]string{}
			for k, v := range km {
				if st.Conditions[op][k], err = valueList(res, v); err != nil {
					return st, err
				}
			}
		}
	}
	return st, nil
}

func valueList(res sam.Resolver, v any) ([]string, error) {
	if l, ok := v.([]any); ok {
		var out []string
		for _, x := range l {
			s, err := res.Value(x)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	if v == nil {
		return nil, nil
	}
	s, err := res.Value(v)
	return []string{s}, err
}
