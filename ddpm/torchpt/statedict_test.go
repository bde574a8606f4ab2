package torchpt

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/internal/testfix"
)

// courseTinyKeys are the keys of course_tiny.pt, the course's MLP(3, 2,
// [5, 4]) with one shared PReLU, in torch's order.
var courseTinyKeys = []string{"act.weight", "model.0.weight", "model.0.bias", "model.1.weight",
	"model.2.weight", "model.2.bias", "model.3.weight", "model.4.weight", "model.4.bias"}

func names(ts []Tensor) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

func TestReadStateDictCourseFixtures(t *testing.T) {
	cuda, err := ReadStateDict(testfix.Path("course_tiny.pt"))
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(names(cuda)); got != fmt.Sprint(courseTinyKeys) {
		t.Fatalf("keys %s, want %v", got, courseTinyKeys)
	}
	byName := map[string]Tensor{}
	for _, x := range cuda {
		byName[x.Name] = x
	}
	if w := byName["model.2.weight"]; fmt.Sprint(w.Shape) != "[4 5]" || len(w.Data) != 20 {
		t.Errorf("model.2.weight: shape %v, %d values, want [4 5], 20", w.Shape, len(w.Data))
	}
	// The shared PReLU: the same storage under three names, slope 0.3.
	for _, k := range []string{"act.weight", "model.1.weight", "model.3.weight"} {
		x := byName[k]
		if fmt.Sprint(x.Shape) != "[1]" || x.Data[0] != 0.3 || x.Storage != byName["act.weight"].Storage {
			t.Errorf("%s: shape %v, data %v, storage %q; want [1], 0.3, the storage of act.weight %q",
				k, x.Shape, x.Data, x.Storage, byName["act.weight"].Storage)
		}
	}
	// The same network saved as float64 under DataParallel's "module." prefix.
	f64, err := ReadStateDict(testfix.Path("course_tiny_module_f64.pt"))
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range f64 {
		want := cuda[i]
		if x.Name != "module."+want.Name || !equalFloats(x.Data, want.Data) {
			t.Errorf("float64 entry %d: %s %v, want module.%s %v", i, x.Name, x.Data, want.Name, want.Data)
		}
	}
}

func TestReadStateDictRefusals(t *testing.T) {
	testfix.Refuses(t, func(path string) error { _, err := ReadStateDict(path); return err },
		testfix.Refusal{File: "course_whole_module.pt", Want: "holds a pickled torch.nn.Module (it names __main__.MLP), not a state_dict"},
		testfix.Refusal{File: "course_train_ckpt.pt", Want: `key "model" holds a dict, not a tensor`},
		testfix.Refusal{File: "states_small.pt", Want: `key "labels": dtype int64, want float32`},
		testfix.Refusal{File: "tensor_only.pt", Want: "holds a single tensor, not a state_dict"},
		testfix.Refusal{File: "evil_system.pt", Want: "pickle global posix.system is not allowed"},
		testfix.Refusal{File: "points_f32.npy", Want: "not a PyTorch .pt file"},
		testfix.Refusal{File: "truncated.pt", Want: "not a PyTorch .pt file"},
	)
	if _, err := os.Stat("/tmp/ddpm_fixture_pwned"); err == nil {
		t.Error("/tmp/ddpm_fixture_pwned exists: did something run the malicious pickle?")
	}
}

func TestStateDictRoundTrip(t *testing.T) {
	in := []Tensor{
		{Name: "act.weight", Shape: []int{1}, Data: []float32{0.25}, Storage: "prelu"},
		{Name: "model.0.weight", Shape: []int{3, 2}, Data: []float32{1, 2, 3, 4, 5, 6}},
		{Name: "model.0.bias", Shape: []int{3}, Data: []float32{-1, 0, 1}},
		{Name: "model.1.weight", Shape: []int{1}, Data: []float32{0.25}, Storage: "prelu"},
		{Name: "scalar", Shape: []int{}, Data: []float32{7}},
		{Name: "cube", Shape: []int{2, 1, 2}, Data: []float32{1, 2, 3, 4}},
	}
	b, err := EncodeStateDict(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := DecodeStateDict(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("%d tensors back, want %d", len(out), len(in))
	}
	for i := range in {
		if out[i].Name != in[i].Name || fmt.Sprint(out[i].Shape) != fmt.Sprint(in[i].Shape) || !equalFloats(out[i].Data, in[i].Data) {
			t.Errorf("tensor %d: %+v, want %+v", i, out[i], in[i])
		}
	}
	if out[0].Storage != out[3].Storage || out[0].Storage == out[1].Storage {
		t.Errorf("storages %q %q %q: want the PReLU's shared, the others apart", out[0].Storage, out[3].Storage, out[1].Storage)
	}
	bad := append([]Tensor(nil), in...)
	bad[3] = Tensor{Name: "model.1.weight", Shape: []int{1}, Data: []float32{0.5}, Storage: "prelu"}
	if _, err := EncodeStateDict(bad); err == nil || !strings.Contains(err.Error(), "share storage") {
		t.Errorf("shared storage with different data: error %v", err)
	}
	if _, err := EncodeStateDict([]Tensor{{Name: "x", Shape: []int{2}, Data: []float32{1}}}); err == nil {
		t.Error("EncodeStateDict accepted 1 value for shape [2]")
	}
}

func FuzzReadStateDict(f *testing.F) {
	testfix.FuzzFixtures(f, "course_tiny.pt", "course_tiny_module_f64.pt", "course_tiny_layer.pt",
		"course_whole_module.pt", "course_train_ckpt.pt", "states_small.pt")
	f.Fuzz(func(t *testing.T, b []byte) {
		ts, err := DecodeStateDict(b)
		if err != nil {
			return
		}
		for _, x := range ts {
			n := 1
			for _, d := range x.Shape {
				n *= d
			}
			if n != len(x.Data) {
				t.Fatalf("%s: %d values for shape %v", x.Name, len(x.Data), x.Shape)
			}
		}
	})
}
