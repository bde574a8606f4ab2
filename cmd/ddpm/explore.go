package main

import (
	"fmt"
	"os"
	"time"

	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/viz"
)

func init() {
	register("explore", "write explorer.html: one offline page with live controls over the trained models (state, guidance, sampler, steps, time)", runExplore)
}

func runExplore(args []string) error {
	fs := newFlags("explore")
	var c commonFlags
	c.register(fs)
	c.registerForce(fs)
	grid := fs.String("grid", pipeline.FullBudget.Name, `precomputed settings: the budget "full" (about a minute) or "quick" (seconds, for ddpm all -quick)`)
	live := fs.Bool("live", true, "embed the live sampler (this module's Go code built for WebAssembly; needs the Go toolchain and the checkout)")
	echartsJS := fs.String("echarts", viz.FindECharts(), "local echarts.min.js to inline (required: the page works offline; default: $"+viz.EChartsEnv+" or .tools/)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	b, ok := pipeline.Budgets[*grid]
	if !ok {
		return usagef("-grid %q: want \"full\" or \"quick\"", *grid)
	}
	g := b.Explore
	data, backend, _, err := c.open()
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
	res, err := pipeline.WriteExplorer(ctx, ws, data, backend, pipeline.ExploreOptions{Grid: g, Live: *live,
		Assets: viz.Assets{EChartsJS: *echartsJS}, Progress: func(s string) { fmt.Fprintln(os.Stderr, s) }})
	if err != nil {
		return err
	}
	for _, n := range res.Notes {
		fmt.Fprintf(os.Stderr, "explore: note: %s\n", n)
	}
	how := "precomputed sets only"
	if res.Live {
		how = fmt.Sprintf("live sampler %.1f MB gzipped, weights %.1f MB", float64(res.WasmBytes)/1e6, float64(res.WeightBytes)/1e6)
	}
	if res.Live {
		how += fmt.Sprintf(", built in %s while sampling", res.Build.Round(100*time.Millisecond))
	}
	fmt.Printf("explore: %s (%.1f MB; %d precomputed sets sampled in %s; %s) in %s\n", res.Path, float64(res.Bytes)/1e6, res.Sets,
		res.Sampling.Round(100*time.Millisecond), how, time.Since(began).Round(time.Second))
	return nil
}
