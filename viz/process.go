package viz

import (
	"errors"
	"fmt"

	"github.com/statesdiffusion/states/ddpm/run"
)

// outlierShare is the share of noisy points at each end of an axis that
// the forward and reverse process figures may leave outside their box.
const outlierShare = 0.002

// checkSnapshots reports whether s has one point set per step.
func checkSnapshots(s *run.Snapshots) error {
	if s == nil {
		return errors.New("snapshots: none")
	}
	if len(s.Times) == 0 || len(s.Times) != len(s.Points) {
		return fmt.Errorf("snapshots: %d steps but %d point sets", len(s.Times), len(s.Points))
	}
	return nil
}

// pickFrames returns up to n indices of s.Times spread evenly from the
// first (noise) to the last (x_0), both included.
func pickFrames(total, n int) []int {
	if n >= total || n < 2 {
		return indices(total)
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
