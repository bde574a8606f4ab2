package pipeline

import (
	"context"
	"fmt"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/run"
)

// Sweep draws cfg.N samples (without snapshots) for each state of labels
// and each guidance scale of scales, from den guided by clf — or, with clf
// nil and a conditional den, classifier-free with the weights scales — and
// scores them with scorer. each, when not nil, is called after each (state,
// scale). It returns one row per state and scale, states outermost; it
// saves nothing (see Workspace.SaveSweep).
func Sweep(ctx context.Context, den, clf *ddpm.Net, scorer *metrics.Scorer, cfg ddpm.SampleConfig,
	labels []int, scales []float64, each func(label int, scale float64, pts [][2]float32, m run.Metrics)) ([]run.SweepRow, error) {
	cfg.SnapshotN = 0
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
	return rows, nil
}
