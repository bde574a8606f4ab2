package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

func TestRunDataWritesDataset(t *testing.T) {
	out := t.TempDir()
	if err := runData([]string{"-out", out, "-per-state", "20", "-seed", "4"}); err != nil {
		t.Fatal(err)
	}
	d, err := states.Load(filepath.Join(out, run.DataDirName, states.NPYFile))
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 100 || len(d.Labels) != 100 {
		t.Errorf("%d points, %d labels, want 100", d.Len(), len(d.Labels))
	}
	var b bytes.Buffer
	printDataSummary(&b, "DIR", d)
	for _, want := range []string{"wrote 100 points to DIR", "0 Michigan      20", "4 Wisconsin     20", "std  x 1.0000 y 1.0000"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary %q lacks %q", b.String(), want)
		}
	}
}

func TestRunDataRejectsBadFlags(t *testing.T) {
	out := t.TempDir()
	for _, args := range [][]string{
		{"-out", out, "-per-state", "0"},
		{"-out", out, "-jitter", "-1"},
		{"-out", out, "-data", "x.csv", "-seed", "2"},
		{"-out", ""},
		{"-out", out, "stray"},
	} {
		var ue usageError
		if err := runData(args); !errors.As(err, &ue) {
			t.Errorf("runData(%q) = %v, want a usage error", args, err)
		}
	}
	err := runData([]string{"-out", out, "-data", filepath.Join("..", "..", "ddpm", "testdata", "evil_system.pt")})
	if err == nil || !strings.Contains(err.Error(), "posix.system") {
		t.Errorf("malicious -data: error %v", err)
	}
}
