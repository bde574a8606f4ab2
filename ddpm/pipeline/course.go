package pipeline

import (
	"errors"
	"fmt"
	"os"

	"github.com/gomlx/compute"
	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/torchpt"
)

// ExportCourse writes the trained network net of ws as the course's
// state_dict, ws.Dir/checkpoints/KIND.pt (netkind.Kind.CoursePath), which the
// course's model.py MLP loads with strict=True (see ddpm.CourseStateDict).
// A network with differing per-layer PReLU slopes is refused; an export of a
// longer-trained checkpoint is not replaced without ws.Force. It returns
// the file written.
func ExportCourse(ws *run.Workspace, net *ddpm.Net) (string, error) {
	sd, err := net.CourseStateDict()
	if err != nil {
		return "", fmt.Errorf("export %s: %w", net.Kind.CheckpointDir(ws.Dir), err)
	}
	p := run.Provenance{Origin: net.Origin}
	p.TrainingSteps.Set(net.Kind, net.GlobalStep())
	path := run.ResultFile(ws.Dir, run.ResultCourse(net.Kind))
	err = ws.SaveCourseCkpt(net.Kind, func(path string) error { return torchpt.WriteStateDict(path, sd) }, p)
	return path, err
}

// ImportCourse checks that the networks of files (kind -> PyTorch
// state_dict file) may be written into dir — no trained checkpoint of
// theirs there, or o.Force — and reads them all (ddpm.ImportCourse) before
// anything is written, so a bad file leaves dir untouched.
func ImportCourse(dir string, o run.Options, files map[netkind.Kind]string, timeInput string, backend compute.Backend) ([]*ddpm.Net, error) {
	var nets []*ddpm.Net
	for _, kind := range netkind.All() {
		file, ok := files[kind]
		if !ok {
			continue
		}
		if err := CheckTrain(dir, o, kind, false); err != nil {
			var re *run.ReplaceError
			if errors.As(err, &re) {
				re.Hint = importHint(o)
			}
			return nil, err
		}
		net, err := ddpm.ImportCourse(kind, file, timeInput, backend)
		if err != nil {
			return nil, err
		}
		nets = append(nets, net)
	}
	return nets, nil
}

// importHint words how to import over a trained checkpoint.
func importHint(o run.Options) string {
	h := o.Hints
	if h == (run.Hints{}) {
		h = run.CLIHints
	}
	switch {
	case h.Force != "" && h.Elsewhere != "":
		return fmt.Sprintf("use %s to replace it, or %s to import elsewhere", h.Force, h.Elsewhere)
	case h.Force != "":
		return fmt.Sprintf("use %s to replace it", h.Force)
	}
	return ""
}

// SaveImported writes the imported network net into ws as a project
// checkpoint (DIR/checkpoints/KIND, step 0, with its Origin in
// hparams.json) and records its origin in provenance.json. The training
// curves of the network it replaces, if any, are removed: they describe
// another network.
func SaveImported(ws *run.Workspace, net *ddpm.Net) error {
	if err := CheckTrain(ws.Dir, ws.Options, net.Kind, false); err != nil {
		return err
	}
	ckpt := net.Kind.CheckpointDir(ws.Dir)
	if err := net.SaveImported(ckpt, ws.MadeBy); err != nil {
		return err
	}
	if err := os.Remove(net.Kind.CurvesPath(ws.Dir)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return ws.RecordImport(net.Kind, run.Provenance{Origin: net.Origin})
}
