package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/statesdiffusion/states/ddpm"
)

func init() {
	register("bench", "speed figures of the default models (compare with PyTorch: bench/compare.sh)", runBench)
}

func runBench(args []string) error {
	fs := newFlags("bench")
	backend := fs.String("backend", "", backendUsage)
	minTime := fs.Duration("min-time", 5*time.Second, "time spent on each training figure")
	quick := fs.Bool("quick", false, "tiny sizes: a smoke test, not a measurement")
	asJSON := fs.Bool("json", false, "print the figures as one JSON object on the last line")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file (go tool pprof)")
	batchList := fs.String("batches", "auto", "extra batch sizes, e.g. 10000,65536,262144: denoiser training and "+
		"500-step DDPM sampling at each size, with samples/s (the GPU's sweet spot); "+
		`"auto": those three on a CUDA XLA backend, none elsewhere; "none": none`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	batches, auto, err := parseBatches(*batchList)
	if err != nil {
		return err
	}
	c := commonFlags{backend: *backend}
	b, err := c.openBackend()
	if err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	if *cpuProfile != "" {
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	if auto {
		batches = ddpm.AutoBenchBatches(b)
	}
	res, err := ddpm.RunBenchmarks(ctx, b, ddpm.BenchOptions{MinTime: *minTime, Quick: *quick, Log: os.Stdout, Batches: batches})
	if err != nil {
		return err
	}
	if *asJSON {
		out, err := json.Marshal(res)
		if err != nil {
			return err
		}
		fmt.Println(string(out))
	}
	return nil
}

// parseBatches reads the -batches flag: "auto" (auto is true), "none" or
// "" (no sizes), or comma-separated positive sizes.
func parseBatches(list string) (batches []int, auto bool, err error) {
	switch list = strings.TrimSpace(list); list {
	case "auto":
		return nil, true, nil
	case "", "none":
		return nil, false, nil
	}
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, false, usagef("-batches %q: want \"auto\", \"none\" or comma-separated sizes > 0", list)
		}
		batches = append(batches, n)
	}
	return batches, false, nil
}
