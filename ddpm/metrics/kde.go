package metrics

import (
	"errors"
	"fmt"
	"math"
)

// KDE is the course's Gaussian kernel density estimate of a 2-D point set: it
// reproduces scipy.stats.gaussian_kde(data.T) with the default Scott
// bandwidth. The bandwidth factor is n^(-1/6) (n^(-1/(d+4)) with d = 2), the
// kernel covariance is the unbiased data covariance (np.cov, ddof = 1) times
// factor², and the density at x is the mean over the data points of the
// Gaussian N(x; data_i, covariance).
//
// All arithmetic is float64. The data is whitened once with the inverse of
// the Cholesky factor of the covariance, so each kernel term costs one
// squared distance and one exp. A KDE is safe for concurrent use.
type KDE struct {
	n      int
	factor float64
	cov    [2][2]float64
	// Whitening z = W x with W = L⁻¹ lower triangular, where cov = L Lᵀ:
	// z0 = x0 / l00, z1 = (x1 - l10 z0) / l11.
	l00, l10, l11 float64
	// zx, zy are the whitened data points (structure of arrays).
	zx, zy []float64
	// logNorm is log(n) + log(2π) + ½ log det(cov), subtracted from the
	// log-sum-exp of the kernel exponents.
	logNorm float64
}

// errKDETooFew is returned by NewKDE for fewer than three data points.
var errKDETooFew = errors.New("kde: need at least 3 data points")

// NewKDE builds the KDE of data. It fails for fewer than 3 points, for
// non-finite coordinates and for a singular (or numerically singular)
// covariance, e.g. when all points lie on one line.
func NewKDE(data [][2]float32) (*KDE, error) {
	n := len(data)
	if n < 3 {
		return nil, fmt.Errorf("%w, got %d", errKDETooFew, n)
	}
	var mx, my float64
	for i, p := range data {
		x, y := float64(p[0]), float64(p[1])
		if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
			return nil, fmt.Errorf("kde: data point %d is not finite: (%g, %g)", i, x, y)
		}
		mx += x
		my += y
	}
	mx /= float64(n)
	my /= float64(n)
	var sxx, sxy, syy float64
	for _, p := range data {
		dx, dy := float64(p[0])-mx, float64(p[1])-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	factor := math.Pow(float64(n), -1.0/6)
	scale := factor * factor / float64(n-1)
	k := &KDE{
		n:      n,
		factor: factor,
		cov:    [2][2]float64{{sxx * scale, sxy * scale}, {sxy * scale, syy * scale}},
	}
	if err := k.factorize(); err != nil {
		return nil, err
	}
	k.zx = make([]float64, n)
	k.zy = make([]float64, n)
	for i, p := range data {
		k.zx[i], k.zy[i] = k.whiten(float64(p[0]), float64(p[1]))
	}
	k.logNorm = math.Log(float64(n)) + math.Log(2*math.Pi) + math.Log(k.l00) + math.Log(k.l11)
	return k, nil
}

// singularTol is the smallest accepted ratio of the Schur complement
// c11 - c01²/c00 to c11: below it the covariance counts as singular (the
// points' correlation is within 1e-12 of ±1).
const singularTol = 1e-12

// factorize computes the Cholesky factor of the covariance, refusing a
// singular one.
func (k *KDE) factorize() error {
	c00, c01, c11 := k.cov[0][0], k.cov[0][1], k.cov[1][1]
	if !(c00 > 0) || !(c11 > 0) {
		return fmt.Errorf("kde: singular covariance [[%g %g] [%g %g]]: a coordinate is constant", c00, c01, c01, c11)
	}
	k.l00 = math.Sqrt(c00)
	k.l10 = c01 / k.l00
	schur := c11 - k.l10*k.l10
	if !(schur > singularTol*c11) {
		return fmt.Errorf("kde: singular covariance [[%g %g] [%g %g]]: the points lie on a line", c00, c01, c01, c11)
	}
	k.l11 = math.Sqrt(schur)
	return nil
}

// whiten maps a point to the coordinates in which the kernel is the standard
// 2-D Gaussian.
func (k *KDE) whiten(x, y float64) (float64, float64) {
	z0 := x / k.l00
	return z0, (y - k.l10*z0) / k.l11
}

// Len returns the number of data points.
func (k *KDE) Len() int { return k.n }

// Factor returns Scott's bandwidth factor n^(-1/6).
func (k *KDE) Factor() float64 { return k.factor }

// Covariance returns the kernel covariance: the data covariance times
// Factor()².
func (k *KDE) Covariance() [2][2]float64 { return k.cov }

// NLL returns the course's negative log-likelihood of samples:
// -mean(LogPDF(samples)). It is NaN for no samples or for a sample with a NaN
// coordinate, and +Inf if a sample has an infinite coordinate.
func (k *KDE) NLL(samples [][2]float32) float64 {
	if len(samples) == 0 {
		return math.NaN()
	}
	var sum float64
	for _, v := range k.LogPDF(samples) {
		sum += v
	}
	return -sum / float64(len(samples))
}

// NLL builds the KDE of data and returns the NLL of samples under it, as the
// course does with -gaussian_kde(data.T).logpdf(samples.T).mean(). It fails
// when the KDE cannot be built (see NewKDE) or when samples is empty.
func NLL(data, samples [][2]float32) (float64, error) {
	if len(samples) == 0 {
		return 0, errors.New("kde nll: no samples")
	}
	k, err := NewKDE(data)
	if err != nil {
		return 0, err
	}
	return k.NLL(samples), nil
}
