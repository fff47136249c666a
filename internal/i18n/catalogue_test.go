package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// keyNames are the catalogue's keys in the order of their constants, read
// from catalogue.go: keyNames[k] names Key k.
func keyNames(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "catalogue.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
			for _, s := range g.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					names = append(names, n.Name)
				}
			}
		}
	}
	if len(names) != int(numKeys)+1 || names[numKeys] != "numKeys" {
		t.Fatalf("catalogue.go declares %d constants, want the %d keys, _ and numKeys in one block", len(names), numKeys)
	}
	return names[:numKeys]
}

// Every key has a Swedish and an English text, with the same placeholders
// (each {name} once or more in both, nothing else in braces), and is used
// outside this package.
func TestCatalogue(t *testing.T) {
	names := keyNames(t)
	for k := Key(1); k < numKeys; k++ {
		name, e := names[k], catalogue[k]
		if e.sv == "" || e.en == "" {
			t.Errorf("%s: Swedish %q, English %q: both are needed", name, e.sv, e.en)
			continue
		}
		sv, en := placeholders(e.sv), placeholders(e.en)
		slices.Sort(sv)
		slices.Sort(en)
		// Compact on clones: it clears the tail it leaves, and the loop below reads every name.
		if !slices.Equal(slices.Compact(slices.Clone(sv)), slices.Compact(slices.Clone(en))) {
			t.Errorf("%s: placeholders %v in Swedish, %v in English", name, sv, en)
		}
		for _, p := range append(sv, en...) {
			if p == "" || strings.ContainsAny(p, "{} ") {
				t.Errorf("%s: %q is not a placeholder: write {name}", name, "{"+p+"}")
			}
		}
		for _, s := range []string{e.sv, e.en} {
			if strings.Count(s, "{") != strings.Count(s, "}") || strings.Contains(s, "%") {
				t.Errorf("%s: %q: one placeholder style, {name}", name, s)
			}
		}
	}
	used := uses(t)
	for k := Key(1); k < numKeys; k++ {
		if used[names[k]] == 0 {
			t.Errorf("%s is used nowhere: remove it from the catalogue", names[k])
		}
	}
}

// uses counts the references to this package's names (i18n.X) in the
// project's Go files outside this package, tests excluded, generated page
// code included: a key that is never referenced is dead text.
func uses(t *testing.T) map[string]int {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	self, _ := filepath.Abs(".")
	const path = "partnerskap/internal/i18n"
	count := map[string]int{}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "node_modules" || n == "testdata" || p == self) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		local := ""
		for _, imp := range f.Imports {
			if v, _ := strconv.Unquote(imp.Path.Value); v == path {
				local = "i18n"
				if imp.Name != nil {
					local = imp.Name.Name
				}
			}
		}
		if local == "" {
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == local {
					count[sel.Sel.Name]++
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(count) < 50 {
		t.Fatalf("found only %d names of i18n used in %s: is this the project's root?", len(count), root)
	}
	return count
}

func TestFormat(t *testing.T) {
	if got := Undecided.Format(English, Args{"n": "3"}); got != "3 applications have no decision." {
		t.Fatal(got)
	}
	if got := Undecided.Format(Swedish, nil); got != "{n} ansökningar saknar beslut." {
		t.Fatalf("a missing value must show: %q", got)
	}
	if got := fill("{a}{b} {a} {c", Args{"a": "1", "b": "{a}"}); got != "1{a} 1 {c" {
		t.Fatalf("values are not filled again: %q", got)
	}
	if ParseLang("en-GB") != English || ParseLang("") != Swedish || ParseLang("de") != Swedish || English.Other() != Swedish {
		t.Fatal("ParseLang")
	}
}

// A word that goes with a count agrees with it, in both languages: one
// ansökan, one application, and more of them for any other number.
func TestPlurals(t *testing.T) {
	for _, c := range []struct {
		k      Key
		args   Args
		sv, en string
	}{
		{ApplicationsCount, Args{"n": "1"}, "1 ansökan", "1 application"},
		{ApplicationsCount, Args{"n": "0"}, "0 ansökningar", "0 applications"},
		{ApplicationsCount, Args{"n": "12"}, "12 ansökningar", "12 applications"},
		{Undecided, Args{"n": "1"}, "1 ansökan saknar beslut.", "1 application has no decision."},
		{SummarySubject, Args{"n": "1", "round": "V"}, "Utlysningen V har stängt: 1 ansökan", "V closed: 1 application"},
		{ConfirmSend, Args{"n": "1"}, "Skicka 1 mejl nu", "Send 1 email now"},
		{ProjectsCount, Args{"n": "1", "total": "T"}, "1 projekt, totalt beviljat T.", "1 project, granted in total T."},
		{DecisionsOutcomes, Args{"granted": "1", "rejected": "2"}, "1 beviljad och 2 avslagna ansökningar.", "1 granted and 2 rejected applications."},
		{DecisionsOutcomes, Args{"granted": "2", "rejected": "1"}, "2 beviljade och 1 avslagen ansökan.", "2 granted and 1 rejected application."},
		{WithdrawPartly, Args{"done": "1", "total": "3"}, "1 av 3 markerades som återkallad. Dessa gick inte:", "1 of 3 was marked as withdrawn. These did not go through:"},
	} {
		if sv, en := c.k.Format(Swedish, c.args), c.k.Format(English, c.args); sv != c.sv || en != c.en {
			t.Errorf("%v: %q and %q, want %q and %q", c.args, sv, en, c.sv, c.en)
		}
	}
	// A plural is {name|one|other}: two forms, never more or fewer.
	names := keyNames(t)
	for k := Key(1); k < numKeys; k++ {
		for _, s := range []string{catalogue[k].sv, catalogue[k].en} {
			for rest := s; strings.Contains(rest, "{"); {
				i := strings.IndexByte(rest, '{')
				j := strings.IndexByte(rest[i:], '}')
				if j < 0 {
					break
				}
				if in := rest[i+1 : i+j]; strings.Contains(in, "|") && strings.Count(in, "|") != 2 {
					t.Errorf("%s: {%s}: a plural is {name|one|other}", names[k], in)
				}
				rest = rest[i+j+1:]
			}
		}
	}
}
