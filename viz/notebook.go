package viz

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
)

// NotebookHTML returns the HTML of charts for a notebook cell. The cell has
// to get ECharts itself: classic Jupyter loads scripts through RequireJS,
// so a plain <script src> would not define "echarts" there. With a local
// library (a.EChartsJS) the code is inlined once per cell, wrapped to define
// the global; otherwise the cell loads a.EChartsURL with RequireJS when
// present, or with a <script> element (JupyterLab, exported HTML).
func NotebookHTML(a Assets, charts ...Chart) (string, error) {
	inline, err := a.inlineJS()
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if inline != "" {
		buf.WriteString("<script>if (typeof echarts === \"undefined\") {\n" + string(inline) + "\n}</script>\n")
	}
	url := a.url()
	for _, c := range charts {
		s := chartSnippet(c)
		buf.WriteString(s.Element)
		buf.WriteString("\n")
		if err := cellLoader.Execute(&buf, struct {
			URL, Path string
			Body      template.JS
		}{url, strings.TrimSuffix(url, ".js"), template.JS(s.Script)}); err != nil {
			return "", fmt.Errorf("notebook chart %s: %w", s.ID, err)
		}
		buf.WriteString("\n")
	}
	return buf.String(), nil
}

// cellLoader runs a chart's script once ECharts is available. It is
// an html/template, so the URLs are quoted as JS strings.
var cellLoader = template.Must(template.New("cell").Parse(`{{define "js"}}(function () {
 var run = function (echarts) { {{.Body}} };
 if (typeof window.echarts !== "undefined") { run(window.echarts); return; }
 if (typeof requirejs === "function") {
  requirejs.config({paths: {echarts: {{.Path}}}});
  require(["echarts"], function (e) { window.echarts = e; run(e); });
  return;
 }
 var s = document.createElement("script");
 s.src = {{.URL}};
 s.onload = function () { run(window.echarts); };
 document.head.appendChild(s);
})();
{{end}}<script>{{template "js" .}}</script>`))

// Display shows charts in the current GoNB notebook cell, with ECharts from
// AssetsFromEnv, and waits until GoNB has received the (possibly large)
// output. Outside a notebook it does nothing.
func Display(charts ...Chart) error {
	return DisplayWith(AssetsFromEnv(), charts...)
}

// DisplayWith is Display with explicit assets.
func DisplayWith(a Assets, charts ...Chart) error {
	if !gonbui.IsNotebook {
		return nil
	}
	html, err := NotebookHTML(a, charts...)
	if err != nil {
		return err
	}
	gonbui.DisplayHTML(html)
	gonbui.Sync()
	return nil
}
