package pipeline

import (
	"context"
	"fmt"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
)

// SampleUncond draws cfg.N unguided samples from net, scores them with
// scorer and saves them in ws as the kind table says (netkind.Spec.Uncond):
// for the denoiser with the snapshots of their reverse process
// (uncond_gen_samples.{npy,pt}, uncond_snapshots.json and the "uncond"
// entry of metrics.json), for the flow as flow_gen_samples.{npy,pt} and the
// "flow" entry (without snapshots). It refuses before sampling when ws
// would keep a larger result.
func SampleUncond(ctx context.Context, ws *run.Workspace, net *ddpm.Net, scorer *metrics.Scorer, cfg ddpm.SampleConfig) ([][2]float32, run.Metrics, error) {
	res := net.Kind.Spec().Uncond
	if res.Name == "" {
		return nil, run.Metrics{}, fmt.Errorf("sample: a %s has no unguided samples to save", net.Kind.Spec().Title)
	}
	if !res.Snapshots {
		cfg.SnapshotN = 0
	}
	name := res.Name
	rec := samplingRecord(cfg, net, nil)
	if err := ws.Check(name, rec); err != nil {
		return nil, run.Metrics{}, err
	}
	pts, snaps, err := ddpm.Sample(ctx, net, cfg, nil)
	if err != nil {
		return nil, run.Metrics{}, err
	}
	m, err := scorer.Score(res.Metric, pts, -1)
	if err != nil {
		return nil, run.Metrics{}, err
	}
	if res.Snapshots {
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
// of kind (its base name, netkind.Spec.Uncond): run.ResultFlow for the
// flow, run.ResultUncond for the denoiser.
func UncondResult(kind netkind.Kind) string { return kind.Spec().Uncond.Name }
