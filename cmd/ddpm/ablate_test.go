package main

import (
	"path/filepath"
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
)

// ddpm ablate refuses bad flags up front (exit 2, nothing written), makes
// a tiny grid of the axes asked for, prints a line per cell, and keeps it
// from a smaller grid unless -force.
func TestAblate(t *testing.T) {
	out := t.TempDir()
	before := snapshotDir(t, out)
	wantUsageError(t, []string{"-axes", `unknown ablation axis "width"`, "lr, T, schedule"}, "ablate", "-out", out, "-axes", "width")
	wantUsageError(t, []string{"-steps"}, "ablate", "-out", out, "-steps", "-1")
	wantUsageError(t, []string{`-budget "tiny"`, "full", "quick"}, "ablate", "-out", out, "-budget", "tiny")
	if after := snapshotDir(t, out); after != before {
		t.Errorf("the refusals wrote files:\n%s", after)
	}
	tiny := []string{"ablate", "-out", out, "-backend", "go", "-steps", "6", "-batch", "16", "-axes", "schedule,steps"}
	msg := wantExit(t, 0, []string{"linear betas *", "cosine betas", "2 steps", "3 steps", "(above)", "5 cells (4 trained)", run.AblationFile},
		append(tiny, "-n", "30")...)
	t.Logf("ddpm ablate:\n%s", msg)
	var ab run.Ablation
	if err := run.ReadJSON(filepath.Join(out, run.AblationFile), &ab); err != nil {
		t.Fatal(err)
	}
	if ab.Budget != "custom" || ab.N != 30 || len(ab.Rows) != 2 || ab.Cells() != 4 {
		t.Errorf("grid: budget %q, %d samples, %d rows, %d cells trained; want custom, 30, 2, 4", ab.Budget, ab.N, len(ab.Rows), ab.Cells())
	}
	wantExit(t, 1, []string{"30 samples (this run: 20)", "-force"}, append(tiny, "-n", "20")...)
	wantExit(t, 0, nil, append(tiny, "-n", "20", "-force")...)
}
