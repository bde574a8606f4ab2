package viz

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/internal/testfix"
	"github.com/statesdiffusion/states/viz/internal/fixture"
)

// Every chart fits pages narrower than the charts' own width: it shrinks
// with its proportions, its legend stays whole and off the plots, and the
// page never scrolls sideways.
func TestChartsFitNarrowPages(t *testing.T) {
	browser := testfix.RequireBrowser(t)
	js := testfix.RequireECharts(t, FindECharts(), EChartsVersion)
	dir := fixture.OutDir(t, "fit")
	path := filepath.Join(dir, "gallery.html")
	page := galleryPage(t)
	if err := page.WriteFile(path, Assets{EChartsJS: js}); err != nil {
		t.Fatal(err)
	}
	// The page pads 24 px each side: at 1280 every chart has its full size,
	// at 760 every one of them is shrunk.
	for _, width := range []int{1280, 760} {
		probe := testfix.ProbePage(t, path, fmt.Sprintf("fit%d_", width), testfix.FitScript(".ddpm-chart .item", ".ddpm-chart"))
		bad, charts := testfix.Fit(t, browser, probe, width, 3000)
		if charts != page.NumCharts() {
			t.Errorf("window %d px wide: %d charts drawn, want %d", width, charts, page.NumCharts())
		}
		if len(bad) > 0 {
			t.Errorf("window %d px wide:\n  %s", width, strings.Join(bad, "\n  "))
		}
	}
}
