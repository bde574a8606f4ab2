package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/gomlx/compute"
	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

func init() {
	register("train", "train the denoiser eps_theta, or -model flow / conditional (checkpoint in DIR/checkpoints/MODEL)", runTrain)
}

// trainModels are the networks ddpm train trains, the default first: those
// that sample (the classifier has its own subcommand).
var trainModels = netkind.Where(func(s netkind.Spec) bool { return s.Sampler != netkind.SamplerNone })

// modelChoices are the values of the -model flag of the subcommands that
// take one, the default first.
var modelChoices = map[string][]netkind.Kind{"train": trainModels, "sample": sampleModels, "guide": guideModels}

func runTrain(args []string) error {
	kind, err := modelArg(args, trainModels)
	if err != nil {
		return err
	}
	fs := newFlags("train")
	var c commonFlags
	c.register(fs)
	c.registerForce(fs)
	fs.String("model", string(kind), "network to train: "+joinKinds(trainModels, ", ")+"; each has its default recipe")
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
func trainNet(ws *run.Workspace, data *states.Dataset, backend compute.Backend, kind netkind.Kind, cfg ddpm.TrainConfig, resume bool) error {
	ctx, stop := signalContext()
	defer stop()
	began := time.Now()
	net, curves, err := pipeline.TrainInto(ctx, ws, ddpm.TrainOptions{Kind: kind, Data: data, Config: cfg, Backend: backend,
		Resume: resume, Log: os.Stderr})
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d steps in %s, checkpoint %s, curves %s\n", kind, net.GlobalStep(),
		time.Since(began).Round(time.Second), kind.CheckpointDir(ws.Dir), kind.CurvesPath(ws.Dir))
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

// modelArg returns the value of the -model flag in args (allowed[0], the
// default, when absent), read before the flags are defined because it
// chooses their defaults; a value outside allowed is a usage error.
func modelArg(args []string, allowed []netkind.Kind) (netkind.Kind, error) {
	kind := string(allowed[0])
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
	if !slices.Contains(allowed, netkind.Kind(kind)) {
		return "", usagef("unknown -model %q: want one of %s", kind, joinKinds(allowed, ", "))
	}
	return netkind.Kind(kind), nil
}

// joinKinds joins the names of kinds with sep, e.g. "denoiser, flow".
func joinKinds(kinds []netkind.Kind, sep string) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, sep)
}
