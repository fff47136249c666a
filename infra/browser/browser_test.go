package browser

import (
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

const head = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Prov</title></head><body><main>`

// pages are small documents that show each helper what it must see.
var pages = map[string]string{
	"/good": head + `<h1>Ansökan</h1>
<form action="/done" method="get">
<label for="name">Namn</label><input id="name" name="name" autocomplete="name">
<label for="town">Kommun</label><select id="town" name="town"><option value="">Välj</option><option>Kalix</option><option>Robertsfors</option></select>
<fieldset><legend>Typ</legend>
<label><input type="radio" name="type" value="a"> Förstudie</label>
<label><input type="radio" name="type" value="b"> Projekt</label></fieldset>
<button type="submit">Skicka</button>
</form></main></body></html>`,
	"/bad": head + `<style>input:focus{outline:none}</style><h1>Fel</h1><img src="/pixel.png"><input name="q"><p style="color:#bbb;background:#fff">Svag text</p>
<div id="wide" style="width:600px">Bred</div></main></body></html>`,
	"/throws":  head + `<h1>Skript</h1><script>throw new Error("boom")</script></main></body></html>`,
	"/outside": head + `<h1>Utanför</h1><img alt="" src="http://example.com/x.png"></main></body></html>`,
}

func server(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/done":
			fmt.Fprintf(w, head+`<h1>Klart</h1><p id="got">%s|%s|%s|%s</p></main></body></html>`,
				r.URL.Query().Get("name"), r.URL.Query().Get("town"), r.URL.Query().Get("type"), r.Header.Get("X-Prov"))
		case "/pixel.png":
			w.Header().Set("Content-Type", "image/png")
			w.WriteHeader(404)
		default:
			page, ok := pages[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			fmt.Fprint(w, page)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestKeyboardFillsAndSubmitsAForm(t *testing.T) {
	srv := server(t)
	p := Open(t, srv.URL+"/good", Desktop, Header("X-Prov", "ja"))
	if p.Status != 200 || p.Title() != "Prov" {
		t.Fatalf("status %d, title %q", p.Status, p.Title())
	}
	if f := p.Focused(); f.Tag != "body" {
		t.Fatalf("focus at the start on %s, want body", f)
	}
	if f := p.Tab(); !f.Is("name") || f.Label != "Namn" || f.Selector != "#name" || !f.Visible || !strings.HasPrefix(f.Ring, "outline ") {
		t.Fatalf("first Tab: %+v", f)
	}
	p.Type("Åsa Öberg")
	if f := p.Tab(); !f.Is("town") || f.Label != "Kommun" {
		t.Fatalf("second Tab: %+v", f)
	}
	p.Type("Rob") // type-ahead picks the option, as on a closed drop-down
	if f := p.Focused(); f.Value != "Robertsfors" {
		t.Fatalf("select after typing: %+v", f)
	}
	f := p.TabTo("the type radios", func(f Focus) bool { return f.Is("type") }, 3)
	p.Press("ArrowDown") // the second radio, checked by moving to it
	if f = p.Focused(); f.Value != "b" || !f.Checked || f.Label != "Projekt" {
		t.Fatalf("radio after ArrowDown: %+v", f)
	}
	p.TabTo("the submit button", func(f Focus) bool { return f.Tag == "button" }, 3)
	p.PressAndWait("Enter")
	if p.Status != 200 || !strings.Contains(p.URL(), "/done?") {
		t.Fatalf("after Enter: %d %s", p.Status, p.URL())
	}
	if got := p.Text(); !strings.Contains(got, "Åsa Öberg|Robertsfors|b|ja") {
		t.Fatalf("submitted %q", got)
	}
	// Backwards from the form's last control, and a focus with no ring.
	p.Go("/good")
	p.Press("Shift+Tab")
	if f := p.Focused(); f.Tag != "button" {
		t.Fatalf("Shift+Tab from the top: %+v", f)
	}
	p.Go("/bad")
	if f := p.Tab(); !f.Is("q") || f.Ring != "" || f.Selector != `body > main > input[name="q"]` {
		t.Fatalf("a focus without outline: %+v", f)
	}
}

func TestAxeNamesEachViolationAndItsElement(t *testing.T) {
	srv := server(t)
	if vs := Open(t, srv.URL+"/good", Narrow).Axe(); len(vs) != 0 {
		t.Fatalf("a clean page has violations:\n%s", vs)
	}
	vs := Open(t, srv.URL+"/bad", Desktop).Axe()
	got := map[string]Violation{}
	for _, v := range vs {
		got[v.ID] = v
	}
	for id, target := range map[string]string{"image-alt": "img", "label": `input`, "color-contrast": "p"} {
		v, ok := got[id]
		if !ok || v.Impact == "" || v.Help == "" || !strings.HasPrefix(v.HelpURL, "https://") || len(v.Nodes) != 1 ||
			!slices.ContainsFunc(v.Nodes[0].Target, func(s string) bool { return strings.Contains(s, target) }) {
			t.Errorf("%s not reported on %s: %+v", id, target, v)
		}
	}
	if s := vs.String(); !strings.Contains(s, "image-alt (critical)") || !strings.Contains(s, "color-contrast (serious)") {
		t.Errorf("report:\n%s", s)
	}
}

func TestReflowNamesWhatSticksOut(t *testing.T) {
	srv := server(t)
	if r := Open(t, srv.URL+"/good", Narrow).Reflow(); !r.OK() || r.ClientWidth != Narrow {
		t.Fatalf("good page: %s", r)
	}
	r := Open(t, srv.URL+"/bad", Narrow).Reflow()
	if r.OK() || r.ScrollWidth < 600 || len(r.Wide) == 0 || !strings.HasPrefix(r.Wide[0], "div#wide") {
		t.Fatalf("wide page: %s", r)
	}
	if r := Open(t, srv.URL+"/bad", Desktop).Reflow(); !r.OK() {
		t.Fatalf("at 1280: %s", r)
	}
}

func TestScreenshotIsTheWholePageAtItsWidth(t *testing.T) {
	srv := server(t)
	p := Open(t, srv.URL+"/good", Narrow)
	path := p.Screenshot("form")
	if !strings.HasSuffix(path, "/.artifacts/screenshots/TestScreenshotIsTheWholePageAtItsWidth-form-320.png") {
		t.Fatalf("path %s", path)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	var height int
	p.Eval(`document.documentElement.scrollHeight`, &height)
	if cfg.Width != Narrow || cfg.Height != height {
		t.Fatalf("screenshot %dx%d, want %dx%d", cfg.Width, cfg.Height, Narrow, height)
	}
}

func TestNothingLeavesTheMachine(t *testing.T) {
	srv := server(t)
	p := Open(t, srv.URL+"/outside", Desktop)
	var complete bool
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if p.Eval(`document.images[0].complete`, &complete); complete {
			break
		}
	}
	var width int
	p.Eval(`document.images[0].naturalWidth`, &width)
	p.mu.Lock()
	outside := p.outside
	p.outside = nil // seen here: not a failure of this test
	p.mu.Unlock()
	if !complete || width != 0 || len(outside) != 1 || outside[0] != "http://example.com/x.png" {
		t.Fatalf("image loaded %v (width %d); requests outside recorded: %v", complete, width, outside)
	}
	for _, u := range []string{"http://127.0.0.1:8000/", "http://localhost/", "data:,x", "about:blank"} {
		if !local(u) {
			t.Errorf("%s not local", u)
		}
	}
	for _, u := range []string{"http://example.com/", "https://10.0.0.1/", "ftp://127.0.0.1/"} {
		if local(u) {
			t.Errorf("%s local", u)
		}
	}
}

func TestScriptErrorsAreCaught(t *testing.T) {
	srv := server(t)
	p := Open(t, srv.URL+"/throws", Desktop)
	var errs []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && len(errs) == 0; time.Sleep(50 * time.Millisecond) {
		p.mu.Lock()
		errs = p.errors
		p.mu.Unlock()
	}
	p.mu.Lock()
	p.errors = nil // seen here: not a failure of this test
	p.mu.Unlock()
	if len(errs) != 1 || !strings.Contains(errs[0], "boom") || !strings.Contains(errs[0], "/throws") {
		t.Fatalf("script errors recorded: %q", errs)
	}
}
