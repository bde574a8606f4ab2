package pipeline

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/internal/testfix"
	"github.com/statesdiffusion/states/internal/testnets"
	"github.com/statesdiffusion/states/internal/testrun"
)

// An imported network is saved with its origin, used as it is by Model (a
// notebook's stage) instead of being trained on, exported back, and not
// replaced by a second import unless Force.
func TestImportedNetworkInAFolder(t *testing.T) {
	dir := t.TempDir()
	ws := testrun.OpenWorkspace(t, dir, false)
	files := map[netkind.Kind]string{netkind.Denoiser: testfix.Path("course_tiny.pt")}
	nets, err := ImportCourse(dir, ws.Options, files, diffusion.TimeLinspace, testnets.Backend(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := SaveImported(ws, nets[0]); err != nil {
		t.Fatal(err)
	}
	if p := record(t, dir, run.ResultImport(netkind.Denoiser)); !strings.Contains(p.Origin, "course_tiny.pt") || p.MadeBy != "test" {
		t.Errorf("import record %+v: want the file and the maker", p)
	}
	opts := tinyOptions(t, netkind.Denoiser, 20)
	net, curves, err := Model(context.Background(), ws, opts)
	if err != nil {
		t.Fatal(err)
	}
	if net.GlobalStep() != 0 || net.Origin == "" || len(curves.Train) != 0 {
		t.Errorf("Model on an imported denoiser: step %d, origin %q, %d curve points; want it as imported", net.GlobalStep(), net.Origin, len(curves.Train))
	}
	path, err := ExportCourse(ws, net)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Error(err)
	}
	before := testfix.FileHashes(t, dir)
	_, err = ImportCourse(dir, ws.Options, files, diffusion.TimeLinspace, testnets.Backend(t))
	if !errors.Is(err, run.ErrWouldReplace) || !strings.Contains(err.Error(), "-force") {
		t.Errorf("second import: %v, want a refusal naming -force", err)
	}
	testfix.SameFiles(t, "the refusal", before, testfix.FileHashes(t, dir))
}
