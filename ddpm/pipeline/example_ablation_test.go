package pipeline_test

import (
	"context"
	"fmt"

	"github.com/janpfeifer/must"
	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/states"
)

// Make two rows of the ablation grid at a tiny budget, without saving them
// (a nil workspace), as ddpm ablate -axes schedule,size does: each cell a
// denoiser trained with one setting of the base recipe changed, the base
// recipe's own cell trained once and shown in both rows.
func ExampleAblate() {
	data := must.M1(states.Load(""))
	b := pipeline.AblationBudget{Name: "example", Steps: 20, Batch: 64, N: 200, Seed: 1, Axes: []string{"schedule", "size"}}
	ab := must.M1(pipeline.Ablate(context.Background(), nil, pipeline.AblateOptions{
		Data: data, Scorer: must.M1(metrics.NewScorer(data, metrics.DefaultRadius)), Backend: must.M1(backends.New("go")), Budget: b}))
	for _, r := range ab.Rows {
		for _, c := range r.Cells {
			fmt.Printf("%-14s %-13s base %-5v trained here %-5v %d samples\n", r.Title, c.Value, c.Base, !c.Reused, len(c.Samples))
		}
	}
	fmt.Println(ab.Cells(), "denoisers trained")
	// Output:
	// beta schedule  linear betas  base true  trained here true  200 samples
	// beta schedule  cosine betas  base false trained here true  200 samples
	// width x depth  2 x 64        base false trained here true  200 samples
	// width x depth  4 x 64        base false trained here true  200 samples
	// width x depth  2 x 256       base false trained here true  200 samples
	// width x depth  4 x 256       base true  trained here false 200 samples
	// 5 denoisers trained
}
