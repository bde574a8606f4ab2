package ddpm

import (
	"fmt"
	"slices"

	"github.com/statesdiffusion/states/ddpm/run"
)

// SamplerName describes a sampler configuration for messages and records.
func SamplerName(cfg SampleConfig) string {
	if cfg.Method == MethodEuler || cfg.Method == MethodMidpoint {
		n, p := cfg.Steps, cfg.Power
		if n <= 0 {
			n = DefaultFlowSteps
		}
		if p == 0 {
			p = DefaultFlowPower
		}
		return fmt.Sprintf("flow ODE, %s, %d steps, grid power %g", cfg.Method, n, p)
	}
	if cfg.Method == MethodDDIM {
		if cfg.Steps == 0 {
			return fmt.Sprintf("DDIM, all steps, eta %g", cfg.Eta)
		}
		return fmt.Sprintf("DDIM, %d steps, eta %g", cfg.Steps, cfg.Eta)
	}
	return "DDPM, " + cfg.Variance + " variance"
}

// reverseSteps is the number of steps per sample of cfg on a schedule of T
// steps.
func reverseSteps(cfg SampleConfig, T int) int {
	switch {
	case cfg.Method == MethodEuler || cfg.Method == MethodMidpoint:
		if cfg.Steps > 0 {
			return cfg.Steps
		}
		return DefaultFlowSteps
	case cfg.Method == MethodDDIM && cfg.Steps > 0 && cfg.Steps < T:
		return cfg.Steps
	}
	return T
}

// Evaluations returns the number of network evaluations (NFE) per sample
// of cfg on a network of kind trained for T steps: one per step, two per
// midpoint step, and two per step of classifier-free guidance with w != 0
// (guided by a classifier: one denoiser evaluation and one classifier
// gradient per step, counted as one).
func Evaluations(cfg SampleConfig, kind string, T int, guide *Guidance) int {
	n := reverseSteps(cfg, T)
	if cfg.Method == MethodMidpoint {
		n *= 2
	}
	if kind == KindConditional && guide != nil && guide.Classifier == nil && guide.Scale != 0 {
		n *= 2
	}
	return n
}

// SamplingProvenance returns the record of samples drawn with cfg from den,
// guided by g when it is not nil. The caller (or Workspace) fills in MadeBy,
// Budget and Time.
func SamplingProvenance(cfg SampleConfig, den *Net, g *Guidance) run.Provenance {
	p := run.Provenance{N: cfg.N, Sampler: SamplerName(cfg), Snapshots: cfg.SnapshotN}
	if den != nil {
		p.Steps = reverseSteps(cfg, den.Schedule.T)
		setStep(&p, den)
	}
	if g != nil {
		p.Labels, p.Scales = []int{g.Label}, []float64{g.Scale}
		if g.Classifier != nil {
			p.ClassifierStep = g.Classifier.GlobalStep()
		}
	}
	return p
}

// setStep records the training step of net in p's field for its kind.
func setStep(p *run.Provenance, net *Net) {
	switch net.Kind {
	case KindClassifier:
		p.ClassifierStep = net.GlobalStep()
	case KindFlow:
		p.FlowStep = net.GlobalStep()
	case KindConditional:
		p.ConditionalStep = net.GlobalStep()
	default:
		p.DenoiserStep = net.GlobalStep()
	}
}

// StudyProvenance returns the record of a quality-versus-steps study of n
// samples per row (of nfes evaluations each) drawn from den and flow.
func StudyProvenance(n int, den, flow *Net, nfes []int) run.Provenance {
	p := run.Provenance{N: n, Sampler: fmt.Sprintf("DDPM, DDIM, flow Euler and midpoint at %v evaluations", nfes)}
	if len(nfes) > 0 {
		p.Steps = slices.Max(nfes)
	}
	for _, net := range []*Net{den, flow} {
		if net != nil {
			setStep(&p, net)
		}
	}
	return p
}

// SweepProvenance returns the record of a guidance sweep: n samples (cfg.N)
// per state of labels and scale of scales, drawn with cfg from den guided
// by clf.
func SweepProvenance(cfg SampleConfig, den, clf *Net, labels []int, scales []float64) run.Provenance {
	p := SamplingProvenance(cfg, den, &Guidance{Classifier: clf})
	p.Snapshots = 0
	p.Labels = append([]int(nil), labels...)
	p.Scales = append([]float64(nil), scales...)
	return p
}

// MapProvenance returns the record of a prediction map of clf on a grid of
// grid cells per axis.
func MapProvenance(clf *Net, grid int) run.Provenance {
	p := run.Provenance{Grid: grid}
	if clf != nil {
		p.ClassifierStep = clf.GlobalStep()
	}
	return p
}
