package metrics

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/internal/testfix"
)

// kdeGolden is ddpm/testdata/kde_golden.json, written by
// scripts/kde_golden.py with scipy.stats.gaussian_kde.
type kdeGolden struct {
	Scipy string `json:"scipy"`
	Cases []struct {
		Name       string        `json:"name"`
		Factor     float64       `json:"factor"`
		Covariance [2][2]float64 `json:"covariance"`
		NLL        float64       `json:"nll"`
		Data       [][2]float32  `json:"data"`
		Samples    [][2]float32  `json:"samples"`
		LogPDF     []float64     `json:"logpdf"`
	} `json:"cases"`
}

// relClose reports whether got is within tol of want, relative to |want|
// (absolute below 1).
func relClose(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*max(1, math.Abs(want))
}

func TestKDEMatchesScipy(t *testing.T) {
	var g kdeGolden
	if err := run.ReadJSON(testfix.Path("kde_golden.json"), &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Cases) < 5 {
		t.Fatalf("golden file has %d cases, want at least 5", len(g.Cases))
	}
	const tol = 1e-6
	for _, c := range g.Cases {
		t.Run(c.Name, func(t *testing.T) {
			if len(c.LogPDF) != len(c.Samples) {
				t.Fatalf("golden case has %d logpdf values for %d samples", len(c.LogPDF), len(c.Samples))
			}
			k, err := NewKDE(c.Data)
			if err != nil {
				t.Fatal(err)
			}
			if !relClose(k.Factor(), c.Factor, 1e-12) {
				t.Errorf("factor = %.17g, scipy %.17g", k.Factor(), c.Factor)
			}
			cov := k.Covariance()
			for i := range 2 {
				for j := range 2 {
					if math.Abs(cov[i][j]-c.Covariance[i][j]) > 1e-9*math.Abs(c.Covariance[i][i]) {
						t.Errorf("covariance[%d][%d] = %.17g, scipy %.17g", i, j, cov[i][j], c.Covariance[i][j])
					}
				}
			}
			for i, v := range k.LogPDF(c.Samples) {
				if !relClose(v, c.LogPDF[i], tol) {
					t.Errorf("logpdf(sample %d %v) = %.12g, scipy %.12g", i, c.Samples[i], v, c.LogPDF[i])
				}
			}
			if got := k.NLL(c.Samples); !relClose(got, c.NLL, tol) {
				t.Errorf("NLL = %.12g, scipy %.12g", got, c.NLL)
			}
			got, err := NLL(c.Data, c.Samples)
			if err != nil || !relClose(got, c.NLL, tol) {
				t.Errorf("NLL(data, samples) = %.12g, %v; scipy %.12g", got, err, c.NLL)
			}
		})
	}
}

// naiveLogPDF is the textbook formula, evaluated directly without whitening
// or skipping; it underflows for far points, so use it near the data only.
func naiveLogPDF(data [][2]float32, cov [2][2]float64, x, y float64) float64 {
	det := cov[0][0]*cov[1][1] - cov[0][1]*cov[1][0]
	i00, i01, i11 := cov[1][1]/det, -cov[0][1]/det, cov[0][0]/det
	var sum float64
	for _, p := range data {
		dx, dy := x-float64(p[0]), y-float64(p[1])
		sum += math.Exp(-0.5 * (i00*dx*dx + 2*i01*dx*dy + i11*dy*dy))
	}
	return math.Log(sum / (float64(len(data)) * 2 * math.Pi * math.Sqrt(det)))
}

func randomPoints(rng *rand.Rand, n int, sx, sy float64) [][2]float32 {
	pts := make([][2]float32, n)
	for i := range pts {
		x := rng.NormFloat64() * sx
		pts[i] = [2]float32{float32(x), float32(0.5*x + rng.NormFloat64()*sy)}
	}
	return pts
}

// The parallel path (many samples) must agree with the formula and with the
// serial path, sample by sample.
func TestKDELogPDFParallelMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	data := randomPoints(rng, 700, 1, 0.3)
	samples := randomPoints(rng, 400, 1.2, 0.5)
	k, err := NewKDE(data)
	if err != nil {
		t.Fatal(err)
	}
	got := k.LogPDF(samples)
	buf := make([]float64, k.Len())
	for i, s := range samples {
		want := naiveLogPDF(data, k.Covariance(), float64(s[0]), float64(s[1]))
		if !relClose(got[i], want, 1e-10) {
			t.Fatalf("logpdf(%v) = %.15g, formula %.15g", s, got[i], want)
		}
		one := make([]float64, 1)
		k.logPDFRange(samples[i:i+1], one, buf)
		if one[0] != got[i] {
			t.Fatalf("serial logpdf(%v) = %.17g, parallel %.17g", s, one[0], got[i])
		}
	}
}

// Far from the data the log-density is dominated by the nearest point:
// -d²/2 in whitened units, which underflows a naive exp long before.
func TestKDELogPDFFarDoesNotUnderflow(t *testing.T) {
	data := [][2]float32{{0, 0}, {1, 0}, {0, 1}, {1, 1}}
	k, err := NewKDE(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, far := range []float32{100, 1e4, 1e6} {
		v := k.LogPDF([][2]float32{{far, far}})[0]
		if math.IsInf(v, 0) || math.IsNaN(v) {
			t.Fatalf("logpdf at %g = %g, want finite", far, v)
		}
		zx, zy := k.whiten(float64(far)-1, float64(far)-1)
		want := -0.5*(zx*zx+zy*zy) - k.logNorm
		if !relClose(v, want, 1e-9) {
			t.Errorf("logpdf at %g = %.15g, nearest-point term %.15g", far, v, want)
		}
	}
}

func TestKDENonFiniteSamples(t *testing.T) {
	k, err := NewKDE([][2]float32{{0, 0}, {1, 0}, {0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	got := k.LogPDF([][2]float32{{nan, 0}, {0, inf}, {0.5, 0.5}})
	if !math.IsNaN(got[0]) || !math.IsInf(got[1], -1) || math.IsNaN(got[2]) || math.IsInf(got[2], 0) {
		t.Errorf("logpdf(NaN, Inf, finite) = %v, want [NaN -Inf finite]", got)
	}
	if v := k.NLL([][2]float32{{0, inf}}); !math.IsInf(v, 1) {
		t.Errorf("NLL of an infinite sample = %g, want +Inf", v)
	}
	if v := k.NLL(nil); !math.IsNaN(v) {
		t.Errorf("NLL of no samples = %g, want NaN", v)
	}
}

func TestNewKDERefusesBadData(t *testing.T) {
	nan := float32(math.NaN())
	for name, data := range map[string][][2]float32{
		"empty":      nil,
		"two points": {{0, 0}, {1, 1}},
		"constant x": {{1, 0}, {1, 1}, {1, 2}},
		"constant":   {{1, 1}, {1, 1}, {1, 1}, {1, 1}},
		"collinear":  {{0, 0}, {1, 2}, {2, 4}, {3, 6}},
		"nan":        {{0, 0}, {1, 0}, {0, nan}},
	} {
		if k, err := NewKDE(data); err == nil {
			t.Errorf("%s: NewKDE = %+v, want an error", name, k)
		}
	}
	if _, err := NewKDE(nil); !errors.Is(err, errKDETooFew) {
		t.Errorf("NewKDE(nil) error = %v, want errKDETooFew", err)
	}
	if _, err := NLL([][2]float32{{0, 0}, {1, 0}, {0, 1}}, nil); err == nil {
		t.Error("NLL with no samples: want an error")
	}
}
