package run

import (
	"path/filepath"
)

// SaveUncond writes unconditional samples into the workspace, after Check:
// uncond_gen_samples.{npy,pt}, the snapshots of their reverse process when
// snaps is not nil (uncond_snapshots.json), their metrics m (the "uncond"
// entry of metrics.json) and p, completed, as their record.
func (w *Workspace) SaveUncond(pts [][2]float32, snaps *Snapshots, m Metrics, p Provenance) error {
	if err := w.Check(ResultUncond, p); err != nil {
		return err
	}
	if err := WriteSamples(w.Dir, UncondSamplesBase, pts); err != nil {
		return err
	}
	if snaps != nil {
		if err := WriteJSON(filepath.Join(w.Dir, SnapshotsFile), snaps); err != nil {
			return err
		}
	}
	return w.commit(map[string]Provenance{ResultUncond: p}, m)
}

// SaveCond writes the guided samples of one state into the workspace,
// after Check: cond_gen_samples_K.{npy,pt}, their metrics m (entry "cond_K"
// of metrics.json) and p, completed, as their record.
func (w *Workspace) SaveCond(label int, pts [][2]float32, m Metrics, p Provenance) error {
	name := ResultCond(label)
	if err := w.Check(name, p); err != nil {
		return err
	}
	if err := WriteSamples(w.Dir, CondSamplesBase(label), pts); err != nil {
		return err
	}
	return w.commit(map[string]Provenance{name: p}, m)
}

// SaveSweep writes a guidance sweep (guidance_sweep.json) into the
// workspace after Check, with p, completed, as its record.
func (w *Workspace) SaveSweep(rows []SweepRow, p Provenance) error {
	if err := w.Check(ResultSweep, p); err != nil {
		return err
	}
	if err := WriteJSON(filepath.Join(w.Dir, GuidanceSweepFile), rows); err != nil {
		return err
	}
	return w.commit(map[string]Provenance{ResultSweep: p})
}

// SavePredictionMap writes the classifier's prediction map
// (classifier_map.json) into the workspace after Check, with p, completed,
// as its record.
func (w *Workspace) SavePredictionMap(pm *PredictionMap, p Provenance) error {
	if err := w.Check(ResultPredictionMap, p); err != nil {
		return err
	}
	if err := WriteJSON(filepath.Join(w.Dir, PredictionMapFile), pm); err != nil {
		return err
	}
	return w.commit(map[string]Provenance{ResultPredictionMap: p})
}

// commit records what was just written: the metrics, then the provenance.
// The record comes last, so a crash in between leaves the older (larger)
// record, which errs on the side of keeping.
func (w *Workspace) commit(recs map[string]Provenance, ms ...Metrics) error {
	if len(ms) > 0 {
		if err := UpdateMetrics(w.Dir, ms...); err != nil {
			return err
		}
	}
	for name, p := range recs {
		recs[name] = w.record(p)
	}
	return UpdateProvenance(w.Dir, recs)
}
