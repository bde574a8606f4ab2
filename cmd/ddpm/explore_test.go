package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/internal/testfix"
	"github.com/statesdiffusion/states/viz"
)

// explorerPage returns the explorer page under test: $DDPM_EXPLORER_PAGE
// (e.g. the full run's), else one that ddpm explore writes from tiny
// networks trained here.
func explorerPage(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("DDPM_EXPLORER_PAGE"); p != "" {
		return p
	}
	out := t.TempDir()
	wantExit(t, 0, nil, append([]string{"train", "-out", out, "-steps", "30"}, tinyTrain...)...)
	wantExit(t, 0, nil, append([]string{"train", "-model", "flow", "-out", out, "-steps", "30"}, tinyTrain...)...)
	wantExit(t, 0, nil, append([]string{"train", "-model", "conditional", "-out", out, "-steps", "30"}, tinyTrain...)...)
	wantExit(t, 0, nil, "classifier", "-out", out, "-steps", "30", "-hidden", "16,16")
	wantExit(t, 0, []string{"explorer.html", "live sampler"}, "explore", "-out", out, "-grid", "quick")
	return filepath.Join(out, run.ExplorerFile)
}

// explorerStep is one move of a control and what it should show.
type explorerStep struct {
	control string
	value   any
	source  string // "pre" or "live" ("" either)
}

// explore.html opened from disk with the network blocked: every control
// changes the drawing, nothing is fetched, nothing is logged as an error,
// the live sampler starts and reproduces the precomputed set of the same
// setting and seed; each control's response time is logged.
func TestExplorerPageInBrowser(t *testing.T) {
	if viz.FindECharts() == "" && os.Getenv("DDPM_REQUIRE_BROWSER") != "1" {
		t.Skip("echarts not installed in .tools (run scripts/install-deps.sh --runtime)")
	}
	browser := ""
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		if os.Getenv("DDPM_REQUIRE_BROWSER") == "1" {
			t.Fatal("chromium not installed and DDPM_REQUIRE_BROWSER=1")
		}
		t.Skip("chromium not installed (set DDPM_REQUIRE_BROWSER=1 to make this a failure)")
	}
	page := explorerPage(t)
	st, err := os.Stat(page)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %.2f MB", page, float64(st.Size())/1e6)
	shots := os.Getenv("DDPM_VIZ_OUT")
	if shots != "" {
		shots = filepath.Join(shots, "explorer")
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	d := testfix.StartDevTools(t, browser, 1240, 760)
	url := "file://" + page
	d.Open(url)
	var live bool
	if err := d.Eval("window.ddpmExplorerPage.ready", &live); err != nil {
		t.Fatal(err)
	}
	if !live {
		t.Error("the live sampler did not start")
	}
	prev := decodePNG(t, d.Screenshot())
	steps := []explorerStep{
		{"sampler", "ddim", "pre"}, {"steps", 1, "pre"}, {"time", 0, "pre"}, {"sampler", "euler", "pre"},
		{"state", "1", "pre"}, {"guide", "classifier-free", "pre"}, {"scale", 1, "pre"}, {"seed", 2, "live"},
		{"seed", 1, "pre"}, {"live", true, "live"},
	}
	for i, s := range steps {
		var ms float64
		if err := d.Eval(fmt.Sprintf("window.ddpmExplorerPage.set(%q, %#v)", s.control, s.value), &ms); err != nil {
			t.Fatal(err)
		}
		var state struct{ Key, Source string }
		if err := d.Eval("window.ddpmExplorerPage.state()", &state); err != nil {
			t.Fatal(err)
		}
		shot := d.Screenshot()
		img := decodePNG(t, shot)
		changed := pixelsChanged(prev, img)
		t.Logf("%-8s = %-6v -> %-34s %-4s %7.1f ms, %6d pixels changed", s.control, s.value, state.Key, state.Source, ms, changed)
		if changed < 50 {
			t.Errorf("moving %s to %v changed %d pixels of the page", s.control, s.value, changed)
		}
		if live && s.source != "" && state.Source != s.source {
			t.Errorf("after %s = %v the set shown is %q, want %q", s.control, s.value, state.Source, s.source)
		}
		if shots != "" {
			if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("explorer_%02d_%s.png", i+1, s.control)), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		prev = img
	}
	if live {
		// The live set of the precomputed setting and seed: the same points.
		var diff float64
		if err := d.Eval(`(function () { var p = window.ddpmExplorerPage.state().key.split("#")[0];
			var pre = window.DDPM_EXPLORER.sets.filter(function (s) { return s.key === p; })[0];
			var a = atob(pre.p), b = atob(window.ddpmExplorerPage.current().p), m = 0;
			if (a.length !== b.length) { return 1e9; }
			for (var i = 0; i < a.length; i += 2) {
			  var x = (a.charCodeAt(i) | a.charCodeAt(i + 1) << 8) << 16 >> 16, y = (b.charCodeAt(i) | b.charCodeAt(i + 1) << 8) << 16 >> 16;
			  m = Math.max(m, Math.abs(x - y) / 4096); }
			return m; })()`, &diff); err != nil {
			t.Fatal(err)
		}
		t.Logf("live (WebAssembly) against precomputed (native) samples of the same setting and seed: max |difference| %.4g", diff)
		if diff > 0.01 {
			t.Errorf("the live sampler's points differ from the native ones by up to %g", diff)
		}
	}
	for _, r := range d.Requests() {
		if r != url && !strings.HasPrefix(r, "data:") && !strings.HasPrefix(r, "blob:") {
			t.Errorf("the page requested %s", r)
		}
	}
	for _, e := range d.Errors() {
		t.Errorf("console: %s", e)
	}
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// pixelsChanged counts the pixels that differ between two screenshots.
func pixelsChanged(a, b image.Image) int {
	n := 0
	r := a.Bounds().Intersect(b.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return n
}
