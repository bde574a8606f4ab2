package pipeline

import (
	"context"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/run"
)

// SampleUncond draws cfg.N samples from den, scores them with scorer and
// saves them in ws with the snapshots of their reverse process
// (uncond_gen_samples.{npy,pt}, uncond_snapshots.json and the "uncond"
// entry of metrics.json). It refuses before sampling when ws would keep a
// larger result.
func SampleUncond(ctx context.Context, ws *run.Workspace, den *ddpm.Net, scorer *metrics.Scorer, cfg ddpm.SampleConfig) ([][2]float32, run.Metrics, error) {
	rec := samplingRecord(cfg, den, nil)
	if err := ws.Check(run.ResultUncond, rec); err != nil {
		return nil, run.Metrics{}, err
	}
	pts, snaps, err := ddpm.Sample(ctx, den, cfg, nil)
	if err != nil {
		return nil, run.Metrics{}, err
	}
	m, err := scorer.Score("uncond", pts, -1)
	if err != nil {
		return nil, run.Metrics{}, err
	}
	if err := ws.SaveUncond(pts, snaps, m, rec); err != nil {
		return nil, run.Metrics{}, err
	}
	return pts, m, nil
}
