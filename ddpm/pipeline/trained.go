package pipeline

import (
	"fmt"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
)

// TrainedModel describes the checkpoint of a network kind that a
// workspace uses (see ModelDir): how it was trained, and whether that is
// the full budget's recipe.
type TrainedModel struct {
	// Kind is the network kind; Dir its checkpoint folder.
	Kind netkind.Kind
	Dir  string
	// Hparams are its hyper-parameters and training recipe.
	Hparams ddpm.Hparams
	// Full reports whether it was trained at least as long as
	// FullBudget's recipe, with batches at least as large.
	Full bool
}

// Trained reads the hyper-parameters of the checkpoint of kind that ws
// uses and compares its training with FullBudget's recipe.
func Trained(ws *run.Workspace, kind netkind.Kind) (TrainedModel, error) {
	full, err := FullBudget.Recipe(kind)
	if err != nil {
		return TrainedModel{}, err
	}
	m := TrainedModel{Kind: kind, Dir: kind.CheckpointDir(ModelDir(ws, kind))}
	if m.Hparams, err = ddpm.ReadHparams(m.Dir); err != nil {
		return m, fmt.Errorf("%s: %w", kind, err)
	}
	m.Full = m.Hparams.Train.Steps >= full.Steps && m.Hparams.Train.Batch >= full.Batch
	return m, nil
}

// String is one line: the network's sizes, its training and its budget.
func (m TrainedModel) String() string {
	budget := "the full recipe"
	if !m.Full {
		full, _ := FullBudget.Recipe(m.Kind)
		budget = fmt.Sprintf("less than the full recipe (%d steps of batch %d)", full.Steps, full.Batch)
	}
	hp := m.Hparams
	return fmt.Sprintf("%-10s %v, %d steps of batch %d, %s schedule T = %d: %s",
		m.Kind, hp.Sizes, hp.Train.Steps, hp.Train.Batch, hp.Schedule.Kind, hp.Schedule.T, budget)
}
