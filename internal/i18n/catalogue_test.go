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
		if !slices.Equal(slices.Compact(sv), slices.Compact(en)) {
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
