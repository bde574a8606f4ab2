package pipeline

import (
	"context"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/internal/testrun"
)

// Trained reads back a checkpoint's recipe and tells a short run from the
// full recipe.
func TestTrainedTellsTheBudget(t *testing.T) {
	ws := testrun.OpenWorkspace(t, t.TempDir(), false)
	if _, err := Trained(ws, netkind.Denoiser); err == nil {
		t.Fatal("Trained on a folder without a checkpoint: no error")
	}
	if _, _, err := TrainInto(context.Background(), ws, tinyOptions(t, netkind.Denoiser, 20)); err != nil {
		t.Fatal(err)
	}
	m, err := Trained(ws, netkind.Denoiser)
	if err != nil {
		t.Fatal(err)
	}
	if m.Full || m.Hparams.Train.Steps != 20 || m.Hparams.Kind != netkind.Denoiser {
		t.Errorf("a 20-step denoiser: %+v", m)
	}
	if s := m.String(); !strings.Contains(s, "20 steps of batch 128") || !strings.Contains(s, "less than the full recipe") {
		t.Errorf("String() = %q", s)
	}
	full, _ := FullBudget.Recipe(netkind.Denoiser)
	m.Hparams.Train.Steps, m.Hparams.Train.Batch = full.Steps, full.Batch
	if m.Full = true; !strings.HasSuffix(m.String(), "the full recipe") {
		t.Errorf("String() of a full run = %q", m.String())
	}
}
