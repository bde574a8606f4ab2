package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
)

// Study samplers.
const (
	StudyDDPM     = "DDPM"          // ancestral, on an evenly respaced subsequence of the T steps (DDIM eta 1)
	StudyDDIM     = "DDIM"          // deterministic (eta 0)
	StudyEuler    = "flow Euler"    // the flow's ODE, Euler steps
	StudyMidpoint = "flow midpoint" // the flow's ODE, midpoint steps (two evaluations each)
)

// StudySamplers are the study's samplers, in its order.
var StudySamplers = []string{StudyDDPM, StudyDDIM, StudyEuler, StudyMidpoint}

// StudyNetKind is the kind of network a study sampler samples from: the
// denoiser for DDPM and DDIM, the flow for its solvers ("" for an unknown
// sampler).
func StudyNetKind(sampler string) netkind.Kind {
	switch sampler {
	case StudyDDPM, StudyDDIM:
		return netkind.Denoiser
	case StudyEuler, StudyMidpoint:
		return netkind.Flow
	}
	return ""
}

// StudyNet returns the network that a study sampler samples from: den for
// DDPM and DDIM, flow for its solvers. It says which trained network is
// missing, if one is.
func StudyNet(sampler string, den, flow *ddpm.Net) (*ddpm.Net, error) {
	kind := StudyNetKind(sampler)
	if kind == "" {
		return nil, fmt.Errorf("unknown sampler %q, want one of %v", sampler, StudySamplers)
	}
	net := map[netkind.Kind]*ddpm.Net{netkind.Denoiser: den, netkind.Flow: flow}[kind]
	if net == nil {
		return nil, fmt.Errorf("%s needs a trained %s", sampler, StudyNetKind(sampler))
	}
	return net, nil
}

// StudySampler returns the sampler configuration of one study sampler at
// a budget of nfe evaluations, for n samples from seed; the midpoint rule
// takes nfe/2 steps (at least 1).
func StudySampler(sampler string, nfe, n int, seed uint64) ddpm.SampleConfig {
	c := ddpm.SampleConfig{N: n, Seed: seed, Steps: nfe, StepsPerCall: 10}
	switch sampler {
	case StudyDDPM:
		c.Method, c.Eta = ddpm.MethodDDIM, 1
	case StudyDDIM:
		c.Method = ddpm.MethodDDIM
	case StudyEuler:
		c.Method = ddpm.MethodEuler
	case StudyMidpoint:
		c.Method, c.Steps = ddpm.MethodMidpoint, max(nfe/2, 1)
	}
	return c
}

// CheckStudy returns nil when ws may take the study that Study would run
// with the same arguments, and otherwise the *run.ReplaceError of the
// larger study that ws keeps.
func CheckStudy(ws *run.Workspace, den, flow *ddpm.Net, n int, nfes []int) error {
	return ws.Check(run.ResultStudy, studyRecord(n, den, flow, nfes))
}

// Study scores n samples (seed fixed) of every sampler at every budget of
// nfes — DDPM and DDIM from the denoiser den, Euler and midpoint from the
// flow (either network may be nil, which skips its samplers) — and saves
// the rows in ws (steps_study.json; nothing when ws is nil). It refuses
// (CheckStudy) before sampling when ws would keep a larger study. each,
// when not nil, is called after each row.
func Study(ctx context.Context, ws *run.Workspace, den, flow *ddpm.Net, scorer *metrics.Scorer, n int, seed uint64, nfes []int,
	each func(run.StudyRow)) (*run.Study, error) {
	if ws != nil {
		if err := CheckStudy(ws, den, flow, n, nfes); err != nil {
			return nil, err
		}
	}
	st := &run.Study{N: n}
	var err error
	if st.DataNLL, err = scorer.DataNLL(-1); err != nil {
		return nil, err
	}
	for _, name := range StudySamplers {
		net, err := StudyNet(name, den, flow)
		if err != nil {
			continue // that network is not trained: its rows are left out
		}
		for _, nfe := range nfes {
			cfg := StudySampler(name, nfe, n, seed)
			began := time.Now()
			pts, _, err := ddpm.Sample(ctx, net, cfg, nil)
			if err != nil {
				return nil, err
			}
			secs := time.Since(began).Seconds()
			m, err := scorer.Score("study", pts, -1)
			if err != nil {
				return nil, err
			}
			row := run.StudyRow{Sampler: name, Steps: cfg.Steps, NFE: cfg.Evaluations(net.Kind, net.Schedule.T, nil),
				Seconds: secs, Metrics: m}
			st.Rows = append(st.Rows, row)
			if each != nil {
				each(row)
			}
		}
	}
	if ws == nil {
		return st, nil
	}
	if err := ws.SaveRecord(run.ResultStudy, st, studyRecord(n, den, flow, nfes)); err != nil {
		return nil, err
	}
	return st, nil
}
