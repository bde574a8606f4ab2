package plotdata

import (
	"fmt"
	"math"

	"github.com/statesdiffusion/states/ddpm/run"
)

// AblationColor is the colour of the samples of the ablation grid's
// panels: the first run colour, which stands out on the light grey data
// at the panels' small size.
var AblationColor = RunPalette[0]

// AblationColumns are the column heads of the ablation table.
// "far" counts the samples farther than the record's far radius (0.3 data
// units) from every data point.
var AblationColumns = []string{"axis", "setting", "NLL", "- data", "precision", "recall", "far", "train s", "sample s"}

// AblationCellTitle returns the title of a cell's panel: its setting
// (with "(base)" for the base recipe's), and its scores on a second line,
// or "diverged".
func AblationCellTitle(c run.AblationCell) (setting, scores string) {
	setting = c.Value
	if c.Base {
		setting += " (base)"
	}
	if c.Diverged != "" {
		return setting, "diverged"
	}
	m := c.Metrics
	return setting, fmt.Sprintf("NLL %.3f P %.3f R %.3f", m.NLL, m.Precision, m.Recall)
}

// AblationRows returns the ablation as table rows: one per cell, rows of
// the grid in order, the axis named on its first cell, the base recipe's
// setting marked with "*".
func AblationRows(ab *run.Ablation) [][]string {
	var rows [][]string
	for _, r := range ab.Rows {
		for i, c := range r.Cells {
			axis := ""
			if i == 0 {
				axis = r.Title
			}
			name := c.Value
			if c.Base {
				name += " *"
			}
			if c.Diverged != "" {
				rows = append(rows, []string{axis, name, "diverged", "-", "-", "-", "-", fmt.Sprintf("%.1f", c.TrainSeconds), "-"})
				continue
			}
			m := c.Metrics
			train, sample := fmt.Sprintf("%.1f", c.TrainSeconds), fmt.Sprintf("%.1f", c.SampleSeconds)
			if c.Reused {
				train, sample = "(above)", "(above)"
			}
			rows = append(rows, []string{axis, name, num(m.NLL), fmt.Sprintf("%+.3f", m.NLL-ab.DataNLL),
				fmt.Sprintf("%.3f", m.Precision), fmt.Sprintf("%.3f", m.Recall), farCount(m.Far, m.FarRadius), train, sample})
		}
	}
	return rows
}

// farCount shows a count of far samples, "-" for a record that did not
// measure them (no far radius).
func farCount(far int, radius float64) string {
	if radius == 0 {
		return "-"
	}
	return fmt.Sprint(far)
}

// AblationColumnsOf is the number of columns of the ablation grid: the
// most cells of a row.
func AblationColumnsOf(rows []run.AblationRow) int {
	n := 0
	for _, r := range rows {
		n = max(n, len(r.Cells))
	}
	return n
}

// ablationReach is how far the ablation's panels reach past the data's
// box, as a share of its size on each side; ablationOutliers is the share
// of each cell's samples at each end of each axis that may fall outside.
const (
	ablationReach    = 0.25
	ablationOutliers = 0.01
)

// AblationBounds returns the data box of the ablation's panels: the data
// and most of the samples of every cell (all but ablationOutliers of each
// at each end of each axis), but no farther than ablationReach past the
// data on any side: a poor cell's stray points, drawn clipped, would
// otherwise shrink every panel.
func AblationBounds(data [][2]float32, ab *run.Ablation) Bounds {
	d := BoundsOf(data)
	b := d
	for _, r := range ab.Rows {
		for _, c := range r.Cells {
			if len(c.Samples) > 0 {
				b = b.Union(RobustBounds(ablationOutliers, c.Samples))
			}
		}
	}
	dx, dy := ablationReach*(d.XMax-d.XMin), ablationReach*(d.YMax-d.YMin)
	return Bounds{math.Max(b.XMin, d.XMin-dx), math.Min(b.XMax, d.XMax+dx), math.Max(b.YMin, d.YMin-dy), math.Min(b.YMax, d.YMax+dy)}
}

// AblationSummary says in one line what the grid is: its base recipe,
// budget and samples.
func AblationSummary(ab *run.Ablation) string {
	return fmt.Sprintf("Base recipe: %s. %d samples per cell (%s); data NLL %.3f; %s budget, %.0f s in all.",
		ab.Base, ab.N, ab.Sampler, ab.DataNLL, ab.Budget, ab.Seconds)
}
