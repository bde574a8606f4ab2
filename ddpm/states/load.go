package states

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/statesdiffusion/states/ddpm/npy"
	"github.com/statesdiffusion/states/ddpm/torchpt"
)

// Load loads a dataset and validates it (see Validate). The
// format follows the extension of path:
//
//   - .pt: a PyTorch file holding a float tensor [N, 2] or the course's dict
//     {"data": float32 [N, 2], "labels": int64 [N]} (see torchpt.Read);
//   - .npy: an (N, 2) float array; labels are read from the sibling file
//     NAME_labels.npy when it exists;
//   - .csv: rows x,y or x,y,label (see ReadCSV).
//
// An empty path means the built-in STATES set, Generate with
// DefaultConfig.
func Load(path string) (*Dataset, error) {
	if path == "" {
		return Generate(DefaultConfig())
	}
	var d *Dataset
	var err error
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".pt", ".pth":
		d = &Dataset{}
		d.Points, d.Labels, err = torchpt.Read(path)
	case ".npy":
		d, err = readNPYDataset(path)
	case ".csv":
		d, err = ReadCSV(path)
	default:
		return nil, fmt.Errorf("read %s: unknown data format %q (want .pt, .npy or .csv)", path, ext)
	}
	if err != nil {
		return nil, err
	}
	if err := Validate(d); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return d, nil
}

// NPYLabelsPath returns the path of the labels that go with the points in
// the .npy file path: "dir/states.npy" gives "dir/states_labels.npy".
func NPYLabelsPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + "_labels.npy"
}

// readNPYDataset reads points from path and labels from NPYLabelsPath(path)
// when that file exists.
func readNPYDataset(path string) (*Dataset, error) {
	pts, err := npy.ReadPoints(path)
	if err != nil {
		return nil, err
	}
	d := &Dataset{Points: pts}
	lp := NPYLabelsPath(path)
	if _, err := os.Stat(lp); errors.Is(err, fs.ErrNotExist) {
		return d, nil
	}
	if d.Labels, err = npy.ReadLabels(lp); err != nil {
		return nil, err
	}
	if len(d.Labels) != len(pts) {
		return nil, fmt.Errorf("read %s: %d labels for the %d points of %s", lp, len(d.Labels), len(pts), path)
	}
	return d, nil
}

// Validate checks that d has at least one point, only finite
// coordinates, and either no labels or one label in [0, Num) per
// point.
func Validate(d *Dataset) error {
	if d == nil || len(d.Points) == 0 {
		return errors.New("dataset has no points")
	}
	for i, p := range d.Points {
		if !IsFinite(p) {
			return fmt.Errorf("point %d is not finite: (%v, %v)", i, p[0], p[1])
		}
	}
	if d.Labels == nil {
		return nil
	}
	if len(d.Labels) != len(d.Points) {
		return fmt.Errorf("%d labels for %d points", len(d.Labels), len(d.Points))
	}
	for i, l := range d.Labels {
		if l < 0 || l >= Num {
			return fmt.Errorf("label %d is %d, want one in [0, %d)", i, l, Num)
		}
	}
	return nil
}

// IsFinite reports whether both coordinates of p are neither NaN nor
// infinite.
func IsFinite(p [2]float32) bool {
	for _, v := range p {
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}
