package viz

import (
	"path/filepath"
	"testing"

	"github.com/statesdiffusion/states/internal/testfix"
	"github.com/statesdiffusion/states/viz/internal/fixture"
)

func TestGalleryInBrowser(t *testing.T) {
	browser := testfix.RequireBrowser(t)
	js := testfix.RequireECharts(t, FindECharts(), EChartsVersion)
	p := galleryPage(t)
	n := p.NumCharts()
	dir := fixture.OutDir(t, "gallery")
	path := filepath.Join(dir, "gallery.html")
	if err := p.WriteFile(path, Assets{EChartsJS: js}); err != nil {
		t.Fatal(err)
	}
	st, banner := fixture.CheckCharts(t, browser, path)
	for _, s := range st {
		t.Logf("%+v", s)
	}
	if banner {
		t.Error("the 'ECharts missing' banner shows although ECharts is inlined")
	}
	if err := fixture.AllDrawn(st, n, 1000, 50); err != nil {
		t.Error(err)
	}
	fixture.Screenshot(t, browser, path, 9000)
}

// TestMissingEChartsFails checks that the browser check does fail when the
// library cannot load, and that the page then tells the reader why.
func TestMissingEChartsFails(t *testing.T) {
	browser := testfix.RequireBrowser(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "missing.html")
	p := NewPage("missing").Add(DataChart("data", fixture.Data(50, 1)))
	if err := p.WriteFile(path, Assets{EChartsURL: "file://" + filepath.Join(dir, "no-such-echarts.min.js")}); err != nil {
		t.Fatal(err)
	}
	st, banner := fixture.CheckCharts(t, browser, path)
	if err := fixture.AllDrawn(st, 1, 1000, 50); err == nil {
		t.Fatalf("charts reported drawn without ECharts: %+v", st)
	}
	if !banner {
		t.Error("no 'ECharts missing' banner without ECharts")
	}
}
