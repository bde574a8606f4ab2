package pipeline

import (
	"testing"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/states"
)

// Every budget's recipes are valid, no longer than the default ones, and
// the quick budget trains each kind for its TrainSteps.
func TestBudgetRecipes(t *testing.T) {
	for name, b := range Budgets {
		if b.Name != name {
			t.Errorf("Budgets[%q] is named %q", name, b.Name)
		}
		for _, kind := range netkind.All() {
			cfg, err := b.Recipe(kind)
			if err != nil {
				t.Fatalf("%s budget, %s: %v", name, kind, err)
			}
			if err := cfg.Validate(); err != nil {
				t.Errorf("%s budget, %s recipe: %v", name, kind, err)
			}
			def, _ := ddpm.DefaultTrainConfig(kind)
			want := def.Steps
			if s, ok := b.TrainSteps[kind]; ok && s < want {
				want = s
			}
			if cfg.Steps != want || cfg.CheckpointEvery > cfg.Steps || cfg.WarmupSteps >= cfg.Steps {
				t.Errorf("%s budget, %s: %d steps (warm-up %d, checkpoint every %d), want %d", name, kind,
					cfg.Steps, cfg.WarmupSteps, cfg.CheckpointEvery, want)
			}
		}
	}
	if _, err := (Budget{Name: "bad", TrainSteps: map[netkind.Kind]int{netkind.Flow: -1}}).Recipe(netkind.Flow); err == nil {
		t.Error("a budget of -1 flow steps: no error")
	}
}

// The quick budget is smaller than the full one everywhere, and the
// samplers it hands out use its numbers.
func TestQuickBudgetIsSmaller(t *testing.T) {
	q, f := QuickBudget, FullBudget
	if q.N > f.N || q.SweepN > f.SweepN || q.StudyN > f.StudyN || q.MapGrid > f.MapGrid || q.Explore.N > f.Explore.N {
		t.Errorf("quick budget %+v is not smaller than the full one %+v", q, f)
	}
	for _, kind := range netkind.All() {
		qc, _ := q.Recipe(kind)
		fc, _ := f.Recipe(kind)
		if qc.Steps > fc.Steps {
			t.Errorf("%s: quick %d steps > full %d", kind, qc.Steps, fc.Steps)
		}
	}
	if c := q.UncondSampler(); c.N != q.N || c.Method != ddpm.MethodDDIM || c.Steps != q.UncondSteps || c.SnapshotN != q.SnapshotN {
		t.Errorf("quick unconditional sampler %+v", c)
	}
	if c := f.UncondSampler(); c.Method != ddpm.MethodDDPM || c.Steps != 0 || c.N != f.N {
		t.Errorf("full unconditional sampler %+v: want DDPM over all steps", c)
	}
	if c := q.SweepSampler(); c.N != q.SweepN || c.Method != ddpm.MethodDDIM || c.Eta != 0 || c.Steps != q.GuidedSteps {
		t.Errorf("quick sweep sampler %+v", c)
	}
	if c := f.FlowSampler(); c.N != f.N || c.Method != ddpm.MethodMidpoint {
		t.Errorf("full flow sampler %+v", c)
	}
	if qn, fn := q.ForwardData().PerState, f.ForwardData().PerState; qn != q.ForwardPerState || fn != states.DefaultConfig().PerState {
		t.Errorf("forward-process points per state: quick %d, full %d", qn, fn)
	}
}

// Classifier guidance keeps the handout's deterministic DDIM; classifier-free
// guidance takes CFGSteps at eta 1 (all T on the full budget).
func TestGuidedSamplerOf(t *testing.T) {
	for _, b := range []Budget{FullBudget, QuickBudget} {
		if c := b.GuidedSamplerOf(netkind.Denoiser); c != b.GuidedSampler() {
			t.Errorf("%s: classifier guidance samples with %+v, want GuidedSampler's %+v", b.Name, c, b.GuidedSampler())
		}
		c := b.SweepSamplerOf(netkind.Conditional)
		if c.Method != ddpm.MethodDDIM || c.Eta != 1 || c.Steps != b.CFGSteps || c.N != b.SweepN {
			t.Errorf("%s: classifier-free sweep samples with %+v, want DDIM, %d steps, eta 1, %d samples", b.Name, c, b.CFGSteps, b.SweepN)
		}
	}
	if FullBudget.CFGSteps != 0 {
		t.Errorf("full budget: classifier-free guidance at %d steps, want all T (0)", FullBudget.CFGSteps)
	}
}
