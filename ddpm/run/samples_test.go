package run

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/ddpm/torchpt"
	"github.com/statesdiffusion/states/internal/testfix"
)

// TestWriteSamplesAndDataset writes samples and a dataset and reads every
// file back. With DDPM_INTEROP_OUT=DIR it writes them into DIR for
// scripts/check_interop.py, which loads them with torch and numpy.
func TestWriteSamplesAndDataset(t *testing.T) {
	dir := os.Getenv("DDPM_INTEROP_OUT")
	if dir == "" {
		dir = t.TempDir()
	}
	d, err := states.Generate(states.Config{PerState: 40, Jitter: 0.015, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteSamples(dir, "samples", d.Points); err != nil {
		t.Fatal(err)
	}
	if err := torchpt.Write(filepath.Join(dir, "states.pt"), d.Points, d.Labels); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, DataDirName)
	if err := states.Write(data, d); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path   string
		labels bool
	}{
		{filepath.Join(dir, "samples.npy"), false},
		{filepath.Join(dir, "samples.pt"), false},
		{filepath.Join(dir, "states.pt"), true},
		{filepath.Join(data, states.NPYFile), true},
		{filepath.Join(data, states.CSVFile), true},
	} {
		got, err := states.Load(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		testfix.EqualPoints(t, tc.path, got.Points, d.Points)
		if tc.labels {
			testfix.EqualLabels(t, tc.path, got.Labels, d.Labels)
		} else if got.Labels != nil {
			t.Errorf("%s: labels %v, want none", tc.path, got.Labels)
		}
	}
	entries, err := os.ReadDir(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestWriteDatasetRejectsInvalid(t *testing.T) {
	dir := t.TempDir()
	err := states.Write(dir, &states.Dataset{Points: [][2]float32{{0, 1}}, Labels: []int{5}})
	if err == nil || !strings.Contains(err.Error(), "label 0 is 5") {
		t.Errorf("error %v, want one about label 5", err)
	}
	if _, err := os.Stat(filepath.Join(dir, states.NPYFile)); err == nil {
		t.Error("an invalid dataset was written")
	}
	if err := WriteSamples(filepath.Join(dir, "f"), "x", nil); err != nil {
		t.Errorf("empty samples: %v", err)
	}
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteSamples(blocker, "x", [][2]float32{{0, 0}}); err == nil || !strings.Contains(err.Error(), "x.npy") {
		t.Errorf("writing under a file: error %v, want one naming x.npy", err)
	}
}
