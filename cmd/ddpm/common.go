package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/gomlx/compute"
	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// defaultOut is the output directory of every subcommand unless -out says
// otherwise.
const defaultOut = "outputs"

// commonFlags are the flags every pipeline subcommand shares.
type commonFlags struct {
	out, data, backend string
	force              bool
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.out, "out", defaultOut, "output directory (checkpoints, samples, curves, metrics)")
	fs.StringVar(&c.data, "data", "", "data file (.pt course format, .npy, .csv); empty: the built-in STATES dataset")
	fs.StringVar(&c.backend, "backend", "", backendUsage)
}

// forceUsage is the help text of the -force flags.
const forceUsage = "replace results in -out even when they were made with a larger budget (more samples or steps, " +
	"longer-trained models), and train over a trained checkpoint instead of refusing"

// registerForce adds -force, for the subcommands that write results.
func (c *commonFlags) registerForce(fs *flag.FlagSet) {
	fs.BoolVar(&c.force, "force", false, forceUsage)
}

// pipelineBudget is the budget that ddpm all records with the results of
// its stages ("full", "quick", "custom"); empty for a subcommand run alone.
var pipelineBudget string

// commandLine is the command as typed, recorded as the maker of results.
func commandLine() string {
	parts := []string{"ddpm"}
	for _, a := range os.Args[1:] {
		if a == "" || strings.ContainsAny(a, " \t\"'") {
			a = strconv.Quote(a)
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// workspaceOptions are how this command writes into an output folder.
func (c *commonFlags) workspaceOptions() run.Options {
	return run.Options{Force: c.force, MadeBy: commandLine(), Budget: pipelineBudget, Hints: run.CLIHints}
}

// workspace opens -out for writing: it takes the folder's lock (refused
// with a message naming the process that holds it) until Close.
func (c *commonFlags) workspace() (*run.Workspace, error) {
	if c.out == "" {
		return nil, usagef("-out must not be empty")
	}
	return run.Open(c.out, c.workspaceOptions())
}

// openTraining is the start of train and classifier: it refuses, before
// touching the folder, to replace a trained network of kind (unless resume
// or -force), then loads the data, opens the backend and takes the folder.
// The caller closes the workspace.
func (c *commonFlags) openTraining(kind netkind.Kind, cfg ddpm.TrainConfig, resume bool) (*states.Dataset, compute.Backend, *run.Workspace, error) {
	if err := checkConfig(cfg); err != nil {
		return nil, nil, nil, err
	}
	if err := pipeline.CheckTrain(c.out, c.workspaceOptions(), kind, resume); err != nil {
		return nil, nil, nil, err
	}
	data, backend, _, err := c.open()
	if err != nil {
		return nil, nil, nil, err
	}
	ws, err := c.workspace()
	if err != nil {
		return nil, nil, nil, err
	}
	return data, backend, ws, nil
}

// loadData loads the -data file or the built-in dataset.
func (c *commonFlags) loadData() (*states.Dataset, error) {
	return states.Load(c.data)
}

// backendUsage is the help text of every -backend flag.
const backendUsage = `compute backend: "auto" (the faster of pure Go and ONNX Runtime here, measured once and cached: ddpm backend shows it), "go" (pure Go; "go:OPT,..." passes options), ` +
	`"onnx" (ONNX Runtime on the CPU; "onnx:OPT,..." e.g. intra_op_num_threads=1 or a library path), "xla:cuda", "xla:cpu"; ` +
	`empty: $GOMLX_BACKEND or "auto"`

var bannerOnce sync.Once

// openBackend returns the selected backend; an unknown name is a usage error.
// The first backend opened prints which one runs (backends.Banner).
func (c *commonFlags) openBackend() (compute.Backend, error) {
	b, err := backends.New(c.backend)
	if errors.Is(err, backends.ErrUnknown) {
		return nil, usageError{err.Error()}
	}
	if err != nil {
		return nil, err
	}
	bannerOnce.Do(func() { fmt.Println(backends.Banner(b)) })
	return b, nil
}

// open loads the -data set, opens the backend and loads the trained
// networks of the given kinds from -out, in that order.
func (c *commonFlags) open(kinds ...netkind.Kind) (*states.Dataset, compute.Backend, []*ddpm.Net, error) {
	data, err := c.loadData()
	if err != nil {
		return nil, nil, nil, err
	}
	backend, err := c.openBackend()
	if err != nil {
		return nil, nil, nil, err
	}
	nets := make([]*ddpm.Net, len(kinds))
	for i, kind := range kinds {
		if nets[i], _, err = ddpm.LoadCheckpoint(kind.CheckpointDir(c.out), backend); err != nil {
			return nil, nil, nil, err
		}
	}
	return data, backend, nets, nil
}

// signalContext is cancelled by SIGINT or SIGTERM, so long jobs stop cleanly
// (training saves a checkpoint first).
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// intList is a flag of comma-separated integers.
type intList []int

func (l *intList) String() string {
	s := make([]string, len(*l))
	for i, v := range *l {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}

func (l *intList) Set(v string) error {
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return fmt.Errorf("%q is not a comma-separated list of integers", v)
		}
		out = append(out, n)
	}
	*l = out
	return nil
}

// floatList is a flag of comma-separated numbers.
type floatList []float64

func (l *floatList) String() string {
	s := make([]string, len(*l))
	for i, v := range *l {
		s[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strings.Join(s, ",")
}

func (l *floatList) Set(v string) error {
	var out []float64
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return fmt.Errorf("%q is not a comma-separated list of numbers", v)
		}
		out = append(out, n)
	}
	*l = out
	return nil
}

// trainFlags registers the recipe flags of a network on fs, with the
// defaults of cfg; parsing fs sets them in cfg.
func trainFlags(fs *flag.FlagSet, cfg *ddpm.TrainConfig) {
	hidden := (*intList)(&cfg.Hidden)
	fs.Var(hidden, "hidden", "hidden layer widths, comma-separated")
	if cfg.Embed.None() {
		cfg.Embed.Kind = ddpm.EmbedNone
	}
	fs.StringVar(&cfg.Embed.Kind, "embed", cfg.Embed.Kind, `input embedding: "none" (the course's (x, y, tbar); `+
		`ddpm export writes only such networks) or "sinusoidal" (sin and cos of x, y and t at -embed-freqs frequencies)`)
	fs.IntVar(&cfg.Embed.Freqs, "embed-freqs", cfg.Embed.Freqs, fmt.Sprintf("frequencies of each input of the sinusoidal embedding (0: %d)", ddpm.DefaultEmbedFreqs))
	fs.Float64Var(&cfg.Embed.Scale, "embed-scale", cfg.Embed.Scale, fmt.Sprintf("sinusoidal embedding: highest frequency, in radians per data unit, of x and y (0: %g)", ddpm.DefaultEmbedScale))
	fs.BoolVar(&cfg.Embed.TimeOnly, "embed-time-only", cfg.Embed.TimeOnly, "sinusoidal embedding of the time alone (x and y go in as they are)")
	fs.BoolVar(&cfg.Embed.Raw, "embed-raw", cfg.Embed.Raw, "sinusoidal embedding: the raw (x, y, tbar) too, in front of the features")
	fs.StringVar(&cfg.PReLU, "prelu", cfg.PReLU, `PReLU slopes: "shared" (one for the network, the course's model.py: ddpm export writes it as the course's state_dict) `+
		`or "layer" (one per hidden layer)`)
	fs.IntVar(&cfg.Steps, "steps", cfg.Steps, "optimizer steps (with -resume: the total to reach)")
	fs.IntVar(&cfg.Batch, "batch", cfg.Batch, "batch size")
	fs.Float64Var(&cfg.LR, "lr", cfg.LR, "peak learning rate (Adam)")
	fs.StringVar(&cfg.LRSchedule, "lr-schedule", cfg.LRSchedule, `learning-rate schedule: "cosine" or "constant" (after warm-up)`)
	fs.IntVar(&cfg.WarmupSteps, "warmup", cfg.WarmupSteps, "linear warm-up steps")
	fs.Float64Var(&cfg.MinLRFraction, "min-lr", cfg.MinLRFraction, "final learning rate of the cosine, as a fraction of -lr")
	fs.Float64Var(&cfg.EMADecay, "ema", cfg.EMADecay, "EMA decay of the weights used for sampling (0: off)")
	fs.StringVar(&cfg.Scheme, "scheme", cfg.Scheme, `batches: "fresh" (new noise each batch) or "course" (in-memory N x T set)`)
	fs.Float64Var(&cfg.LowTFraction, "low-t", cfg.LowTFraction, "fresh scheme: fraction of each batch with t uniform in 1..-low-t-max (0: t uniform in 1..T)")
	fs.IntVar(&cfg.LowTMax, "low-t-max", cfg.LowTMax, "largest t of those extra small-noise examples (the flow: u <= low-t-max / T)")
	fs.IntVar(&cfg.RefreshEpochs, "refresh-epochs", cfg.RefreshEpochs, "course scheme: re-noise the set every so many epochs")
	fs.Float64Var(&cfg.ValFraction, "val", cfg.ValFraction, "fraction of points held out for validation")
	fs.IntVar(&cfg.EvalEvery, "eval-every", cfg.EvalEvery, "record losses every so many steps")
	fs.IntVar(&cfg.CheckpointEvery, "checkpoint-every", cfg.CheckpointEvery, "write a checkpoint every so many steps")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of initialization, split and batches")
	fs.IntVar(&cfg.Schedule.T, "T", cfg.Schedule.T, "diffusion steps")
	fs.StringVar(&cfg.Schedule.Kind, "schedule", cfg.Schedule.Kind, `beta schedule: "linear" or "cosine"`)
	fs.Float64Var(&cfg.Schedule.BetaStart, "beta-start", cfg.Schedule.BetaStart, "linear schedule: beta_1")
	fs.Float64Var(&cfg.Schedule.BetaEnd, "beta-end", cfg.Schedule.BetaEnd, "linear schedule: beta_T")
}

// checkConfig turns an invalid configuration (a recipe, a sampler) into a
// usage error.
func checkConfig(cfg interface{ Validate() error }) error {
	if err := cfg.Validate(); err != nil {
		return usagef("%v", err)
	}
	return nil
}
