package metrics

import (
	"cmp"
	"math"
	"slices"
)

// kdNode is one point of a kdTree with its index in the input.
type kdNode struct {
	p   [2]float64
	idx int
}

// kdTree is a 2-D k-d tree stored implicitly in a slice: the node of a range
// [lo, hi) is at mid = (lo+hi)/2, its left subtree is [lo, mid) and its right
// subtree (mid, hi); the split axis alternates with the depth, x first.
// Non-finite points are left out.
type kdTree struct{ nodes []kdNode }

// newKDTree builds the tree of pts.
func newKDTree(pts [][2]float32) *kdTree {
	t := &kdTree{nodes: make([]kdNode, 0, len(pts))}
	for i, p := range pts {
		x, y := float64(p[0]), float64(p[1])
		if finitePoint(x, y) {
			t.nodes = append(t.nodes, kdNode{[2]float64{x, y}, i})
		}
	}
	t.build(t.nodes, 0)
	return t
}

// len returns the number of points in the tree.
func (t *kdTree) len() int { return len(t.nodes) }

// build orders nodes so that the middle one splits the others on axis.
func (t *kdTree) build(nodes []kdNode, axis int) {
	if len(nodes) <= 1 {
		return
	}
	slices.SortFunc(nodes, func(a, b kdNode) int { return cmp.Compare(a.p[axis], b.p[axis]) })
	mid := len(nodes) / 2
	t.build(nodes[:mid], 1-axis)
	t.build(nodes[mid+1:], 1-axis)
}

// kdBest is the best candidate of a nearest-neighbour search.
type kdBest struct {
	d2  float64
	idx int
}

// better reports whether a point at squared distance d2 with input index idx
// beats b: nearer, or as near with a lower index.
func (b *kdBest) better(d2 float64, idx int) bool {
	return d2 < b.d2 || (d2 == b.d2 && idx < b.idx)
}

// nearest returns the input index of the point nearest (x, y), the lowest
// index among equally near ones, or -1 for an empty tree or a non-finite
// query.
func (t *kdTree) nearest(x, y float64) int {
	if len(t.nodes) == 0 || !finitePoint(x, y) {
		return -1
	}
	b := kdBest{d2: math.Inf(1), idx: -1}
	t.search(t.nodes, 0, [2]float64{x, y}, &b)
	return b.idx
}

// search visits nodes (split on axis) for the nearest point to q.
func (t *kdTree) search(nodes []kdNode, axis int, q [2]float64, b *kdBest) {
	for len(nodes) > 0 {
		mid := len(nodes) / 2
		n := nodes[mid]
		dx, dy := n.p[0]-q[0], n.p[1]-q[1]
		if d2 := dx*dx + dy*dy; b.better(d2, n.idx) {
			b.d2, b.idx = d2, n.idx
		}
		diff := q[axis] - n.p[axis]
		near, far := nodes[:mid], nodes[mid+1:]
		if diff >= 0 {
			near, far = far, near
		}
		t.search(near, 1-axis, q, b)
		if diff*diff > b.d2 {
			return
		}
		nodes, axis = far, 1-axis
	}
}
