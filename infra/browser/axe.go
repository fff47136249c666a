package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// AxeTags are the axe-core rule tags run: WCAG 2.0, 2.1 and 2.2 at levels A
// and AA (DESIGN.md: zero violations, WCAG 2.2 AA tags).
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// Violation is one axe-core rule the page breaks, with where.
type Violation struct {
	ID      string      `json:"id"`      // the rule, e.g. color-contrast
	Impact  string      `json:"impact"`  // minor, moderate, serious or critical
	Help    string      `json:"help"`    // what the rule asks
	HelpURL string      `json:"helpUrl"` // Deque's page on the rule
	Nodes   []AxeTarget `json:"nodes"`
}

// AxeTarget is one element that breaks a rule.
type AxeTarget struct {
	Target  []string `json:"target"`  // CSS selectors (one per frame or shadow root)
	HTML    string   `json:"html"`    // the element's opening markup
	Summary string   `json:"summary"` // axe's "fix any/all of the following"
}

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s [%s]", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    %s: %s", strings.Join(n.Target, " >>> "), strings.ReplaceAll(n.Summary, "\n", " "))
	}
	return b.String()
}

// Violations are a page's axe-core violations.
type Violations []Violation

func (vs Violations) String() string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "  %s", v)
	}
	return b.String()
}

// IDs are the rules broken, as "id (n elements)".
func (vs Violations) IDs() []string {
	var ids []string
	for _, v := range vs {
		ids = append(ids, fmt.Sprintf("%s (%d)", v.ID, len(v.Nodes)))
	}
	return ids
}

var axeSource = sync.OnceValues(func() (string, error) {
	path := filepath.Join(Root(), "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("axe-core is not installed (make deps installs it, pinned in package-lock.json): %w", err)
	}
	return string(b), nil
})

// axeJS runs axe on the document: violations and, apart, the rules that
// need a person to look (incomplete).
var axeJS = `(async () => {
  const flat = t => Array.isArray(t) ? t.join(" >>> ") : String(t);
  const r = await axe.run(document, {runOnly: {type: "tag", values: ` + jsList(AxeTags) + `}, resultTypes: ["violations"]});
  const out = v => ({id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(flat), html: n.html, summary: n.failureSummary || ""}))});
  return {violations: r.violations.map(out), incomplete: r.incomplete.map(out)};
})()`

func jsList(ss []string) string {
	return `["` + strings.Join(ss, `", "`) + `"]`
}

// Axe runs axe-core (node_modules/axe-core/axe.min.js) on the page with
// AxeTags and returns its violations. What axe could not decide (rules in
// "incomplete") is logged, not returned.
func (p *Page) Axe() Violations {
	p.t.Helper()
	src, err := axeSource()
	if err != nil {
		p.t.Fatal(err)
	}
	var loaded bool
	p.Eval(`typeof window.axe === "object"`, &loaded)
	if !loaded {
		p.Eval(src+"\n;true", nil)
	}
	var res struct {
		Violations Violations `json:"violations"`
		Incomplete Violations `json:"incomplete"`
	}
	p.Eval(axeJS, &res)
	for _, v := range res.Incomplete {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, strings.Join(n.Target, " >>> "))
		}
		p.t.Logf("axe at %d px: %s needs a person to check (axe could not decide): %s", p.Width, v.ID, strings.Join(where, ", "))
	}
	return res.Violations
}

// CheckAxe fails the test with every violation axe finds on the page.
func (p *Page) CheckAxe() Violations {
	p.t.Helper()
	vs := p.Axe()
	if len(vs) > 0 {
		p.t.Errorf("axe-core finds %d violations on %s at %d px:\n%s", len(vs), p.URL(), p.Width, vs)
	}
	return vs
}
