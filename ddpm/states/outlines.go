package states

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sync"
)

// statesOutlinesJSON holds the outlines of the five states, derived from US
// Census boundaries by scripts/gen-outlines (see there to re-run it). Each
// state is projected on its own and normalized so that its bounding box is
// centred on 0 with a larger side of 1.
//
//go:embed states_outlines.json
var statesOutlinesJSON []byte

// outlineFile is the layout of states_outlines.json.
type outlineFile struct {
	States []struct {
		Label int            `json:"label"`
		Name  string         `json:"name"`
		Rings [][][2]float64 `json:"rings"`
	} `json:"states"`
}

// outline is one state's boundary: one or more closed polylines (Michigan
// has two, its Lower and Upper Peninsulas).
type outline struct {
	name  string
	rings [][][2]float64
}

// stateOutlines parses the embedded outlines once; they are indexed by label.
var stateOutlines = sync.OnceValues(func() ([]outline, error) {
	return parseOutlines(statesOutlinesJSON)
})

// parseOutlines decodes and checks an outline file: Num states in label
// order with the names of Names, each with rings of finite points and
// positive length.
func parseOutlines(b []byte) ([]outline, error) {
	var f outlineFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("states_outlines.json: %w", err)
	}
	if len(f.States) != Num {
		return nil, fmt.Errorf("states_outlines.json: %d states, want %d", len(f.States), Num)
	}
	out := make([]outline, Num)
	for i, s := range f.States {
		if s.Label != i || s.Name != Names[i] {
			return nil, fmt.Errorf("states_outlines.json: state %d is %d %q, want %d %q", i, s.Label, s.Name, i, Names[i])
		}
		if len(s.Rings) == 0 {
			return nil, fmt.Errorf("states_outlines.json: %s has no rings", s.Name)
		}
		for j, r := range s.Rings {
			if len(r) < 3 {
				return nil, fmt.Errorf("states_outlines.json: %s ring %d has %d points, want at least 3", s.Name, j, len(r))
			}
			for _, p := range r {
				if !isFiniteF64(p[0]) || !isFiniteF64(p[1]) {
					return nil, fmt.Errorf("states_outlines.json: %s ring %d has a non-finite point", s.Name, j)
				}
			}
		}
		out[i] = outline{name: s.Name, rings: s.Rings}
	}
	return out, nil
}

// isFiniteF64 reports whether v is neither NaN nor infinite.
func isFiniteF64(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
