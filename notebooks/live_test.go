package notebooks_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/internal/headless"
	"github.com/statesdiffusion/states/internal/testfix"
)

// The live controls of notebooks 04 and 06, driven as a reader would: a
// classic Jupyter server runs each notebook's cells in headless Chromium
// (Jupyter.notebook.execute_all_cells()) and the test moves the controls
// of its live panel; each move must redraw the chart with other data, and
// Stop must end the cell. In notebook 04 the guidance scale slider moves
// seven times: the time from a move to the redraw (the panel's chart
// holding new data) is logged per move, and the median must stay within a
// second for 500 classifier-guided samples. In notebook 06 the time slider
// scrubs the reverse process and the sampler and its budget change. The
// notebook files are never saved (autosave off) and must be byte-identical
// afterwards.
//
// The networks are trained beforehand with the default architectures and a
// budget of seconds (so the timing is that of the real networks): ddpm
// train, classifier, train -model conditional and -model flow into the
// folder that the notebooks read (DDPM_NOTEBOOK_OUT), unless DDPM_LIVE_OUT
// names a folder that holds trained ones (then the screenshots that
// DDPM_NOTEBOOK_ARTIFACTS asks for show a real run).
func TestLiveControls(t *testing.T) {
	if !selected("04") && !selected("06") {
		t.Skip("DDPM_NOTEBOOKS leaves out notebooks 04 and 06")
	}
	tl := findTools(t)
	if tl.chromium == "" {
		t.Skip("chromium not found: the live-controls test needs a browser (run scripts/install-deps.sh)")
	}
	root := repoRoot(t)
	warmBuildCache(t, root)
	out := os.Getenv("DDPM_LIVE_OUT")
	if out == "" {
		tmp := t.TempDir()
		out = filepath.Join(tmp, "outputs")
		trainSmall(t, root, tmp, out)
	}
	before := testfix.FileHashes(t, filepath.Join(root, "notebooks"))
	port := freePort(t)
	server := startJupyter(t, tl, root, out, port)
	defer server()
	ctx, cancel := headless.Start(tl.chromium, 1280, 1000, 15*time.Minute)
	defer cancel()

	if selected("04") {
		t.Run("04", func(t *testing.T) {
			ctx, closeTab := runToLivePanel(t, ctx, port, "04_guided_generation.ipynb")
			defer closeTab()
			// The scale slider (the panel's third control), then the selects.
			var times []float64
			for _, v := range []int{8, 12, 2, 16, 6, 10, 4} {
				ms := move(t, ctx, 2, v)
				times = append(times, ms)
				t.Logf("scale slider to %d (s = %.2f): redrawn after %.0f ms", v, float64(v)/4, ms)
			}
			slices.Sort(times)
			median := times[len(times)/2]
			t.Logf("move-to-redraw, %d classifier-guided samples (DDIM, %d steps): median %.0f ms of %d moves (min %.0f, max %.0f)",
				pipeline.PreviewN, pipeline.PreviewSteps, median, len(times), times[0], times[len(times)-1])
			if median > 1000 {
				t.Errorf("move-to-redraw median %.0f ms, want <= 1000 ms", median)
			}
			screenshotPanel(t, ctx, "live-04.png") // Michigan, classifier guidance, s = 1
			moves(t, ctx, []liveMove{{0, 3, "state select to Oklahoma"}, {1, 1, "guidance select to classifier-free"}, {2, 12, "weight slider to 3"}})
			if c := caption(t, ctx); !strings.Contains(c, "label accuracy") {
				t.Errorf("the caption after the moves shows no label accuracy: %q", c)
			}
			stop(t, ctx)
		})
	}
	if selected("06") {
		t.Run("06", func(t *testing.T) {
			ctx, closeTab := runToLivePanel(t, ctx, port, "06_beyond_ddpm.ipynb")
			defer closeTab()
			// Scrubbing shows steps already sampled; the sampler and its
			// budget sample again.
			moves(t, ctx, []liveMove{
				{2, 50, "time slider to 50%"}, {2, 0, "time slider to 0% (noise)"}, {2, 100, "time slider to 100%"},
				{0, 3, "sampler select to flow midpoint"}, {1, 3, "evaluations slider to 20"}, {2, 40, "time slider to 40%"},
			})
			screenshotPanel(t, ctx, "live-06.png")
			if c := caption(t, ctx); !strings.Contains(c, "20 network evaluations") {
				t.Errorf("the caption after the moves does not show the flow's 20 evaluations: %q", c)
			}
			stop(t, ctx)
		})
	}
	testfix.SameFiles(t, "running the notebooks in the browser (never saved)", before, testfix.FileHashes(t, filepath.Join(root, "notebooks")))
}

// runToLivePanel opens notebook name from the Jupyter server on port in a
// new tab of the browser of ctx, runs all its cells and waits until its
// live panel answers. It returns the tab and what closes it (without the
// page's "leave the page?" question).
func runToLivePanel(t *testing.T, ctx context.Context, port int, name string) (context.Context, func()) {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	closeTab := func() {
		_, _ = chromedp.Run(tab, chromedp.Evaluate[bool](`window.onbeforeunload = null; true`))
		cancel()
	}
	ctx = tab
	page := fmt.Sprintf("http://127.0.0.1:%d/notebooks/%s", port, name)
	err := chromedp.Do(ctx, chromedp.Navigate(page))
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](`typeof Jupyter !== "undefined" && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()`,
			chromedp.WithPollingTimeout(2*time.Minute)))
	}
	if err == nil {
		// Never write the notebook: no autosave, and the test calls no save.
		_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](liveJS+`Jupyter.notebook.set_autosave_interval(0); Jupyter.notebook.execute_all_cells(); true`))
	}
	if err != nil {
		t.Fatalf("opening %s in Jupyter: %v", page, err)
	}
	start := time.Now()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`ddpmLive.live()`, chromedp.WithPollingTimeout(6*time.Minute), chromedp.WithPollingInterval(time.Second))); err != nil {
		t.Fatalf("the live panel of %s did not come live: %v\n%s", name, err, notebookErrors(ctx))
	}
	t.Logf("%s ran up to its live panel in %v", name, time.Since(start).Round(time.Second))
	return ctx, closeTab
}

// liveMove is one move of a control of the live panel.
type liveMove struct {
	control, value int
	what           string
}

// moves makes each move and logs the time to its redraw.
func moves(t *testing.T, ctx context.Context, ms []liveMove) {
	t.Helper()
	for _, m := range ms {
		t.Logf("%s: redrawn after %.0f ms", m.what, move(t, ctx, m.control, m.value))
	}
}

// caption returns the live panel's caption, logged.
func caption(t *testing.T, ctx context.Context) string {
	t.Helper()
	c, err := chromedp.Run(ctx, chromedp.Evaluate[string](`ddpmLive.panel().querySelector(".ddpm-caption").innerText`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("caption after the moves: %s", c)
	return c
}

// stop presses the live panel's Stop button and waits for the cell to say
// it stopped.
func stop(t *testing.T, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`ddpmLive.panel().querySelector("button").click(); true`))
	if err == nil {
		var status string
		status, err = chromedp.Run(ctx, chromedp.Poll[string](`ddpmLive.panel().querySelector(".ddpm-status").innerText.startsWith("Stopped") && ddpmLive.panel().querySelector(".ddpm-status").innerText`,
			chromedp.WithPollingTimeout(30*time.Second)))
		t.Logf("after Stop: %s", status)
	}
	if err != nil {
		t.Errorf("Stop did not end the live cell: %v", err)
	}
}

// liveJS defines the page-side helpers of the test, window.ddpmLive: the
// live panel, its live widgets (not the static copies), whether it is
// live, and a fingerprint of the data of the panel's chart.
const liveJS = `
window.ddpmLive = {};
ddpmLive.panel = function () { return document.querySelector(".ddpm-live"); };
ddpmLive.widget = function (i) { return document.getElementById(ddpmLive.panel().id + "_slot" + i + "_w"); };
ddpmLive.live = function () {
 var p = ddpmLive.panel();
 return !!p && !!ddpmLive.widget(0) && p.querySelector(".ddpm-status").innerText.startsWith("Live");
};
ddpmLive.print = function () {
 var el = ddpmLive.panel().querySelector(".ddpm-chart [_echarts_instance_]");
 if (!el || typeof echarts === "undefined") { return ""; }
 var inst = echarts.getInstanceByDom(el);
 if (!inst) { return ""; }
 var s = JSON.stringify(inst.getOption().series.map(function (x) { return x.data; }));
 var h = 0;
 for (var i = 0; i < s.length; i++) { h = (h * 31 + s.charCodeAt(i)) | 0; }
 return s.length + ":" + h;
};
true;
`

// move sets control i of the live panel to v as a user would (input and
// change events) and returns the milliseconds until the chart holds other
// data; it fails the test when the chart has not changed after 20 s.
func move(t *testing.T, ctx context.Context, i, v int) float64 {
	t.Helper()
	js := fmt.Sprintf(`new Promise(function (resolve) {
 var before = ddpmLive.print();
 var w = ddpmLive.widget(%d);
 w.value = "%d";
 var t0 = performance.now();
 w.dispatchEvent(new Event("input"));
 w.dispatchEvent(new Event("change"));
 var tick = function () {
  var now = performance.now();
  var p = ddpmLive.print();
  if (p !== "" && p !== before) { resolve(now - t0); return; }
  if (now - t0 > 20000) { resolve(-1); return; }
  setTimeout(tick, 5);
 };
 tick();
})`, i, v)
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("moving control %d to %d: %v", i, v, err)
	}
	if ms < 0 {
		t.Fatalf("moving control %d to %d did not change the chart within 20 s\n%s", i, v, notebookErrors(ctx))
	}
	return ms
}

// notebookErrors returns the text of the error outputs in the page, to
// explain a failure.
func notebookErrors(ctx context.Context) string {
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".output_error, .output_stderr")).map(function (e) { return e.innerText; }).join("\n---\n").slice(-4000)`))
	return s
}

// screenshotPanel saves a PNG of the window with the live panel scrolled
// to its top as name in $DDPM_NOTEBOOK_ARTIFACTS, when that is set.
func screenshotPanel(t *testing.T, ctx context.Context, name string) {
	if os.Getenv("DDPM_NOTEBOOK_ARTIFACTS") == "" {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`ddpmLive.panel().scrollIntoView(); true`))
	var png []byte
	if err == nil {
		png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	}
	if err != nil {
		t.Logf("screenshot of the live panel: %v", err)
		return
	}
	p := filepath.Join(artifactsDir(t), name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the live panel: %s", p)
}

// trainSmall trains the denoiser, the classifier, the conditional
// denoiser and the flow with their default architectures for a budget of
// seconds into out, with cmd/ddpm built into tmp.
func trainSmall(t *testing.T, root, tmp, out string) {
	t.Helper()
	bin := buildDDPM(t, root, tmp)
	start := time.Now()
	for _, args := range [][]string{
		{"train", "-steps", "300", "-nll-every", "0"},
		{"classifier", "-steps", "300"},
		{"train", "-model", "conditional", "-steps", "300", "-nll-every", "0"},
		{"train", "-model", "flow", "-steps", "300", "-nll-every", "0"},
	} {
		cmd := exec.Command(bin, append(args, "-out", out)...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ddpm %s: %v\n%s", strings.Join(args, " "), err, tail(b, 4000))
		}
	}
	t.Logf("trained the four networks (300 steps each) in %v", time.Since(start).Round(time.Second))
}

// freePort returns a TCP port on the loopback that nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startJupyter starts a classic Jupyter notebook server on the loopback,
// serving the repository's notebooks/ with no token, its kernels reading
// and writing out, and waits until it answers; the returned function stops
// it.
func startJupyter(t *testing.T, tl tools, root, out string, port int) func() {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, tl.jupyter, "notebook", "--no-browser", "--allow-root",
		"--ip=127.0.0.1", fmt.Sprintf("--port=%d", port), "--port-retries=0",
		"--NotebookApp.token=", "--NotebookApp.password=",
		"--notebook-dir="+filepath.Join(root, "notebooks"))
	cmd.Env = append(os.Environ(), "DDPM_NOTEBOOK_OUT="+out, "GOEXPERIMENT=simd")
	logPath := filepath.Join(t.TempDir(), "jupyter.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// SIGTERM lets the server shut its kernels down (a killed server
	// leaves them running).
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 20 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatalf("jupyter notebook: %v", err)
	}
	stop := func() {
		cancel()
		_ = cmd.Wait()
		logFile.Close()
	}
	url := fmt.Sprintf("http://127.0.0.1:%d/api", port)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			return stop
		}
		if time.Now().After(deadline) {
			stop()
			b, _ := os.ReadFile(logPath)
			t.Fatalf("jupyter notebook did not answer on %s within a minute:\n%s", url, tail(b, 4000))
		}
	}
}
