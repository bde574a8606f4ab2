package states

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/internal/testfix"
)

func TestDecodeCSV(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		pts      [][2]float32
		labels   []int
	}{
		{"header and labels", "x,y,label\n1.5,-2,3\n0,1e-3,0\n", [][2]float32{{1.5, -2}, {0, 1e-3}}, []int{3, 0}},
		{"no header", "1,2\n3,4\n", [][2]float32{{1, 2}, {3, 4}}, nil},
		{"spaces and CRLF", "x, y\r\n 1 , 2 \r\n\r\n3,4\r\n", [][2]float32{{1, 2}, {3, 4}}, nil},
	} {
		d, err := DecodeCSV([]byte(tc.in))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		testfix.EqualPoints(t, tc.name, d.Points, tc.pts)
		if tc.labels == nil && d.Labels != nil {
			t.Errorf("%s: labels %v, want none", tc.name, d.Labels)
		}
		testfix.EqualLabels(t, tc.name, d.Labels, tc.labels)
	}
}

func TestDecodeCSVRejects(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"ragged", "1,2\n3,4,1\n", "row 2: 3 fields, want 2"},
		{"one column", "1\n2\n", "row 1: 1 fields"},
		{"bad header", "a,b,c,d\n1,2,3,4\n", "header has 4 fields"},
		{"not a number", "x,y\n1,abc\n", `row 2: coordinate "abc" is not a number`},
		{"bad label", "1,2,x\n", `row 1: label "x" is not an integer`},
		{"too big", "1,1e300\n", "out of float32 range"},
		{"bad quote", "1,\"2\n", "csv:"},
	} {
		_, err := DecodeCSV([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestCSVRoundTrip(t *testing.T) {
	pts, labels := testfix.Points(20)
	pts[3] = [2]float32{0.1, -1.0 / 3}
	path := filepath.Join(t.TempDir(), "d.csv")
	if err := WriteCSV(path, &Dataset{Points: pts, Labels: labels}); err != nil {
		t.Fatal(err)
	}
	d, err := ReadCSV(path)
	if err != nil {
		t.Fatal(err)
	}
	testfix.EqualPoints(t, "csv", d.Points, pts)
	testfix.EqualLabels(t, "csv", d.Labels, labels)
	if err := WriteCSV(path, &Dataset{Points: pts, Labels: labels[:3]}); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("label count mismatch: error %v", err)
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("x,y,label\n1.5,-2,3\n0,1e-3,0\n"))
	f.Add([]byte("1,2\n3,4\n"))
	f.Add([]byte("x,y\nNaN,Inf\n"))
	if b, err := os.ReadFile(testfix.Path("points_f32.npy")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := DecodeCSV(b)
		if err != nil {
			return
		}
		if d.Labels != nil && len(d.Labels) != len(d.Points) {
			t.Fatalf("%d labels for %d points", len(d.Labels), len(d.Points))
		}
		enc, err := EncodeCSV(d)
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeCSV(enc)
		if err != nil || len(again.Points) != len(d.Points) {
			t.Fatalf("re-encoded CSV does not decode: %v", err)
		}
	})
}
