package run

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/statesdiffusion/states/ddpm/states"
)

// existingProvenance returns the record of result name in dir, and false
// when the result's file does not exist (nothing to lose). A result without
// a record in table (written before provenance.json existed, or by hand)
// gets what its files tell: the number of samples, the size of a sweep, the
// grid of a map.
func existingProvenance(dir, name string, table ProvenanceTable) (Provenance, bool) {
	path := ResultFile(dir, name)
	if _, err := os.Stat(path); err != nil {
		return Provenance{}, false
	}
	if p, ok := table[name]; ok {
		return p, true
	}
	p := Provenance{MadeBy: "an earlier run (no record in " + ProvenanceFile + ")"}
	if strings.HasPrefix(name, coursePrefix) || strings.HasPrefix(name, importPrefix) {
		return p, true // a checkpoint: no size to compare
	}
	switch name {
	case ResultStudy:
		var st Study
		if err := ReadJSON(path, &st); err != nil {
			p.MadeBy += fmt.Sprintf("; unreadable: %v", err)
			return p, true
		}
		p.N = st.N
		for _, r := range st.Rows {
			p.Steps = max(p.Steps, r.NFE)
		}
	case ResultAblation:
		var a Ablation
		if err := ReadJSON(path, &a); err != nil {
			p.MadeBy += fmt.Sprintf("; unreadable: %v", err)
			return p, true
		}
		p.N, p.DenoiserStep, p.Cells = a.N, a.Steps, a.Cells()
	case ResultSweep, ResultCFGSweep:
		var rows []SweepRow
		if err := ReadJSON(path, &rows); err != nil {
			p.MadeBy += fmt.Sprintf("; unreadable: %v", err)
			return p, true
		}
		labels, scales := map[int]bool{}, map[float64]bool{}
		for _, r := range rows {
			p.N = max(p.N, r.Metrics.N)
			labels[r.Metrics.Label] = true
			scales[r.Scale] = true
		}
		for l := range labels {
			p.Labels = append(p.Labels, l)
		}
		sort.Ints(p.Labels)
		for s := range scales {
			p.Scales = append(p.Scales, s)
		}
		sort.Float64s(p.Scales)
	case ResultPredictionMap:
		var pm PredictionMap
		if err := ReadJSON(path, &pm); err != nil {
			p.MadeBy += fmt.Sprintf("; unreadable: %v", err)
			return p, true
		}
		p.Grid = max(pm.NX, pm.NY)
	default:
		d, err := states.Load(path)
		if err != nil {
			p.MadeBy += fmt.Sprintf("; unreadable: %v", err)
			return p, true
		}
		p.N = d.Len()
	}
	return p, true
}
