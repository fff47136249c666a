package sam

import (
	"fmt"
	"regexp"
	"strings"
)

// Resolver turns the template's intrinsics into values: literals as they
// are, Ref to a parameter as its default unless Params overrides it, Ref to
// a resource through Refs, Fn::GetAtt through Attrs, Fn::Sub of all these
// and the pseudo parameters. Anything else is an error: the local stack
// must not guess.
type Resolver struct {
	Template *Template
	// Params override parameter defaults.
	Params map[string]string
	// Refs are what !Ref to a resource stands for (e.g. Table -> its name).
	Refs map[string]string
	// Attrs are what !GetAtt stands for (e.g. "Table.Arn").
	Attrs map[string]string
	// Region and Account stand in for the pseudo parameters.
	Region, Account string
}

var subVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// Value resolves a literal, Ref, Fn::GetAtt or Fn::Sub to a string.
func (res Resolver) Value(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case float64, int, bool:
		return fmt.Sprint(x), nil
	case map[string]any:
		if name, ok := x["Ref"].(string); ok {
			return res.ref(name)
		}
		if ga, ok := x["Fn::GetAtt"].([]any); ok && len(ga) == 2 {
			return res.attr(fmt.Sprint(ga[0]) + "." + fmt.Sprint(ga[1]))
		}
		if sub, ok := x["Fn::Sub"]; ok {
			return res.sub(sub)
		}
	}
	return "", fmt.Errorf("cannot resolve %v locally", v)
}

func (res Resolver) sub(v any) (string, error) {
	tpl, vars := "", map[string]any{}
	switch x := v.(type) {
	case string:
		tpl = x
	case []any:
		if len(x) != 2 {
			return "", fmt.Errorf("Fn::Sub %v", v)
		}
		tpl, _ = x[0].(string)
		vars, _ = x[1].(map[string]any)
	}
	var err error
	out := subVar.ReplaceAllStringFunc(tpl, func(m string) string {
		name := m[2 : len(m)-1]
		var s string
		var e error
		if val, ok := vars[name]; ok {
			s, e = res.Value(val)
		} else if strings.Contains(name, ".") {
			s, e = res.attr(name)
		} else {
			s, e = res.ref(name)
		}
		if e != nil && err == nil {
			err = e
		}
		return s
	})
	return out, err
}

func (res Resolver) ref(name string) (string, error) {
	switch name {
	case "AWS::Partition":
		return "aws", nil
	case "AWS::Region":
		return res.Region, nil
	case "AWS::AccountId":
		return res.Account, nil
	case "AWS::URLSuffix":
		return "amazonaws.com", nil
	}
	if v, ok := res.Params[name]; ok {
		return v, nil
	}
	if p, ok := res.Template.Parameters[name]; ok {
		if p.Default == nil {
			return "", nil
		}
		return fmt.Sprint(p.Default), nil
	}
	if v, ok := res.Refs[name]; ok {
		return v, nil
	}
	return "", fmt.Errorf("cannot resolve !Ref %s locally", name)
}

func (res Resolver) attr(name string) (string, error) {
	if v, ok := res.Attrs[name]; ok {
		return v, nil
	}
	return "", fmt.Errorf("cannot resolve !GetAtt %s locally", name)
}
