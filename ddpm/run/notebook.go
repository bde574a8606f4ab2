package run

import (
	"os"
	"path/filepath"
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
// when it has them (its Models; see package pipeline). Notes go to
// standard output, the cell's output.
func OpenNotebook(root, notebook string, full bool) (*Workspace, error) {
	o := Options{MadeBy: "notebook " + notebook, Budget: "quick", Log: os.Stdout}
	o.Hints = Hints{Force: "ws.Force = true (in this cell)", Elsewhere: "FullQuality = false (it writes to " + NotebookDir(root, false) + ")",
		Busy:         "wait until it is done, or use the quick budget (FullQuality = false), which writes to " + NotebookDir(root, false),
		LearningRate: "cfg.LR"}
	if full {
		o.Budget = "full"
	} else {
		o.Models = root
		o.Hints.Elsewhere = "another DDPM_NOTEBOOK_OUT"
		o.Hints.Busy = "wait until it is done"
	}
	return Open(NotebookDir(root, full), o)
}
