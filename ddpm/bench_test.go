package ddpm

import (
	"syscall"
	"testing"

	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/states"
)

// cpuSeconds returns the user+system CPU time of this process.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// benchTrainer builds a trainer of the default architecture of kind at a
// batch size, on the full default dataset, writing nothing.
func benchTrainer(b *testing.B, kind netkind.Kind, batch int) *trainer {
	b.Helper()
	data, err := states.Generate(states.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := DefaultTrainConfig(kind)
	if err != nil {
		b.Fatal(err)
	}
	cfg.Batch, cfg.NLLEvery, cfg.Steps = batch, 0, 1<<30
	// GOMLX_BACKEND may pick another backend or Go-backend options.
	backend, err := backends.New("")
	if err != nil {
		b.Fatal(err)
	}
	tr, err := newTrainer(TrainOptions{Kind: kind, Data: data, Config: cfg, Backend: backend})
	if err != nil {
		b.Fatal(err)
	}
	return tr
}

func benchSteps(b *testing.B, kind netkind.Kind, batch int) {
	tr := benchTrainer(b, kind, batch)
	nb := newNoisyBatch(batch)
	step := func(i int) {
		tr.src.fill(i, nb)
		if _, err := tr.step.Call(append(batchTensors(nb), float32(1e-3))...); err != nil {
			b.Fatal(err)
		}
	}
	step(0) // compile
	cpu0 := cpuSeconds()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		step(i + 1)
	}
	// CPU time per step is less sensitive than wall time to a busy machine.
	b.ReportMetric((cpuSeconds()-cpu0)*1000/float64(b.N), "cpu-ms/step")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
	flops := 6 * float64(tr.net.Arch.NumParams()) * float64(batch)
	b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkDenoiserStepB2048(b *testing.B)    { benchSteps(b, netkind.Denoiser, 2048) }
func BenchmarkDenoiserStepB10000(b *testing.B)   { benchSteps(b, netkind.Denoiser, 10000) }
func BenchmarkClassifierStepB10000(b *testing.B) { benchSteps(b, netkind.Classifier, 10000) }

// The default recipes' batch: a flow or conditional-denoiser step costs
// what a denoiser step does (the same MLP; the conditional one has six
// more inputs).
func BenchmarkDenoiserStepB512(b *testing.B)    { benchSteps(b, netkind.Denoiser, 512) }
func BenchmarkFlowStepB512(b *testing.B)        { benchSteps(b, netkind.Flow, 512) }
func BenchmarkConditionalStepB512(b *testing.B) { benchSteps(b, netkind.Conditional, 512) }
