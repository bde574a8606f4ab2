package pipeline

import (
	"context"
	"fmt"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/run"
)

// SampleGuided draws cfg.N samples for each state of labels from den,
// guided by clf at scale (or, with clf nil and a conditional den,
// classifier-free with the weight scale), scores them with scorer and saves
// each set in ws as GuidedResult(den.Kind, K): cond_gen_samples_K.{npy,pt}
// and the "cond_K" entry of metrics.json, or cfg_gen_samples_K and "cfg_K".
// It refuses before sampling anything when ws would keep a larger result.
// each, when not nil, is called after each state is saved. It returns the
// metrics in the order of labels.
func SampleGuided(ctx context.Context, ws *ddpm.Workspace, den, clf *ddpm.Net, scorer *metrics.Scorer, cfg ddpm.SampleConfig,
	labels []int, scale float64, each func(label int, pts [][2]float32, m run.Metrics)) ([]run.Metrics, error) {
	recs := make([]run.Provenance, len(labels))
	for i, k := range labels {
		recs[i] = ddpm.SamplingProvenance(cfg, den, &ddpm.Guidance{Classifier: clf, Label: k, Scale: scale})
		if err := ws.Check(GuidedResult(den.Kind, k), recs[i]); err != nil {
			return nil, err
		}
	}
	var all []run.Metrics
	for i, k := range labels {
		pts, _, err := ddpm.Sample(ctx, den, cfg, &ddpm.Guidance{Classifier: clf, Label: k, Scale: scale})
		if err != nil {
			return nil, err
		}
		m, err := scorer.Score(guidedMetric(den.Kind, k), pts, k)
		if err != nil {
			return nil, err
		}
		m.Scale = scale
		if err := ws.SaveSamples(GuidedResult(den.Kind, k), pts, m, recs[i]); err != nil {
			return nil, err
		}
		all = append(all, m)
		if each != nil {
			each(k, pts, m)
		}
	}
	return all, nil
}

// CFGWeights are the classifier-free guidance weights w of the sweep of
// ddpm all (0: the conditional model alone).
var CFGWeights = []float64{0, 0.5, 1, 3}

// GuidedResult is the result that holds the guided samples of state label
// from a network of kind: run.ResultCFG for the conditional denoiser
// (classifier-free guidance), run.ResultCond for the denoiser (classifier
// guidance).
func GuidedResult(kind string, label int) string {
	if kind == ddpm.KindConditional {
		return run.ResultCFG(label)
	}
	return run.ResultCond(label)
}

// guidedMetric is the metrics.json entry of those samples.
func guidedMetric(kind string, label int) string {
	if kind == ddpm.KindConditional {
		return fmt.Sprintf("cfg_%d", label)
	}
	return fmt.Sprintf("cond_%d", label)
}

// SweepResult is the result that holds a guidance sweep of a network of
// kind: run.ResultCFGSweep for the conditional denoiser, run.ResultSweep
// for the denoiser (save it with Workspace.SaveRecord).
func SweepResult(kind string) string {
	if kind == ddpm.KindConditional {
		return run.ResultCFGSweep
	}
	return run.ResultSweep
}
