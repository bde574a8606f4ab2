package ddpm

import (
	"context"
	"testing"
)

// A network rebuilt from its exported weights samples exactly as the
// trained one, guided by a rebuilt classifier too.
func TestWeightsRoundTrip(t *testing.T) {
	den, clf := tinyNets(t)
	rebuild := func(n *Net) *Net {
		t.Helper()
		w, err := n.Weights()
		if err != nil {
			t.Fatal(err)
		}
		b, err := w.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back Weights
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if back.Step != n.GlobalStep() || back.Step == 0 {
			t.Errorf("step %d, want %d (> 0)", back.Step, n.GlobalStep())
		}
		m, err := NetFromWeights(&back, n.Backend)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := NetFromWeights(&Weights{Kind: back.Kind, Sizes: back.Sizes, Schedule: back.Schedule, Vars: back.Vars[1:]}, n.Backend); err == nil {
			t.Error("weights with a tensor missing were accepted")
		}
		if err := back.UnmarshalBinary(b[:len(b)-4]); err == nil {
			t.Error("truncated weights were accepted")
		}
		return m
	}
	den2, clf2 := rebuild(den), rebuild(clf)
	cfg := SampleConfig{N: 64, Seed: 3, Method: MethodDDIM, Steps: 10}
	want, _, err := Sample(context.Background(), den, cfg, &Guidance{Classifier: clf, Label: 1, Scale: 2})
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := Sample(context.Background(), den2, cfg, &Guidance{Classifier: clf2, Label: 1, Scale: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if want[i] != got[i] {
			t.Fatalf("sample %d: rebuilt %v, trained %v", i, got[i], want[i])
		}
	}
}
