package pipeline

import (
	"context"
	"fmt"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/run"
)

// SampleGuided draws cfg.N samples for each state of labels from den,
// guided by clf at scale, scores them with scorer and saves each set in ws
// (cond_gen_samples_K.{npy,pt} and the "cond_K" entry of metrics.json).
// It refuses before sampling anything when ws would keep a larger result.
// each, when not nil, is called after each state is saved. It returns the
// metrics in the order of labels.
func SampleGuided(ctx context.Context, ws *ddpm.Workspace, den, clf *ddpm.Net, scorer *metrics.Scorer, cfg ddpm.SampleConfig,
	labels []int, scale float64, each func(label int, pts [][2]float32, m run.Metrics)) ([]run.Metrics, error) {
	recs := make([]run.Provenance, len(labels))
	for i, k := range labels {
		recs[i] = ddpm.SamplingProvenance(cfg, den, &ddpm.Guidance{Classifier: clf, Label: k, Scale: scale})
		if err := ws.Check(run.ResultCond(k), recs[i]); err != nil {
			return nil, err
		}
	}
	var all []run.Metrics
	for i, k := range labels {
		pts, _, err := ddpm.Sample(ctx, den, cfg, &ddpm.Guidance{Classifier: clf, Label: k, Scale: scale})
		if err != nil {
			return nil, err
		}
		m, err := scorer.Score(fmt.Sprintf("cond_%d", k), pts, k)
		if err != nil {
			return nil, err
		}
		m.Scale = scale
		if err := ws.SaveCond(k, pts, m, recs[i]); err != nil {
			return nil, err
		}
		all = append(all, m)
		if each != nil {
			each(k, pts, m)
		}
	}
	return all, nil
}
