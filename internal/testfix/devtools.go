package testfix

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// DevTools drives one page of a headless Chromium through the DevTools
// protocol over a pipe (--remote-debugging-pipe: JSON messages ended by a
// NUL byte on file descriptors 3 and 4), which needs no WebSocket client
// and no third-party module. The network is blocked by the browser's
// resolver (every host maps to nothing); every request the page makes and
// every console error or uncaught exception is recorded.
type DevTools struct {
	t       *testing.T
	cmd     *exec.Cmd
	w       *os.File
	mu      sync.Mutex
	next    int
	pending map[int]chan cdpMessage
	loaded  chan struct{}
	session string
	// requests and errors seen so far (guarded by mu).
	requests, errors []string
}

type cdpMessage struct {
	ID        int                       `json:"id,omitempty"`
	Method    string                    `json:"method,omitempty"`
	Params    json.RawMessage           `json:"params,omitempty"`
	Result    json.RawMessage           `json:"result,omitempty"`
	Error     *struct{ Message string } `json:"error,omitempty"`
	SessionID string                    `json:"sessionId,omitempty"`
}

// StartDevTools starts browser headless with a window of width x height
// and attaches to a blank page; the browser stops at the end of the test.
func StartDevTools(t *testing.T, browser string, width, height int) *DevTools {
	t.Helper()
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir(), "--remote-debugging-pipe", `--host-resolver-rules=MAP * ~NOTFOUND`,
		fmt.Sprintf("--window-size=%d,%d", width, height), "about:blank"}
	cmd := exec.Command(browser, args...)
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.ExtraFiles = []*os.File{inR, outW} // fd 3: the browser reads, fd 4: it writes
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	inR.Close()
	outW.Close()
	d := &DevTools{t: t, cmd: cmd, w: inW, pending: map[int]chan cdpMessage{}, loaded: make(chan struct{}, 8)}
	t.Cleanup(func() {
		inW.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	go d.read(bufio.NewReader(outR))
	var target struct{ TargetID string }
	if err := d.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, stderr.String())
	}
	var att struct{ SessionID string }
	if err := d.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		t.Fatal(err)
	}
	d.session = att.SessionID
	for _, m := range []string{"Page.enable", "Runtime.enable", "Network.enable", "Log.enable"} {
		if err := d.Call(m, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// read dispatches the browser's messages: answers to their callers,
// events to the records.
func (d *DevTools) read(r *bufio.Reader) {
	for {
		b, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMessage
		if json.Unmarshal(b[:len(b)-1], &m) != nil {
			continue
		}
		d.mu.Lock()
		if m.ID != 0 {
			if ch := d.pending[m.ID]; ch != nil {
				ch <- m
				delete(d.pending, m.ID)
			}
			d.mu.Unlock()
			continue
		}
		d.event(m)
		d.mu.Unlock()
	}
}

// event records one event; d.mu is held.
func (d *DevTools) event(m cdpMessage) {
	switch m.Method {
	case "Page.loadEventFired":
		select {
		case d.loaded <- struct{}{}:
		default:
		}
	case "Network.requestWillBeSent":
		var p struct{ Request struct{ URL string } }
		_ = json.Unmarshal(m.Params, &p)
		d.requests = append(d.requests, p.Request.URL)
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string
			Args []struct {
				Value       any
				Description string
			}
		}
		_ = json.Unmarshal(m.Params, &p)
		if p.Type == "error" || p.Type == "assert" {
			var parts []string
			for _, a := range p.Args {
				parts = append(parts, fmt.Sprint(a.Value, a.Description))
			}
			d.errors = append(d.errors, "console."+p.Type+": "+strings.Join(parts, " "))
		}
	case "Runtime.exceptionThrown":
		d.errors = append(d.errors, "exception: "+string(m.Params))
	case "Log.entryAdded":
		var p struct {
			Entry struct{ Level, Text, URL string }
		}
		_ = json.Unmarshal(m.Params, &p)
		if p.Entry.Level == "error" {
			d.errors = append(d.errors, "log: "+p.Entry.Text+" "+p.Entry.URL)
		}
	}
}

// call sends method with params in session and decodes the result into
// out (when not nil).
func (d *DevTools) call(session, method string, params, out any) error {
	d.mu.Lock()
	d.next++
	id := d.next
	ch := make(chan cdpMessage, 1)
	d.pending[id] = ch
	d.mu.Unlock()
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	if _, err := d.w.Write(append(b, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-time.After(3 * time.Minute):
		return fmt.Errorf("%s: no answer in 3 minutes", method)
	}
}

// Call sends a DevTools method to the page.
func (d *DevTools) Call(method string, params, out any) error {
	return d.call(d.session, method, params, out)
}

// Open navigates to url and waits for its load event.
func (d *DevTools) Open(url string) {
	d.t.Helper()
	if err := d.Call("Page.navigate", map[string]any{"url": url}, nil); err != nil {
		d.t.Fatal(err)
	}
	select {
	case <-d.loaded:
	case <-time.After(2 * time.Minute):
		d.t.Fatalf("%s did not load in 2 minutes", url)
	}
}

// Eval evaluates a JavaScript expression in the page, awaiting it when it
// is a promise, and decodes its value into out (when not nil).
func (d *DevTools) Eval(expr string, out any) error {
	var r struct {
		Result           struct{ Value json.RawMessage }
		ExceptionDetails *struct {
			Text      string
			Exception struct{ Description string }
		}
	}
	if err := d.Call("Runtime.evaluate", map[string]any{"expression": expr, "awaitPromise": true, "returnByValue": true}, &r); err != nil {
		return err
	}
	if e := r.ExceptionDetails; e != nil {
		return fmt.Errorf("%s: %s %s", expr, e.Text, e.Exception.Description)
	}
	if out != nil && len(r.Result.Value) > 0 {
		return json.Unmarshal(r.Result.Value, out)
	}
	return nil
}

// Screenshot returns a PNG of the page's viewport.
func (d *DevTools) Screenshot() []byte {
	d.t.Helper()
	var r struct{ Data string }
	if err := d.Call("Page.captureScreenshot", map[string]any{"format": "png"}, &r); err != nil {
		d.t.Fatal(err)
	}
	b, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		d.t.Fatal(err)
	}
	return b
}

// Requests returns the URLs the page requested so far.
func (d *DevTools) Requests() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.requests...)
}

// Errors returns the console errors and uncaught exceptions so far.
func (d *DevTools) Errors() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.errors...)
}
