package figure

import (
	"bytes"
	"fmt"
	"path/filepath"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/statesdiffusion/states/internal/atomicfile"
)

// Figure is a static figure for reports: it draws itself on any gonum
// canvas (a PNG, SVG or PDF file, or a page of a multi-page PDF).
type Figure struct {
	// Name is the base name of the figure's files, e.g. "data_scatter".
	Name string
	// Width and Height are the natural size of the figure.
	Width, Height vg.Length
	draw          func(c draw.Canvas)
}

// Draw draws the figure filling c.
func (f *Figure) Draw(c draw.Canvas) { f.draw(c) }

// DrawAt draws the figure on c at scale s (fonts included) with its
// bottom-left corner at corner, clipped to the rectangle it covers, and
// returns that rectangle (in c's coordinates). Nothing the figure draws
// lands outside it, whatever the canvas.
func (f *Figure) DrawAt(c draw.Canvas, corner vg.Point, s float64) vg.Rectangle {
	box := vg.Rectangle{Min: corner, Max: vg.Point{X: corner.X + vg.Length(s)*f.Width, Y: corner.Y + vg.Length(s)*f.Height}}
	cc := newClipCanvas(c.Canvas, box)
	cc.Push()
	cc.Translate(corner)
	cc.Scale(s, s)
	f.draw(draw.Canvas{Canvas: cc, Rectangle: vg.Rectangle{Max: vg.Point{X: f.Width, Y: f.Height}}})
	cc.Pop()
	return box
}

// PNGDPI is the resolution of PNG figures.
const PNGDPI = 200

// Encode renders the figure as "png", "svg" or "pdf".
func (f *Figure) Encode(format string) ([]byte, error) {
	var buf bytes.Buffer
	switch format {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(PNGDPI))
		f.draw(draw.New(c))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
			return nil, fmt.Errorf("figure %s: encode png: %w", f.Name, err)
		}
	case "svg":
		c := vgsvg.New(f.Width, f.Height)
		f.draw(draw.New(c))
		if _, err := c.WriteTo(&buf); err != nil {
			return nil, fmt.Errorf("figure %s: encode svg: %w", f.Name, err)
		}
	case "pdf":
		c := vgpdf.New(f.Width, f.Height)
		c.EmbedFonts(true)
		f.DrawAt(draw.New(c), vg.Point{}, 1) // arcs as curves: see clipCanvas
		if _, err := c.WriteTo(&buf); err != nil {
			return nil, fmt.Errorf("figure %s: encode pdf: %w", f.Name, err)
		}
	default:
		return nil, fmt.Errorf("figure %s: unknown format %q (want png, svg or pdf)", f.Name, format)
	}
	return buf.Bytes(), nil
}

// WriteFiles writes the figure to dir as Name.<format> for each format
// (default png and svg), atomically, and returns the paths written.
func (f *Figure) WriteFiles(dir string, formats ...string) ([]string, error) {
	if len(formats) == 0 {
		formats = []string{"png", "svg"}
	}
	var paths []string
	for _, format := range formats {
		b, err := f.Encode(format)
		if err != nil {
			return paths, err
		}
		path := filepath.Join(dir, f.Name+"."+format)
		if err := atomicfile.Write(path, b); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}
