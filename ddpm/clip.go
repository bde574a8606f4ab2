package ddpm

import (
	"fmt"
	"math"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
)

// Box is an axis-aligned rectangle [Lo[0], Hi[0]] x [Lo[1], Hi[1]] in data
// units.
type Box struct {
	Lo [2]float64 `json:"lo"`
	Hi [2]float64 `json:"hi"`
}

// Validate checks that the corners are finite and Lo < Hi on both axes.
func (b Box) Validate() error {
	for a := range 2 {
		lo, hi := b.Lo[a], b.Hi[a]
		if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || !(lo < hi) {
			return fmt.Errorf("box [%g, %g] x [%g, %g]: want finite corners, low below high", b.Lo[0], b.Hi[0], b.Lo[1], b.Hi[1])
		}
	}
	return nil
}

// ClipBox returns the box that sampling net with c clips the predicted
// x_0 to, or nil for no clipping: none with ClipOff; c.ClipX0, or else
// net.DataBox, with ClipOn, and with ClipAuto when net has an input
// embedding. It fails when clipping is asked and no box is known (a
// checkpoint that records no data box, and no ClipX0).
func (c SampleConfig) ClipBox(net *Net) (*Box, error) {
	if c.Clip == ClipOff || (c.Clip != ClipOn && net.Arch.Embed.None()) {
		return nil, nil
	}
	box := c.ClipX0
	if box == nil {
		box = net.DataBox
	}
	if box == nil {
		return nil, fmt.Errorf("sample: x0 clipping asked, and the %s records no data box (trained before the option, or imported): "+
			"give the box (SampleConfig.ClipX0)", net.Kind)
	}
	return box, box.Validate()
}

// BoxOf returns the bounding box of pts, nil when it is empty or flat on
// an axis (a box clipping cannot use).
func BoxOf(pts [][2]float32) *Box {
	if len(pts) == 0 {
		return nil
	}
	b := &Box{Lo: [2]float64{math.Inf(1), math.Inf(1)}, Hi: [2]float64{math.Inf(-1), math.Inf(-1)}}
	for _, p := range pts {
		for a := range 2 {
			b.Lo[a], b.Hi[a] = min(b.Lo[a], float64(p[a])), max(b.Hi[a], float64(p[a]))
		}
	}
	if b.Validate() != nil {
		return nil
	}
	return b
}

// String writes the box as "[lo0, hi0] x [lo1, hi1]" with 3 significant
// digits.
func (b Box) String() string {
	return fmt.Sprintf("[%.3g, %.3g] x [%.3g, %.3g]", b.Lo[0], b.Hi[0], b.Lo[1], b.Hi[1])
}

// clipEps returns the noise prediction eps [B, 2] of a reverse step at x
// [B, 2] corrected so that the x_0 it predicts lies in b: with
// s = sqrt(alphabar_t) (sqrtAB, a scalar),
//
//	x0  = clip((x - sqrt(1 - s^2) eps) / s, b)
//	eps' = (x - s x0) / sqrt(1 - s^2),
//
// which turns every step x_next = A x + B eps' + sigma z into the same
// step taken from the clipped prediction (for DDPM: the posterior mean of
// q(x_{t-1} | x_t, x0)). Inside b it changes nothing.
func (b *Box) clipEps(x, eps, sqrtAB *Node) *Node {
	sd := Sqrt(OneMinus(Square(sqrtAB)))
	x0 := b.clamp(Div(Sub(x, Mul(eps, sd)), sqrtAB))
	return Div(Sub(x, Mul(x0, sqrtAB)), sd)
}

// clamp clips each point of x [B, 2] to the box, axis by axis: [B, 2].
func (b *Box) clamp(x *Node) *Node {
	g := x.Graph()
	lo := ConvertDType(Const(g, [][]float32{{float32(b.Lo[0]), float32(b.Lo[1])}}), x.DType()) // [1, 2]
	hi := ConvertDType(Const(g, [][]float32{{float32(b.Hi[0]), float32(b.Hi[1])}}), x.DType())
	return Max(Min(x, hi), lo)
}
