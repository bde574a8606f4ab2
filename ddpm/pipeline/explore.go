package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz"
)

// GuideNone is the explorer's guidance choice "no guidance"; the others
// are Guidances (GuidanceClassifier, GuidanceFree).
const GuideNone = "none"

// ExploreGrid is the table of the explorer's choices (each Budget has
// one): the steps of each
// sampler, unguided and guided, the guidance scales, the samples per set,
// and the most evaluations per sample that the page samples live.
type ExploreGrid struct {
	// Steps are each sampler's step choices (0 for DDPM: all T steps);
	// Guided the DDIM and DDPM steps of guided sets.
	Steps, Guided map[string][]int
	// ClassifierScales and CFGWeights are the scale choices. Guided DDPM
	// (all T steps, a classifier pass each) is left out: about 30 s a
	// state natively.
	ClassifierScales, CFGWeights []float64
	// N is the number of samples per set, Seed their seed.
	N    int
	Seed uint64
	// Frames is about how many snapshots the reverse process keeps.
	Frames int
	// LiveMaxEvals: see viz.ExplorerData.
	LiveMaxEvals int
}

// exploreSamplers are the sampler choices, in order, with the study
// sampler (StudySampler) that each one is.
var exploreSamplers = []struct {
	viz.ExplorerSampler
	study string
}{
	{viz.ExplorerSampler{ID: ddpm.MethodDDPM, Name: "DDPM"}, StudyDDPM},
	{viz.ExplorerSampler{ID: ddpm.MethodDDIM, Name: "DDIM"}, StudyDDIM},
	{viz.ExplorerSampler{ID: ddpm.MethodEuler, Name: "flow, Euler", Flow: true}, StudyEuler},
	{viz.ExplorerSampler{ID: ddpm.MethodMidpoint, Name: "flow, midpoint", Flow: true, Midpoint: true}, StudyMidpoint},
}

// ExploreSetting is one setting of the explorer's controls.
type ExploreSetting struct {
	// Guide is GuideNone, GuidanceClassifier or GuidanceFree; Label the state
	// (guided only) and Scale the guidance scale or weight.
	Guide string  `json:"guide"`
	Label int     `json:"label"`
	Scale float64 `json:"scale"`
	// Sampler is a sampling method (ddpm.MethodDDPM, MethodDDIM,
	// MethodEuler, MethodMidpoint), Steps its steps (0: all T; guided sets
	// sample with GuidedSampler's DDIM).
	Sampler string `json:"sampler"`
	Steps   int    `json:"steps"`
	// N samples with Seed; Frames snapshots of the reverse process (0:
	// none).
	N      int    `json:"n"`
	Seed   uint64 `json:"seed"`
	Frames int    `json:"frames"`
}

// Explorer samples and scores the settings of the explorer from the
// trained networks. The same code runs natively (ddpm explore) and in the
// page's WebAssembly.
type Explorer struct {
	Denoiser, Classifier, Flow, Conditional *ddpm.Net
	Scorer                                  *metrics.Scorer
}

// Config returns the network that setting s samples from, its sampler
// configuration and its guidance (nil unguided): unguided sets sample
// with the study's sampler of the same method (StudySampler, DDPM as its
// ancestral DDIM over all T steps), guided ones with GuidedSampler's DDIM at
// s.Steps steps.
func (e *Explorer) Config(s ExploreSetting) (*ddpm.Net, ddpm.SampleConfig, *ddpm.Guidance, error) {
	if s.Guide == GuideNone || s.Guide == "" {
		for _, smp := range exploreSamplers {
			if smp.ID != s.Sampler {
				continue
			}
			net, err := StudyNet(smp.study, e.Denoiser, e.Flow)
			if err != nil {
				return nil, ddpm.SampleConfig{}, nil, fmt.Errorf("explore: %w", err)
			}
			nfe := s.Steps
			if nfe <= 0 {
				nfe = net.Schedule.T
			}
			if smp.Midpoint {
				nfe *= 2
			}
			return net, StudySampler(smp.study, nfe, s.N, s.Seed), nil, nil
		}
		return nil, ddpm.SampleConfig{}, nil, fmt.Errorf("explore: unknown sampler %q", s.Sampler)
	}
	if s.Sampler != ddpm.MethodDDIM {
		return nil, ddpm.SampleConfig{}, nil, fmt.Errorf("explore: guided sets sample with DDIM, not %q", s.Sampler)
	}
	net, guide, err := GuidedNet(e.Denoiser, e.Classifier, e.Conditional, s.Guide, s.Label, s.Scale)
	if err != nil {
		return nil, ddpm.SampleConfig{}, nil, fmt.Errorf("explore: %w", err)
	}
	cfg := GuidedSampler(s.N, s.Seed)
	cfg.Steps = s.Steps
	return net, cfg, guide, nil
}

// Sample draws the samples of setting s and scores them.
func (e *Explorer) Sample(ctx context.Context, s ExploreSetting) (viz.ExplorerSet, error) {
	d, err := e.draw(ctx, s)
	if err != nil {
		return viz.ExplorerSet{}, err
	}
	return e.scored(s, d)
}

// drawn are the samples of a setting before scoring.
type drawn struct {
	pts    [][2]float32
	snaps  *run.Snapshots
	millis float64
	steps  int
}

// draw samples setting s.
func (e *Explorer) draw(ctx context.Context, s ExploreSetting) (drawn, error) {
	net, cfg, guide, err := e.Config(s)
	if err != nil {
		return drawn{}, err
	}
	d := drawn{steps: cfg.ReverseSteps(net.Schedule.T)}
	if s.Frames > 0 {
		cfg.SnapshotN, cfg.StepsPerCall = s.N, max(1, d.steps/s.Frames)
	}
	began := time.Now()
	if d.pts, d.snaps, err = ddpm.Sample(ctx, net, cfg, guide); err != nil {
		return drawn{}, fmt.Errorf("explore %s: %w", SamplerName(cfg), err)
	}
	d.millis = float64(time.Since(began).Microseconds()) / 1000
	return d, nil
}

// scored returns the set of setting s drawn as d, with its scores.
func (e *Explorer) scored(s ExploreSetting, d drawn) (viz.ExplorerSet, error) {
	if s.Guide == GuideNone || s.Guide == "" {
		s.Guide, s.Label, s.Scale = GuideNone, -1, 0
	}
	m, err := e.Scorer.Score("explore", d.pts, s.Label)
	if err != nil {
		return viz.ExplorerSet{}, err
	}
	set := viz.ExplorerSet{Key: viz.ExplorerKey(s.Guide, s.Label, s.Scale, s.Sampler, s.Steps), Points: viz.EncodePoints(d.pts),
		Millis: d.millis, Evals: viz.ExplorerEvals(s.Guide, s.Scale, s.Sampler == ddpm.MethodMidpoint, d.steps)}
	set.NLL, set.DataNLL, set.Precision, set.Recall, set.LabelAccuracy = m.NLL, m.DataNLL, m.Precision, m.Recall, m.LabelAccuracy
	if d.snaps != nil {
		for i, t := range d.snaps.Times {
			set.Frames = append(set.Frames, viz.ExplorerFrame{T: t, Points: viz.EncodePoints(d.snaps.Points[i])})
		}
	}
	return set, nil
}

// ExploreSettings lists the settings of grid, unguided first; guided ones
// only for the guidance kinds whose networks e has.
func (e *Explorer) ExploreSettings(grid ExploreGrid) []ExploreSetting {
	var out []ExploreSetting
	for _, smp := range exploreSamplers {
		if _, err := StudyNet(smp.study, e.Denoiser, e.Flow); err != nil {
			continue // not trained: its settings are left out
		}
		for _, st := range grid.Steps[smp.ID] {
			out = append(out, ExploreSetting{Guide: GuideNone, Label: -1, Sampler: smp.ID, Steps: st, N: grid.N, Seed: grid.Seed, Frames: grid.Frames})
		}
	}
	for _, g := range e.guides(grid) {
		for label := range states.Num {
			for _, sc := range g.Scales {
				for _, smp := range exploreSamplers {
					for _, st := range grid.Guided[smp.ID] {
						out = append(out, ExploreSetting{Guide: g.ID, Label: label, Scale: sc, Sampler: smp.ID, Steps: st, N: grid.N, Seed: grid.Seed})
					}
				}
			}
		}
	}
	return out
}

// guides are the guidance kinds e can sample.
func (e *Explorer) guides(grid ExploreGrid) []viz.ExplorerGuide {
	var out []viz.ExplorerGuide
	if e.Denoiser != nil && e.Classifier != nil {
		out = append(out, viz.ExplorerGuide{ID: GuidanceClassifier, Name: "classifier guidance (scale s)", Scales: grid.ClassifierScales})
	}
	if e.Conditional != nil {
		out = append(out, viz.ExplorerGuide{ID: GuidanceFree, Name: "classifier-free (weight w)", Scales: grid.CFGWeights})
	}
	return out
}

// Explore samples every setting of grid natively and returns the
// explorer page's data; each, when not nil, is called after each set
// (done of total).
func (e *Explorer) Explore(ctx context.Context, data *states.Dataset, grid ExploreGrid, each func(done, total int, s ExploreSetting)) (*viz.ExplorerData, error) {
	d := &viz.ExplorerData{Title: "Diffusion explorer: STATES", N: grid.N, Seed: grid.Seed, Frames: grid.Frames, LiveMaxEvals: grid.LiveMaxEvals,
		Data: viz.EncodePoints(data.Points), Guides: e.guides(grid)}
	for l := range states.Num {
		d.States = append(d.States, viz.StateName(l))
		d.Colors = append(d.Colors, viz.StateColor(l))
	}
	labels := make([]byte, len(data.Points))
	for i := range labels {
		labels[i] = '9'
		if i < len(data.Labels) && data.Labels[i] >= 0 && data.Labels[i] < states.Num {
			labels[i] = byte('0' + data.Labels[i])
		}
	}
	d.Labels = string(labels)
	if e.Denoiser != nil {
		d.T = e.Denoiser.Schedule.T
	} else if e.Flow != nil {
		d.T = e.Flow.Schedule.T
	}
	d.Models = e.describe()
	for _, smp := range exploreSamplers {
		if _, err := StudyNet(smp.study, e.Denoiser, e.Flow); err != nil {
			continue // not trained: its settings are left out
		}
		smp.Steps, smp.Guided = grid.Steps[smp.ID], grid.Guided[smp.ID]
		d.Samplers = append(d.Samplers, smp.ExplorerSampler)
	}
	settings := e.ExploreSettings(grid)
	// Classifier guidance at scale 0 does not steer: its samples are the
	// same for every state, so they are drawn once per step count and
	// scored against each state.
	unsteered := map[int]drawn{}
	for i, s := range settings {
		got, ok := unsteered[s.Steps]
		if !ok || s.Guide != GuidanceClassifier || s.Scale != 0 {
			var err error
			if got, err = e.draw(ctx, s); err != nil {
				return nil, err
			}
			if s.Guide == GuidanceClassifier && s.Scale == 0 {
				unsteered[s.Steps] = got
			}
		}
		set, err := e.scored(s, got)
		if err != nil {
			return nil, err
		}
		d.Sets = append(d.Sets, set)
		if each != nil {
			each(i+1, len(settings), s)
		}
	}
	return d, nil
}

// describe says which trained networks the explorer samples.
func (e *Explorer) describe() string {
	var parts []string
	for _, n := range []*ddpm.Net{e.Denoiser, e.Classifier, e.Flow, e.Conditional} {
		if n != nil {
			parts = append(parts, fmt.Sprintf("%s %v (step %d)", n.Kind, n.Arch.Sizes, n.GlobalStep()))
		}
	}
	return fmt.Sprint(parts)
}
