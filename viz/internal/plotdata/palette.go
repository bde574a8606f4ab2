package plotdata

import (
	"fmt"
	"image/color"

	"github.com/statesdiffusion/states/ddpm/states"
)

// StatePalette holds the colour of each state, indexed by label. The
// interactive and the static figures share it: a colour-blind friendly,
// muted five-colour set (blue, orange, green, red, purple).
var StatePalette = [states.Num]string{
	"#4C72B0", // 0 Michigan
	"#DD8452", // 1 Idaho
	"#55A868", // 2 Ohio
	"#C44E52", // 3 Oklahoma
	"#8172B3", // 4 Wisconsin
}

// Neutral colours used for unlabeled samples, reference data and text.
const (
	SampleColor     = "#2B2B2B" // unconditional samples
	BackgroundColor = "#C8C8C8" // reference data behind samples
	GridColor       = "#E6E6E6" // light grid lines
)

// StateColor returns the palette colour of label as a hex string; labels
// outside [0, states.Num) get SampleColor.
func StateColor(label int) string {
	if label < 0 || label >= states.Num {
		return SampleColor
	}
	return StatePalette[label]
}

// StateName returns the name of label, or "label N" outside the range.
func StateName(label int) string {
	if label < 0 || label >= len(states.Names) {
		return fmt.Sprintf("label %d", label)
	}
	return states.Names[label]
}

// LightStateColor returns the colour of label mixed with white: amount 0 is
// the palette colour, 1 is white. Prediction-map regions use it.
func LightStateColor(label int, amount float64) string {
	c := HexRGBA(StateColor(label))
	mix := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*amount + 0.5) }
	return fmt.Sprintf("#%02X%02X%02X", mix(c.R), mix(c.G), mix(c.B))
}

// HexRGBA parses "#RRGGBB" into an opaque colour (black when malformed).
func HexRGBA(hex string) color.RGBA {
	var r, g, b uint8
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return color.RGBA{A: 255}
	}
	return color.RGBA{R: r, G: g, B: b, A: 255}
}
