package browser

import (
	"context"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// PressNative presses the keys (names as Press takes them) as a keyboard
// sends them to Chromium on Linux and Windows: a raw key-down, then the
// character, then the key-up. Press sends chromedp's "keyDown" instead,
// after which Chromium delivers the character even when the page handled
// the key-down, to whatever has the focus by then: Enter on a link to a
// text field (an error summary's) moves the focus there, and the field
// then gets the Enter's character, which submits its form. From a raw
// key-down the page handled, Chromium drops the character, as it does for
// a person's keyboard.
func (p *Page) PressNative(names ...string) {
	p.t.Helper()
	for _, n := range names {
		name, shift := strings.CutPrefix(n, "Shift+")
		k, ok := keys[name]
		if !ok {
			if len([]rune(name)) != 1 {
				p.t.Fatalf("browser: unknown key %q", n)
			}
			k = name
		}
		run(p, "pressing "+n, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			for _, r := range k {
				for _, e := range kb.Encode(r) {
					if shift {
						e.Modifiers |= int64(chromedp.ModifierShift)
					}
					if e.Type == input.DispatchKeyEventTypeKeyDown {
						e.Type = input.DispatchKeyEventTypeRawKeyDown
					}
					if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, *e); err != nil {
						return err
					}
				}
			}
			return nil
		}))
	}
}
