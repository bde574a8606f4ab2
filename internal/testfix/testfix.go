package testfix

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir is the folder of the shared fixtures, ddpm/testdata of the module
// that holds the working directory (a package's folder under go test).
var Dir = func() string {
	dir, err := os.Getwd()
	if err != nil {
		return filepath.Join("ddpm", "testdata")
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "ddpm", "testdata")
		}
		if filepath.Dir(d) == d {
			return filepath.Join(dir, "testdata")
		}
	}
}()

// Path returns the path of the fixture file name.
func Path(name string) string { return filepath.Join(Dir, name) }

// FuzzFixtures adds the bytes of each named fixture file to the seed
// corpus of f, failing f when one cannot be read.
func FuzzFixtures(f *testing.F, names ...string) {
	f.Helper()
	for _, name := range names {
		b, err := os.ReadFile(Path(name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// Points are the points of the fixtures of scripts/make_fixtures.py:
// point i is (i/8 - 3, ((i*i) % 17)/4 - 2), label i is i % 5.
func Points(n int) ([][2]float32, []int) {
	pts := make([][2]float32, n)
	labels := make([]int, n)
	for i := range pts {
		pts[i] = [2]float32{float32(i)/8 - 3, float32((i*i)%17)/4 - 2}
		labels[i] = i % 5
	}
	return pts, labels
}

// EqualPoints fails t when got and want differ.
func EqualPoints(t testing.TB, what string, got, want [][2]float32) {
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

// EqualLabels fails t when got and want differ.
func EqualLabels(t testing.TB, what string, got, want []int) {
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

// MeanVar returns the per-axis mean and variance of points.
func MeanVar(pts [][2]float32) (m, v [2]float64) {
	for _, p := range pts {
		m[0] += float64(p[0])
		m[1] += float64(p[1])
	}
	n := float64(len(pts))
	m[0] /= n
	m[1] /= n
	for _, p := range pts {
		v[0] += (float64(p[0]) - m[0]) * (float64(p[0]) - m[0])
		v[1] += (float64(p[1]) - m[1]) * (float64(p[1]) - m[1])
	}
	v[0] /= n
	v[1] /= n
	return m, v
}
