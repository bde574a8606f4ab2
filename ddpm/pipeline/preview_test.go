package pipeline

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm"
)

func TestPreviewerGuided(t *testing.T) {
	den, clf, data := tinyNets(t)
	pv := &Previewer{Denoiser: den, Classifier: clf, Scorer: scorerOf(t, data)}
	ctx := context.Background()
	p, err := pv.Guided(ctx, GuidanceClassifier, 2, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	cfg := GuidedSampler(PreviewN, 1)
	cfg.Steps = PreviewSteps
	guide := &ddpm.Guidance{Classifier: clf, Label: 2, Scale: 1.5}
	if len(p.Points) != PreviewN || p.Metrics.N != PreviewN || p.Metrics.Label != 2 || p.Metrics.Scale != 1.5 {
		t.Errorf("got %d points, metrics %+v; want %d points of state 2 at scale 1.5", len(p.Points), p.Metrics, PreviewN)
	}
	if want := cfg.Evaluations(den.Kind, den.Schedule.T, guide); p.NFE != want {
		t.Errorf("NFE %d, want %d", p.NFE, want)
	}
	// The guided stage's sampler (seed 1) with fewer steps.
	want, _, err := ddpm.Sample(ctx, den, cfg, guide)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Points, want) {
		t.Error("the preview is not the guided sampler's draw")
	}
	if s := p.Summary(); !strings.Contains(s, "label accuracy") || !strings.Contains(s, "500 samples") {
		t.Errorf("summary %q: want the label accuracy and the number of samples", s)
	}

	for _, c := range []struct{ guidance, want string }{
		{GuidanceFree, "conditional denoiser"},
		{"both", "unknown guidance"},
	} {
		if _, err := pv.Guided(ctx, c.guidance, 0, 1); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Guided(%q) = %v, want an error mentioning %q", c.guidance, err, c.want)
		}
	}
	if _, err := (&Previewer{Denoiser: den, Scorer: pv.Scorer}).Guided(ctx, GuidanceClassifier, 0, 1); err == nil {
		t.Error("classifier guidance without a classifier: no error")
	}
}

func TestPreviewerSampler(t *testing.T) {
	den, _, data := tinyNets(t)
	pv := &Previewer{Denoiser: den, Scorer: scorerOf(t, data)}
	ctx := context.Background()
	p, err := pv.Sampler(ctx, StudyDDIM, 10)
	if err != nil {
		t.Fatal(err)
	}
	if p.NFE != 10 || len(p.Points) != PreviewN || p.Metrics.Label != -1 {
		t.Errorf("got NFE %d, %d points, label %d; want 10, %d, -1", p.NFE, len(p.Points), p.Metrics.Label, PreviewN)
	}
	// Every step is kept: from x_T to the samples.
	if n := len(p.Snapshots.Times); n != 11 {
		t.Fatalf("%d snapshots, want 11 (x_T and 10 steps)", n)
	}
	if tt, pts := p.At(0); tt != den.Schedule.T || len(pts) != PreviewN {
		t.Errorf("At(0): t = %d with %d points, want t = T = %d (noise)", tt, len(pts), den.Schedule.T)
	}
	if tt, pts := p.At(1); tt != 0 || !slices.Equal(pts, p.Points) {
		t.Errorf("At(1): t = %d, want 0 and the samples", tt)
	}
	// A second ask is the remembered preview, not a new draw.
	again, err := pv.Sampler(ctx, StudyDDIM, 10)
	if err != nil {
		t.Fatal(err)
	}
	if again.Sampling != p.Sampling {
		t.Error("the second preview of the same sampler was drawn again")
	}

	for _, c := range []struct{ sampler, want string }{
		{StudyEuler, "needs a trained flow"},
		{"RK4", "unknown sampler"},
	} {
		if _, err := pv.Sampler(ctx, c.sampler, 10); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Sampler(%q) = %v, want an error mentioning %q", c.sampler, err, c.want)
		}
	}
}
