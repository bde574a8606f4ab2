package pipeline_test

import (
	"context"
	"fmt"
	"os"

	"github.com/janpfeifer/must"
	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// Train a (tiny) denoiser into an output folder, then sample, score and
// save, as ddpm sample and notebook 02 do (and with the notebooks' must
// helpers). The folder then holds what ddpm report and the later stages
// read back.
func ExampleSampleUncond() {
	dir := must.M1(os.MkdirTemp("", "ddpm-example-"))
	defer os.RemoveAll(dir)
	ws := must.M1(run.Open(dir, run.Options{MadeBy: "the example"}))
	defer ws.Close()
	data := must.M1(states.Load(""))

	recipe := ddpm.DefaultDenoiserConfig()
	recipe.Hidden, recipe.Steps, recipe.EvalEvery, recipe.NLLEvery = []int{32, 32}, 50, 25, 0
	den, _ := must.M2(pipeline.Model(context.Background(), ws, ddpm.TrainOptions{
		Kind: netkind.Denoiser, Data: data, Config: recipe, Backend: must.M1(backends.New("go"))}))

	cfg := ddpm.SampleConfig{N: 500, Seed: 1, Method: ddpm.MethodDDIM, Steps: 20, Eta: 1, SnapshotN: 100}
	scorer := must.M1(metrics.NewScorer(data, metrics.DefaultRadius))
	samples, m := must.M2(pipeline.SampleUncond(context.Background(), ws, den, scorer, cfg))
	fmt.Printf("%d samples (%s), scored as %q\n", len(samples), pipeline.SamplerName(cfg), m.Name)
	for _, e := range must.M1(os.ReadDir(dir)) {
		fmt.Println(e.Name())
	}
	// Output:
	// 500 samples (DDIM, 20 steps, eta 1), scored as "uncond"
	// .ddpm.lock
	// checkpoints
	// denoiser_curves.json
	// metrics.json
	// provenance.json
	// uncond_gen_samples.npy
	// uncond_gen_samples.pt
	// uncond_snapshots.json
}
