package ddpm

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/statesdiffusion/states/ddpm/run"
)

// ProvenanceFile is the record, beside the results of an output folder, of
// how each of them was made: a ProvenanceTable.
const ProvenanceFile = "provenance.json"

// Names of the results of an output folder: each is a group of files that
// one step writes together, and the key of its record in provenance.json.
const (
	// ResultUncond is uncond_gen_samples.{npy,pt}, uncond_snapshots.json and
	// the "uncond" entry of metrics.json.
	ResultUncond = run.UncondSamplesBase
	// ResultSweep is guidance_sweep.json.
	ResultSweep = "guidance_sweep"
	// ResultPredictionMap is classifier_map.json.
	ResultPredictionMap = "classifier_map"
)

// ResultCond returns the name of the guided samples of one state:
// cond_gen_samples_K.{npy,pt} and the "cond_K" entry of metrics.json.
func ResultCond(label int) string { return run.CondSamplesBase(label) }

// resultFile returns the file that holds result name in dir (the one whose
// absence means there is nothing to lose).
func resultFile(dir, name string) string {
	switch name {
	case ResultSweep:
		return filepath.Join(dir, run.GuidanceSweepFile)
	case ResultPredictionMap:
		return filepath.Join(dir, run.PredictionMapFile)
	}
	return filepath.Join(dir, name+".npy")
}

// Provenance records how one result was made: by what, with which budget,
// from which checkpoints. Zero fields are unknown or do not apply.
type Provenance struct {
	// MadeBy is the command line or the notebook that wrote the result.
	MadeBy string `json:"made_by"`
	// Budget is "full" or "quick" for the recipes of ddpm all and of the
	// notebooks, "custom" for ddpm all with budget flags; empty otherwise.
	Budget string `json:"budget,omitempty"`
	// Time is when the result was written.
	Time time.Time `json:"time"`
	// N is the number of samples (per state and scale for a sweep).
	N int `json:"n,omitempty"`
	// Sampler describes the sampler, e.g. "DDIM, 100 steps, eta 0".
	Sampler string `json:"sampler,omitempty"`
	// Steps is the number of reverse steps each sample took.
	Steps int `json:"steps,omitempty"`
	// DenoiserStep and ClassifierStep are the training steps of the
	// checkpoints that made the result.
	DenoiserStep   int `json:"denoiser_step,omitempty"`
	ClassifierStep int `json:"classifier_step,omitempty"`
	// Snapshots is the number of samples whose reverse process was kept.
	Snapshots int `json:"snapshots,omitempty"`
	// Labels are the states and Scales the guidance scales of guided
	// samples or of a sweep.
	Labels []int     `json:"labels,omitempty"`
	Scales []float64 `json:"scales,omitempty"`
	// Grid is the number of cells per axis of a prediction map.
	Grid int `json:"grid,omitempty"`
	// Models is the folder of the checkpoints, when it is not the result's
	// own folder (a quick notebook run that used the full run's models).
	Models string `json:"models,omitempty"`
}

// ProvenanceTable maps result names (ResultUncond, ResultCond(k), ...) to
// their records; it is stored in provenance.json.
type ProvenanceTable map[string]Provenance

// ReadProvenance reads DIR/provenance.json; a folder without one has an
// empty table.
func ReadProvenance(dir string) (ProvenanceTable, error) {
	path := filepath.Join(dir, ProvenanceFile)
	t := ProvenanceTable{}
	if err := run.ReadJSON(path, &t); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return t, nil
}

// updateProvenance merges records into DIR/provenance.json.
func updateProvenance(dir string, recs map[string]Provenance) error {
	t, err := ReadProvenance(dir)
	if err != nil {
		return err
	}
	for name, p := range recs {
		t[name] = p
	}
	return run.WriteJSON(filepath.Join(dir, ProvenanceFile), t)
}

// SamplerName describes a sampler configuration for messages and records.
func SamplerName(cfg SampleConfig) string {
	if cfg.Method == MethodDDIM {
		if cfg.Steps == 0 {
			return fmt.Sprintf("DDIM, all steps, eta %g", cfg.Eta)
		}
		return fmt.Sprintf("DDIM, %d steps, eta %g", cfg.Steps, cfg.Eta)
	}
	return "DDPM, " + cfg.Variance + " variance"
}

// reverseSteps is the number of network calls per sample of cfg on a
// schedule of T steps.
func reverseSteps(cfg SampleConfig, T int) int {
	if cfg.Method == MethodDDIM && cfg.Steps > 0 && cfg.Steps < T {
		return cfg.Steps
	}
	return T
}

// SamplingProvenance returns the record of samples drawn with cfg from den,
// guided by g when it is not nil. The caller (or Workspace) fills in MadeBy,
// Budget and Time.
func SamplingProvenance(cfg SampleConfig, den *Net, g *Guidance) Provenance {
	p := Provenance{N: cfg.N, Sampler: SamplerName(cfg), Snapshots: cfg.SnapshotN}
	if den != nil {
		p.Steps = reverseSteps(cfg, den.Schedule.T)
		p.DenoiserStep = den.GlobalStep()
	}
	if g != nil {
		p.Labels, p.Scales = []int{g.Label}, []float64{g.Scale}
		if g.Classifier != nil {
			p.ClassifierStep = g.Classifier.GlobalStep()
		}
	}
	return p
}

// SweepProvenance returns the record of a guidance sweep: n samples (cfg.N)
// per state of labels and scale of scales, drawn with cfg from den guided
// by clf.
func SweepProvenance(cfg SampleConfig, den, clf *Net, labels []int, scales []float64) Provenance {
	p := SamplingProvenance(cfg, den, &Guidance{Classifier: clf})
	p.Snapshots = 0
	p.Labels = append([]int(nil), labels...)
	p.Scales = append([]float64(nil), scales...)
	return p
}

// MapProvenance returns the record of a prediction map of clf on a grid of
// grid cells per axis.
func MapProvenance(clf *Net, grid int) Provenance {
	p := Provenance{Grid: grid}
	if clf != nil {
		p.ClassifierStep = clf.GlobalStep()
	}
	return p
}

// quantity is one comparable size of a result.
type quantity struct {
	what string
	v    int
}

// quantities lists the sizes of p that make a result "larger": more
// samples, more reverse steps, longer-trained checkpoints, more states or
// scales, a finer grid.
func (p Provenance) quantities() []quantity {
	return []quantity{
		{"samples", p.N},
		{"reverse steps", p.Steps},
		{"denoiser training steps", p.DenoiserStep},
		{"classifier training steps", p.ClassifierStep},
		{"states", len(p.Labels)},
		{"guidance scales", len(p.Scales)},
		{"grid cells per axis", p.Grid},
	}
}

// LargerThan lists in what old (an existing result) is larger than p (the
// one that would replace it), e.g. "5000 samples (this run: 500)"; it is
// empty when p is at least as large in every respect. Unknown (zero) sizes
// of either side are not compared.
func (old Provenance) LargerThan(p Provenance) []string {
	var out []string
	qs := p.quantities()
	for i, q := range old.quantities() {
		if q.v > 0 && qs[i].v > 0 && q.v > qs[i].v {
			out = append(out, fmt.Sprintf("%d %s (this run: %d)", q.v, q.what, qs[i].v))
		}
	}
	return out
}

// String describes the record in one line.
func (p Provenance) String() string {
	var parts []string
	add := func(format string, args ...any) { parts = append(parts, fmt.Sprintf(format, args...)) }
	if p.N > 0 {
		add("%d samples", p.N)
	}
	if p.Sampler != "" {
		add("%s", p.Sampler)
	}
	if p.Grid > 0 {
		add("%d x %d grid", p.Grid, p.Grid)
	}
	if len(p.Labels) > 1 || len(p.Scales) > 1 {
		add("%d states x %d scales", len(p.Labels), len(p.Scales))
	}
	if p.DenoiserStep > 0 {
		add("denoiser at step %d", p.DenoiserStep)
	}
	if p.ClassifierStep > 0 {
		add("classifier at step %d", p.ClassifierStep)
	}
	if p.Models != "" {
		add("models from %s", p.Models)
	}
	by := p.MadeBy
	if by == "" {
		by = "an unknown run"
	}
	parts = append(parts, "made by "+by)
	s := strings.Join(parts, ", ")
	if p.Budget != "" {
		s += " (" + p.Budget + " budget)"
	}
	if !p.Time.IsZero() {
		s += " at " + p.Time.Local().Format("2006-01-02 15:04")
	}
	return s
}
