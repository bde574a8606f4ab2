package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/internal/headless"
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
	testfix.RequireECharts(t, viz.FindECharts(), viz.EChartsVersion)
	browser := testfix.RequireBrowser(t)
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
	ctx, stop := headless.Start(browser, 1240, 760, 10*time.Minute, headless.NoNetwork, chromedp.Flag("hide-scrollbars", true))
	defer stop()
	pageLog := headless.Watch(t, ctx)
	url := "file://" + page
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	live, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("window.ddpmExplorerPage.ready", chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !live {
		t.Error("the live sampler did not start")
	}
	screenshot := func() []byte {
		t.Helper()
		b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	prev := decodePNG(t, screenshot())
	steps := []explorerStep{
		{"sampler", "ddim", "pre"}, {"steps", 1, "pre"}, {"time", 0, "pre"}, {"sampler", "euler", "pre"},
		{"state", "1", "pre"}, {"guide", "classifier-free", "pre"}, {"scale", 1, "pre"}, {"seed", 2, "live"},
		{"seed", 1, "pre"}, {"live", true, "live"},
	}
	for i, s := range steps {
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf("window.ddpmExplorerPage.set(%q, %#v)", s.control, s.value), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("moving %s to %v: %v", s.control, s.value, err)
		}
		state, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
			Key    string `json:"key"`
			Source string `json:"source"`
		}]("window.ddpmExplorerPage.state()"))
		if err != nil {
			t.Fatal(err)
		}
		shot := screenshot()
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
		diff, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(function () { var p = window.ddpmExplorerPage.state().key.split("#")[0];
			var pre = window.DDPM_EXPLORER.sets.filter(function (s) { return s.key === p; })[0];
			var a = atob(pre.p), b = atob(window.ddpmExplorerPage.current().p), m = 0;
			if (a.length !== b.length) { return 1e9; }
			for (var i = 0; i < a.length; i += 2) {
			  var x = (a.charCodeAt(i) | a.charCodeAt(i + 1) << 8) << 16 >> 16, y = (b.charCodeAt(i) | b.charCodeAt(i + 1) << 8) << 16 >> 16;
			  m = Math.max(m, Math.abs(x - y) / 4096); }
			return m; })()`))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("live (WebAssembly) against precomputed (native) samples of the same setting and seed: max |difference| %.4g", diff)
		if diff > 0.01 {
			t.Errorf("the live sampler's points differ from the native ones by up to %g", diff)
		}
	}
	// The recorder must see what it looks for: the page's own request, and
	// a console error the test writes itself (chromedp.Listen sees an event
	// before the reply of the command that caused it).
	const probe = "ddpm-explorer-test-probe"
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`console.error("`+probe+`"); true`)); err != nil {
		t.Fatal(err)
	}
	requests, sawPage := pageLog.Requests(), false
	for _, r := range requests {
		if r == url {
			sawPage = true
		} else if !strings.HasPrefix(r, "data:") && !strings.HasPrefix(r, "blob:") {
			t.Errorf("the page requested %s", r)
		}
	}
	if !sawPage {
		t.Errorf("the request recorder did not see the page's own request (%d requests: %q)", len(requests), requests)
	}
	sawProbe := false
	for _, e := range pageLog.Errors() {
		if strings.Contains(e, probe) {
			sawProbe = true
			continue
		}
		t.Errorf("console: %s", e)
	}
	if !sawProbe {
		t.Error("the console recorder did not see the test's own console.error")
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
