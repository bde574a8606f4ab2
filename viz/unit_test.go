package viz

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz/internal/fixture"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

func TestClassRunsCoverGrid(t *testing.T) {
	pm := fixture.Map(fixture.Data(50, 1), []int{0, 499})
	w, _ := plotdata.CellSize(pm)
	for k := range pm.Times {
		var count [states.Num]int
		for _, c := range pm.Classes[k] {
			count[c]++
		}
		runs := plotdata.ClassRuns(pm, k)
		for l := range runs {
			cells := 0.0
			for _, r := range runs[l] {
				if r[1] <= r[0] {
					t.Fatalf("empty run %v", r)
				}
				cells += (r[1] - r[0]) / w
			}
			if int(cells+0.5) != count[l] {
				t.Errorf("t=%d class %d: runs cover %.1f cells, want %d", pm.Times[k], l, cells, count[l])
			}
		}
	}
}

func TestCheckMapRejects(t *testing.T) {
	good := fixture.Map(fixture.Data(20, 1), []int{0})
	if err := plotdata.CheckMap(good); err != nil {
		t.Fatal(err)
	}
	bad := *good
	bad.Classes = [][]int{good.Classes[0][:10]}
	if plotdata.CheckMap(&bad) == nil {
		t.Error("short class grid accepted")
	}
	bad = *good
	bad.Times = []int{0, 1}
	if plotdata.CheckMap(&bad) == nil {
		t.Error("times without grids accepted")
	}
	bad = *good
	bad.XMax = bad.XMin
	if _, err := PredictionMapChart("x", &states.Dataset{}, &bad); err == nil {
		t.Error("empty extent accepted")
	}
	if _, err := PredictionMapChart("x", &states.Dataset{}, nil); err == nil {
		t.Error("no map accepted")
	}
}

// chartOption renders c and decodes the parts of its option that are plain
// JSON (functions are replaced by a placeholder first).
func chartOption(t *testing.T, c Chart) map[string]any {
	t.Helper()
	opt := c.RenderSnippet().Option
	opt = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(opt), ";"))
	// Replace function literals, which are not JSON, by null.
	for {
		i := strings.Index(opt, "function")
		if i < 0 {
			break
		}
		depth, j := 0, strings.Index(opt[i:], "{")+i
		for ; j < len(opt); j++ {
			if opt[j] == '{' {
				depth++
			} else if opt[j] == '}' {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		opt = opt[:i] + "null" + opt[j+1:]
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(opt), &m); err != nil {
		t.Fatalf("option is not JSON apart from functions: %v\n%.400s", err, opt)
	}
	return m
}

func TestChartOptions(t *testing.T) {
	data := fixture.Data(40, 1)
	m := chartOption(t, DataChart("d", data))
	series := m["series"].([]any)
	if len(series) != states.Num {
		t.Fatalf("%d series, want one per state", len(series))
	}
	for i, s := range series {
		s := s.(map[string]any)
		if s["name"] != StateName(i) || len(s["data"].([]any)) != 40 {
			t.Errorf("series %d: name %v with %d points", i, s["name"], len(s["data"].([]any)))
		}
		if s["itemStyle"].(map[string]any)["color"] != StatePalette[i] {
			t.Errorf("series %d: colour %v, want %s", i, s["itemStyle"], StatePalette[i])
		}
	}
	x, y := m["xAxis"].([]any)[0].(map[string]any), m["yAxis"].([]any)[0].(map[string]any)
	if x["max"].(float64)-x["min"].(float64) != y["max"].(float64)-y["min"].(float64) {
		t.Errorf("axes spans differ: x %v..%v, y %v..%v", x["min"], x["max"], y["min"], y["max"])
	}

	pm := fixture.Map(data, []int{0, 100, 499})
	pc, err := PredictionMapChart("m", data, pm)
	if err != nil {
		t.Fatal(err)
	}
	m = chartOption(t, pc)
	if tl := m["timeline"].(map[string]any); len(tl["data"].([]any)) != 3 {
		t.Errorf("timeline %v, want 3 times", tl["data"])
	}
	if frames := m["options"].([]any); len(frames) != 3 {
		t.Errorf("%d timeline frames, want 3", len(frames))
	}

	snaps := fixture.Snapshots(data.Points)
	rc, err := ReverseChart("r", data, snaps)
	if err != nil {
		t.Fatal(err)
	}
	m = chartOption(t, rc)
	frames := m["options"].([]any)
	last := frames[len(frames)-1].(map[string]any)["series"].([]any)[1].(map[string]any)["data"].([]any)
	if len(frames) != len(snaps.Times) || len(last) != data.Len() {
		t.Errorf("%d frames with %d points, want %d with %d", len(frames), len(last), len(snaps.Times), data.Len())
	}
	if _, err := ReverseChart("r", data, &run.Snapshots{Times: []int{1}}); err == nil {
		t.Error("snapshots without points accepted")
	}
}

func TestLossCurvesLogDropsNonPositive(t *testing.T) {
	c := &run.Curves{Train: []run.CurvePoint{{Step: 0, Value: 1}, {Step: 1, Value: 0}, {Step: 2, Value: -1}, {Step: 3, Value: 0.5}}}
	got := plotdata.LossCurves([]Run{{Name: "a", Curves: c}}, true)
	if len(got) != 1 || len(got[0].XY) != 2 {
		t.Fatalf("log loss curves %+v, want one curve of 2 points", got)
	}
	if got := plotdata.LossCurves([]Run{{Name: "a", Curves: c}}, false); len(got[0].XY) != 4 {
		t.Errorf("linear loss curve has %d points, want 4", len(got[0].XY))
	}
}

func TestAssetsInline(t *testing.T) {
	dir := t.TempDir()
	if _, err := (Assets{EChartsJS: filepath.Join(dir, "none.js")}).inlineJS(); err == nil || !strings.Contains(err.Error(), EChartsEnv) {
		t.Errorf("missing library: got %v, want an error naming %s", err, EChartsEnv)
	}
	fake := filepath.Join(dir, "echarts.min.js")
	body := "var echarts = {}; var s = '</script>';" + strings.Repeat(" ", 2000)
	if err := os.WriteFile(fake, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	js, err := (Assets{EChartsJS: fake}).inlineJS()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(js), "</script") || !strings.HasPrefix(string(js), "(function (define, exports, module)") {
		t.Errorf("inlined library not wrapped or not escaped: %.80s", js)
	}
	notJS := filepath.Join(dir, "x.js")
	if err := os.WriteFile(notJS, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (Assets{EChartsJS: notJS}).inlineJS(); err == nil {
		t.Error("a file that is not ECharts was accepted")
	}
	c := DataChart("d", fixture.Data(5, 1))
	html, err := NotebookHTML(Assets{EChartsJS: fake}, c, DataChart("e", fixture.Data(5, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(html, "var echarts = {}"); n != 1 {
		t.Errorf("library inlined %d times in a notebook cell, want once", n)
	}
	t.Setenv(EChartsEnv, fake)
	if a := AssetsFromEnv(); a.EChartsJS != fake {
		t.Errorf("AssetsFromEnv ignores %s", EChartsEnv)
	}
}

func TestMetricsRowsOrder(t *testing.T) {
	rows := plotdata.MetricsRows(fixture.Metrics())
	if len(rows) != 6 || rows[0][0] != "uncond" || !strings.Contains(rows[5][0], "Wisconsin") {
		t.Errorf("rows out of order: %v", rows)
	}
	if rows[0][6] != "-" || rows[1][6] != "0.900" {
		t.Errorf("label accuracy cells %q %q", rows[0][6], rows[1][6])
	}
	if h := string(MetricsHTML(run.MetricsTable{"a<b": {Name: "a<b", Label: -1}})); strings.Contains(h, "a<b") {
		t.Error("metrics HTML not escaped")
	}
}
