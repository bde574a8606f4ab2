package viz

import (
	"fmt"
	"html/template"
	"os"
	"strings"

	"github.com/statesdiffusion/states/internal/tooldir"
)

// EChartsVersion is the ECharts release that go-echarts v2.6.7 targets.
const EChartsVersion = "5.4.3"

// DefaultEChartsURL is where pages load ECharts from unless told otherwise:
// the jsDelivr CDN copy of the npm package, pinned to EChartsVersion.
const DefaultEChartsURL = "https://cdn.jsdelivr.net/npm/echarts@" + EChartsVersion + "/dist/echarts.min.js"

// EChartsEnv names the environment variable that points at a local
// echarts.min.js, overriding the copy that FindECharts would find (e.g.
// .tools/npm/node_modules/echarts/dist/echarts.min.js after
// `npm install --prefix .tools/npm echarts@5.4.3`). Pages inline that file
// and draw offline.
const EChartsEnv = "DDPM_ECHARTS_JS"

// Assets says where rendered HTML gets the ECharts library from.
type Assets struct {
	// EChartsJS is the path of a local echarts.min.js. When set, its content
	// is inlined into the HTML, which then works offline.
	EChartsJS string
	// EChartsURL is loaded with a <script src> when EChartsJS is empty;
	// empty means DefaultEChartsURL.
	EChartsURL string
}

// AssetsFromEnv returns the default Assets: the local echarts.min.js of
// FindECharts ($DDPM_ECHARTS_JS, else the copy that scripts/install-deps.sh
// installed) when there is one, the CDN otherwise.
func AssetsFromEnv() Assets {
	return Assets{EChartsJS: FindECharts()}
}

// url returns the URL of the library when it is not inlined.
func (a Assets) url() string {
	if a.EChartsURL != "" {
		return a.EChartsURL
	}
	return DefaultEChartsURL
}

// inlineJS reads the local library, wrapped so that it defines the global
// "echarts" even where an AMD loader (RequireJS in Jupyter) or CommonJS
// globals are present, and safe to embed in a <script> element. It returns
// "" when no local file is configured.
func (a Assets) inlineJS() (template.JS, error) {
	if a.EChartsJS == "" {
		return "", nil
	}
	b, err := os.ReadFile(a.EChartsJS)
	if err != nil {
		return "", fmt.Errorf("read ECharts library (%s): %w", EChartsEnv, err)
	}
	src := string(b)
	if !strings.Contains(src, "echarts") || len(src) < 1000 {
		return "", fmt.Errorf("read ECharts library %s: does not look like echarts.min.js", a.EChartsJS)
	}
	src = strings.ReplaceAll(src, "</script", `<\/script`)
	src = strings.ReplaceAll(src, "<!--", `<\!--`)
	return template.JS("(function (define, exports, module) {\n" + src + "\n}).call(window);"), nil
}

// EChartsToolsPath is where scripts/install-deps.sh puts echarts.min.js,
// inside the tools folder (.tools/ at the repository root, or
// $DDPM_TOOLS_DIR).
const EChartsToolsPath = "npm/node_modules/echarts/dist/echarts.min.js"

// FindECharts returns the local echarts.min.js that pages inline: the file
// named by $DDPM_ECHARTS_JS when that is set (the override), else the copy
// that scripts/install-deps.sh installed: in $DDPM_TOOLS_DIR, or in .tools/
// of the working directory, of the notebook's folder ($GONB_DIR) or of the
// running executable's, or of a folder above one of them. It returns "" when
// there is none (pages then load ECharts from the CDN). It only looks: it
// never downloads.
func FindECharts() string {
	starts := tooldir.Starts()
	if d := os.Getenv("GONB_DIR"); d != "" {
		starts = append(starts, d)
	}
	return findECharts(os.Getenv, starts)
}

// findECharts is FindECharts with the environment and the folders to search
// upward from given.
func findECharts(getenv func(string) string, starts []string) string {
	if p := getenv(EChartsEnv); p != "" {
		return p
	}
	return tooldir.Find(getenv, starts, EChartsToolsPath)
}
