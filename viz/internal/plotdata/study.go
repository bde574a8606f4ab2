package plotdata

import (
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// StudyMetrics turns a quality-versus-steps study into four panels over
// the network evaluations per sample (NLL minus the data's, precision,
// recall, sampling time), one curve per sampler.
func StudyMetrics(st *run.Study) []SweepMetric {
	ms := []SweepMetric{
		{Title: "KDE NLL minus the data's", YName: "NLL gap"},
		{Title: "precision", YName: "share", Share: true},
		{Title: "recall", YName: "share", Share: true},
		{Title: "sampling time", YName: "seconds"},
	}
	var order []string
	bySampler := map[string][]run.StudyRow{}
	for _, r := range st.Rows {
		if bySampler[r.Sampler] == nil {
			order = append(order, r.Sampler)
		}
		bySampler[r.Sampler] = append(bySampler[r.Sampler], r)
	}
	for i, name := range order {
		xy := make([][][2]float64, len(ms))
		for _, r := range bySampler[name] {
			m, x := r.Metrics, float64(r.NFE)
			for k, v := range []float64{m.NLL - st.DataNLL, m.Precision, m.Recall, r.Seconds} {
				xy[k] = append(xy[k], [2]float64{x, v})
			}
		}
		color := RunPalette[i%len(RunPalette)]
		for k := range ms {
			ms[k].Curves = append(ms[k].Curves, Curve{Name: name, Color: color, XY: xy[k]})
		}
	}
	return ms
}

// tradeoffMinAccuracy is the label accuracy below which a guided set is
// left out of the trade-off charts: too weakly guided to be of interest
// (unguided sampling lands on a state a fifth of the time).
const tradeoffMinAccuracy = 0.9

// TradeoffMetrics puts classifier guidance (rows of a guidance sweep) and
// classifier-free guidance (rows of a CFG sweep) side by side: one panel
// per state, precision (fidelity) over recall (diversity), one curve per
// kind of guidance through its scales or weights, for the sets with a label
// accuracy of at least tradeoffMinAccuracy.
func TradeoffMetrics(classifier, free []run.SweepRow) []SweepMetric {
	var ms []SweepMetric
	ByState := func(rows []run.SweepRow, label int) [][2]float64 {
		var xy [][2]float64
		for _, r := range rows {
			if r.Metrics.Label == label && r.Metrics.LabelAccuracy >= tradeoffMinAccuracy {
				xy = append(xy, [2]float64{r.Metrics.Recall, r.Metrics.Precision})
			}
		}
		return xy
	}
	for label := range states.Num {
		cg, cfg := ByState(classifier, label), ByState(free, label)
		if len(cg) == 0 && len(cfg) == 0 {
			continue
		}
		m := SweepMetric{Title: StateName(label), YName: "precision"}
		if len(cg) > 0 {
			m.Curves = append(m.Curves, Curve{Name: "classifier guidance (scales)", Color: RunPalette[0], XY: cg})
		}
		if len(cfg) > 0 {
			m.Curves = append(m.Curves, Curve{Name: "classifier-free (weights)", Color: RunPalette[1], Dashed: true, XY: cfg})
		}
		ms = append(ms, m)
	}
	return ms
}
