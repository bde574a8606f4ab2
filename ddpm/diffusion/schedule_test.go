package diffusion

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/statesdiffusion/states/internal/testfix"
)

func TestLinearScheduleEnds(t *testing.T) {
	s, err := NewSchedule(DefaultScheduleConfig())
	if err != nil {
		t.Fatal(err)
	}
	if s.T != 500 || len(s.Beta) != 501 {
		t.Fatalf("T = %d, len(beta) = %d", s.T, len(s.Beta))
	}
	if math.Abs(s.Beta[1]-1e-4) > 1e-15 || math.Abs(s.Beta[500]-0.02) > 1e-15 {
		t.Errorf("beta ends %g, %g; want 1e-4, 0.02", s.Beta[1], s.Beta[500])
	}
	if s.AlphaBar[0] != 1 || math.Abs(s.AlphaBar[1]-(1-1e-4)) > 1e-15 {
		t.Errorf("alphabar start %g, %g", s.AlphaBar[0], s.AlphaBar[1])
	}
	// prod (1 - beta) ~ exp(-sum beta) = exp(-5.025) ~ 6.4e-3.
	if s.AlphaBar[500] > 7e-3 || s.AlphaBar[500] < 6e-3 {
		t.Errorf("alphabar_T = %g, want ~6.4e-3", s.AlphaBar[500])
	}
	if s.PosteriorVar[1] != 0 {
		t.Errorf("posterior variance at t=1 is %g, want 0", s.PosteriorVar[1])
	}
	for tt := 2; tt <= 500; tt++ {
		if !(s.PosteriorVar[tt] > 0 && s.PosteriorVar[tt] < s.Beta[tt]) {
			t.Fatalf("posterior variance at %d = %g, want in (0, beta=%g)", tt, s.PosteriorVar[tt], s.Beta[tt])
		}
	}
	if s.TBar(0) != -1 || s.TBar(250) != 0 || s.TBar(500) != 1 {
		t.Errorf("tbar(0, 250, 500) = %g %g %g", s.TBar(0), s.TBar(250), s.TBar(500))
	}
}

func TestCosineSchedule(t *testing.T) {
	s, err := NewSchedule(ScheduleConfig{Kind: "cosine", T: 100})
	if err != nil {
		t.Fatal(err)
	}
	for tt := 1; tt <= 100; tt++ {
		if !(s.Beta[tt] > 0 && s.Beta[tt] <= 0.999) || s.AlphaBar[tt] >= s.AlphaBar[tt-1] {
			t.Fatalf("bad cosine schedule at t=%d: beta %g alphabar %g", tt, s.Beta[tt], s.AlphaBar[tt])
		}
	}
}

func TestScheduleRejectsBadConfig(t *testing.T) {
	for _, c := range []ScheduleConfig{
		{Kind: "linear", T: 1, BetaStart: 1e-4, BetaEnd: 0.02},
		{Kind: "linear", T: 10, BetaStart: 0, BetaEnd: 0.02},
		{Kind: "linear", T: 10, BetaStart: 0.1, BetaEnd: 0.01},
		{Kind: "sigmoid", T: 10},
	} {
		if _, err := NewSchedule(c); err == nil {
			t.Errorf("NewSchedule(%+v) accepted", c)
		}
	}
}

// The closed form x_t = sqrt(ab) x0 + sqrt(1-ab) eps and t iterations of the
// one-step process must give the same distribution of x_t for a fixed x0:
// mean sqrt(ab_t) x0, variance 1 - ab_t.
func TestClosedFormMatchesIteratedSteps(t *testing.T) {
	s, _ := NewSchedule(DefaultScheduleConfig())
	rng := rand.New(rand.NewPCG(1, 2))
	x0 := [2]float32{1.3, -0.7}
	const n = 20000
	for _, tt := range []int{1, 50, 250, 500} {
		closed := make([][2]float32, n)
		iter := make([][2]float32, n)
		for i := range n {
			closed[i] = s.Noise(x0, tt, [2]float32{float32(rng.NormFloat64()), float32(rng.NormFloat64())})
			x := x0
			for k := 1; k <= tt; k++ {
				x = s.Step(x, k, [2]float32{float32(rng.NormFloat64()), float32(rng.NormFloat64())})
			}
			iter[i] = x
		}
		mc, vc := testfix.MeanVar(closed)
		mi, vi := testfix.MeanVar(iter)
		wantVar := 1 - s.AlphaBar[tt]
		for ax := range 2 {
			wantMean := math.Sqrt(s.AlphaBar[tt]) * float64(x0[ax])
			tolM := 5 * math.Sqrt(wantVar/n)
			if math.Abs(mc[ax]-wantMean) > tolM || math.Abs(mi[ax]-wantMean) > tolM {
				t.Errorf("t=%d axis %d: means closed %.4f iterated %.4f, want %.4f", tt, ax, mc[ax], mi[ax], wantMean)
			}
			tolV := 5 * wantVar * math.Sqrt(2.0/n)
			if math.Abs(vc[ax]-wantVar) > tolV || math.Abs(vi[ax]-wantVar) > tolV {
				t.Errorf("t=%d axis %d: variances closed %.5f iterated %.5f, want %.5f", tt, ax, vc[ax], vi[ax], wantVar)
			}
		}
	}
}

// Unit-variance data stays at unit variance at every t.
func TestVariancePreserved(t *testing.T) {
	s, _ := NewSchedule(DefaultScheduleConfig())
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 40000
	x := make([][2]float32, n)
	for i := range x {
		x[i] = [2]float32{float32(rng.NormFloat64()), float32(rng.NormFloat64())}
	}
	for k := 1; k <= s.T; k++ {
		for i := range x {
			x[i] = s.Step(x[i], k, [2]float32{float32(rng.NormFloat64()), float32(rng.NormFloat64())})
		}
		if k%100 == 0 {
			_, v := testfix.MeanVar(x)
			if math.Abs(v[0]-1) > 0.04 || math.Abs(v[1]-1) > 0.04 {
				t.Fatalf("t=%d: variance %v, want 1", k, v)
			}
		}
	}
}

// The starter code's time input, torch.linspace(-1, 1, T)[t - 1], runs from
// -1 at t = 1 to 1 at t = T and stays within 2/T of the handout's tbar.
func TestTimeInputLinspace(t *testing.T) {
	c := DefaultScheduleConfig()
	c.TimeInput = TimeLinspace
	s, err := NewSchedule(c)
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewSchedule(DefaultScheduleConfig())
	if err != nil {
		t.Fatal(err)
	}
	if s.TBar(1) != -1 || s.TBar(s.T) != 1 || math.Abs(s.TBar(250)-(-1+2*249.0/499)) > 1e-15 {
		t.Errorf("linspace tbar(1, 250, T) = %g %g %g", s.TBar(1), s.TBar(250), s.TBar(s.T))
	}
	for step := 1; step <= s.T; step++ {
		if d := math.Abs(s.TBar(step) - h.TBar(step)); d > 2.0/float64(s.T)+1e-12 {
			t.Fatalf("t = %d: linspace and handout differ by %g > 2/T", step, d)
		}
	}
	c.TimeInput = "middle"
	if _, err := NewSchedule(c); err == nil {
		t.Error("unknown time input accepted")
	}
}
