package pipeline

import (
	"context"
	"fmt"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/run"
)

// CheckSweep returns nil when ws may take the guidance sweep that Sweep
// would draw with the same arguments, and otherwise the *run.ReplaceError
// of the larger sweep that ws keeps.
func CheckSweep(ws *run.Workspace, den, clf *ddpm.Net, cfg ddpm.SampleConfig, labels []int, scales []float64) error {
	return ws.Check(SweepResult(den.Kind), sweepRecord(cfg, den, clf, labels, scales))
}

// Sweep draws cfg.N samples (without snapshots) for each state of labels
// and each guidance scale of scales, from den guided by clf — or, with clf
// nil and a conditional den, classifier-free with the weights scales —,
// scores them with scorer and saves the rows in ws as SweepResult(den.Kind)
// (guidance_sweep.json or cfg_sweep.json; nothing is saved when ws is
// nil). It refuses (CheckSweep) before sampling when ws would keep a larger
// sweep. each, when not nil, is called after each (state, scale). It
// returns one row per state and scale, states outermost.
func Sweep(ctx context.Context, ws *run.Workspace, den, clf *ddpm.Net, scorer *metrics.Scorer, cfg ddpm.SampleConfig,
	labels []int, scales []float64, each func(label int, scale float64, pts [][2]float32, m run.Metrics)) ([]run.SweepRow, error) {
	cfg.SnapshotN = 0
	if ws != nil {
		if err := CheckSweep(ws, den, clf, cfg, labels, scales); err != nil {
			return nil, err
		}
	}
	var rows []run.SweepRow
	for _, k := range labels {
		for _, s := range scales {
			pts, _, err := ddpm.Sample(ctx, den, cfg, &ddpm.Guidance{Classifier: clf, Label: k, Scale: s})
			if err != nil {
				return nil, err
			}
			m, err := scorer.Score(fmt.Sprintf("sweep_%d_%g", k, s), pts, k)
			if err != nil {
				return nil, err
			}
			m.Scale = s
			rows = append(rows, run.SweepRow{Scale: s, Metrics: m})
			if each != nil {
				each(k, s, pts, m)
			}
		}
	}
	if ws == nil {
		return rows, nil
	}
	if err := ws.SaveRecord(SweepResult(den.Kind), rows, sweepRecord(cfg, den, clf, labels, scales)); err != nil {
		return nil, err
	}
	return rows, nil
}
