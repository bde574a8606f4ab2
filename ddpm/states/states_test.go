package states

import (
	"math"
	"strings"
	"testing"
)

// course centroids of the standardized STATES set, in label order.
var courseCentroids = [Num][2]float64{
	{-1.32, 0.55}, {-0.68, -1.18}, {0.00, 1.07}, {0.67, -1.06}, {1.33, 0.62},
}

func TestGenerateStatesMatchesCourseLayout(t *testing.T) {
	d, err := Generate(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 5000 || len(d.Labels) != 5000 {
		t.Fatalf("got %d points, %d labels, want 5000", d.Len(), len(d.Labels))
	}
	mean, std := AxisStats(d.Points)
	for k := range 2 {
		if math.Abs(mean[k]) > 1e-4 || math.Abs(std[k]-1) > 1e-4 {
			t.Errorf("axis %d: mean %.6f std %.6f, want 0 and 1", k, mean[k], std[k])
		}
	}
	var count [Num]int
	var lo, hi [Num][2]float64
	var sum [Num][2]float64
	for k := range lo {
		lo[k] = [2]float64{math.Inf(1), math.Inf(1)}
		hi[k] = [2]float64{math.Inf(-1), math.Inf(-1)}
	}
	for i, p := range d.Points {
		l := d.Labels[i]
		count[l]++
		for a := range 2 {
			v := float64(p[a])
			sum[l][a] += v
			lo[l][a] = math.Min(lo[l][a], v)
			hi[l][a] = math.Max(hi[l][a], v)
		}
	}
	for l := range Num {
		if count[l] != 1000 {
			t.Errorf("%s: %d points, want 1000", Names[l], count[l])
		}
		for a := range 2 {
			c := sum[l][a] / float64(count[l])
			if math.Abs(c-courseCentroids[l][a]) > 0.05 {
				t.Errorf("%s: centroid axis %d is %.3f, want %.2f ± 0.05", Names[l], a, c, courseCentroids[l][a])
			}
		}
		w, h := hi[l][0]-lo[l][0], hi[l][1]-lo[l][1]
		if span := math.Max(w, h); span < 0.8 || span > 1.5 {
			t.Errorf("%s: span %.2f x %.2f, want its larger side in [0.8, 1.5]", Names[l], w, h)
		}
	}
}

// TestGenerateStatesJitter measures the distance of the points to their
// placed outline, in standardized units.
func TestGenerateStatesJitter(t *testing.T) {
	outlines, err := stateOutlines()
	if err != nil {
		t.Fatal(err)
	}
	opts := DefaultConfig()
	opts.PerState = 300
	raw, labels := drawStates(opts, outlines)
	pts := make([][2]float32, len(raw))
	for i, p := range raw {
		pts[i] = [2]float32{float32(p[0]), float32(p[1])}
	}
	_, std := AxisStats(pts)
	scale := (std[0] + std[1]) / 2
	placed := make([][][][2]float64, Num)
	for l, o := range outlines {
		placed[l] = placeRings(o.rings, statesLayout[l])
	}
	sq := 0.0
	for i, p := range raw {
		d := distToRings(p, placed[labels[i]]) / scale
		sq += d * d
	}
	rms := math.Sqrt(sq / float64(len(raw)))
	// Only the component across the outline moves a point off it.
	if rms < 0.01 || rms > 0.02 {
		t.Errorf("rms distance to the outline %.4f, want in [0.01, 0.02]", rms)
	}
	opts.Jitter = 0
	raw, labels = drawStates(opts, outlines)
	for i, p := range raw {
		if d := distToRings(p, placed[labels[i]]); d > 1e-9 {
			t.Fatalf("without jitter, point %d is %.3g off its outline", i, d)
		}
	}
}

// distToRings is the distance from p to the nearest segment of the rings.
func distToRings(p [2]float64, rings [][][2]float64) float64 {
	best := math.Inf(1)
	for _, r := range rings {
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			dx, dy := b[0]-a[0], b[1]-a[1]
			t := 0.0
			if l2 := dx*dx + dy*dy; l2 > 0 {
				t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
			}
			best = math.Min(best, math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy))
		}
	}
	return best
}

func TestGenerateStatesDeterministic(t *testing.T) {
	opts := Config{PerState: 50, Jitter: 0.02, Seed: 7}
	a, err := Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(opts)
	opts.Seed = 8
	c, _ := Generate(opts)
	same, differ := true, false
	for i := range a.Points {
		same = same && a.Points[i] == b.Points[i] && a.Labels[i] == b.Labels[i]
		differ = differ || a.Points[i] != c.Points[i]
	}
	if !same {
		t.Error("same seed gave different points")
	}
	if !differ {
		t.Error("different seeds gave the same points")
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		opts Config
		want string
	}{
		{Config{PerState: 0, Jitter: 0.01}, "points per state"},
		{Config{PerState: -3, Jitter: 0.01}, "points per state"},
		{Config{PerState: maxPerState + 1}, "points per state"},
		{Config{PerState: 10, Jitter: -0.1}, "jitter"},
		{Config{PerState: 10, Jitter: math.NaN()}, "jitter"},
		{Config{PerState: 10, Jitter: math.Inf(1)}, "jitter"},
	} {
		_, err := Generate(tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("GenerateStates(%+v) error %v, want one about %q", tc.opts, err, tc.want)
		}
	}
}

func TestParseOutlinesRejectsBadFiles(t *testing.T) {
	for _, tc := range []struct{ name, json, want string }{
		{"not json", `{`, "states_outlines.json"},
		{"too few", `{"states": []}`, "0 states"},
		{"wrong order", `{"states": [{"label": 1, "name": "Idaho"},{},{},{},{}]}`, "want 0 \"Michigan\""},
	} {
		if _, err := parseOutlines([]byte(tc.json)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	o, err := stateOutlines()
	if err != nil {
		t.Fatal(err)
	}
	if len(o[0].rings) != 2 {
		t.Errorf("Michigan has %d rings, want 2 (both peninsulas)", len(o[0].rings))
	}
}
