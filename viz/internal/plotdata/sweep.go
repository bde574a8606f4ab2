package plotdata

import (
	"sort"

	"github.com/statesdiffusion/states/ddpm/run"
)

// SweepMetric is one quantity of a guidance sweep drawn over the scale.
type SweepMetric struct {
	Title  string
	YName  string
	Share  bool // a share in [0, 1]
	Curves []Curve
}

// SweepMetrics turns a guidance sweep into four panels (label accuracy,
// precision, recall, NLL over the guidance scale), one curve per state in
// the state's colour.
func SweepMetrics(rows []run.SweepRow) []SweepMetric {
	byLabel := map[int][]run.SweepRow{}
	for _, r := range rows {
		byLabel[r.Metrics.Label] = append(byLabel[r.Metrics.Label], r)
	}
	labels := make([]int, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	sort.Ints(labels)
	ms := []SweepMetric{
		{Title: "label accuracy", YName: "share", Share: true},
		{Title: "precision", YName: "share", Share: true},
		{Title: "recall", YName: "share", Share: true},
		{Title: "KDE NLL", YName: "NLL"},
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
			ms[k].Curves = append(ms[k].Curves, Curve{Name: StateName(l), Color: StateColor(l), XY: xy[k]})
		}
	}
	return ms
}
