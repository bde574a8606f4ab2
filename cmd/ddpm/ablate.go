package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
)

func init() {
	register("ablate", "ablation grid: small denoisers with one setting changed each (lr, T, schedule, size, share of small t, steps) (ablation.json)", runAblate)
}

// runAblate makes the ablation grid of a budget (pipeline.Budget.Ablation),
// or of the budget changed by -steps, -batch, -n and -axes, and prints a
// line per cell.
func runAblate(args []string) error {
	fs := newFlags("ablate")
	var c commonFlags
	c.register(fs)
	c.registerForce(fs)
	budget := fs.String("budget", pipeline.FullBudget.Name, fmt.Sprintf(`the grid's budget: "full" (every row, %d steps of batch %d, %d samples per cell; `+
		`a few minutes) or "quick" (the rows %s at %d steps of batch %d, %d samples; ddpm all -quick, notebook 07)`,
		pipeline.FullBudget.Ablation.Steps, pipeline.FullBudget.Ablation.Batch, pipeline.FullBudget.Ablation.N,
		strings.Join(pipeline.QuickBudget.Ablation.Axes, ", "), pipeline.QuickBudget.Ablation.Steps, pipeline.QuickBudget.Ablation.Batch,
		pipeline.QuickBudget.Ablation.N))
	steps := fs.Int("steps", 0, "training steps of the base recipe (0: the budget's)")
	batch := fs.Int("batch", 0, "batch size of the base recipe (0: the budget's)")
	n := fs.Int("n", 0, "samples per cell (0: the budget's)")
	seed := fs.Uint64("seed", pipeline.FullBudget.Ablation.Seed, "sampling seed")
	axes := fs.String("axes", "", "comma-separated rows to run, of "+strings.Join(pipeline.AblationAxisNames(), ",")+" (empty: the budget's)")
	radius := fs.Float64("radius", metrics.DefaultRadius, "radius of precision and recall")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	pb, ok := pipeline.Budgets[*budget]
	if !ok {
		return usagef("-budget %q: want \"full\" or \"quick\"", *budget)
	}
	b := pb.Ablation
	if *steps < 0 || *batch < 0 || *n < 0 || !(*radius > 0) {
		return usagef("-steps, -batch and -n must be >= 0, -radius > 0")
	}
	if *steps > 0 || *batch > 0 || *n > 0 || *axes != "" {
		b.Name = "custom"
	}
	b.Steps, b.Batch, b.N = orBudget(*steps, b.Steps), orBudget(*batch, b.Batch), orBudget(*n, b.N)
	b.Seed = *seed
	if err := checkSampleCount("-n", b.N); err != nil {
		return err
	}
	if *axes != "" {
		b.Axes = nil
		for _, a := range strings.Split(*axes, ",") {
			b.Axes = append(b.Axes, strings.TrimSpace(a))
		}
	}
	if _, err := pipeline.AblationAxesNamed(b.Axes); err != nil {
		return usagef("-axes: %v", err)
	}
	data, backend, _, err := c.open()
	if err != nil {
		return err
	}
	scorer, err := metrics.NewScorer(data, *radius)
	if err != nil {
		return err
	}
	opts := pipeline.AblateOptions{Data: data, Scorer: scorer, Backend: backend, Budget: b}
	ws, err := c.workspace()
	if err != nil {
		return err
	}
	defer ws.Close()
	if err := pipeline.CheckAblation(ws, opts); err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	began := time.Now()
	fmt.Printf("ablation grid, %s budget: base %s; %d DDPM samples per cell\n", b.Name, pipeline.DescribeRecipe(pipeline.AblationRecipe(b)), b.N)
	fmt.Printf("%-7s %-8s %-18s %7s %8s %9s %7s %7s\n", "cell", "axis", "setting", "NLL", "- data", "precision", "recall", "time")
	opts.Each = func(a pipeline.AblationAxis, cell run.AblationCell, done, total int) {
		where := fmt.Sprintf("%d/%d", done, total)
		if cell.Reused {
			where = "(above)"
		}
		name := cell.Value
		if cell.Base {
			name += " *"
		}
		if cell.Diverged != "" {
			fmt.Printf("%-7s %-8s %-18s diverged: %s\n", where, a.Name, name, cell.Diverged)
			return
		}
		m := cell.Metrics
		fmt.Printf("%-7s %-8s %-18s %7.4f %+8.4f %9.3f %7.3f %6.1fs\n", where, a.Name, name, m.NLL, m.NLL-m.DataNLL,
			m.Precision, m.Recall, cell.TrainSeconds+cell.SampleSeconds)
	}
	ab, err := pipeline.Ablate(ctx, ws, opts)
	if err != nil {
		return err
	}
	fmt.Printf("(* the base recipe; data NLL %.4f)\nablation of %d cells (%d trained) in %s -> %s\n", ab.DataNLL, cellCount(ab), ab.Cells(),
		time.Since(began).Round(time.Second), filepath.Join(c.out, run.AblationFile))
	return nil
}

// orBudget is v when it was given (> 0), else the budget's value.
func orBudget(v, budget int) int {
	if v > 0 {
		return v
	}
	return budget
}

// cellCount is the number of cells of the grid, shared ones counted in
// each row.
func cellCount(ab *run.Ablation) int {
	n := 0
	for _, r := range ab.Rows {
		n += len(r.Cells)
	}
	return n
}
