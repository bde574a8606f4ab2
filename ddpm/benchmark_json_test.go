package ddpm

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
)

func TestBenchResultJSONFlattensExtra(t *testing.T) {
	r := &BenchResult{Backend: "xla", DenoiserB10000StepsPerS: 12.5, Extra: map[string]float64{
		"sample_65536x500_s": 2, "denoiser_b65536_samples_per_s": 3e6}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.HasPrefix(s, `{"backend":"xla","denoiser_b10000_steps_per_s":12.5,`) {
		t.Errorf("fixed keys not first, in order: %s", s)
	}
	if !strings.HasSuffix(s, `,"denoiser_b65536_samples_per_s":3000000,"sample_65536x500_s":2}`) {
		t.Errorf("extra keys not last, sorted: %s", s)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("not one JSON object: %v: %s", err, s)
	}
	if len(back) != 11 {
		t.Errorf("%d keys, want 9 fixed + 2 extra: %s", len(back), s)
	}

	r.Extra = nil
	plain, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(plain), "65536") || !strings.HasSuffix(string(plain), `"kde_nll_5000_s":0}`) {
		t.Errorf("without extras: %s", plain)
	}

	r.Extra = map[string]float64{"denoiser_b2048_steps_per_s": 1}
	if _, err := json.Marshal(r); err == nil || !strings.Contains(err.Error(), "denoiser_b2048_steps_per_s") {
		t.Errorf("an extra key repeating a fixed one: err = %v, want one naming it", err)
	}
}

func TestAutoBenchBatchesNoneOnCPU(t *testing.T) {
	b, err := backends.New("go")
	if err != nil {
		t.Fatal(err)
	}
	if got := AutoBenchBatches(b); got != nil {
		t.Errorf("AutoBenchBatches(go) = %v, want none", got)
	}
}

func TestBenchSampleIsSampleWithoutCompileTime(t *testing.T) {
	b := testBackend(t)
	den, err := NewNet(netkind.Denoiser, []int{16}, diffusion.DefaultScheduleConfig(), b, 1)
	if err != nil {
		t.Fatal(err)
	}
	clf, err := NewNet(netkind.Classifier, []int{8}, diffusion.DefaultScheduleConfig(), b, 2)
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultSampleConfig()
	cfg.N, cfg.StepsPerCall = 40, 7 // 500 = 71 x 7 + 3: two chunk lengths
	ddim := cfg
	ddim.Method, ddim.Eta = MethodDDIM, 0
	for _, c := range []struct {
		name  string
		cfg   SampleConfig
		guide *Guidance
	}{
		{"ddpm", cfg, nil},
		{"guided ddim", ddim, &Guidance{Classifier: clf, Label: 2, Scale: 1}},
	} {
		want, _, err := Sample(context.Background(), den, c.cfg, c.guide)
		if err != nil {
			t.Fatal(err)
		}
		got, secs, warm, err := benchSample(context.Background(), den, c.cfg, c.guide)
		if err != nil {
			t.Fatal(err)
		}
		if !(secs > 0 && warm > 0) {
			t.Errorf("%s: chain %v s, warm-up %v s; want both > 0", c.name, secs, warm)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d points, want %d", c.name, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s: point %d = %v, Sample gives %v", c.name, i, got[i], want[i])
			}
		}
	}
}
