package ddpm

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixturePoints are the points of the fixtures of scripts/make_fixtures.py:
// point i is (i/8 - 3, ((i*i) % 17)/4 - 2), label i is i % 5.
func fixturePoints(n int) ([][2]float32, []int) {
	pts := make([][2]float32, n)
	labels := make([]int, n)
	for i := range pts {
		pts[i] = [2]float32{float32(i)/8 - 3, float32((i*i)%17)/4 - 2}
		labels[i] = i % 5
	}
	return pts, labels
}

func equalPoints(t *testing.T, what string, got, want [][2]float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d points, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: point %d is %v, want %v", what, i, got[i], want[i])
		}
	}
}

func equalLabels(t *testing.T, what string, got, want []int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d labels, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: label %d is %d, want %d", what, i, got[i], want[i])
		}
	}
}

func TestReadNPYFixtures(t *testing.T) {
	wantPts, wantLabels := fixturePoints(50)
	for _, name := range []string{"points_f32.npy", "points_f64.npy"} {
		pts, err := ReadNPYPoints(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		equalPoints(t, name, pts, wantPts)
	}
	for _, name := range []string{"labels_i64.npy", "labels_i32.npy"} {
		labels, err := ReadNPYLabels(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		equalLabels(t, name, labels, wantLabels)
	}
}

func TestReadNPYRejects(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "points_f32.npy"))
	if err != nil {
		t.Fatal(err)
	}
	header := func(dict string) []byte {
		b := []byte("\x93NUMPY\x01\x00")
		b = append(b, byte(len(dict)), byte(len(dict)>>8))
		return append(b, dict...)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "bad magic"},
		{"magic only", []byte("\x93NUMPY"), "bad magic"},
		{"version 9", []byte("\x93NUMPY\x09\x00\x10\x00"), "version 9"},
		{"truncated header", good[:40], "truncated .npy header"},
		{"truncated data", good[:len(good)-3], "data has 397 bytes"},
		{"trailing data", append(append([]byte{}, good...), 0), "data has 401 bytes"},
		{"not a dict", header("[1, 2]\n"), "not a dict"},
		{"missing key", header("{'descr': '<f4', 'shape': (0, 2), }\n"), "missing key \"fortran_order\""},
		{"unknown key", header("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 2), 'x': 1}\n"), "unknown key \"x\""},
		{"bad shape", header("{'descr': '<f4', 'fortran_order': False, 'shape': (a, 2), }\n"), "non-negative integer"},
		{"int tuple", header("{'descr': '<f4', 'fortran_order': False, 'shape': (4), }\n"), "trailing comma"},
		{"wrong dtype", header("{'descr': '<i2', 'fortran_order': False, 'shape': (0, 2), }\n"), "dtype \"<i2\" is not supported"},
	} {
		_, err := DecodeNPYPoints(tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	for _, tc := range []struct{ file, want string }{
		{"points_fortran.npy", "fortran_order"},
		{"points_bigendian.npy", "big-endian"},
		{"points_3cols.npy", "shape [4 3], want (N, 2)"},
		{"labels_i64.npy", "dtype \"<i8\" is not supported"},
	} {
		path := filepath.Join("testdata", tc.file)
		_, err := ReadNPYPoints(path)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v, want one naming the file and containing %q", tc.file, err, tc.want)
		}
	}
	if _, err := ReadNPYLabels(filepath.Join("testdata", "points_f32.npy")); err == nil || !strings.Contains(err.Error(), "dtype \"<f4\"") {
		t.Errorf("float points read as labels: error %v", err)
	}
	if _, err := ReadNPYPoints(filepath.Join(t.TempDir(), "missing.npy")); err == nil || !strings.Contains(err.Error(), "missing.npy") {
		t.Errorf("missing file: error %v", err)
	}
}

func TestNPYRoundTrip(t *testing.T) {
	pts, labels := fixturePoints(37)
	pts[5] = [2]float32{1e-30, -3.5e30}
	labels[2] = -1 // labels files carry any int64; ranges are checked by ValidateDataset
	enc := EncodeNPYPoints(pts)
	if (len(enc)-len(pts)*8)%64 != 0 {
		t.Errorf("data offset %d is not a multiple of 64", len(enc)-len(pts)*8)
	}
	got, err := DecodeNPYPoints(enc)
	if err != nil {
		t.Fatal(err)
	}
	equalPoints(t, "points", got, pts)
	gotL, err := DecodeNPYLabels(EncodeNPYLabels(labels))
	if err != nil {
		t.Fatal(err)
	}
	equalLabels(t, "labels", gotL, labels)
	// Our header matches the one NumPy writes for the same array.
	want, err := os.ReadFile(filepath.Join("testdata", "points_f32.npy"))
	if err != nil {
		t.Fatal(err)
	}
	fp, _ := fixturePoints(50)
	if !bytes.Equal(EncodeNPYPoints(fp), want) {
		t.Error("EncodeNPYPoints differs from numpy.save of the same float32 array")
	}
	wantL, err := os.ReadFile(filepath.Join("testdata", "labels_i64.npy"))
	if err != nil {
		t.Fatal(err)
	}
	_, fl := fixturePoints(50)
	if !bytes.Equal(EncodeNPYLabels(fl), wantL) {
		t.Error("EncodeNPYLabels differs from numpy.save of the same int64 array")
	}
}

func FuzzReadNPY(f *testing.F) {
	for _, name := range []string{"points_f32.npy", "points_f64.npy", "labels_i64.npy", "labels_i32.npy", "points_fortran.npy", "points_bigendian.npy"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pts, err := DecodeNPYPoints(b)
		if err == nil {
			again, err := DecodeNPYPoints(EncodeNPYPoints(pts))
			if err != nil || len(again) != len(pts) {
				t.Fatalf("re-encoded points do not decode: %v", err)
			}
		}
		labels, err := DecodeNPYLabels(b)
		if err == nil {
			if again, err := DecodeNPYLabels(EncodeNPYLabels(labels)); err != nil || len(again) != len(labels) {
				t.Fatalf("re-encoded labels do not decode: %v", err)
			}
		}
	})
}
