package viz

import "github.com/statesdiffusion/states/viz/internal/plotdata"

// The vocabulary that the charts share with the static figures of package
// viz/figure and the report of package viz/report: the sets of samples, the
// runs, the state palette. The definitions live in an internal package that
// both the charts and the figures import.

// SampleSet is a named set of generated points. Label is the state that
// guidance asked for, or -1 for unconditional samples; it picks the colour.
type SampleSet = plotdata.SampleSet

// Run is the training record of one model run, named for legends; several
// runs can share a chart. A run with nil Curves draws nothing.
type Run = plotdata.Run

// Unconditional returns a SampleSet of unconditional samples.
func Unconditional(points [][2]float32) SampleSet { return plotdata.Unconditional(points) }

// Guided returns the SampleSet of samples guided towards state label,
// named after the state.
func Guided(label int, points [][2]float32) SampleSet { return plotdata.Guided(label, points) }

// RunPalette colours the runs of multi-run charts (the state palette
// followed by five more muted colours).
var RunPalette = plotdata.RunPalette

// StatePalette holds the colour of each state, indexed by label. The
// interactive and the static figures share it: a colour-blind friendly,
// muted five-colour set (blue, orange, green, red, purple).
var StatePalette = plotdata.StatePalette

// Neutral colours used for unlabeled samples, reference data and text.
const (
	SampleColor     = plotdata.SampleColor     // unconditional samples
	BackgroundColor = plotdata.BackgroundColor // reference data behind samples
	GridColor       = plotdata.GridColor       // light grid lines
)

// StateColor returns the palette colour of label as a hex string; labels
// outside [0, states.Num) get SampleColor.
func StateColor(label int) string { return plotdata.StateColor(label) }

// StateName returns the name of label, or "label N" outside the range.
func StateName(label int) string { return plotdata.StateName(label) }

// LightStateColor returns the colour of label mixed with white: amount 0 is
// the palette colour, 1 is white. Prediction-map regions use it.
func LightStateColor(label int, amount float64) string {
	return plotdata.LightStateColor(label, amount)
}

// DefaultForwardTs returns six times from 0 to T for the forward strip.
func DefaultForwardTs(T int) []int { return plotdata.DefaultForwardTs(T) }

// MetricsColumns are the column heads of the metrics table.
var MetricsColumns = plotdata.MetricsColumns
