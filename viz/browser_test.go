package viz

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// requireTool returns the path of an external program, or skips the test
// when it is missing, unless the environment variable env is "1" (CI), in
// which case the test fails.
func requireTool(t *testing.T, env string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv(env) == "1" {
		t.Fatalf("%s not installed and %s=1", strings.Join(names, "/"), env)
	}
	t.Skipf("%s not installed (set %s=1 to make this a failure)", strings.Join(names, "/"), env)
	return ""
}

// localECharts returns the project's npm copy of echarts.min.js, skipping
// (or failing under DDPM_REQUIRE_BROWSER=1) when it is not installed.
func localECharts(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(EChartsEnv); p != "" {
		return p
	}
	p, err := filepath.Abs("../.tools/npm/node_modules/echarts/dist/echarts.min.js")
	if err == nil {
		if _, err = os.Stat(p); err == nil {
			return p
		}
	}
	msg := "echarts.min.js not found: npm install --prefix .tools/npm echarts@" + EChartsVersion + " or set " + EChartsEnv
	if os.Getenv("DDPM_REQUIRE_BROWSER") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// chartCheckScript is appended to a copy of the page under test. After the
// load event and the entry animations it records, for every chart
// container, whether ECharts owns it and how many sampled canvas pixels
// are painted (not transparent, not near white) and coloured (clearly not
// grey), into <pre id="ddpm-check">.
const chartCheckScript = `<script>
window.addEventListener("load", function () { setTimeout(function () {
 var out = [];
 document.querySelectorAll(".ddpm-chart .item").forEach(function (el) {
  var inst = (typeof echarts !== "undefined") ? echarts.getInstanceByDom(el) : null;
  var painted = 0, coloured = 0;
  el.querySelectorAll("canvas").forEach(function (cv) {
   var d = cv.getContext("2d").getImageData(0, 0, cv.width, cv.height).data;
   for (var i = 0; i < d.length; i += 4 * 5) {
    if (d[i + 3] < 16) continue;
    var mx = Math.max(d[i], d[i + 1], d[i + 2]), mn = Math.min(d[i], d[i + 1], d[i + 2]);
    if (mn < 235) painted++;
    if (mx - mn > 40) coloured++;
   }
  });
  out.push(el.id + " " + (inst ? 1 : 0) + " " + painted + " " + coloured);
 });
 var pre = document.createElement("pre"); pre.id = "ddpm-check"; pre.textContent = out.join("\n");
 document.body.appendChild(pre);
}, 1500); });
</script>`

// chartStatus is what chartCheckScript found for one chart.
type chartStatus struct {
	ID                string
	Instance          bool
	Painted, Coloured int
}

// chromiumArgs are the flags of every headless run.
func chromiumArgs(profile string) []string {
	return []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
		"--user-data-dir=" + profile, "--virtual-time-budget=8000"}
}

// runChromium runs the browser with args and returns its stdout.
func runChromium(t *testing.T, browser string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, append(chromiumArgs(t.TempDir()), args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, stderr.String())
	}
	return string(out)
}

var checkRe = regexp.MustCompile(`(?s)<pre id="ddpm-check">(.*?)</pre>`)

// probePage writes, beside the page at path, a copy named prefix+its name
// with script inserted before </body>, and returns the copy's path.
func probePage(t *testing.T, path, prefix, script string) string {
	t.Helper()
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	end := strings.LastIndex(html, "</body>")
	if end < 0 {
		t.Fatalf("%s: no </body>", path)
	}
	probe := filepath.Join(filepath.Dir(path), prefix+filepath.Base(path))
	if err := os.WriteFile(probe, []byte(html[:end]+script+"\n"+html[end:]), 0o644); err != nil {
		t.Fatal(err)
	}
	return probe
}

// checkCharts opens a copy of the page at path with chartCheckScript in
// headless Chromium and returns the status of each chart, and whether the
// page's "ECharts missing" banner is visible.
func checkCharts(t *testing.T, browser, path string) ([]chartStatus, bool) {
	t.Helper()
	probe := probePage(t, path, "probe_", chartCheckScript)
	dom := runChromium(t, browser, "--dump-dom", "file://"+probe)
	m := checkRe.FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("no check result in the DOM of %s (script did not run?)", probe)
	}
	var st []chartStatus
	for _, line := range strings.Split(strings.TrimSpace(m[1]), "\n") {
		f := strings.Fields(line)
		if len(f) != 4 {
			continue
		}
		p, _ := strconv.Atoi(f[2])
		c, _ := strconv.Atoi(f[3])
		st = append(st, chartStatus{ID: f[0], Instance: f[1] == "1", Painted: p, Coloured: c})
	}
	banner := regexp.MustCompile(`id="ddpm-echarts-missing"[^>]*style="display: ?block`).MatchString(dom)
	return st, banner
}

// allDrawn reports an error naming each chart that ECharts did not draw:
// no instance, fewer than minPainted painted or minColoured coloured
// sampled pixels.
func allDrawn(st []chartStatus, want, minPainted, minColoured int) error {
	if len(st) != want {
		return fmt.Errorf("found %d charts, want %d", len(st), want)
	}
	var bad []string
	for _, s := range st {
		if !s.Instance || s.Painted < minPainted || s.Coloured < minColoured {
			bad = append(bad, fmt.Sprintf("%s (instance %v, painted %d, coloured %d)", s.ID, s.Instance, s.Painted, s.Coloured))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d of %d charts not drawn: %s", len(bad), len(st), strings.Join(bad, "; "))
	}
	return nil
}

// screenshot saves a full-page screenshot of path when DDPM_VIZ_OUT is set,
// for people to look at.
func screenshot(t *testing.T, browser, path string, height int) {
	t.Helper()
	if os.Getenv("DDPM_VIZ_OUT") == "" {
		return
	}
	png := strings.TrimSuffix(path, ".html") + ".png"
	runChromium(t, browser, fmt.Sprintf("--window-size=1200,%d", height), "--screenshot="+png, "file://"+path)
}

func TestGalleryInBrowser(t *testing.T) {
	browser := requireTool(t, "DDPM_REQUIRE_BROWSER", "chromium", "chromium-browser", "google-chrome")
	js := localECharts(t)
	p := galleryPage(t)
	n := p.NumCharts()
	dir := outDir(t, "gallery")
	path := filepath.Join(dir, "gallery.html")
	if err := p.WriteFile(path, Assets{EChartsJS: js}); err != nil {
		t.Fatal(err)
	}
	st, banner := checkCharts(t, browser, path)
	for _, s := range st {
		t.Logf("%+v", s)
	}
	if banner {
		t.Error("the 'ECharts missing' banner shows although ECharts is inlined")
	}
	if err := allDrawn(st, n, 1000, 50); err != nil {
		t.Error(err)
	}
	screenshot(t, browser, path, 9000)
}

// TestMissingEChartsFails checks that the browser check does fail when the
// library cannot load, and that the page then tells the reader why.
func TestMissingEChartsFails(t *testing.T) {
	browser := requireTool(t, "DDPM_REQUIRE_BROWSER", "chromium", "chromium-browser", "google-chrome")
	dir := t.TempDir()
	path := filepath.Join(dir, "missing.html")
	p := NewPage("missing").Add(DataChart("data", synthData(50, 1)))
	if err := p.WriteFile(path, Assets{EChartsURL: "file://" + filepath.Join(dir, "no-such-echarts.min.js")}); err != nil {
		t.Fatal(err)
	}
	st, banner := checkCharts(t, browser, path)
	if err := allDrawn(st, 1, 1000, 50); err == nil {
		t.Fatalf("charts reported drawn without ECharts: %+v", st)
	}
	if !banner {
		t.Error("no 'ECharts missing' banner without ECharts")
	}
}
