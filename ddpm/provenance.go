package ddpm

import (
	"fmt"

	"github.com/statesdiffusion/states/ddpm/run"
)

// SamplerName describes a sampler configuration for messages and records.
func SamplerName(cfg SampleConfig) string {
	if cfg.Method == MethodDDIM {
		if cfg.Steps == 0 {
			return fmt.Sprintf("DDIM, all steps, eta %g", cfg.Eta)
		}
		return fmt.Sprintf("DDIM, %d steps, eta %g", cfg.Steps, cfg.Eta)
	}
	return "DDPM, " + cfg.Variance + " variance"
}

// reverseSteps is the number of network calls per sample of cfg on a
// schedule of T steps.
func reverseSteps(cfg SampleConfig, T int) int {
	if cfg.Method == MethodDDIM && cfg.Steps > 0 && cfg.Steps < T {
		return cfg.Steps
	}
	return T
}

// SamplingProvenance returns the record of samples drawn with cfg from den,
// guided by g when it is not nil. The caller (or Workspace) fills in MadeBy,
// Budget and Time.
func SamplingProvenance(cfg SampleConfig, den *Net, g *Guidance) run.Provenance {
	p := run.Provenance{N: cfg.N, Sampler: SamplerName(cfg), Snapshots: cfg.SnapshotN}
	if den != nil {
		p.Steps = reverseSteps(cfg, den.Schedule.T)
		p.DenoiserStep = den.GlobalStep()
	}
	if g != nil {
		p.Labels, p.Scales = []int{g.Label}, []float64{g.Scale}
		if g.Classifier != nil {
			p.ClassifierStep = g.Classifier.GlobalStep()
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
