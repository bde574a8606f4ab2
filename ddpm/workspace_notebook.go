package ddpm

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gomlx/compute"
	"github.com/statesdiffusion/states/ddpm/run"
)

// QuickDirName is the folder, inside the notebooks' output folder, where
// the notebooks write with their quick budget, so that exploring never
// replaces the results of a full run.
const QuickDirName = "quick"

// NotebookDir returns the folder a notebook writes into: root (the
// repository's outputs/, shared with the command line) with the full
// budget, root/quick with the quick one.
func NotebookDir(root string, full bool) string {
	if full {
		return root
	}
	return filepath.Join(root, QuickDirName)
}

// OpenNotebook opens the workspace of one notebook cell: NotebookDir(root,
// full), recorded as made by notebook (e.g. "04") with the "full" or
// "quick" budget. A quick workspace uses the trained checkpoints of root
// when it has them (see Model and LoadNet). Notes go to standard output,
// the cell's output.
func OpenNotebook(root, notebook string, full bool) (*Workspace, error) {
	o := WorkspaceOptions{MadeBy: "notebook " + notebook, Budget: "quick", Log: os.Stdout}
	o.Hints = Hints{Force: "ws.Force = true (in this cell)", Elsewhere: "FullQuality = false (it writes to " + NotebookDir(root, false) + ")",
		Busy: "wait until it is done, or use the quick budget (FullQuality = false), which writes to " + NotebookDir(root, false)}
	if full {
		o.Budget = "full"
	} else {
		o.Models = root
		o.Hints.Elsewhere = "another DDPM_NOTEBOOK_OUT"
		o.Hints.Busy = "wait until it is done"
	}
	return OpenWorkspace(NotebookDir(root, full), o)
}

// ModelDir returns the folder whose checkpoint of kind the workspace uses:
// Models when it holds a trained one, else the workspace's own folder.
func (w *Workspace) ModelDir(kind string) string {
	if w.Models != "" && HasCheckpoint(w.Models, kind) {
		return w.Models
	}
	return w.Dir
}

// LoadNet loads the trained network of kind that the workspace uses (see
// ModelDir), holding a shared lock on Models while it reads. When another
// process is writing Models, it falls back to the workspace's own
// checkpoint, or fails with a *run.BusyError when there is none.
func (w *Workspace) LoadNet(kind string, backend compute.Backend) (*Net, Hparams, error) {
	dir := w.ModelDir(kind)
	if dir != w.Dir {
		net, hp, err := loadShared(dir, kind, backend)
		if err == nil {
			w.fromModels = true
			w.logf("%s: the full run's, from %s (%d steps)", kind, CheckpointDir(dir, kind), net.GlobalStep())
			return net, hp, nil
		}
		var be *run.BusyError
		if !errors.As(err, &be) || !HasCheckpoint(w.Dir, kind) {
			return nil, hp, err
		}
		w.logf("%s: %v; using the one in %s instead", kind, err, CheckpointDir(w.Dir, kind))
	}
	net, hp, err := LoadNet(CheckpointDir(w.Dir, kind), backend)
	if err == nil {
		w.logf("%s: from %s (%d steps)", kind, CheckpointDir(w.Dir, kind), net.GlobalStep())
	}
	return net, hp, err
}

// loadShared loads the checkpoint of kind in dir under a shared lock of dir.
func loadShared(dir, kind string, backend compute.Backend) (*Net, Hparams, error) {
	release, err := run.RLock(dir)
	if err != nil {
		return nil, Hparams{}, err
	}
	defer release() //nolint:errcheck // a shared lock has no record to clear
	return LoadNet(CheckpointDir(dir, kind), backend)
}

// Model returns a trained network of kind (opts.Kind) for a notebook, and
// its training curves. A quick workspace takes the full run's checkpoint
// from Models when there is one (and copies its curves beside the
// workspace's results, for the report); otherwise the network is trained
// into the workspace with opts.Config, continuing the checkpoint there if
// there is one (it stops at once when that one went far enough).
func (w *Workspace) Model(ctx context.Context, opts TrainOptions) (*Net, *run.Curves, error) {
	if dir := w.ModelDir(opts.Kind); dir != w.Dir {
		net, _, err := loadShared(dir, opts.Kind, opts.Backend)
		var be *run.BusyError
		switch {
		case err == nil:
			curves := &run.Curves{Kind: opts.Kind}
			if err := run.ReadJSON(CurvesPath(dir, opts.Kind), curves); err != nil {
				return nil, nil, err
			}
			if err := run.WriteJSON(CurvesPath(w.Dir, opts.Kind), curves); err != nil {
				return nil, nil, err
			}
			w.fromModels = true
			w.logf("%s: using the full run's, in %s (%d steps): nothing to train", opts.Kind, CheckpointDir(dir, opts.Kind), net.GlobalStep())
			return net, curves, nil
		case errors.As(err, &be):
			w.logf("%s: %v; training a %s budget one in %s instead", opts.Kind, err, w.Budget, w.Dir)
		default:
			return nil, nil, err
		}
	}
	opts.Resume = HasCheckpoint(w.Dir, opts.Kind)
	if opts.Resume {
		w.logf("%s: continuing the checkpoint in %s up to %d steps", opts.Kind, CheckpointDir(w.Dir, opts.Kind), opts.Config.Steps)
	}
	return w.Train(ctx, opts)
}

func (w *Workspace) logf(format string, args ...any) {
	if w.Log != nil {
		fmt.Fprintf(w.Log, format+"\n", args...)
	}
}
