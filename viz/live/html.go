package live

import (
	"fmt"
	"html"
	"strings"

	"github.com/statesdiffusion/states/viz"
)

// panelStyle lays the controls out in a row and hides a control's static
// copy as soon as its live widget sits beside it.
const panelStyle = `<style>
.ddpm-live .ddpm-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 22px; font: 13px sans-serif; margin: 4px 0; }
.ddpm-live .ddpm-controls label { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; }
.ddpm-live .ddpm-slot > .ddpm-static:not(:only-child) { display: none; }
.ddpm-live .ddpm-value { display: inline-block; min-width: 3em; font-family: monospace; }
.ddpm-live .ddpm-caption { font: 13px monospace; margin: 6px 0 2px; white-space: pre-wrap; }
.ddpm-live .ddpm-status { font: 12px sans-serif; color: #777; margin-bottom: 4px; }
</style>
`

// panelHTML is the panel of id at its first frame: the controls in their
// initial state, the caption, a status line and the chart.
func panelHTML(id string, cs []Control, f Frame, a viz.Assets) (string, error) {
	chart, err := viz.NotebookHTML(a, f.Chart)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(panelStyle)
	fmt.Fprintf(&b, `<div class="ddpm-live" id="%s">`+"\n", id)
	b.WriteString(`<div class="ddpm-controls">` + "\n")
	for i, c := range cs {
		fmt.Fprintf(&b, `<label>%s <span class="ddpm-slot" id="%s_slot%d">%s</span>`, html.EscapeString(c.Label), id, i, c.staticHTML())
		if !c.isSelect() {
			fmt.Fprintf(&b, ` <span class="ddpm-value" id="%s_val%d">%s</span>`, id, i, html.EscapeString(c.Shown(c.Value)))
		}
		b.WriteString("</label>\n")
	}
	fmt.Fprintf(&b, `<span id="%s_stop"></span>`+"\n", id)
	b.WriteString("</div>\n")
	fmt.Fprintf(&b, `<div class="ddpm-caption" id="%s_caption">%s</div>`+"\n", id, html.EscapeString(f.Caption))
	fmt.Fprintf(&b, `<div class="ddpm-status" id="%s_status">The initial setting: run this cell in Jupyter to move the controls.</div>`+"\n", id)
	fmt.Fprintf(&b, `<div class="ddpm-chart" id="%s_chart">%s</div>`+"\n", id, chart)
	b.WriteString("</div>\n")
	return b.String(), nil
}
