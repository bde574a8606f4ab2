package pipeline

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// PreviewN is the number of samples of a preview: enough to see the
// outlines, few enough that a classifier-guided set redraws well under a
// second on a 2-core CPU.
const PreviewN = 500

// PreviewSteps is the number of DDIM steps of a guided preview: the usual
// DDIM budget, half of the guided stage's 100 (GuidedSampler), which keeps
// its scores (measured on the default models, 2000 samples per state at
// scale 1: label accuracy, precision and recall within 0.011 of 100 steps)
// at half the cost. With classifier guidance a step is a denoiser
// evaluation and a forward and backward pass of the classifier, about 10 ms
// for 500 points on the 2-core development machine.
const PreviewSteps = 50

// GuidedSampler is the sampler of guided generation (ddpm guide, notebook
// 04, the previews): deterministic DDIM with 100 of the T steps, n samples
// from seed.
func GuidedSampler(n int, seed uint64) ddpm.SampleConfig {
	cfg := ddpm.DefaultSampleConfig()
	cfg.N, cfg.Seed = n, seed
	cfg.Method, cfg.Eta, cfg.Steps = ddpm.MethodDDIM, 0, 100
	return cfg
}

// The two guidances of a Previewer, named as in the kind table.
const (
	// GuidanceClassifier steers the denoiser with the classifier's
	// gradient at scale s.
	GuidanceClassifier = string(netkind.GuidanceClassifier)
	// GuidanceFree steers the conditional denoiser with the weight w.
	GuidanceFree = string(netkind.GuidanceFree)
)

// Guidances are the guidances, in the order a control lists them.
var Guidances = []string{GuidanceClassifier, GuidanceFree}

// GuidedNet returns the network that a guidance samples from and the
// guidance toward state label at scale: classifier guidance
// (GuidanceClassifier) steers den with clf's gradient, classifier-free
// guidance (GuidanceFree) steers cond with the weight w = scale. It says
// which trained network is missing, if one is.
func GuidedNet(den, clf, cond *ddpm.Net, guidance string, label int, scale float64) (*ddpm.Net, *ddpm.Guidance, error) {
	switch guidance {
	case GuidanceClassifier:
		if den == nil || clf == nil {
			return nil, nil, fmt.Errorf("classifier guidance needs a trained denoiser and classifier")
		}
		return den, &ddpm.Guidance{Classifier: clf, Label: label, Scale: scale}, nil
	case GuidanceFree:
		if cond == nil {
			return nil, nil, fmt.Errorf("classifier-free guidance needs a trained conditional denoiser")
		}
		return cond, &ddpm.Guidance{Label: label, Scale: scale}, nil
	}
	return nil, nil, fmt.Errorf("unknown guidance %q, want one of %v", guidance, Guidances)
}

// Preview is a sample set drawn for a live control, and its scores;
// nothing of it is saved.
type Preview struct {
	// What drew it: a guidance or a study sampler.
	What   string
	Points [][2]float32
	// Snapshots are every step of the reverse process (sampler previews
	// only).
	Snapshots *run.Snapshots
	Metrics   run.Metrics
	// NFE is the number of network evaluations per sample.
	NFE int
	// Sampling is the time spent sampling, scoring excluded.
	Sampling time.Duration
}

// Summary is one line of the preview's scores, its cost and its time.
func (p Preview) Summary() string {
	m := p.Metrics
	s := ""
	if m.Label >= 0 {
		s = fmt.Sprintf("label accuracy %.3f, ", m.LabelAccuracy)
	}
	return s + fmt.Sprintf("precision %.3f, recall %.3f, NLL %.3f (data %.3f); %d samples, %d network evaluations each, sampled in %.2f s",
		m.Precision, m.Recall, m.NLL, m.DataNLL, m.N, p.NFE, p.Sampling.Seconds())
}

// At returns the reverse process at a fraction of its way from noise (0)
// to the samples (1): the diffusion time t and the points there. A preview
// without snapshots has only its samples, at t = 0.
func (p Preview) At(frac float64) (t int, pts [][2]float32) {
	s := p.Snapshots
	if s == nil || len(s.Points) == 0 {
		return 0, p.Points
	}
	i := int(math.Round(max(0, min(1, frac)) * float64(len(s.Points)-1)))
	return s.Times[i], s.Points[i]
}

// Previewer draws previews of PreviewN samples (seed 1) from trained
// networks, any of which may be nil when its previews are not asked for.
// It keeps the sampler previews it drew, so that scrubbing through one
// (Preview.At) or coming back to it costs no sampling. It is not safe for
// concurrent use.
type Previewer struct {
	Denoiser, Classifier, Conditional, Flow *ddpm.Net
	Scorer                                  *metrics.Scorer

	samplers map[string]Preview
}

// Guided draws state label with GuidedSampler cut to PreviewSteps: classifier guidance
// (GuidanceClassifier, the denoiser and the classifier) at scale s, or
// classifier-free guidance (GuidanceFree, the conditional denoiser) with
// the weight w = scale.
func (p *Previewer) Guided(ctx context.Context, guidance string, label int, scale float64) (Preview, error) {
	net, guide, err := GuidedNet(p.Denoiser, p.Classifier, p.Conditional, guidance, label, scale)
	if err != nil {
		return Preview{}, fmt.Errorf("preview: %w", err)
	}
	cfg := GuidedSampler(PreviewN, 1)
	cfg.Steps = PreviewSteps
	began := time.Now()
	pts, _, err := ddpm.Sample(ctx, net, cfg, guide)
	if err != nil {
		return Preview{}, err
	}
	pv := Preview{
		What:   fmt.Sprintf("%s, %s guidance at %g, DDIM %d steps", states.Names[label], guidance, scale, cfg.Steps),
		Points: pts, NFE: cfg.Evaluations(net.Kind, net.Schedule.T, guide), Sampling: time.Since(began),
	}
	pv.Metrics, err = p.Scorer.Score(net.Kind.Spec().Guided.MetricOf(label), pts, label)
	pv.Metrics.Scale = scale
	return pv, err
}

// Sampler draws unguided samples with a sampler of the study (StudyDDPM,
// StudyDDIM from the denoiser, StudyEuler, StudyMidpoint from the flow)
// at a budget of nfe network evaluations, keeping every step of the
// reverse process.
func (p *Previewer) Sampler(ctx context.Context, sampler string, nfe int) (Preview, error) {
	key := fmt.Sprintf("%s/%d", sampler, nfe)
	if pv, ok := p.samplers[key]; ok {
		return pv, nil
	}
	net, err := StudyNet(sampler, p.Denoiser, p.Flow)
	if err != nil {
		return Preview{}, fmt.Errorf("preview: %w", err)
	}
	cfg := StudySampler(sampler, nfe, PreviewN, 1)
	cfg.StepsPerCall, cfg.SnapshotN = 1, PreviewN
	began := time.Now()
	pts, snaps, err := ddpm.Sample(ctx, net, cfg, nil)
	if err != nil {
		return Preview{}, err
	}
	pv := Preview{
		What:   fmt.Sprintf("%s, %d steps", sampler, cfg.ReverseSteps(net.Schedule.T)),
		Points: pts, Snapshots: snaps, NFE: cfg.Evaluations(net.Kind, net.Schedule.T, nil), Sampling: time.Since(began),
	}
	if pv.Metrics, err = p.Scorer.Score("preview", pts, -1); err != nil {
		return Preview{}, err
	}
	if p.samplers == nil {
		p.samplers = map[string]Preview{}
	}
	p.samplers[key] = pv
	return pv, nil
}
