package pipeline

import (
	"context"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
)

// CheckTrain returns nil when a training run of kind may write into dir
// with options o: when it continues the checkpoint there (resume), when
// there is no trained checkpoint, or with o.Force. Otherwise it returns a
// *run.ReplaceError that describes the checkpoint. It only reads, so it can
// refuse before dir is opened, leaving the folder untouched.
func CheckTrain(dir string, o run.Options, kind netkind.Kind, resume bool) error {
	if resume || o.Force {
		return nil
	}
	ckpt := kind.CheckpointDir(dir)
	what, ok := ddpm.DescribeCheckpoint(ckpt)
	if !ok {
		return nil
	}
	return &run.ReplaceError{File: ckpt, What: what, Hint: o.RetrainHint()}
}

// TrainInto trains a network into ws (opts.Dir is set to ws.Dir, and
// opts.MadeBy to the workspace's when empty), after CheckTrain: a trained
// checkpoint there is continued with opts.Resume, replaced with ws.Force,
// and otherwise kept (a *run.ReplaceError).
func TrainInto(ctx context.Context, ws *run.Workspace, opts ddpm.TrainOptions) (*ddpm.Net, *run.Curves, error) {
	if err := CheckTrain(ws.Dir, ws.Options, opts.Kind, opts.Resume); err != nil {
		return nil, nil, err
	}
	opts.Dir = ws.Dir
	if opts.MadeBy == "" {
		opts.MadeBy = ws.MadeBy
	}
	if opts.Hints == (run.Hints{}) {
		opts.Hints = ws.Hints
	}
	return ddpm.Train(ctx, opts)
}
