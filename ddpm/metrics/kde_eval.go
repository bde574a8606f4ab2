package metrics

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// kdeChunk is the number of samples a worker takes at a time.
const kdeChunk = 32

// kernelExpFloor is the smallest exponent passed to kernelExp by logSumExp.
const kernelExpFloor = -700

// kdeSerialWork is the number of kernel terms (samples × data points) under
// which LogPDF does not start goroutines.
const kdeSerialWork = 1 << 16

// LogPDF returns log p(x) for each sample x, where p is the KDE density. A
// sample with a NaN coordinate gets NaN; one with an infinite coordinate
// gets -Inf. The samples are shared out among runtime.GOMAXPROCS(0)
// goroutines (the number of CPUs unless limited).
func (k *KDE) LogPDF(pts [][2]float32) []float64 {
	out := make([]float64, len(pts))
	workers := runtime.GOMAXPROCS(0)
	if len(pts)*k.n < kdeSerialWork || workers < 2 {
		k.logPDFRange(pts, out, make([]float64, k.n))
		return out
	}
	chunks := (len(pts) + kdeChunk - 1) / kdeChunk
	workers = min(workers, chunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			buf := make([]float64, k.n)
			for {
				c := int(next.Add(1)) - 1
				if c >= chunks {
					return
				}
				lo, hi := c*kdeChunk, min((c+1)*kdeChunk, len(pts))
				k.logPDFRange(pts[lo:hi], out[lo:hi], buf)
			}
		})
	}
	wg.Wait()
	return out
}

// logPDFRange writes log p of each of pts into out, using buf (length n) as
// scratch space.
func (k *KDE) logPDFRange(pts [][2]float32, out, buf []float64) {
	for i, p := range pts {
		x, y := float64(p[0]), float64(p[1])
		switch {
		case math.IsNaN(x) || math.IsNaN(y):
			out[i] = math.NaN()
		case math.IsInf(x, 0) || math.IsInf(y, 0):
			out[i] = math.Inf(-1)
		default:
			zx, zy := k.whiten(x, y)
			out[i] = k.logSumExp(zx, zy, buf) - k.logNorm
		}
	}
}

// logSumExp returns log Σ_i exp(-|z - z_i|²/2) over the whitened data points
// z_i, for a finite whitened point z.
//
// A first pass stores the squared distances d_i in buf and finds the
// smallest, d_min; the second sums exp(-(d_i - d_min)/2), whose largest term
// is exactly 1, so nothing underflows however far z is from the data. An
// exponent below kernelExpFloor is raised to it, which keeps kernelExp in its
// range and the loop free of unpredictable branches: each such term grows by
// less than e^-700 < 1e-304, so all of them (fewer than n) move the sum (at
// least 1) by less than n·1e-304 relative: far below 1e-12 for any n that
// fits in memory.
func (k *KDE) logSumExp(zx, zy float64, buf []float64) float64 {
	xs, ys := k.zx, k.zy[:len(k.zx)]
	buf = buf[:len(xs)]
	dmin := math.Inf(1)
	for i, px := range xs {
		dx, dy := zx-px, zy-ys[i]
		d := dx*dx + dy*dy
		buf[i] = d
		if d < dmin {
			dmin = d
		}
	}
	half := 0.5 * dmin
	var sum float64
	for _, d := range buf {
		a := half - 0.5*d
		if a < kernelExpFloor {
			a = kernelExpFloor
		}
		sum += kernelExp(a)
	}
	return math.Log(sum) - half
}
