package pipeline

import (
	"context"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/run"
)

// SampleUncond draws cfg.N unguided samples from net, scores them with
// scorer and saves them in ws: for the denoiser with the snapshots of their
// reverse process (uncond_gen_samples.{npy,pt}, uncond_snapshots.json and
// the "uncond" entry of metrics.json), for the flow as
// flow_gen_samples.{npy,pt} and the "flow" entry (without snapshots). It
// refuses before sampling when ws would keep a larger result.
func SampleUncond(ctx context.Context, ws *run.Workspace, net *ddpm.Net, scorer *metrics.Scorer, cfg ddpm.SampleConfig) ([][2]float32, run.Metrics, error) {
	name, metric := UncondResult(net.Kind), "uncond"
	if net.Kind == ddpm.KindFlow {
		metric, cfg.SnapshotN = "flow", 0
	}
	rec := samplingRecord(cfg, net, nil)
	if err := ws.Check(name, rec); err != nil {
		return nil, run.Metrics{}, err
	}
	pts, snaps, err := ddpm.Sample(ctx, net, cfg, nil)
	if err != nil {
		return nil, run.Metrics{}, err
	}
	m, err := scorer.Score(metric, pts, -1)
	if err != nil {
		return nil, run.Metrics{}, err
	}
	if name == run.ResultUncond {
		err = ws.SaveUncond(pts, snaps, m, rec)
	} else {
		err = ws.SaveSamples(name, pts, m, rec)
	}
	if err != nil {
		return nil, run.Metrics{}, err
	}
	return pts, m, nil
}

// UncondResult is the result that holds the unguided samples of a network
// of kind (its base name): run.ResultFlow for the flow, run.ResultUncond
// for the denoiser.
func UncondResult(kind string) string {
	if kind == ddpm.KindFlow {
		return run.ResultFlow
	}
	return run.ResultUncond
}
