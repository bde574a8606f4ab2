package ddpm

import (
	"crypto/sha256"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/torchpt"
)

// The course's checkpoints are state_dicts of its model.py MLP, an
// nn.Sequential of Linear layers with one nn.PReLU module, act, shared by
// every place between them. torch.save(mlp.state_dict(), path) writes, for
// hidden layers h_1..h_L (L+1 Linear layers):
//
//	act.weight        [1]                 the shared PReLU slope
//	model.{2i}.weight [out_i, in_i]       Linear layer i = 0..L (torch's [out, in])
//	model.{2i}.bias   [out_i]
//	model.{2i+1}.weight [1]               the PReLU after hidden layer i < L: act itself
//
// which MLP(input_dim, output_dim, hidden_layers) loads with strict=True.
// The inputs are those of Net.Apply: (x, y, tbar) for the denoiser and the
// classifier (tbar = 2 (t - T/2) / T, the handout's), (x, y, u) for the flow
// (u in [0, 1], 0 at the data), and (x, y, tbar, one-hot label over
// states.Num + 1 classes, the last "no label") for the conditional denoiser.
// The outputs: the predicted noise (denoiser, conditional), the velocity
// (flow), the states.Num logits (classifier).

// CourseStateDict returns the network's weights (the EMA copy that sampling
// uses, when it has one) as the state_dict of the course's MLP. A network
// with one PReLU slope per layer is exported only when its slopes are all
// equal: the course's class has one, and loading different slopes into it
// would compute something else, so that is an error.
//
// A network with an input embedding is refused too: the course's MLP reads
// (x, y, tbar) itself, and its model.py has no embedding to put in front.
func (n *Net) CourseStateDict() ([]torchpt.Tensor, error) {
	if !n.Arch.Embed.None() {
		return nil, fmt.Errorf("the %s reads the %s embedding of its inputs (%d features), and the course's MLP reads "+
			"(x, y, tbar) as they are: its weights would mean nothing there. Train it with -embed none to export it",
			n.Kind, n.Arch.Embed, n.Arch.Sizes[0])
	}
	sizes := n.Arch.Sizes
	layers := len(sizes) - 1
	slope := float32(PReLUInit) // the course's act exists even without hidden layers
	var slopes []float32
	for i := 0; i+1 < layers; i++ {
		v, err := n.samplingValues(n.Arch.slopeScope(n.scope(), i).Scope() + "/alpha")
		if err != nil {
			return nil, err
		}
		slopes = append(slopes, v[0])
	}
	for i, s := range slopes {
		if i == 0 {
			slope = s
			continue
		}
		if math.Float32bits(s) != math.Float32bits(slope) {
			return nil, fmt.Errorf("the %s has one PReLU slope per hidden layer (%v), and the course's MLP shares one "+
				"nn.PReLU: loaded into it, these weights would compute something else. Train it with -prelu shared "+
				"to export it", n.Kind, slopes)
		}
	}
	const shared = "act"
	out := []torchpt.Tensor{{Name: "act.weight", Shape: []int{1}, Data: []float32{slope}, Storage: shared}}
	for i := 0; i < layers; i++ {
		in, o := sizes[i], sizes[i+1]
		base := n.scope().At("dense_%d", i).Scope()
		w, err := n.samplingValues(base + "/weights")
		if err != nil {
			return nil, err
		}
		b, err := n.samplingValues(base + "/biases")
		if err != nil {
			return nil, err
		}
		out = append(out,
			torchpt.Tensor{Name: fmt.Sprintf("model.%d.weight", 2*i), Shape: []int{o, in}, Data: transpose(w, in, o)},
			torchpt.Tensor{Name: fmt.Sprintf("model.%d.bias", 2*i), Shape: []int{o}, Data: b})
		if i+1 < layers {
			out = append(out, torchpt.Tensor{Name: fmt.Sprintf("model.%d.weight", 2*i+1), Shape: []int{1},
				Data: []float32{slope}, Storage: shared})
		}
	}
	return out, nil
}

// ExportCourse writes the network as a course state_dict file at path (see
// CourseStateDict), atomically.
func (n *Net) ExportCourse(path string) error {
	sd, err := n.CourseStateDict()
	if err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	return torchpt.WriteStateDict(path, sd)
}

// samplingValues returns the values of the variable at path, or of its EMA
// copy when there is one (what sampling uses).
func (n *Net) samplingValues(path string) ([]float32, error) {
	v := n.Store.GetVariable(path)
	if e := n.Store.GetVariable(emaPath(path)); e != nil {
		v = e
	}
	if v == nil {
		return nil, fmt.Errorf("variable %s missing", path)
	}
	t, err := v.Value()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return tensors.CopyFlatData[float32](t)
}

// transpose returns the [cols, rows] transpose of the row-major [rows, cols]
// matrix m.
func transpose(m []float32, rows, cols int) []float32 {
	out := make([]float32, len(m))
	for r := range rows {
		for c := range cols {
			out[c*rows+r] = m[r*cols+c]
		}
	}
	return out
}

var courseKeyRE = regexp.MustCompile(`^model\.(\d+)\.(weight|bias)$`)

// NetFromCourse builds a network of kind from the course state_dict sd (see
// CourseStateDict) read from file, which errors name. It accepts the keys
// under DataParallel's "module." prefix, the shared PReLU (act.weight, the
// same slope at every model.{2i+1}.weight) and one nn.PReLU per layer (no
// act.weight); the hidden widths come from the weights' shapes. Missing,
// extra or misshapen keys are errors that name the key and both shapes.
func NetFromCourse(kind netkind.Kind, sd []torchpt.Tensor, file string, sc diffusion.ScheduleConfig, backend compute.Backend) (*Net, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s", file, fmt.Sprintf(format, args...))
	}
	want, err := NetArch(kind, nil)
	if err != nil {
		return nil, err
	}
	byName := map[string]torchpt.Tensor{}
	prefixed := len(sd) > 0
	for _, t := range sd {
		prefixed = prefixed && strings.HasPrefix(t.Name, "module.")
	}
	maxIndex := -1
	var extra []string
	for _, t := range sd {
		name := t.Name
		if prefixed {
			name = strings.TrimPrefix(name, "module.")
		}
		byName[name] = t
		if name == "act.weight" {
			continue
		}
		m := courseKeyRE.FindStringSubmatch(name)
		if m == nil {
			extra = append(extra, t.Name)
			continue
		}
		k, err := strconv.Atoi(m[1])
		if err != nil || k > 2*maxHparamsLayers {
			extra = append(extra, t.Name)
			continue
		}
		if k%2 == 0 {
			maxIndex = max(maxIndex, k)
		}
	}
	if len(extra) > 0 {
		return nil, fail("unexpected key %q (not one of the course MLP's act.weight, model.N.weight, model.N.bias): "+
			"a state_dict of another network?", extra[0])
	}
	if maxIndex < 0 {
		return nil, fail("no Linear layers model.{0,2,...}.weight: not a course MLP state_dict")
	}
	layers := maxIndex/2 + 1
	// The expected keys, and the shapes that follow from the widths.
	sizes := []int{want.Sizes[0]}
	for i := range layers {
		w, ok := byName[fmt.Sprintf("model.%d.weight", 2*i)]
		if !ok {
			return nil, fail("missing key %s%s (the Linear layer %d of %d)", keyPrefix(prefixed), fmt.Sprintf("model.%d.weight", 2*i), i, layers)
		}
		in := sizes[i]
		out := want.Sizes[1]
		if i+1 < layers {
			if len(w.Shape) == 2 {
				out = w.Shape[0]
			}
			if out <= 0 || out > maxHparamsWidth {
				return nil, fail("key %s has shape %v: width out of [1, %d]", w.Name, w.Shape, maxHparamsWidth)
			}
		}
		if err := checkShape(w, []int{out, in}, kind, i, layers); err != nil {
			return nil, fail("%v", err)
		}
		b, ok := byName[fmt.Sprintf("model.%d.bias", 2*i)]
		if !ok {
			return nil, fail("missing key %s%s", keyPrefix(prefixed), fmt.Sprintf("model.%d.bias", 2*i))
		}
		if err := checkShape(b, []int{out}, kind, i, layers); err != nil {
			return nil, fail("%v", err)
		}
		sizes = append(sizes, out)
	}
	// The slopes: act.weight shared by all, or one per layer.
	act, shared := byName["act.weight"]
	if shared {
		if err := checkShape(act, []int{1}, kind, -1, layers); err != nil {
			return nil, fail("%v", err)
		}
	}
	slopes := make([]float32, layers-1)
	for i := range slopes {
		name := fmt.Sprintf("model.%d.weight", 2*i+1)
		s, ok := byName[name]
		if !ok {
			return nil, fail("missing key %s%s (the PReLU after hidden layer %d)", keyPrefix(prefixed), name, i)
		}
		if err := checkShape(s, []int{1}, kind, -1, layers); err != nil {
			return nil, fail("%v (one slope: nn.PReLU())", err)
		}
		slopes[i] = s.Data[0]
		if shared && math.Float32bits(s.Data[0]) != math.Float32bits(act.Data[0]) {
			return nil, fail("key %s is %g but act.weight is %g: the course's MLP uses act at every layer, "+
				"so these weights are not one of its state_dicts", s.Name, s.Data[0], act.Data[0])
		}
	}
	var known []string
	for name := range byName {
		known = append(known, name)
	}
	sort.Strings(known)
	for _, name := range known {
		m := courseKeyRE.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		k, _ := strconv.Atoi(m[1])
		if k%2 == 1 && (m[2] == "bias" || k >= 2*layers-1) {
			return nil, fail("unexpected key %s%s: the course's MLP has no such parameter", keyPrefix(prefixed), name)
		}
	}
	arch := MLP{Sizes: sizes, SharedPReLU: shared}
	n, err := NewNetOf(kind, arch, sc, backend, 0)
	if err != nil {
		return nil, fail("%v", err)
	}
	set := func(path string, data []float32, dims ...int) error {
		v := n.Store.GetVariable(path)
		if v == nil {
			return fmt.Errorf("variable %s missing", path)
		}
		return v.SetValue(tensors.FromFlatDataAndDimensions(data, dims...))
	}
	for i := range layers {
		base := n.scope().At("dense_%d", i).Scope()
		w := byName[fmt.Sprintf("model.%d.weight", 2*i)]
		if err := set(base+"/weights", transpose(w.Data, sizes[i+1], sizes[i]), sizes[i], sizes[i+1]); err != nil {
			return nil, err
		}
		if err := set(base+"/biases", byName[fmt.Sprintf("model.%d.bias", 2*i)].Data, sizes[i+1]); err != nil {
			return nil, err
		}
	}
	for i, s := range slopes {
		if shared && i > 0 {
			break
		}
		if err := n.Store.GetVariable(arch.slopeScope(n.scope(), i).Scope() + "/alpha").SetValue(tensors.FromScalar(s)); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// maxHparamsLayers bounds the number of layers of an imported network.
const maxHparamsLayers = 64

// keyPrefix is "module." when the file's keys carry it.
func keyPrefix(prefixed bool) string {
	if prefixed {
		return "module."
	}
	return ""
}

// checkShape returns an error naming t's key and both shapes when t is not
// of shape want; layer i of layers (-1: a slope) says what it is.
func checkShape(t torchpt.Tensor, want []int, kind netkind.Kind, i, layers int) error {
	if fmt.Sprint(t.Shape) == fmt.Sprint(want) {
		return nil
	}
	what := "the PReLU slope"
	switch {
	case i == 0:
		what = fmt.Sprintf("a %s's first layer (its input is %d wide)", kind, want[len(want)-1])
	case i == layers-1:
		what = fmt.Sprintf("a %s's output layer (%d outputs)", kind, want[0])
	case i > 0:
		what = fmt.Sprintf("layer %d, after a layer of width %d", i, want[len(want)-1])
	}
	return fmt.Errorf("key %s has shape %v, but %s wants %v", t.Name, t.Shape, what, want)
}

// ImportCourse reads the course state_dict file path (torchpt.ReadStateDict)
// and builds a network of kind from it (NetFromCourse) with the course's
// schedule and the given time input (diffusion.TimeHandout or TimeLinspace,
// the one it was trained with). The network's Origin records the file, its
// SHA-256 and the time input.
func ImportCourse(kind netkind.Kind, path, timeInput string, backend compute.Backend) (*Net, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", path, err)
	}
	sd, err := torchpt.DecodeStateDict(raw)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", path, err)
	}
	sc := diffusion.DefaultScheduleConfig()
	sc.TimeInput = timeInput
	if kind.Spec().Target == netkind.TargetVelocity {
		sc.TimeInput = "" // the flow's time u in [0, 1] goes in as it is
	}
	n, err := NetFromCourse(kind, sd, path, sc, backend)
	if err != nil {
		return nil, fmt.Errorf("import %w", err)
	}
	ti := timeInput
	if ti == "" {
		ti = diffusion.TimeHandout
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	n.Origin = fmt.Sprintf("PyTorch state_dict %s (sha256 %x), time input %s", abs, sha256.Sum256(raw), ti)
	return n, nil
}

// SaveImported writes an imported network (ImportCourse) as a project
// checkpoint in the checkpoint folder dir, at step 0, with madeBy and its
// Origin in hparams.json; its recorded training configuration holds only
// the architecture and the schedule.
func (n *Net) SaveImported(dir, madeBy string) error {
	tc := TrainConfig{Hidden: append([]int(nil), n.Arch.Sizes[1:len(n.Arch.Sizes)-1]...), Schedule: n.ScheduleConfig, PReLU: PReLULayer}
	if n.Arch.SharedPReLU {
		tc.PReLU = PReLUShared
	}
	n.madeBy = madeBy
	return n.SaveCheckpoint(dir, tc)
}
