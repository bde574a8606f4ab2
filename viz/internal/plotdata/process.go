package plotdata

import (
	"errors"
	"fmt"
	"math"

	"github.com/statesdiffusion/states/ddpm/run"
)

// OutlierShare is the share of noisy points at each end of an axis that
// the forward and reverse process figures may leave outside their box.
const OutlierShare = 0.002

// CheckSnapshots reports whether s has one point set per step.
func CheckSnapshots(s *run.Snapshots) error {
	if s == nil {
		return errors.New("snapshots: none")
	}
	if len(s.Times) == 0 || len(s.Times) != len(s.Points) {
		return fmt.Errorf("snapshots: %d steps but %d point sets", len(s.Times), len(s.Points))
	}
	return nil
}

// PickFrames returns up to n indices of s.Times spread evenly from the
// first (noise) to the last (x_0), both included.
func PickFrames(total, n int) []int {
	if n >= total || n < 2 {
		return Indices(total)
	}
	out := make([]int, n)
	for i := range out {
		out[i] = (i * (total - 1)) / (n - 1)
	}
	return out
}

// DefaultForwardTs returns six times from 0 to T for the forward strip.
func DefaultForwardTs(T int) []int {
	return []int{0, T / 20, T / 10, T / 4, T / 2, T}
}

// Indices returns [0, 1, ..., n-1].
func Indices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// Round4 rounds v to 4 decimals, to keep the HTML small.
func Round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }
