package pipeline

import (
	"fmt"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/states"
)

// Budget is how much one run of the pipeline computes: the training steps
// of each network kind, the sample counts, the samplers' steps and the
// sweep grids. It is the one place these numbers live: `ddpm all` runs
// FullBudget (its stages' flags are derived from it), `ddpm all -quick` and
// the notebooks with FullQuality = false run QuickBudget, the notebooks
// with FullQuality = true FullBudget.
type Budget struct {
	// Name is the budget's name in the results' provenance ("quick" or
	// "full") and in `ddpm explore -grid`.
	Name string
	// TrainSteps are the training steps of each network kind; a kind that
	// is absent keeps its default recipe (see Recipe).
	TrainSteps map[netkind.Kind]int
	// N is the number of samples of the unconditional set, of each state's
	// guided set and of the flow's set.
	N int
	// UncondSteps are the DDIM steps of the unconditional set (0: DDPM,
	// all T steps); SnapshotN is how many of its samples keep their
	// reverse process (the animation).
	UncondSteps, SnapshotN int
	// GuidedSteps are the DDIM steps of guided sampling (pipeline.GuidedSampler).
	GuidedSteps int
	// CFGSteps are the DDIM steps, at eta 1, of classifier-free guided
	// sampling (0: all T, which is DDPM); see GuidedSamplerOf.
	CFGSteps int
	// SweepN is the number of samples per state and value of the guidance
	// sweeps; GuidanceScales and CFGWeights are their values (classifier
	// guidance's scale s, classifier-free guidance's weight w; 0 is
	// unguided, or the conditional network alone).
	SweepN                     int
	GuidanceScales, CFGWeights []float64
	// StudyN and StudyNFEs are the study's samples per setting and its
	// budgets in network evaluations per sample.
	StudyN    int
	StudyNFEs []int
	// MapGrid is the side of the classifier's prediction map, in cells.
	MapGrid int
	// ForwardPerState is the points per state that the forward-process
	// charts draw (0: all of the dataset's).
	ForwardPerState int
	// Explore is the explorer page's grid of precomputed settings.
	Explore ExploreGrid
	// Ablation is the size of the ablation grid (ddpm ablate, notebook 07).
	Ablation AblationBudget
}

// quickTrainSteps is the quick budget's training: enough for recognisable
// outlines in well under a minute a network on a laptop CPU.
const quickTrainSteps = 2500

// The guidance sweeps' values, the same on every budget: classifier
// guidance's scale s and classifier-free guidance's weight w.
var (
	guidanceScales = []float64{0, 0.5, 1, 2, 4, 8}
	cfgWeights     = []float64{0, 0.5, 1, 3}
)

// FullBudget is the default recipes of every network and the report's
// sample counts and grids.
var FullBudget = Budget{
	Name: "full",
	N:    5000, UncondSteps: 0, SnapshotN: 1000, GuidedSteps: 100, CFGSteps: 0,
	SweepN: 500, GuidanceScales: guidanceScales, CFGWeights: cfgWeights,
	StudyN: 5000, StudyNFEs: []int{5, 10, 20, 50, 100, 500},
	MapGrid: 120, ForwardPerState: 0,
	Explore: ExploreGrid{
		Steps: map[string][]int{ddpm.MethodDDPM: {0}, ddpm.MethodDDIM: {5, 10, 20, 50, 100},
			ddpm.MethodEuler: {2, 5, 10, 20, 50}, ddpm.MethodMidpoint: {1, 3, 5, 10, 25}},
		Guided:           map[string][]int{ddpm.MethodDDIM: {5, 10, 20, 50}},
		ClassifierScales: guidanceScales, CFGWeights: cfgWeights,
		N: 500, Seed: 1, Frames: 20, LiveMaxEvals: 40,
	},
	// Every row, each cell trained for a quarter of the default recipe's
	// steps (2000 of 8000, batch 512) and scored on 1000 samples: 2 to 3
	// minutes on the 2-core development machine.
	Ablation: AblationBudget{Name: "full", Steps: 2000, Batch: 512, N: 1000, Seed: 1},
}

// QuickBudget is the demo budget: short training, a few hundred samples,
// DDIM where the full budget runs all T steps. Its models draw the states'
// outlines roughly; FullBudget's sharply.
var QuickBudget = Budget{
	Name: "quick",
	TrainSteps: map[netkind.Kind]int{netkind.Denoiser: quickTrainSteps, netkind.Classifier: 300,
		netkind.Flow: quickTrainSteps, netkind.Conditional: quickTrainSteps},
	N: 500, UncondSteps: 100, SnapshotN: 200, GuidedSteps: 100, CFGSteps: 100,
	SweepN: 100, GuidanceScales: guidanceScales, CFGWeights: cfgWeights,
	StudyN: 500, StudyNFEs: []int{5, 10, 20, 50},
	MapGrid: 80, ForwardPerState: 300,
	Explore: ExploreGrid{
		Steps: map[string][]int{ddpm.MethodDDPM: {0}, ddpm.MethodDDIM: {10, 50},
			ddpm.MethodEuler: {5, 20}, ddpm.MethodMidpoint: {5}},
		Guided:           map[string][]int{ddpm.MethodDDIM: {10}},
		ClassifierScales: []float64{0, 2}, CFGWeights: []float64{0, 3},
		N: 200, Seed: 1, Frames: 10, LiveMaxEvals: 40,
	},
	// The three rows that differ most (width x depth, share of small t,
	// training steps), each cell trained for 1000 steps of batch 256 (an
	// eighth of the full grid's examples) and scored on 500 samples: about
	// a minute.
	Ablation: AblationBudget{Name: "quick", Steps: 1000, Batch: 256, N: 500, Seed: 1, Axes: []string{"size", "low-t", "steps"}},
}

// Budgets are the budgets by name.
var Budgets = map[string]Budget{FullBudget.Name: FullBudget, QuickBudget.Name: QuickBudget}

// NotebookBudget is the budget of a notebook: FullBudget with full,
// QuickBudget otherwise.
func NotebookBudget(full bool) Budget {
	if full {
		return FullBudget
	}
	return QuickBudget
}

// ForwardData is the states' configuration of the forward-process charts:
// the default one, with ForwardPerState points per state when set.
func (b Budget) ForwardData() states.Config {
	cfg := states.DefaultConfig()
	if b.ForwardPerState > 0 {
		cfg.PerState = b.ForwardPerState
	}
	return cfg
}

// Recipe is the training recipe of a network kind on this budget: its
// default recipe, cut to TrainSteps[kind] when the budget sets it, with
// evaluations, checkpoints and the NLL monitor spaced to match.
func (b Budget) Recipe(kind netkind.Kind) (ddpm.TrainConfig, error) {
	cfg, err := ddpm.DefaultTrainConfig(kind)
	if err != nil {
		return cfg, err
	}
	steps, cut := b.TrainSteps[kind]
	if !cut || steps >= cfg.Steps {
		return cfg, nil
	}
	if steps <= 0 {
		return cfg, fmt.Errorf("budget %s: %d training steps for %s, want > 0", b.Name, steps, kind)
	}
	cfg.Steps = steps
	cfg.WarmupSteps = min(cfg.WarmupSteps, steps/10)
	cfg.EvalEvery = max(1, min(cfg.EvalEvery, steps/50))
	cfg.CheckpointEvery = max(1, steps/5)
	if cfg.NLLEvery > 0 {
		cfg.NLLEvery = max(1, steps/4)
		cfg.NLLSamples = min(cfg.NLLSamples, 500)
	}
	return cfg, nil
}

// UncondSampler is the sampling of the unconditional set: DDPM over all T
// steps, or DDIM with UncondSteps (and the posterior's noise, eta = 1).
func (b Budget) UncondSampler() ddpm.SampleConfig {
	cfg := ddpm.DefaultSampleConfig()
	cfg.N, cfg.SnapshotN = b.N, b.SnapshotN
	if b.UncondSteps > 0 {
		cfg.Method, cfg.Steps, cfg.Eta = ddpm.MethodDDIM, b.UncondSteps, 1
	}
	return cfg
}

// GuidedSampler is GuidedSampler with the budget's sample count and steps.
func (b Budget) GuidedSampler() ddpm.SampleConfig {
	cfg := GuidedSampler(b.N, ddpm.DefaultSampleConfig().Seed)
	cfg.Steps = b.GuidedSteps
	return cfg
}

// SweepSampler is GuidedSampler with SweepN samples.
func (b Budget) SweepSampler() ddpm.SampleConfig {
	cfg := b.GuidedSampler()
	cfg.N = b.SweepN
	return cfg
}

// GuidedSamplerOf is the sampler of the guided sets of a network kind:
// GuidedSampler (the handout's deterministic DDIM) for classifier
// guidance; for classifier-free guidance (the conditional denoiser) DDIM
// with CFGSteps and eta 1, the posterior's noise (with all T steps, DDPM:
// the unconditional sets' sampler). The deterministic steps leave a few of
// its samples between the states: with the default conditional denoiser
// (sinusoidal embedding; 5000 per state, w = 0) Michigan's precision is
// 0.983 with 100 steps at eta 0, 0.988-0.991 at eta 1 (two trainings, two
// seeds), 0.997 with all 500 steps at eta 1, where every state's is 0.997
// or more and the label accuracy 0.999 or more; the five sets take about
// five times as long as with 100 steps.
func (b Budget) GuidedSamplerOf(kind netkind.Kind) ddpm.SampleConfig {
	cfg := b.GuidedSampler()
	if kind.Spec().Guidance == netkind.GuidanceFree {
		cfg.Steps, cfg.Eta = b.CFGSteps, 1
	}
	return cfg
}

// SweepSamplerOf is GuidedSamplerOf with SweepN samples.
func (b Budget) SweepSamplerOf(kind netkind.Kind) ddpm.SampleConfig {
	cfg := b.GuidedSamplerOf(kind)
	cfg.N = b.SweepN
	return cfg
}

// FlowSampler is the flow's set: N samples with the midpoint method and
// its default steps.
func (b Budget) FlowSampler() ddpm.SampleConfig {
	return ddpm.SampleConfig{N: b.N, Seed: 1, Method: ddpm.MethodMidpoint, Steps: ddpm.DefaultFlowSteps}
}
