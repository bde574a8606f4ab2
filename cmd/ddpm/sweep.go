package main

import (
	"context"
	"fmt"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// guidanceSweep samples cfg.N points per state at each guidance scale (the
// classifier-free weight when clf is nil), prints the label accuracy and
// NLL per scale and saves the sweep in ws.
func guidanceSweep(ctx context.Context, ws *run.Workspace, den, clf *ddpm.Net, scorer *metrics.Scorer, cfg ddpm.SampleConfig,
	labels []int, scales []float64) error {
	what := "scale"
	if clf == nil {
		what = "w"
	}
	fmt.Printf("guidance sweep, %d samples per state and %s:\n%-10s", cfg.N, what, what)
	for _, s := range scales {
		fmt.Printf(" %14g", s)
	}
	fmt.Println()
	cell := 0 // cells printed so far, one row of len(scales) per state
	_, err := pipeline.Sweep(ctx, ws, den, clf, scorer, cfg, labels, scales, func(k int, _ float64, _ [][2]float32, m run.Metrics) {
		if cell%len(scales) == 0 {
			fmt.Printf("%-10s", states.Names[k])
		}
		fmt.Printf("  acc %.3f/%.2f", m.LabelAccuracy, m.NLL)
		if cell++; cell%len(scales) == 0 {
			fmt.Println()
		}
	})
	if err != nil {
		return err
	}
	fmt.Println("(each cell: label accuracy / NLL)")
	return nil
}
