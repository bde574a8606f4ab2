package plotdata

import (
	"errors"
	"fmt"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// CheckMap reports whether pm is well formed: a positive grid, one class
// list per t, each with NX*NY entries.
func CheckMap(pm *run.PredictionMap) error {
	if pm == nil {
		return errors.New("prediction map: none")
	}
	if pm.NX <= 0 || pm.NY <= 0 || !(pm.XMax > pm.XMin) || !(pm.YMax > pm.YMin) {
		return fmt.Errorf("prediction map: bad grid %dx%d over [%g,%g]x[%g,%g]", pm.NX, pm.NY, pm.XMin, pm.XMax, pm.YMin, pm.YMax)
	}
	if len(pm.Times) == 0 || len(pm.Times) != len(pm.Classes) {
		return fmt.Errorf("prediction map: %d times but %d class grids", len(pm.Times), len(pm.Classes))
	}
	for k, cl := range pm.Classes {
		if len(cl) != pm.NX*pm.NY {
			return fmt.Errorf("prediction map: grid %d (t=%d) has %d cells, want %d", k, pm.Times[k], len(cl), pm.NX*pm.NY)
		}
	}
	return nil
}

// CellSize returns the width and height of a grid cell.
func CellSize(pm *run.PredictionMap) (w, h float64) {
	return (pm.XMax - pm.XMin) / float64(pm.NX), (pm.YMax - pm.YMin) / float64(pm.NY)
}

// ClassRuns merges horizontally adjacent cells of the same class at time
// index k into runs [x0, x1, yCentre], grouped by class. It keeps the
// drawing small: regions are mostly contiguous. Classes outside
// [0, states.Num) are skipped.
func ClassRuns(pm *run.PredictionMap, k int) [states.Num][][3]float64 {
	var out [states.Num][][3]float64
	w, h := CellSize(pm)
	cl := pm.Classes[k]
	for j := 0; j < pm.NY; j++ {
		y := pm.YMin + (float64(j)+0.5)*h
		for i := 0; i < pm.NX; {
			c := cl[j*pm.NX+i]
			i0 := i
			for i < pm.NX && cl[j*pm.NX+i] == c {
				i++
			}
			if c >= 0 && c < states.Num {
				out[c] = append(out[c], [3]float64{Round4(pm.XMin + float64(i0)*w), Round4(pm.XMin + float64(i)*w), Round4(y)})
			}
		}
	}
	return out
}

// MapBounds is the box of the grid.
func MapBounds(pm *run.PredictionMap) Bounds {
	return Bounds{pm.XMin, pm.XMax, pm.YMin, pm.YMax}
}
