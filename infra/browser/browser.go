// Package browser drives Debian's Chromium (headless, through the DevTools
// pipe, with github.com/chromedp/chromedp) for the page tests: pages are
// opened at a viewport width, used with the keyboard, checked with axe-core
// and for reflow, and photographed, as a person would meet them.
//
// One browser serves a whole test package. Start it from TestMain, before
// the stand-ins (stacktest.Main never returns):
//
//	func TestMain(m *testing.M) {
//		browser.Start()
//		stacktest.Main(m)
//	}
//
// or, in a package that needs no stand-in, browser.Main(m). Each Open is a
// fresh tab in a fresh browser context (no cookie or header is shared
// between tests).
//
// `make deps` installs Chromium (apt-get install chromium) and axe-core (npm,
// pinned in package-lock.json). Where Chromium cannot start, every test that
// opens a page is skipped with the reason, except under CI (CI is set), where
// that is a failure: there `make deps` has installed it, so a skip would hide
// a broken install. With -short (make test-unit) no browser is started.
//
// Chromium talks only to loopback: every other host is unresolvable and any
// other address goes to a closed proxy port; a page that asks for anything
// outside 127.0.0.1/localhost fails its test, as does an uncaught script
// error.
package browser

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"partnerskap/infra/stack"

	"github.com/chromedp/chromedp"
)

// The two widths every page is checked at, in CSS pixels: a desktop, and
// WCAG 2.2's reflow width (1.4.10: content at 320 CSS px without scrolling
// in two dimensions).
const (
	Desktop = 1280
	Narrow  = 320
)

// startTimeout bounds Chromium's start (it takes about a second here).
const startTimeout = 30 * time.Second

// actionTimeout bounds one action on a page (a navigation, a key, axe).
const actionTimeout = 30 * time.Second

var (
	mu       sync.Mutex
	started  bool
	root     context.Context // the browser's own (first) tab; pages are its children
	stop     func()
	startErr error
	repoRoot string
	profile  string    // Chromium's --user-data-dir, removed by Stop or the reaper
	reaper   *exec.Cmd // removes profile once the test binary has exited
)

// Main runs a test package with the browser up, for a package that needs no
// stand-in (with stacktest, call Start before stacktest.Main instead).
func Main(m *testing.M) {
	Start()
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Start starts Chromium for the test package, once; call it from TestMain.
// A browser that cannot start is not an error here: each Open then skips
// its test with the reason (fails it under CI). It parses the test flags.
func Start() {
	mu.Lock()
	defer mu.Unlock()
	if started {
		return
	}
	started = true
	flag.Parse() // testing.Short needs the flags; m.Run finds them parsed
	if testing.Short() {
		startErr = errors.New("browser: no browser with -short (make test runs the page tests)")
		return
	}
	var err error
	if repoRoot, err = stack.Root("."); err != nil {
		startErr = err
		return
	}
	startErr = launch()
}

// launch starts Chromium and waits until it answers.
func launch() error {
	exe, err := chromiumPath()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "partnerskap-chromium-")
	if err != nil {
		return fmt.Errorf("browser: %w", err)
	}
	profile = dir
	startReaper(dir)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(dir),
		chromedp.NoSandbox,  // as root (CI), Chromium refuses to start without it
		chromedp.DisableGPU, // no GPU here
		chromedp.WindowSize(Desktop, 800),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("mute-audio", true),
		// Loopback only: no name resolves but localhost, and whatever is
		// not loopback goes to a proxy on a closed port (loopback bypasses
		// proxies), so nothing leaves the machine.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"),
		chromedp.ProxyServer("http://127.0.0.1:9"),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	// The first Run starts the browser and lives as long as bctx: no
	// timeout on it, so wait for it beside a timer.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(bctx, chromedp.Navigate("about:blank")) }()
	select {
	case err = <-done:
	case <-time.After(startTimeout):
		err = fmt.Errorf("no answer in %s", startTimeout)
	}
	if err != nil {
		bcancel()
		acancel()
		os.RemoveAll(dir)
		return fmt.Errorf("browser: Chromium (%s) did not start: %w", exe, err)
	}
	root = bctx
	stop = func() {
		ctx, cancel := context.WithTimeout(bctx, 10*time.Second)
		defer cancel()
		_ = chromedp.Cancel(ctx)
		bcancel()
		acancel()
	}
	return nil
}

// chromiumPath is $CHROMIUM, or Debian's chromium, or one on the PATH.
func chromiumPath() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("browser: Chromium is not installed (make deps installs Debian's chromium: apt-get install -y chromium)")
}

// startReaper removes Chromium's profile folder once this process has
// exited: stacktest.Main ends the test binary with os.Exit, so no deferred
// Stop runs there. Chromium itself dies with the binary (the kernel kills
// it, and its DevTools pipe closes). Best effort: without sh, Stop alone
// cleans up.
func startReaper(dir string) {
	cmd := exec.Command("/bin/sh", "-c",
		`while kill -0 "$0" 2>/dev/null; do sleep 1; done; sleep 1; rm -rf -- "$1"`,
		fmt.Sprint(os.Getpid()), dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // outlives us, holds none of our pipes
	if cmd.Start() == nil {
		reaper = cmd
	}
}

// Stop closes the browser and removes its profile. Main calls it; with
// stacktest.Main it is not needed (see startReaper).
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	if stop != nil {
		stop()
		stop = nil
	}
	if profile != "" {
		os.RemoveAll(profile)
		profile = ""
	}
	if reaper != nil {
		_ = reaper.Process.Kill()
		_ = reaper.Wait()
		reaper = nil
	}
	startErr = errors.New("browser: stopped")
}

// Require skips t (fails it under CI) if the browser is not there: for a
// test to call before it sets up what its pages need.
func Require(t testing.TB) {
	t.Helper()
	available(t)
}

// available is the browser's root context, or skips (fails under CI) t.
func available(t testing.TB) context.Context {
	t.Helper()
	mu.Lock()
	ok, err, ctx := started, startErr, root
	mu.Unlock()
	switch {
	case !ok:
		t.Fatal("browser: call browser.Start (or browser.Main) from TestMain")
	case err != nil && testing.Short():
		t.Skip(err)
	case err != nil && os.Getenv("CI") != "":
		t.Fatalf("%v\n(under CI the browser must run: make deps installs Chromium)", err)
	case err != nil:
		t.Skip(err)
	}
	return ctx
}

// Root is the repository root (the folder of go.mod).
func Root() string { return repoRoot }
