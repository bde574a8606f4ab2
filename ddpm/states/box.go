package states

import "math"

// Box returns the corners of the data's bounding box widened by margin
// times its extent on each side (0.1: a 10% margin); an empty set gives
// infinite corners.
func (d *Dataset) Box(margin float64) (lo, hi [2]float64) {
	lo, hi = [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, p := range d.Points {
		for a := range 2 {
			lo[a], hi[a] = min(lo[a], float64(p[a])), max(hi[a], float64(p[a]))
		}
	}
	for a := range 2 {
		m := margin * (hi[a] - lo[a])
		lo[a], hi[a] = lo[a]-m, hi[a]+m
	}
	return lo, hi
}

// GridCentres returns the centres of the cells of an nx x ny grid over the
// box [lo, hi], row by row from the bottom: cell (i, j) is point j*nx + i.
func GridCentres(lo, hi [2]float64, nx, ny int) [][2]float32 {
	grid := make([][2]float32, 0, nx*ny)
	for j := range ny {
		for i := range nx {
			grid = append(grid, [2]float32{
				float32(lo[0] + (float64(i)+0.5)*(hi[0]-lo[0])/float64(nx)),
				float32(lo[1] + (float64(j)+0.5)*(hi[1]-lo[1])/float64(ny)),
			})
		}
	}
	return grid
}
