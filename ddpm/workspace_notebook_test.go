package ddpm

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
)

// A quick notebook run writes into outputs/quick and uses the full run's
// checkpoints when outputs/ has them, or trains its own (also when another
// process is writing outputs/); a full one writes outputs/ itself.
func TestNotebookWorkspaces(t *testing.T) {
	root := filepath.Join(t.TempDir(), "outputs")
	cfg := tinyConfig()
	cfg.Steps, cfg.EvalEvery, cfg.NLLEvery, cfg.CheckpointEvery = 20, 10, 0, 0
	opts := TrainOptions{Kind: KindDenoiser, Data: smallStates(t), Config: cfg, Backend: testBackend(t)}
	full, err := OpenNotebook(root, "02", true)
	if err != nil {
		t.Fatal(err)
	}
	full.Log = nil
	if full.Dir != root {
		t.Errorf("full budget writes into %s, want %s", full.Dir, root)
	}
	if _, _, err := full.Model(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if err := full.Close(); err != nil {
		t.Fatal(err)
	}
	before := folderHashes(t, root, QuickDirName)

	quick, err := OpenNotebook(root, "02", false)
	if err != nil {
		t.Fatal(err)
	}
	defer quick.Close()
	var log bytes.Buffer
	quick.Log = &log
	if want := filepath.Join(root, QuickDirName); quick.Dir != want {
		t.Errorf("quick budget writes into %s, want %s", quick.Dir, want)
	}
	if got := quick.ModelDir(KindDenoiser); got != root {
		t.Errorf("quick run's denoiser comes from %s, want the full run's %s", got, root)
	}
	if got := quick.ModelDir(KindClassifier); got != quick.Dir {
		t.Errorf("quick run's classifier (none in %s) comes from %s, want %s", root, got, quick.Dir)
	}
	quickOpts := opts
	quickOpts.Config.Steps = 5
	net, curves, err := quick.Model(context.Background(), quickOpts)
	if err != nil {
		t.Fatal(err)
	}
	if net.GlobalStep() != 20 || len(curves.Train) != 2 || HasCheckpoint(quick.Dir, KindDenoiser) {
		t.Errorf("quick run: step %d, %d curve points, own checkpoint %v; want the full run's 20 steps and nothing trained",
			net.GlobalStep(), len(curves.Train), HasCheckpoint(quick.Dir, KindDenoiser))
	}
	if _, err := os.Stat(CurvesPath(quick.Dir, KindDenoiser)); err != nil {
		t.Errorf("the full run's curves are not beside the quick results: %v", err)
	}
	den, _, err := quick.LoadNet(KindDenoiser, opts.Backend)
	if err != nil {
		t.Fatalf("LoadNet: %v", err)
	}
	if err := quick.SaveUncond(points(10, 1), nil, run.Metrics{Name: "uncond", N: 10}, SamplingProvenance(DefaultSampleConfig(), den, nil)); err != nil {
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
	sameFiles(t, before, folderHashes(t, root, QuickDirName))

	// Another process writes outputs/: the quick run trains its own, and a
	// full run is refused.
	_, letGo := holdLock(t, root)
	log.Reset()
	net, _, err = quick.Model(context.Background(), quickOpts)
	if err != nil {
		t.Fatalf("quick run while outputs/ is busy: %v", err)
	}
	if net.GlobalStep() != 5 || !HasCheckpoint(quick.Dir, KindDenoiser) || !strings.Contains(log.String(), "being written") {
		t.Errorf("quick run while outputs/ is busy: step %d, notes %q; want its own 5-step model and a note", net.GlobalStep(), log.String())
	}
	if net, _, err := quick.LoadNet(KindDenoiser, opts.Backend); err != nil || net.GlobalStep() != 5 {
		t.Errorf("LoadNet while outputs/ is busy: %v; want the quick run's own", err)
	}
	_, err = OpenNotebook(root, "02", true)
	if !errors.Is(err, run.ErrBusy) || !strings.Contains(err.Error(), "FullQuality = false") {
		t.Errorf("full run while outputs/ is busy: %v; want a refusal that suggests the quick budget", err)
	}
	letGo()
}
