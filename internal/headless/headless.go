// Package headless drives Debian's Chromium headless under chromedp for
// the tests that open the project's pages: it starts the browser (found by
// testfix.Chromium; nothing downloads one) with the network blocked when
// asked, and records what a page requests and what it logs as an error.
// It is a test helper apart from internal/testfix because chromedp does
// not build for js/wasm, where the packages under test are vetted too.
package headless

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Start starts the browser at path headless under chromedp, with a
// window of width x height and the extra options, and returns the context
// of its first tab; the browser stops when the returned func is called.
// The context ends after limit.
func Start(path string, width, height int, limit time.Duration, extra ...chromedp.ExecAllocatorOption) (context.Context, context.CancelFunc) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(width, height),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, tcancel := context.WithTimeout(ctx, limit)
	return ctx, func() { tcancel(); cancel(); acancel() }
}

// NoNetwork is the browser option that blocks the network: the resolver
// maps every host to nothing, so no request can leave the machine.
var NoNetwork = chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND")

// PageLog records what a tab does that a self-contained page must not:
// every request it makes and every console error, failed assertion,
// uncaught exception and browser-log error.
type PageLog struct {
	mu               sync.Mutex
	requests, errors []string
}

// Watch starts the tab of ctx (and its browser) and records its
// requests and errors from now on; call it before navigating.
func Watch(t testing.TB, ctx context.Context) *PageLog {
	t.Helper()
	l := &PageLog{}
	if err := chromedp.Listen(ctx, l.event); err != nil {
		t.Fatalf("starting the browser: %v", err)
	}
	return l
}

// event records one event (it runs on chromedp's reading goroutine: fast,
// no commands).
func (l *PageLog) event(ev any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		if e.Request != nil {
			l.requests = append(l.requests, e.Request.URL)
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, strings.Trim(string(a.Value), `"`))
				}
			}
			l.errors = append(l.errors, fmt.Sprintf("console.%s: %s", e.Type, strings.Join(parts, " ")))
		}
	case *runtime.EventExceptionThrown:
		msg := "uncaught exception"
		if d := e.ExceptionDetails; d != nil {
			msg += fmt.Sprintf(": %s (%s:%d:%d)", d.Text, d.URL, d.LineNumber+1, d.ColumnNumber+1)
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
		}
		l.errors = append(l.errors, msg)
	case *log.EventEntryAdded:
		if e.Entry != nil && e.Entry.Level == log.EntryLevelError {
			l.errors = append(l.errors, fmt.Sprintf("browser log (%s): %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL))
		}
	}
}

// Requests returns the URLs the tab requested so far.
func (l *PageLog) Requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.requests...)
}

// Errors returns the errors recorded so far.
func (l *PageLog) Errors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.errors...)
}
