package plotdata

import (
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
)

// The panels' box holds the data and a cell's samples near it, but a far
// stray sample does not widen it past a quarter of the data's size.
func TestAblationBounds(t *testing.T) {
	data := [][2]float32{{-1, -1}, {1, 1}}
	near := make([][2]float32, 200)
	for i := range near {
		near[i] = [2]float32{1.2, 0}
	}
	far := append(append([][2]float32(nil), near...), [2]float32{50, 50})
	ab := &run.Ablation{Rows: []run.AblationRow{{Cells: []run.AblationCell{{Samples: far}, {Diverged: "NaN"}}}}}
	b := AblationBounds(data, ab)
	if b.XMin != -1 || b.YMin != -1 || b.YMax != 1 || b.XMax != float64(float32(1.2)) {
		t.Errorf("box %+v, want the data's widened to x = 1.2", b)
	}
	ab.Rows[0].Cells[0].Samples = [][2]float32{{50, 50}, {-50, -50}}
	if b := AblationBounds(data, ab); b.XMax != 1.5 || b.XMin != -1.5 || b.YMax != 1.5 {
		t.Errorf("box %+v, want at most a quarter of the data's size past it", b)
	}
}

// The table marks the base setting, names each row once, and says which
// cells were trained above and which diverged.
func TestAblationRows(t *testing.T) {
	ab := &run.Ablation{DataNLL: 2, Rows: []run.AblationRow{{Title: "learning rate", Cells: []run.AblationCell{
		{Value: "lr 0.002", Base: true, Metrics: run.Metrics{NLL: 2.1, Precision: 0.9, Recall: 0.8, Far: 3, FarRadius: 0.3}},
		{Value: "lr 0.01", Diverged: "loss is not finite"},
		{Value: "lr 0.002", Base: true, Reused: true, Metrics: run.Metrics{NLL: 2.1}},
	}}}}
	var lines []string
	for _, r := range AblationRows(ab) {
		lines = append(lines, strings.Join(r, "|"))
	}
	got := strings.Join(lines, "\n")
	want := "learning rate|lr 0.002 *|2.100|+0.100|0.900|0.800|3|0.0|0.0\n" +
		"|lr 0.01|diverged|-|-|-|-|0.0|-\n" +
		"|lr 0.002 *|2.100|+0.100|0.000|0.000|-|(above)|(above)"
	if got != want {
		t.Errorf("rows:\n%s\nwant:\n%s", got, want)
	}
	if s, sc := AblationCellTitle(ab.Rows[0].Cells[1]); s != "lr 0.01" || sc != "diverged" {
		t.Errorf("title of a diverged cell: %q, %q", s, sc)
	}
}
