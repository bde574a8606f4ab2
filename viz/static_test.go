package viz

import (
	"bytes"
	"image/png"
	"os"
	"strings"
	"testing"
)

// galleryFigures builds every static figure on synthetic data.
func galleryFigures(t *testing.T) []*Figure {
	t.Helper()
	data, samples, guided, sched := galleryInputs(t)
	must := func(f *Figure, err error) *Figure {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	den := Run{Name: "denoiser", Curves: synthCurves("denoiser", 5000)}
	cls := Run{Name: "classifier", Curves: synthCurves("classifier", 3000)}
	return []*Figure{
		DataFigure("data", "STATES", data),
		SamplesSideBySideFigure("uncond", "Unconditional samples", data, Unconditional(samples)),
		SamplesGridFigure("cond", "Guided samples", data, 3, guided...),
		LossFigure("denoiser_loss", "Denoiser loss", true, den),
		NLLFigure("denoiser_nll", "Denoiser NLL", den),
		LossFigure("classifier_loss", "Classifier loss", false, cls),
		AccuracyFigure("classifier_accuracy", "Classifier accuracy", cls),
		must(PredictionMapFigure("prediction_map", "Classifier prediction map", data, synthMap(data, []int{0, 100, 250, 499}))),
		must(ReverseFigure("reverse", "Reverse process", data, synthSnapshots(samples[:500]), 8)),
		must(ForwardFigure("forward", "Forward process", data, sched, DefaultForwardTs(500), 1)),
		must(GuidanceFigure("guidance", "Guidance scales", data, 2, []float64{0, 1, 4},
			[][][2]float32{jitter(samples, 0.05, 4), jitter(statePoints(data, 2), 0.2, 5), jitter(statePoints(data, 2), 0.03, 6)})),
		SweepFigure("sweep", "Guidance sweep", synthSweep()),
		MetricsFigure("metrics", "Metrics", synthMetrics()),
		StudyFigure("study", "Quality versus steps", synthStudy()),
		GuidanceTradeoffFigure("tradeoff", "Guidance trade-off", synthSweep(), synthCFGSweep()),
	}
}

// TestFiguresEncode writes every figure as PNG, SVG and PDF and checks each
// file: a decodable PNG of the figure's size with enough ink, an SVG and a
// PDF document.
func TestFiguresEncode(t *testing.T) {
	dir := outDir(t, "figures")
	for _, f := range galleryFigures(t) {
		paths, err := f.WriteFiles(dir, "png", "svg", "pdf")
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) != 3 {
			t.Fatalf("%s: wrote %v", f.Name, paths)
		}
		b, err := os.ReadFile(paths[0])
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", paths[0], err)
		}
		wantW := int(f.Width.Points() / 72 * PNGDPI)
		if d := img.Bounds().Dx() - wantW; d < -1 || d > 1 {
			t.Errorf("%s: width %d px, want %d", paths[0], img.Bounds().Dx(), wantW)
		}
		if ink := inkShare(img); ink < 0.01 {
			t.Errorf("%s: only %.2f%% of pixels drawn", paths[0], 100*ink)
		}
		svg, _ := os.ReadFile(paths[1])
		if !strings.Contains(string(svg), "<svg") {
			t.Errorf("%s: not an SVG document", paths[1])
		}
		pdf, _ := os.ReadFile(paths[2])
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("%s: not a PDF document", paths[2])
		}
	}
	if _, err := (&Figure{Name: "x", Width: 1, Height: 1}).Encode("gif"); err == nil {
		t.Error("Encode accepted gif")
	}
}
