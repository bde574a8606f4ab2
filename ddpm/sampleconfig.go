package ddpm

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/statesdiffusion/states/ddpm/netkind"
)

// Sampling methods.
const (
	// MethodDDPM is ancestral sampling (Ho et al. 2020), T steps.
	MethodDDPM = "ddpm"
	// MethodDDIM is DDIM (Song et al. 2021) on a subsequence of the steps,
	// with eta blending between deterministic (0) and DDPM-like (1) noise.
	MethodDDIM = "ddim"
	// MethodEuler integrates a flow's ODE with Euler steps (one network
	// evaluation each).
	MethodEuler = "euler"
	// MethodMidpoint integrates a flow's ODE with the explicit midpoint
	// rule (two evaluations per step); the flow's default.
	MethodMidpoint = "midpoint"
)

// Defaults of the flow's sampler: 25 midpoint steps (50 network
// evaluations per sample) on the grid u_k = (1 - k/25)^2.
const (
	DefaultFlowSteps = 25
	DefaultFlowPower = 2
)

// Variances of the DDPM step.
const (
	// VarianceBeta uses sigma_t^2 = beta_t.
	VarianceBeta = "beta"
	// VariancePosterior uses the posterior variance
	// (1 - alphabar_{t-1}) / (1 - alphabar_t) beta_t.
	VariancePosterior = "posterior"
)

// SampleConfig configures sampling from a trained denoiser or flow.
type SampleConfig struct {
	// N is the number of samples.
	N int `json:"n"`
	// Seed fixes x_T and every noise draw.
	Seed uint64 `json:"seed"`
	// Method is MethodDDPM (the denoisers' default) or MethodDDIM for the
	// denoisers, MethodMidpoint (default) or MethodEuler for the flow.
	Method string `json:"method"`
	// Variance is VariancePosterior (default) or VarianceBeta, for DDPM.
	Variance string `json:"variance"`
	// Steps is the number of DDIM steps (0: all T) or of ODE steps (0:
	// DefaultFlowSteps).
	Steps int `json:"steps"`
	// Eta is DDIM's noise level: 0 deterministic, 1 the posterior variance.
	Eta float64 `json:"eta"`
	// Power shapes the flow solver's time grid, u_k = (1 - k/Steps)^Power
	// (0: DefaultFlowPower): above 1 the steps crowd near the data.
	Power float64 `json:"power,omitempty"`
	// StepsPerCall is how many steps one compiled call runs (default 10):
	// fewer host round-trips, at the cost of a larger graph.
	StepsPerCall int `json:"steps_per_call"`
	// Batch is the chunk of samples run at once (0: all N).
	Batch int `json:"batch"`
	// SnapshotN > 0 records x_t of the first SnapshotN samples after every
	// call (every StepsPerCall steps), for the reverse-process animation.
	SnapshotN int `json:"snapshot_n"`
	// Clip says whether each DDPM or DDIM step (each evaluation of the
	// flow's field) clips the x_0 it predicts to a box and steps from the
	// clipped prediction: ClipAuto (or empty), ClipOn or ClipOff; see
	// ClipBox.
	Clip string `json:"clip,omitempty"`
	// ClipX0 is the box to clip to; nil: the network's Net.DataBox.
	ClipX0 *Box `json:"clip_x0,omitempty"`
}

// Clipping modes of SampleConfig.Clip.
const (
	// ClipAuto clips the steps of a network with an input embedding, to
	// its training data's bounding box, and leaves the course's networks
	// the handout's step: the default. The sinusoidal features are
	// bounded, so such a network cannot pull back a sample that strays
	// beyond where it was trained, and the reverse step's 1/sqrt(alpha_t)
	// carries it away; the clipped prediction pulls it back.
	ClipAuto = "auto"
	// ClipOn clips every network's steps.
	ClipOn = "on"
	// ClipOff never clips: the handout's step.
	ClipOff = "off"
)

// DefaultSampleConfig returns DDPM ancestral sampling with the posterior
// variance of 5000 points.
func DefaultSampleConfig() SampleConfig {
	return SampleConfig{N: 5000, Seed: 1, Method: MethodDDPM, Variance: VariancePosterior, StepsPerCall: 10}
}

// Validate checks the configuration's sizes, method, variance and eta.
func (c SampleConfig) Validate() error {
	if c.N <= 0 {
		return fmt.Errorf("number of samples %d, want > 0", c.N)
	}
	if c.Batch < 0 || c.StepsPerCall < 0 || c.Steps < 0 || c.SnapshotN < 0 {
		return fmt.Errorf("negative batch, steps-per-call, steps or snapshot size")
	}
	if err := oneOf("sampling method", c.Method, MethodDDPM, MethodDDIM, MethodEuler, MethodMidpoint); err != nil {
		return err
	}
	if err := oneOf("variance", c.Variance, VariancePosterior, VarianceBeta); err != nil {
		return err
	}
	if !(c.Eta >= 0) {
		return fmt.Errorf("eta = %g, want >= 0", c.Eta)
	}
	if !(c.Power >= 0) {
		return fmt.Errorf("flow grid power = %g, want >= 0", c.Power)
	}
	if err := oneOf("clipping", c.Clip, ClipAuto, ClipOn, ClipOff); err != nil {
		return err
	}
	if c.ClipX0 != nil {
		if err := c.ClipX0.Validate(); err != nil {
			return fmt.Errorf("clip x0: %w", err)
		}
	}
	return nil
}

// CheckSteps returns an error when the configuration asks a network
// trained with T diffusion steps for more DDIM steps than T (Sample refuses
// such a configuration; 0 means all T).
func (c SampleConfig) CheckSteps(T int) error {
	if c.Method == MethodDDIM && c.Steps > T {
		return fmt.Errorf("the network was trained with T = %d diffusion steps, and DDIM takes at most T of them (0: all T)", T)
	}
	return nil
}

// ReverseSteps returns the number of steps per sample of the configuration
// on a schedule of T steps: DDIM's Steps (all T when 0; more than T is
// refused by CheckSteps), the ODE solvers' Steps (DefaultFlowSteps when
// 0), T for DDPM.
func (c SampleConfig) ReverseSteps(T int) int {
	switch {
	case c.Method == MethodEuler || c.Method == MethodMidpoint:
		if c.Steps > 0 {
			return c.Steps
		}
		return DefaultFlowSteps
	case c.Method == MethodDDIM && c.Steps > 0 && c.Steps < T:
		return c.Steps
	}
	return T
}

// GridPower returns the exponent of the flow solver's time grid:
// Power, or DefaultFlowPower when it is 0.
func (c SampleConfig) GridPower() float64 {
	if c.Power == 0 {
		return DefaultFlowPower
	}
	return c.Power
}

// Evaluations returns the number of network evaluations (NFE) per sample
// of the configuration on a network of kind trained for T steps: one per
// step, two per midpoint step, and two per step of classifier-free
// guidance (netkind.GuidanceFree) with w != 0. (Classifier guidance adds a forward and a backward
// pass of the classifier per step, not counted here.)
func (c SampleConfig) Evaluations(kind netkind.Kind, T int, guide *Guidance) int {
	n := c.ReverseSteps(T)
	if c.Method == MethodMidpoint {
		n *= 2
	}
	if kind.Spec().Guidance == netkind.GuidanceFree && guide != nil && guide.Classifier == nil && guide.Scale != 0 {
		n *= 2
	}
	return n
}

// oneOf returns nil when v is empty (the default) or one of names, and
// otherwise an error that says what v is and the choices, e.g. unknown
// variance "small": want "posterior" or "beta".
func oneOf(what, v string, names ...string) error {
	if v == "" || slices.Contains(names, v) {
		return nil
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return fmt.Errorf("unknown %s %q: want %s", what, v, strings.Join(quoted, " or "))
}
