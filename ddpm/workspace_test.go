package ddpm

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// folderHashes maps every file under dir (but the lock file, whose holder
// record comes and goes, and the subfolders named in skip) to a hash of its
// content.
func folderHashes(t *testing.T, dir string, skip ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && slices.Contains(skip, d.Name()) {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() || d.Name() == run.LockFileName {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameFiles reports the differences between two folderHashes.
func sameFiles(t *testing.T, before, after map[string]string) {
	t.Helper()
	var diff []string
	for k, v := range before {
		if after[k] != v {
			diff = append(diff, k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			diff = append(diff, k+" (new)")
		}
	}
	sort.Strings(diff)
	if len(diff) > 0 {
		t.Errorf("files changed: %v", diff)
	}
}

func points(n int, v float32) [][2]float32 {
	pts := make([][2]float32, n)
	for i := range pts {
		pts[i] = [2]float32{v, float32(i) / float32(n)}
	}
	return pts
}

func openWS(t *testing.T, dir string, force bool) *Workspace {
	t.Helper()
	w, err := OpenWorkspace(dir, WorkspaceOptions{Force: force, MadeBy: "test", Budget: "quick"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	return w
}

// A result is kept when a smaller one would replace it: the refusal names
// the file, what made it and the flag, and no file changes. A result at
// least as large in every respect replaces it, and so does anything with
// Force.
func TestWorkspaceKeepsLargerResults(t *testing.T) {
	dir := t.TempDir()
	w := openWS(t, dir, false)
	big := run.Provenance{N: 600, Sampler: "DDIM, 50 steps, eta 0", Steps: 50, DenoiserStep: 200, ClassifierStep: 200,
		Labels: []int{0}, Scales: []float64{1}}
	if err := w.SaveCond(0, points(600, 1), run.Metrics{Name: "cond_0", N: 600}, big); err != nil {
		t.Fatal(err)
	}
	table, err := run.ReadProvenance(dir)
	if err != nil {
		t.Fatal(err)
	}
	if rec := table[run.ResultCond(0)]; rec.N != 600 || rec.MadeBy != "test" || rec.Budget != "quick" || rec.Time.IsZero() {
		t.Errorf("record %+v: want n 600, made by test, quick budget, a time", rec)
	}
	before := folderHashes(t, dir)

	small := big
	small.N, small.DenoiserStep = 500, 4000
	err = w.SaveCond(0, points(500, 2), run.Metrics{Name: "cond_0", N: 500}, small)
	var re *ReplaceError
	if !errors.Is(err, ErrWouldReplace) || !errors.As(err, &re) {
		t.Fatalf("500 samples over 600: got %v, want a ReplaceError", err)
	}
	msg := err.Error()
	t.Logf("refusal: %s", msg)
	for _, want := range []string{filepath.Join(dir, "cond_gen_samples_0.npy"), "600 samples (this run: 500)", "made by test", "-force"} {
		if !strings.Contains(msg, want) {
			t.Errorf("refusal %q does not mention %q", msg, want)
		}
	}
	if strings.Contains(msg, "denoiser training steps") {
		t.Errorf("refusal %q counts the denoiser steps, in which the new result is larger", msg)
	}
	sameFiles(t, before, folderHashes(t, dir))

	// Fewer reverse steps is smaller too.
	fewer := big
	fewer.Steps = 20
	if err := w.SaveCond(0, points(600, 3), run.Metrics{Name: "cond_0"}, fewer); !errors.Is(err, ErrWouldReplace) {
		t.Errorf("20 reverse steps over 50: got %v, want a refusal", err)
	}
	// Larger or equal in every respect: replaced.
	larger := big
	larger.N, larger.ClassifierStep = 700, 300
	if err := w.SaveCond(0, points(700, 4), run.Metrics{Name: "cond_0", N: 700}, larger); err != nil {
		t.Fatalf("700 samples over 600: %v", err)
	}
	d, err := states.Load(filepath.Join(dir, "cond_gen_samples_0.npy"))
	if err != nil || d.Len() != 700 {
		t.Fatalf("after the larger write: %v, %d points", err, d.Len())
	}
	// Another state is another result.
	if err := w.SaveCond(1, points(10, 5), run.Metrics{Name: "cond_1", N: 10}, run.Provenance{N: 10}); err != nil {
		t.Errorf("a first result of state 1: %v", err)
	}
	// Force replaces the larger one.
	wf := openWS(t, dir, true)
	if err := wf.SaveCond(0, points(5, 6), run.Metrics{Name: "cond_0", N: 5}, run.Provenance{N: 5}); err != nil {
		t.Fatalf("with Force: %v", err)
	}
	var table2 run.MetricsTable
	if err := run.ReadJSON(filepath.Join(dir, run.MetricsFile), &table2); err != nil {
		t.Fatal(err)
	}
	if table2["cond_0"].N != 5 || table2["cond_1"].N != 10 {
		t.Errorf("metrics after force: %+v", table2)
	}
}

// Files written without a record (by an older version, or by hand) are
// measured: a .npy's rows, a sweep's size, a map's grid.
func TestWorkspaceMeasuresUnrecordedResults(t *testing.T) {
	dir := t.TempDir()
	if err := run.WriteSamples(dir, run.UncondSamplesBase, points(5000, 1)); err != nil {
		t.Fatal(err)
	}
	var rows []run.SweepRow
	for _, l := range []int{0, 1, 2} {
		for _, s := range []float64{0, 1, 2} {
			rows = append(rows, run.SweepRow{Scale: s, Metrics: run.Metrics{Label: l, N: 400, Scale: s}})
		}
	}
	if err := run.WriteJSON(filepath.Join(dir, run.GuidanceSweepFile), rows); err != nil {
		t.Fatal(err)
	}
	if err := run.WriteJSON(filepath.Join(dir, run.PredictionMapFile), run.PredictionMap{NX: 120, NY: 120}); err != nil {
		t.Fatal(err)
	}
	w := openWS(t, dir, false)
	cases := []struct {
		name string
		p    run.Provenance
		want string // "" when allowed
	}{
		{run.ResultUncond, run.Provenance{N: 2000}, "5000 samples (this run: 2000)"},
		{run.ResultUncond, run.Provenance{N: 5000, Steps: 500}, ""},
		{run.ResultSweep, run.Provenance{N: 300, Labels: []int{0}, Scales: []float64{0, 1, 2, 4}}, "3 states (this run: 1)"},
		{run.ResultSweep, run.Provenance{N: 400, Labels: []int{0, 1, 2, 3, 4}, Scales: []float64{0, 1, 2}}, ""},
		{run.ResultPredictionMap, run.Provenance{Grid: 80}, "120 grid cells per axis (this run: 80)"},
		{run.ResultCond(3), run.Provenance{N: 1}, ""}, // nothing there
	}
	for _, c := range cases {
		err := w.Check(c.name, c.p)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s with %+v: %v, want allowed", c.name, c.p, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "no record")):
			t.Errorf("%s with %+v: %v, want a refusal mentioning %q and the missing record", c.name, c.p, err, c.want)
		}
	}
}

// A trained checkpoint is not trained over unless asked: the refusal names
// the folder, describes the run, offers -resume and -force, and changes
// nothing; Resume continues it and Force starts over.
func TestWorkspaceKeepsTrainedCheckpoints(t *testing.T) {
	dir := t.TempDir()
	cfg := tinyConfig()
	cfg.Steps, cfg.EvalEvery, cfg.NLLEvery, cfg.CheckpointEvery = 20, 10, 0, 0
	opts := TrainOptions{Kind: KindDenoiser, Data: smallStates(t), Config: cfg, Backend: testBackend(t)}
	w := openWS(t, dir, false)
	if _, _, err := w.Train(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	before := folderHashes(t, dir)
	opts.Config.Steps = 30
	_, _, err := w.Train(context.Background(), opts)
	if !errors.Is(err, ErrWouldReplace) {
		t.Fatalf("training over a checkpoint: got %v, want a refusal", err)
	}
	t.Logf("refusal: %v", err)
	for _, want := range []string{CheckpointDir(dir, KindDenoiser), "trained denoiser: 20 of 20 steps", "made by test", "-resume", "-force"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q does not mention %q", err, want)
		}
	}
	sameFiles(t, before, folderHashes(t, dir))
	if err := (WorkspaceOptions{}).CheckTrain(dir, KindClassifier, false); err != nil {
		t.Errorf("no classifier checkpoint: %v", err)
	}

	opts.Resume = true
	net, _, err := w.Train(context.Background(), opts)
	if err != nil || net.GlobalStep() != 30 {
		t.Fatalf("resume: %v", err)
	}
	opts.Resume, opts.Config.Steps = false, 10
	wf := openWS(t, dir, true)
	if _, _, err = wf.Train(context.Background(), opts); err != nil {
		t.Fatalf("with Force: %v", err)
	}
	reloaded, hp, err := LoadNet(CheckpointDir(dir, KindDenoiser), opts.Backend)
	if err != nil {
		t.Fatal(err)
	}
	if reloaded.GlobalStep() != 10 || hp.MadeBy != "test" {
		t.Errorf("after Force: step %d, made by %q; want a new 10-step run by test", reloaded.GlobalStep(), hp.MadeBy)
	}
}
