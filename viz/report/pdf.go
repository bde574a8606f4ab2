package report

import (
	"bytes"
	"fmt"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgpdf"

	"github.com/statesdiffusion/states/internal/atomicfile"
	"github.com/statesdiffusion/states/viz"
	"github.com/statesdiffusion/states/viz/figure"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// Page geometry of report.pdf: US Letter, landscape.
const (
	pdfPageW  = 11 * vg.Inch
	pdfPageH  = 8.5 * vg.Inch
	pdfMargin = 0.5 * vg.Inch
)

// pageLayout is what a page of report.pdf was given to draw in: the
// rectangles of its text and of its figure, in PDF points (origin at the
// bottom left). Nothing is drawn outside them.
type pageLayout struct {
	boxes []vg.Rectangle
}

// writeReportPDF writes the multi-page PDF report to path and returns the
// layout of each page.
func writeReportPDF(path, title string, in *Inputs, secs []reportSection) ([]pageLayout, error) {
	c := vgpdf.New(pdfPageW, pdfPageH)
	c.EmbedFonts(true)
	dc := draw.New(c)
	body := draw.Crop(dc, pdfMargin, -pdfMargin, pdfMargin, -pdfMargin)
	titlePage(body, title, in)
	pages := []pageLayout{{boxes: []vg.Rectangle{body.Rectangle}}}
	for i, s := range secs {
		c.NextPage()
		area, text := pageHeader(body, s.heading, s.text, i+2)
		pages = append(pages, pageLayout{boxes: append(text, fitFigure(area, s.figure))})
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode %s: %w", path, err)
	}
	return pages, atomicfile.Write(path, buf.Bytes())
}

// titlePage draws the report title, the inputs, the notes and the metrics
// table.
func titlePage(c draw.Canvas, title string, in *Inputs) {
	st := figure.TextStyle(22, figure.Ink)
	st.YAlign = draw.YTop
	y := c.Max.Y
	c.FillText(st, vg.Point{X: c.Min.X, Y: y}, title)
	y -= 0.55 * vg.Inch
	small := figure.TextStyle(10.5, figure.Ink)
	small.YAlign = draw.YTop
	lines := []string{
		"Output directory: " + in.Dir,
		fmt.Sprintf("Data: %d points; unconditional samples: %d; guided sets: %d.", in.Data.Len(), len(in.Uncond), len(in.guidedSets())),
	}
	for _, n := range in.Notes {
		lines = append(lines, "Note: "+n+".")
	}
	for _, l := range lines {
		c.FillText(small, vg.Point{X: c.Min.X, Y: y}, l)
		y -= 0.24 * vg.Inch
	}
	if len(in.Metrics) == 0 {
		return
	}
	y -= 0.2 * vg.Inch
	h := figure.TextStyle(14, figure.Ink)
	h.YAlign = draw.YTop
	c.FillText(h, vg.Point{X: c.Min.X, Y: y}, "Metrics")
	y -= 0.3 * vg.Inch
	figure.DrawTable(draw.Crop(c, 0, 0, 0, -(c.Max.Y-y)), viz.MetricsColumns, plotdata.MetricsRows(in.Metrics), 10)
	legend := []string{
		"NLL: the course's KDE negative log-likelihood under the data (lower is better); data NLL: the same score of the reference points.",
		"Precision / recall: share of samples near data, and of data near samples, at the set's radius. Label acc.: share of guided samples",
		"whose nearest data point has the requested state.",
	}
	yl := c.Min.Y + 0.6*vg.Inch
	foot := figure.TextStyle(8.5, figure.Ink)
	for _, l := range legend {
		c.FillText(foot, vg.Point{X: c.Min.X, Y: yl}, l)
		yl -= 0.18 * vg.Inch
	}
}

// pageHeader writes a section heading, its text (wrapped to the page's
// width) and a page number, and returns the area left for the figure and
// the rectangles of the text.
func pageHeader(c draw.Canvas, heading, text string, page int) (draw.Canvas, []vg.Rectangle) {
	h := figure.TextStyle(15, figure.Ink)
	h.YAlign = draw.YTop
	c.FillText(h, vg.Point{X: c.Min.X, Y: c.Max.Y}, heading)
	s := figure.TextStyle(10, figure.Ink)
	s.YAlign = draw.YTop
	const textLine = 0.18 * vg.Inch
	lines := figure.WrapText(s, text, c.Max.X-c.Min.X)
	for i, l := range lines {
		c.FillText(s, vg.Point{X: c.Min.X, Y: c.Max.Y - 0.3*vg.Inch - vg.Length(i)*textLine}, l)
	}
	n := figure.TextStyle(8.5, figure.Ink)
	n.XAlign = draw.XRight
	num := vg.Point{X: c.Max.X, Y: c.Min.Y - 0.3*vg.Inch}
	c.FillText(n, num, fmt.Sprint(page))
	headerH := 0.65*vg.Inch + vg.Length(len(lines)-1)*textLine
	return draw.Crop(c, 0, 0, 0, -headerH), []vg.Rectangle{
		{Min: vg.Point{X: c.Min.X, Y: c.Max.Y - headerH}, Max: c.Max},
		{Min: vg.Point{X: num.X - n.Width(fmt.Sprint(page)), Y: num.Y - n.Font.Size/4}, Max: vg.Point{X: num.X, Y: num.Y + n.Font.Size}},
	}
}

// fitFigure draws f at the top of c, centred, at the largest scale that
// keeps its proportions (fonts scale with it, at most 1.3 times their
// size), clipped to its rectangle, and returns that rectangle.
func fitFigure(c draw.Canvas, f *figure.Figure) vg.Rectangle {
	w, h := c.Max.X-c.Min.X, c.Max.Y-c.Min.Y
	s := min(w/f.Width, h/f.Height, 1.3)
	return f.DrawAt(c, vg.Point{X: c.Min.X + (w-s*f.Width)/2, Y: c.Max.Y - s*f.Height}, float64(s))
}
