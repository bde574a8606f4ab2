package notebooks_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/internal/testfix"
)

// chartsInOutputs are the chart elements of an exported notebook, and
// outputArea the boxes they must fit in: the output areas of JupyterLab
// and of classic Jupyter.
const (
	chartsInOutputs = ".item"
	outputArea      = ".jp-OutputArea-output, .output_subarea"
)

// classicCSS returns the style sheet of classic Jupyter (the notebook
// package's style.min.css, Bootstrap included), which nbconvert's classic
// template leaves out on Debian; "" when it is not installed.
func classicCSS(t *testing.T) string {
	t.Helper()
	candidates := []string{"/usr/lib/python3/dist-packages/notebook/static/style/style.min.css"}
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		out, err := exec.Command(py, "-c", "import notebook, os; print(os.path.dirname(notebook.__file__))").Output()
		if err == nil {
			candidates = append(candidates, filepath.Join(strings.TrimSpace(string(out)), "static", "style", "style.min.css"))
		}
	}
	for _, c := range candidates {
		if b, err := os.ReadFile(c); err == nil {
			return string(b)
		}
	}
	return ""
}

// checkFit exports an executed notebook to HTML, as JupyterLab shows it
// (nbconvert's lab template) and as classic Jupyter does (the classic
// template with classic Jupyter's CSS), opens each in headless Chromium at
// two window widths and fails for every chart that does not fit its output
// area: a page or an output area that scrolls sideways, a chart past the
// output area's edge, a legend outside the drawing (clipped) or over a plot.
func checkFit(t *testing.T, tl tools, executed, dir string) {
	name := strings.TrimSuffix(filepath.Base(executed), ".executed.ipynb")
	css := classicCSS(t)
	for _, tmpl := range []string{"lab", "classic"} {
		if tmpl == "classic" && css == "" {
			if os.Getenv("DDPM_REQUIRE_NOTEBOOKS") == "1" {
				t.Error("classic Jupyter's style.min.css (Debian's jupyter-notebook) not found: the classic layout is not checked")
			} else {
				t.Log("classic Jupyter's style.min.css not found: the classic layout is not checked")
			}
			continue
		}
		out := name + "-" + tmpl
		cmd := exec.Command(tl.jupyter, "nbconvert", "--to", "html", "--template", tmpl, "--output-dir", dir, "--output", out, executed)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("nbconvert --to html --template %s: %v\n%s", tmpl, err, tail(b, 4000))
		}
		path := filepath.Join(dir, out+".html")
		page, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		html := string(mathJax.ReplaceAll(page, nil))
		if tmpl == "classic" {
			i := strings.Index(html, "</head>")
			if i < 0 {
				t.Fatalf("%s: no </head>", path)
			}
			html = html[:i] + "<style>" + css + "</style>\n" + html[i:]
		}
		probe := filepath.Join(dir, out+"-fit.html")
		testfix.WriteProbe(t, probe, html, testfix.FitScript(chartsInOutputs, outputArea))
		for _, width := range []int{1280, 1024} {
			bad, charts := testfix.Fit(t, tl.chromium, probe, width, 4000)
			t.Logf("%s (%s template) in a %d px window: %d charts checked", name, tmpl, width, charts)
			if charts == 0 {
				t.Errorf("%s (%s template): no drawn chart found", name, tmpl)
			}
			if len(bad) > 0 {
				t.Errorf("%s (%s template) in a %d px window:\n  %s", name, tmpl, width, strings.Join(bad, "\n  "))
			}
			shot := filepath.Join(dir, fmt.Sprintf("%s-fit-%d.png", out, width))
			testfix.RunChromium(t, tl.chromium, fmt.Sprintf("--window-size=%d,4000", width), "--virtual-time-budget=10000",
				"--screenshot="+shot, "file://"+probe)
		}
	}
}
