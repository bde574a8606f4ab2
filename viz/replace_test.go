package viz

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/internal/testfix"
	"github.com/statesdiffusion/states/viz/internal/fixture"
)

// A chart drawn in a box is replaced by another with ReplaceChartJS: the
// box then holds exactly the new chart, drawn.
func TestReplaceChartInBrowser(t *testing.T) {
	browser := testfix.RequireBrowser(t)
	a := Assets{EChartsJS: testfix.RequireECharts(t, FindECharts(), EChartsVersion)}
	data := fixture.Data(200, 1)
	first := DataChart("before", data)
	second := SamplesOverlayChart("after", data, Guided(2, fixture.Jitter(fixture.StatePoints(data, 2), 0.05, 2)))
	cell, err := NotebookHTML(a, first)
	if err != nil {
		t.Fatal(err)
	}
	page := `<!DOCTYPE html><html><body><div class="ddpm-chart" id="box">` + cell + `</div>
<script>` + ReplaceChartJS("box", second) + `</script></body></html>`
	path := filepath.Join(t.TempDir(), "replace.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	st, _ := fixture.CheckCharts(t, browser, path)
	if err := fixture.AllDrawn(st, 1, 1000, 50); err != nil {
		t.Fatal(err)
	}
	if want := chartSnippet(second).ID; st[0].ID != want {
		t.Errorf("the box holds chart %s, want the replacement %s", st[0].ID, want)
	}
	// Without ECharts or without the box the code does nothing (no error).
	if js := ReplaceChartJS("nowhere", second); !strings.Contains(js, `if (!box || typeof window.echarts === "undefined") { return; }`) {
		t.Error("ReplaceChartJS does not guard against a missing box or library")
	}
}
