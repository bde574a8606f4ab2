package viz

import (
	"bytes"
	"html/template"
	"sort"
	"strings"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

var tableTemplate = template.Must(template.New("table").Parse(`<table class="ddpm-metrics">
<thead><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>`))

// MetricsHTML returns the metrics table as an HTML table (class
// "ddpm-metrics", styled by Page).
func MetricsHTML(t run.MetricsTable) template.HTML {
	var buf bytes.Buffer
	// The template and its inputs are fixed: execution cannot fail.
	_ = tableTemplate.Execute(&buf, struct {
		Head []string
		Rows [][]string
	}{MetricsColumns, plotdata.MetricsRows(t)})
	return template.HTML(buf.String())
}

// ProvenanceHTML returns the records of how each result was made (see
// run.Provenance) as an HTML table (class "ddpm-metrics"), one row per
// result in name order.
func ProvenanceHTML(t run.ProvenanceTable) template.HTML {
	names := make([]string, 0, len(t))
	for name := range t {
		names = append(names, name)
	}
	sort.Strings(names)
	rows := make([][]string, len(names))
	for i, name := range names {
		rows[i] = []string{name, t[name].String()}
	}
	var buf bytes.Buffer
	// The template and its inputs are fixed: execution cannot fail.
	_ = tableTemplate.Execute(&buf, struct {
		Head []string
		Rows [][]string
	}{[]string{"result", "how it was made"}, rows})
	return template.HTML(strings.Replace(buf.String(), `class="ddpm-metrics"`, `class="ddpm-metrics ddpm-provenance"`, 1))
}
