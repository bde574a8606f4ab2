package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/torchpt"
	"github.com/statesdiffusion/states/internal/testfix"
)

// A course pair imported with ddpm import samples and guides like a trained
// one, and its records say where the weights came from; a second import is
// refused without -force, and a bad file leaves the folder untouched.
func TestImportThenSampleAndGuide(t *testing.T) {
	out := t.TempDir()
	den, clf := testfix.Path("course_tiny.pt"), testfix.Path("course_tiny_layer.pt")
	wantExit(t, 0, []string{"denoiser: " + den, "one shared PReLU slope", "classifier: " + clf, "one PReLU slope per layer", "time input linspace"},
		"import", "-out", out, "-denoiser", den, "-classifier", clf, "-time-input", "linspace", "-backend", "go")
	var hp ddpm.Hparams
	if err := run.ReadJSON(filepath.Join(netkind.Denoiser.CheckpointDir(out), run.HparamsFile), &hp); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hp.Origin, den) || hp.Schedule.TimeInput != "linspace" || hp.PReLU != ddpm.PReLUShared {
		t.Errorf("hparams: origin %q, time input %q, prelu %q", hp.Origin, hp.Schedule.TimeInput, hp.PReLU)
	}
	wantExit(t, 0, nil, "sample", "-out", out, "-n", "100", "-method", "ddim", "-ddim-steps", "10", "-snapshots", "0", "-backend", "go")
	wantExit(t, 0, nil, "guide", "-out", out, "-n", "50", "-label", "2", "-ddim-steps", "10", "-backend", "go")
	prov, err := run.ReadProvenance(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{run.ResultImport(netkind.Denoiser), run.ResultImport(netkind.Classifier), run.ResultUncond, run.ResultCond(2)} {
		if !strings.Contains(prov[name].Origin, "course_tiny") {
			t.Errorf("provenance of %s: origin %q, want the imported file", name, prov[name].Origin)
		}
	}
	before := snapshotDir(t, out)
	wantExit(t, 1, []string{netkind.Denoiser.CheckpointDir(out), "an imported denoiser", "course_tiny.pt", "-force"},
		"import", "-out", out, "-denoiser", den, "-backend", "go")
	wantExit(t, 1, []string{"an imported denoiser", "-force"}, append([]string{"train", "-out", out, "-steps", "20", "-backend", "go"}, tinyTrain...)...)
	bad := testfix.Path("course_whole_module.pt")
	wantExit(t, 1, []string{bad, "pickled torch.nn.Module"}, "import", "-out", out, "-force", "-denoiser", den, "-classifier", bad, "-backend", "go")
	if after := snapshotDir(t, out); after != before {
		t.Errorf("the refusals changed files:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	wantExit(t, 2, []string{"-time-input"}, "import", "-out", out, "-denoiser", den, "-time-input", "middle")
	wantExit(t, 2, []string{"nothing to import"}, "import", "-out", out)
	// The imported denoiser exports back to the same state_dict.
	wantExit(t, 0, []string{"denoiser: " + filepath.Join(out, "checkpoints", "denoiser.pt")}, "export", "-out", out, "-keep-going", "-backend", "go")
	got, err := torchpt.ReadStateDict(filepath.Join(out, "checkpoints", "denoiser.pt"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := torchpt.ReadStateDict(den)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i].Name != want[i].Name || len(got[i].Data) != len(want[i].Data) {
			t.Fatalf("re-exported entry %d: %s %v, want %s %v", i, got[i].Name, got[i].Shape, want[i].Name, want[i].Shape)
		}
		for j := range want[i].Data {
			if got[i].Data[j] != want[i].Data[j] {
				t.Fatalf("re-exported %s[%d] = %g, want %g", got[i].Name, j, got[i].Data[j], want[i].Data[j])
			}
		}
	}
}

// ddpm export writes a shared-slope network and refuses, by name and with
// the flag to use, one whose per-layer slopes differ.
func TestExportSharedAndRefusedLayer(t *testing.T) {
	out := t.TempDir()
	wantExit(t, 0, nil, append([]string{"train", "-out", out, "-steps", "20", "-prelu", "shared", "-backend", "go"}, tinyTrain...)...)
	wantExit(t, 0, []string{"denoiser: " + filepath.Join(out, "checkpoints", "denoiser.pt"), "strict=True"}, "export", "-out", out, "-backend", "go")
	sd, err := torchpt.ReadStateDict(filepath.Join(out, "checkpoints", "denoiser.pt"))
	if err != nil {
		t.Fatal(err)
	}
	if sd[0].Name != "act.weight" || len(sd) != 9 {
		t.Errorf("exported keys start with %s, %d keys; want act.weight, 9", sd[0].Name, len(sd))
	}
	layer := t.TempDir()
	wantExit(t, 0, nil, append([]string{"train", "-out", layer, "-steps", "20", "-prelu", "layer", "-backend", "go"}, tinyTrain...)...)
	wantExit(t, 1, []string{netkind.Denoiser.CheckpointDir(layer), "one PReLU slope per hidden layer", "-prelu shared"},
		"export", "-out", layer, "-backend", "go")
	if _, err := os.Stat(filepath.Join(layer, "checkpoints", "denoiser.pt")); err == nil {
		t.Error("the refused export wrote checkpoints/denoiser.pt")
	}
	wantExit(t, 0, []string{"not exported"}, "export", "-out", layer, "-keep-going", "-backend", "go")
}
