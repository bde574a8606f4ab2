package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/pipeline"
)

func init() {
	register("export", "write the trained networks in -out as the course's PyTorch state_dicts (checkpoints/denoiser.pt, classifier.pt, ...)", runExport)
}

// exportNote is what export prints after the files: how torch loads them.
const exportNote = `load each into the course's model.py class with
  mlp.load_state_dict(torch.load(path, weights_only=True), strict=True)
input torch.cat([x_t, tbar], 1) with tbar = 2 (t - T/2) / T (the flow: u in [0, 1]; the conditional denoiser: then the one-hot label of 6)`

func runExport(args []string) error {
	fs := newFlags("export")
	var c commonFlags
	c.register(fs)
	c.registerForce(fs)
	keepGoing := fs.Bool("keep-going", false, "write what can be exported and only note the networks that cannot be "+
		"(one PReLU slope per layer: train with -prelu shared); without it, such a network is an error")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var kinds []netkind.Kind
	for _, kind := range netkind.All() {
		if ddpm.HasCheckpoint(c.out, kind) {
			kinds = append(kinds, kind)
		}
	}
	if len(kinds) == 0 {
		return fmt.Errorf("%s holds no trained network (checkpoints/{%s}): train one first", c.out, joinKinds(netkind.All(), ","))
	}
	backend, err := c.openBackend()
	if err != nil {
		return err
	}
	ws, err := c.workspace()
	if err != nil {
		return err
	}
	defer ws.Close()
	var refused []error
	wrote := 0
	for _, kind := range kinds {
		net, _, err := ddpm.LoadCheckpoint(kind.CheckpointDir(c.out), backend)
		if err != nil {
			return err
		}
		path, err := pipeline.ExportCourse(ws, net)
		if err != nil {
			refused = append(refused, err)
			continue
		}
		wrote++
		sz := net.Arch.Sizes
		hidden := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(sz[1:len(sz)-1])), ", "), "[]")
		fmt.Printf("%s: %s (step %d): MLP(input_dim=%d, hidden_layers=[%s], output_dim=%d)\n",
			kind, path, net.GlobalStep(), sz[0], hidden, sz[len(sz)-1])
	}
	if wrote > 0 {
		fmt.Println(exportNote)
	}
	if len(refused) == 0 {
		return nil
	}
	if *keepGoing {
		for _, err := range refused {
			fmt.Fprintf(os.Stderr, "not exported: %v\n", err)
		}
		return nil
	}
	return errors.Join(refused...)
}
