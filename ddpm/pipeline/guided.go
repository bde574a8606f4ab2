package pipeline

import (
	"context"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
)

// CheckGuided returns nil when ws may take the guided samples that
// SampleGuided would draw with the same arguments, and otherwise the
// *run.ReplaceError of the first state whose larger result ws keeps.
func CheckGuided(ws *run.Workspace, den, clf *ddpm.Net, cfg ddpm.SampleConfig, labels []int, scale float64) error {
	for _, k := range labels {
		if err := ws.Check(GuidedResult(den.Kind, k), guidedRecord(cfg, den, clf, k, scale)); err != nil {
			return err
		}
	}
	return nil
}

// guidedRecord is the record of the guided samples of state k.
func guidedRecord(cfg ddpm.SampleConfig, den, clf *ddpm.Net, k int, scale float64) run.Provenance {
	return samplingRecord(cfg, den, &ddpm.Guidance{Classifier: clf, Label: k, Scale: scale})
}

// SampleGuided draws cfg.N samples for each state of labels from den,
// guided by clf at scale (or, with clf nil and a conditional den,
// classifier-free with the weight scale), scores them with scorer and saves
// each set in ws as GuidedResult(den.Kind, K): cond_gen_samples_K.{npy,pt}
// and the "cond_K" entry of metrics.json, or cfg_gen_samples_K and "cfg_K"
// (the kind table's netkind.Spec.Guided).
// It refuses (CheckGuided) before sampling anything when ws would keep a
// larger result. each, when not nil, is called after each state is saved.
// It returns the metrics in the order of labels.
func SampleGuided(ctx context.Context, ws *run.Workspace, den, clf *ddpm.Net, scorer *metrics.Scorer, cfg ddpm.SampleConfig,
	labels []int, scale float64, each func(label int, pts [][2]float32, m run.Metrics)) ([]run.Metrics, error) {
	if err := CheckGuided(ws, den, clf, cfg, labels, scale); err != nil {
		return nil, err
	}
	var all []run.Metrics
	for _, k := range labels {
		pts, _, err := ddpm.Sample(ctx, den, cfg, &ddpm.Guidance{Classifier: clf, Label: k, Scale: scale})
		if err != nil {
			return nil, err
		}
		m, err := scorer.Score(den.Kind.Spec().Guided.MetricOf(k), pts, k)
		if err != nil {
			return nil, err
		}
		m.Scale = scale
		if err := ws.SaveSamples(GuidedResult(den.Kind, k), pts, m, guidedRecord(cfg, den, clf, k, scale)); err != nil {
			return nil, err
		}
		all = append(all, m)
		if each != nil {
			each(k, pts, m)
		}
	}
	return all, nil
}

// GuidedResult is the result that holds the guided samples of state label
// from a network of kind (netkind.Spec.Guided): run.ResultCFG for the
// conditional denoiser (classifier-free guidance), run.ResultCond for the
// denoiser (classifier guidance).
func GuidedResult(kind netkind.Kind, label int) string { return kind.Spec().Guided.Of(label) }

// SweepResult is the result that holds a guidance sweep of a network of
// kind (netkind.Spec.Guided): run.ResultCFGSweep for the conditional
// denoiser, run.ResultSweep for the denoiser (save it with
// Workspace.SaveRecord).
func SweepResult(kind netkind.Kind) string { return kind.Spec().Guided.Sweep }
