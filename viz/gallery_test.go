package viz

import (
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
)

// galleryPage builds a page with every interactive chart on synthetic data.
func galleryPage(t *testing.T) *Page {
	t.Helper()
	data, samples, guided, sched := galleryInputs(t)
	pm, err := PredictionMapChart("Classifier prediction map", data, synthMap(data, []int{0, 100, 250, 499}))
	if err != nil {
		t.Fatal(err)
	}
	rev, err := ReverseChart("Reverse process", data, synthSnapshots(samples[:500]))
	if err != nil {
		t.Fatal(err)
	}
	fwd, err := ForwardChart("Forward process", data, sched, DefaultForwardTs(500), 1)
	if err != nil {
		t.Fatal(err)
	}
	gc, err := GuidanceChart("Guidance scales", data, 2, []float64{0, 1, 4},
		[][][2]float32{jitter(samples, 0.05, 4), jitter(statePoints(data, 2), 0.2, 5), jitter(statePoints(data, 2), 0.03, 6)})
	if err != nil {
		t.Fatal(err)
	}
	frames := []run.FieldFrame{{U: 1, Points: samples[:200], Velocity: jitter(samples[:200], 0.5, 8)},
		{U: 0.1, Points: samples[200:400], Velocity: jitter(samples[200:400], 0.1, 9)}}
	field, err := FieldChart("Velocity field", data, frames)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := PathsChart("Flow paths", data, synthSnapshots(samples[:50]), 30)
	if err != nil {
		t.Fatal(err)
	}
	den := Run{Name: "run A", Curves: synthCurves("denoiser", 5000)}
	den2 := Run{Name: "run B", Curves: synthCurves("denoiser", 4000)}
	cls := Run{Name: "classifier", Curves: synthCurves("classifier", 3000)}
	p := NewPage("Gallery").
		Heading("Data").Add(DataChart("STATES", data)).
		Heading("Samples").Add(SamplesSideBySideChart("Samples vs data", data, Unconditional(samples)),
		SamplesOverlayChart("Guided samples over the data", data, guided...)).
		Heading("Metrics").HTML(MetricsHTML(synthMetrics())).
		Heading("Training").Add(LossChart("Denoiser loss", true, den, den2), NLLChart("NLL", den),
		LossChart("Classifier loss", false, cls), AccuracyChart("Classifier accuracy", cls), AccuracyByTChart("Accuracy by t", cls)).
		Heading("Classifier").Add(pm).
		Heading("Processes").Add(rev, fwd).
		Heading("Guidance").Add(gc, SweepChart("Guidance sweep", synthSweep())).
		Heading("Beyond DDPM").Add(field, paths, StudyChart("Quality versus steps", synthStudy()),
		GuidanceTradeoffChart("Guidance trade-off", synthSweep(), synthCFGSweep()))
	return p
}
