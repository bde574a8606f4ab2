package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func init() {
	register("all", "the whole pipeline: data, train, sample, classifier, guide, report (default)", runAll)
}

// allStages are the stages of "ddpm all", in order.
var allStages = []string{"data", "train", "sample", "classifier", "guide", "report"}

func runAll(args []string) error {
	fs := newFlags("all")
	var c commonFlags
	c.register(fs)
	quick := fs.Bool("quick", false, "a tiny budget (seconds, poor quality): to check the wiring")
	trainSteps := fs.Int("train-steps", 0, "denoiser steps (0: the default recipe)")
	clfSteps := fs.Int("classifier-steps", 0, "classifier steps (0: the default recipe)")
	n := fs.Int("n", 5000, "samples for the unconditional set and for each state")
	resume := fs.Bool("resume", false, "continue interrupted training runs found in -out")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *trainSteps < 0 || *clfSteps < 0 || *n <= 0 {
		return usagef("-train-steps and -classifier-steps must be >= 0, -n > 0")
	}
	// The first line of output says which backend runs (and, on the pure-Go
	// one, how to get the faster ONNX Runtime backend).
	if _, err := c.openBackend(); err != nil {
		return err
	}
	base := []string{"-out", c.out, "-data", c.data, "-backend", c.backend}
	stageArgs := map[string][]string{
		"data":       {"-out", c.out, "-data", c.data},
		"train":      append([]string(nil), base...),
		"sample":     append(append([]string(nil), base...), "-n", strconv.Itoa(*n)),
		"classifier": append([]string(nil), base...),
		"guide":      append(append([]string(nil), base...), "-n", strconv.Itoa(*n), "-sweep", "0,0.5,1,2,4", "-sweep-n", "500"),
		"report":     {"-out", c.out, "-data", c.data},
	}
	if *trainSteps > 0 {
		stageArgs["train"] = append(stageArgs["train"], "-steps", strconv.Itoa(*trainSteps))
	}
	if *clfSteps > 0 {
		stageArgs["classifier"] = append(stageArgs["classifier"], "-steps", strconv.Itoa(*clfSteps))
	}
	if *resume {
		stageArgs["train"] = append(stageArgs["train"], "-resume")
		stageArgs["classifier"] = append(stageArgs["classifier"], "-resume")
	}
	if *quick {
		stageArgs["train"] = append(stageArgs["train"], "-steps", "200", "-hidden", "64,64", "-nll-every", "0")
		stageArgs["classifier"] = append(stageArgs["classifier"], "-steps", "200", "-hidden", "32,32")
		stageArgs["sample"] = append(stageArgs["sample"], "-n", "500", "-method", "ddim", "-ddim-steps", "50", "-snapshots", "200")
		stageArgs["guide"] = append(stageArgs["guide"], "-n", "300", "-ddim-steps", "50", "-sweep-n", "100")
	}
	began := time.Now()
	for _, name := range allStages {
		cmd, ok := commands[name]
		if !ok {
			return fmt.Errorf("stage %q is not built into this binary", name)
		}
		fmt.Fprintf(os.Stderr, "== ddpm %s (%s elapsed)\n", name, time.Since(began).Round(time.Second))
		if err := cmd.run(stageArgs[name]); err != nil {
			return fmt.Errorf("stage %s: %w", name, err)
		}
	}
	fmt.Printf("pipeline done in %s; outputs in %s/\n", time.Since(began).Round(time.Second), c.out)
	return nil
}
