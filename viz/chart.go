package viz

import (
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

// chartSnippet renders c.
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
	return snippet{ID: id, Element: s.Element, Script: script}
}
