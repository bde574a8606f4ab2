package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/internal/testfix"
	"github.com/statesdiffusion/states/internal/testrun"
)

// A trained checkpoint is not trained over unless asked: the refusal names
// the folder, describes the run, offers -resume and -force, and changes
// nothing; Resume continues it and Force starts over.
func TestTrainKeepsTrainedCheckpoints(t *testing.T) {
	dir := t.TempDir()
	opts := tinyOptions(t, netkind.Denoiser, 20)
	w := testrun.OpenWorkspace(t, dir, false)
	if _, _, err := TrainInto(context.Background(), w, opts); err != nil {
		t.Fatal(err)
	}
	before := testfix.FileHashes(t, dir)
	opts.Config.Steps = 30
	_, _, err := TrainInto(context.Background(), w, opts)
	if !errors.Is(err, run.ErrWouldReplace) {
		t.Fatalf("training over a checkpoint: got %v, want a refusal", err)
	}
	t.Logf("refusal: %v", err)
	for _, want := range []string{netkind.Denoiser.CheckpointDir(dir), "trained denoiser: 20 of 20 steps", "made by test", "-resume", "-force"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q does not mention %q", err, want)
		}
	}
	testfix.SameFiles(t, "the refusal", before, testfix.FileHashes(t, dir))
	if err := CheckTrain(dir, run.Options{}, netkind.Classifier, false); err != nil {
		t.Errorf("no classifier checkpoint: %v", err)
	}

	opts.Resume = true
	net, _, err := TrainInto(context.Background(), w, opts)
	if err != nil || net.GlobalStep() != 30 {
		t.Fatalf("resume: %v", err)
	}
	opts.Resume, opts.Config.Steps = false, 10
	wf := testrun.OpenWorkspace(t, dir, true)
	if _, _, err = TrainInto(context.Background(), wf, opts); err != nil {
		t.Fatalf("with Force: %v", err)
	}
	reloaded, hp, err := ddpm.LoadCheckpoint(netkind.Denoiser.CheckpointDir(dir), opts.Backend)
	if err != nil {
		t.Fatal(err)
	}
	if reloaded.GlobalStep() != 10 || hp.MadeBy != "test" {
		t.Errorf("after Force: step %d, made by %q; want a new 10-step run by test", reloaded.GlobalStep(), hp.MadeBy)
	}
}
