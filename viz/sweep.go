package viz

import (
	"sort"

	"github.com/statesdiffusion/states/ddpm/run"
)

// sweepMetric is one quantity of a guidance sweep drawn over the scale.
type sweepMetric struct {
	title  string
	yName  string
	share  bool // a share in [0, 1]
	curves []curve
}

// sweepMetrics turns a guidance sweep into four panels (label accuracy,
// precision, recall, NLL over the guidance scale), one curve per state in
// the state's colour.
func sweepMetrics(rows []run.SweepRow) []sweepMetric {
	byLabel := map[int][]run.SweepRow{}
	for _, r := range rows {
		byLabel[r.Metrics.Label] = append(byLabel[r.Metrics.Label], r)
	}
	labels := make([]int, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	sort.Ints(labels)
	ms := []sweepMetric{
		{title: "label accuracy", yName: "share", share: true},
		{title: "precision", yName: "share", share: true},
		{title: "recall", yName: "share", share: true},
		{title: "KDE NLL", yName: "NLL"},
	}
	for _, l := range labels {
		rs := byLabel[l]
		sort.Slice(rs, func(i, j int) bool { return rs[i].Scale < rs[j].Scale })
		xy := make([][][2]float64, len(ms))
		for _, r := range rs {
			m := r.Metrics
			for k, v := range []float64{m.LabelAccuracy, m.Precision, m.Recall, m.NLL} {
				xy[k] = append(xy[k], [2]float64{r.Scale, v})
			}
		}
		for k := range ms {
			ms[k].curves = append(ms[k].curves, curve{name: StateName(l), color: StateColor(l), xy: xy[k]})
		}
	}
	return ms
}
