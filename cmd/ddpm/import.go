package main

import (
	"fmt"

	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/pipeline"
)

func init() {
	register("import", "make project checkpoints in -out from PyTorch state_dicts of the course's MLP (then sample, guide, report, eval)", runImport)
}

func runImport(args []string) error {
	fs := newFlags("import")
	var c commonFlags
	c.register(fs)
	c.registerForce(fs)
	files := map[netkind.Kind]*string{}
	for _, kind := range netkind.All() {
		files[kind] = fs.String(string(kind), "", "state_dict `FILE.pt` of "+kind.Spec().Course)
	}
	timeInput := fs.String("time-input", diffusion.TimeHandout, `time input the networks were trained with: "handout" `+
		`(tbar = 2 (t - T/2) / T, t = 1..T) or "linspace" (torch.linspace(-1, 1, T)[t - 1], the starter's dataset)`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	paths := map[netkind.Kind]string{}
	for kind, f := range files {
		if *f != "" {
			paths[kind] = *f
		}
	}
	if len(paths) == 0 {
		return usagef("nothing to import: give -denoiser FILE.pt (and -classifier FILE.pt, ...)")
	}
	if *timeInput != diffusion.TimeHandout && *timeInput != diffusion.TimeLinspace {
		return usagef("-time-input %q: want %q or %q", *timeInput, diffusion.TimeHandout, diffusion.TimeLinspace)
	}
	if c.out == "" {
		return usagef("-out must not be empty")
	}
	backend, err := c.openBackend()
	if err != nil {
		return err
	}
	// Every file is read and checked before the folder is touched.
	nets, err := pipeline.ImportCourse(c.out, c.workspaceOptions(), paths, *timeInput, backend)
	if err != nil {
		return err
	}
	ws, err := c.workspace()
	if err != nil {
		return err
	}
	defer ws.Close()
	for _, net := range nets {
		if err := pipeline.SaveImported(ws, net); err != nil {
			return err
		}
		prelu := "one PReLU slope per layer"
		if net.Arch.SharedPReLU {
			prelu = "one shared PReLU slope"
		}
		fmt.Printf("%s: %s -> %s (layers %v, %s, time input %s)\n", net.Kind, paths[net.Kind],
			net.Kind.CheckpointDir(c.out), net.Arch.Sizes, prelu, *timeInput)
	}
	if _, ok := paths[netkind.Classifier]; ok {
		// The handout's prediction plot, as ddpm classifier draws it after training.
		if err := writePredictionMap(c, ws, defaultMapGrid); err != nil {
			return err
		}
	}
	fmt.Printf("next: ddpm sample -out %s; ddpm guide -out %s; ddpm report -out %s\n", c.out, c.out, c.out)
	return nil
}
