package pipeline

import (
	"fmt"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/run"
)

// SamplerName describes a sampler configuration for messages and records,
// e.g. "DDIM, 100 steps, eta 0" or "DDPM, posterior variance".
func SamplerName(cfg ddpm.SampleConfig) string {
	if cfg.Method == ddpm.MethodDDIM {
		if cfg.Steps == 0 {
			return fmt.Sprintf("DDIM, all steps, eta %g", cfg.Eta)
		}
		return fmt.Sprintf("DDIM, %d steps, eta %g", cfg.Steps, cfg.Eta)
	}
	return "DDPM, " + cfg.Variance + " variance"
}

// reverseSteps is the number of network calls per sample of cfg on a
// schedule of T steps.
func reverseSteps(cfg ddpm.SampleConfig, T int) int {
	if cfg.Method == ddpm.MethodDDIM && cfg.Steps > 0 && cfg.Steps < T {
		return cfg.Steps
	}
	return T
}

// samplingRecord returns the record of samples drawn with cfg from den,
// guided by g when it is not nil. The workspace fills in MadeBy, Budget and
// Time.
func samplingRecord(cfg ddpm.SampleConfig, den *ddpm.Net, g *ddpm.Guidance) run.Provenance {
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

// sweepRecord returns the record of a guidance sweep: cfg.N samples per
// state of labels and scale of scales, drawn with cfg from den guided by
// clf.
func sweepRecord(cfg ddpm.SampleConfig, den, clf *ddpm.Net, labels []int, scales []float64) run.Provenance {
	p := samplingRecord(cfg, den, &ddpm.Guidance{Classifier: clf})
	p.Snapshots = 0
	p.Labels = append([]int(nil), labels...)
	p.Scales = append([]float64(nil), scales...)
	return p
}

// mapRecord returns the record of a prediction map of clf on a grid of
// grid cells per axis.
func mapRecord(clf *ddpm.Net, grid int) run.Provenance {
	p := run.Provenance{Grid: grid}
	if clf != nil {
		p.ClassifierStep = clf.GlobalStep()
	}
	return p
}
