package netkind_test

import (
	"fmt"

	"github.com/statesdiffusion/states/ddpm/netkind"
)

// Code that depends on the network kind reads its row instead of comparing
// kinds.
func ExampleKind_Spec() {
	for _, k := range netkind.All() {
		s := k.Spec()
		fmt.Printf("%-11s outputs %d, sampler %q, guidance %q, checkpoint %s\n", k, s.Outputs, s.Sampler, s.Guidance, s.Checkpoint)
	}
	fmt.Println(netkind.Conditional.Spec().Guided.Of(3), netkind.Flow.CurvesPath("outputs"))
	// Output:
	// denoiser    outputs 2, sampler "reverse", guidance "classifier", checkpoint checkpoints/denoiser
	// classifier  outputs 5, sampler "", guidance "", checkpoint checkpoints/classifier
	// flow        outputs 2, sampler "ode", guidance "", checkpoint checkpoints/flow
	// conditional outputs 2, sampler "reverse", guidance "classifier-free", checkpoint checkpoints/conditional
	// cfg_gen_samples_3 outputs/flow_curves.json
}
