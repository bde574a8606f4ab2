package ddpm

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
)

// trainTinyTo trains the tiny denoiser into dir and returns its checkpoint dir.
func trainTinyTo(t *testing.T, dir string) string {
	t.Helper()
	c := tinyConfig()
	c.Steps, c.NLLEvery = 20, 0
	if _, _, err := Train(context.Background(), TrainOptions{Kind: netkind.Denoiser, Data: smallStates(t), Config: c,
		Backend: testBackend(t), Dir: dir}); err != nil {
		t.Fatal(err)
	}
	return netkind.Denoiser.CheckpointDir(dir)
}

func TestLoadNetRejectsOtherArchitecture(t *testing.T) {
	ck := trainTinyTo(t, t.TempDir())
	hpPath := filepath.Join(ck, run.HparamsFile)
	orig, err := os.ReadFile(hpPath)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"wider layers":     strings.Replace(string(orig), `"sizes": [`, `"sizes": [3, 64, 64, 2], "x": [`, 1),
		"classifier sizes": strings.Replace(string(orig), `"kind": "denoiser"`, `"kind": "classifier"`, 1),
		"unknown kind":     strings.Replace(string(orig), `"kind": "denoiser"`, `"kind": "vae"`, 1),
		"garbage":          "{not json",
		"huge width":       strings.Replace(string(orig), `"sizes": [`, `"sizes": [3, 99999999, 2], "x": [`, 1),
	}
	for name, content := range cases {
		if err := os.WriteFile(hpPath, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := LoadCheckpoint(ck, testBackend(t)); err == nil {
			t.Errorf("%s: LoadCheckpoint accepted %s", name, content)
		} else if !strings.Contains(err.Error(), ck) {
			t.Errorf("%s: error %q does not name the checkpoint", name, err)
		}
	}
}

func TestLoadNetCorruptCheckpointIsAnError(t *testing.T) {
	ck := trainTinyTo(t, t.TempDir())
	bins, _ := filepath.Glob(filepath.Join(ck, "checkpoint-*.bin"))
	jsons, _ := filepath.Glob(filepath.Join(ck, "checkpoint-*.json"))
	if len(bins) == 0 || len(jsons) == 0 {
		t.Fatal("no checkpoint files")
	}
	for _, f := range append(bins, jsons...) {
		if err := os.WriteFile(f, []byte("{\"x\":"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := LoadCheckpoint(ck, testBackend(t)); err == nil {
		t.Error("LoadCheckpoint accepted a corrupt checkpoint")
	}
}

// poisonSource turns the batches from step `from` on into NaNs.
type poisonSource struct {
	inner batchSource
	from  int
}

func (p *poisonSource) fill(step int, nb *noisyBatch) {
	p.inner.fill(step, nb)
	if step >= p.from {
		nb.xt[0] = float32(math.NaN())
	}
}

// A loss that becomes NaN stops training with ErrNonFinite and leaves the
// last good checkpoint loadable.
func TestNonFiniteLossStopsAndKeepsCheckpoint(t *testing.T) {
	dir := t.TempDir()
	c := tinyConfig()
	c.Steps, c.CheckpointEvery, c.EvalEvery, c.NLLEvery = 50, 10, 10, 0
	tr, err := newTrainer(TrainOptions{Kind: netkind.Denoiser, Data: smallStates(t), Config: c, Backend: testBackend(t), Dir: dir,
		Hints: run.Hints{LearningRate: "-lr"}})
	if err != nil {
		t.Fatal(err)
	}
	tr.src = &poisonSource{inner: tr.src, from: 25}
	err = tr.run(context.Background())
	if !errors.Is(err, ErrNonFinite) {
		t.Fatalf("training on NaN batches returned %v, want ErrNonFinite", err)
	}
	if !strings.Contains(err.Error(), "try a lower learning rate (-lr)") {
		t.Errorf("the error does not name the interface's learning-rate setting: %v", err)
	}
	n, _, err := LoadCheckpoint(netkind.Denoiser.CheckpointDir(dir), testBackend(t))
	if err != nil {
		t.Fatalf("last good checkpoint does not load: %v", err)
	}
	if n.GlobalStep() != 20 {
		t.Errorf("kept checkpoint at step %d, want 20", n.GlobalStep())
	}
}

// FuzzParseHparams: no hparams.json content may panic, and what is accepted
// must describe a buildable network.
func FuzzParseHparams(f *testing.F) {
	f.Add([]byte(`{"kind":"denoiser","sizes":[3,256,256,2],"schedule":{"kind":"linear","t":500,"beta_start":0.0001,"beta_end":0.02}}`))
	f.Add([]byte(`{"kind":"classifier","sizes":[3,100,200,500,5],"schedule":{"kind":"cosine","t":100}}`))
	f.Add([]byte(`{"kind":"denoiser","sizes":[3,2]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		hp, err := ParseHparams(raw)
		if err != nil {
			return
		}
		if _, err := NetArch(hp.Kind, hp.Sizes[1:len(hp.Sizes)-1]); err != nil {
			t.Errorf("accepted hparams with a bad architecture: %v", err)
		}
		if _, err := diffusion.NewSchedule(hp.Schedule); err != nil {
			t.Errorf("accepted hparams with a bad schedule: %v", err)
		}
	})
}
