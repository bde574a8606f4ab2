package ddpm

import (
	"fmt"
	"math"

	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
)

// Training schemes: where each batch of (x_0, t, eps) comes from.
const (
	// SchemeFresh draws a fresh (x_0, t, eps) for every example of every
	// batch: the default, it never sees the same noisy point twice.
	SchemeFresh = "fresh"
	// SchemeCourse is the handout's scheme: an in-memory set of N x T noisy
	// points (every training point at every t), shuffled into batches each
	// epoch and re-noised every RefreshEpochs epochs.
	SchemeCourse = "course"
)

// Learning-rate schedules.
const (
	LRCosine   = "cosine"   // linear warm-up, then cosine decay to MinLRFraction x LR
	LRConstant = "constant" // linear warm-up, then constant
)

// TrainConfig configures the training of a network.
type TrainConfig struct {
	// Hidden are the widths of the hidden layers.
	Hidden []int `json:"hidden"`
	// PReLU is PReLUShared (one slope for the network, the course's
	// model.py, so that the course's MLP class loads it: see
	// Net.ExportCourse; the default recipes) or PReLULayer (one slope per
	// hidden layer; empty means PReLULayer, as in the checkpoints written
	// before this option).
	PReLU string `json:"prelu,omitempty"`
	// Embed is the input embedding of the network (the zero value: none,
	// the course's (x, y, tbar)).
	Embed Embedding `json:"embed,omitzero"`
	// Schedule is the diffusion schedule (T = 500 linear by default).
	Schedule diffusion.ScheduleConfig `json:"schedule"`
	// Steps is the total number of optimizer steps.
	Steps int `json:"steps"`
	// Batch is the batch size.
	Batch int `json:"batch"`
	// LR is the peak learning rate of Adam (betas 0.9, 0.999, epsilon 1e-8
	// as in PyTorch).
	LR float64 `json:"lr"`
	// LRSchedule is LRCosine or LRConstant.
	LRSchedule string `json:"lr_schedule"`
	// WarmupSteps ramps the learning rate linearly from 0.
	WarmupSteps int `json:"warmup_steps"`
	// MinLRFraction is the end of the cosine decay, as a fraction of LR.
	MinLRFraction float64 `json:"min_lr_fraction"`
	// EMADecay > 0 keeps an exponential moving average of the weights,
	// used for sampling.
	EMADecay float64 `json:"ema_decay"`
	// Scheme is SchemeFresh or SchemeCourse.
	Scheme string `json:"scheme"`
	// LowTFraction of the examples of each fresh batch draw t uniformly from
	// 1..LowTMax instead of 1..T: extra examples at small noise levels, where
	// the network learns how sharp the outlines are. 0 keeps t uniform.
	LowTFraction float64 `json:"low_t_fraction,omitempty"`
	LowTMax      int     `json:"low_t_max,omitempty"`
	// LabelDropout is the probability that the conditional denoiser sees
	// NoLabel instead of the point's state, which trains the unconditional
	// model of classifier-free guidance in the same network.
	LabelDropout float64 `json:"label_dropout,omitempty"`
	// RefreshEpochs re-noises the course scheme's set every so many epochs.
	RefreshEpochs int `json:"refresh_epochs"`
	// ValFraction of the points is held out for validation.
	ValFraction float64 `json:"val_fraction"`
	// EvalEvery steps the validation loss is recorded.
	EvalEvery int `json:"eval_every"`
	// NLLEvery steps (denoiser only; 0 = never) NLLSamples points are drawn
	// with DDIM (100 steps, eta 1) and scored with the KDE NLL.
	NLLEvery   int `json:"nll_every"`
	NLLSamples int `json:"nll_samples"`
	// CheckpointEvery steps a checkpoint is written (and at the end).
	CheckpointEvery int `json:"checkpoint_every"`
	// Seed fixes initialization, data split and every batch.
	Seed uint64 `json:"seed"`
}

// DefaultDenoiserConfig is the default recipe for the course's denoiser,
// tuned for a CPU: fresh noise per batch, batch 512, 8000 Adam steps with
// warm-up and cosine decay from 2e-3, and 80% of each batch at small noise
// (t <= 30), where the sharpness of the outlines is learned (uniform t blurs
// them at this budget).
//
// Measured on a 2-core CPU with ONNX Runtime (about 70 s; 5000 DDPM
// samples, seed 1): precision 0.991, recall 1.000 at r = 0.05, NLL 2.1617
// (data 2.1619); guided Michigan precision 0.96. The same steps with 70% at
// t <= 50: precision 0.981, guided Michigan 0.91; 4000 steps: 0.963 / 0.89;
// uniform t: precision 0.79 (5000 steps).
//
// The network has the course's one shared PReLU slope (PReLUShared), so
// that its export loads into the course's MLP. Measured against one slope
// per layer (same recipe; 5000 DDPM samples, seeds 1, 2, 3; data NLL
// 2.1619; 2 shared cores), the shared slope costs about 0.002 of precision
// and of NLL on both CPU backends:
//
//	backend  PReLU   precision               NLL                     val. loss
//	go       shared  0.9888 0.9902 0.9910    2.1631 2.1620 2.1635    0.3368
//	go       layer   0.9918 0.9934 0.9910    2.1609 2.1606 2.1618    0.3378
//	onnx     shared  0.9870 0.9894 0.9888    2.1626 2.1626 2.1654    0.3385
//	onnx     layer   0.9908 0.9902 0.9908    2.1617 2.1613 2.1628    0.3371
//
// Guided label accuracy (1000 per state, with the classifier of the same
// PReLU mode) is 0.989-1.000 in all four, guided Michigan precision
// 0.952-0.962.
func DefaultDenoiserConfig() TrainConfig {
	return TrainConfig{
		Hidden: append([]int(nil), DefaultDenoiserHidden...), PReLU: PReLUShared, Schedule: diffusion.DefaultScheduleConfig(),
		Steps: 8000, Batch: 512, LR: 2e-3, LRSchedule: LRCosine, WarmupSteps: 100, MinLRFraction: 0.02,
		LowTFraction: 0.8, LowTMax: 30,
		Scheme: SchemeFresh, RefreshEpochs: 100, ValFraction: 0.1, EvalEvery: 100,
		NLLEvery: 2000, NLLSamples: 1000, CheckpointEvery: 1000, Seed: 1,
	}
}

// DefaultClassifierConfig is the default recipe for the course's noisy
// classifier 3 -> 100 -> 200 -> 500 -> 5: batch 1024, 2500 Adam steps, and
// 30% of each batch at t <= 200, where a point's state is still
// recognizable and guidance decides where a sample goes (above t = 300 the
// classifier is near chance whatever its training).
//
// Measured with the default denoiser (5000 guided samples per state, scale
// 1): label accuracy 0.994-0.999 for every state, against 0.984-0.990 with
// uniform t (1500 or 3000 steps), whose Idaho and Wisconsin fall below 98.5%.
func DefaultClassifierConfig() TrainConfig {
	return TrainConfig{
		Hidden: append([]int(nil), DefaultClassifierHidden...), PReLU: PReLUShared, Schedule: diffusion.DefaultScheduleConfig(),
		Steps: 2500, Batch: 1024, LR: 2e-3, LRSchedule: LRCosine, WarmupSteps: 100, MinLRFraction: 0.02,
		LowTFraction: 0.3, LowTMax: 200,
		Scheme: SchemeFresh, RefreshEpochs: 100, ValFraction: 0.1, EvalEvery: 100,
		CheckpointEvery: 500, Seed: 2,
	}
}

// DefaultFlowConfig is the default recipe for the flow-matching velocity
// field: the denoiser's network, budget (8000 x 512, cosine from 2e-3) and
// low-noise share, 80% of each batch at u <= 30/500 = 0.06, near the data,
// where the field pulls the points onto the outlines.
//
// Measured (5000 samples, seed 1; data NLL 2.1619): midpoint 25 steps (50
// evaluations) NLL 2.1636, precision 0.965, recall 1.000; Euler 50 steps
// 2.1611, 0.960, 0.999. With u <= 0.12: 2.1703, 0.981, 1.000 (midpoint);
// u <= 0.24: 2.1583, 0.968, 1.000.
//
// It keeps the course's input: the sinusoidal embedding sharpens the
// outlines but leaves samples off them (midpoint 25 steps, seed 1, x_0
// clipped to the data's box; samples farther than 0.3 from the data):
//
//	input, low-noise share          NLL     precision  > 0.3 (largest)
//	course (x, y, u), 80%/30        2.1661  0.971      2 (0.36)
//	sinusoidal 32/25, 80%/30        2.1758  0.976      22 (0.62)
//	sinusoidal 32/25, 70%/50        2.1650  0.992      13 (0.61)
//	sinusoidal 32/25, 70%/100       2.1663  0.990      6 (0.62)
//	sinusoidal, raw inputs, 70%/50  2.1665  0.988      14 (0.54)
//
// (without the clipping, 70%/50: 2.1713, 0.991, 20 (0.85); 100 midpoint
// steps change nothing: the ODE carries those samples to the holes).
func DefaultFlowConfig() TrainConfig {
	c := DefaultDenoiserConfig()
	c.Seed = 3
	return c
}

// DefaultConditionalConfig is the default recipe for the conditional
// denoiser of classifier-free guidance: the denoiser's recipe with the
// sinusoidal embedding (WithEmbedding), and the label dropped to NoLabel
// for 20% of the examples.
//
// Measured (5000 samples per state, DDIM 100 steps, w = 0; precision of
// Michigan, the lowest, and label accuracy over the five states):
//
//	input, low-noise share       eta  Michigan precision  label accuracy
//	course (x, y, tbar), 80%/30  0    0.967               1.000
//	sinusoidal 32/25, 80%/30     0    0.974               0.980-0.989
//	sinusoidal 32/25, 70%/50     0    0.983               0.995-0.998
//	sinusoidal 32/25, 70%/50     1    0.991 (seed 2: 0.991)  0.998-1.000
//	sinusoidal 32/25, 70%/100    0    0.977               0.997-0.999
//	sinusoidal 32/25, 70%/100    1    0.984               1.000
//
// Another training of the 70%/50 recipe (the other CPU backend) gave
// Michigan 0.988 at eta 1, and 0.997 with all 500 steps at eta 1 (DDPM),
// every state 0.997 or more, label accuracy 0.999 or more: the sampler
// of its guided sets (pipeline.GuidedSamplerOf).
func DefaultConditionalConfig() TrainConfig {
	c := DefaultDenoiserConfig().WithEmbedding(DefaultEmbedding())
	c.LabelDropout = 0.2
	c.Seed = 4
	return c
}

// DefaultEmbedding is the input embedding of the conditional denoiser's
// recipe: sinusoidal, 32 frequencies, scale 25.
func DefaultEmbedding() Embedding { return SinusoidalEmbedding(DefaultEmbedFreqs, DefaultEmbedScale) }

// Low-noise share of a recipe with an input embedding (WithEmbedding): 70%
// of each batch at t <= 50.
const (
	embedLowTFraction = 0.7
	embedLowTMax      = 50
)

// WithEmbedding returns c with the input embedding e and, for an embedding
// other than none, the low-noise share measured with it: 70% of each batch
// at t <= 50 instead of the course input's 80% at t <= 30. The embedded
// network draws the outlines thin from the small-noise examples alone, and
// needs the examples at t in 30..100 to pull the samples out of the empty
// middle of the map, where the course's smoother network interpolates.
//
// Measured on the denoiser (8000 x 512; 5000 DDPM samples, sampling seeds
// 1-4; data NLL 2.1619; guided Michigan: classifier guidance with the
// course's classifier, DDIM 100 steps), each with the predicted x_0
// clipped to the data's box (SampleConfig.Clip's default for embedded
// networks), which stops the samples that fly off (up to 8 away without
// it):
//
//	input                          NLL            precision  > 0.3 from data  guided Michigan
//	course (x, y, tbar), 80%/30    2.1626         0.987      0                0.956
//	sinusoidal 32/25, 80%/30       2.1627-2.1674  0.999      0, 1, 0, 1       0.993
//	sinusoidal 32/25, 70%/50       2.1562-2.1618  0.999      0, 0, 0, 0       0.992
//
// (the largest distance over the four sets: 0.50 and 0.11).
func (c TrainConfig) WithEmbedding(e Embedding) TrainConfig {
	c.Embed = e
	if !e.None() {
		c.LowTFraction, c.LowTMax = embedLowTFraction, embedLowTMax
	}
	return c
}

// recipes are the default recipes of the network kinds: the part of a row
// of the kind table (netkind) that needs this package's TrainConfig. Every
// kind of the table has one (a test checks).
var recipes = map[netkind.Kind]func() TrainConfig{
	netkind.Denoiser:    DefaultDenoiserConfig,
	netkind.Classifier:  DefaultClassifierConfig,
	netkind.Flow:        DefaultFlowConfig,
	netkind.Conditional: DefaultConditionalConfig,
}

// DefaultTrainConfig returns the default recipe of a network kind.
func DefaultTrainConfig(kind netkind.Kind) (TrainConfig, error) {
	if _, err := netkind.Lookup(kind); err != nil {
		return TrainConfig{}, err
	}
	recipe, ok := recipes[kind]
	if !ok {
		return TrainConfig{}, fmt.Errorf("network kind %q has no default recipe", kind)
	}
	return recipe(), nil
}

// Validate checks the configuration for values that cannot work.
func (c TrainConfig) Validate() error {
	switch {
	case c.Steps <= 0:
		return fmt.Errorf("steps = %d, want > 0", c.Steps)
	case c.Batch <= 0:
		return fmt.Errorf("batch = %d, want > 0", c.Batch)
	case !(c.LR > 0):
		return fmt.Errorf("lr = %g, want > 0", c.LR)
	case c.WarmupSteps < 0:
		return fmt.Errorf("warmup = %d, want >= 0", c.WarmupSteps)
	case c.MinLRFraction < 0 || c.MinLRFraction > 1:
		return fmt.Errorf("min lr fraction = %g, want in [0, 1]", c.MinLRFraction)
	case c.EMADecay < 0 || c.EMADecay >= 1:
		return fmt.Errorf("ema decay = %g, want in [0, 1)", c.EMADecay)
	case !(c.ValFraction >= 0 && c.ValFraction < 1):
		return fmt.Errorf("validation fraction = %g, want in [0, 1)", c.ValFraction)
	case !(c.LowTFraction >= 0 && c.LowTFraction <= 1):
		return fmt.Errorf("low-t fraction = %g, want in [0, 1]", c.LowTFraction)
	case !(c.LabelDropout >= 0 && c.LabelDropout < 1):
		return fmt.Errorf("label dropout = %g, want in [0, 1)", c.LabelDropout)
	case c.LowTFraction > 0 && (c.LowTMax < 1 || c.LowTMax > c.Schedule.T):
		return fmt.Errorf("low-t max = %d, want in [1, T = %d]", c.LowTMax, c.Schedule.T)
	case c.EvalEvery < 0 || c.NLLEvery < 0 || c.NLLSamples < 0 || c.CheckpointEvery < 0 || c.RefreshEpochs < 0:
		return fmt.Errorf("negative eval/nll/checkpoint/refresh interval")
	}
	switch c.PReLU {
	case "", PReLULayer, PReLUShared:
	default:
		return fmt.Errorf("unknown prelu %q: want %q or %q", c.PReLU, PReLULayer, PReLUShared)
	}
	if err := c.Embed.Validate(); err != nil {
		return err
	}
	switch c.Scheme {
	case "", SchemeFresh, SchemeCourse:
	default:
		return fmt.Errorf("unknown scheme %q: want %q or %q", c.Scheme, SchemeFresh, SchemeCourse)
	}
	switch c.LRSchedule {
	case "", LRCosine, LRConstant:
	default:
		return fmt.Errorf("unknown lr schedule %q: want %q or %q", c.LRSchedule, LRCosine, LRConstant)
	}
	for _, h := range c.Hidden {
		if h <= 0 {
			return fmt.Errorf("hidden widths %v: want all > 0", c.Hidden)
		}
	}
	_, err := diffusion.NewSchedule(c.Schedule)
	return err
}

// LearningRate returns the learning rate at step (0-based).
func (c TrainConfig) LearningRate(step int) float64 {
	if c.WarmupSteps > 0 && step < c.WarmupSteps {
		return c.LR * float64(step+1) / float64(c.WarmupSteps)
	}
	if c.LRSchedule == LRConstant {
		return c.LR
	}
	span := max(c.Steps-c.WarmupSteps, 1)
	p := min(float64(step-c.WarmupSteps)/float64(span), 1)
	lo := c.LR * c.MinLRFraction
	return lo + (c.LR-lo)*0.5*(1+math.Cos(math.Pi*p))
}
