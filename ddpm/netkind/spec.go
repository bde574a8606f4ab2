package netkind

import "fmt"

// Spec is one row of the table: what a network kind carries.
type Spec struct {
	// Kind is the kind of the row.
	Kind Kind
	// Title names the network in messages and records, e.g. "conditional
	// denoiser".
	Title string
	// Course describes the course's PyTorch state_dict of the kind (the
	// help of ddpm import).
	Course string

	// LabelInput says that the network also reads the state label, one-hot
	// over states.Num + 1 classes (the last means "no label", which label
	// dropout trains).
	LabelInput bool
	// Outputs is the width of the network's output.
	Outputs int
	// Target is what the output predicts; it decides the training loss and
	// how the training batches are noised.
	Target Target
	// NeedsLabels says that training reads the data's state labels.
	NeedsLabels bool
	// CourseScheme says that the handout's in-memory training scheme
	// ("course") can train it; the others train on fresh batches only.
	CourseScheme bool

	// Sampler is the family of samplers that draw from the network
	// (SamplerNone: it does not sample).
	Sampler Sampler
	// Guidance is how its samples are steered toward a state (GuidanceNone:
	// they are not).
	Guidance Guidance

	// Checkpoint is the checkpoint folder inside an output folder,
	// CourseCheckpoint the course-format checkpoint (a PyTorch state_dict
	// of the course's MLP) beside it, Curves the training curves.
	Checkpoint       string
	CourseCheckpoint string
	Curves           string
	// Uncond is the result of its unguided samples (zero: it has none).
	Uncond Uncond
	// Guided are the results of its guided samples (zero: it has none).
	Guided Guided
	// Step is the field of TrainingSteps (of a result's provenance) that
	// records the training step of a network of the kind.
	Step func(*TrainingSteps) *int
}

// Target is what a network's output predicts.
type Target string

const (
	// TargetNoise is the noise eps of x_t = sqrt(abar_t) x_0 + sqrt(1 -
	// abar_t) eps, at a diffusion time t in 1..T (fed as tbar); the loss is
	// the mean squared error.
	TargetNoise Target = "noise"
	// TargetVelocity is flow matching's velocity eps - x_0 on the straight
	// path x_u = (1 - u) x_0 + u eps, at a continuous time u in [0, 1] (0 at
	// the data); the loss is the mean squared error.
	TargetVelocity Target = "velocity"
	// TargetLabel is the state label of x_t, as states.Num logits; the loss
	// is the cross-entropy, and the gradient of its log-probability guides
	// a denoiser (GuidanceClassifier).
	TargetLabel Target = "label"
)

// Sampler is a family of samplers.
type Sampler string

const (
	// SamplerNone: the network does not sample.
	SamplerNone Sampler = ""
	// SamplerReverse is the reverse diffusion process: DDPM ancestral
	// sampling or DDIM.
	SamplerReverse Sampler = "reverse"
	// SamplerODE integrates the flow's ODE (Euler or midpoint steps).
	SamplerODE Sampler = "ode"
)

// Guidance is how samples are steered toward a state.
type Guidance string

const (
	// GuidanceNone: unguided samples only.
	GuidanceNone Guidance = ""
	// GuidanceClassifier steers the samples with the gradient of a
	// classifier's log-probability (a network of TargetLabel) at a scale s.
	GuidanceClassifier Guidance = "classifier"
	// GuidanceFree is classifier-free guidance with a weight w: (1 + w)
	// eps(x, y) - w eps(x, no label), from the network alone.
	GuidanceFree Guidance = "classifier-free"
)

// Uncond names the result of a kind's unguided samples.
type Uncond struct {
	// Name is the result's name in provenance.json and the base name of
	// its files (.npy, .pt), e.g. "uncond_gen_samples".
	Name string
	// Metric is its entry in metrics.json, e.g. "uncond".
	Metric string
	// Snapshots says that the reverse process of some samples is kept with
	// them (uncond_snapshots.json).
	Snapshots bool
}

// Guided names the results of a kind's guided samples: one per state, and
// a guidance sweep.
type Guided struct {
	// Name is the format (of the state's index) of the result of one
	// state's samples and the base name of its files (.npy, .pt), e.g.
	// "cond_gen_samples_%d".
	Name string
	// Metric is the format of their entry in metrics.json, e.g. "cond_%d".
	Metric string
	// Sweep is the result of the guidance sweep, saved as Sweep + ".json".
	Sweep string
}

// Of returns the result name of the guided samples of state label, e.g.
// "cond_gen_samples_2".
func (g Guided) Of(label int) string { return fmt.Sprintf(g.Name, label) }

// MetricOf returns the metrics.json entry of the guided samples of state
// label, e.g. "cond_2".
func (g Guided) MetricOf(label int) string { return fmt.Sprintf(g.Metric, label) }
