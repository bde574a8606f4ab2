package report

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/statesdiffusion/states/internal/testfix"
	"github.com/statesdiffusion/states/viz/figure"
)

// TestPDFInkInsideBoxes renders every page of the report of a full fixture
// directory with pdftoppm and fails if any pixel outside the rectangles
// the page gave its text and its figure is not white: the faint copies of
// points ("ghosts") that report.pdf once had outside its figures.
func TestPDFInkInsideBoxes(t *testing.T) {
	tool := testfix.RequireTool(t, "DDPM_REQUIRE_TOOLS", "pdftoppm")
	dir := t.TempDir()
	in, err := Load(dir, writeFixture(t, dir, true))
	if err != nil {
		t.Fatal(err)
	}
	secs, _ := in.sections()
	pdf := filepath.Join(dir, "report.pdf")
	layout, err := writeReportPDF(pdf, "ink test", in, secs)
	if err != nil {
		t.Fatal(err)
	}
	const dpi = 100
	out := t.TempDir()
	if b, err := exec.Command(tool, "-r", fmt.Sprint(dpi), "-png", pdf, filepath.Join(out, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	files, _ := filepath.Glob(filepath.Join(out, "page*.png"))
	sort.Strings(files)
	if len(files) != len(layout) {
		t.Fatalf("pdftoppm rendered %d pages, want %d", len(files), len(layout))
	}
	px := func(l vg.Length) float64 { return l.Points() * dpi / 72 }
	const slack = 2 // pixels of anti-aliasing around a box
	for i, f := range files {
		img := testfix.ReadPNG(t, f)
		b := img.Bounds()
		inside := func(x, y int) bool {
			for _, r := range layout[i].boxes {
				x0, x1 := px(r.Min.X)-slack, px(r.Max.X)+slack
				y0, y1 := px(pdfPageH-r.Max.Y)-slack, px(pdfPageH-r.Min.Y)+slack
				if fx, fy := float64(x)+0.5, float64(y)+0.5; fx >= x0 && fx <= x1 && fy >= y0 && fy <= y1 {
					return true
				}
			}
			return false
		}
		stray, minX, minY, maxX, maxY := 0, b.Max.X, b.Max.Y, b.Min.X, b.Min.Y
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if r, g, bl, _ := img.At(x, y).RGBA(); r == 0xffff && g == 0xffff && bl == 0xffff || inside(x, y) {
					continue
				}
				stray++
				minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
			}
		}
		if stray > 0 {
			t.Errorf("page %d: %d non-white pixels outside the boxes of its text and figure, within x %d..%d, y %d..%d (pixels at %d dpi from the top left)",
				i+1, stray, minX, maxX, minY, maxY, dpi)
		}
	}
}

// A section text longer than the page is wide wraps inside the page's
// width, and the figure's area starts below its last line.
func TestPageHeaderWraps(t *testing.T) {
	rec := &recorder.Canvas{}
	c := draw.Canvas{Canvas: rec, Rectangle: vg.Rectangle{Max: vg.Point{X: 5 * vg.Inch, Y: 4 * vg.Inch}}}
	text := strings.Repeat("Samples of the conditional denoiser for each state. ", 6)
	area, boxes := pageHeader(c, "Heading", text, 3)
	var lines int
	for _, a := range rec.Actions {
		fs, ok := a.(*recorder.FillString)
		if !ok || !strings.HasPrefix(fs.String, "Samples") {
			continue
		}
		lines++
		st := figure.TextStyle(fs.Size, figure.Ink)
		if right := fs.Point.X + st.Width(fs.String); right > c.Max.X {
			t.Errorf("line %q ends at %v, past the page's %v", fs.String, right, c.Max.X)
		}
		if fs.Point.Y < area.Max.Y {
			t.Errorf("line %q at y %v is inside the figure's area (top %v)", fs.String, fs.Point.Y, area.Max.Y)
		}
		if fs.Point.Y < boxes[0].Min.Y {
			t.Errorf("line %q at y %v is below the header's box (%v)", fs.String, fs.Point.Y, boxes[0].Min.Y)
		}
	}
	if lines < 2 {
		t.Errorf("%d lines of text, want it wrapped over several", lines)
	}
}
