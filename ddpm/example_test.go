package ddpm_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/ddpm/torchpt"
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
		Kind: netkind.Denoiser, Data: data, Config: cfg, Backend: backend})
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

// Export a network with the course's architecture (one shared PReLU slope)
// as the state_dict that the course's model.py MLP loads, and import it
// back, as ddpm export and ddpm import do.
func ExampleNet_ExportCourse() {
	backend, err := backends.New("go")
	if err != nil {
		panic(err)
	}
	arch, err := ddpm.NetArch(netkind.Classifier, []int{100, 200, 500})
	if err != nil {
		panic(err)
	}
	arch.SharedPReLU = true
	clf, err := ddpm.NewNetOf(netkind.Classifier, arch, diffusion.DefaultScheduleConfig(), backend, 1)
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "export")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "classifier.pt")
	if err := clf.ExportCourse(path); err != nil {
		panic(err)
	}
	sd, err := torchpt.ReadStateDict(path)
	if err != nil {
		panic(err)
	}
	keys := make([]string, len(sd))
	for i, t := range sd {
		keys[i] = fmt.Sprint(t.Name, t.Shape)
	}
	fmt.Print(strings.Join(keys, " "))
	back, err := ddpm.ImportCourse(netkind.Classifier, path, diffusion.TimeHandout, backend)
	if err != nil {
		panic(err)
	}
	fmt.Println("\nimported:", back.Arch.Sizes, "shared slope:", back.Arch.SharedPReLU)
	// Output:
	// act.weight[1] model.0.weight[100 3] model.0.bias[100] model.1.weight[1] model.2.weight[200 100] model.2.bias[200] model.3.weight[1] model.4.weight[500 200] model.4.bias[500] model.5.weight[1] model.6.weight[5 500] model.6.bias[5]
	// imported: [3 100 200 500 5] shared slope: true
}
