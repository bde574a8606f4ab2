package npy

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/internal/testfix"
)

func TestReadNPYFixtures(t *testing.T) {
	wantPts, wantLabels := testfix.Points(50)
	for _, name := range []string{"points_f32.npy", "points_f64.npy"} {
		pts, err := ReadPoints(testfix.Path(name))
		if err != nil {
			t.Fatal(err)
		}
		testfix.EqualPoints(t, name, pts, wantPts)
	}
	for _, name := range []string{"labels_i64.npy", "labels_i32.npy"} {
		labels, err := ReadLabels(testfix.Path(name))
		if err != nil {
			t.Fatal(err)
		}
		testfix.EqualLabels(t, name, labels, wantLabels)
	}
}

func TestReadNPYRejects(t *testing.T) {
	good, err := os.ReadFile(testfix.Path("points_f32.npy"))
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
		_, err := DecodePoints(tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	testfix.Refuses(t, func(path string) error { _, err := ReadPoints(path); return err },
		testfix.Refusal{File: "points_fortran.npy", Want: "fortran_order"},
		testfix.Refusal{File: "points_bigendian.npy", Want: "big-endian"},
		testfix.Refusal{File: "points_3cols.npy", Want: "shape [4 3], want (N, 2)"},
		testfix.Refusal{File: "labels_i64.npy", Want: "dtype \"<i8\" is not supported"},
	)
	if _, err := ReadLabels(testfix.Path("points_f32.npy")); err == nil || !strings.Contains(err.Error(), "dtype \"<f4\"") {
		t.Errorf("float points read as labels: error %v", err)
	}
	if _, err := ReadPoints(filepath.Join(t.TempDir(), "missing.npy")); err == nil || !strings.Contains(err.Error(), "missing.npy") {
		t.Errorf("missing file: error %v", err)
	}
}

func TestNPYRoundTrip(t *testing.T) {
	pts, labels := testfix.Points(37)
	pts[5] = [2]float32{1e-30, -3.5e30}
	labels[2] = -1 // labels files carry any int64; the dataset checks ranges
	enc := EncodePoints(pts)
	if (len(enc)-len(pts)*8)%64 != 0 {
		t.Errorf("data offset %d is not a multiple of 64", len(enc)-len(pts)*8)
	}
	got, err := DecodePoints(enc)
	if err != nil {
		t.Fatal(err)
	}
	testfix.EqualPoints(t, "points", got, pts)
	gotL, err := DecodeLabels(EncodeLabels(labels))
	if err != nil {
		t.Fatal(err)
	}
	testfix.EqualLabels(t, "labels", gotL, labels)
	// Our header matches the one NumPy writes for the same array.
	want, err := os.ReadFile(testfix.Path("points_f32.npy"))
	if err != nil {
		t.Fatal(err)
	}
	fp, _ := testfix.Points(50)
	if !bytes.Equal(EncodePoints(fp), want) {
		t.Error("EncodePoints differs from numpy.save of the same float32 array")
	}
	wantL, err := os.ReadFile(testfix.Path("labels_i64.npy"))
	if err != nil {
		t.Fatal(err)
	}
	_, fl := testfix.Points(50)
	if !bytes.Equal(EncodeLabels(fl), wantL) {
		t.Error("EncodeLabels differs from numpy.save of the same int64 array")
	}
}

func FuzzReadNPY(f *testing.F) {
	testfix.FuzzFixtures(f, "points_f32.npy", "points_f64.npy", "labels_i64.npy", "labels_i32.npy", "points_fortran.npy", "points_bigendian.npy")
	f.Fuzz(func(t *testing.T, b []byte) {
		pts, err := DecodePoints(b)
		if err == nil {
			again, err := DecodePoints(EncodePoints(pts))
			if err != nil || len(again) != len(pts) {
				t.Fatalf("re-encoded points do not decode: %v", err)
			}
		}
		labels, err := DecodeLabels(b)
		if err == nil {
			if again, err := DecodeLabels(EncodeLabels(labels)); err != nil || len(again) != len(labels) {
				t.Fatalf("re-encoded labels do not decode: %v", err)
			}
		}
	})
}
