package notebooks_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/pipeline"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/internal/testfix"
)

// buildDDPM builds cmd/ddpm of the repository at root into dir, as the
// kernel builds (GOEXPERIMENT=simd), and returns the binary's path.
func buildDDPM(t *testing.T, root, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "ddpm")
	build := exec.Command("go", "build", "-o", bin, "./cmd/ddpm")
	build.Dir = root
	build.Env = append(os.Environ(), "GOEXPERIMENT=simd")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/ddpm: %v\n%s", err, b)
	}
	return bin
}

// sampleCount returns the number of points in a .npy sample file.
func sampleCount(t *testing.T, path string) int {
	t.Helper()
	d, err := states.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return d.Len()
}

// "ddpm all" and then notebook 04 with its quick budget on the same
// outputs/ folder: the notebook writes its own results into outputs/quick,
// from the full run's models, and every file of the full run stays
// byte-identical. The full run has the quick budget but more samples per
// state (600) than the notebook's quick budget (pipeline.QuickBudget.N,
// 500), so the notebook's sets would be smaller ones over larger ones in the
// same place.
func TestQuickNotebookKeepsTheFullRun(t *testing.T) {
	if !selected("04") {
		t.Skip("DDPM_NOTEBOOKS leaves out notebook 04")
	}
	tl := findTools(t)
	root := repoRoot(t)
	warmBuildCache(t, root)
	tmp := t.TempDir()
	out := filepath.Join(tmp, "outputs")
	bin := buildDDPM(t, root, tmp)
	start := time.Now()
	all := exec.Command(bin, "all", "-quick", "-n", "600", "-out", out)
	if b, err := all.CombinedOutput(); err != nil {
		t.Fatalf("ddpm all -quick -n 600: %v\n%s", err, tail(b, 4000))
	}
	t.Logf("ddpm all -quick -n 600 -out %s ran in %v", out, time.Since(start).Round(time.Second))
	cond0 := filepath.Join(out, run.CondSamplesBase(0)+".npy")
	if n := sampleCount(t, cond0); n != 600 {
		t.Fatalf("%s holds %d samples, want 600", cond0, n)
	}
	before := testfix.FileHashes(t, out, run.QuickDirName)

	artifacts := artifactsDir(t)
	lim := limit(t)
	name := "04_guided_generation"
	ctx, cancel := context.WithTimeout(context.Background(), lim+2*time.Minute)
	defer cancel()
	start = time.Now()
	cmd := exec.CommandContext(ctx, tl.jupyter, "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
		"--ExecutePreprocessor.kernel_name=gonb",
		fmt.Sprintf("--ExecutePreprocessor.timeout=%d", int((lim+time.Minute).Seconds())),
		"--output-dir", artifacts, "--output", name+".after-all", name+".ipynb")
	cmd.Env = append(os.Environ(), "DDPM_NOTEBOOK_OUT="+out, "GOEXPERIMENT=simd")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert --execute %s: %v\n%s", name, err, tail(b, 4000))
	}
	t.Logf("%s after ddpm all ran in %v", name, time.Since(start).Round(time.Second))
	nb := readNotebook(t, filepath.Join(artifacts, name+".after-all.ipynb"))
	checkOutputs(t, name, nb)
	var text strings.Builder
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			text.WriteString(string(o.Text))
		}
	}
	if !strings.Contains(text.String(), "the full run's") {
		t.Errorf("%s does not say it used the full run's models:\n%s", name, tail([]byte(text.String()), 3000))
	}

	testfix.SameFiles(t, "the quick notebook run (in the full run's folder)", before, testfix.FileHashes(t, out, run.QuickDirName))
	quick := run.NotebookDir(out, false)
	budget := pipeline.QuickBudget
	for k := range states.Num {
		if n := sampleCount(t, filepath.Join(quick, run.CondSamplesBase(k)+".npy")); n != budget.N {
			t.Errorf("the notebook's state %d: %d samples, want %d in %s", k, n, budget.N, quick)
		}
	}
	table, err := run.ReadProvenance(quick)
	if err != nil {
		t.Fatal(err)
	}
	rec := table[run.ResultCond(0)]
	t.Logf("record of %s: %s", run.ResultCond(0), rec)
	denSteps, clfSteps := budget.TrainSteps[netkind.Denoiser], budget.TrainSteps[netkind.Classifier]
	if rec.Budget != budget.Name || rec.N != budget.N || rec.Models != out || rec.DenoiserStep != denSteps || rec.ClassifierStep != clfSteps {
		t.Errorf("record of the notebook's guided samples: %+v; want the quick budget, %d samples, the full run's models (%s, %d and %d steps)",
			rec, budget.N, out, denSteps, clfSteps)
	}
}
