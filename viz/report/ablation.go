package report

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/viz"
	"github.com/statesdiffusion/states/viz/figure"
)

// ablationRowsPerPage is the most rows of the ablation grid on one page of
// report.pdf; the grid's rows are spread evenly over as few pages as that
// allows.
const ablationRowsPerPage = 4

// loadAblation reads the ablation grid of ddpm ablate, noting it when
// missing.
func (in *Inputs) loadAblation() error {
	var ab run.Ablation
	ok, err := in.readOptionalJSON(run.AblationFile, "ablation grid", "skipped (ddpm ablate makes it)", &ab)
	if err != nil {
		return err
	}
	if ok && len(ab.Rows) > 0 {
		in.Ablation = &ab
	}
	return nil
}

// ablationSections are the report's pages of the ablation grid: the grid
// (the interactive chart, the rows and the table on the HTML page; in the
// PDF as many pages as its rows need, then the table).
func (in *Inputs) ablationSections() []reportSection {
	ab := in.Ablation
	if ab == nil {
		return nil
	}
	pages := splitEvenly(ab.Rows, ablationRowsPerPage)
	text := fmt.Sprintf("One small denoiser per cell, each row changing one setting of the base recipe; %d steps of batch %d "+
		"and %d samples per cell, less than the full run's.", ab.Steps, ab.Batch, ab.N)
	var out []reportSection
	for i, rows := range pages {
		s := reportSection{heading: "Ablations", text: text, pdfOnly: i > 0,
			figure: figure.Ablation(fmt.Sprintf("ablation_grid_%d", i+1), ablationTitle(ab, i, len(pages)), in.Data, ab, rows)}
		if i > 0 {
			s.heading = fmt.Sprintf("Ablations (continued, %d of %d)", i+1, len(pages))
		}
		if i == 0 {
			s.charts = []viz.Chart{viz.AblationChart("Ablation grid", in.Data, ab)}
			s.html = ablationHTML(ab)
		}
		out = append(out, s)
	}
	return append(out, reportSection{heading: "Ablation figures", pdfOnly: true,
		text:   "NLL (lower is better), its gap to the data's, precision, recall and the samples farther than 0.3 from the data (far) of each cell, and its times in seconds.",
		figure: figure.AblationTable("ablation_table", "Ablation figures", ab)})
}

// ablationTitle is the title of page i of n of the grid's figure.
func ablationTitle(ab *run.Ablation, i, n int) string {
	t := fmt.Sprintf("Ablation grid: %d steps of batch %d, %d samples per cell", ab.Steps, ab.Batch, ab.N)
	if n > 1 {
		t += fmt.Sprintf(" (%d of %d)", i+1, n)
	}
	return t
}

// ablationHTML is what the HTML page shows under the grid's chart: the
// base recipe, how each row changes it, and the table of figures.
func ablationHTML(ab *run.Ablation) template.HTML {
	var b strings.Builder
	b.WriteString("<p>" + template.HTMLEscapeString(viz.AblationSummary(ab)) + "</p>\n<ul>\n")
	for _, r := range ab.Rows {
		fmt.Fprintf(&b, "<li><b>%s</b> (%s): %s.</li>\n", template.HTMLEscapeString(r.Title), template.HTMLEscapeString(r.Axis),
			template.HTMLEscapeString(r.Change))
	}
	b.WriteString("</ul>\n")
	return template.HTML(b.String()) + viz.AblationHTML(ab)
}

// splitEvenly splits rows into as few runs of at most per rows as
// possible, as even in length as possible.
func splitEvenly[T any](rows []T, per int) [][]T {
	if len(rows) == 0 {
		return nil
	}
	pages := (len(rows) + per - 1) / per
	var out [][]T
	start := 0
	for p := range pages {
		end := start + (len(rows)-start+pages-p-1)/(pages-p)
		out = append(out, rows[start:end])
		start = end
	}
	return out
}
