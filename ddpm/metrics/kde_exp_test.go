package metrics

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestKernelExpMatchesMathExp(t *testing.T) {
	check := func(x float64) {
		t.Helper()
		got, want := kernelExp(x), math.Exp(x)
		if math.Abs(got-want) > 1e-15*want {
			t.Fatalf("kernelExp(%.17g) = %.17g, math.Exp %.17g (rel err %.3g)", x, got, want, math.Abs(got-want)/want)
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), -1e-300, -math.Ln2 / 256, -math.Ln2, -1, -10, -36.5, -99.99, -700} {
		check(x)
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for range 200000 {
		check(-rng.Float64() * 100)
	}
	for range 20000 {
		check(-rng.Float64() * 700)
	}
}
