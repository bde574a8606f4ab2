package run

import (
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/npy"
	"github.com/statesdiffusion/states/ddpm/torchpt"
)

// WriteSamples writes pts as DIR/BASE.npy (float32 [N, 2]) and DIR/BASE.pt
// (a float32 tensor [N, 2] for torch.load), each atomically.
func WriteSamples(dir, base string, pts [][2]float32) error {
	if err := npy.WritePoints(filepath.Join(dir, base+".npy"), pts); err != nil {
		return err
	}
	return torchpt.Write(filepath.Join(dir, base+".pt"), pts, nil)
}
