package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
)

func init() {
	register("study", "quality versus network evaluations: DDPM, DDIM, flow Euler and midpoint (steps_study.json)", runStudy)
}

func runStudy(args []string) error {
	fs := newFlags("study")
	var c commonFlags
	c.register(fs)
	c.registerForce(fs)
	n := fs.Int("n", pipeline.FullBudget.StudyN, "samples per sampler and budget")
	seed := fs.Uint64("seed", 1, "sampling seed")
	nfes := intList(slices.Clone(pipeline.FullBudget.StudyNFEs))
	fs.Var(&nfes, "nfe", "budgets in network evaluations per sample, comma-separated")
	radius := fs.Float64("radius", metrics.DefaultRadius, "radius of precision and recall")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *n <= 0 || !(*radius > 0) || len(nfes) == 0 || slices.Min(nfes) <= 0 {
		return usagef("-n must be > 0, -radius > 0 and every -nfe > 0")
	}
	data, backend, _, err := c.open()
	if err != nil {
		return err
	}
	// Either network may be missing: its samplers are left out.
	nets := map[netkind.Kind]*ddpm.Net{}
	for _, kind := range []netkind.Kind{netkind.Denoiser, netkind.Flow} {
		if !ddpm.HasCheckpoint(c.out, kind) {
			fmt.Printf("no %s in %s: its samplers are left out (train it with ddpm train -model %s)\n", kind, c.out, kind)
			continue
		}
		net, _, err := ddpm.LoadCheckpoint(kind.CheckpointDir(c.out), backend)
		if err != nil {
			return err
		}
		nets[kind] = net
	}
	if len(nets) == 0 {
		return fmt.Errorf("study: neither a denoiser nor a flow in %s", c.out)
	}
	scorer, err := metrics.NewScorer(data, *radius)
	if err != nil {
		return err
	}
	ws, err := c.workspace()
	if err != nil {
		return err
	}
	defer ws.Close()
	ctx, stop := signalContext()
	defer stop()
	began := time.Now()
	fmt.Printf("%-14s %5s %5s %8s %8s %9s %8s %7s\n", "sampler", "steps", "NFE", "NLL", "- data", "precision", "recall", "time")
	st, err := pipeline.Study(ctx, ws, nets[netkind.Denoiser], nets[netkind.Flow], scorer, *n, *seed, nfes, func(r run.StudyRow) {
		fmt.Printf("%-14s %5d %5d %8.4f %+8.4f %9.4f %8.4f %6.1fs\n", r.Sampler, r.Steps, r.NFE, r.Metrics.NLL,
			r.Metrics.NLL-r.Metrics.DataNLL, r.Metrics.Precision, r.Metrics.Recall, r.Seconds)
	})
	if err != nil {
		return err
	}
	fmt.Printf("study of %d rows x %d samples in %s -> %s\n", len(st.Rows), *n, time.Since(began).Round(time.Second),
		filepath.Join(c.out, run.StudyFile))
	return nil
}
