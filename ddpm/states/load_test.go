package states

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/npy"
	"github.com/statesdiffusion/states/internal/testfix"
)

func TestLoadDataFormats(t *testing.T) {
	wantPts, wantLabels := testfix.Points(50)
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "d.csv")
	if err := WriteCSV(csvPath, &Dataset{Points: wantPts, Labels: wantLabels}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path   string
		labels bool
	}{
		{testfix.Path("states_small.pt"), true},
		{testfix.Path("points_f32.npy"), true}, // labels from points_f32_labels.npy
		{testfix.Path("points_f64.npy"), false},
		{csvPath, true},
	} {
		d, err := Load(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		testfix.EqualPoints(t, tc.path, d.Points, wantPts)
		if tc.labels {
			testfix.EqualLabels(t, tc.path, d.Labels, wantLabels)
		} else if d.Labels != nil {
			t.Errorf("%s: labels %v, want none", tc.path, d.Labels)
		}
	}
	d, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 5000 {
		t.Errorf("default dataset has %d points, want 5000", d.Len())
	}
}

func TestLoadDataRejects(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pts, _ := testfix.Points(4)
	mismatch := filepath.Join(dir, "m.npy")
	if err := npy.WritePoints(mismatch, pts); err != nil {
		t.Fatal(err)
	}
	if err := npy.WriteLabels(NPYLabelsPath(mismatch), []int{0, 1}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{write("a.txt", "1,2\n"), `unknown data format ".txt"`},
		{write("noext", "1,2\n"), `unknown data format ""`},
		{write("empty.csv", ""), "dataset has no points"},
		{write("empty.npy", ""), "bad magic"},
		{write("empty.pt", ""), "empty file"},
		{write("nan.csv", "x,y\n1,NaN\n"), "point 0 is not finite"},
		{write("inf.csv", "x,y\n1,2\n-Inf,2\n"), "point 1 is not finite"},
		{write("label.csv", "1,2,5\n"), "label 0 is 5, want one in [0, 5)"},
		{write("neg.csv", "1,2,-1\n"), "label 0 is -1"},
		{filepath.Join(dir, "missing.csv"), "no such file"},
		{mismatch, "2 labels for the 4 points"},
		{testfix.Path("labels_out_of_range.pt"), "label 3 is 7"},
		{testfix.Path("nan_point.pt"), "point 4 is not finite"},
		{testfix.Path("truncated.pt"), "not a PyTorch zip file"},
		{testfix.Path("evil_system.pt"), "posix.system"},
	} {
		_, err := Load(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), filepath.Base(tc.path)) {
			t.Errorf("%s: error %v, want one naming the file and containing %q", tc.path, err, tc.want)
		}
	}
}

func TestValidateDataset(t *testing.T) {
	if err := Validate(nil); err == nil {
		t.Error("nil dataset accepted")
	}
	d := &Dataset{Points: [][2]float32{{0, 0}, {1, 1}}, Labels: []int{0}}
	if err := Validate(d); err == nil || !strings.Contains(err.Error(), "1 labels for 2 points") {
		t.Errorf("label count mismatch: error %v", err)
	}
	d.Labels = []int{0, 4}
	if err := Validate(d); err != nil {
		t.Error(err)
	}
}
