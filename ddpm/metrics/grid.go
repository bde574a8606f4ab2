package metrics

import "math"

// cellKey names a square cell of a cellGrid by its integer coordinates.
type cellKey struct{ x, y int64 }

// cellSpan is the range [lo, hi) of a cell's points in cellGrid.xs/ys.
type cellSpan struct{ lo, hi int32 }

// cellGrid buckets 2-D points into square cells of side r, so that all
// points within r of a query lie in the 3 × 3 cells around the query's cell.
// Non-finite points are left out.
type cellGrid struct {
	r, r2  float64
	xs, ys []float64 // points grouped by cell
	cells  map[cellKey]cellSpan
}

// maxCell bounds cell coordinates so that huge coordinates neither overflow
// int64 nor miss neighbours: all points beyond the bound share the edge cell,
// which stays adjacent to the cells inside it (distances are always checked).
const maxCell = 1 << 50

// cellOf returns the cell coordinate of v for cells of side r.
func cellOf(v, r float64) int64 {
	c := math.Floor(v / r)
	switch {
	case c > maxCell:
		return maxCell
	case c < -maxCell:
		return -maxCell
	}
	return int64(c)
}

// newCellGrid buckets pts in cells of side r (r > 0, finite).
func newCellGrid(pts [][2]float32, r float64) *cellGrid {
	g := &cellGrid{r: r, r2: r * r, cells: map[cellKey]cellSpan{}}
	keys := make([]cellKey, len(pts))
	count := map[cellKey]int32{}
	for i, p := range pts {
		x, y := float64(p[0]), float64(p[1])
		if !finitePoint(x, y) {
			continue
		}
		keys[i] = cellKey{cellOf(x, r), cellOf(y, r)}
		count[keys[i]]++
	}
	var total int32
	for k, c := range count {
		g.cells[k] = cellSpan{total, total}
		total += c
	}
	g.xs = make([]float64, total)
	g.ys = make([]float64, total)
	for i, p := range pts {
		x, y := float64(p[0]), float64(p[1])
		if !finitePoint(x, y) {
			continue
		}
		s := g.cells[keys[i]]
		g.xs[s.hi], g.ys[s.hi] = x, y
		s.hi++
		g.cells[keys[i]] = s
	}
	return g
}

// anyWithin reports whether some point of the grid lies within distance r
// (inclusive) of (x, y).
func (g *cellGrid) anyWithin(x, y float64) bool {
	if !finitePoint(x, y) {
		return false
	}
	cx, cy := cellOf(x, g.r), cellOf(y, g.r)
	for dx := int64(-1); dx <= 1; dx++ {
		for dy := int64(-1); dy <= 1; dy++ {
			s, ok := g.cells[cellKey{cx + dx, cy + dy}]
			if !ok {
				continue
			}
			for i := s.lo; i < s.hi; i++ {
				ex, ey := g.xs[i]-x, g.ys[i]-y
				if ex*ex+ey*ey <= g.r2 {
					return true
				}
			}
		}
	}
	return false
}
