package main

import (
	"fmt"
	"os"
	"time"

	"github.com/statesdiffusion/states/ddpm"
)

func init() {
	register("train", "train the denoiser eps_theta (checkpoint in DIR/checkpoints/denoiser)", runTrain)
}

func runTrain(args []string) error {
	fs := newFlags("train")
	var c commonFlags
	c.register(fs)
	cfg := ddpm.DefaultDenoiserConfig()
	trainFlags(fs, &cfg)
	fs.IntVar(&cfg.NLLEvery, "nll-every", cfg.NLLEvery, "score a small sample set with the KDE NLL every so many steps (0: never)")
	fs.IntVar(&cfg.NLLSamples, "nll-samples", cfg.NLLSamples, "size of that sample set")
	resume := fs.Bool("resume", false, "continue the run saved in -out up to -steps")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return trainNet(c, ddpm.KindDenoiser, cfg, *resume)
}

// trainNet trains a network of kind and reports where it was saved.
func trainNet(c commonFlags, kind string, cfg ddpm.TrainConfig, resume bool) error {
	if err := checkTrainConfig(cfg); err != nil {
		return err
	}
	data, backend, _, err := c.open()
	if err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	began := time.Now()
	net, curves, err := ddpm.Train(ctx, ddpm.TrainOptions{Kind: kind, Data: data, Config: cfg, Backend: backend,
		Dir: c.out, Resume: resume, Log: os.Stderr})
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d steps in %s, checkpoint %s, curves %s\n", kind, net.GlobalStep(),
		time.Since(began).Round(time.Second), ddpm.CheckpointDir(c.out, kind), ddpm.CurvesPath(c.out, kind))
	if n := len(curves.Validation); n > 0 {
		fmt.Printf("final validation loss %.4f\n", curves.Validation[n-1].Value)
	}
	if n := len(curves.ValidationAccuracy); n > 0 {
		fmt.Printf("final validation accuracy %.4f\n", curves.ValidationAccuracy[n-1].Value)
	}
	for _, b := range curves.AccuracyByT {
		fmt.Printf("  accuracy for t in [%d, %d): %.3f\n", b.TLow, b.THigh, b.Accuracy)
	}
	return nil
}
