package viz

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/go-echarts/go-echarts/v2/render"
)

// Chart is what the HTML and notebook renderers need of a go-echarts chart;
// every go-echarts chart type (*charts.Scatter, *charts.Line, ...) is one.
type Chart interface {
	RenderSnippet() render.ChartSnippet
}

// snippet is one chart split into its container element and the body of
// its initialising script (without the <script> tags).
type snippet struct {
	ID      string
	Element string
	Script  string
}

// chartSnippet renders c, responsive (see responsiveElement).
func chartSnippet(c Chart) snippet {
	s := c.RenderSnippet()
	script := strings.TrimSpace(s.Script)
	script = strings.TrimPrefix(script, `<script type="text/javascript">`)
	script = strings.TrimSuffix(script, `</script>`)
	id := ""
	if i := strings.Index(s.Element, `id="`); i >= 0 {
		rest := s.Element[i+4:]
		if j := strings.IndexByte(rest, '"'); j >= 0 {
			id = rest[:j]
		}
	}
	return snippet{ID: id, Element: responsiveElement(s.Element), Script: script + resizeScript(id)}
}

// fixedSize matches go-echarts' pixel size of a chart element.
var fixedSize = regexp.MustCompile(`style="width:(\d+)px;height:(\d+)px;"`)

// responsiveElement turns go-echarts' fixed-size chart element into one as
// wide as its container up to the chart's own width, with the chart's
// aspect ratio, so that a chart never overflows a notebook's output area
// (no clipped legend, no horizontal scrollbar); the layouts give ECharts
// percentages where a shrunk chart must keep its proportions. The wrapper
// loses go-echarts' class "container", which Bootstrap (classic Jupyter)
// styles as a fixed-width page column.
func responsiveElement(el string) string {
	el = strings.Replace(el, `<div class="container">`, `<div class="ddpm-echarts" style="width:100%;max-width:100%">`, 1)
	return fixedSize.ReplaceAllString(el, `style="width:100%;max-width:${1}px;aspect-ratio:${1} / ${2};"`)
}

// resizeScript redraws the chart of element id when its container changes
// width (a resized window, a notebook side panel opened or closed).
func resizeScript(id string) string {
	if id == "" {
		return ""
	}
	return fmt.Sprintf(`
    if (typeof ResizeObserver !== "undefined") {
        new ResizeObserver(function () { goecharts_%[1]s.resize(); }).observe(document.getElementById('%[1]s'));
    }
`, id)
}
