package netkind

import "github.com/statesdiffusion/states/ddpm/states"

// table is the one table of the network kinds, in the handout's order.
// Every name of a file or result here is on disk: changing one breaks the
// folders written before.
var table = []Spec{
	{
		Kind: Denoiser, Title: "denoiser",
		Course:  "the denoiser eps_theta: MLP(input_dim=3, hidden_layers=..., output_dim=2)",
		Outputs: 2, Target: TargetNoise, CourseScheme: true,
		Sampler: SamplerReverse, Guidance: GuidanceClassifier,
		Checkpoint: "checkpoints/denoiser", CourseCheckpoint: "checkpoints/denoiser.pt", Curves: "denoiser_curves.json",
		Uncond: Uncond{Name: "uncond_gen_samples", Metric: "uncond", Snapshots: true},
		Guided: Guided{Name: "cond_gen_samples_%d", Metric: "cond_%d", Sweep: "guidance_sweep"},
		Step:   func(t *TrainingSteps) *int { return &t.DenoiserStep },
	},
	{
		Kind: Classifier, Title: "classifier",
		Course:  "the noisy classifier: MLP(input_dim=3, hidden_layers=..., output_dim=5)",
		Outputs: states.Num, Target: TargetLabel, NeedsLabels: true, CourseScheme: true,
		Checkpoint: "checkpoints/classifier", CourseCheckpoint: "checkpoints/classifier.pt", Curves: "classifier_curves.json",
		Step: func(t *TrainingSteps) *int { return &t.ClassifierStep },
	},
	{
		Kind: Flow, Title: "flow",
		Course:  "a flow's velocity field: input (x, y, u), u in [0, 1], 0 at the data",
		Outputs: 2, Target: TargetVelocity,
		Sampler:    SamplerODE,
		Checkpoint: "checkpoints/flow", CourseCheckpoint: "checkpoints/flow.pt", Curves: "flow_curves.json",
		Uncond: Uncond{Name: "flow_gen_samples", Metric: "flow"},
		Step:   func(t *TrainingSteps) *int { return &t.FlowStep },
	},
	{
		Kind: Conditional, Title: "conditional denoiser",
		Course:     "a conditional denoiser: input (x, y, tbar, one-hot label of 6, the last \"no label\")",
		LabelInput: true, Outputs: 2, Target: TargetNoise, NeedsLabels: true,
		Sampler: SamplerReverse, Guidance: GuidanceFree,
		Checkpoint: "checkpoints/conditional", CourseCheckpoint: "checkpoints/conditional.pt", Curves: "conditional_curves.json",
		Guided: Guided{Name: "cfg_gen_samples_%d", Metric: "cfg_%d", Sweep: "cfg_sweep"},
		Step:   func(t *TrainingSteps) *int { return &t.ConditionalStep },
	},
}
