package run

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/internal/atomicfile"
)

// File names inside an output directory (the -out DIR of every subcommand).
// Train, sample, classifier, guide and report chain on one directory. The
// files of each network kind (its checkpoint folder, course-format
// checkpoint, training curves) are named in the kind table, netkind: see
// netkind.Kind.CheckpointDir, CurvesPath and CoursePath.
const (
	DataDirName       = "data"                  // ddpm data: states.npy, states_labels.npy, states.csv
	SnapshotsFile     = "uncond_snapshots.json" // Snapshots of the reverse process
	PredictionMapFile = "classifier_map.json"   // PredictionMap of the classifier
	MetricsFile       = "metrics.json"          // MetricsTable
	StudyFile         = "steps_study.json"      // Study: quality against network evaluations
	ExplorerFile      = "explorer.html"         // the explorer page (ddpm explore)
	ReportPDFFile     = "report.pdf"            // ddpm report
	ReportHTMLFile    = "report.html"           // ddpm report
	FiguresDirName    = "figures"               // ddpm report: PNG and SVG figures
	HparamsFile       = "hparams.json"          // beside a checkpoint: what rebuilds the network
)

// The sample sets and sweeps of the network kinds, as the kind table
// (netkind) names them.
var (
	UncondSamplesBase = netkind.Denoiser.Spec().Uncond.Name               // "uncond_gen_samples" + .npy / .pt
	FlowSamplesBase   = netkind.Flow.Spec().Uncond.Name                   // "flow_gen_samples" + .npy / .pt: samples of the flow
	GuidanceSweepFile = netkind.Denoiser.Spec().Guided.Sweep + ".json"    // "guidance_sweep.json": []SweepRow
	CFGSweepFile      = netkind.Conditional.Spec().Guided.Sweep + ".json" // "cfg_sweep.json": []SweepRow of classifier-free guidance (Scale: w)
)

// CondSamplesBase returns the base name (without extension) of the guided
// samples of one state, e.g. "cond_gen_samples_2".
func CondSamplesBase(label int) string { return netkind.Denoiser.Spec().Guided.Of(label) }

// CFGSamplesBase returns the base name of the classifier-free guided
// samples of one state, e.g. "cfg_gen_samples_2".
func CFGSamplesBase(label int) string { return netkind.Conditional.Spec().Guided.Of(label) }

// Curves are the training records of one model, saved as JSON beside its
// checkpoint so charts can be drawn without retraining. Each series is
// indexed by Steps where it has a value; a series recorded less often (e.g.
// NLL) carries its own step list.
type Curves struct {
	// Kind is the network kind (saved as "model").
	Kind netkind.Kind `json:"model"`
	// Train and Validation are loss curves.
	Train      []CurvePoint `json:"train"`
	Validation []CurvePoint `json:"validation"`
	// NLL holds the KDE NLL of a small sample set during denoiser training.
	NLL []CurvePoint `json:"nll,omitempty"`
	// TrainAccuracy and ValidationAccuracy are the classifier's accuracies.
	TrainAccuracy      []CurvePoint `json:"train_accuracy,omitempty"`
	ValidationAccuracy []CurvePoint `json:"validation_accuracy,omitempty"`
	// AccuracyByT is the classifier's validation accuracy per bucket of t.
	AccuracyByT []BucketAccuracy `json:"accuracy_by_t,omitempty"`
}

// CurvePoint is one (step, value) record of a curve.
type CurvePoint struct {
	Step  int     `json:"step"`
	Value float64 `json:"value"`
}

// BucketAccuracy is the accuracy over the diffusion times TLow <= t < THigh.
type BucketAccuracy struct {
	TLow     int     `json:"t_low"`
	THigh    int     `json:"t_high"`
	Accuracy float64 `json:"accuracy"`
}

// Metrics are the quality figures of one sample set.
type Metrics struct {
	// Name of the set, e.g. "uncond" or "cond_2".
	Name string `json:"name"`
	// Label is the requested state for guided sets, -1 for unconditional ones.
	Label int `json:"label"`
	N     int `json:"n"`
	// NLL is the course's KDE negative log-likelihood under the full data.
	NLL float64 `json:"nll"`
	// DataNLL is the same score of the reference points (all data, or the
	// state's own points), for comparison.
	DataNLL float64 `json:"data_nll"`
	// Precision and Recall at Radius (see quality.go).
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	Radius    float64 `json:"radius"`
	// LabelAccuracy is the share of samples whose nearest data point has the
	// requested label (guided sets only; -1 otherwise).
	LabelAccuracy float64 `json:"label_accuracy"`
	// Scale is the guidance scale (guided sets only).
	Scale float64 `json:"scale,omitempty"`
	// MaxDistance is the largest distance from a sample to the nearest
	// data point (of any state), and Far the number of samples farther
	// than FarRadius from every data point: the outliers. Zero in records
	// written before they were measured.
	MaxDistance float64 `json:"max_distance,omitempty"`
	Far         int     `json:"far,omitempty"`
	FarRadius   float64 `json:"far_radius,omitempty"`
}

// MetricsTable maps set names to their metrics; it is stored in metrics.json
// and merged by each step that adds a set.
type MetricsTable map[string]Metrics

// SweepRow is one guidance scale of a sweep with one state's metrics.
type SweepRow struct {
	Scale   float64 `json:"scale"`
	Metrics Metrics `json:"metrics"`
}

// Study is the quality-versus-steps study: every sampler at every number
// of network evaluations, scored against the data.
type Study struct {
	// N is the number of samples of each row.
	N int `json:"n"`
	// DataNLL is the data's own NLL, the target of every row.
	DataNLL float64 `json:"data_nll"`
	// Rows hold one sampler at one budget each, samplers outermost.
	Rows []StudyRow `json:"rows"`
}

// StudyRow is one sampler at one budget.
type StudyRow struct {
	// Sampler names the sampler family, e.g. "DDIM" or "flow midpoint".
	Sampler string `json:"sampler"`
	// Steps is the number of solver or reverse steps; NFE the network
	// evaluations per sample it took (two per midpoint step).
	Steps int `json:"steps"`
	NFE   int `json:"nfe"`
	// Seconds is the wall time of sampling the row's N points.
	Seconds float64 `json:"seconds"`
	Metrics Metrics `json:"metrics"`
}

// FieldFrame is a flow's velocity field at one time U in [0, 1]: the
// velocity Velocity[i] at Points[i].
type FieldFrame struct {
	U        float64      `json:"u"`
	Points   [][2]float32 `json:"points"`
	Velocity [][2]float32 `json:"velocity"`
}

// Snapshots keep x_t of a batch of samples at chosen steps of the reverse
// process, from x_T (noise) to x_0, for the reverse-process animation.
type Snapshots struct {
	// Times[i] is the diffusion time t of Points[i]; Times is decreasing,
	// ending at 0.
	Times  []int          `json:"steps"`
	Points [][][2]float32 `json:"points"`
}

// PredictionMap is the classifier's argmax class over a regular grid, at
// several diffusion times.
type PredictionMap struct {
	XMin, XMax, YMin, YMax float64
	// NX and NY are the grid sizes; cell (i, j) is centred at
	// x = XMin + (i+0.5)(XMax-XMin)/NX, y = YMin + (j+0.5)(YMax-YMin)/NY.
	NX, NY int
	// Times are the diffusion times, Classes[k][j*NX+i] the argmax class at
	// Times[k].
	Times   []int `json:"Ts"`
	Classes [][]int
}

// WriteJSON writes v as indented JSON to path atomically.
func WriteJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return atomicfile.Write(path, append(b, '\n'))
}

// ReadJSON reads the JSON file at path into v, naming the file in errors.
func ReadJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("read %s: not valid JSON for %T: %w", path, v, err)
	}
	return nil
}

// UpdateMetrics merges sets into DIR/metrics.json (creating it if needed).
func UpdateMetrics(dir string, sets ...Metrics) error {
	path := filepath.Join(dir, MetricsFile)
	table := MetricsTable{}
	if _, err := os.Stat(path); err == nil {
		if err := ReadJSON(path, &table); err != nil {
			return err
		}
	}
	for _, m := range sets {
		table[m.Name] = m
	}
	return WriteJSON(path, table)
}

// Record appends x (flat pairs) as the snapshot at step t; when first is
// false the points extend the snapshot of the same index.
func (s *Snapshots) Record(first bool, t int, x []float32) {
	pts := make([][2]float32, len(x)/2)
	for i := range pts {
		pts[i] = [2]float32{x[2*i], x[2*i+1]}
	}
	if first {
		s.Times = append(s.Times, t)
		s.Points = append(s.Points, pts)
		return
	}
	for i := range s.Times {
		if s.Times[i] == t {
			s.Points[i] = append(s.Points[i], pts...)
			return
		}
	}
}

// Truncate drops records after step (for a resumed run).
func (c *Curves) Truncate(step int) {
	cut := func(ps []CurvePoint) []CurvePoint {
		for i, p := range ps {
			if p.Step > step {
				return ps[:i]
			}
		}
		return ps
	}
	c.Train, c.Validation, c.NLL = cut(c.Train), cut(c.Validation), cut(c.NLL)
	c.TrainAccuracy, c.ValidationAccuracy = cut(c.TrainAccuracy), cut(c.ValidationAccuracy)
}
