package main

import (
	"encoding/json"
	"fmt"
	"os"
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
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c := commonFlags{backend: *backend}
	b, err := c.openBackend()
	if err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	res, err := ddpm.RunBenchmarks(ctx, b, ddpm.BenchOptions{MinTime: *minTime, Quick: *quick, Log: os.Stdout})
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
