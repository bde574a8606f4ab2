package testfix

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"testing"
	"time"
)

// chromiumLimit is how long one headless Chromium run may take.
const chromiumLimit = 3 * time.Minute

// ChromiumFlags are the flags of every headless run of RunChromium, before
// the caller's; --user-data-dir (a fresh profile) follows them.
var ChromiumFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-dev-shm-usage", "--hide-scrollbars",
	"--timeout=20000", // stop loading after 20 s, then dump or shoot
	"--run-all-compositor-stages-before-draw",
}

// RunChromium runs the browser at path headless, with ChromiumFlags, a
// fresh profile and args (a --window-size, a --virtual-time-budget for
// pages whose scripts wait, --dump-dom or --screenshot=FILE, the page's
// URL), and returns what it wrote to stdout (the DOM for --dump-dom). It
// fails t when the browser fails or runs past three minutes.
func RunChromium(t testing.TB, browser string, args ...string) string {
	t.Helper()
	// Not t.TempDir: a browser's helper processes may still write into the
	// profile when it exits, which would fail the test's cleanup.
	profile, err := os.MkdirTemp("", "ddpm-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(profile)
	ctx, cancel := context.WithTimeout(context.Background(), chromiumLimit)
	defer cancel()
	all := append(append(ChromiumFlags[:len(ChromiumFlags):len(ChromiumFlags)], "--user-data-dir="+profile), args...)
	cmd := exec.CommandContext(ctx, browser, all...)
	cmd.Dir = profile
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := stderr.Bytes()
		if len(msg) > 4000 {
			msg = append([]byte("..."), msg[len(msg)-4000:]...)
		}
		t.Fatalf("%s %v: %v\n%s", browser, args, err, msg)
	}
	return stdout.String()
}
