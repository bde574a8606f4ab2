package ddpm

import "math"

// isFinite32 reports whether v is neither NaN nor infinite.
func isFinite32(v float32) bool {
	f := float64(v)
	return !math.IsNaN(f) && !math.IsInf(f, 0)
}
