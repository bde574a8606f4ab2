package ddpm

import (
	"math"
	"testing"

	"github.com/statesdiffusion/states/ddpm/diffusion"
)

// The fresh scheme draws t uniformly in 1..T, and with a low-t fraction f
// that share of the examples comes from 1..lowMax instead; with f = 0 the
// batches are the uniform ones, draw for draw.
func TestFreshSourceLowT(t *testing.T) {
	s, err := diffusion.NewSchedule(diffusion.DefaultScheduleConfig())
	if err != nil {
		t.Fatal(err)
	}
	points := [][2]float32{{0.5, -0.5}, {1, 1}}
	const b, lowMax = 20000, 100
	tOf := func(tbar float32) int { return int(math.Round(float64(tbar+1) * float64(s.T) / 2)) }
	lowShare := func(src *freshSource) (share float64, batch *noisyBatch) {
		nb := newNoisyBatch(b)
		src.fill(3, nb)
		n := 0
		for _, tb := range nb.tbar {
			tt := tOf(tb)
			if tt < 1 || tt > s.T {
				t.Fatalf("t = %d out of 1..%d", tt, s.T)
			}
			if tt <= lowMax {
				n++
			}
		}
		return float64(n) / b, nb
	}
	uniform, ub := lowShare(&freshSource{s: s, points: points, seed: 7})
	if want := float64(lowMax) / float64(s.T); math.Abs(uniform-want) > 0.015 {
		t.Errorf("uniform t: share of t <= %d is %.3f, want %.3f", lowMax, uniform, want)
	}
	off, ob := lowShare(&freshSource{s: s, points: points, seed: 7, lowMax: lowMax})
	if off != uniform || ob.xt[0] != ub.xt[0] || ob.eps[b-1] != ub.eps[b-1] {
		t.Errorf("fraction 0 changed the batch")
	}
	const f = 0.5
	focused, _ := lowShare(&freshSource{s: s, points: points, seed: 7, lowFraction: f, lowMax: lowMax})
	if want := f + (1-f)*float64(lowMax)/float64(s.T); math.Abs(focused-want) > 0.015 {
		t.Errorf("low-t fraction %.1f: share of t <= %d is %.3f, want %.3f", f, lowMax, focused, want)
	}
}
