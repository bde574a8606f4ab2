package pipeline

import (
	"context"
	"errors"
	"os"

	"github.com/gomlx/compute"
	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
)

// ModelDir returns the folder whose checkpoint of kind ws uses: ws.Models
// when it holds a trained one, else ws's own folder.
func ModelDir(ws *run.Workspace, kind netkind.Kind) string {
	if ws.Models != "" && ddpm.HasCheckpoint(ws.Models, kind) {
		return ws.Models
	}
	return ws.Dir
}

// LoadModel loads the trained network of kind that ws uses (see ModelDir),
// holding a shared lock on ws.Models while it reads. When another process
// is writing Models, it falls back to the workspace's own checkpoint, or
// fails with a *run.BusyError when there is none.
func LoadModel(ws *run.Workspace, kind netkind.Kind, backend compute.Backend) (*ddpm.Net, ddpm.Hparams, error) {
	dir := ModelDir(ws, kind)
	if dir != ws.Dir {
		net, hp, err := loadShared(dir, kind, backend)
		if err == nil {
			ws.UseModels()
			ws.Logf("%s: the full run's, from %s (%d steps)", kind, kind.CheckpointDir(dir), net.GlobalStep())
			return net, hp, nil
		}
		var be *run.BusyError
		if !errors.As(err, &be) || !ddpm.HasCheckpoint(ws.Dir, kind) {
			return nil, hp, err
		}
		ws.Logf("%s: %v; using the one in %s instead", kind, err, kind.CheckpointDir(ws.Dir))
	}
	net, hp, err := ddpm.LoadCheckpoint(kind.CheckpointDir(ws.Dir), backend)
	if err == nil {
		ws.Logf("%s: from %s (%d steps)", kind, kind.CheckpointDir(ws.Dir), net.GlobalStep())
	}
	return net, hp, err
}

// loadShared loads the checkpoint of kind in dir under a shared lock of dir.
func loadShared(dir string, kind netkind.Kind, backend compute.Backend) (*ddpm.Net, ddpm.Hparams, error) {
	release, err := run.RLock(dir)
	if err != nil {
		return nil, ddpm.Hparams{}, err
	}
	defer release() //nolint:errcheck // a shared lock has no record to clear
	return ddpm.LoadCheckpoint(kind.CheckpointDir(dir), backend)
}

// Model returns a trained network of kind (opts.Kind) for a notebook, and
// its training curves. A quick workspace takes the full run's checkpoint
// from ws.Models when there is one (and copies its curves beside the
// workspace's results, for the report); otherwise the network is trained
// into ws with opts.Config, continuing the checkpoint there if there is one
// (it stops at once when that one went far enough); a network imported from
// PyTorch (ddpm import) is used as it is, with empty curves.
func Model(ctx context.Context, ws *run.Workspace, opts ddpm.TrainOptions) (*ddpm.Net, *run.Curves, error) {
	if dir := ModelDir(ws, opts.Kind); dir != ws.Dir {
		net, _, err := loadShared(dir, opts.Kind, opts.Backend)
		var be *run.BusyError
		switch {
		case err == nil:
			curves := &run.Curves{Kind: opts.Kind}
			if err := run.ReadJSON(opts.Kind.CurvesPath(dir), curves); err != nil {
				if net.Origin == "" || !errors.Is(err, os.ErrNotExist) {
					return nil, nil, err
				}
			} else if err := run.WriteJSON(opts.Kind.CurvesPath(ws.Dir), curves); err != nil {
				return nil, nil, err
			}
			ws.UseModels()
			ws.Logf("%s: using the full run's, in %s (%d steps): nothing to train", opts.Kind, opts.Kind.CheckpointDir(dir), net.GlobalStep())
			return net, curves, nil
		case errors.As(err, &be):
			ws.Logf("%s: %v; training a %s budget one in %s instead", opts.Kind, err, ws.Budget, ws.Dir)
		default:
			return nil, nil, err
		}
	}
	opts.Resume = ddpm.HasCheckpoint(ws.Dir, opts.Kind)
	if opts.Resume {
		// An imported network (ddpm import) is used as it is: it has no
		// training recipe to continue.
		dir := opts.Kind.CheckpointDir(ws.Dir)
		if net, hp, err := ddpm.LoadCheckpoint(dir, opts.Backend); err == nil && hp.Origin != "" {
			ws.Logf("%s: the imported one in %s (%s): nothing to train", opts.Kind, dir, hp.Origin)
			return net, &run.Curves{Kind: opts.Kind}, nil
		}
	}
	if opts.Resume {
		ws.Logf("%s: continuing the checkpoint in %s up to %d steps", opts.Kind, opts.Kind.CheckpointDir(ws.Dir), opts.Config.Steps)
	}
	return TrainInto(ctx, ws, opts)
}
