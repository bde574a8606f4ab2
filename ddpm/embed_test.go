package ddpm

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
)

// testEmbed is a small sinusoidal embedding for the tests.
var testEmbed = Embedding{Kind: EmbedSinusoidal, Freqs: 4, Scale: 10}

func TestEmbedArchShapes(t *testing.T) {
	timeOnly, raw, both := testEmbed, testEmbed, testEmbed
	timeOnly.TimeOnly, raw.Raw, both.TimeOnly, both.Raw = true, true, true, true
	// (x, y, t) features of 4 frequencies: 24; of t alone 8, after x and y
	// (2) or after the raw (x, y, t) (3).
	widths := map[Embedding]int{testEmbed: 24, timeOnly: 10, raw: 27, both: 11}
	for _, kind := range netkind.All() {
		for e, width := range widths {
			testEmbedShapes(t, kind, e, width)
		}
	}
}

// testEmbedShapes checks the MLP of a network of kind with embedding e,
// whose (x, y, t) features are width wide, and its output's shape.
func testEmbedShapes(t *testing.T, kind netkind.Kind, e Embedding, width int) {
	t.Helper()
	plain, err := NetArch(kind, []int{8})
	if err != nil {
		t.Fatal(err)
	}
	m, err := EmbedArch(kind, []int{8}, e)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.Sizes[0], plain.Sizes[0]-3+width; got != want || e.Width() != width {
		t.Errorf("%s %s: input width %d (Width %d), want %d", kind, e, got, e.Width(), want)
	}
	if m.Embed != e {
		t.Errorf("%s: arch embedding %+v, want %+v", kind, m.Embed, e)
	}
	none, err := EmbedArch(kind, []int{8}, Embedding{Kind: EmbedNone})
	if err != nil || none.Sizes[0] != plain.Sizes[0] || none.Embed != (Embedding{}) {
		t.Errorf("%s: none gives %+v, %v; want NetArch's %v", kind, none, err, plain.Sizes)
	}
	// The network's output has the kind's width for a batch of 5.
	n, err := NewNetOf(kind, m, diffusion.DefaultScheduleConfig(), testBackend(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	exec, err := model.NewExec(n.Backend, n.Store, func(_ *model.Scope, x, tb, lab *Node) *Node {
		return n.Apply(x, tb, lab)
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Call(tensors.FromFlatDataAndDimensions(make([]float32, 10), 5, 2),
		tensors.FromFlatDataAndDimensions(make([]float32, 5), 5, 1), tensors.FromFlatDataAndDimensions(make([]int32, 5), 5))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := out[0].Shape().Dimensions, []int{5, m.Sizes[len(m.Sizes)-1]}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("%s %s: output %v, want %v", kind, e, got, want)
	}
}

func TestEmbedRejects(t *testing.T) {
	for _, e := range []Embedding{
		{Kind: "fourier"}, {Kind: EmbedSinusoidal, Freqs: -1}, {Kind: EmbedSinusoidal, Freqs: 1 << 20},
		{Kind: EmbedSinusoidal, Scale: math.NaN()}, {Kind: EmbedSinusoidal, Scale: -3}, {Kind: EmbedSinusoidal, Scale: math.Inf(1)},
	} {
		if err := e.Validate(); err == nil {
			t.Errorf("%+v accepted", e)
		}
		cfg := DefaultFlowConfig()
		cfg.Embed = e
		if err := cfg.Validate(); err == nil {
			t.Errorf("recipe with %+v accepted", e)
		}
	}
	if e, err := NewEmbedding(EmbedSinusoidal, 0, 0); err != nil || e != (Embedding{Kind: EmbedSinusoidal, Freqs: DefaultEmbedFreqs, Scale: DefaultEmbedScale}) {
		t.Errorf("NewEmbedding(sinusoidal, 0, 0) = %+v, %v; want the defaults", e, err)
	}
	if e, err := NewEmbedding(EmbedNone, 16, 3); err != nil || e != (Embedding{}) {
		t.Errorf("NewEmbedding(none, 16, 3) = %+v, %v; want the zero value", e, err)
	}
}

// The features are sin and cos of x * Scale * w_k, y * Scale * w_k and
// t * w_k with t the time in steps, w_k = 10000^(-k / (F - 1)).
func TestEmbedFeaturesValues(t *testing.T) {
	for _, kind := range []netkind.Kind{netkind.Denoiser, netkind.Flow} {
		arch, err := EmbedArch(kind, []int{4}, testEmbed)
		if err != nil {
			t.Fatal(err)
		}
		n, err := NewNetOf(kind, arch, diffusion.DefaultScheduleConfig(), testBackend(t), 1)
		if err != nil {
			t.Fatal(err)
		}
		exec, err := model.NewExec(n.Backend, n.Store, func(_ *model.Scope, x, tin *Node) *Node { return n.input(x, tin, nil) })
		if err != nil {
			t.Fatal(err)
		}
		pts := []float32{0.3, -1.2, 1.7, 0.05}
		tin, steps := []float32{-0.5, 0.6}, []float64{125, 400} // tbar = 2 (t - T/2) / T
		if kind == netkind.Flow {
			tin, steps = []float32{0.25, 0.8}, []float64{125, 400} // u = t / T
		}
		out, err := exec.Call(tensors.FromFlatDataAndDimensions(pts, 2, 2), tensors.FromFlatDataAndDimensions(tin, 2, 1))
		if err != nil {
			t.Fatal(err)
		}
		got := tensors.MustCopyFlatData[float32](out[0])
		F := testEmbed.Freqs
		if len(got) != 2*6*F {
			t.Fatalf("%s: %d features, want %d", kind, len(got), 2*6*F)
		}
		for b := range 2 {
			vals := []float64{float64(pts[2*b]) * testEmbed.Scale, float64(pts[2*b+1]) * testEmbed.Scale, steps[b]}
			for i, v := range vals {
				for k := range F {
					w := math.Pow(embedMaxPeriod, -float64(k)/float64(F-1))
					s, c := got[b*6*F+i*2*F+k], got[b*6*F+i*2*F+F+k]
					if math.Abs(float64(s)-math.Sin(v*w)) > 2e-4 || math.Abs(float64(c)-math.Cos(v*w)) > 2e-4 {
						t.Errorf("%s: point %d input %d frequency %d: sin, cos %g, %g; want %g, %g", kind, b, i, k, s, c, math.Sin(v*w), math.Cos(v*w))
					}
				}
			}
		}
	}
}

// trainEmbedded trains a tiny network of kind with testEmbed into dir.
func trainEmbedded(t *testing.T, kind netkind.Kind, dir string) *Net {
	t.Helper()
	c := tinyConfig()
	c.Steps, c.NLLEvery, c.Embed = 30, 0, testEmbed
	if kind == netkind.Conditional {
		c.LabelDropout = 0.2
	}
	n, _, err := Train(context.Background(), TrainOptions{Kind: kind, Data: smallStates(t), Config: c, Backend: testBackend(t), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A network with an embedding keeps it through its checkpoint and its
// weights (the browser's format): the reloaded networks sample exactly as
// the trained one.
func TestEmbedCheckpointRoundTrip(t *testing.T) {
	for _, kind := range []netkind.Kind{netkind.Denoiser, netkind.Flow, netkind.Conditional} {
		dir := t.TempDir()
		n := trainEmbedded(t, kind, dir)
		back, hp, err := LoadCheckpoint(kind.CheckpointDir(dir), n.Backend)
		if err != nil {
			t.Fatal(err)
		}
		if hp.Embed != testEmbed || back.Arch.Embed != testEmbed || hp.Train.Embed != testEmbed {
			t.Errorf("%s: reloaded embedding %+v (recipe %+v, net %+v), want %+v", kind, hp.Embed, hp.Train.Embed, back.Arch.Embed, testEmbed)
		}
		w, err := n.Weights()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := w.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var wb Weights
		if err := wb.UnmarshalBinary(raw); err != nil {
			t.Fatal(err)
		}
		fromW, err := NetFromWeights(&wb, n.Backend)
		if err != nil {
			t.Fatal(err)
		}
		cfg := SampleConfig{N: 50, Seed: 2, Method: MethodDDIM, Steps: 10}
		var g *Guidance
		if kind == netkind.Flow {
			cfg.Method = MethodMidpoint
		}
		if kind == netkind.Conditional {
			g = &Guidance{Label: 2, Scale: 1}
		}
		want := sampleOrFail(t, n, cfg, g)
		for name, m := range map[string]*Net{"checkpoint": back, "weights": fromW} {
			if d := maxAbsDiff(want, sampleOrFail(t, m, cfg, g)); d != 0 {
				t.Errorf("%s from its %s samples differently (max diff %g)", kind, name, d)
			}
		}
		// Without its embedding field the checkpoint does not fit its sizes.
		hpPath := filepath.Join(kind.CheckpointDir(dir), run.HparamsFile)
		var obj map[string]any
		rawHP, err := os.ReadFile(hpPath)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(rawHP, &obj); err != nil {
			t.Fatal(err)
		}
		delete(obj, "embed")
		stripped, _ := json.Marshal(obj)
		if _, err := ParseHparams(stripped); err == nil || !strings.Contains(err.Error(), "do not fit") {
			t.Errorf("%s: hparams without the embedding: error %v, want sizes that do not fit", kind, err)
		}
	}
}

// A checkpoint of the course's input has no embedding field (the files
// written before the option look the same) and loads as none; the course
// export refuses an embedded network and keeps writing the others.
func TestEmbedOldCheckpointLoadsAsNone(t *testing.T) {
	ck := trainTinyTo(t, t.TempDir())
	raw, err := os.ReadFile(filepath.Join(ck, run.HparamsFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "embed") {
		t.Fatalf("hparams.json of a network without embedding mentions one:\n%s", raw)
	}
	n, hp, err := LoadCheckpoint(ck, testBackend(t))
	if err != nil {
		t.Fatal(err)
	}
	if !hp.Embed.None() || !n.Arch.Embed.None() || n.Arch.Sizes[0] != 3 {
		t.Errorf("old checkpoint loads with embedding %+v, input %d; want none, 3", n.Arch.Embed, n.Arch.Sizes[0])
	}
	if _, err := n.CourseStateDict(); err != nil {
		t.Errorf("export of the course's architecture: %v", err)
	}
	emb := trainEmbedded(t, netkind.Flow, "")
	if _, err := emb.CourseStateDict(); err == nil || !strings.Contains(err.Error(), "embed") {
		t.Errorf("export of an embedded flow: error %v, want a refusal naming the embedding", err)
	}
}

// Classifier guidance differentiates through the classifier's embedding:
// the in-graph gradient matches finite differences.
func TestEmbedGuidanceGradient(t *testing.T) {
	c := DefaultClassifierConfig()
	c.Hidden, c.Steps, c.Batch, c.EvalEvery, c.Embed = []int{16}, 30, 256, 10, testEmbed
	clf, _, err := Train(context.Background(), TrainOptions{Kind: netkind.Classifier, Data: smallStates(t), Config: c, Backend: testBackend(t)})
	if err != nil {
		t.Fatal(err)
	}
	exec, err := model.NewExec(clf.Backend, clf.Store, func(scope *model.Scope, x, tbar *Node) (*Node, *Node) {
		return clf.classifierLogProbGrad(clf.scope(), x, tbar, 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	eval := func(xs []float32, tb []float32) ([]float32, []float32) {
		out, err := exec.Call(tensors.FromFlatDataAndDimensions(xs, len(tb), 2), tensors.FromFlatDataAndDimensions(tb, len(tb), 1))
		if err != nil {
			t.Fatal(err)
		}
		return tensors.MustCopyFlatData[float32](out[0]), tensors.MustCopyFlatData[float32](out[1])
	}
	xs, tb := []float32{0.3, -0.2, -1.1, 0.6}, []float32{-0.9, 0.4}
	_, grad := eval(xs, tb)
	const h = 1e-3
	for i := range xs {
		plus, minus := append([]float32(nil), xs...), append([]float32(nil), xs...)
		plus[i] += h
		minus[i] -= h
		lp, _ := eval(plus, tb)
		lm, _ := eval(minus, tb)
		fd := float64(lp[i/2]-lm[i/2]) / (2 * h)
		if math.Abs(fd-float64(grad[i])) > 0.02*max(1, math.Abs(fd)) {
			t.Errorf("coordinate %d: autodiff %g, finite differences %g", i, grad[i], fd)
		}
	}
}

// With ClipX0 every DDPM and DDIM sample ends inside the box (the last
// step lands on the clipped x_0), where an untrained network's samples
// spread beyond it.
func TestClipX0KeepsSamplesInTheBox(t *testing.T) {
	n, err := NewNet(netkind.Denoiser, []int{8}, diffusion.DefaultScheduleConfig(), testBackend(t), 7)
	if err != nil {
		t.Fatal(err)
	}
	box := &Box{Lo: [2]float64{-0.5, -0.25}, Hi: [2]float64{0.5, 0.75}}
	outside := func(pts [][2]float32) int {
		k := 0
		for _, p := range pts {
			for a := range 2 {
				if float64(p[a]) < box.Lo[a]-1e-5 || float64(p[a]) > box.Hi[a]+1e-5 {
					k++
					break
				}
			}
		}
		return k
	}
	for _, cfg := range []SampleConfig{
		{N: 200, Seed: 1, Method: MethodDDPM},
		{N: 200, Seed: 1, Method: MethodDDIM, Steps: 20, Eta: 1},
		{N: 200, Seed: 1, Method: MethodDDIM, Steps: 20},
	} {
		if k := outside(sampleOrFail(t, n, cfg, nil)); k == 0 {
			t.Errorf("%s: without clipping no sample leaves the box: the test would not catch a broken clip", cfg.Method)
		}
		cfg.ClipX0 = box
		if k := outside(sampleOrFail(t, n, cfg, nil)); k == 0 {
			t.Errorf("%s: a course network clipped by default", cfg.Method)
		}
		cfg.Clip = ClipOn
		if k := outside(sampleOrFail(t, n, cfg, nil)); k > 0 {
			t.Errorf("%s eta %g: %d of %d clipped samples outside %+v", cfg.Method, cfg.Eta, k, cfg.N, *box)
		}
	}
	// The flow's Euler solver lands on the last clipped prediction too.
	flow, err := NewNet(netkind.Flow, []int{8}, diffusion.DefaultScheduleConfig(), testBackend(t), 7)
	if err != nil {
		t.Fatal(err)
	}
	fc := SampleConfig{N: 200, Seed: 1, Method: MethodEuler, Steps: 10}
	if k := outside(sampleOrFail(t, flow, fc, nil)); k == 0 {
		t.Error("flow: without clipping no sample leaves the box: the test would not catch a broken clip")
	}
	fc.Clip, fc.ClipX0 = ClipOn, box
	if k := outside(sampleOrFail(t, flow, fc, nil)); k > 0 {
		t.Errorf("flow: %d of %d clipped samples outside %+v", k, fc.N, *box)
	}
	bad := SampleConfig{N: 1, ClipX0: &Box{Lo: [2]float64{1, 0}, Hi: [2]float64{0, 1}}}
	if err := bad.Validate(); err == nil {
		t.Error("an empty clipping box was accepted")
	}
	if _, err := (SampleConfig{Clip: ClipOn}).ClipBox(n); err == nil {
		t.Error("clipping a network without a data box, with no box given, was accepted")
	}
	if err := (SampleConfig{N: 1, Clip: "always"}).Validate(); err == nil {
		t.Error("an unknown clipping mode was accepted")
	}
}

// Training records the data's box; by default a network with an embedding
// clips to it, and the course's networks do not.
func TestClipAutoFollowsTheEmbedding(t *testing.T) {
	data := smallStates(t)
	want := BoxOf(data.Points)
	for _, kind := range []netkind.Kind{netkind.Denoiser, netkind.Flow} {
		dir := t.TempDir()
		n := trainEmbedded(t, kind, dir)
		back, hp, err := LoadCheckpoint(kind.CheckpointDir(dir), n.Backend)
		if err != nil {
			t.Fatal(err)
		}
		w, err := back.Weights()
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string]*Box{"trained": n.DataBox, "hparams": hp.DataBox, "loaded": back.DataBox, "weights": w.DataBox} {
			if b == nil || *b != *want {
				t.Errorf("%s %s data box %v, want %v", kind, name, b, want)
			}
		}
		box, err := SampleConfig{}.ClipBox(n)
		if err != nil || box == nil || *box != *want {
			t.Errorf("%s: default clipping box %v, %v; want the data box %v", kind, box, err, want)
		}
		if box, _ := (SampleConfig{Clip: ClipOff}).ClipBox(n); box != nil {
			t.Errorf("%s: clipping off clips to %v", kind, box)
		}
	}
	den, _ := tinyNets(t)
	if box, err := (SampleConfig{}).ClipBox(den); box != nil || err != nil {
		t.Errorf("course denoiser: default clipping box %v, %v; want none", box, err)
	}
	if box, err := (SampleConfig{Clip: ClipOn}).ClipBox(den); box == nil || err != nil {
		t.Errorf("course denoiser: clipping on gives %v, %v; want its data box", box, err)
	}
}

// Data within the box is left alone: a box around everything gives the
// unclipped samples.
func TestClipX0WideBoxChangesLittle(t *testing.T) {
	den, _ := tinyNets(t)
	cfg := SampleConfig{N: 100, Seed: 4, Method: MethodDDIM, Steps: 20}
	want := sampleOrFail(t, den, cfg, nil)
	cfg.Clip, cfg.ClipX0 = ClipOn, &Box{Lo: [2]float64{-1e3, -1e3}, Hi: [2]float64{1e3, 1e3}}
	if d := maxAbsDiff(want, sampleOrFail(t, den, cfg, nil)); d > 1e-3 {
		t.Errorf("a box around everything moves samples by %g", d)
	}
}

// With Raw the course's (x, y, tbar) come first, then the features; with
// TimeOnly x and y come as they are, then the time's features.
func TestEmbedRawAndTimeOnlyLayout(t *testing.T) {
	raw, timeOnly := testEmbed, testEmbed
	raw.Raw, timeOnly.TimeOnly = true, true
	pts, tin := []float32{0.3, -1.2}, []float32{-0.5} // t = 125 of T = 500
	full := embedFeatures(t, testEmbed, pts, tin)
	gotRaw := embedFeatures(t, raw, pts, tin)
	want := append([]float32{0.3, -1.2, -0.5}, full...)
	gotTime := embedFeatures(t, timeOnly, pts, tin)
	wantTime := append([]float32{0.3, -1.2}, full[4*testEmbed.Freqs:]...)
	for name, c := range map[string][2][]float32{"raw": {gotRaw, want}, "time only": {gotTime, wantTime}} {
		if len(c[0]) != len(c[1]) {
			t.Fatalf("%s: %d features, want %d", name, len(c[0]), len(c[1]))
		}
		for i := range c[0] {
			if c[0][i] != c[1][i] {
				t.Errorf("%s: feature %d is %g, want %g", name, i, c[0][i], c[1][i])
			}
		}
	}
}

// embedFeatures returns the MLP input of a denoiser with embedding e for
// one point pts at the time input tin.
func embedFeatures(t *testing.T, e Embedding, pts, tin []float32) []float32 {
	t.Helper()
	arch, err := EmbedArch(netkind.Denoiser, []int{4}, e)
	if err != nil {
		t.Fatal(err)
	}
	n, err := NewNetOf(netkind.Denoiser, arch, diffusion.DefaultScheduleConfig(), testBackend(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	exec, err := model.NewExec(n.Backend, n.Store, func(_ *model.Scope, x, tb *Node) *Node { return n.input(x, tb, nil) })
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Call(tensors.FromFlatDataAndDimensions(pts, 1, 2), tensors.FromFlatDataAndDimensions(tin, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	return tensors.MustCopyFlatData[float32](out[0])
}
