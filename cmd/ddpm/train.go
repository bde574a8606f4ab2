package main

import (
	"fmt"
	"os"
	"time"

	"github.com/gomlx/compute"
	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

func init() {
	register("train", "train the denoiser eps_theta (checkpoint in DIR/checkpoints/denoiser)", runTrain)
}

func runTrain(args []string) error {
	fs := newFlags("train")
	var c commonFlags
	c.register(fs)
	c.registerForce(fs)
	cfg := ddpm.DefaultDenoiserConfig()
	trainFlags(fs, &cfg)
	fs.IntVar(&cfg.NLLEvery, "nll-every", cfg.NLLEvery, "score a small sample set with the KDE NLL every so many steps (0: never)")
	fs.IntVar(&cfg.NLLSamples, "nll-samples", cfg.NLLSamples, "size of that sample set")
	resume := fs.Bool("resume", false, "continue the run saved in -out up to -steps")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	data, backend, ws, err := c.openTraining(ddpm.KindDenoiser, cfg, *resume)
	if err != nil {
		return err
	}
	defer ws.Close()
	return trainNet(ws, data, backend, ddpm.KindDenoiser, cfg, *resume)
}

// trainNet trains a network of kind into ws and reports where it was saved.
func trainNet(ws *run.Workspace, data *states.Dataset, backend compute.Backend, kind string, cfg ddpm.TrainConfig, resume bool) error {
	ctx, stop := signalContext()
	defer stop()
	began := time.Now()
	net, curves, err := pipeline.Train(ctx, ws, ddpm.TrainOptions{Kind: kind, Data: data, Config: cfg, Backend: backend,
		Resume: resume, Log: os.Stderr})
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d steps in %s, checkpoint %s, curves %s\n", kind, net.GlobalStep(),
		time.Since(began).Round(time.Second), ddpm.CheckpointDir(ws.Dir, kind), ddpm.CurvesPath(ws.Dir, kind))
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
