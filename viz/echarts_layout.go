package viz

import (
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/opts"
)

// panels lays out n square plotting areas ("grids" in ECharts) on a chart,
// cols per row, so that scatters keep equal axis scales: each panel is a
// square in pixels and gets a square data box.
type panels struct {
	n, cols int
	side    int // side of a panel in pixels
	left    int // left margin of the first column
	top     int // top margin of the first row
	gapX    int // horizontal gap between panels
	gapY    int // vertical gap between panels (holds the panel title)
	right   int // room right of the last column (legend)
	bottom  int // room below the last row (timeline, axis labels)
}

// newPanels returns a layout for n panels in at most cols columns with the
// project's default margins.
func newPanels(n, cols, side int) panels {
	if n < 1 {
		n = 1
	}
	if cols < 1 || cols > n {
		cols = n
	}
	return panels{n: n, cols: cols, side: side, left: 56, top: 84, gapX: 56, gapY: 64, right: 150, bottom: 56}
}

func (p panels) rows() int { return (p.n + p.cols - 1) / p.cols }

// origin returns the pixel position of the top-left corner of panel i.
func (p panels) origin(i int) (x, y int) {
	r, c := i/p.cols, i%p.cols
	return p.left + c*(p.side+p.gapX), p.top + r*(p.side+p.gapY)
}

// width and height are the chart's size in pixels.
func (p panels) width() int  { return p.left + p.cols*p.side + (p.cols-1)*p.gapX + p.right }
func (p panels) height() int { return p.top + p.rows()*p.side + (p.rows()-1)*p.gapY + p.bottom }

// px formats a pixel length for ECharts.
func px(v int) string { return fmt.Sprintf("%dpx", v) }

// grids returns one ECharts grid per panel.
func (p panels) grids() []opts.Grid {
	g := make([]opts.Grid, p.n)
	for i := range g {
		x, y := p.origin(i)
		g[i] = opts.Grid{Left: px(x), Top: px(y), Width: px(p.side), Height: px(p.side)}
	}
	return g
}

// titles returns per-panel titles placed above each panel, plus the chart
// title first (ECharts accepts an array of titles).
func (p panels) titles(main, sub string, names []string) []any {
	out := []any{opts.Title{Title: main, Subtitle: sub, Left: "10px", Top: "6px"}}
	for i, name := range names {
		if i >= p.n {
			break
		}
		x, y := p.origin(i)
		out = append(out, map[string]any{
			"text": name, "left": px(x + p.side/2), "top": px(y - 26), "textAlign": "center",
			"textStyle": map[string]any{"fontSize": 13, "fontWeight": "normal", "color": "#333"},
		})
	}
	return out
}

// axisLabelFormatter prints tick values with at most two decimals.
var axisLabelFormatter = opts.FuncOpts(`function (v) { return +v.toFixed(2); }`)

// xAxes and yAxes return value axes, one pair per panel, all over box b.
func (p panels) xAxes(b Bounds, name string) []opts.XAxis {
	ax := make([]opts.XAxis, p.n)
	for i := range ax {
		ax[i] = opts.XAxis{Type: "value", GridIndex: i, Min: round4(b.XMin), Max: round4(b.XMax),
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: GridColor}},
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true), Formatter: axisLabelFormatter, HideOverlap: opts.Bool(true)},
			AxisLine:  &opts.AxisLine{OnZero: opts.Bool(false)}}
		if p.n == 1 {
			ax[i].Name, ax[i].NameLocation, ax[i].NameGap = name, "middle", 28
		}
	}
	return ax
}

func (p panels) yAxes(b Bounds, name string) []opts.YAxis {
	ax := make([]opts.YAxis, p.n)
	for i := range ax {
		ax[i] = opts.YAxis{Type: "value", GridIndex: i, Min: round4(b.YMin), Max: round4(b.YMax),
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: GridColor}},
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true), Formatter: axisLabelFormatter, HideOverlap: opts.Bool(true)},
			AxisLine:  &opts.AxisLine{OnZero: opts.Bool(false)}}
		if p.n == 1 {
			ax[i].Name, ax[i].NameLocation, ax[i].NameGap = name, "middle", 40
		}
	}
	return ax
}

// indices returns [0, 1, ..., n-1].
func indices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// round4 rounds v to 4 decimals, to keep the HTML small.
func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// xyData converts points to ECharts [x, y] pairs rounded to 4 decimals.
func xyData(pts [][2]float32) [][2]float64 {
	out := make([][2]float64, 0, len(pts))
	for _, p := range pts {
		x, y := float64(p[0]), float64(p[1])
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			continue
		}
		out = append(out, [2]float64{round4(x), round4(y)})
	}
	return out
}
