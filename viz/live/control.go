package live

import (
	"fmt"
	"html"
	"strconv"
	"strings"
)

// Control is one control of a Panel: a select among Options when Options
// is not empty, otherwise an integer slider from Min to Max.
type Control struct {
	// Label is shown before the control.
	Label string
	// Options are a select's choices.
	Options []string
	// Min and Max bound a slider.
	Min, Max int
	// Value is the initial value: an option's index or the slider's value.
	Value int
	// Format shows a slider's value beside it (nil: the integer); a
	// select shows its option.
	Format func(v int) string
}

// Select returns a select among options, starting at options[value].
func Select(label string, options []string, value int) Control {
	return Control{Label: label, Options: options, Value: value}
}

// Slider returns a slider over the integers min..max starting at value;
// format, when not nil, says what a value means (a guidance scale, a
// number of steps).
func Slider(label string, min, max, value int, format func(v int) string) Control {
	return Control{Label: label, Min: min, Max: max, Value: value, Format: format}
}

// isSelect reports whether c is a select.
func (c Control) isSelect() bool { return len(c.Options) > 0 }

// validate checks the control's range and initial value.
func (c Control) validate() error {
	if c.isSelect() {
		if c.Value < 0 || c.Value >= len(c.Options) {
			return fmt.Errorf("live: select %q starts at option %d of %d", c.Label, c.Value, len(c.Options))
		}
		return nil
	}
	if c.Min >= c.Max || c.Value < c.Min || c.Value > c.Max {
		return fmt.Errorf("live: slider %q: want min < max and min <= value <= max, got %d, %d, %d", c.Label, c.Min, c.Max, c.Value)
	}
	return nil
}

// clamp returns v within the control's range (a value from the browser
// is not trusted).
func (c Control) clamp(v int) int {
	lo, hi := c.Min, c.Max
	if c.isSelect() {
		lo, hi = 0, len(c.Options)-1
	}
	return max(lo, min(hi, v))
}

// Shown is what the panel writes beside the control for value v.
func (c Control) Shown(v int) string {
	switch {
	case c.isSelect():
		return ""
	case c.Format != nil:
		return c.Format(v)
	}
	return strconv.Itoa(v)
}

// staticHTML is the control drawn in its initial state, disabled: what a
// notebook run headless keeps, and what a live widget replaces (see
// panelStyle).
func (c Control) staticHTML() string {
	if !c.isSelect() {
		return fmt.Sprintf(`<input class="ddpm-static" type="range" min="%d" max="%d" value="%d" disabled/>`, c.Min, c.Max, c.Value)
	}
	var b strings.Builder
	b.WriteString(`<select class="ddpm-static" disabled>`)
	for i, o := range c.Options {
		sel := ""
		if i == c.Value {
			sel = " selected"
		}
		fmt.Fprintf(&b, `<option value="%d"%s>%s</option>`, i, sel, html.EscapeString(o))
	}
	b.WriteString(`</select>`)
	return b.String()
}
