package main

import (
	"context"
	"fmt"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// guidanceSweep samples n points per state at each guidance scale and prints
// the label accuracy and NLL per scale.
func guidanceSweep(ctx context.Context, den, clf *ddpm.Net, scorer *metrics.Scorer, cfg ddpm.SampleConfig,
	labels []int, scales []float64, n int) ([]run.SweepRow, error) {
	cfg.N = n
	cfg.SnapshotN = 0
	var rows []run.SweepRow
	fmt.Printf("guidance sweep, %d samples per state and scale:\n%-10s", n, "scale")
	for _, s := range scales {
		fmt.Printf(" %14g", s)
	}
	fmt.Println()
	for _, k := range labels {
		fmt.Printf("%-10s", states.Names[k])
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
			fmt.Printf("  acc %.3f/%.2f", m.LabelAccuracy, m.NLL)
		}
		fmt.Println()
	}
	fmt.Println("(each cell: label accuracy / NLL)")
	return rows, nil
}
