package states

import "math"

// AxisStats returns the mean and the population standard deviation (divisor
// N) of each coordinate of pts, computed in float64. Both are 0 for no points.
func AxisStats(pts [][2]float32) (mean, std [2]float64) {
	n := float64(len(pts))
	if n == 0 {
		return mean, std
	}
	for _, p := range pts {
		mean[0] += float64(p[0])
		mean[1] += float64(p[1])
	}
	mean[0] /= n
	mean[1] /= n
	for _, p := range pts {
		dx, dy := float64(p[0])-mean[0], float64(p[1])-mean[1]
		std[0] += dx * dx
		std[1] += dy * dy
	}
	std[0] = math.Sqrt(std[0] / n)
	std[1] = math.Sqrt(std[1] / n)
	return mean, std
}

// standardize maps raw float64 points to mean 0 and standard deviation 1 per
// axis and returns them as float32. An axis with zero spread is only centred.
func standardize(raw [][2]float64) [][2]float32 {
	n := float64(len(raw))
	var mean, std [2]float64
	for _, p := range raw {
		mean[0] += p[0] / n
		mean[1] += p[1] / n
	}
	for _, p := range raw {
		std[0] += (p[0] - mean[0]) * (p[0] - mean[0]) / n
		std[1] += (p[1] - mean[1]) * (p[1] - mean[1]) / n
	}
	for k := range std {
		std[k] = math.Sqrt(std[k])
		if std[k] == 0 {
			std[k] = 1
		}
	}
	out := make([][2]float32, len(raw))
	for i, p := range raw {
		out[i] = [2]float32{float32((p[0] - mean[0]) / std[0]), float32((p[1] - mean[1]) / std[1])}
	}
	return out
}
