package pipeline

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/internal/testfix"
)

// A quick notebook run writes into outputs/quick and uses the full run's
// checkpoints when outputs/ has them, or trains its own (also when another
// process is writing outputs/); a full one writes outputs/ itself.
func TestNotebookWorkspaces(t *testing.T) {
	root := filepath.Join(t.TempDir(), "outputs")
	opts := tinyOptions(t, netkind.Denoiser, 20)
	full, err := run.OpenNotebook(root, "02", true)
	if err != nil {
		t.Fatal(err)
	}
	full.Log = nil
	if full.Dir != root {
		t.Errorf("full budget writes into %s, want %s", full.Dir, root)
	}
	if _, _, err := Model(context.Background(), full, opts); err != nil {
		t.Fatal(err)
	}
	if err := full.Close(); err != nil {
		t.Fatal(err)
	}
	before := testfix.FileHashes(t, root, run.QuickDirName)

	quick, err := run.OpenNotebook(root, "02", false)
	if err != nil {
		t.Fatal(err)
	}
	defer quick.Close()
	var log bytes.Buffer
	quick.Log = &log
	if want := filepath.Join(root, run.QuickDirName); quick.Dir != want {
		t.Errorf("quick budget writes into %s, want %s", quick.Dir, want)
	}
	if got := ModelDir(quick, netkind.Denoiser); got != root {
		t.Errorf("quick run's denoiser comes from %s, want the full run's %s", got, root)
	}
	if got := ModelDir(quick, netkind.Classifier); got != quick.Dir {
		t.Errorf("quick run's classifier (none in %s) comes from %s, want %s", root, got, quick.Dir)
	}
	quickOpts := opts
	quickOpts.Config.Steps = 5
	net, curves, err := Model(context.Background(), quick, quickOpts)
	if err != nil {
		t.Fatal(err)
	}
	if net.GlobalStep() != 20 || len(curves.Train) != 2 || ddpm.HasCheckpoint(quick.Dir, netkind.Denoiser) {
		t.Errorf("quick run: step %d, %d curve points, own checkpoint %v; want the full run's 20 steps and nothing trained",
			net.GlobalStep(), len(curves.Train), ddpm.HasCheckpoint(quick.Dir, netkind.Denoiser))
	}
	if _, err := os.Stat(netkind.Denoiser.CurvesPath(quick.Dir)); err != nil {
		t.Errorf("the full run's curves are not beside the quick results: %v", err)
	}
	den, _, err := LoadModel(quick, netkind.Denoiser, opts.Backend)
	if err != nil {
		t.Fatalf("LoadModel: %v", err)
	}
	if err := quick.SaveUncond(make([][2]float32, 10), nil, run.Metrics{Name: "uncond", N: 10}, samplingRecord(ddpm.DefaultSampleConfig(), den, nil)); err != nil {
		t.Fatal(err)
	}
	table, err := run.ReadProvenance(quick.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if rec := table[run.ResultUncond]; rec.Models != root || rec.DenoiserStep != 20 || rec.MadeBy != "notebook 02" || rec.Budget != "quick" {
		t.Errorf("record of the quick samples %+v: want models from %s at step 20, made by notebook 02, quick", rec, root)
	}
	t.Logf("notes:\n%s", log.String())
	if !strings.Contains(log.String(), "full run's") {
		t.Errorf("notes %q do not say the full run's denoiser is used", log.String())
	}
	testfix.SameFiles(t, "the quick run", before, testfix.FileHashes(t, root, run.QuickDirName))

	// Another process writes outputs/: the quick run trains its own, and a
	// full run is refused.
	letGo := holdElsewhere(t, root)
	log.Reset()
	net, _, err = Model(context.Background(), quick, quickOpts)
	if err != nil {
		t.Fatalf("quick run while outputs/ is busy: %v", err)
	}
	if net.GlobalStep() != 5 || !ddpm.HasCheckpoint(quick.Dir, netkind.Denoiser) || !strings.Contains(log.String(), "being written") {
		t.Errorf("quick run while outputs/ is busy: step %d, notes %q; want its own 5-step model and a note", net.GlobalStep(), log.String())
	}
	if net, _, err := LoadModel(quick, netkind.Denoiser, opts.Backend); err != nil || net.GlobalStep() != 5 {
		t.Errorf("LoadModel while outputs/ is busy: %v; want the quick run's own", err)
	}
	_, err = run.OpenNotebook(root, "02", true)
	if !errors.Is(err, run.ErrBusy) || !strings.Contains(err.Error(), "FullQuality = false") {
		t.Errorf("full run while outputs/ is busy: %v; want a refusal that suggests the quick budget", err)
	}
	letGo()
}
