package viz

import (
	"bytes"
	"html/template"

	"github.com/statesdiffusion/states/ddpm"
)

var tableTemplate = template.Must(template.New("table").Parse(`<table class="ddpm-metrics">
<thead><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>`))

// MetricsHTML returns the metrics table as an HTML table (class
// "ddpm-metrics", styled by Page).
func MetricsHTML(t ddpm.MetricsTable) template.HTML {
	var buf bytes.Buffer
	// The template and its inputs are fixed: execution cannot fail.
	_ = tableTemplate.Execute(&buf, struct {
		Head []string
		Rows [][]string
	}{MetricsColumns, metricsRows(t)})
	return template.HTML(buf.String())
}
