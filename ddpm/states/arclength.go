package states

import (
	"math"
	"math/rand/v2"
	"sort"
)

// arcSampler draws points uniformly by arc length along a set of closed
// polylines, treated as one curve whose length is the sum of theirs.
type arcSampler struct {
	a, b [][2]float64 // segment end points
	cum  []float64    // cum[i] is the length of segments 0..i
}

// newArcSampler builds the sampler of rings; each ring is closed by a
// segment from its last point back to its first when they differ.
func newArcSampler(rings [][][2]float64) *arcSampler {
	s := &arcSampler{}
	total := 0.0
	add := func(p, q [2]float64) {
		l := math.Hypot(q[0]-p[0], q[1]-p[1])
		if l == 0 {
			return
		}
		total += l
		s.a, s.b, s.cum = append(s.a, p), append(s.b, q), append(s.cum, total)
	}
	for _, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			add(r[i], r[i+1])
		}
		add(r[len(r)-1], r[0])
	}
	return s
}

// length returns the total length of the curve.
func (s *arcSampler) length() float64 {
	if len(s.cum) == 0 {
		return 0
	}
	return s.cum[len(s.cum)-1]
}

// centroid returns the arc-length centroid of the curve: the mean of points
// drawn uniformly along it.
func (s *arcSampler) centroid() [2]float64 {
	var c [2]float64
	prev := 0.0
	for i := range s.cum {
		l := s.cum[i] - prev
		prev = s.cum[i]
		c[0] += l * (s.a[i][0] + s.b[i][0]) / 2
		c[1] += l * (s.a[i][1] + s.b[i][1]) / 2
	}
	L := s.length()
	return [2]float64{c[0] / L, c[1] / L}
}

// sample returns one point drawn uniformly by arc length.
func (s *arcSampler) sample(rng *rand.Rand) [2]float64 {
	u := rng.Float64() * s.length()
	i := sort.SearchFloat64s(s.cum, u)
	if i >= len(s.cum) {
		i = len(s.cum) - 1
	}
	start := 0.0
	if i > 0 {
		start = s.cum[i-1]
	}
	t := (u - start) / (s.cum[i] - start)
	return [2]float64{
		s.a[i][0] + t*(s.b[i][0]-s.a[i][0]),
		s.a[i][1] + t*(s.b[i][1]-s.a[i][1]),
	}
}
