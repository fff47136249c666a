package pages

import (
	"strconv"
	"testing"

	"partnerskap/infra/browser"
)

// keyboard is what a keyboard-only person does on a page, each step
// checked as it goes (the focus visible where it lands, WCAG 2.4.7): the
// grants' and review's browser tests share it.
type keyboard struct{ t *testing.T }

// focusIn says whether the focus is in the element that selector matches.
func (keyboard) focusIn(p *browser.Page, selector string) bool {
	var in bool
	p.Eval(`!!(document.activeElement && document.activeElement.closest(`+strconv.Quote(selector)+`))`, &in)
	return in
}

// typeInto tabs to the control named name (or #id) and types text.
func (k keyboard) typeInto(p *browser.Page, name, text string, max int) {
	k.t.Helper()
	at := p.TabTo(name, func(x browser.Focus) bool { return x.Is(name) }, max)
	if !at.Visible || at.Ring == "" {
		k.t.Errorf("%s: the focus is not visible (WCAG 2.4.7): %+v", name, at)
	}
	p.Type(text)
	if got := p.Focused(); got.Value != text {
		k.t.Fatalf("%s: typed %q, the field holds %q", name, text, got.Value)
	}
}

// press tabs to the button labelled label and presses Enter on it.
func (k keyboard) press(p *browser.Page, label string, max int) {
	k.t.Helper()
	b := p.TabTo("the button "+label, func(x browser.Focus) bool { return x.Tag == "button" && x.Label == label }, max)
	if b.Ring == "" {
		k.t.Errorf("the button %q shows no focus (WCAG 2.4.7): %+v", label, b)
	}
	p.PressAndWait("Enter")
}

// follow tabs to the link labelled label and follows it.
func (k keyboard) follow(p *browser.Page, label string, max int) {
	k.t.Helper()
	l := p.TabTo("the link "+label, func(x browser.Focus) bool { return x.Tag == "a" && x.Label == label }, max)
	if l.Ring == "" {
		k.t.Errorf("the link %q shows no focus (WCAG 2.4.7): %+v", label, l)
	}
	p.PressAndWait("Enter")
}
