package run

// AblationFile is the ablation grid of ddpm ablate (an Ablation), and
// ResultAblation its name in provenance.json.
const (
	AblationFile   = "ablation.json"
	ResultAblation = "ablation"
)

// Ablation is the ablation grid: small denoisers, each trained with one
// setting of a base recipe changed, sampled and scored against the data.
// Every row changes one setting (an axis: learning rate, T, ...) through
// its values; the base recipe's own value appears in every row (trained
// once).
type Ablation struct {
	// Budget names the ablation's budget ("default", "quick", ...).
	Budget string `json:"budget"`
	// Base describes the base recipe in words.
	Base string `json:"base"`
	// Steps and Batch are the base recipe's training budget.
	Steps int `json:"steps"`
	Batch int `json:"batch"`
	// N is the number of samples of each cell, drawn with Sampler.
	N       int    `json:"n"`
	Sampler string `json:"sampler"`
	// DataNLL is the data's own NLL, the target of every cell.
	DataNLL float64 `json:"data_nll"`
	// Seconds is the wall time of the whole grid.
	Seconds float64 `json:"seconds"`
	// Rows hold one axis each, in the order of the grid.
	Rows []AblationRow `json:"rows"`
}

// AblationRow is one axis of the grid, a row of cells.
type AblationRow struct {
	// Axis is the axis's short name (e.g. "T"), Title its heading (e.g.
	// "diffusion steps T") and Change how its values change the recipe.
	Axis   string `json:"axis"`
	Title  string `json:"title"`
	Change string `json:"change"`
	// Cells hold the axis's values, in order.
	Cells []AblationCell `json:"cells"`
}

// AblationCell is one trained and scored setting.
type AblationCell struct {
	// Value names the setting, e.g. "T = 50".
	Value string `json:"value"`
	// Base marks the base recipe's own setting.
	Base bool `json:"base,omitempty"`
	// Reused marks a cell whose recipe was already trained in an earlier
	// row (the base recipe): its figures are that run's.
	Reused bool `json:"reused,omitempty"`
	// Diverged says why training stopped (a non-finite loss); the cell then
	// has no samples and no metrics.
	Diverged string `json:"diverged,omitempty"`
	// TrainSeconds and SampleSeconds are the wall times of training and of
	// sampling the cell.
	TrainSeconds  float64 `json:"train_seconds"`
	SampleSeconds float64 `json:"sample_seconds"`
	// Loss is the last validation loss of training (0 when none).
	Loss float64 `json:"loss,omitempty"`
	// Metrics score the samples (NLL, precision, recall).
	Metrics Metrics `json:"metrics"`
	// Samples are the cell's samples, for its scatter.
	Samples [][2]float32 `json:"samples,omitempty"`
}

// Cells returns the number of cells of the grid that were trained (the
// base recipe counted once).
func (a *Ablation) Cells() int {
	n := 0
	for _, r := range a.Rows {
		for _, c := range r.Cells {
			if !c.Reused {
				n++
			}
		}
	}
	return n
}
