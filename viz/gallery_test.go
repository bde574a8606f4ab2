package viz

import (
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/viz/internal/fixture"
)

// galleryPage builds a page with every interactive chart on synthetic data.
func galleryPage(t *testing.T) *Page {
	t.Helper()
	data, samples, guided, sched := fixture.Gallery(t)
	pm, err := PredictionMapChart("Classifier prediction map", data, fixture.Map(data, []int{0, 100, 250, 499}))
	if err != nil {
		t.Fatal(err)
	}
	rev, err := ReverseChart("Reverse process", data, fixture.Snapshots(samples[:500]))
	if err != nil {
		t.Fatal(err)
	}
	fwd, err := ForwardChart("Forward process", data, sched, DefaultForwardTs(500), 1)
	if err != nil {
		t.Fatal(err)
	}
	gc, err := GuidanceChart("Guidance scales", data, 2, []float64{0, 1, 4},
		[][][2]float32{fixture.Jitter(samples, 0.05, 4), fixture.Jitter(fixture.StatePoints(data, 2), 0.2, 5), fixture.Jitter(fixture.StatePoints(data, 2), 0.03, 6)})
	if err != nil {
		t.Fatal(err)
	}
	frames := []run.FieldFrame{{U: 1, Points: samples[:200], Velocity: fixture.Jitter(samples[:200], 0.5, 8)},
		{U: 0.1, Points: samples[200:400], Velocity: fixture.Jitter(samples[200:400], 0.1, 9)}}
	field, err := FieldChart("Velocity field", data, frames)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := PathsChart("Flow paths", data, fixture.Snapshots(samples[:50]), 30)
	if err != nil {
		t.Fatal(err)
	}
	den := Run{Name: "run A", Curves: fixture.Curves("denoiser", 5000)}
	den2 := Run{Name: "run B", Curves: fixture.Curves("denoiser", 4000)}
	cls := Run{Name: "classifier", Curves: fixture.Curves("classifier", 3000)}
	p := NewPage("Gallery").
		Heading("Data").Add(DataChart("STATES", data)).
		Heading("Samples").Add(SamplesSideBySideChart("Samples vs data", data, Unconditional(samples)),
		SamplesOverlayChart("Guided samples over the data", data, guided...)).
		Heading("Metrics").HTML(MetricsHTML(fixture.Metrics())).
		Heading("Training").Add(LossChart("Denoiser loss", true, den, den2), NLLChart("NLL", den),
		LossChart("Classifier loss", false, cls), AccuracyChart("Classifier accuracy", cls), AccuracyByTChart("Accuracy by t", cls)).
		Heading("Classifier").Add(pm).
		Heading("Processes").Add(rev, fwd).
		Heading("Guidance").Add(gc, SweepChart("Guidance sweep", fixture.Sweep())).
		Heading("Beyond DDPM").Add(field, paths, StudyChart("Quality versus steps", fixture.Study()),
		GuidanceTradeoffChart("Guidance trade-off", fixture.Sweep(), fixture.CFGSweep())).
		Heading("Ablations").Add(AblationChart("Ablation grid", data, fixture.Ablation(data))).HTML(AblationHTML(fixture.Ablation(data)))
	return p
}
