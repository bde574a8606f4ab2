package pipeline

import "github.com/statesdiffusion/states/ddpm"

// QuickSteps is the training budget of a network that a notebook trains
// on its quick budget (FullQuality off) for the models past the course:
// enough for recognisable outlines in well under a minute.
const QuickSteps = 2500

// NotebookRecipe is the training recipe of a network kind in a notebook:
// the default recipe with full, otherwise the same recipe cut to
// QuickSteps, evaluated every 100 steps, without the NLL monitor.
func NotebookRecipe(kind string, full bool) (ddpm.TrainConfig, error) {
	cfg, err := ddpm.DefaultTrainConfig(kind)
	if err != nil || full {
		return cfg, err
	}
	cfg.Steps, cfg.EvalEvery, cfg.NLLEvery, cfg.CheckpointEvery = QuickSteps, 100, 0, 500
	return cfg, nil
}
