package viz

import (
	"sort"

	"github.com/statesdiffusion/states/ddpm"
)

// sweepCurves turns a guidance sweep into curves over the scale: label
// accuracy (solid), precision (dashed) and recall (dotted) per state, and
// the NLL per state separately.
func sweepCurves(rows []ddpm.SweepRow) (quality, nll []curve) {
	byLabel := map[int][]ddpm.SweepRow{}
	for _, r := range rows {
		byLabel[r.Metrics.Label] = append(byLabel[r.Metrics.Label], r)
	}
	labels := make([]int, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	sort.Ints(labels)
	for _, l := range labels {
		rs := byLabel[l]
		sort.Slice(rs, func(i, j int) bool { return rs[i].Scale < rs[j].Scale })
		name := StateName(l) + " "
		if len(labels) == 1 {
			name = ""
		}
		var acc, prec, rec, nl [][2]float64
		for _, r := range rs {
			acc = append(acc, [2]float64{r.Scale, r.Metrics.LabelAccuracy})
			prec = append(prec, [2]float64{r.Scale, r.Metrics.Precision})
			rec = append(rec, [2]float64{r.Scale, r.Metrics.Recall})
			nl = append(nl, [2]float64{r.Scale, r.Metrics.NLL})
		}
		col := StateColor(l)
		if len(labels) == 1 {
			quality = append(quality,
				curve{name: "label accuracy", color: RunPalette[0], xy: acc},
				curve{name: "precision", color: RunPalette[1], xy: prec},
				curve{name: "recall", color: RunPalette[2], xy: rec})
			nll = append(nll, curve{name: "NLL", color: RunPalette[3], xy: nl})
			continue
		}
		quality = append(quality,
			curve{name: name + "label accuracy", color: col, xy: acc},
			curve{name: name + "precision", color: col, dashed: true, xy: prec},
			curve{name: name + "recall", color: col, dashed: true, xy: rec})
		nll = append(nll, curve{name: name + "NLL", color: col, xy: nl})
	}
	return quality, nll
}
