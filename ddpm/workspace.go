package ddpm

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/statesdiffusion/states/ddpm/run"
)

// ErrWouldReplace is returned (wrapped in a *ReplaceError) when a write
// would replace a result made with a larger budget, or a trained
// checkpoint, without being told to.
var ErrWouldReplace = errors.New("would replace an existing result")

// ReplaceError names the file a write would replace, what made it, and how
// to go ahead anyway.
type ReplaceError struct {
	// File is the existing file (or checkpoint folder).
	File string
	// What describes the existing result and what made it.
	What string
	// Larger lists in what it is larger than the new one; empty for a
	// trained checkpoint, which is never replaced unasked.
	Larger []string
	// Hint says which flags or settings go ahead.
	Hint string
}

func (e *ReplaceError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s holds %s", e.File, e.What)
	if len(e.Larger) > 0 {
		fmt.Fprintf(&b, "; it is larger than what this run would write: %s", strings.Join(e.Larger, ", "))
	}
	b.WriteString(". It is kept")
	if e.Hint != "" {
		b.WriteString(": " + e.Hint)
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrWouldReplace) hold.
func (e *ReplaceError) Unwrap() error { return ErrWouldReplace }

// Hints are how the user of a workspace asks for what it refuses by
// default, in the words of its interface: flags for the command line,
// settings for a notebook.
type Hints struct {
	// Force replaces larger results and trains over a checkpoint ("-force").
	Force string
	// Resume continues a trained checkpoint ("-resume"); empty when the
	// interface always continues.
	Resume string
	// Elsewhere writes somewhere else ("-out DIR").
	Elsewhere string
	// Busy says what to do when another process writes the folder.
	Busy string
}

// CLIHints are the hints of the ddpm command line.
var CLIHints = Hints{Force: "-force", Resume: "-resume", Elsewhere: "-out DIR",
	Busy: "wait until it is done, or write elsewhere with -out DIR"}

// WorkspaceOptions say how a Workspace writes.
type WorkspaceOptions struct {
	// Force replaces results made with a larger budget, and lets training
	// start over a trained checkpoint.
	Force bool
	// MadeBy and Budget go into the record of every result written (see
	// Provenance) and MadeBy into the checkpoints' hparams.json.
	MadeBy, Budget string
	// Models is a folder whose trained checkpoints are used before those of
	// the workspace's own folder (a quick notebook run uses the full run's);
	// empty: none.
	Models string
	// Hints word the refusals (default CLIHints).
	Hints Hints
	// Log receives notes: which checkpoint is used, what is continued (nil:
	// none).
	Log io.Writer
}

// Workspace is an output folder opened for writing by this process. It
// holds the folder's lock, so that no two processes write one folder at
// once (the second one is refused with a *run.BusyError that names the first),
// and it keeps what the folder holds unless told otherwise: a result is not
// replaced by one made with a smaller budget, nor a trained checkpoint by a
// new training run, without Force (a *ReplaceError names the file, what made
// it and the flag to use). Every result it writes is recorded in
// provenance.json.
type Workspace struct {
	// Dir is the output folder.
	Dir string
	WorkspaceOptions
	release func() error
	// fromModels is set once a network was taken from Models: the results
	// written after that record where their models came from.
	fromModels bool
}

// OpenWorkspace creates dir if needed and takes its lock for this process.
// Within one process, several workspaces can share a folder (ddpm all and
// its stages).
func OpenWorkspace(dir string, o WorkspaceOptions) (*Workspace, error) {
	if dir == "" {
		return nil, errors.New("open output folder: empty path")
	}
	if o.Hints == (Hints{}) {
		o.Hints = CLIHints
	}
	release, err := run.Lock(dir, o.MadeBy)
	if err != nil {
		var be *run.BusyError
		if errors.As(err, &be) {
			be.Hint = o.Hints.Busy
		}
		return nil, err
	}
	return &Workspace{Dir: dir, WorkspaceOptions: o, release: release}, nil
}

// Close releases the folder's lock (once; later calls do nothing).
func (w *Workspace) Close() error {
	if w.release == nil {
		return nil
	}
	err := w.release()
	w.release = nil
	return err
}

// record completes p with what the workspace knows: who writes, the
// budget, the time.
func (w *Workspace) record(p run.Provenance) run.Provenance {
	if p.MadeBy == "" {
		p.MadeBy = w.MadeBy
	}
	if p.Budget == "" {
		p.Budget = w.Budget
	}
	if p.Time.IsZero() {
		p.Time = time.Now().UTC().Truncate(time.Second)
	}
	if p.Models == "" && w.fromModels {
		p.Models = w.Models
	}
	return p
}

// Check returns nil when result name (run.ResultUncond, run.ResultCond(k), ...) may
// be written with provenance p: the folder has no such result, or one that
// is not larger than p in any respect, or Force is set. Otherwise it
// returns a *ReplaceError.
func (w *Workspace) Check(name string, p run.Provenance) error {
	if w.Force {
		return nil
	}
	table, err := run.ReadProvenance(w.Dir)
	if err != nil {
		return err
	}
	old, ok := existingProvenance(w.Dir, name, table)
	if !ok {
		return nil
	}
	larger := old.LargerThan(p)
	if len(larger) == 0 {
		return nil
	}
	return &ReplaceError{File: run.ResultFile(w.Dir, name), What: "a result of " + old.String(), Larger: larger,
		Hint: w.replaceHint()}
}

// replaceHint words how to replace a result anyway.
func (w *Workspace) replaceHint() string {
	h := w.Hints
	var ways []string
	if h.Force != "" {
		ways = append(ways, "use "+h.Force+" to replace it")
	}
	if h.Elsewhere != "" {
		ways = append(ways, h.Elsewhere+" to write elsewhere")
	}
	return orJoin(ways)
}

// orJoin joins alternatives: "a", "a, or b", "a, b, or c".
func orJoin(ways []string) string {
	if len(ways) < 2 {
		return strings.Join(ways, "")
	}
	return strings.Join(ways[:len(ways)-1], ", ") + ", or " + ways[len(ways)-1]
}

// CheckTrain returns nil when a training run of kind may write into the
// workspace: when it continues the checkpoint there (resume), when there is
// no trained checkpoint, or with Force. Otherwise it returns a
// *ReplaceError that describes the checkpoint.
func (w *Workspace) CheckTrain(kind string, resume bool) error {
	return w.WorkspaceOptions.CheckTrain(w.Dir, kind, resume)
}

// CheckTrain is Workspace.CheckTrain for dir before it is opened: it only
// reads, so a refusal leaves the folder untouched.
func (o WorkspaceOptions) CheckTrain(dir, kind string, resume bool) error {
	if resume || o.Force {
		return nil
	}
	ckpt := CheckpointDir(dir, kind)
	what, ok := describeCheckpoint(ckpt)
	if !ok {
		return nil
	}
	h := o.Hints
	if h == (Hints{}) {
		h = CLIHints
	}
	var ways []string
	if h.Resume != "" {
		ways = append(ways, "use "+h.Resume+" to continue it")
	}
	if h.Force != "" {
		ways = append(ways, h.Force+" to train a new one over it")
	}
	if h.Elsewhere != "" {
		ways = append(ways, h.Elsewhere+" to train elsewhere")
	}
	return &ReplaceError{File: ckpt, What: what, Hint: orJoin(ways)}
}

// HasCheckpoint reports whether dir holds a trained checkpoint of kind: its
// hparams.json and at least one saved step.
func HasCheckpoint(dir, kind string) bool {
	ckpt := CheckpointDir(dir, kind)
	if _, err := os.Stat(filepath.Join(ckpt, run.HparamsFile)); err != nil {
		return false
	}
	names, _, err := listCheckpoints(ckpt)
	return err == nil && len(names) > 0
}

// describeCheckpoint describes the trained checkpoint in ckpt ("a trained
// denoiser: 4000 of 4000 steps of batch 512, ..."); false when there is
// none.
func describeCheckpoint(ckpt string) (string, bool) {
	hpPath := filepath.Join(ckpt, run.HparamsFile)
	st, err := os.Stat(hpPath)
	if err != nil {
		return "", false
	}
	names, _, err := listCheckpoints(ckpt)
	if err != nil || len(names) == 0 {
		return "", false
	}
	raw, err := os.ReadFile(hpPath)
	if err != nil {
		return fmt.Sprintf("a checkpoint whose %s cannot be read (%v)", run.HparamsFile, err), true
	}
	hp, err := ParseHparams(raw)
	if err != nil {
		return fmt.Sprintf("a checkpoint with an invalid %s (%v)", run.HparamsFile, err), true
	}
	step := checkpointStep(names[len(names)-1])
	var b strings.Builder
	fmt.Fprintf(&b, "a trained %s: ", hp.Kind)
	if step >= 0 {
		fmt.Fprintf(&b, "%d of %d steps", step, hp.Train.Steps)
	} else {
		fmt.Fprintf(&b, "%d steps asked", hp.Train.Steps)
	}
	fmt.Fprintf(&b, " of batch %d, layers %v", hp.Train.Batch, hp.Sizes)
	if hp.MadeBy != "" {
		fmt.Fprintf(&b, ", made by %s", hp.MadeBy)
	}
	fmt.Fprintf(&b, ", saved %s", st.ModTime().Format("2006-01-02 15:04"))
	return b.String(), true
}
