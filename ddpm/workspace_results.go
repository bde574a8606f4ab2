package ddpm

import (
	"github.com/statesdiffusion/states/ddpm/run"
)

// SaveSamples writes a set of samples as result name of the workspace,
// after Check: NAME.{npy,pt} (name is the base name, e.g.
// run.ResultFlow or run.ResultCFG(k)), their metrics m (in metrics.json)
// and p, completed, as their record.
func (w *Workspace) SaveSamples(name string, pts [][2]float32, m run.Metrics, p run.Provenance) error {
	if err := w.Check(name, p); err != nil {
		return err
	}
	if err := run.WriteSamples(w.Dir, name, pts); err != nil {
		return err
	}
	return w.commit(map[string]run.Provenance{name: p}, m)
}

// SaveRecord writes v as the JSON file of result name (run.ResultFile,
// e.g. cfg_sweep.json for run.ResultCFGSweep) after Check, with p,
// completed, as its record.
func (w *Workspace) SaveRecord(name string, v any, p run.Provenance) error {
	if err := w.Check(name, p); err != nil {
		return err
	}
	if err := run.WriteJSON(run.ResultFile(w.Dir, name), v); err != nil {
		return err
	}
	return w.commit(map[string]run.Provenance{name: p})
}
