package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/internal/testfix"
	"github.com/statesdiffusion/states/viz"
)

// echartsLicense opens echarts.min.js: in a page, it shows the library was
// inlined.
const echartsLicense = "Licensed to the Apache Software Foundation"

// ddpm report run as the README says, from the checkout and without
// DDPM_ECHARTS_JS, inlines the echarts copy of scripts/install-deps.sh, and
// the page draws every chart in headless Chromium with the network off.
func TestReportDrawsOffline(t *testing.T) {
	testfix.RequireECharts(t, viz.FindECharts(), viz.EChartsVersion)
	browser := testfix.RequireBrowser(t)
	out := t.TempDir()
	wantExit(t, 0, nil, append([]string{"train", "-out", out, "-steps", "20"}, tinyTrain...)...)
	wantExit(t, 0, nil, "sample", "-out", out, "-n", "300", "-method", "ddim", "-ddim-steps", "10", "-snapshots", "50")
	cmd := exec.Command(ddpmBinary(t), "report", "-out", out)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, viz.EChartsEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ddpm report: %v\n%s", err, msg)
	}
	if !strings.Contains(string(msg), "ECharts inlined from") {
		t.Errorf("ddpm report without %s does not inline echarts:\n%s", viz.EChartsEnv, msg)
	}
	page, err := os.ReadFile(filepath.Join(out, run.ReportHTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), echartsLicense) {
		t.Fatal("report.html does not carry echarts.min.js")
	}
	charts := strings.Count(string(page), "echarts.init(")
	// No network: every host resolves nowhere and every proxy is refused.
	dom := testfix.RunChromium(t, browser, "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
		"--virtual-time-budget=8000", "--dump-dom", "file://"+filepath.Join(out, run.ReportHTMLFile))
	canvases := strings.Count(dom, "<canvas")
	t.Logf("report.html: %d charts, %d canvases after the scripts ran offline", charts, canvases)
	if charts == 0 || canvases < charts {
		t.Errorf("report.html drew %d canvases for %d charts offline", canvases, charts)
	}
	if strings.Contains(dom, `id="ddpm-echarts-missing" class="ddpm-warning" style="display: block`) {
		t.Error("report.html shows its 'ECharts missing' banner")
	}
}
