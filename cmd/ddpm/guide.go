package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

func init() {
	register("guide", "guided sampling per state: classifier guidance (cond_gen_samples_{k}) or -model conditional, classifier-free (cfg_gen_samples_{k})", runGuide)
}

// guideModels are the networks ddpm guide steers, the default first: the
// denoiser with the classifier's gradient, the conditional denoiser
// classifier-free (their Guidance in the kind table).
var guideModels = netkind.Where(func(s netkind.Spec) bool { return s.Guidance != netkind.GuidanceNone })

func runGuide(args []string) error {
	kind, err := modelArg(args, guideModels)
	if err != nil {
		return err
	}
	free := kind.Spec().Guidance == netkind.GuidanceFree
	fs := newFlags("guide")
	var c commonFlags
	c.register(fs)
	c.registerForce(fs)
	fs.String("model", string(kind), "the network to guide: denoiser (with the classifier) or conditional (classifier-free)")
	// The handout's guided step is deterministic DDIM (eta = 0); DDIM is
	// made for fewer steps than T, and 100 of the 500 keep the per-state
	// scores of the full chain at a fifth of the cost (-steps 0 runs
	// all 500). Classifier-free guidance takes all steps with eta 1
	// (pipeline.Budget.GuidedSamplerOf).
	cfg := pipeline.FullBudget.GuidedSamplerOf(kind)
	sampleFlags(fs, &cfg)
	label := fs.Int("label", -1, "state to generate (0 Michigan, 1 Idaho, 2 Ohio, 3 Oklahoma, 4 Wisconsin); -1: all five")
	defScale, scaleUsage, sweepUsage := 1.0, "guidance scale s (1: the handout)", "also sweep these guidance scales (e.g. 0,0.5,1,2,4)"
	if free {
		defScale, scaleUsage = 0, "classifier-free weight w: eps = (1 + w) eps(x, y) - w eps(x, no label) (0: the conditional model alone)"
		sweepUsage = "also sweep these weights (e.g. 0,0.5,1,3)"
	}
	scale := fs.Float64("scale", defScale, scaleUsage)
	var sweep floatList
	fs.Var(&sweep, "sweep", sweepUsage+" and print accuracy per value")
	sweepN := fs.Int("sweep-n", pipeline.FullBudget.SweepN, "samples per state and scale in the sweep")
	radius := fs.Float64("radius", metrics.DefaultRadius, "radius of precision and recall")
	asJSON := fs.Bool("json", false, "print the metrics as one JSON object on the last line")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *label < -1 || *label >= states.Num {
		return usagef("-label %d: want -1 or 0..%d", *label, states.Num-1)
	}
	scaleFlag := "-scale"
	if free {
		scaleFlag = "-scale (the classifier-free weight w)"
	}
	if err := checkScale(scaleFlag, *scale); err != nil {
		return err
	}
	for _, v := range sweep {
		if err := checkScale("-sweep", v); err != nil {
			return err
		}
	}
	if *sweepN <= 0 || !(*radius > 0) {
		return usagef("-sweep-n must be > 0 and -radius > 0")
	}
	if err := checkConfig(cfg); err != nil {
		return err
	}
	if err := checkSampleCount("-n", cfg.N); err != nil {
		return err
	}
	if err := checkSampleCount("-sweep-n", *sweepN); err != nil {
		return err
	}
	if _, err := stepsFlagSet(fs); err != nil {
		return err
	}
	kinds := []netkind.Kind{kind, netkind.Classifier}
	if free {
		kinds = kinds[:1]
	}
	data, _, nets, err := c.open(kinds...)
	if err != nil {
		return err
	}
	if data.Labels == nil {
		return fmt.Errorf("guide: the data has no labels")
	}
	setDataClip(&cfg, data)
	den, clf := nets[0], (*ddpm.Net)(nil)
	if !free {
		clf = nets[1]
	}
	if err := checkSteps(fs, cfg, den.Schedule.T); err != nil {
		return err
	}
	scorer, err := metrics.NewScorer(data, *radius)
	if err != nil {
		return err
	}
	labels := []int{*label}
	if *label == -1 {
		labels = []int{0, 1, 2, 3, 4}
	}
	ws, err := c.workspace()
	if err != nil {
		return err
	}
	defer ws.Close()
	// Refuse before sampling anything when a result would be kept.
	if err := pipeline.CheckGuided(ws, den, clf, cfg, labels, *scale); err != nil {
		return err
	}
	sweepCfg := cfg
	sweepCfg.N = *sweepN
	if len(sweep) > 0 {
		if err := pipeline.CheckSweep(ws, den, clf, sweepCfg, labels, sweep); err != nil {
			return err
		}
	}
	ctx, stop := signalContext()
	defer stop()
	began := time.Now()
	fmt.Printf("%-10s %6s %8s %9s %9s %8s %9s %5s\n", "state", "n", "NLL", "data NLL", "precision", "recall", "label acc", "far")
	all, err := pipeline.SampleGuided(ctx, ws, den, clf, scorer, cfg, labels, *scale, func(k int, _ [][2]float32, m run.Metrics) {
		fmt.Printf("%-10s %6d %8.4f %9.4f %9.4f %8.4f %9.4f %5d\n", states.Names[k], m.N, m.NLL, m.DataNLL, m.Precision, m.Recall, m.LabelAccuracy, m.Far)
	})
	if err != nil {
		return err
	}
	what := "scale"
	if free {
		what = "classifier-free, w"
	}
	fmt.Printf("guided sampling of %d x %d points (%s, %s %g) in %s\n", len(labels), cfg.N, pipeline.SamplerOf(cfg, den), what, *scale,
		time.Since(began).Round(time.Millisecond))
	if len(sweep) > 0 {
		if err := guidanceSweep(ctx, ws, den, clf, scorer, sweepCfg, labels, sweep); err != nil {
			return err
		}
	}
	if *asJSON {
		b, err := json.Marshal(all)
		if err != nil {
			return err
		}
		fmt.Println(string(b))
	}
	return nil
}
