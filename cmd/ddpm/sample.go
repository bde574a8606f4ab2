package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/states"
)

func init() {
	register("sample", "sample from the trained denoiser (or -model flow), write uncond_gen_samples.{npy,pt} (flow_gen_samples), print NLL", runSample)
}

// sampleModels are the networks ddpm sample draws from, the default first:
// those with an unguided result in the kind table.
var sampleModels = netkind.Where(func(s netkind.Spec) bool { return s.Uncond.Name != "" })

// sampleFlags registers the sampler's flags on fs with the defaults of cfg.
func sampleFlags(fs *flag.FlagSet, cfg *ddpm.SampleConfig) {
	fs.IntVar(&cfg.N, "n", cfg.N, "number of samples")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "sampling seed")
	fs.StringVar(&cfg.Method, "method", cfg.Method, `"ddpm" (ancestral) or "ddim"; a flow: "midpoint" or "euler"`)
	fs.StringVar(&cfg.Variance, "variance", cfg.Variance, `DDPM noise: "posterior" or "beta"`)
	fs.Var(&stepsValue{p: &cfg.Steps}, "steps", "`n` reverse steps: DDIM takes at most T (0: all T), the flow's ODE solver any number (-method ddpm always takes all T)")
	fs.Var(&stepsValue{p: &cfg.Steps}, "ddim-steps", "the same `n` as -steps (its older name, kept as an alias)")
	fs.Float64Var(&cfg.Power, "power", cfg.Power, "flow: time grid u_k = (1 - k/steps)^power (0: the default)")
	fs.Float64Var(&cfg.Eta, "eta", cfg.Eta, "DDIM eta: 0 deterministic, 1 posterior noise")
	fs.IntVar(&cfg.StepsPerCall, "steps-per-call", cfg.StepsPerCall, "reverse steps per compiled call")
	fs.IntVar(&cfg.Batch, "chunk", cfg.Batch, "samples run at once (0: all)")
	if cfg.Clip == "" {
		cfg.Clip = ddpm.ClipAuto
	}
	fs.StringVar(&cfg.Clip, "clip-x0", cfg.Clip, `DDPM and DDIM: clip the x_0 that each step predicts to the data's bounding box and step from it: `+
		`"auto" (networks with an input embedding, to their training data's box), "on" (every network, to the -data set's box) or "off" (the handout's step)`)
}

// setDataClip makes -clip-x0 on clip to the bounding box of data.
func setDataClip(cfg *ddpm.SampleConfig, data *states.Dataset) {
	if cfg.Clip == ddpm.ClipOn {
		cfg.ClipX0 = ddpm.BoxOf(data.Points)
	}
}

func runSample(args []string) error {
	kind, err := modelArg(args, sampleModels)
	if err != nil {
		return err
	}
	fs := newFlags("sample")
	var c commonFlags
	c.register(fs)
	c.registerForce(fs)
	fs.String("model", string(kind), "network to sample from: "+joinKinds(sampleModels, ", "))
	spec := kind.Spec()
	cfg, snapDefault := ddpm.DefaultSampleConfig(), pipeline.FullBudget.SnapshotN
	if spec.Sampler == netkind.SamplerODE {
		cfg.Method, cfg.Steps = ddpm.MethodMidpoint, ddpm.DefaultFlowSteps
	}
	if !spec.Uncond.Snapshots {
		snapDefault = 0
	}
	sampleFlags(fs, &cfg)
	snapN := fs.Int("snapshots", snapDefault, "record the reverse process of this many samples (0: none; the denoiser only)")
	radius := fs.Float64("radius", metrics.DefaultRadius, "radius of precision and recall")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *snapN < 0 || !(*radius > 0) {
		return usagef("-snapshots must be >= 0 and -radius > 0")
	}
	cfg.SnapshotN = *snapN
	if err := checkConfig(cfg); err != nil {
		return err
	}
	if err := checkSampleCount("-n", cfg.N); err != nil {
		return err
	}
	if _, err := stepsFlagSet(fs); err != nil {
		return err
	}
	if !spec.Uncond.Snapshots && cfg.SnapshotN > 0 {
		return usagef("-snapshots: the %s's samples are saved without snapshots", spec.Title)
	}
	data, _, nets, err := c.open(kind)
	if err != nil {
		return err
	}
	net := nets[0]
	setDataClip(&cfg, data)
	if spec.Sampler == netkind.SamplerReverse {
		if err := checkSteps(fs, cfg, net.Schedule.T); err != nil {
			return err
		}
	}
	ws, err := c.workspace()
	if err != nil {
		return err
	}
	defer ws.Close()
	scorer, err := metrics.NewScorer(data, *radius)
	if err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	began := time.Now()
	pts, m, err := pipeline.SampleUncond(ctx, ws, net, scorer, cfg)
	if err != nil {
		return err
	}
	elapsed := time.Since(began)
	fmt.Printf("sampled %d points (%s; %d network evaluations each) in %s -> %s.{npy,pt}\n", len(pts), pipeline.SamplerOf(cfg, net),
		cfg.Evaluations(kind, net.Schedule.T, nil), elapsed.Round(time.Millisecond), filepath.Join(c.out, pipeline.UncondResult(kind)))
	fmt.Printf("precision %.4f  recall %.4f  (r = %g)\n", m.Precision, m.Recall, m.Radius)
	fmt.Printf("outliers %d farther than %g from the data (largest distance %.3f)\n", m.Far, m.FarRadius, m.MaxDistance)
	fmt.Printf("data NLL %.4f\n", m.DataNLL)
	fmt.Printf("NLL %.4f\n", m.NLL)
	return nil
}
