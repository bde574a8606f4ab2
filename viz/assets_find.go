package viz

import (
	"os"

	"github.com/statesdiffusion/states/internal/tooldir"
)

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
