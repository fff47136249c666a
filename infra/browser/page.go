package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Page is one tab, at one viewport width, for one test. Its methods fail
// the test (t.Fatal) on a browser error.
type Page struct {
	t      testing.TB
	ctx    context.Context
	Width  int // viewport width in CSS pixels
	Status int // HTTP status of the document last loaded by Open, Go or PressAndWait
	height int
	// noScript: the page's own scripts never run (NoScript); the test's
	// evaluations (Eval) still do, each in a moment with scripts allowed.
	noScript bool

	mu      sync.Mutex
	outside []string // requests for anything but loopback
	errors  []string // uncaught script errors
}

// Option changes how Open sets up the tab.
type Option func(*options)

type options struct {
	headers  map[string]string
	height   int
	noScript bool
}

// NoScript opens the tab with JavaScript off: the pages must work without.
func NoScript() Option { return func(o *options) { o.noScript = true } }

// Header sends the header with every request of the page (for example
// Authorization: browsers send no bearer token by themselves).
func Header(name, value string) Option {
	return func(o *options) { o.headers[name] = value }
}

// AcceptLanguage is the browser's language list; Open's default is a
// Swedish browser's, "sv-SE,sv;q=0.9,en;q=0.8". The browser's locale (how
// it shows dates in a date field, say) is the list's first language.
func AcceptLanguage(v string) Option { return Header("Accept-Language", v) }

// locale is the ICU locale of an Accept-Language list's first entry.
func locale(acceptLanguage string) string {
	first, _, _ := strings.Cut(acceptLanguage, ",")
	first, _, _ = strings.Cut(first, ";")
	return strings.ReplaceAll(strings.TrimSpace(first), "-", "_")
}

// Height is the viewport's height (default 800; screenshots are full page
// whatever it is).
func Height(h int) Option { return func(o *options) { o.height = h } }

// Open opens url in a new tab at the viewport width (CSS px) and waits for
// it to load. A test whose browser cannot start is skipped (see package
// doc). The tab closes when the test ends; then any request the page made
// outside loopback, or any uncaught script error, fails the test.
func Open(t testing.TB, rawURL string, width int, opts ...Option) *Page {
	t.Helper()
	parent := available(t)
	o := options{headers: map[string]string{"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.8"}, height: 800}
	for _, f := range opts {
		f(&o)
	}
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	p := &Page{t: t, ctx: ctx, Width: width, height: o.height, noScript: o.noScript}
	t.Cleanup(func() {
		cancel()
		p.mu.Lock()
		defer p.mu.Unlock()
		if len(p.outside) > 0 {
			t.Errorf("the page asked for something outside this machine (pages must load nothing from elsewhere): %s", strings.Join(p.outside, ", "))
		}
		if len(p.errors) > 0 {
			t.Errorf("uncaught script errors on the page: %s", strings.Join(p.errors, "; "))
		}
	})
	headers := network.Headers{}
	for k, v := range o.headers {
		headers[k] = v
	}
	// The first Run creates the tab: no timeout on it (a timeout would end
	// the tab with it).
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(int64(width), int64(o.height)),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			// chromedp has enabled the Network and Runtime domains.
			if _, err := cdp.Call(ctx, tg, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: headers}); err != nil {
				return err
			}
			if _, err := cdp.Call(ctx, tg, emulation.SetLocaleOverride, emulation.SetLocaleOverrideParams{Locale: locale(o.headers["Accept-Language"])}); err != nil {
				return err
			}
			// Every tab acts as the focused window: tests run side by side in
			// tabs of one browser, and only a focused page matches :focus (its
			// focus rings are what the tests measure).
			if _, err := cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
				return err
			}
			if o.noScript {
				_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
				return err
			}
			return nil
		}),
	)
	if err != nil {
		t.Fatalf("browser: opening a tab: %v", err)
	}
	if err := chromedp.Listen(ctx, p.listen); err != nil {
		t.Fatalf("browser: %v", err)
	}
	p.Go(rawURL)
	return p
}

// listen records what the page must not do. It runs in the tab's reading
// loop: it only appends.
func (p *Page) listen(ev any) {
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.Request != nil && !local(ev.Request.URL) {
			p.mu.Lock()
			p.outside = append(p.outside, ev.Request.URL)
			p.mu.Unlock()
		}
	case *runtime.EventExceptionThrown:
		if d := ev.ExceptionDetails; d != nil {
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			p.mu.Lock()
			p.errors = append(p.errors, fmt.Sprintf("%s (%s:%d)", msg, d.URL, d.LineNumber+1))
			p.mu.Unlock()
		}
	}
}

// local: loopback, or a URL that asks no network (data:, about:, blob:).
func local(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "about", "blob", "javascript":
		return true
	case "http", "https", "ws", "wss":
		h := u.Hostname()
		return h == "localhost" || h == "::1" || strings.HasPrefix(h, "127.")
	}
	return false
}

// run runs one action on the tab, bounded in time.
func run[T any](p *Page, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.t.Fatalf("browser: %s: %v", what, err)
	}
	return v
}

// Go navigates the tab to url (relative to the current page's) and waits
// for the document; Status is its HTTP status.
func (p *Page) Go(rawURL string) {
	p.t.Helper()
	if cur := p.URL(); cur != "" && cur != "about:blank" {
		if base, err := url.Parse(cur); err == nil {
			if ref, err := url.Parse(rawURL); err == nil {
				rawURL = base.ResolveReference(ref).String()
			}
		}
	}
	res := run(p, "opening "+rawURL, chromedp.NavigateResponse(rawURL))
	p.Status = 0
	if res != nil {
		p.Status = int(res.Status)
	}
}

// Resize sets the viewport's width (CSS px) on the page as it is, as a
// person narrowing the window or zooming does: the same document, laid out
// again (cheaper than opening it again: axe stays loaded).
func (p *Page) Resize(width int) {
	p.t.Helper()
	run(p, fmt.Sprintf("resizing to %d px", width), chromedp.EmulateViewport(int64(width), int64(p.height)))
	p.Width = width
}

// URL is the document's address.
func (p *Page) URL() string {
	p.t.Helper()
	return run(p, "reading the location", chromedp.Location())
}

// Title is the document's title.
func (p *Page) Title() string {
	p.t.Helper()
	return run(p, "reading the title", chromedp.Title())
}

// Text is the text of the page as shown (document.body.innerText).
func (p *Page) Text() string {
	var s string
	p.Eval(`document.body ? document.body.innerText : ""`, &s)
	return s
}

// Eval runs a JavaScript expression in the page and decodes its value (as
// JSON) into out; a promise is awaited. out may be nil.
func (p *Page) Eval(js string, out any) {
	p.t.Helper()
	if p.noScript {
		// The page's scripts were skipped as it loaded; allowing scripts
		// for the test's own evaluation runs none of them afterwards.
		p.scripts(true)
		defer p.scripts(false)
	}
	raw := run(p, "running a script", chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if out == nil {
		return
	}
	if err := json.Unmarshal(raw, out); err != nil {
		p.t.Fatalf("browser: decoding %.200s: %v", raw, err)
	}
}

// keys are the key names Press knows, beside single characters.
var keys = map[string]string{
	"Tab": kb.Tab, "Enter": kb.Enter, "Space": " ", "Escape": kb.Escape, "Backspace": kb.Backspace,
	"ArrowDown": kb.ArrowDown, "ArrowUp": kb.ArrowUp, "ArrowLeft": kb.ArrowLeft, "ArrowRight": kb.ArrowRight,
	"Home": kb.Home, "End": kb.End, "PageDown": kb.PageDown, "PageUp": kb.PageUp,
}

// key is the action of one key name, with an optional "Shift+" prefix.
func key(name string) (chromedp.Action[chromedp.Void], error) {
	var mods []chromedp.KeyOption
	if rest, ok := strings.CutPrefix(name, "Shift+"); ok {
		mods, name = append(mods, chromedp.KeyModifiers(chromedp.ModifierShift)), rest
	}
	k, ok := keys[name]
	if !ok {
		if len([]rune(name)) != 1 {
			return nil, fmt.Errorf("unknown key %q", name)
		}
		k = name
	}
	return chromedp.KeyEvent(k, mods...), nil
}

// Press presses the keys in order, as a person does: "Tab", "Shift+Tab",
// "Enter", "Space", "ArrowDown", ..., or one character.
func (p *Page) Press(names ...string) {
	p.t.Helper()
	for _, n := range names {
		a, err := key(n)
		if err != nil {
			p.t.Fatalf("browser: %v", err)
		}
		run(p, "pressing "+n, a)
	}
}

// scripts allows or stops script execution in the tab.
func (p *Page) scripts(on bool) {
	p.t.Helper()
	run(p, "switching scripts", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	}))
}

// ChooseFiles picks files (paths on this machine) in the focused file
// input, as a person does in the dialog its Space or Enter opens (a dialog
// of the operating system, which a headless browser has not).
func (p *Page) ChooseFiles(paths ...string) {
	p.t.Helper()
	f := p.Focused()
	if f.Tag != "input" || f.Type != "file" {
		p.t.Fatalf("browser: choosing files, but the focus is on %s", f)
	}
	run(p, "choosing files", chromedp.SetUploadFiles(f.Selector, paths))
}

// Type types text into whatever has focus, key by key.
func (p *Page) Type(text string) {
	p.t.Helper()
	run(p, fmt.Sprintf("typing %q", text), chromedp.KeyEvent(text))
}

// PressAndWait presses a key that loads another document (Enter on a
// submit button or a link) and waits for it; Status is its HTTP status
// (after redirects).
func (p *Page) PressAndWait(name string) {
	p.t.Helper()
	a, err := key(name)
	if err != nil {
		p.t.Fatalf("browser: %v", err)
	}
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, a)
	if err != nil {
		p.t.Fatalf("browser: pressing %s did not load a page (focus on %s): %v", name, p.Focused(), err)
	}
	p.Status = 0
	if res != nil {
		p.Status = int(res.Status)
	}
}

// WaitFor waits until the document's address starts with prefix (after a
// key press whose navigation goes through pages that move on by
// themselves, as a sign-out through the provider's /logout does) and the
// document has loaded; false if it did not within the action timeout.
func (p *Page) WaitFor(prefix string) bool {
	p.t.Helper()
	for deadline := time.Now().Add(actionTimeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var state struct{ URL, Ready string }
		ctx, cancel := context.WithTimeout(p.ctx, time.Second)
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`({URL: location.href, Ready: document.readyState})`))
		cancel()
		if err == nil && json.Unmarshal(raw, &state) == nil && strings.HasPrefix(state.URL, prefix) && state.Ready == "complete" {
			return true
		}
	}
	return false
}

// Focus is what has the keyboard focus.
type Focus struct {
	Tag      string `json:"tag"`      // lower case: input, select, a, button, body, ...
	ID       string `json:"id"`       // its id, if any
	Name     string `json:"name"`     // a form control's name
	Type     string `json:"type"`     // an input's or button's type
	Value    string `json:"value"`    // a form control's value
	Checked  bool   `json:"checked"`  // a checkbox or radio button
	Label    string `json:"label"`    // its name as a person hears it: label, aria-labelledby, aria-label or text
	Href     string `json:"href"`     // a link's href attribute
	Selector string `json:"selector"` // a CSS selector for it
	Visible  bool   `json:"visible"`  // it has a box on the page
	Ring     string `json:"ring"`     // its focus indicator as computed (outline or box-shadow); "" if none
}

func (f Focus) String() string {
	s := f.Selector
	if f.Label != "" {
		s += fmt.Sprintf(" %q", f.Label)
	}
	return s
}

// Is reports whether the focus is on the form control named name (or, for
// a name starting with #, the element with that id).
func (f Focus) Is(name string) bool {
	if id, ok := strings.CutPrefix(name, "#"); ok {
		return f.ID == id
	}
	return f.Name == name
}

const focusJS = `(() => {
  const e = document.activeElement || document.body;
  const clean = s => (s || "").replace(/\s+/g, " ").trim();
  const sel = el => {
    if (el.id) return "#" + CSS.escape(el.id);
    const parts = [];
    for (; el && el.nodeType === 1 && el !== document.documentElement; el = el.parentElement) {
      if (el.id) { parts.unshift("#" + CSS.escape(el.id)); break; }
      let s = el.localName;
      if (el.getAttribute("name")) s += "[name=\"" + el.getAttribute("name") + "\"]";
      else if (el.parentElement) {
        const same = [...el.parentElement.children].filter(c => c.localName === el.localName);
        if (same.length > 1) s += ":nth-of-type(" + (same.indexOf(el) + 1) + ")";
      }
      parts.unshift(s);
    }
    return parts.join(" > ") || "html";
  };
  let label = "";
  if (e.getAttribute("aria-labelledby")) label = e.getAttribute("aria-labelledby").split(/\s+/).map(id => document.getElementById(id)).filter(Boolean).map(x => x.textContent).join(" ");
  else if (e.getAttribute("aria-label")) label = e.getAttribute("aria-label");
  else if (e.labels && e.labels.length) label = [...e.labels].map(l => l.textContent).join(" ");
  else if (e !== document.body) label = e.innerText || e.value || e.textContent;
  const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
  const ring = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0 ? "outline " + cs.outlineWidth + " " + cs.outlineStyle + " " + cs.outlineColor
    : cs.boxShadow && cs.boxShadow !== "none" ? "box-shadow " + cs.boxShadow : "";
  return {ring, tag: e.localName, id: e.id || "", name: e.getAttribute("name") || "", type: e.getAttribute("type") || (e.type || ""),
    value: ("value" in e && typeof e.value === "string") ? e.value : "", checked: !!e.checked, label: clean(label),
    href: e.getAttribute("href") || "", selector: sel(e), visible: r.width > 0 && r.height > 0};
})()`

// Focused is what has focus now (body when nothing does).
func (p *Page) Focused() Focus {
	p.t.Helper()
	var f Focus
	p.Eval(focusJS, &f)
	return f
}

// Tab presses Tab and returns what has focus then.
func (p *Page) Tab() Focus {
	p.t.Helper()
	p.Press("Tab")
	return p.Focused()
}

// TabTo presses Tab until the focus is on what match accepts, at most max
// times, and returns it; otherwise the test fails with the focus order it
// went through.
func (p *Page) TabTo(what string, match func(Focus) bool, max int) Focus {
	p.t.Helper()
	var seen []string
	for range max {
		f := p.Tab()
		if match(f) {
			return f
		}
		seen = append(seen, f.String())
	}
	p.t.Fatalf("browser: %d presses of Tab never reached %s; the focus went:\n  %s", max, what, strings.Join(seen, "\n  "))
	return Focus{}
}

// Reflow is how the page fits its viewport horizontally.
type Reflow struct {
	Width       int      // the viewport's width (CSS px)
	ScrollWidth int      // document.documentElement.scrollWidth
	ClientWidth int      // document.documentElement.clientWidth
	Wide        []string // elements reaching past the right edge, widest first (at most 10)
}

// OK: no horizontal scrolling (scrollWidth <= clientWidth).
func (r Reflow) OK() bool { return r.ScrollWidth <= r.ClientWidth }

func (r Reflow) String() string {
	s := fmt.Sprintf("at %d px: scrollWidth %d, clientWidth %d", r.Width, r.ScrollWidth, r.ClientWidth)
	if !r.OK() {
		s += fmt.Sprintf(": scrolls sideways by %d px", r.ScrollWidth-r.ClientWidth)
		if len(r.Wide) > 0 {
			s += "; too wide: " + strings.Join(r.Wide, ", ")
		}
	}
	return s
}

const reflowJS = `(() => {
  const d = document.documentElement, w = d.clientWidth;
  const sel = el => {
    let s = el.localName;
    if (el.id) return s + "#" + CSS.escape(el.id);
    if (el.classList.length) s += "." + [...el.classList].map(c => CSS.escape(c)).join(".");
    const p = el.parentElement;
    return p && p !== document.body && p !== d ? sel(p) + " > " + s : s;
  };
  const wide = [];
  for (const el of document.body ? document.body.querySelectorAll("*") : []) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 0.5 && r.width > 0) {
      // only the outermost: a child of an element already listed says no more
      if (!wide.some(x => x.el.contains(el))) wide.push({el, right: r.right});
    }
  }
  wide.sort((a, b) => b.right - a.right);
  return {ScrollWidth: d.scrollWidth, ClientWidth: w,
    Wide: wide.slice(0, 10).map(x => sel(x.el) + " (to " + Math.round(x.right) + " px)")};
})()`

// Reflow measures whether the page scrolls sideways at its width, naming
// the elements that stick out.
func (p *Page) Reflow() Reflow {
	p.t.Helper()
	var r Reflow
	p.Eval(reflowJS, &r)
	r.Width = p.Width
	return r
}

// CheckReflow fails the test if the page scrolls sideways.
func (p *Page) CheckReflow() Reflow {
	p.t.Helper()
	r := p.Reflow()
	if !r.OK() {
		p.t.Errorf("%s does not reflow (WCAG 1.4.10) %s", p.URL(), r)
	}
	return r
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Screenshot saves a full-page PNG of the tab as
// .artifacts/screenshots/<test>[-<label>]-<width>.png under the repository
// root (git-ignored) and returns its path.
func (p *Page) Screenshot(label string) string {
	p.t.Helper()
	name := p.t.Name()
	if label != "" {
		name += "-" + label
	}
	name = strings.Trim(unsafeName.ReplaceAllString(name, "-"), "-")
	path := filepath.Join(Root(), ".artifacts", "screenshots", fmt.Sprintf("%s-%d.png", name, p.Width))
	png := run(p, "taking a screenshot", chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, tg, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		w, h := float64(p.Width), 800.0
		if c := m.CSSContentSize; c != nil {
			w, h = max(w, c.Width), max(1, c.Height)
		}
		r, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format: page.CaptureScreenshotFormatPng, CaptureBeyondViewport: ptr(true), FromSurface: ptr(true),
			Clip: &page.Viewport{X: 0, Y: 0, Width: w, Height: h, Scale: 1},
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	return path
}

func ptr[T any](v T) *T { return &v }
