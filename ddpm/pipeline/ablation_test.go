package pipeline

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/internal/testnets"
	"github.com/statesdiffusion/states/internal/testrun"
)

// The grid's table: every row holds the base recipe once, the T row
// rescales the betas and the small-t bound, and a recipe shared by several
// rows (the base) is trained once.
func TestAblationPlan(t *testing.T) {
	plan, runs, err := ablationPlan(AblationAxes, FullBudget.Ablation)
	if err != nil {
		t.Fatal(err)
	}
	base := AblationRecipe(FullBudget.Ablation)
	distinct, baseRun := 1, -1
	for i, row := range plan {
		bases := 0
		for _, c := range row {
			if c.base {
				bases++
				if baseRun < 0 {
					baseRun = c.run
				}
				if c.run != baseRun {
					t.Errorf("%s: base cell %q trained as run %d, want run %d of the first row", AblationAxes[i].Name, c.label, c.run, baseRun)
				}
			} else {
				distinct++
			}
		}
		if bases != 1 {
			t.Errorf("row %s has %d cells of the base recipe, want 1", AblationAxes[i].Name, bases)
		}
		if len(row) != len(AblationAxes[i].Values) {
			t.Errorf("row %s: %d cells for %d values", AblationAxes[i].Name, len(row), len(AblationAxes[i].Values))
		}
	}
	if runs != distinct {
		t.Errorf("%d trainings planned, want %d (the base recipe once)", runs, distinct)
	}
	for i, a := range AblationAxes {
		if a.Name != "T" {
			continue
		}
		for _, c := range plan[i] {
			f := float64(base.Schedule.T) / float64(c.recipe.Schedule.T)
			if c.recipe.Schedule.BetaEnd != base.Schedule.BetaEnd*f || c.recipe.Schedule.BetaStart != base.Schedule.BetaStart*f {
				t.Errorf("%s: betas %g..%g, want the base's scaled by %g", c.label, c.recipe.Schedule.BetaStart, c.recipe.Schedule.BetaEnd, f)
			}
			if want := max(1, int(float64(base.LowTMax)/f+0.5)); c.recipe.LowTMax != want {
				t.Errorf("%s: small t up to %d, want %d", c.label, c.recipe.LowTMax, want)
			}
		}
	}
	if _, err := AblationAxesNamed([]string{"T", "nope"}); err == nil || !strings.Contains(err.Error(), "lr, T, schedule") {
		t.Errorf("unknown axis: %v, want an error listing the axes", err)
	}
}

// Ablate at a tiny budget trains every distinct cell, scores it, writes
// ablation.json with its record, and refuses to replace it with a smaller
// grid.
func TestAblate(t *testing.T) {
	data := testrun.SmallStates(t)
	dir := t.TempDir()
	ws := testrun.OpenWorkspace(t, dir, false)
	b := AblationBudget{Name: "test", Steps: 8, Batch: 32, N: 40, Seed: 1, Axes: []string{"T", "size", "steps"}}
	o := AblateOptions{Data: data, Scorer: scorerOf(t, data), Backend: testnets.Backend(t), Budget: b}
	seen := 0
	o.Each = func(AblationAxis, run.AblationCell, int, int) { seen++ }
	ab, err := Ablate(context.Background(), ws, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(ab.Rows) != 3 || ab.Rows[0].Axis != "T" || ab.Rows[2].Axis != "steps" {
		t.Fatalf("rows %+v, want T, size, steps", ab.Rows)
	}
	cells := 0
	for _, r := range ab.Rows {
		for _, c := range r.Cells {
			cells++
			if c.Diverged != "" {
				continue
			}
			if len(c.Samples) != b.N || c.Metrics.N != b.N || !(c.Metrics.Precision >= 0 && c.Metrics.Precision <= 1) || c.Metrics.NLL == 0 {
				t.Errorf("%s %s: %d samples, metrics %+v", r.Axis, c.Value, len(c.Samples), c.Metrics)
			}
		}
	}
	if seen != cells {
		t.Errorf("Each called %d times for %d cells", seen, cells)
	}
	// T: 4 values; size: 4 (one the base); steps: 3 (one the base).
	if want := 4 + 3 + 2; ab.Cells() != want {
		t.Errorf("%d cells trained, want %d", ab.Cells(), want)
	}
	if got := ab.Rows[0].Cells[0].Value; got != "T = 50" {
		t.Errorf("first cell %q, want T = 50", got)
	}
	var saved run.Ablation
	if err := run.ReadJSON(filepath.Join(dir, run.AblationFile), &saved); err != nil {
		t.Fatal(err)
	}
	if len(saved.Rows) != 3 || saved.N != b.N || saved.Steps != b.Steps || saved.DataNLL == 0 || saved.Base == "" {
		t.Errorf("saved grid %+v", saved)
	}
	rec := record(t, dir, run.ResultAblation)
	if rec.Cells != ab.Cells() || rec.N != b.N || rec.DenoiserStep != b.Steps || rec.MadeBy != "test" {
		t.Errorf("record %+v, want %d cells of %d samples after %d steps", rec, ab.Cells(), b.N, b.Steps)
	}
	o.Budget.N, o.Each = 20, nil
	refuses(t, dir, "40 samples", func() error { _, err := Ablate(context.Background(), ws, o); return err })
	o.Budget.N, o.Budget.Axes = b.N, []string{"T"}
	refuses(t, dir, "9 ablation cells", func() error { _, err := Ablate(context.Background(), ws, o); return err })
}

// A quick notebook beside a full run that made a grid shows that grid and
// trains nothing; without one, it makes its own in its quick folder.
func TestNotebookAblation(t *testing.T) {
	root := filepath.Join(t.TempDir(), "outputs")
	full := &run.Ablation{Budget: "default", N: 1000, Steps: 2000, Rows: []run.AblationRow{{Axis: "lr", Cells: []run.AblationCell{{Value: "lr 0.002", Base: true}}}}}
	quick, err := run.OpenNotebook(root, "07", false)
	if err != nil {
		t.Fatal(err)
	}
	defer quick.Close()
	quick.Log = nil
	data := testrun.SmallStates(t)
	o := AblateOptions{Data: data, Scorer: scorerOf(t, data), Backend: testnets.Backend(t),
		Budget: AblationBudget{Name: "test", Steps: 4, Batch: 16, N: 20, Seed: 1, Axes: []string{"schedule"}}}
	ab, err := NotebookAblation(context.Background(), quick, o)
	if err != nil {
		t.Fatal(err)
	}
	if ab.Budget != "test" || ab.Cells() != 2 {
		t.Errorf("without a full run's grid: budget %q, %d cells; want its own test grid of 2", ab.Budget, ab.Cells())
	}
	if err := run.WriteJSON(filepath.Join(root, run.AblationFile), full); err != nil {
		t.Fatal(err)
	}
	ab, err = NotebookAblation(context.Background(), quick, o)
	if err != nil {
		t.Fatal(err)
	}
	if ab.Budget != "default" || ab.N != 1000 {
		t.Errorf("beside a full run's grid: got budget %q with %d samples, want the full run's", ab.Budget, ab.N)
	}
}

// Every budget's grid is valid (its rows exist, its recipes train), and the
// quick grid is the smaller one.
func TestAblationBudgets(t *testing.T) {
	for name, b := range Budgets {
		if b.Ablation.Name != name {
			t.Errorf("budget %s: its grid is named %q", name, b.Ablation.Name)
		}
		if err := b.Ablation.Validate(); err != nil {
			t.Errorf("budget %s: %v", name, err)
		}
		axes, err := AblationAxesNamed(b.Ablation.Axes)
		if err != nil {
			t.Errorf("budget %s: %v", name, err)
		}
		if _, _, err := ablationPlan(axes, b.Ablation); err != nil {
			t.Errorf("budget %s: %v", name, err)
		}
	}
	q, f := QuickBudget.Ablation, FullBudget.Ablation
	qa, _ := AblationAxesNamed(q.Axes)
	fa, _ := AblationAxesNamed(f.Axes)
	if q.Steps*q.Batch > f.Steps*f.Batch || q.N > f.N || len(qa) > len(fa) || len(fa) != len(AblationAxes) {
		t.Errorf("quick grid %+v is not smaller than the full one %+v (all rows)", q, f)
	}
}
