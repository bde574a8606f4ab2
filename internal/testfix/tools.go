package testfix

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// BrowserEnv is the environment variable that, set to "1" (as
// scripts/test.sh does), makes a missing browser or ECharts a failure of
// the tests that need them rather than a skip.
const BrowserEnv = "DDPM_REQUIRE_BROWSER"

// ChromiumNames are the commands tried for headless Chromium, Debian's
// first. Nothing downloads a browser.
var ChromiumNames = []string{"chromium", "chromium-browser", "google-chrome"}

// LookPath returns the path of the first of the commands names found on
// PATH, or "" when there is none.
func LookPath(names ...string) string {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// Chromium returns the path of the installed Chromium (ChromiumNames), or
// "" when there is none.
func Chromium() string { return LookPath(ChromiumNames...) }

// Missing ends a test that lacks what it needs: it fails t with msg when
// the environment variable env is "1" (CI) and skips it otherwise.
func Missing(t testing.TB, env, msg string) {
	t.Helper()
	if os.Getenv(env) == "1" {
		t.Fatalf("%s (and %s=1)", msg, env)
	}
	t.Skipf("%s (set %s=1 to make this a failure)", msg, env)
}

// RequireTool returns the path of the first of the programs names that is
// installed, or ends the test (Missing) when none is.
func RequireTool(t testing.TB, env string, names ...string) string {
	t.Helper()
	p := LookPath(names...)
	if p == "" {
		Missing(t, env, strings.Join(names, "/")+" not installed (scripts/install-deps.sh installs it)")
	}
	return p
}

// RequireBrowser returns the path of the installed Chromium, or ends the
// test (Missing under BrowserEnv) when there is none.
func RequireBrowser(t testing.TB) string {
	t.Helper()
	return RequireTool(t, BrowserEnv, ChromiumNames...)
}

// RequireECharts returns path, the local echarts.min.js that the caller
// found (viz.FindECharts), or ends the test (Missing under BrowserEnv)
// with the install hint for ECharts version when path is "".
func RequireECharts(t testing.TB, path, version string) string {
	t.Helper()
	if path == "" {
		Missing(t, BrowserEnv, "echarts.min.js not found: run scripts/install-deps.sh --runtime (npm install --prefix .tools/npm echarts@"+
			version+") or set DDPM_ECHARTS_JS")
	}
	return path
}
