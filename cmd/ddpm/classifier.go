package main

import (
	"fmt"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
)

// defaultMapGrid is the number of cells per axis of the classifier's
// prediction map.
const defaultMapGrid = 120

func init() {
	register("classifier", "train the noisy classifier f_phi(y | x_t, t) and write its prediction map", runClassifier)
}

func runClassifier(args []string) error {
	fs := newFlags("classifier")
	var c commonFlags
	c.register(fs)
	c.registerForce(fs)
	cfg := ddpm.DefaultClassifierConfig()
	trainFlags(fs, &cfg)
	resume := fs.Bool("resume", false, "continue the run saved in -out up to -steps")
	grid := fs.Int("grid", defaultMapGrid, "prediction map: grid cells per axis")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *grid <= 0 {
		return usagef("-grid %d: want > 0", *grid)
	}
	data, backend, ws, err := c.openTraining(netkind.Classifier, cfg, *resume)
	if err != nil {
		return err
	}
	defer ws.Close()
	// The map's grid is known before training: refuse a coarser one now.
	if err := ws.Check(run.ResultPredictionMap, run.Provenance{Grid: *grid}); err != nil {
		return err
	}
	if err := trainNet(ws, data, backend, netkind.Classifier, cfg, *resume); err != nil {
		return err
	}
	return writePredictionMap(c, ws, *grid)
}

// writePredictionMap evaluates the saved classifier on a grid at several t
// and writes DIR/classifier_map.json.
func writePredictionMap(c commonFlags, ws *run.Workspace, grid int) error {
	data, _, nets, err := c.open(netkind.Classifier)
	if err != nil {
		return err
	}
	clf := nets[0]
	m, err := pipeline.PredictionMap(ws, clf, data, grid)
	if err != nil {
		return err
	}
	fmt.Printf("prediction map (%dx%d at t = %v) -> %s\n", grid, grid, m.Times, filepath.Join(c.out, run.PredictionMapFile))
	return nil
}
