package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// Inputs is what a report draws: the data and the files that the
// earlier pipeline steps wrote into one output directory. Optional inputs
// are nil when their file is missing, with a line in Notes.
type Inputs struct {
	// Dir is the output directory the inputs came from.
	Dir string
	// Data is the training data (the built-in STATES set by default).
	Data *states.Dataset
	// DenoiserCurves and Uncond are required (DenoiserCurves is nil for a
	// denoiser imported with ddpm import, which has none).
	DenoiserCurves *run.Curves
	Uncond         [][2]float32
	// Optional inputs.
	ClassifierCurves *run.Curves
	Cond             [states.Num][][2]float32 // nil where missing
	Snapshots        *run.Snapshots
	PredictionMap    *run.PredictionMap
	Metrics          run.MetricsTable
	Sweep            []run.SweepRow
	// The results past the handout (flow matching, classifier-free
	// guidance, the study).
	beyondInputs
	// Ablation is the ablation grid (ablation.json of ddpm ablate).
	Ablation *run.Ablation
	// Provenance records how each result was made (provenance.json; empty
	// when the folder has none).
	Provenance run.ProvenanceTable
	// Schedule is the denoiser's noise schedule (from its hparams.json, or
	// the default one), for the forward-process figure.
	Schedule *diffusion.Schedule
	// Notes lists the optional inputs that were skipped and why.
	Notes []string
}

// missing reports whether err means "file does not exist".
func missing(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// readOptionalJSON reads DIR/name into v. It returns false with a note
// ("no WHAT (NAME): CONSEQUENCE") when the file does not exist, and an
// error when it exists but is unreadable.
func (in *Inputs) readOptionalJSON(name, what, consequence string, v any) (bool, error) {
	path := filepath.Join(in.Dir, name)
	if _, err := os.Stat(path); missing(err) {
		in.Notes = append(in.Notes, fmt.Sprintf("no %s (%s): %s", what, name, consequence))
		return false, nil
	}
	if err := run.ReadJSON(path, v); err != nil {
		return false, err
	}
	return true, nil
}

// loadSamples reads DIR/base.npy, or DIR/base.pt when there is no .npy.
// It returns nil, nil when neither exists.
func loadSamples(dir, base string) ([][2]float32, error) {
	for _, ext := range []string{".npy", ".pt"} {
		path := filepath.Join(dir, base+ext)
		if _, err := os.Stat(path); missing(err) {
			continue
		}
		d, err := states.Load(path)
		if err != nil {
			return nil, fmt.Errorf("read samples %s: %w", path, err)
		}
		return d.Points, nil
	}
	return nil, nil
}

// Load reads what `ddpm train`, `sample`, `classifier`, `guide`
// and `eval` wrote into dir, and the data (dataPath, "" for the built-in
// STATES set). The denoiser curves and the unconditional samples are
// required; every other input is optional and noted when missing. A file
// that exists but cannot be read is an error.
func Load(dir, dataPath string) (*Inputs, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("report: output directory %s not found", dir)
	}
	in := &Inputs{Dir: dir}
	var err error
	if in.Data, err = states.Load(dataPath); err != nil {
		return nil, fmt.Errorf("report: load data: %w", err)
	}
	curves := netkind.Denoiser.CurvesPath(dir)
	prov, err := run.ReadProvenance(dir)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	imported, isImported := prov[run.ResultImport(netkind.Denoiser)]
	switch _, err := os.Stat(curves); {
	case missing(err) && isImported:
		in.Notes = append(in.Notes, fmt.Sprintf("the denoiser was imported (%s): no training curves", imported.Origin))
	case missing(err):
		return nil, fmt.Errorf("report: %s is missing (run \"ddpm train -out %s\" first)", curves, dir)
	default:
		in.DenoiserCurves = &run.Curves{}
		if err := run.ReadJSON(curves, in.DenoiserCurves); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	if in.Uncond, err = loadSamples(dir, run.UncondSamplesBase); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if in.Uncond == nil {
		return nil, fmt.Errorf("report: %s.npy is missing in %s (run \"ddpm sample -out %s\" first)", run.UncondSamplesBase, dir, dir)
	}
	if err := in.loadOptional(); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return in, nil
}

// loadOptional reads the optional inputs, noting the missing ones.
func (in *Inputs) loadOptional() error {
	var cc run.Curves
	if ok, err := in.readOptionalJSON(netkind.Classifier.Spec().Curves, "classifier curves", "skipped", &cc); err != nil {
		return err
	} else if ok {
		in.ClassifierCurves = &cc
	}
	var missingStates []string
	for l := 0; l < states.Num; l++ {
		pts, err := loadSamples(in.Dir, run.CondSamplesBase(l))
		if err != nil {
			return err
		}
		in.Cond[l] = pts
		if pts == nil {
			missingStates = append(missingStates, run.CondSamplesBase(l))
		}
	}
	if len(missingStates) > 0 {
		in.Notes = append(in.Notes, fmt.Sprintf("no guided samples %v: skipped", missingStates))
	}
	var snaps run.Snapshots
	if ok, err := in.readOptionalJSON(run.SnapshotsFile, "reverse-process snapshots", "skipped", &snaps); err != nil {
		return err
	} else if ok {
		if err := plotdata.CheckSnapshots(&snaps); err != nil {
			return fmt.Errorf("%s: %w", run.SnapshotsFile, err)
		}
		in.Snapshots = &snaps
	}
	var pm run.PredictionMap
	if ok, err := in.readOptionalJSON(run.PredictionMapFile, "classifier prediction map", "skipped", &pm); err != nil {
		return err
	} else if ok {
		if err := plotdata.CheckMap(&pm); err != nil {
			return fmt.Errorf("%s: %w", run.PredictionMapFile, err)
		}
		in.PredictionMap = &pm
	}
	if _, err := in.readOptionalJSON(run.MetricsFile, "metrics", "skipped", &in.Metrics); err != nil {
		return err
	}
	if _, err := in.readOptionalJSON(run.GuidanceSweepFile, "guidance sweep", "skipped", &in.Sweep); err != nil {
		return err
	}
	prov, err := run.ReadProvenance(in.Dir)
	if err != nil {
		return err
	}
	in.Provenance = prov
	if err := in.loadBeyond(); err != nil {
		return err
	}
	if err := in.loadAblation(); err != nil {
		return err
	}
	return in.loadSchedule()
}

// loadSchedule takes the schedule from the denoiser's hparams.json, or the
// default schedule (noted) when there is none.
func (in *Inputs) loadSchedule() error {
	cfg := diffusion.DefaultScheduleConfig()
	// Only the schedule of hparams.json is needed here.
	var hp struct {
		Schedule diffusion.ScheduleConfig `json:"schedule"`
	}
	path := filepath.Join(netkind.Denoiser.Spec().Checkpoint, run.HparamsFile)
	if ok, err := in.readOptionalJSON(path, "denoiser hparams", "forward process drawn with the default schedule", &hp); err != nil {
		return err
	} else if ok && hp.Schedule.T > 0 {
		cfg = hp.Schedule
	}
	s, err := diffusion.NewSchedule(cfg)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	in.Schedule = s
	return nil
}

// guidedSets returns the guided sample sets that exist.
func (in *Inputs) guidedSets() []viz.SampleSet {
	var out []viz.SampleSet
	for l, pts := range in.Cond {
		if pts != nil {
			out = append(out, viz.Guided(l, pts))
		}
	}
	return out
}
