package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/gomlx/compute"
	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

func init() {
	register("train", "train the denoiser eps_theta, or -model flow / conditional (checkpoint in DIR/checkpoints/MODEL)", runTrain)
}

// trainModels are the networks ddpm train trains (the classifier has its
// own subcommand).
var trainModels = []string{ddpm.KindDenoiser, ddpm.KindFlow, ddpm.KindConditional}

func runTrain(args []string) error {
	kind, err := modelArg(args, ddpm.KindDenoiser, trainModels)
	if err != nil {
		return err
	}
	fs := newFlags("train")
	var c commonFlags
	c.register(fs)
	c.registerForce(fs)
	fs.String("model", kind, "network to train: "+strings.Join(trainModels, ", ")+"; each has its default recipe")
	cfg, err := ddpm.DefaultTrainConfig(kind)
	if err != nil {
		return err
	}
	trainFlags(fs, &cfg)
	fs.Float64Var(&cfg.LabelDropout, "label-dropout", cfg.LabelDropout, "conditional denoiser: probability of training without the label")
	fs.IntVar(&cfg.NLLEvery, "nll-every", cfg.NLLEvery, "score a small sample set with the KDE NLL every so many steps (0: never)")
	fs.IntVar(&cfg.NLLSamples, "nll-samples", cfg.NLLSamples, "size of that sample set")
	resume := fs.Bool("resume", false, "continue the run saved in -out up to -steps")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	data, backend, ws, err := c.openTraining(kind, cfg, *resume)
	if err != nil {
		return err
	}
	defer ws.Close()
	return trainNet(ws, data, backend, kind, cfg, *resume)
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

// modelArg returns the value of the -model flag in args (def when absent),
// read before the flags are defined because it chooses their defaults; a
// value outside allowed is a usage error.
func modelArg(args []string, def string, allowed []string) (string, error) {
	kind := def
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "model" {
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return "", usagef("flag needs an argument: -model")
			}
			i++
			value = args[i]
		}
		kind = value
	}
	if !slices.Contains(allowed, kind) {
		return "", usagef("unknown -model %q: want one of %s", kind, strings.Join(allowed, ", "))
	}
	return kind, nil
}
