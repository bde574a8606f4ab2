package ddpm

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// existingProvenance returns the record of result name in dir, and false
// when the result's file does not exist (nothing to lose). A result without
// a record in table (written before provenance.json existed, or by hand)
// gets what its files tell: the number of samples, the size of a sweep, the
// grid of a map.
func existingProvenance(dir, name string, table run.ProvenanceTable) (run.Provenance, bool) {
	path := run.ResultFile(dir, name)
	if _, err := os.Stat(path); err != nil {
		return run.Provenance{}, false
	}
	if p, ok := table[name]; ok {
		return p, true
	}
	p := run.Provenance{MadeBy: "an earlier run (no record in " + run.ProvenanceFile + ")"}
	switch name {
	case run.ResultStudy:
		var st run.Study
		if err := run.ReadJSON(path, &st); err != nil {
			p.MadeBy += fmt.Sprintf("; unreadable: %v", err)
			return p, true
		}
		p.N = st.N
		for _, r := range st.Rows {
			p.Steps = max(p.Steps, r.NFE)
		}
	case run.ResultSweep, run.ResultCFGSweep:
		var rows []run.SweepRow
		if err := run.ReadJSON(path, &rows); err != nil {
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
	case run.ResultPredictionMap:
		var pm run.PredictionMap
		if err := run.ReadJSON(path, &pm); err != nil {
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

var ckptStepRE = regexp.MustCompile(`-step-(\d+)$`)

// checkpointStep returns the training step in a checkpoint's base name
// ("checkpoint-n0000003-step-00004000"), or -1.
func checkpointStep(base string) int {
	m := ckptStepRE.FindStringSubmatch(base)
	if m == nil {
		return -1
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return -1
	}
	return n
}
