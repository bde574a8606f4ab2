package states

// Names are the STATES labels, in label order (alphabetical by the
// course's convention: 0 Michigan, 1 Idaho, 2 Ohio, 3 Oklahoma, 4 Wisconsin).
var Names = []string{"Michigan", "Idaho", "Ohio", "Oklahoma", "Wisconsin"}

// Num is the number of classes in STATES.
const Num = 5

// Dataset is a set of 2-D points with optional integer labels.
type Dataset struct {
	// Points holds the coordinates, one [x, y] pair per point.
	Points [][2]float32
	// Labels holds one label per point, in [0, Num), or is nil when the
	// data is unlabeled.
	Labels []int
}

// Len returns the number of points.
func (d *Dataset) Len() int { return len(d.Points) }
