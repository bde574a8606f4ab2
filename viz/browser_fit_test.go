package viz

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/viz/internal/fixture"
)

// fitCheckScript is appended to a copy of a page: after the charts are
// drawn it records the page's scroll width and, for every chart, its
// element's and its drawing's size and where its legend was drawn,
// counting the plotting areas the legend overlaps, into <pre id="ddpm-fit">.
const fitCheckScript = `<script>
window.addEventListener("load", function () { setTimeout(function () {
 var se = document.scrollingElement, out = ["page " + se.scrollWidth + " " + se.clientWidth];
 document.querySelectorAll(".ddpm-chart .item").forEach(function (el) {
  var inst = (typeof echarts !== "undefined") ? echarts.getInstanceByDom(el) : null;
  var r = el.getBoundingClientRect(), box = el.closest(".ddpm-chart").getBoundingClientRect();
  var lx0 = 0, ly0 = 0, lx1 = 0, ly1 = 0, ov = 0, w = 0, h = 0;
  if (inst) {
   w = inst.getWidth(); h = inst.getHeight();
   var lm = inst.getModel().getComponent("legend");
   if (lm) {
    var g = inst.getViewOfComponentModel(lm).group, b = g.getBoundingRect().clone(), m = g.getComputedTransform();
    if (m) { b.applyTransform(m); }
    lx0 = b.x; ly0 = b.y; lx1 = b.x + b.width; ly1 = b.y + b.height;
    inst.getModel().queryComponents({mainType: "grid"}).forEach(function (gm) {
     if (b.intersect(gm.coordinateSystem.getRect())) { ov++; }
    });
   }
  }
  out.push([el.id, Math.round(r.right - box.right), Math.round(r.width), w, h,
   Math.round(lx0), Math.round(ly0), Math.round(lx1), Math.round(ly1), ov].join(" "));
 });
 var pre = document.createElement("pre"); pre.id = "ddpm-fit"; pre.textContent = out.join("\n");
 document.body.appendChild(pre);
}, 1500); });
</script>`

var fitRe = regexp.MustCompile(`(?s)<pre id="ddpm-fit">(.*?)</pre>`)

// checkFit opens a copy of the page at path with fitCheckScript in a
// window width pixels wide and reports every chart that does not fit: a
// page wider than the window (a horizontal scrollbar), a chart wider than
// its box or drawn wider than its element, a legend outside the drawing or
// over a plotting area.
func checkFit(t *testing.T, browser, path string, width int) []string {
	t.Helper()
	probe := fixture.ProbePage(t, path, fmt.Sprintf("fit%d_", width), fitCheckScript)
	dom := fixture.RunChromium(t, browser, fmt.Sprintf("--window-size=%d,3000", width), "--dump-dom", "file://"+probe)
	m := fitRe.FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("no fit result in the DOM of %s (script did not run?)", probe)
	}
	lines := strings.Split(strings.TrimSpace(m[1]), "\n")
	var bad []string
	var page2 [2]int
	if _, err := fmt.Sscanf(lines[0], "page %d %d", &page2[0], &page2[1]); err != nil {
		t.Fatalf("fit result %q: %v", lines[0], err)
	}
	if page2[0] > page2[1] {
		bad = append(bad, fmt.Sprintf("the page scrolls sideways: %d px wide in a %d px window", page2[0], page2[1]))
	}
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		if len(f) != 10 {
			t.Fatalf("fit result %q", line)
		}
		v := make([]int, 9)
		for i := range v {
			v[i], _ = strconv.Atoi(f[i+1])
		}
		over, elW, w, h, lx0, ly0, lx1, ly1, ov := v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]
		switch {
		case w == 0:
			bad = append(bad, f[0]+": not drawn")
		case over > 1:
			bad = append(bad, fmt.Sprintf("%s: %d px past its box", f[0], over))
		case w > elW+1:
			bad = append(bad, fmt.Sprintf("%s: drawn %d px wide in a %d px element", f[0], w, elW))
		case lx1 > lx0 && (lx0 < -1 || ly0 < -1 || lx1 > w+1 || ly1 > h+1):
			bad = append(bad, fmt.Sprintf("%s: legend at [%d,%d]-[%d,%d] outside the %dx%d drawing (clipped)", f[0], lx0, ly0, lx1, ly1, w, h))
		case ov > 0:
			bad = append(bad, fmt.Sprintf("%s: legend over %d plotting areas", f[0], ov))
		}
	}
	return bad
}

// Every chart fits pages narrower than the charts' own width: it shrinks
// with its proportions, its legend stays whole and off the plots, and the
// page never scrolls sideways.
func TestChartsFitNarrowPages(t *testing.T) {
	browser := fixture.RequireTool(t, "DDPM_REQUIRE_BROWSER", "chromium", "chromium-browser", "google-chrome")
	js := fixture.LocalECharts(t, FindECharts(), EChartsVersion)
	dir := fixture.OutDir(t, "fit")
	path := filepath.Join(dir, "gallery.html")
	if err := galleryPage(t).WriteFile(path, Assets{EChartsJS: js}); err != nil {
		t.Fatal(err)
	}
	// The page pads 24 px each side: at 1280 every chart has its full size,
	// at 760 every one of them is shrunk.
	for _, width := range []int{1280, 760} {
		if bad := checkFit(t, browser, path, width); len(bad) > 0 {
			t.Errorf("window %d px wide:\n  %s", width, strings.Join(bad, "\n  "))
		}
	}
}
