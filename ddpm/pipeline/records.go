package pipeline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/run"
)

// SamplerName describes a sampler configuration for messages and records,
// e.g. "DDIM, 100 steps, eta 0", "DDPM, posterior variance" or "flow ODE,
// midpoint, 25 steps, grid power 2".
func SamplerName(cfg ddpm.SampleConfig) string {
	switch cfg.Method {
	case ddpm.MethodEuler, ddpm.MethodMidpoint:
		return fmt.Sprintf("flow ODE, %s, %d steps, grid power %g", cfg.Method, cfg.ReverseSteps(0), cfg.GridPower())
	}
	name := "DDPM, " + cfg.Variance + " variance"
	if cfg.Method == ddpm.MethodDDIM {
		name = ddimName(cfg)
	}
	switch cfg.Clip {
	case ddpm.ClipOn:
		name += ", x0 clipped"
		if cfg.ClipX0 != nil {
			name += " to " + cfg.ClipX0.String()
		}
	case ddpm.ClipOff:
		name += ", no x0 clipping"
	}
	return name
}

// SamplerOf describes the sampler of cfg on net: SamplerName, and where
// the default (ClipAuto) clips, the box.
func SamplerOf(cfg ddpm.SampleConfig, net *ddpm.Net) string {
	name := SamplerName(cfg)
	if box, err := cfg.ClipBox(net); err == nil && box != nil && cfg.Clip != ddpm.ClipOn {
		name += ", x0 clipped to " + box.String()
	}
	return name
}

// ddimName describes a DDIM configuration: "DDIM, 100 steps, eta 0".
func ddimName(cfg ddpm.SampleConfig) string {
	if cfg.Steps == 0 {
		return fmt.Sprintf("DDIM, all steps, eta %g", cfg.Eta)
	}
	return fmt.Sprintf("DDIM, %d steps, eta %g", cfg.Steps, cfg.Eta)
}

// samplingRecord returns the record of samples drawn with cfg from net,
// guided by g when it is not nil. The workspace fills in MadeBy, Budget and
// Time.
func samplingRecord(cfg ddpm.SampleConfig, net *ddpm.Net, g *ddpm.Guidance) run.Provenance {
	p := run.Provenance{N: cfg.N, Sampler: SamplerName(cfg), Snapshots: cfg.SnapshotN}
	if net != nil {
		p.Sampler = SamplerOf(cfg, net)
		p.Steps = cfg.ReverseSteps(net.Schedule.T)
		p.TrainingSteps.Set(net.Kind, net.GlobalStep())
	}
	var clf *ddpm.Net
	if g != nil {
		p.Labels, p.Scales = []int{g.Label}, []float64{g.Scale}
		if g.Classifier != nil {
			p.TrainingSteps.Set(g.Classifier.Kind, g.Classifier.GlobalStep())
			clf = g.Classifier
		}
	}
	p.Origin = origins(net, clf)
	p.Embed = embeddings(net, clf)
	return p
}

// embeddings names the input embeddings of nets other than the course's
// (see ddpm.Embedding), "flow: sinusoidal (...)"; empty when all read
// (x, y, tbar).
func embeddings(nets ...*ddpm.Net) string {
	var out []string
	for _, n := range nets {
		if n != nil && !n.Arch.Embed.None() {
			out = append(out, string(n.Kind)+": "+n.Arch.Embed.String())
		}
	}
	return strings.Join(out, "; ")
}

// origins joins the origins of the imported networks among nets (see
// ddpm.Net.Origin); empty when none was imported.
func origins(nets ...*ddpm.Net) string {
	var out []string
	for _, n := range nets {
		if n != nil && n.Origin != "" {
			out = append(out, string(n.Kind)+": "+n.Origin)
		}
	}
	return strings.Join(out, "; ")
}

// sweepRecord returns the record of a guidance sweep: cfg.N samples per
// state of labels and scale of scales, drawn with cfg from den guided by
// clf (classifier-free when clf is nil).
func sweepRecord(cfg ddpm.SampleConfig, den, clf *ddpm.Net, labels []int, scales []float64) run.Provenance {
	p := samplingRecord(cfg, den, &ddpm.Guidance{Classifier: clf})
	p.Snapshots = 0
	p.Labels = append([]int(nil), labels...)
	p.Scales = append([]float64(nil), scales...)
	return p
}

// studyRecord returns the record of a quality-versus-steps study of n
// samples per row (of nfes evaluations each) drawn from den and flow.
func studyRecord(n int, den, flow *ddpm.Net, nfes []int) run.Provenance {
	p := run.Provenance{N: n, Sampler: fmt.Sprintf("DDPM, DDIM, flow Euler and midpoint at %v evaluations", nfes)}
	if len(nfes) > 0 {
		p.Steps = slices.Max(nfes)
	}
	for _, net := range []*ddpm.Net{den, flow} {
		if net != nil {
			p.TrainingSteps.Set(net.Kind, net.GlobalStep())
		}
	}
	p.Embed = embeddings(den, flow)
	return p
}

// mapRecord returns the record of a prediction map of clf on a grid of
// grid cells per axis.
func mapRecord(clf *ddpm.Net, grid int) run.Provenance {
	p := run.Provenance{Grid: grid}
	if clf != nil {
		p.TrainingSteps.Set(clf.Kind, clf.GlobalStep())
	}
	p.Origin = origins(clf)
	p.Embed = embeddings(clf)
	return p
}
