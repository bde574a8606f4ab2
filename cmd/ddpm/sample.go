package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
)

func init() {
	register("sample", "sample from the trained denoiser, write uncond_gen_samples.{npy,pt}, print NLL", runSample)
}

// sampleFlags registers the sampler's flags on fs with the defaults of cfg.
func sampleFlags(fs *flag.FlagSet, cfg *ddpm.SampleConfig) {
	fs.IntVar(&cfg.N, "n", cfg.N, "number of samples")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "sampling seed")
	fs.StringVar(&cfg.Method, "method", cfg.Method, `"ddpm" (ancestral) or "ddim"`)
	fs.StringVar(&cfg.Variance, "variance", cfg.Variance, `DDPM noise: "posterior" or "beta"`)
	fs.IntVar(&cfg.Steps, "ddim-steps", cfg.Steps, "DDIM steps (0: all T)")
	fs.Float64Var(&cfg.Eta, "eta", cfg.Eta, "DDIM eta: 0 deterministic, 1 posterior noise")
	fs.IntVar(&cfg.StepsPerCall, "steps-per-call", cfg.StepsPerCall, "reverse steps per compiled call")
	fs.IntVar(&cfg.Batch, "chunk", cfg.Batch, "samples run at once (0: all)")
}

func runSample(args []string) error {
	fs := newFlags("sample")
	var c commonFlags
	c.register(fs)
	c.registerForce(fs)
	cfg := ddpm.DefaultSampleConfig()
	sampleFlags(fs, &cfg)
	snapN := fs.Int("snapshots", 1000, "record the reverse process of this many samples (0: none)")
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
	data, _, nets, err := c.open(ddpm.KindDenoiser)
	if err != nil {
		return err
	}
	den := nets[0]
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
	pts, m, err := pipeline.SampleUncond(ctx, ws, den, scorer, cfg)
	if err != nil {
		return err
	}
	elapsed := time.Since(began)
	fmt.Printf("sampled %d points (%s) in %s -> %s.{npy,pt}\n", len(pts), pipeline.SamplerName(cfg), elapsed.Round(time.Millisecond),
		filepath.Join(c.out, run.UncondSamplesBase))
	fmt.Printf("precision %.4f  recall %.4f  (r = %g)\n", m.Precision, m.Recall, m.Radius)
	fmt.Printf("data NLL %.4f\n", m.DataNLL)
	fmt.Printf("NLL %.4f\n", m.NLL)
	return nil
}
