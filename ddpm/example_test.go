package ddpm_test

import (
	"context"
	"fmt"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/states"
)

// Train a (tiny) denoiser on STATES and draw samples from it with DDIM. The
// defaults (ddpm.DefaultDenoiserConfig, ddpm.DefaultSampleConfig) are the
// full recipe.
func ExampleTrain() {
	data, err := states.Generate(states.DefaultConfig())
	if err != nil {
		panic(err)
	}
	backend, err := backends.New("go")
	if err != nil {
		panic(err)
	}
	cfg := ddpm.DefaultDenoiserConfig()
	cfg.Hidden, cfg.Steps, cfg.Batch, cfg.EvalEvery, cfg.NLLEvery = []int{32, 32}, 100, 256, 25, 0
	den, curves, err := ddpm.Train(context.Background(), ddpm.TrainOptions{
		Kind: ddpm.KindDenoiser, Data: data, Config: cfg, Backend: backend})
	if err != nil {
		panic(err)
	}
	samples, _, err := ddpm.Sample(context.Background(), den, ddpm.SampleConfig{
		N: 1000, Seed: 1, Method: ddpm.MethodDDIM, Steps: 50, Eta: 1}, nil)
	if err != nil {
		panic(err)
	}
	first, last := curves.Validation[0].Value, curves.Validation[len(curves.Validation)-1].Value
	fmt.Println(den.GlobalStep(), "steps; validation loss dropped:", last < first, "; samples:", len(samples))
	// Output: 100 steps; validation loss dropped: true ; samples: 1000
}
