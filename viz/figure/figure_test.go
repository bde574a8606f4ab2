package figure

import (
	"bytes"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/viz"
	"github.com/statesdiffusion/states/viz/internal/fixture"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// galleryFigures builds every static figure on synthetic data.
func galleryFigures(t *testing.T) []*Figure {
	t.Helper()
	data, samples, guided, sched := fixture.Gallery(t)
	must := func(f *Figure, err error) *Figure {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	den := viz.Run{Name: "denoiser", Curves: fixture.Curves("denoiser", 5000)}
	cls := viz.Run{Name: "classifier", Curves: fixture.Curves("classifier", 3000)}
	return []*Figure{
		Data("data", "STATES", data),
		SamplesSideBySide("uncond", "Unconditional samples", data, viz.Unconditional(samples)),
		SamplesGrid("cond", "Guided samples", data, 3, guided...),
		Loss("denoiser_loss", "Denoiser loss", true, den),
		NLL("denoiser_nll", "Denoiser NLL", den),
		Loss("classifier_loss", "Classifier loss", false, cls),
		Accuracy("classifier_accuracy", "Classifier accuracy", cls),
		must(PredictionMap("prediction_map", "Classifier prediction map", data, fixture.Map(data, []int{0, 100, 250, 499}))),
		must(Reverse("reverse", "Reverse process", data, fixture.Snapshots(samples[:500]), 8)),
		must(Forward("forward", "Forward process", data, sched, plotdata.DefaultForwardTs(500), 1)),
		must(Guidance("guidance", "Guidance scales", data, 2, []float64{0, 1, 4},
			[][][2]float32{fixture.Jitter(samples, 0.05, 4), fixture.Jitter(fixture.StatePoints(data, 2), 0.2, 5), fixture.Jitter(fixture.StatePoints(data, 2), 0.03, 6)})),
		Sweep("sweep", "Guidance sweep", fixture.Sweep()),
		Metrics("metrics", "Metrics", fixture.Metrics()),
		Study("study", "Quality versus steps", fixture.Study()),
		GuidanceTradeoff("tradeoff", "Guidance trade-off", fixture.Sweep(), fixture.CFGSweep()),
		Ablation("ablation", "Ablation grid", data, fixture.Ablation(data), fixture.Ablation(data).Rows),
		AblationTable("ablation_table", "Ablation figures", fixture.Ablation(data)),
	}
}

// TestFiguresEncode writes every figure as PNG, SVG and PDF and checks each
// file: a decodable PNG of the figure's size with enough ink, an SVG and a
// PDF document.
func TestFiguresEncode(t *testing.T) {
	dir := fixture.OutDir(t, "figures")
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
		if ink := fixture.InkShare(img); ink < 0.01 {
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

// Wrapped text keeps every word in order and no line is wider than asked,
// except a single word wider than the width.
func TestWrapText(t *testing.T) {
	st := TextStyle(9, Ink)
	s := "input embedding (embed): the MLP's input: the course's (x, y, tbar), or sin and cos of x and y " +
		"(times 25) and of t at 32 frequencies each, as tiny-diffusion does. Supercalifragilisticexpialidocious"
	width := st.Width("the course's (x, y, tbar), or sin and")
	lines := WrapText(st, s, width)
	if len(lines) < 3 {
		t.Fatalf("%d lines, want several: %q", len(lines), lines)
	}
	for _, l := range lines {
		if st.Width(l) > width && strings.Contains(l, " ") {
			t.Errorf("line %q is %v wide, want at most %v", l, st.Width(l), width)
		}
	}
	if got := strings.Join(lines, " "); got != s {
		t.Errorf("joined lines %q, want %q", got, s)
	}
	if got := WrapText(st, "", width); len(got) != 1 || got[0] != "" {
		t.Errorf("empty text: %q, want one empty line", got)
	}
}
