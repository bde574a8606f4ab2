package report

import (
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
)

// The classifier-free page names the input embedding its samples'
// provenance records, and says nothing of one when none is recorded.
func TestCFGEmbedding(t *testing.T) {
	in := &Inputs{Provenance: run.ProvenanceTable{}}
	in.CFG[2] = [][2]float32{{0, 0}}
	if got := in.cfgEmbedding(); got != "" {
		t.Errorf("no provenance: %q, want empty", got)
	}
	want := "conditional: sinusoidal (32 frequencies, scale 25)"
	in.Provenance[run.ResultCFG(2)] = run.Provenance{Embed: want}
	in.Provenance[run.ResultCFG(3)] = run.Provenance{Embed: "not drawn: no samples"}
	if got := in.cfgEmbedding(); got != want {
		t.Errorf("embedding %q, want %q", got, want)
	}
}
