package run

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/statesdiffusion/states/ddpm/netkind"
)

// ProvenanceFile is the record, beside the results of an output folder, of
// how each of them was made: a ProvenanceTable.
const ProvenanceFile = "provenance.json"

// Names of the results of an output folder: each is a group of files that
// one step writes together, and the key of its record in provenance.json.
const (
	// ResultPredictionMap is classifier_map.json.
	ResultPredictionMap = "classifier_map"
	// ResultStudy is steps_study.json.
	ResultStudy = "steps_study"
	// ResultExplorer is explorer.html.
	ResultExplorer = "explorer"
)

// The results of the network kinds' samples, as the kind table (netkind)
// names them.
var (
	// ResultUncond is uncond_gen_samples.{npy,pt}, uncond_snapshots.json and
	// the "uncond" entry of metrics.json.
	ResultUncond = netkind.Denoiser.Spec().Uncond.Name
	// ResultSweep is guidance_sweep.json.
	ResultSweep = netkind.Denoiser.Spec().Guided.Sweep
	// ResultFlow is flow_gen_samples.{npy,pt} and the "flow" entry of
	// metrics.json.
	ResultFlow = netkind.Flow.Spec().Uncond.Name
	// ResultCFGSweep is cfg_sweep.json.
	ResultCFGSweep = netkind.Conditional.Spec().Guided.Sweep
)

// ResultCourse returns the name of the course-format checkpoint of a
// network kind (netkind.Spec.CourseCheckpoint): "course_<kind>".
func ResultCourse(kind netkind.Kind) string { return coursePrefix + string(kind) }

// ResultImport returns the name of the record of a network of kind
// imported from a PyTorch state_dict (ddpm import): "import_<kind>". Its
// file is the checkpoint's hparams.json.
func ResultImport(kind netkind.Kind) string { return importPrefix + string(kind) }

const (
	coursePrefix = "course_"
	importPrefix = "import_"
)

// ResultCFG returns the name of the classifier-free guided samples of one
// state: cfg_gen_samples_K.{npy,pt} and the "cfg_K" entry of metrics.json.
func ResultCFG(label int) string { return netkind.Conditional.Spec().Guided.Of(label) }

// ResultCond returns the name of the guided samples of one state:
// cond_gen_samples_K.{npy,pt} and the "cond_K" entry of metrics.json.
func ResultCond(label int) string { return netkind.Denoiser.Spec().Guided.Of(label) }

// ResultFile returns the file that holds result name in dir (the one whose
// absence means there is nothing to lose).
func ResultFile(dir, name string) string {
	switch name {
	case ResultSweep:
		return filepath.Join(dir, GuidanceSweepFile)
	case ResultPredictionMap:
		return filepath.Join(dir, PredictionMapFile)
	case ResultCFGSweep:
		return filepath.Join(dir, CFGSweepFile)
	case ResultStudy:
		return filepath.Join(dir, StudyFile)
	case ResultAblation:
		return filepath.Join(dir, AblationFile)
	case ResultExplorer:
		return filepath.Join(dir, ExplorerFile)
	}
	if kind, ok := strings.CutPrefix(name, coursePrefix); ok && known(kind) {
		return netkind.Kind(kind).CoursePath(dir)
	}
	if kind, ok := strings.CutPrefix(name, importPrefix); ok && known(kind) {
		return filepath.Join(netkind.Kind(kind).CheckpointDir(dir), HparamsFile)
	}
	return filepath.Join(dir, name+".npy")
}

// known reports whether name is a network kind of the table.
func known(name string) bool {
	_, err := netkind.Lookup(netkind.Kind(name))
	return err == nil
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
	// TrainingSteps are the training steps of the checkpoints that made the
	// result (DenoiserStep, ClassifierStep, ...: one per network kind).
	netkind.TrainingSteps
	// Snapshots is the number of samples whose reverse process was kept.
	Snapshots int `json:"snapshots,omitempty"`
	// Labels are the states and Scales the guidance scales of guided
	// samples or of a sweep.
	Labels []int     `json:"labels,omitempty"`
	Scales []float64 `json:"scales,omitempty"`
	// Grid is the number of cells per axis of a prediction map.
	Grid int `json:"grid,omitempty"`
	// Cells is the number of networks trained for an ablation grid.
	Cells int `json:"cells,omitempty"`
	// Models is the folder of the checkpoints, when it is not the result's
	// own folder (a quick notebook run that used the full run's models).
	Models string `json:"models,omitempty"`
	// Origin says where the weights of networks imported from PyTorch came
	// from (ddpm import): file, SHA-256, time input.
	Origin string `json:"origin,omitempty"`
	// Embed names the input embeddings of the networks that made the
	// result, when not the course's (x, y, tbar), e.g. "flow: sinusoidal
	// (32 frequencies, scale 25)"; empty: none.
	Embed string `json:"embed,omitempty"`
}

// ProvenanceTable maps result names (ResultUncond, ResultCond(k), ...) to
// their records; it is stored in provenance.json.
type ProvenanceTable map[string]Provenance

// ReadProvenance reads DIR/provenance.json; a folder without one has an
// empty table.
func ReadProvenance(dir string) (ProvenanceTable, error) {
	path := filepath.Join(dir, ProvenanceFile)
	t := ProvenanceTable{}
	if err := ReadJSON(path, &t); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return t, nil
}

// UpdateProvenance merges records into DIR/provenance.json.
func UpdateProvenance(dir string, recs map[string]Provenance) error {
	t, err := ReadProvenance(dir)
	if err != nil {
		return err
	}
	for name, p := range recs {
		t[name] = p
	}
	return WriteJSON(filepath.Join(dir, ProvenanceFile), t)
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
	qs := []quantity{{"samples", p.N}, {"reverse steps", p.Steps}}
	for _, k := range netkind.All() {
		qs = append(qs, quantity{k.Spec().Title + " training steps", p.TrainingSteps.Of(k)})
	}
	return append(qs, quantity{"states", len(p.Labels)}, quantity{"guidance scales", len(p.Scales)},
		quantity{"grid cells per axis", p.Grid}, quantity{"ablation cells", p.Cells})
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
	if p.Cells > 0 {
		add("%d ablation cells", p.Cells)
	}
	if len(p.Labels) > 1 || len(p.Scales) > 1 {
		add("%d states x %d scales", len(p.Labels), len(p.Scales))
	}
	for _, k := range netkind.All() {
		if step := p.TrainingSteps.Of(k); step > 0 {
			add("%s at step %d", k.Spec().Title, step)
		}
	}
	if p.Models != "" {
		add("models from %s", p.Models)
	}
	if p.Origin != "" {
		add("weights from %s", p.Origin)
	}
	if p.Embed != "" {
		add("input embedding %s", p.Embed)
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
