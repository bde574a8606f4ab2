package run

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
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
	// LearningRate is the setting of the learning rate ("-lr"), named when
	// training diverges.
	LearningRate string
}

// CLIHints are the hints of the ddpm command line.
var CLIHints = Hints{Force: "-force", Resume: "-resume", Elsewhere: "-out DIR",
	Busy: "wait until it is done, or write elsewhere with -out DIR", LearningRate: "-lr"}

// Options say how a Workspace writes.
type Options struct {
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

// hints returns the hints of o, CLIHints when none are set.
func (o Options) hints() Hints {
	if o.Hints == (Hints{}) {
		return CLIHints
	}
	return o.Hints
}

// RetrainHint words how to go ahead over a trained checkpoint: continue
// it, train a new one over it, or train elsewhere.
func (o Options) RetrainHint() string {
	h := o.hints()
	return orJoin(way("use ", h.Resume, " to continue it"), way("", h.Force, " to train a new one over it"),
		way("", h.Elsewhere, " to train elsewhere"))
}

// replaceHint words how to replace a result anyway.
func (o Options) replaceHint() string {
	h := o.hints()
	return orJoin(way("use ", h.Force, " to replace it"), way("", h.Elsewhere, " to write elsewhere"))
}

// way words one way to go ahead, pre+hint+post, or is empty when the
// interface has no such hint.
func way(pre, hint, post string) string {
	if hint == "" {
		return ""
	}
	return pre + hint + post
}

// orJoin joins the alternatives that are not empty: "a", "a, or b", "a,
// b, or c".
func orJoin(alternatives ...string) string {
	var ways []string
	for _, a := range alternatives {
		if a != "" {
			ways = append(ways, a)
		}
	}
	if len(ways) < 2 {
		return strings.Join(ways, "")
	}
	return strings.Join(ways[:len(ways)-1], ", ") + ", or " + ways[len(ways)-1]
}

// Workspace is an output folder opened for writing by this process. It
// holds the folder's lock, so that no two processes write one folder at
// once (the second one is refused with a *BusyError that names the first),
// and it keeps what the folder holds unless told otherwise: a result is not
// replaced by one made with a smaller budget without Force (a
// *ReplaceError names the file, what made it and the flag to use). Every
// result it writes is recorded in provenance.json.
type Workspace struct {
	// Dir is the output folder.
	Dir string
	Options
	release func() error
	// fromModels is set once a network was taken from Models: the results
	// written after that record where their models came from.
	fromModels bool
}

// Open creates dir if needed and takes its lock for this process. Within
// one process, several workspaces can share a folder (ddpm all and its
// stages).
func Open(dir string, o Options) (*Workspace, error) {
	if dir == "" {
		return nil, errors.New("open output folder: empty path")
	}
	o.Hints = o.hints()
	release, err := Lock(dir, o.MadeBy)
	if err != nil {
		var be *BusyError
		if errors.As(err, &be) {
			be.Hint = o.Hints.Busy
		}
		return nil, err
	}
	return &Workspace{Dir: dir, Options: o, release: release}, nil
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

// UseModels notes that a network was taken from Models: the records of the
// results written from now on name that folder.
func (w *Workspace) UseModels() { w.fromModels = true }

// Logf writes a note to Log, when there is one.
func (w *Workspace) Logf(format string, args ...any) {
	if w.Log != nil {
		fmt.Fprintf(w.Log, format+"\n", args...)
	}
}

// record completes p with what the workspace knows: who writes, the
// budget, the time.
func (w *Workspace) record(p Provenance) Provenance {
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

// Check returns nil when result name (ResultUncond, ResultCond(k), ...) may
// be written with provenance p: the folder has no such result, or one that
// is not larger than p in any respect, or Force is set. Otherwise it
// returns a *ReplaceError.
func (w *Workspace) Check(name string, p Provenance) error {
	if w.Force {
		return nil
	}
	table, err := ReadProvenance(w.Dir)
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
	return &ReplaceError{File: ResultFile(w.Dir, name), What: "a result of " + old.String(), Larger: larger,
		Hint: w.replaceHint()}
}
