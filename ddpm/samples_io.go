package ddpm

import (
	"fmt"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/npy"
	"github.com/statesdiffusion/states/ddpm/torchpt"
)

// WriteSamples writes pts as DIR/BASE.npy (float32 [N, 2]) and DIR/BASE.pt
// (a float32 tensor [N, 2] for torch.load), each atomically.
func WriteSamples(dir, base string, pts [][2]float32) error {
	if err := npy.WritePoints(filepath.Join(dir, base+".npy"), pts); err != nil {
		return err
	}
	return torchpt.Write(filepath.Join(dir, base+".pt"), pts, nil)
}

// Names of the files of WriteDataset.
const (
	DatasetNPYFile       = "states.npy"
	DatasetLabelsNPYFile = "states_labels.npy"
	DatasetCSVFile       = "states.csv"
)

// WriteDataset validates d and writes it into dir as states.npy (points),
// states_labels.npy (labels, when d has them) and states.csv, each
// atomically. LoadData reads either form back.
func WriteDataset(dir string, d *Dataset) error {
	if err := ValidateDataset(d); err != nil {
		return fmt.Errorf("write dataset to %s: %w", dir, err)
	}
	if err := npy.WritePoints(filepath.Join(dir, DatasetNPYFile), d.Points); err != nil {
		return err
	}
	if d.Labels != nil {
		if err := npy.WriteLabels(filepath.Join(dir, DatasetLabelsNPYFile), d.Labels); err != nil {
			return err
		}
	}
	return WriteCSV(filepath.Join(dir, DatasetCSVFile), d)
}
