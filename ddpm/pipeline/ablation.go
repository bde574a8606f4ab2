package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gomlx/compute"
	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// AblationAxis is one row of the ablation grid: one setting of the
// denoiser's recipe and the values it takes, each a change of the base
// recipe (AblationRecipe) in that setting only.
type AblationAxis struct {
	// Name is the axis's name for -axes, e.g. "T".
	Name string
	// Title heads its row, e.g. "diffusion steps T".
	Title string
	// Change says in words how the values change the recipe.
	Change string
	// Label names a cell of the axis from its recipe, e.g. "T = 50".
	Label func(c ddpm.TrainConfig) string
	// Values change the base recipe into each setting of the axis, in the
	// row's order; one of them usually leaves it as it is (the base cell).
	Values []func(c *ddpm.TrainConfig)
}

// AblationAxes is the ablation grid, after tiny-diffusion's README
// (learning rate, number of timesteps, beta schedule, model size) with
// this project's own settings (the share of small t in each batch, the
// training steps). It is the one place that says what varies per cell.
var AblationAxes = []AblationAxis{
	{Name: "lr", Title: "learning rate", Change: "the peak learning rate of Adam (warm-up, then cosine decay)",
		Label:  func(c ddpm.TrainConfig) string { return fmt.Sprintf("lr %g", c.LR) },
		Values: []func(*ddpm.TrainConfig){setLR(2e-4), setLR(2e-3), setLR(1e-2)}},
	{Name: "T", Title: "diffusion steps T", Change: "T, with the linear betas scaled by 500/T and the small-t bound by T/500, " +
		"so that each share of the way to noise keeps its noise level; sampled with all T steps",
		Label:  func(c ddpm.TrainConfig) string { return fmt.Sprintf("T = %d", c.Schedule.T) },
		Values: []func(*ddpm.TrainConfig){setT(50), setT(100), setT(500), setT(1000)}},
	{Name: "schedule", Title: "beta schedule", Change: "the noise schedule: linear (the course's, beta 1e-4 to 0.02) or cosine (Nichol & Dhariwal)",
		Label:  func(c ddpm.TrainConfig) string { return c.Schedule.Kind + " betas" },
		Values: []func(*ddpm.TrainConfig){setSchedule("linear"), setSchedule("cosine")}},
	{Name: "size", Title: "width x depth", Change: "the hidden layers of the MLP (PReLU after each)",
		Label:  func(c ddpm.TrainConfig) string { return sizeLabel(c.Hidden) },
		Values: []func(*ddpm.TrainConfig){setHidden(2, 64), setHidden(4, 64), setHidden(2, 256), setHidden(4, 256)}},
	{Name: "embed", Title: "input embedding", Change: fmt.Sprintf("the MLP's input: the course's (x, y, tbar), or sin and cos of x and y "+
		"(times %g) and of t at %d frequencies each, as tiny-diffusion does, with its recipe (TrainConfig.WithEmbedding: "+
		"more of each batch at t <= 50) and x0 clipped to the data's box while sampling", ddpm.DefaultEmbedScale, ddpm.DefaultEmbedFreqs),
		Label:  embedLabel,
		Values: []func(*ddpm.TrainConfig){setEmbed(ddpm.Embedding{}), setEmbed(ddpm.SinusoidalEmbedding(0, 0))}},
	{Name: "low-t", Title: "share of small t", Change: "the share of each batch with t drawn from 1..30 instead of 1..T (0: the course's uniform t)",
		Label:  lowTLabel,
		Values: []func(*ddpm.TrainConfig){setLowT(0), setLowT(0.5), setLowT(0.8)}},
	{Name: "steps", Title: "training steps", Change: "the training steps, a share of the budget's, with the cosine decay fitted to them",
		Label:  func(c ddpm.TrainConfig) string { return fmt.Sprintf("%d steps", c.Steps) },
		Values: []func(*ddpm.TrainConfig){scaleSteps(0.25), scaleSteps(0.5), scaleSteps(1)}},
}

func setLR(lr float64) func(*ddpm.TrainConfig) { return func(c *ddpm.TrainConfig) { c.LR = lr } }

// setT sets T and rescales what is counted in steps of the base schedule:
// the linear betas (times oldT/T) and the small-t bound (times T/oldT).
func setT(T int) func(*ddpm.TrainConfig) {
	return func(c *ddpm.TrainConfig) {
		old := c.Schedule.T
		if old == T {
			return
		}
		f := float64(old) / float64(T)
		c.Schedule.BetaStart *= f
		c.Schedule.BetaEnd *= f
		c.LowTMax = max(1, int(math.Round(float64(c.LowTMax)/f)))
		c.Schedule.T = T
	}
}

func setSchedule(kind string) func(*ddpm.TrainConfig) {
	return func(c *ddpm.TrainConfig) { c.Schedule.Kind = kind }
}

func setHidden(depth, width int) func(*ddpm.TrainConfig) {
	return func(c *ddpm.TrainConfig) {
		c.Hidden = slices.Repeat([]int{width}, depth)
	}
}

// setEmbed gives the recipe input embedding e, with the recipe that goes
// with it (TrainConfig.WithEmbedding); the course's input leaves the
// recipe as it is.
func setEmbed(e ddpm.Embedding) func(*ddpm.TrainConfig) {
	return func(c *ddpm.TrainConfig) { *c = c.WithEmbedding(e) }
}

// embedLabel names the input of a recipe's network.
func embedLabel(c ddpm.TrainConfig) string {
	if c.Embed.None() {
		return "(x, y, tbar)"
	}
	e := c.Embed.Normalized()
	return fmt.Sprintf("%s, %d freqs", e.Kind, e.Freqs)
}

func setLowT(share float64) func(*ddpm.TrainConfig) {
	return func(c *ddpm.TrainConfig) { c.LowTFraction = share }
}

func scaleSteps(f float64) func(*ddpm.TrainConfig) {
	return func(c *ddpm.TrainConfig) {
		c.Steps = max(1, int(math.Round(f*float64(c.Steps))))
		c.WarmupSteps = min(c.WarmupSteps, c.Steps/10)
	}
}

// sizeLabel names hidden layers "depth x width" when they are all as wide,
// else by their widths.
func sizeLabel(hidden []int) string {
	if len(hidden) > 0 && slices.Min(hidden) == slices.Max(hidden) {
		return fmt.Sprintf("%d x %d", len(hidden), hidden[0])
	}
	return fmt.Sprint(hidden)
}

func lowTLabel(c ddpm.TrainConfig) string {
	if c.LowTFraction == 0 {
		return "uniform t"
	}
	return fmt.Sprintf("%g%% at t <= %d", 100*c.LowTFraction, c.LowTMax)
}

// AblationBudget is the size of an ablation grid: the training budget of
// the base recipe, the samples drawn per cell, and the rows. The pipeline's
// budgets hold theirs (Budget.Ablation).
type AblationBudget struct {
	// Name is recorded with the grid: the pipeline budget's ("full",
	// "quick") or "custom".
	Name string
	// Steps and Batch are the base recipe's training steps and batch size.
	Steps, Batch int
	// N is the number of samples per cell, Seed their seed.
	N    int
	Seed uint64
	// Axes names the rows to run (see AblationAxes); empty: all of them.
	Axes []string
}

// Validate refuses budgets that cannot train or score.
func (b AblationBudget) Validate() error {
	if b.Steps <= 0 || b.Batch <= 0 || b.N <= 0 {
		return fmt.Errorf("ablation budget: steps %d, batch %d, samples %d; want all > 0", b.Steps, b.Batch, b.N)
	}
	return nil
}

// AblationRecipe is the base recipe of the ablation grid: the default
// denoiser recipe (4 x 256 PReLU MLP, T = 500 linear, cosine learning rate
// from 2e-3, 80% of each batch at t <= 30) cut to the budget's steps and
// batch, without the NLL monitor and checkpoints.
func AblationRecipe(b AblationBudget) ddpm.TrainConfig {
	c := ddpm.DefaultDenoiserConfig()
	c.Steps, c.Batch = b.Steps, b.Batch
	c.WarmupSteps = min(c.WarmupSteps, b.Steps/10)
	c.EvalEvery = max(1, b.Steps/10)
	c.NLLEvery, c.CheckpointEvery = 0, 0
	return c
}

// DescribeRecipe says what a denoiser's recipe is in one line, e.g. "4 x
// 256 PReLU MLP, T = 500 linear betas, 2000 steps of batch 512, lr 0.002
// cosine, 80% at t <= 30".
func DescribeRecipe(c ddpm.TrainConfig) string {
	return fmt.Sprintf("%s PReLU MLP, T = %d %s betas, %d steps of batch %d, lr %g %s, %s",
		sizeLabel(c.Hidden), c.Schedule.T, c.Schedule.Kind, c.Steps, c.Batch, c.LR, c.LRSchedule, lowTLabel(c))
}

// AblationAxisNames are the names of AblationAxes, in order.
func AblationAxisNames() []string {
	names := make([]string, len(AblationAxes))
	for i, a := range AblationAxes {
		names[i] = a.Name
	}
	return names
}

// AblationAxesNamed returns the axes named, in the grid's order; nil or
// empty names: all of them. An unknown name is an error that lists the
// known ones.
func AblationAxesNamed(names []string) ([]AblationAxis, error) {
	if len(names) == 0 {
		return AblationAxes, nil
	}
	var out []AblationAxis
	for _, n := range names {
		if !slices.Contains(AblationAxisNames(), n) {
			return nil, fmt.Errorf("unknown ablation axis %q: want some of %s", n, strings.Join(AblationAxisNames(), ", "))
		}
	}
	for _, a := range AblationAxes {
		if slices.Contains(names, a.Name) {
			out = append(out, a)
		}
	}
	return out, nil
}

// ablationCell is one planned cell: its recipe and where its training run
// is (runs are shared by cells of the same recipe).
type ablationCell struct {
	label  string
	recipe ddpm.TrainConfig
	run    int
	base   bool
}

// ablationPlan lays out the cells of axes on budget b: the recipe of each
// cell, checked, and the distinct recipes to train (keys) in order.
func ablationPlan(axes []AblationAxis, b AblationBudget) ([][]ablationCell, int, error) {
	base := AblationRecipe(b)
	baseKey, err := recipeKey(base)
	if err != nil {
		return nil, 0, err
	}
	runs := map[string]int{}
	var rows [][]ablationCell
	for _, a := range axes {
		var row []ablationCell
		for _, set := range a.Values {
			c := base
			c.Hidden = slices.Clone(base.Hidden)
			set(&c)
			if err := c.Validate(); err != nil {
				return nil, 0, fmt.Errorf("ablation axis %s, %s: %w", a.Name, a.Label(c), err)
			}
			key, err := recipeKey(c)
			if err != nil {
				return nil, 0, err
			}
			k, ok := runs[key]
			if !ok {
				k = len(runs)
				runs[key] = k
			}
			row = append(row, ablationCell{label: a.Label(c), recipe: c, run: k, base: key == baseKey})
		}
		rows = append(rows, row)
	}
	return rows, len(runs), nil
}

// recipeKey identifies a recipe: cells with the same key train once.
func recipeKey(c ddpm.TrainConfig) (string, error) {
	b, err := json.Marshal(c)
	return string(b), err
}

// AblateOptions say what an ablation grid trains on and how large it is.
type AblateOptions struct {
	// Data are the training points; Scorer scores the samples against them.
	Data   *states.Dataset
	Scorer *metrics.Scorer
	// Backend runs the networks.
	Backend compute.Backend
	// Budget sizes the grid (a Budget's Ablation, or another).
	Budget AblationBudget
	// Each, when not nil, is called after each cell with its axis, the
	// cell, and how many of the total distinct trainings are done; a cell
	// that reuses an earlier training is reported too.
	Each func(axis AblationAxis, cell run.AblationCell, done, total int)
}

// ablationRecord is the provenance of an ablation grid.
func ablationRecord(b AblationBudget, cells int) run.Provenance {
	cfg := ablationSampler(b)
	return run.Provenance{N: b.N, Sampler: SamplerName(cfg) + ", all T steps", DenoiserStep: b.Steps, Cells: cells}
}

// ablationSampler is the sampler of every cell: DDPM with the posterior
// variance, all T steps, N samples from Seed.
func ablationSampler(b AblationBudget) ddpm.SampleConfig {
	cfg := ddpm.DefaultSampleConfig()
	cfg.N, cfg.Seed = b.N, b.Seed
	return cfg
}

// CheckAblation returns nil when ws may take the grid that Ablate would
// make with o, and otherwise the *run.ReplaceError of the larger grid that
// ws keeps (more samples per cell, longer training or more cells). It
// also refuses a bad budget or axis name.
func CheckAblation(ws *run.Workspace, o AblateOptions) error {
	if err := o.Budget.Validate(); err != nil {
		return err
	}
	axes, err := AblationAxesNamed(o.Budget.Axes)
	if err != nil {
		return err
	}
	_, runs, err := ablationPlan(axes, o.Budget)
	if err != nil {
		return err
	}
	return ws.Check(run.ResultAblation, ablationRecord(o.Budget, runs))
}

// Ablate trains one small denoiser per distinct cell of the ablation grid
// (AblationAxes, or the rows o.Budget.Axes names) on o.Budget, each with one
// setting of the base recipe changed, draws o.Budget.N DDPM samples from
// it and scores them, and saves the grid in ws (ablation.json, with the
// samples; nothing when ws is nil). The networks are not kept. A cell
// whose training diverges (a non-finite loss) is recorded as such, without
// samples. It refuses (CheckAblation) before training when ws would keep a
// larger grid.
func Ablate(ctx context.Context, ws *run.Workspace, o AblateOptions) (*run.Ablation, error) {
	if err := o.Budget.Validate(); err != nil {
		return nil, err
	}
	if o.Data == nil || o.Scorer == nil || o.Backend == nil {
		return nil, errors.New("ablate: data, scorer and backend are required")
	}
	axes, err := AblationAxesNamed(o.Budget.Axes)
	if err != nil {
		return nil, err
	}
	plan, runs, err := ablationPlan(axes, o.Budget)
	if err != nil {
		return nil, err
	}
	rec := ablationRecord(o.Budget, runs)
	if ws != nil {
		if err := ws.Check(run.ResultAblation, rec); err != nil {
			return nil, err
		}
	}
	began := time.Now()
	ab := &run.Ablation{Budget: o.Budget.Name, Base: DescribeRecipe(AblationRecipe(o.Budget)), Steps: o.Budget.Steps,
		Batch: o.Budget.Batch, N: o.Budget.N, Sampler: rec.Sampler}
	if ab.DataNLL, err = o.Scorer.DataNLL(-1); err != nil {
		return nil, err
	}
	done := map[int]run.AblationCell{}
	for i, a := range axes {
		row := run.AblationRow{Axis: a.Name, Title: a.Title, Change: a.Change}
		for _, pc := range plan[i] {
			cell, ok := done[pc.run]
			if ok {
				cell.Reused = true
			} else {
				if cell, err = ablationTrain(ctx, o, pc); err != nil {
					return nil, fmt.Errorf("ablation %s, %s: %w", a.Name, pc.label, err)
				}
				done[pc.run] = cell
			}
			cell.Value, cell.Base = pc.label, pc.base
			row.Cells = append(row.Cells, cell)
			if o.Each != nil {
				o.Each(a, cell, len(done), runs)
			}
		}
		ab.Rows = append(ab.Rows, row)
	}
	ab.Seconds = time.Since(began).Seconds()
	if ws == nil {
		return ab, nil
	}
	if err := ws.SaveRecord(run.ResultAblation, ab, rec); err != nil {
		return nil, err
	}
	return ab, nil
}

// NotebookAblation returns the ablation grid of a notebook: the full
// run's, read from ws.Models, when ws is a quick workspace beside a full
// run that made one (ddpm all, ddpm ablate); otherwise the grid that
// Ablate makes with o in ws. When another process is writing the full
// run's folder, it makes its own grid instead, and says so.
func NotebookAblation(ctx context.Context, ws *run.Workspace, o AblateOptions) (*run.Ablation, error) {
	if ws.Models != "" {
		path := filepath.Join(ws.Models, run.AblationFile)
		if _, err := os.Stat(path); err == nil {
			ab, err := readShared(ws.Models, path)
			var be *run.BusyError
			switch {
			case err == nil:
				ws.Logf("ablation: the full run's grid, from %s (%s budget): nothing to train", path, ab.Budget)
				return ab, nil
			case errors.As(err, &be):
				ws.Logf("ablation: %v; making a %s budget grid in %s instead", err, ws.Budget, ws.Dir)
			default:
				return nil, err
			}
		}
	}
	return Ablate(ctx, ws, o)
}

// readShared reads the ablation grid at path under a shared lock of dir.
func readShared(dir, path string) (*run.Ablation, error) {
	release, err := run.RLock(dir)
	if err != nil {
		return nil, err
	}
	defer release() //nolint:errcheck // a shared lock has no record to clear
	var ab run.Ablation
	if err := run.ReadJSON(path, &ab); err != nil {
		return nil, err
	}
	return &ab, nil
}

// ablationTrain trains, samples and scores one cell.
func ablationTrain(ctx context.Context, o AblateOptions, pc ablationCell) (run.AblationCell, error) {
	var cell run.AblationCell
	began := time.Now()
	net, _, err := ddpm.Train(ctx, ddpm.TrainOptions{Kind: netkind.Denoiser, Data: o.Data, Config: pc.recipe, Backend: o.Backend})
	cell.TrainSeconds = time.Since(began).Seconds()
	if errors.Is(err, ddpm.ErrNonFinite) {
		why, _, _ := strings.Cut(err.Error(), ";") // the rest is about checkpoints, which are not kept
		cell.Diverged = why
		return cell, nil
	}
	if err != nil {
		return cell, err
	}
	began = time.Now()
	pts, _, err := ddpm.Sample(ctx, net, ablationSampler(o.Budget), nil)
	if err != nil {
		return cell, err
	}
	cell.SampleSeconds = time.Since(began).Seconds()
	if bad := nonFinite(pts); bad > 0 {
		cell.Diverged = fmt.Sprintf("%d of %d samples are not finite", bad, len(pts))
		return cell, nil
	}
	if cell.Metrics, err = o.Scorer.Score("ablation", pts, -1); err != nil {
		return cell, err
	}
	cell.Samples = pts
	return cell, nil
}

// nonFinite counts the points with a NaN or infinite coordinate.
func nonFinite(pts [][2]float32) int {
	n := 0
	for _, p := range pts {
		x, y := float64(p[0]), float64(p[1])
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			n++
		}
	}
	return n
}
