package ddpm

import (
	"context"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/run"
)

// SaveUncond writes unconditional samples into the workspace, after Check:
// uncond_gen_samples.{npy,pt}, the snapshots of their reverse process when
// snaps is not nil (uncond_snapshots.json), their metrics m (the "uncond"
// entry of metrics.json) and p, completed, as their record.
func (w *Workspace) SaveUncond(pts [][2]float32, snaps *run.Snapshots, m run.Metrics, p run.Provenance) error {
	if err := w.Check(run.ResultUncond, p); err != nil {
		return err
	}
	if err := run.WriteSamples(w.Dir, run.UncondSamplesBase, pts); err != nil {
		return err
	}
	if snaps != nil {
		if err := run.WriteJSON(filepath.Join(w.Dir, run.SnapshotsFile), snaps); err != nil {
			return err
		}
	}
	return w.commit(map[string]run.Provenance{run.ResultUncond: p}, m)
}

// SaveCond writes the guided samples of one state into the workspace,
// after Check: cond_gen_samples_K.{npy,pt}, their metrics m (entry "cond_K"
// of metrics.json) and p, completed, as their record.
func (w *Workspace) SaveCond(label int, pts [][2]float32, m run.Metrics, p run.Provenance) error {
	name := run.ResultCond(label)
	if err := w.Check(name, p); err != nil {
		return err
	}
	if err := run.WriteSamples(w.Dir, run.CondSamplesBase(label), pts); err != nil {
		return err
	}
	return w.commit(map[string]run.Provenance{name: p}, m)
}

// SaveSweep writes a guidance sweep (guidance_sweep.json) into the
// workspace after Check, with p, completed, as its record.
func (w *Workspace) SaveSweep(rows []run.SweepRow, p run.Provenance) error {
	if err := w.Check(run.ResultSweep, p); err != nil {
		return err
	}
	if err := run.WriteJSON(filepath.Join(w.Dir, run.GuidanceSweepFile), rows); err != nil {
		return err
	}
	return w.commit(map[string]run.Provenance{run.ResultSweep: p})
}

// SavePredictionMap writes the classifier's prediction map
// (classifier_map.json) into the workspace after Check, with p, completed,
// as its record.
func (w *Workspace) SavePredictionMap(pm *run.PredictionMap, p run.Provenance) error {
	if err := w.Check(run.ResultPredictionMap, p); err != nil {
		return err
	}
	if err := run.WriteJSON(filepath.Join(w.Dir, run.PredictionMapFile), pm); err != nil {
		return err
	}
	return w.commit(map[string]run.Provenance{run.ResultPredictionMap: p})
}

// commit records what was just written: the metrics, then the provenance.
// The record comes last, so a crash in between leaves the older (larger)
// record, which errs on the side of keeping.
func (w *Workspace) commit(recs map[string]run.Provenance, ms ...run.Metrics) error {
	if len(ms) > 0 {
		if err := run.UpdateMetrics(w.Dir, ms...); err != nil {
			return err
		}
	}
	for name, p := range recs {
		recs[name] = w.record(p)
	}
	return run.UpdateProvenance(w.Dir, recs)
}

// Train trains a network into the workspace (opts.Dir is set to it, and
// opts.MadeBy to the workspace's when empty), after CheckTrain: a trained
// checkpoint there is continued with opts.Resume, replaced with Force, and
// otherwise kept (a *ReplaceError).
func (w *Workspace) Train(ctx context.Context, opts TrainOptions) (*Net, *run.Curves, error) {
	if err := w.CheckTrain(opts.Kind, opts.Resume); err != nil {
		return nil, nil, err
	}
	opts.Dir = w.Dir
	if opts.MadeBy == "" {
		opts.MadeBy = w.MadeBy
	}
	return Train(ctx, opts)
}
