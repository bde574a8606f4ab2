package notebooks_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// fitScript is appended to an exported notebook: once the charts are
// drawn it records the page's scroll width and, for every chart, how far
// it reaches past its output area or the window, how far the widest box
// around it overflows sideways (a horizontal scrollbar, or clipping), its
// element's and its drawing's width, and its legend's box and the plots
// that box overlaps, into <pre id="ddpm-fit">.
const fitScript = `<script>
window.addEventListener("load", function () { setTimeout(function () {
 var se = document.scrollingElement, out = ["page " + se.scrollWidth + " " + se.clientWidth];
 document.querySelectorAll(".item").forEach(function (el) {
  var inst = (typeof echarts !== "undefined") ? echarts.getInstanceByDom(el) : null;
  if (!inst) { out.push(el.id + " none"); return; }
  var area = el.closest(".jp-OutputArea-output, .output_subarea") || el.parentElement;
  var r = el.getBoundingClientRect(), a = area.getBoundingClientRect();
  // The output area may itself be wider than the window, inside a box that
  // scrolls: measure against both, and against every box around the chart.
  var right = Math.min(a.right, document.documentElement.clientWidth), scroll = 0;
  for (var p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
   scroll = Math.max(scroll, p.scrollWidth - p.clientWidth);
  }
  var w = inst.getWidth(), h = inst.getHeight(), l = [0, 0, 0, 0], ov = 0;
  var lm = inst.getModel().getComponent("legend");
  if (lm) {
   var g = inst.getViewOfComponentModel(lm).group, b = g.getBoundingRect().clone(), m = g.getComputedTransform();
   if (m) { b.applyTransform(m); }
   l = [b.x, b.y, b.x + b.width, b.y + b.height];
   inst.getModel().queryComponents({mainType: "grid"}).forEach(function (gm) {
    if (b.intersect(gm.coordinateSystem.getRect())) { ov++; }
   });
  }
  out.push([el.id, Math.round(r.right - right), scroll, Math.round(r.width), w, h]
   .concat(l.map(Math.round)).concat([ov, Math.round(a.width)]).join(" "));
 });
 var pre = document.createElement("pre"); pre.id = "ddpm-fit"; pre.textContent = out.join("\n");
 document.body.appendChild(pre);
}, 3000); });
</script>`

var fitResult = regexp.MustCompile(`(?s)<pre id="ddpm-fit">(.*?)</pre>`)

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
		end := strings.LastIndex(html, "</body>")
		if end < 0 {
			t.Fatalf("%s: no </body>", path)
		}
		probe := filepath.Join(dir, out+"-fit.html")
		if err := os.WriteFile(probe, []byte(html[:end]+fitScript+"\n"+html[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int{1280, 1024} {
			size := fmt.Sprintf("%d,4000", width)
			// Virtual time runs the script's timer before the page is dumped.
			dom := chromiumWindow(t, tl, dir, size, "--virtual-time-budget=10000", "--dump-dom", "file://"+probe)
			m := fitResult.FindStringSubmatch(string(dom))
			if m == nil {
				t.Fatalf("%s at %d px: no fit result in the DOM (did the script run?)", probe, width)
			}
			bad, charts := fitProblems(strings.TrimSpace(m[1]))
			t.Logf("%s (%s template) in a %d px window: %d charts checked", name, tmpl, width, charts)
			if charts == 0 {
				t.Errorf("%s (%s template): no drawn chart found", name, tmpl)
			}
			if len(bad) > 0 {
				t.Errorf("%s (%s template) in a %d px window:\n  %s", name, tmpl, width, strings.Join(bad, "\n  "))
			}
			shot := filepath.Join(dir, fmt.Sprintf("%s-fit-%d.png", out, width))
			chromiumWindow(t, tl, dir, size, "--virtual-time-budget=10000", "--screenshot="+shot, "file://"+probe)
		}
	}
}

// fitProblems reads fitScript's record and describes what does not fit;
// it also returns the number of drawn charts.
func fitProblems(record string) (bad []string, charts int) {
	lines := strings.Split(record, "\n")
	var sw, cw int
	if _, err := fmt.Sscanf(lines[0], "page %d %d", &sw, &cw); err != nil {
		return []string{fmt.Sprintf("unreadable record %q", lines[0])}, 0
	}
	if sw > cw {
		bad = append(bad, fmt.Sprintf("the page scrolls sideways: %d px wide in a %d px window", sw, cw))
	}
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		if len(f) == 2 && f[1] == "none" {
			bad = append(bad, f[0]+": not drawn")
			continue
		}
		if len(f) != 12 {
			bad = append(bad, fmt.Sprintf("unreadable record %q", line))
			continue
		}
		charts++
		v := make([]int, 11)
		for i := range v {
			v[i], _ = strconv.Atoi(f[i+1])
		}
		past, scroll, elW, w, h := v[0], v[1], v[2], v[3], v[4]
		lx0, ly0, lx1, ly1, ov, areaW := v[5], v[6], v[7], v[8], v[9], v[10]
		switch {
		case past > 1:
			bad = append(bad, fmt.Sprintf("%s: %d px past the right edge of its %d px output area or of the window", f[0], past, areaW))
		case scroll > 1:
			bad = append(bad, fmt.Sprintf("%s: a box around it overflows sideways by %d px (a horizontal scrollbar)", f[0], scroll))
		case w > elW+1:
			bad = append(bad, fmt.Sprintf("%s: drawn %d px wide in a %d px element", f[0], w, elW))
		case lx1 > lx0 && (lx0 < -1 || ly0 < -1 || lx1 > w+1 || ly1 > h+1):
			bad = append(bad, fmt.Sprintf("%s: legend at [%d,%d]-[%d,%d] outside the %dx%d drawing (clipped)", f[0], lx0, ly0, lx1, ly1, w, h))
		case ov > 0:
			bad = append(bad, fmt.Sprintf("%s: legend over %d plots", f[0], ov))
		}
	}
	return bad, charts
}
