package viz

import (
	"fmt"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// panels lays out n square plotting areas ("grids" in ECharts) on a chart,
// cols per row, so that scatters keep equal axis scales: each panel is a
// square in pixels and gets a square data box.
//
// The sizes are those of the chart at its full width; the chart is drawn
// responsive (see responsiveElement): narrower containers shrink it with its
// aspect ratio kept, so every position is given to ECharts as a percentage
// of the chart's width or height, and the panels stay square.
type panels struct {
	n, cols int
	side    int  // side of a panel in pixels
	left    int  // left margin of the first column
	top     int  // top margin of the first row
	gapX    int  // horizontal gap between panels
	gapY    int  // vertical gap between panels (holds the panel title)
	right   int  // room right of the last column (legend)
	bottom  int  // room below the last row (timeline, axis labels, legend)
	below   bool // the legend is a row below the panels, not a column right of them
	// slots, when not nil, puts panel i in place slots[i] of the rows of
	// cols places (ragged rows); otherwise panel i is in place i.
	slots []int
}

// legendRow is the height of a legend row below the panels.
const legendRow = 30

// newPanels returns a layout for n panels in at most cols columns with the
// project's default margins. One column has its legend on the right;
// several have it in a row below, which leaves their width to the panels
// (small multiples stay under 900 pixels wide, the output area of classic
// Jupyter and of JupyterLab at their default window sizes).
func newPanels(n, cols, side int) panels {
	if n < 1 {
		n = 1
	}
	if cols < 1 || cols > n {
		cols = n
	}
	// The legend column holds names like "Wisconsin (guided)" beside their
	// symbol, about 160 px at ECharts' 12 px font.
	p := panels{n: n, cols: cols, side: side, left: 56, top: 84, gapX: 48, gapY: 64, right: 176, bottom: 56}
	if cols > 1 {
		p.below, p.right, p.bottom = true, 24, 56+legendRow
	}
	return p
}

func (p panels) rows() int {
	if p.n < 1 {
		return 0
	}
	return p.slot(p.n-1)/p.cols + 1
}

// slot returns the place of panel i in the rows (see panels.slots).
func (p panels) slot(i int) int {
	if p.slots != nil {
		return p.slots[i]
	}
	return i
}

// origin returns the pixel position of the top-left corner of panel i.
func (p panels) origin(i int) (x, y int) {
	r, c := p.slot(i)/p.cols, p.slot(i)%p.cols
	return p.left + c*(p.side+p.gapX), p.top + r*(p.side+p.gapY)
}

// width and height are the chart's size in pixels.
func (p panels) width() int  { return p.left + p.cols*p.side + (p.cols-1)*p.gapX + p.right }
func (p panels) height() int { return p.top + p.rows()*p.side + (p.rows()-1)*p.gapY + p.bottom }

// px formats a pixel length for ECharts.
func px(v int) string { return fmt.Sprintf("%dpx", v) }

// pct formats v as a percentage of total, for positions that scale with a
// responsive chart.
func pct(v, total int) string {
	return strconv.FormatFloat(100*float64(v)/float64(total), 'f', 3, 64) + "%"
}

// pctX and pctY are pct of the chart's width and height.
func (p panels) pctX(v int) string { return pct(v, p.width()) }
func (p panels) pctY(v int) string { return pct(v, p.height()) }

// grids returns one ECharts grid per panel.
func (p panels) grids() []opts.Grid {
	g := make([]opts.Grid, p.n)
	for i := range g {
		x, y := p.origin(i)
		g[i] = opts.Grid{Left: p.pctX(x), Top: p.pctY(y), Width: p.pctX(p.side), Height: p.pctY(p.side)}
	}
	return g
}

// legend returns the legend of the layout: a scrolling column right of a
// single panel, or a scrolling row below several.
func (p panels) legend() opts.Legend {
	if p.below {
		return opts.Legend{Show: opts.Bool(true), Orient: "horizontal", Left: "center", Bottom: "6px", Type: "scroll"}
	}
	return opts.Legend{Show: opts.Bool(true), Orient: "vertical", Right: "10px", Top: p.pctY(p.top), Type: "scroll"}
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
			"text": name, "left": p.pctX(x + p.side/2), "top": p.pctY(y - 26), "textAlign": "center",
			"textStyle": map[string]any{"fontSize": 13, "fontWeight": "normal", "color": "#333"},
		})
	}
	return out
}

// axisLabelFormatter prints tick values with at most two decimals.
var axisLabelFormatter = opts.FuncOpts(`function (v) { return +v.toFixed(2); }`)

// xAxes and yAxes return value axes, one pair per panel, all over box b.
func (p panels) xAxes(b plotdata.Bounds, name string) []opts.XAxis {
	ax := make([]opts.XAxis, p.n)
	for i := range ax {
		ax[i] = opts.XAxis{Type: "value", GridIndex: i, Min: plotdata.Round4(b.XMin), Max: plotdata.Round4(b.XMax),
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: GridColor}},
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true), Formatter: axisLabelFormatter, HideOverlap: opts.Bool(true)},
			AxisLine:  &opts.AxisLine{OnZero: opts.Bool(false)}}
		if p.n == 1 {
			ax[i].Name, ax[i].NameLocation, ax[i].NameGap = name, "middle", 28
		}
	}
	return ax
}

func (p panels) yAxes(b plotdata.Bounds, name string) []opts.YAxis {
	ax := make([]opts.YAxis, p.n)
	for i := range ax {
		ax[i] = opts.YAxis{Type: "value", GridIndex: i, Min: plotdata.Round4(b.YMin), Max: plotdata.Round4(b.YMax),
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: GridColor}},
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true), Formatter: axisLabelFormatter, HideOverlap: opts.Bool(true)},
			AxisLine:  &opts.AxisLine{OnZero: opts.Bool(false)}}
		if p.n == 1 {
			ax[i].Name, ax[i].NameLocation, ax[i].NameGap = name, "middle", 40
		}
	}
	return ax
}

// xyData converts points to ECharts [x, y] pairs rounded to 4 decimals.
func xyData(pts [][2]float32) [][2]float64 {
	out := make([][2]float64, 0, len(pts))
	for _, p := range pts {
		x, y := float64(p[0]), float64(p[1])
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			continue
		}
		out = append(out, [2]float64{plotdata.Round4(x), plotdata.Round4(y)})
	}
	return out
}
