package viz

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/statesdiffusion/states/internal/atomicfile"
)

// ExplorerLive is the live sampler of the explorer page: the project's
// sampling code built for the browser, with the trained weights.
type ExplorerLive struct {
	// WasmGzip is the gzip-compressed WebAssembly program
	// (cmd/ddpm-explorer-wasm).
	WasmGzip []byte
	// WasmExecJS is the Go toolchain's lib/wasm/wasm_exec.js of the Go
	// that built it.
	WasmExecJS string
	// Weights are the networks' weights (ddpm.Weights.MarshalBinary) by
	// kind.
	Weights map[string][]byte
}

//go:embed explorer.js
var explorerJS string

//go:embed explorer.css
var explorerCSS string

// WriteExplorer writes explorer.html to w: one self-contained page (ECharts
// inlined from a.EChartsJS, which must be set: the page works offline) with
// controls for the state, the guidance kind and scale, the sampler and its
// steps and the time of the reverse process, the sets of d and their
// metrics. With live, the page also samples in the browser the settings of
// at most d.LiveMaxEvals evaluations per sample; without it, it shows
// d's sets only and says so.
func WriteExplorer(w io.Writer, d *ExplorerData, a Assets, live *ExplorerLive) error {
	if a.EChartsJS == "" {
		return errors.New("explorer: no local echarts.min.js to inline (the page must work offline): " +
			"run scripts/install-deps.sh --runtime or set " + EChartsEnv)
	}
	if len(d.Sets) == 0 {
		return errors.New("explorer: no sample sets")
	}
	inline, err := a.inlineJS()
	if err != nil {
		return err
	}
	dataJSON, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("explorer: %w", err)
	}
	page := struct {
		Title                   string
		ECharts, Script, Data   template.JS
		CSS                     template.CSS
		Live                    bool
		WasmExec, Wasm, Weights template.JS
	}{Title: d.Title, ECharts: inline, Script: template.JS(explorerJS), Data: template.JS(scriptSafe(string(dataJSON))),
		CSS: template.CSS(explorerCSS)}
	if live != nil {
		weights := map[string]string{}
		for k, b := range live.Weights {
			weights[k] = base64.StdEncoding.EncodeToString(b)
		}
		wj, err := json.Marshal(weights)
		if err != nil {
			return err
		}
		page.Live = true
		page.WasmExec = template.JS(scriptSafe(live.WasmExecJS))
		page.Wasm = template.JS(`"` + base64.StdEncoding.EncodeToString(live.WasmGzip) + `"`)
		page.Weights = template.JS(wj)
	}
	var buf bytes.Buffer
	if err := explorerTemplate.Execute(&buf, page); err != nil {
		return fmt.Errorf("explorer: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// WriteExplorerFile writes the page (WriteExplorer) to path atomically.
func WriteExplorerFile(path string, d *ExplorerData, a Assets, live *ExplorerLive) error {
	var buf bytes.Buffer
	if err := WriteExplorer(&buf, d, a, live); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return atomicfile.Write(path, buf.Bytes())
}

// scriptSafe makes text safe inside a <script> element.
func scriptSafe(s string) string {
	s = strings.ReplaceAll(s, "</script", `<\/script`)
	return strings.ReplaceAll(s, "<!--", `<\!--`)
}

var explorerTemplate = template.Must(template.New("explorer").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
<script>{{.ECharts}}</script>
{{if .Live}}<script>{{.WasmExec}}</script>
<script>window.DDPM_WASM_GZ = {{.Wasm}}; window.DDPM_WEIGHTS = {{.Weights}};</script>
{{end}}<script>window.DDPM_EXPLORER = {{.Data}};</script>
</head>
<body>
<h1>{{.Title}}</h1>
<div class="ex-main">
 <div class="ex-controls" id="ex-controls">
  <label for="ex-state">State to guide toward</label>
  <select id="ex-state"></select>
  <label for="ex-guide">Guidance</label>
  <select id="ex-guide"></select>
  <label for="ex-scale">Guidance scale: <b id="ex-scale-value"></b></label>
  <input type="range" id="ex-scale" min="0" max="0" step="1" value="0">
  <label for="ex-sampler">Sampler</label>
  <select id="ex-sampler"></select>
  <label for="ex-steps">Steps: <b id="ex-steps-value"></b></label>
  <input type="range" id="ex-steps" min="0" max="0" step="1" value="0">
  <label for="ex-time">Reverse process: <b id="ex-time-value"></b></label>
  <input type="range" id="ex-time" min="0" max="0" step="1" value="0">
  <label for="ex-seed">Sampling seed</label>
  <input type="number" id="ex-seed" min="1" step="1" value="1">
  <label class="ex-check"><input type="checkbox" id="ex-live"> sample live in this browser</label>
 </div>
 <div class="ex-chart"><div id="ex-chart" style="width:560px;height:560px"></div></div>
 <div class="ex-side">
  <table class="ex-metrics" id="ex-metrics"></table>
  <p class="ex-source" id="ex-source"></p>
 </div>
</div>
<p class="ex-note" id="ex-live-note"></p>
<p class="ex-note" id="ex-models"></p>
<pre id="ex-error" class="ex-error" style="display:none"></pre>
<script>{{.Script}}</script>
</body>
</html>
`))
