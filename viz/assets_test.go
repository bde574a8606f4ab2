package viz

import (
	"path/filepath"
	"testing"

	"github.com/statesdiffusion/states/internal/testfix"
	"github.com/statesdiffusion/states/internal/tooldir"
)

// The library that install-deps.sh put in .tools/ is found from below the
// repository root without DDPM_ECHARTS_JS, which still overrides it.
func TestFindECharts(t *testing.T) {
	root := t.TempDir()
	js := filepath.Join(root, tooldir.Name, filepath.FromSlash(EChartsToolsPath))
	testfix.WriteFile(t, js, "echarts")
	none := func(string) string { return "" }
	from := filepath.Join(root, "outputs", "quick")
	if got := findECharts(none, []string{from}); got != js {
		t.Errorf("from %s: found %q, want %q", from, got, js)
	}
	if got := findECharts(none, []string{t.TempDir()}); got != "" {
		t.Errorf("outside the checkout: found %q, want none (the CDN)", got)
	}
	env := func(k string) string {
		if k == EChartsEnv {
			return "/elsewhere/echarts.min.js"
		}
		return ""
	}
	if got := findECharts(env, []string{from}); got != "/elsewhere/echarts.min.js" {
		t.Errorf("with %s set: found %q", EChartsEnv, got)
	}
}
