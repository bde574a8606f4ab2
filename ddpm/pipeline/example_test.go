package pipeline_test

import (
	"context"
	"fmt"
	"os"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// Train a (tiny) denoiser into an output folder, then sample, score and
// save as ddpm sample and notebook 02 do. The folder then holds what ddpm
// report and the later stages read back.
func ExampleSampleUncond() {
	dir, err := os.MkdirTemp("", "ddpm-example-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ws, err := run.Open(dir, run.Options{MadeBy: "the example"})
	if err != nil {
		panic(err)
	}
	defer ws.Close()
	data, err := states.Generate(states.DefaultConfig())
	if err != nil {
		panic(err)
	}
	backend, err := backends.New("go")
	if err != nil {
		panic(err)
	}
	train := ddpm.DefaultDenoiserConfig()
	train.Hidden, train.Steps, train.Batch, train.EvalEvery, train.NLLEvery = []int{32, 32}, 50, 256, 25, 0
	den, _, err := pipeline.Model(context.Background(), ws, ddpm.TrainOptions{
		Kind: ddpm.KindDenoiser, Data: data, Config: train, Backend: backend})
	if err != nil {
		panic(err)
	}
	scorer, err := metrics.NewScorer(data, metrics.DefaultRadius)
	if err != nil {
		panic(err)
	}
	cfg := ddpm.SampleConfig{N: 500, Seed: 1, Method: ddpm.MethodDDIM, Steps: 20, Eta: 1, SnapshotN: 100}
	samples, m, err := pipeline.SampleUncond(context.Background(), ws, den, scorer, cfg)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d samples (%s), scored as %q\n", len(samples), pipeline.SamplerName(cfg), m.Name)
	entries, err := os.ReadDir(dir)
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
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
