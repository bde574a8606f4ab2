package run

import (
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/internal/atomicfile"
)

// SaveUncond writes unconditional samples into the workspace, after Check:
// uncond_gen_samples.{npy,pt}, the snapshots of their reverse process when
// snaps is not nil (uncond_snapshots.json), their metrics m (the "uncond"
// entry of metrics.json) and p, completed, as their record.
func (w *Workspace) SaveUncond(pts [][2]float32, snaps *Snapshots, m Metrics, p Provenance) error {
	if err := w.Check(ResultUncond, p); err != nil {
		return err
	}
	if err := WriteSamples(w.Dir, UncondSamplesBase, pts); err != nil {
		return err
	}
	if snaps != nil {
		if err := WriteJSON(filepath.Join(w.Dir, SnapshotsFile), snaps); err != nil {
			return err
		}
	}
	return w.commit(map[string]Provenance{ResultUncond: p}, m)
}

// SaveSamples writes a set of samples as result name of the workspace,
// after Check: NAME.{npy,pt} (the name of a set of samples is its base
// name: ResultCond(k), ResultCFG(k), ResultFlow), their metrics m (in
// metrics.json) and p, completed, as their record.
func (w *Workspace) SaveSamples(name string, pts [][2]float32, m Metrics, p Provenance) error {
	if err := w.Check(name, p); err != nil {
		return err
	}
	if err := WriteSamples(w.Dir, name, pts); err != nil {
		return err
	}
	return w.commit(map[string]Provenance{name: p}, m)
}

// SaveRecord writes v as the JSON file of result name (ResultFile:
// guidance_sweep.json for ResultSweep, classifier_map.json for
// ResultPredictionMap, cfg_sweep.json, steps_study.json) after Check, with
// p, completed, as its record.
func (w *Workspace) SaveRecord(name string, v any, p Provenance) error {
	if err := w.Check(name, p); err != nil {
		return err
	}
	if err := WriteJSON(ResultFile(w.Dir, name), v); err != nil {
		return err
	}
	return w.commit(map[string]Provenance{name: p})
}

// SaveFile writes data as the file of result name (ResultFile, e.g.
// explorer.html for ResultExplorer) atomically, after Check, with p,
// completed, as its record.
func (w *Workspace) SaveFile(name string, data []byte, p Provenance) error {
	if err := w.Check(name, p); err != nil {
		return err
	}
	if err := atomicfile.Write(ResultFile(w.Dir, name), data); err != nil {
		return err
	}
	return w.commit(map[string]Provenance{name: p})
}

// commit records what was just written: the metrics, then the provenance.
// The record comes last, so a crash in between leaves the older (larger)
// record, which errs on the side of keeping.
func (w *Workspace) commit(recs map[string]Provenance, ms ...Metrics) error {
	if len(ms) > 0 {
		if err := UpdateMetrics(w.Dir, ms...); err != nil {
			return err
		}
	}
	for name, p := range recs {
		recs[name] = w.record(p)
	}
	return UpdateProvenance(w.Dir, recs)
}

// SaveCourseCkpt writes the course-format checkpoint of a network kind
// (netkind.Spec.CourseCheckpoint) with write, which gets its path, after Check, and
// records p, completed.
func (w *Workspace) SaveCourseCkpt(kind netkind.Kind, write func(path string) error, p Provenance) error {
	name := ResultCourse(kind)
	if err := w.Check(name, p); err != nil {
		return err
	}
	if err := write(ResultFile(w.Dir, name)); err != nil {
		return err
	}
	return w.commit(map[string]Provenance{name: p})
}

// RecordImport records p, completed, as the record of the network of kind
// that ddpm import just wrote (ResultImport).
func (w *Workspace) RecordImport(kind netkind.Kind, p Provenance) error {
	return w.commit(map[string]Provenance{ResultImport(kind): p})
}
