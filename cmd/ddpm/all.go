package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
)

func init() {
	register("all", "the whole pipeline: data, train, sample, classifier, guide, flow, cfg, study, ablate, export, report, explore (default)", runAll)
}

// stage is one stage of "ddpm all": a subcommand, under its own name when
// it runs more than once (train -model flow is the stage "flow"), and the
// network kind that it trains, samples or guides ("" for none).
type stage struct {
	name, command string
	kind          netkind.Kind
}

// allStages are the stages of "ddpm all", in order: the handout's DDPM
// pipeline, then flow matching, classifier-free guidance, the
// quality-versus-steps study and the ablation grid, the course-format
// checkpoints (checkpoints/*.pt), then the report.
var allStages = []stage{
	{"data", "data", ""}, {"train", "train", netkind.Denoiser}, {"sample", "sample", netkind.Denoiser},
	{"classifier", "classifier", netkind.Classifier}, {"guide", "guide", netkind.Denoiser},
	{"flow", "train", netkind.Flow}, {"flow-sample", "sample", netkind.Flow},
	{"conditional", "train", netkind.Conditional}, {"cfg", "guide", netkind.Conditional}, {"study", "study", ""},
	{"ablate", "ablate", ""}, {"export", "export", ""}, {"report", "report", ""}, {"explore", "explore", ""},
}

// trains reports whether a stage trains its network (and so takes -resume
// and a recipe).
func (st stage) trains() bool { return st.command == "train" || st.command == "classifier" }

func runAll(args []string) error {
	fs := newFlags("all")
	var c commonFlags
	c.register(fs)
	quick := fs.Bool("quick", false, "the notebooks' quick budget (short training, a few hundred samples; a few minutes, "+
		"rough outlines): writes to "+filepath.Join(defaultOut, run.QuickDirName)+" unless -out says otherwise")
	trainSteps := fs.Int("train-steps", 0, "steps of the denoiser, the flow and the conditional denoiser (0: the default recipes)")
	clfSteps := fs.Int("classifier-steps", 0, "classifier steps (0: the default recipe)")
	n := fs.Int("n", pipeline.FullBudget.N, "samples for the unconditional set and for each state (default: the budget's)")
	resume := fs.Bool("resume", false, "continue the training runs found in -out (the other stages run again)")
	fs.BoolVar(&c.force, "force", false, "start over: train new networks over the checkpoints in -out (unless -resume), "+
		"and replace its results even when they were made with a larger budget")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *trainSteps < 0 || *clfSteps < 0 || *n <= 0 {
		return usagef("-train-steps and -classifier-steps must be >= 0, -n > 0")
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *quick && !set["out"] {
		c.out = filepath.Join(defaultOut, run.QuickDirName)
	}
	pipelineBudget = pipeline.FullBudget.Name
	switch {
	case *quick:
		pipelineBudget = pipeline.QuickBudget.Name
	case set["n"] || set["train-steps"] || set["classifier-steps"]:
		pipelineBudget = "custom"
	}
	// The first line of output says which backend runs (and, on the pure-Go
	// one, how to get the faster ONNX Runtime backend).
	if _, err := c.openBackend(); err != nil {
		return err
	}
	// Refuse before any stage changes anything: a trained network is only
	// continued (-resume) or replaced (-force) when asked.
	opts := c.workspaceOptions()
	resumeKind := map[netkind.Kind]bool{}
	for _, kind := range netkind.All() {
		resumeKind[kind] = *resume && ddpm.HasCheckpoint(c.out, kind)
		if err := pipeline.CheckTrain(c.out, opts, kind, resumeKind[kind]); err != nil {
			return err
		}
	}
	// The pipeline holds the folder from the first stage to the last.
	ws, err := c.workspace()
	if err != nil {
		return err
	}
	defer ws.Close()

	stageArgs, err := allStageArgs(c, *quick, set, *n, *trainSteps, *clfSteps)
	if err != nil {
		return err
	}
	for _, st := range allStages {
		if st.trains() && resumeKind[st.kind] {
			stageArgs[st.name] = append(stageArgs[st.name], "-resume")
		}
	}
	began := time.Now()
	for _, st := range allStages {
		cmd, ok := commands[st.command]
		if !ok {
			return fmt.Errorf("stage %q is not built into this binary", st.name)
		}
		fmt.Fprintf(os.Stderr, "== ddpm %s (%s elapsed)\n", strings.Join(append([]string{st.command}, st.modelFlag()...), " "),
			time.Since(began).Round(time.Second))
		if err := cmd.run(stageArgs[st.name]); err != nil {
			return fmt.Errorf("stage %s: %w", st.name, err)
		}
	}
	fmt.Printf("pipeline done in %s; outputs in %s/\n", time.Since(began).Round(time.Second), c.out)
	return nil
}

// modelFlag is the -model flag of a stage whose subcommand takes one
// (modelChoices) for another network than its default.
func (st stage) modelFlag() []string {
	if choices := modelChoices[st.command]; len(choices) > 0 && st.kind != choices[0] {
		return []string{"-model", string(st.kind)}
	}
	return nil
}

// allStageArgs returns the flags of each stage of ddpm all: those of the
// budget (pipeline.QuickBudget when quick, else pipeline.FullBudget), then
// the budget flags that were set on ddpm all (which win over the budget's),
// then -force and -resume.
func allStageArgs(c commonFlags, quick bool, set map[string]bool, n, trainSteps, clfSteps int) (map[string][]string, error) {
	base := []string{"-out", c.out, "-data", c.data, "-backend", c.backend}
	stageArgs := map[string][]string{
		"data":   {"-out", c.out, "-data", c.data},
		"report": {"-out", c.out, "-data", c.data},
	}
	for _, st := range allStages {
		if stageArgs[st.name] == nil {
			stageArgs[st.name] = append(slices.Clone(base), st.modelFlag()...)
		}
	}
	// A network resumed from a folder of one PReLU slope per layer cannot be
	// exported: noted, not fatal.
	stageArgs["export"] = []string{"-out", c.out, "-backend", c.backend, "-keep-going"}
	budget := pipeline.FullBudget
	if quick {
		budget = pipeline.QuickBudget
	}
	budgetArgs, err := budgetStageArgs(budget)
	if err != nil {
		return nil, err
	}
	for stage, args := range budgetArgs {
		stageArgs[stage] = append(stageArgs[stage], args...)
	}
	if set["n"] {
		for _, name := range []string{"sample", "guide", "flow-sample", "cfg", "study"} {
			stageArgs[name] = append(stageArgs[name], "-n", strconv.Itoa(n))
		}
	}
	if trainSteps > 0 {
		for _, name := range []string{"train", "flow", "conditional"} {
			stageArgs[name] = append(stageArgs[name], "-steps", strconv.Itoa(trainSteps))
		}
	}
	if clfSteps > 0 {
		stageArgs["classifier"] = append(stageArgs["classifier"], "-steps", strconv.Itoa(clfSteps))
	}
	if c.force {
		for _, st := range allStages {
			if st.name != "data" && st.name != "report" {
				stageArgs[st.name] = append(stageArgs[st.name], "-force")
			}
		}
	}
	return stageArgs, nil
}

// budgetStageArgs are the stage flags that run budget b: each training
// stage's recipe where it differs from the subcommand's default, and the
// sample counts, steps and grids of the sampling stages.
func budgetStageArgs(b pipeline.Budget) (map[string][]string, error) {
	args := map[string][]string{}
	for _, st := range allStages {
		if !st.trains() {
			continue
		}
		def, err := ddpm.DefaultTrainConfig(st.kind)
		if err != nil {
			return nil, err
		}
		cfg, err := b.Recipe(st.kind)
		if err != nil {
			return nil, err
		}
		args[st.name] = recipeArgs(def, cfg)
	}
	n := strconv.Itoa(b.N)
	uncond := b.UncondSampler()
	args["sample"] = []string{"-n", n, "-method", uncond.Method, "-steps", strconv.Itoa(uncond.Steps),
		"-eta", fmt.Sprint(uncond.Eta), "-snapshots", strconv.Itoa(b.SnapshotN)}
	for stage, g := range map[string]struct {
		kind   netkind.Kind
		values []float64
	}{"guide": {netkind.Denoiser, b.GuidanceScales}, "cfg": {netkind.Conditional, b.CFGWeights}} {
		guided, sweep := b.GuidedSamplerOf(g.kind), floatList(g.values)
		args[stage] = []string{"-n", n, "-steps", strconv.Itoa(guided.Steps), "-eta", fmt.Sprint(guided.Eta),
			"-sweep", sweep.String(), "-sweep-n", strconv.Itoa(b.SweepN)}
	}
	args["flow-sample"] = []string{"-n", n, "-steps", strconv.Itoa(b.FlowSampler().Steps)}
	nfes := intList(b.StudyNFEs)
	args["study"] = []string{"-n", strconv.Itoa(b.StudyN), "-nfe", nfes.String()}
	args["explore"] = []string{"-grid", b.Name}
	args["ablate"] = []string{"-budget", b.Name}
	return args, nil
}

// recipeArgs are the training flags that turn the recipe def into cfg
// (the fields a Budget changes).
func recipeArgs(def, cfg ddpm.TrainConfig) []string {
	var args []string
	for _, f := range []struct {
		flag     string
		def, cfg int
	}{
		{"-steps", def.Steps, cfg.Steps}, {"-warmup", def.WarmupSteps, cfg.WarmupSteps},
		{"-eval-every", def.EvalEvery, cfg.EvalEvery}, {"-checkpoint-every", def.CheckpointEvery, cfg.CheckpointEvery},
		{"-nll-every", def.NLLEvery, cfg.NLLEvery}, {"-nll-samples", def.NLLSamples, cfg.NLLSamples},
	} {
		if f.def != f.cfg {
			args = append(args, f.flag, strconv.Itoa(f.cfg))
		}
	}
	return args
}
