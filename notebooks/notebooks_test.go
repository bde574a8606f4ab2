// Package notebooks_test executes the project's notebooks headless, the way a
// reader would run them, and checks what they show.
//
// For each notebooks/*.ipynb, in name order, it runs
//
//	jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=gonb
//
// into a temporary directory and fails on any error output (a Go compile
// error, a panic, a non-zero exit: GoNB reports all of them as an "error"
// output with ename/evalue) and on stderr lines that look like errors. Each
// notebook must show at least one go-echarts chart, drawn from the local
// echarts (DDPM_ECHARTS_JS) rather than a CDN, and finish within
// DDPM_NOTEBOOK_LIMIT (default 3m).
//
// It then exports the first executed notebook to HTML and opens it in
// headless Chromium: the DOM after the scripts ran must hold one echarts
// canvas per chart, and a screenshot of the page must differ in many pixels
// from one of the same page with its scripts disabled (the charts are drawn).
// It exports notebook 04, whose grid charts are the widest, with JupyterLab's
// template and with the classic one (styled by classic Jupyter's own CSS),
// and checks at two window widths that every chart fits its output area: no
// horizontal scrollbar, no chart past the output area, no legend cut off or
// over a plot (see fit_test.go).
//
// The notebooks chain on one output directory (DDPM_NOTEBOOK_OUT, a temporary
// directory here), so a later notebook reuses the checkpoints of an earlier
// one, as it would for a reader; with their quick budget they write into its
// quick/ folder. TestQuickNotebookKeepsTheFullRun (keep_test.go) runs
// notebook 04 after "ddpm all" on one folder and checks that the full run's
// files stay byte-identical.
//
// Environment:
//
//	DDPM_REQUIRE_NOTEBOOKS=1   fail, instead of skipping, when jupyter, the
//	                           gonb kernel or chromium are missing (CI sets it)
//	DDPM_NOTEBOOKS=01,03       run only the notebooks whose names contain one
//	                           of these strings
//	DDPM_NOTEBOOK_LIMIT=3m     the time limit of one notebook
//	DDPM_NOTEBOOK_ARTIFACTS=D  keep the executed notebooks, the HTML export
//	                           and the screenshots in D
//	DDPM_JUPYTER=PATH          the jupyter command (default: Debian's
//	                           /usr/bin/jupyter, else jupyter on PATH)
//
// The tools come from scripts/install-deps.sh. The test needs a long
// timeout: go test -timeout 30m ./notebooks/
package notebooks_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/statesdiffusion/states/internal/testfix"
)

const defaultLimit = 3 * time.Minute

// tools are the external programs the test runs.
type tools struct {
	jupyter  string
	chromium string
}

// findTools locates jupyter (Debian's first: the pyenv python on PATH may lack
// it), the gonb kernel and chromium. It skips the test when jupyter or the
// kernel is missing (only the screenshot check without chromium), or fails
// when DDPM_REQUIRE_NOTEBOOKS=1.
func findTools(t *testing.T) tools {
	t.Helper()
	required := os.Getenv("DDPM_REQUIRE_NOTEBOOKS") == "1"
	missing := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...) + " (run scripts/install-deps.sh)"
		if required {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if testing.Short() && !required {
		t.Skip("notebooks take minutes: skipped with -short")
	}
	var tl tools
	candidates := []string{"/usr/bin/jupyter", "jupyter"}
	if j := os.Getenv("DDPM_JUPYTER"); j != "" {
		candidates = []string{j}
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			tl.jupyter = p
			break
		}
	}
	if tl.jupyter == "" {
		missing("jupyter not found")
	}
	out, err := exec.Command(tl.jupyter, "kernelspec", "list", "--json").Output()
	if err != nil {
		missing("jupyter kernelspec list: %v", err)
	}
	var specs struct {
		Kernelspecs map[string]json.RawMessage `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &specs); err != nil {
		t.Fatalf("jupyter kernelspec list --json: %v", err)
	}
	if _, ok := specs.Kernelspecs["gonb"]; !ok {
		missing("the gonb Jupyter kernel is not installed")
	}
	tl.chromium = testfix.Chromium()
	if tl.chromium == "" && required {
		t.Fatal("chromium not found (run scripts/install-deps.sh)")
	}
	return tl
}

// notebook is the part of the nbformat v4 JSON that the test reads.
type notebook struct {
	Cells []struct {
		CellType string   `json:"cell_type"`
		Source   textList `json:"source"`
		Outputs  []output `json:"outputs"`
	} `json:"cells"`
}

// output is one output of a code cell.
type output struct {
	OutputType string              `json:"output_type"`
	Name       string              `json:"name"` // stream: stdout or stderr
	Text       textList            `json:"text"`
	Data       map[string]textList `json:"data"`
	Ename      string              `json:"ename"`
	Evalue     string              `json:"evalue"`
}

var (
	styleOrScript = regexp.MustCompile(`(?is)<(style|script)\b.*?</(style|script)>`)
	htmlTag       = regexp.MustCompile(`(?s)<[^>]*>`)
	blankLines    = regexp.MustCompile(`\n\s*\n+`)
)

// gonbErrorText returns the text of the HTML error report that GoNB shows
// beside an error output (the compiler or go command messages), if any.
func gonbErrorText(outs []output) string {
	var b strings.Builder
	for _, o := range outs {
		h := string(o.Data["text/html"])
		if !strings.Contains(h, "gonb-err") && !strings.Contains(h, "<pre") {
			continue
		}
		txt := htmlTag.ReplaceAllString(styleOrScript.ReplaceAllString(h, ""), "")
		txt = strings.TrimSpace(blankLines.ReplaceAllString(html.UnescapeString(txt), "\n"))
		if txt != "" {
			b.WriteString("\n" + tail([]byte(txt), 3000))
		}
	}
	return b.String()
}

// textList is a multi-line string, stored either as a string or as a list of
// lines.
type textList string

func (s *textList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = textList(one)
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		// Non-text data (e.g. application/json objects): keep it raw.
		*s = textList(b)
		return nil
	}
	*s = textList(strings.Join(many, ""))
	return nil
}

func readNotebook(t *testing.T, path string) *notebook {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &nb
}

// errorLine matches stderr lines that report a failure: Go compiler
// positions, panics and the usual words.
var errorLine = regexp.MustCompile(`(?i)(\.go:\d+:\d+:|panic:|\berror\b|\bfailed\b|\bwarning\b|undefined:|cannot )`)

// toolchainSwitch matches the go command's note that it switches to a newer
// toolchain ("go: ... requires go >= 1.27; switching to go1.27.4"): the
// kernel's go is older than go.mod's, and every first cell shows the note
// in red (scripts/install-deps.sh puts go.mod's toolchain first on the
// kernel's PATH).
var toolchainSwitch = regexp.MustCompile(`requires go >= \S+; switching to go`)

// echartsLicense opens echarts.min.js: its presence in a cell output shows
// that the library was inlined rather than loaded from the network.
const echartsLicense = "Licensed to the Apache Software Foundation"

// checkOutputs reports every error output and suspicious stderr line of an
// executed notebook, and returns the number of chart outputs.
func checkOutputs(t *testing.T, name string, nb *notebook) (charts int) {
	t.Helper()
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		for _, o := range c.Outputs {
			switch o.OutputType {
			case "error":
				t.Errorf("%s cell %d: %s: %s%s\n--- cell source:\n%s", name, i, o.Ename, strings.TrimSpace(o.Evalue), gonbErrorText(c.Outputs), c.Source)
			case "stream":
				if o.Name != "stderr" {
					continue
				}
				for _, line := range strings.Split(string(o.Text), "\n") {
					if errorLine.MatchString(line) {
						t.Errorf("%s cell %d: stderr: %s", name, i, line)
					}
					if toolchainSwitch.MatchString(line) {
						t.Errorf("%s cell %d: stderr: %s (the kernel's go is older than go.mod's toolchain: rerun scripts/install-deps.sh)", name, i, line)
					}
				}
			case "display_data", "execute_result", "update_display_data":
				html := string(o.Data["text/html"])
				if !strings.Contains(html, "echarts") {
					continue
				}
				charts++
				// viz inlines the local library (DDPM_ECHARTS_JS) into each
				// chart cell; without it the cell would load a CDN copy and
				// draw nothing offline.
				if !strings.Contains(html, echartsLicense) {
					t.Errorf("%s cell %d: the chart does not inline echarts.min.js: is DDPM_ECHARTS_JS set for the kernel (scripts/install-deps.sh)?", name, i)
				}
			}
		}
	}
	return charts
}

// countCharts counts the charts that the notebook's HTML outputs create (one
// echarts.init call per go-echarts chart).
func countCharts(nb *notebook) int {
	n := 0
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if html := string(o.Data["text/html"]); strings.Contains(html, "echarts.init(") {
				n += strings.Count(html, "echarts.init(")
			}
		}
	}
	return n
}

func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(wd) // the test runs in notebooks/
}

// artifactsDir returns the absolute folder where the executed notebooks,
// their HTML exports and screenshots go: $DDPM_NOTEBOOK_ARTIFACTS (created
// if needed), else a temporary folder.
func artifactsDir(t *testing.T) string {
	t.Helper()
	artifacts := os.Getenv("DDPM_NOTEBOOK_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	} else if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(artifacts)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// warmBuildCache compiles the packages the notebooks import with the
// kernel's flags, so that the first notebook's time is its own and not the
// compilation of GoMLX.
func warmBuildCache(t *testing.T, root string) {
	t.Helper()
	start := time.Now()
	cmd := exec.Command("go", "build", "./ddpm/...", "./viz/...")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOEXPERIMENT=simd")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./ddpm/... ./viz/...: %v\n%s", err, out)
	}
	t.Logf("warmed the Go build cache in %v", time.Since(start).Round(time.Second))
}

func limit(t *testing.T) time.Duration {
	if s := os.Getenv("DDPM_NOTEBOOK_LIMIT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatalf("DDPM_NOTEBOOK_LIMIT=%q: %v", s, err)
		}
		return d
	}
	return defaultLimit
}

func selected(name string) bool {
	f := os.Getenv("DDPM_NOTEBOOKS")
	if f == "" {
		return true
	}
	for _, s := range strings.Split(f, ",") {
		if s = strings.TrimSpace(s); s != "" && strings.Contains(name, s) {
			return true
		}
	}
	return false
}

func TestNotebooks(t *testing.T) {
	tl := findTools(t)
	root := repoRoot(t)
	paths, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	if len(paths) == 0 {
		t.Fatal("no notebooks/*.ipynb")
	}
	artifacts := artifactsDir(t)
	outDir := filepath.Join(t.TempDir(), "outputs")
	warmBuildCache(t, root)
	lim := limit(t)

	var executed []string
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".ipynb")
		if !selected(name) {
			continue
		}
		ok := t.Run(name, func(t *testing.T) {
			start := time.Now()
			ctx, cancel := context.WithTimeout(context.Background(), lim+2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, tl.jupyter, "nbconvert", "--to", "notebook", "--execute",
				"--allow-errors",
				"--ExecutePreprocessor.kernel_name=gonb",
				fmt.Sprintf("--ExecutePreprocessor.timeout=%d", int((lim+time.Minute).Seconds())),
				"--output-dir", artifacts, "--output", name+".executed", path)
			cmd.Env = append(os.Environ(), "DDPM_NOTEBOOK_OUT="+outDir, "GOEXPERIMENT=simd")
			out, err := cmd.CombinedOutput()
			elapsed := time.Since(start)
			if err != nil {
				t.Fatalf("nbconvert --execute %s: %v\n%s", path, err, tail(out, 4000))
			}
			t.Logf("%s ran in %v", name, elapsed.Round(time.Second))
			if elapsed > lim {
				t.Errorf("%s took %v, over the limit of %v (DDPM_NOTEBOOK_LIMIT)", name, elapsed.Round(time.Second), lim)
			}
			exe := filepath.Join(artifacts, name+".executed.ipynb")
			nb := readNotebook(t, exe)
			if charts := checkOutputs(t, name, nb); charts == 0 {
				t.Errorf("%s shows no echarts chart (no text/html output mentions echarts)", name)
			} else {
				t.Logf("%s: %d chart outputs", name, charts)
			}
			executed = append(executed, exe)
		})
		if !ok && strings.HasPrefix(name, "01") {
			// Later notebooks build on the first one's kernel setup: a failure
			// there fails them all the same way.
			t.Logf("stopping after %s failed", name)
			break
		}
	}
	if len(executed) == 0 {
		return
	}
	t.Run("chromium", func(t *testing.T) {
		if tl.chromium == "" {
			t.Skip("chromium not found: the screenshot check is skipped (run scripts/install-deps.sh)")
		}
		checkDrawn(t, tl, executed[0], artifacts)
	})
	// The grid charts of the guided-generation notebook, the widest ones,
	// fit the output area of JupyterLab and of classic Jupyter.
	for _, exe := range executed {
		if strings.HasPrefix(filepath.Base(exe), "04") {
			t.Run("fit", func(t *testing.T) {
				if tl.chromium == "" {
					t.Skip("chromium not found: the fit check is skipped (run scripts/install-deps.sh)")
				}
				checkFit(t, tl, exe, artifacts)
			})
		}
	}
}

// checkDrawn exports an executed notebook to HTML, loads it in headless
// Chromium and checks that its charts are drawn.
func checkDrawn(t *testing.T, tl tools, executed, dir string) {
	nb := readNotebook(t, executed)
	want := countCharts(nb)
	if want == 0 {
		t.Fatalf("%s has no echarts.init call in its outputs", executed)
	}
	cmd := exec.Command(tl.jupyter, "nbconvert", "--to", "html", "--output-dir", dir, executed)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert --to html: %v\n%s", err, tail(out, 4000))
	}
	htmlPath := strings.TrimSuffix(executed, ".ipynb") + ".html"
	if _, err := os.Stat(htmlPath); err != nil {
		t.Fatal(err)
	}
	// Two copies of the page that differ only in the charts: MathJax is left
	// out of both (typesetting would move the text, and it may or may not
	// finish in time), and the second copy has every script turned off (the
	// first type attribute of an element wins), which leaves the chart boxes
	// empty with the same layout.
	page, err := os.ReadFile(htmlPath)
	if err != nil {
		t.Fatal(err)
	}
	page = mathJax.ReplaceAll(page, nil)
	scripted := filepath.Join(dir, "page.html")
	noscript := filepath.Join(dir, "page-noscript.html")
	if err := os.WriteFile(scripted, page, 0o644); err != nil {
		t.Fatal(err)
	}
	page = regexp.MustCompile(`(?i)<script\b`).ReplaceAll(page, []byte(`<script type="text/x-disabled"`))
	if err := os.WriteFile(noscript, page, 0o644); err != nil {
		t.Fatal(err)
	}

	dom := chromium(t, tl, "--dump-dom", "file://"+scripted)
	canvases := strings.Count(dom, "<canvas")
	t.Logf("%s: %d echarts.init calls, %d canvases after the scripts ran", filepath.Base(htmlPath), want, canvases)
	if canvases < want {
		t.Errorf("only %d of %d charts have a canvas in the rendered DOM: echarts did not run (is DDPM_ECHARTS_JS inlined?)", canvases, want)
	}

	on := filepath.Join(dir, "screenshot.png")
	off := filepath.Join(dir, "screenshot-noscript.png")
	chromium(t, tl, "--screenshot="+on, "file://"+scripted)
	chromium(t, tl, "--screenshot="+off, "file://"+noscript)
	diff, total := pixelDiff(t, on, off)
	t.Logf("screenshot %s: %d of %d pixels differ from the page without scripts", on, diff, total)
	// A drawn 2-D scatter chart colours tens of thousands of pixels.
	if diff < 5000 {
		t.Errorf("the charts look blank: only %d pixels differ between the page with and without scripts (see %s)", diff, on)
	}
}

// mathJax matches the MathJax loader and configuration of nbconvert's HTML.
var mathJax = regexp.MustCompile(`(?is)<script[^>]*(src="[^"]*mathjax[^"]*"|type="text/x-mathjax-config")[^>]*>.*?</script>`)

// chromium runs headless Chromium in a 1280 x 4000 window and returns
// stdout.
func chromium(t *testing.T, tl tools, args ...string) string {
	t.Helper()
	return testfix.RunChromium(t, tl.chromium, append([]string{"--window-size=1280,4000"}, args...)...)
}

// pixelDiff counts the pixels whose colour differs clearly between two PNGs.
func pixelDiff(t *testing.T, a, b string) (diff, total int) {
	t.Helper()
	ia, ib := testfix.ReadPNG(t, a), testfix.ReadPNG(t, b)
	r := ia.Bounds().Intersect(ib.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := ia.At(x, y).RGBA()
			r2, g2, b2, _ := ib.At(x, y).RGBA()
			d := absDiff(r1, r2) + absDiff(g1, g2) + absDiff(b1, b2)
			if d > 3*0x1000 { // about 16 of 255 per channel
				diff++
			}
			total++
		}
	}
	return diff, total
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
