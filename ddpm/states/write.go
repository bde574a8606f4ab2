package states

import (
	"fmt"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/npy"
)

// Names of the files of Write.
const (
	NPYFile       = "states.npy"
	LabelsNPYFile = "states_labels.npy"
	CSVFile       = "states.csv"
)

// Write validates d and writes it into dir as states.npy (points),
// states_labels.npy (labels, when d has them) and states.csv, each
// atomically. Load reads either form back.
func Write(dir string, d *Dataset) error {
	if err := Validate(d); err != nil {
		return fmt.Errorf("write dataset to %s: %w", dir, err)
	}
	if err := npy.WritePoints(filepath.Join(dir, NPYFile), d.Points); err != nil {
		return err
	}
	if d.Labels != nil {
		if err := npy.WriteLabels(filepath.Join(dir, LabelsNPYFile), d.Labels); err != nil {
			return err
		}
	}
	return WriteCSV(filepath.Join(dir, CSVFile), d)
}
