package viz

import (
	"github.com/go-echarts/go-echarts/v2/charts"
)

// extras adds top-level ECharts options that go-echarts does not model
// (timeline, per-panel titles, graphic elements) when a chart is rendered.
// It is installed with Accept; a caller who installs another visitor on the
// chart drops these additions.
type extras struct {
	charts.BaseConfigurationVisitor
	set map[string]any
}

// Visit copies the extra options into the rendered option object.
func (e *extras) Visit(o map[string]any) {
	for k, v := range e.set {
		o[k] = v
	}
}

// acceptor is the part of every go-echarts chart that takes a visitor.
type acceptor interface {
	Accept(v charts.ConfigurationVisitor)
}

// withExtras installs kv as additional top-level options of c.
func withExtras(c acceptor, kv map[string]any) {
	c.Accept(&extras{set: kv})
}
