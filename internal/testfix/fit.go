package testfix

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// fitID is the id of the <pre> element FitScript records into.
const fitID = "ddpm-fit"

// fitScript is FitScript's script; ITEMS and BOX stand for its selectors.
const fitScript = `<script>
window.addEventListener("load", function () { setTimeout(function () {
 var se = document.scrollingElement, out = ["page " + se.scrollWidth + " " + se.clientWidth];
 document.querySelectorAll(ITEMS).forEach(function (el) {
  var inst = (typeof echarts !== "undefined") ? echarts.getInstanceByDom(el) : null;
  if (!inst) { out.push(el.id + " none"); return; }
  var box = el.closest(BOX) || el.parentElement;
  var r = el.getBoundingClientRect(), a = box.getBoundingClientRect();
  // The box may itself be wider than the window, inside a box that
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

// FitScript returns a script that, added to a page (ProbePage,
// WriteProbe), checks whether its ECharts charts fit: three seconds after
// the load event it records the page's scroll width and, for every chart
// element matching the CSS selector items, how far it reaches past its box
// (the closest ancestor matching the selector box, else its parent) or the
// window, how far the widest element around it overflows sideways (a
// horizontal scrollbar, or clipping), its element's and its drawing's
// size, its legend's box and the plots that box overlaps. Fit reads the
// record.
func FitScript(items, box string) string {
	return strings.NewReplacer("ITEMS", strconv.Quote(items), "BOX", strconv.Quote(box)).Replace(fitScript)
}

// Fit opens probe, a page with a FitScript, in headless Chromium (the
// browser at path browser) in a window width x height pixels, and returns
// what does not fit (FitProblems) and the number of charts drawn.
func Fit(t testing.TB, browser, probe string, width, height int) (bad []string, charts int) {
	t.Helper()
	// Virtual time runs the script's timer before the page is dumped.
	dom := RunChromium(t, browser, fmt.Sprintf("--window-size=%d,%d", width, height),
		"--virtual-time-budget=10000", "--dump-dom", "file://"+probe)
	record, ok := PreText(dom, fitID)
	if !ok {
		t.Fatalf("%s in a %d px window: no fit record in the DOM (did the script run?)", probe, width)
	}
	return FitProblems(record)
}

// FitProblems reads FitScript's record and describes what does not fit: a
// page that scrolls sideways, a chart not drawn, past its box or the
// window, inside a box that overflows sideways or drawn wider than its
// element, a legend outside the drawing (clipped) or over a plot. It also
// returns the number of charts drawn.
func FitProblems(record string) (bad []string, charts int) {
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
		lx0, ly0, lx1, ly1, ov, boxW := v[5], v[6], v[7], v[8], v[9], v[10]
		switch {
		case past > 1:
			bad = append(bad, fmt.Sprintf("%s: %d px past the right edge of its %d px box or of the window", f[0], past, boxW))
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
