package figure

import (
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// DrawTable writes a text table with a header row at the top left of c and
// returns the height used. Columns are as wide as their widest cell; the
// first column is left-aligned, the others right-aligned.
func DrawTable(c draw.Canvas, head []string, rows [][]string, size vg.Length) vg.Length {
	body := TextStyle(size, Ink)
	// Bold faces do not survive vgpdf's font embedding: the header is set
	// in the body face, slightly larger, above a rule.
	bold := TextStyle(size+0.5, Ink)
	gap := 0.22 * vg.Inch
	widths := make([]vg.Length, len(head))
	for j, h := range head {
		widths[j] = bold.Width(h)
	}
	for _, r := range rows {
		for j, cell := range r {
			if j < len(widths) && body.Width(cell) > widths[j] {
				widths[j] = body.Width(cell)
			}
		}
	}
	lineH := body.Height("Ag") * 1.6
	y := c.Max.Y - lineH
	put := func(st draw.TextStyle, cells []string) {
		x := c.Min.X
		for j, cell := range cells {
			if j >= len(widths) {
				break
			}
			s := st
			s.YAlign = draw.YBottom
			if j == 0 {
				s.XAlign = draw.XLeft
				c.FillText(s, vg.Point{X: x, Y: y}, cell)
			} else {
				s.XAlign = draw.XRight
				c.FillText(s, vg.Point{X: x + widths[j], Y: y}, cell)
			}
			x += widths[j] + gap
		}
	}
	total := vg.Length(0)
	for j := range widths {
		total += widths[j] + gap
	}
	total -= gap
	rule := func(w vg.Length) {
		yy := y - lineH*0.3
		c.StrokeLine2(draw.LineStyle{Color: Ink, Width: w}, c.Min.X, yy, c.Min.X+total, yy)
	}
	put(bold, head)
	rule(0.8)
	for _, r := range rows {
		y -= lineH
		put(body, r)
	}
	rule(0.4)
	return c.Max.Y - y + lineH*0.3
}

// Metrics draws the metrics table (NLL, precision, recall, label
// accuracy per sample set) as text.
func Metrics(name, title string, t run.MetricsTable) *Figure {
	rows := plotdata.MetricsRows(t)
	f := &Figure{Name: name, Width: 7.5 * vg.Inch, Height: vg.Length(len(rows)+2)*0.26*vg.Inch + 0.6*vg.Inch}
	f.draw = func(c draw.Canvas) {
		c = drawTitle(c, title)
		DrawTable(draw.Crop(c, 0.2*vg.Inch, 0, 0, -0.1*vg.Inch), plotdata.MetricsColumns, rows, 10)
	}
	return f
}
