package viz

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// Layout of the ablation chart: small panels, four to a row within 900
// pixels, with room above each row for its heading and above each panel
// for its setting and scores.
const (
	ablationPanelSide = 150
	ablationTop       = 150 // above the first row: chart title, row heading, panel title
	ablationGapY      = 112 // between rows: axis labels, row heading, panel title
	ablationHeadingY  = 80  // row heading above its panels' top
	ablationTitleY    = 46  // panel title above its panel's top
)

// AblationChart draws an ablation grid (ddpm ablate) as tiny-diffusion's
// README does: one row per axis (learning rate, T, ...), one small panel
// per setting with its samples over the data in light grey, and above each
// panel the setting and its NLL, precision (P) and recall (R). Zoom and
// pan are linked across the panels; the legend toggles the data and the
// samples everywhere.
func AblationChart(title string, data *states.Dataset, ab *run.Ablation) *charts.Scatter {
	cols := max(1, plotdata.AblationColumnsOf(ab.Rows))
	var slots []int
	var cells []run.AblationCell
	for r, row := range ab.Rows {
		for c, cell := range row.Cells {
			slots = append(slots, r*cols+c)
			cells = append(cells, cell)
		}
	}
	p := newPanels(len(cells), cols, ablationPanelSide)
	p.slots = slots
	p.top, p.gapY = ablationTop, ablationGapY
	if len(cells) == 0 {
		p.slots = nil
	}
	b, step := plotdata.AblationBounds(data.Points, ab).NiceSquare(0.02)
	sub := fmt.Sprintf("%d samples per cell (%s); P: precision, R: recall", ab.N, ab.Sampler)
	c := newPanelScatter(p, b, step, title, sub, nil)
	titles := []any{opts.Title{Title: title, Subtitle: sub, Left: "10px", Top: "6px"}}
	k := 0
	for _, row := range ab.Rows {
		if len(row.Cells) == 0 {
			continue
		}
		_, y := p.origin(k)
		titles = append(titles, map[string]any{
			"text": row.Title, "left": "10px", "top": p.pctY(y - ablationHeadingY),
			"textStyle": map[string]any{"fontSize": 14, "fontWeight": "bold", "color": "#333"},
		})
		for range row.Cells {
			x, y := p.origin(k)
			setting, scores := plotdata.AblationCellTitle(cells[k])
			titles = append(titles, map[string]any{
				"text": setting, "subtext": scores, "itemGap": 5,
				"left": p.pctX(x + p.side/2), "top": p.pctY(y - ablationTitleY), "textAlign": "center",
				"textStyle":    map[string]any{"fontSize": 12, "fontWeight": "normal", "color": "#333"},
				"subtextStyle": map[string]any{"fontSize": 11, "color": "#555"},
			})
			k++
		}
	}
	withExtras(c, map[string]any{"title": titles})
	bg := plotdata.Thinned(data.Points, plotdata.MaxBackground/2)
	for i, cell := range cells {
		addPoints(c, i, "data", bg, scatterStyle{color: BackgroundColor, size: 2, opacity: 0.8})
		if len(cell.Samples) > 0 {
			addPoints(c, i, "samples", cell.Samples, scatterStyle{color: plotdata.AblationColor, size: 2.5, opacity: 0.8})
		}
	}
	return c
}

// AblationHTML returns the ablation grid's figures as an HTML table (class
// "ddpm-metrics"): one row per cell, the base recipe's setting marked "*".
func AblationHTML(ab *run.Ablation) template.HTML {
	var buf bytes.Buffer
	// The template and its inputs are fixed: execution cannot fail.
	_ = tableTemplate.Execute(&buf, struct {
		Head []string
		Rows [][]string
	}{plotdata.AblationColumns, plotdata.AblationRows(ab)})
	return template.HTML(buf.String())
}

// AblationSummary says in one line what an ablation grid is: its base
// recipe, samples per cell and budget.
func AblationSummary(ab *run.Ablation) string { return plotdata.AblationSummary(ab) }
