package netkind

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestOnDiskNames pins every name of the table that is on disk: a change
// would orphan the files of the folders written before.
func TestOnDiskNames(t *testing.T) {
	type names struct {
		checkpoint, course, curves, uncond, uncondMetric, guided2, metric2, sweep string
	}
	want := map[Kind]names{
		Denoiser: {"checkpoints/denoiser", "checkpoints/denoiser.pt", "denoiser_curves.json",
			"uncond_gen_samples", "uncond", "cond_gen_samples_2", "cond_2", "guidance_sweep"},
		Classifier: {"checkpoints/classifier", "checkpoints/classifier.pt", "classifier_curves.json", "", "", "", "", ""},
		Flow:       {"checkpoints/flow", "checkpoints/flow.pt", "flow_curves.json", "flow_gen_samples", "flow", "", "", ""},
		Conditional: {"checkpoints/conditional", "checkpoints/conditional.pt", "conditional_curves.json",
			"", "", "cfg_gen_samples_2", "cfg_2", "cfg_sweep"},
	}
	if got := All(); len(got) != len(want) {
		t.Fatalf("All() = %v, want the %d kinds of the handout", got, len(want))
	}
	for _, k := range All() {
		s := k.Spec()
		got := names{s.Checkpoint, s.CourseCheckpoint, s.Curves, s.Uncond.Name, s.Uncond.Metric, "", "", s.Guided.Sweep}
		if s.Guided.Name != "" {
			got.guided2, got.metric2 = s.Guided.Of(2), s.Guided.MetricOf(2)
		}
		if got != want[k] {
			t.Errorf("%s: names %+v, want %+v", k, got, want[k])
		}
		if d := k.CheckpointDir("/out"); d != "/out/"+want[k].checkpoint {
			t.Errorf("%s: CheckpointDir(/out) = %s", k, d)
		}
	}
}

// TestStepFields checks that each kind records its training step in its
// own provenance field, named "<kind>_step" in provenance.json.
func TestStepFields(t *testing.T) {
	for _, k := range All() {
		var steps TrainingSteps
		steps.Set(k, 7)
		b, err := json.Marshal(steps)
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"` + string(k) + `_step":7}`; string(b) != want {
			t.Errorf("%s: steps %s, want %s", k, b, want)
		}
		if steps.Of(k) != 7 {
			t.Errorf("%s: Of = %d, want 7", k, steps.Of(k))
		}
	}
}

// TestProperties checks the facts of the table that the code relies on.
func TestProperties(t *testing.T) {
	for _, k := range All() {
		s := k.Spec()
		if s.Kind != k || s.Title == "" || s.Course == "" || s.Outputs <= 0 || s.Step == nil {
			t.Errorf("%s: incomplete row %+v", k, s)
		}
		if (s.Target == TargetLabel) != (s.Sampler == SamplerNone) {
			t.Errorf("%s: a network samples unless it classifies (target %q, sampler %q)", k, s.Target, s.Sampler)
		}
		if s.Guidance != GuidanceNone && s.Guided.Name == "" || s.Guidance == GuidanceNone && s.Guided.Name != "" {
			t.Errorf("%s: guidance %q with guided results %+v", k, s.Guidance, s.Guided)
		}
		if s.LabelInput && !s.NeedsLabels {
			t.Errorf("%s reads the label but trains without labels", k)
		}
	}
	if got := Where(func(s Spec) bool { return s.Sampler != SamplerNone }); got[0] != Denoiser {
		t.Errorf("the first kind that samples is %s, want the denoiser (the default of the ddpm command)", got[0])
	}
}

func TestLookup(t *testing.T) {
	if _, err := Lookup("gan"); err == nil || !strings.Contains(err.Error(), `"gan"`) || !strings.Contains(err.Error(), "conditional") {
		t.Errorf("Lookup(gan) = %v, want an error naming it and the kinds", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("Spec of an unknown kind did not panic")
		}
	}()
	_ = Kind("gan").Spec()
}

func TestTitles(t *testing.T) {
	for _, c := range []struct {
		kinds []Kind
		want  string
	}{
		{nil, ""},
		{[]Kind{Conditional}, "conditional denoiser"},
		{[]Kind{Denoiser, Classifier}, "denoiser and classifier"},
		{[]Kind{Denoiser, Flow, Conditional}, "denoiser, flow and conditional denoiser"},
	} {
		if got := Titles(c.kinds, "and"); got != c.want {
			t.Errorf("Titles(%v) = %q, want %q", c.kinds, got, c.want)
		}
	}
}
