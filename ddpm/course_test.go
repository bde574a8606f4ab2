package ddpm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/npy"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/ddpm/torchpt"
	"github.com/statesdiffusion/states/internal/testfix"
)

// mlpOutputs evaluates the network's MLP on rows of raw inputs [rows, in]
// (x, y, time input, then the conditional denoiser's one-hot label) and
// returns [rows, out], row-major.
func mlpOutputs(t testing.TB, n *Net, in []float32, rows int) []float32 {
	t.Helper()
	width := n.Arch.Sizes[0]
	exec, err := model.NewExec(n.Backend, n.Store, func(_ *model.Scope, x *Node) *Node {
		return n.Arch.Apply(n.scope(), x)
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Call(tensors.FromFlatDataAndDimensions(in, rows, width))
	if err != nil {
		t.Fatal(err)
	}
	return tensors.MustCopyFlatData[float32](out[0])
}

// readIO reads a fixture of rows (inputs..., outputs...) with in inputs.
func readIO(t *testing.T, name string, in int) (inputs, outputs []float32, rows int) {
	t.Helper()
	b, err := os.ReadFile(testfix.Path(name))
	if err != nil {
		t.Fatal(err)
	}
	data, rows, cols, err := npy.DecodeMatrix(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for r := range rows {
		inputs = append(inputs, data[r*cols:r*cols+in]...)
		outputs = append(outputs, data[r*cols+in:(r+1)*cols]...)
	}
	return inputs, outputs, rows
}

func maxAbsDiffFlat(a, b []float32) float64 {
	d := 0.0
	for i := range a {
		d = max(d, math.Abs(float64(a[i])-float64(b[i])))
	}
	return d
}

func TestImportCourseFixtures(t *testing.T) {
	b := testBackend(t)
	for _, tc := range []struct {
		file, io string
		kind     netkind.Kind
		sizes    string
		shared   bool
	}{
		{"course_tiny.pt", "course_tiny_io.npy", netkind.Denoiser, "[3 5 4 2]", true},
		{"course_tiny_module_f64.pt", "course_tiny_io.npy", netkind.Denoiser, "[3 5 4 2]", true},
		{"course_tiny_layer.pt", "course_tiny_layer_io.npy", netkind.Classifier, "[3 6 4 5]", false},
	} {
		n, err := ImportCourse(tc.kind, testfix.Path(tc.file), diffusion.TimeLinspace, b)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if fmt.Sprint(n.Arch.Sizes) != tc.sizes || n.Arch.SharedPReLU != tc.shared {
			t.Errorf("%s: layers %v shared %v, want %s %v", tc.file, n.Arch.Sizes, n.Arch.SharedPReLU, tc.sizes, tc.shared)
		}
		if !strings.Contains(n.Origin, tc.file) || !strings.Contains(n.Origin, "time input linspace") {
			t.Errorf("%s: origin %q", tc.file, n.Origin)
		}
		if n.Schedule.TBar(1) != -1 || n.Schedule.TBar(500) != 1 {
			t.Errorf("%s: linspace time input gives tbar(1) = %g, tbar(T) = %g, want -1, 1", tc.file, n.Schedule.TBar(1), n.Schedule.TBar(500))
		}
		in, want, rows := readIO(t, tc.io, 3)
		got := mlpOutputs(t, n, in, rows)
		if d := maxAbsDiffFlat(got, want); d > 1e-5 {
			t.Errorf("%s: outputs differ from torch's by %g", tc.file, d)
		}
	}
}

func TestCourseExportRoundTrip(t *testing.T) {
	b := testBackend(t)
	for _, kind := range netkind.All() {
		arch, err := NetArch(kind, []int{7, 5})
		if err != nil {
			t.Fatal(err)
		}
		arch.SharedPReLU = true
		n, err := NewNetOf(kind, arch, diffusion.DefaultScheduleConfig(), b, 5)
		if err != nil {
			t.Fatal(err)
		}
		if err := n.Store.GetVariable(n.scope().Scope() + "/prelu/alpha").SetValue(tensors.FromScalar(float32(0.125))); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), string(kind)+".pt")
		if err := n.ExportCourse(path); err != nil {
			t.Fatal(err)
		}
		sd, err := torchpt.ReadStateDict(path)
		if err != nil {
			t.Fatal(err)
		}
		wantKeys := "[act.weight model.0.weight model.0.bias model.1.weight model.2.weight model.2.bias model.3.weight model.4.weight model.4.bias]"
		var keys []string
		for _, x := range sd {
			keys = append(keys, x.Name)
		}
		if fmt.Sprint(keys) != wantKeys {
			t.Errorf("%s: keys %v, want %s", kind, keys, wantKeys)
		}
		if sd[0].Storage != sd[3].Storage || sd[3].Storage != sd[6].Storage || sd[0].Data[0] != 0.125 {
			t.Errorf("%s: act.weight, model.1.weight, model.3.weight: storages %q %q %q, slope %v; want one storage, 0.125",
				kind, sd[0].Storage, sd[3].Storage, sd[6].Storage, sd[0].Data)
		}
		back, err := ImportCourse(kind, path, "", b)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		rows := 16
		in := make([]float32, rows*arch.Sizes[0])
		for i := range in {
			in[i] = float32(rng.NormFloat64())
		}
		if d := maxAbsDiffFlat(mlpOutputs(t, back, in, rows), mlpOutputs(t, n, in, rows)); d != 0 {
			t.Errorf("%s: exported and imported network differs by %g", kind, d)
		}
	}
}

func TestCourseExportRefusesLayerSlopes(t *testing.T) {
	b := testBackend(t)
	n, err := NewNet(netkind.Denoiser, []int{4, 4}, diffusion.DefaultScheduleConfig(), b, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Equal per-layer slopes (the initial 0.25) export exactly.
	if _, err := n.CourseStateDict(); err != nil {
		t.Errorf("equal slopes: %v", err)
	}
	if err := n.Store.GetVariable(n.scope().Scope() + "/prelu_1/alpha").SetValue(tensors.FromScalar(float32(0.5))); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "denoiser.pt")
	err = n.ExportCourse(path)
	if err == nil || !strings.Contains(err.Error(), "one PReLU slope per hidden layer") || !strings.Contains(err.Error(), "-prelu shared") {
		t.Errorf("different slopes: error %v, want a refusal naming -prelu shared", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the refused export left a file")
	}
}

func TestImportCourseRefusals(t *testing.T) {
	b := testBackend(t)
	good, err := torchpt.ReadStateDict(testfix.Path("course_tiny.pt"))
	if err != nil {
		t.Fatal(err)
	}
	edit := func(f func([]torchpt.Tensor) []torchpt.Tensor) []torchpt.Tensor {
		c := append([]torchpt.Tensor(nil), good...)
		return f(c)
	}
	drop := func(name string) []torchpt.Tensor {
		return edit(func(c []torchpt.Tensor) []torchpt.Tensor {
			out := c[:0]
			for _, x := range c {
				if x.Name != name {
					out = append(out, x)
				}
			}
			return out
		})
	}
	for _, tc := range []struct {
		what string
		kind netkind.Kind
		sd   []torchpt.Tensor
		want string
	}{
		{"missing weight", netkind.Denoiser, drop("model.2.weight"), "missing key model.2.weight"},
		{"missing bias", netkind.Denoiser, drop("model.0.bias"), "missing key model.0.bias"},
		{"missing slope", netkind.Denoiser, drop("model.3.weight"), "missing key model.3.weight"},
		{"extra key", netkind.Denoiser, edit(func(c []torchpt.Tensor) []torchpt.Tensor {
			return append(c, torchpt.Tensor{Name: "head.weight", Shape: []int{1}, Data: []float32{1}})
		}), `unexpected key "head.weight"`},
		{"extra slope", netkind.Denoiser, edit(func(c []torchpt.Tensor) []torchpt.Tensor {
			return append(c, torchpt.Tensor{Name: "model.5.weight", Shape: []int{1}, Data: []float32{1}})
		}), "unexpected key model.5.weight"},
		{"classifier output", netkind.Classifier, good, "key model.4.weight has shape [2 4], but a classifier's output layer (5 outputs) wants [5 4]"},
		{"conditional input", netkind.Conditional, good, "key model.0.weight has shape [5 3], but a conditional's first layer (its input is 9 wide) wants [5 9]"},
		{"slope vector", netkind.Denoiser, edit(func(c []torchpt.Tensor) []torchpt.Tensor {
			c[3] = torchpt.Tensor{Name: "model.1.weight", Shape: []int{5}, Data: make([]float32, 5)}
			return c
		}), "key model.1.weight has shape [5], but the PReLU slope wants [1]"},
		{"act differs", netkind.Denoiser, edit(func(c []torchpt.Tensor) []torchpt.Tensor {
			c[6] = torchpt.Tensor{Name: "model.3.weight", Shape: []int{1}, Data: []float32{0.7}}
			return c
		}), "key model.3.weight is 0.7 but act.weight is 0.3"},
	} {
		_, err := NetFromCourse(tc.kind, tc.sd, "FILE.pt", diffusion.DefaultScheduleConfig(), b)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "FILE.pt: ") {
			t.Errorf("%s: error %v, want one naming FILE.pt and containing %q", tc.what, err, tc.want)
		}
	}
	for _, tc := range []struct{ file, want string }{
		{"course_whole_module.pt", "pickled torch.nn.Module"},
		{"course_train_ckpt.pt", `key "model" holds a dict`},
		{"points_f32.npy", "not a PyTorch .pt file"},
	} {
		path := testfix.Path(tc.file)
		_, err := ImportCourse(netkind.Denoiser, path, "", b)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v, want one naming the file and containing %q", tc.file, err, tc.want)
		}
	}
}

// TestCourseExportInterop writes, when DDPM_COURSE_INTEROP_OUT names a
// folder, each kind's network in the course's default size (denoiser 4 x
// 256, classifier [100, 200, 500]) exported as KIND.pt, 1000 random inputs
// KIND_inputs.npy and the Go network's outputs KIND_go_outputs.npy, for
// scripts/make_torch_ckpt.py check-export (run by .ci/run) to load into
// torch and compare; every kind in the course's architecture, its input
// (x, y, tbar) without embedding. When DDPM_COURSE_INTEROP_FROM names an
// output folder, its trained networks of the course's input are written
// too, as trained_KIND (an embedded one cannot be exported).
func TestCourseExportInterop(t *testing.T) {
	dir := os.Getenv("DDPM_COURSE_INTEROP_OUT")
	if dir == "" {
		t.Skip("DDPM_COURSE_INTEROP_OUT not set (scripts/make_torch_ckpt.py check-export sets it)")
	}
	b := testBackend(t)
	for i, kind := range netkind.All() {
		cfg, err := DefaultTrainConfig(kind)
		if err != nil {
			t.Fatal(err)
		}
		cfg.PReLU, cfg.Embed = PReLUShared, Embedding{}
		arch, err := ConfigArch(kind, cfg)
		if err != nil {
			t.Fatal(err)
		}
		n, err := NewNetOf(kind, arch, cfg.Schedule, b, uint64(10+i))
		if err != nil {
			t.Fatal(err)
		}
		if err := n.Store.GetVariable(n.scope().Scope() + "/prelu/alpha").SetValue(tensors.FromScalar(float32(0.1 + 0.05*float64(i)))); err != nil {
			t.Fatal(err)
		}
		writeInterop(t, dir, string(kind), n, uint64(i))
	}
	from := os.Getenv("DDPM_COURSE_INTEROP_FROM")
	if from == "" {
		return
	}
	for i, kind := range netkind.All() {
		if !HasCheckpoint(from, kind) {
			continue
		}
		n, _, err := LoadCheckpoint(kind.CheckpointDir(from), b)
		if err != nil {
			t.Fatal(err)
		}
		if !n.Arch.Embed.None() {
			continue
		}
		writeInterop(t, dir, "trained_"+string(kind), n, uint64(100+i))
	}
}

// writeInterop exports n as DIR/NAME.pt and writes 1000 random inputs and
// its outputs on them (NAME_inputs.npy, NAME_go_outputs.npy).
func writeInterop(t *testing.T, dir, name string, n *Net, seed uint64) {
	t.Helper()
	const rows = 1000
	if err := n.ExportCourse(filepath.Join(dir, name+".pt")); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	sizes := n.Arch.Sizes
	width := sizes[0]
	in := make([]float32, rows*width)
	for r := range rows {
		row := in[r*width : (r+1)*width]
		row[0], row[1] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
		row[2] = float32(2*rng.Float64() - 1)
		if n.Kind == netkind.Flow {
			row[2] = float32(rng.Float64())
		}
		if n.Kind == netkind.Conditional {
			row[3+rng.IntN(states.Num+1)] = 1
		}
	}
	if err := npy.WriteMatrix(filepath.Join(dir, name+"_inputs.npy"), in, rows, width); err != nil {
		t.Fatal(err)
	}
	out := mlpOutputs(t, n, in, rows)
	if err := npy.WriteMatrix(filepath.Join(dir, name+"_go_outputs.npy"), out, rows, sizes[len(sizes)-1]); err != nil {
		t.Fatal(err)
	}
}
