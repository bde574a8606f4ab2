//go:build !js

package backends

import (
	"fmt"
	"path/filepath"

	"github.com/gomlx/compute"
	onnxbackend "github.com/gomlx/compute-onnx"
)

// newONNXBackend creates the ONNX Runtime backend (compute-onnx). config is
// compute-onnx's option list ("intra_op_num_threads=1", "cpu", a library
// path, ...); without a library path in it, FindORTLibrary's is used, and
// without one there it is an error: the library is never downloaded.
func newONNXBackend(config string) (compute.Backend, error) {
	onnxbackend.EnableAutoInstall(false)
	lib := configLibrary(config)
	if lib == "" {
		lib = FindORTLibrary()
		if lib == "" {
			return nil, fmt.Errorf("ONNX Runtime library not found: set %s, or run scripts/install-deps.sh (it puts one in %s)", ORTLibraryEnv, ORTToolsPath)
		}
		config = joinConfig(config, lib)
	}
	if err := checkSharedLibrary(lib); err != nil {
		return nil, fmt.Errorf("ONNX Runtime library %s: %w", lib, err)
	}
	// compute-onnx loads one library per process and ignores the path of
	// later backends: say so rather than run another library than named.
	if abs, err := filepath.Abs(lib); err == nil {
		lib = abs
	}
	if ortLoaded != "" && ortLoaded != lib {
		return nil, fmt.Errorf("ONNX Runtime library %s: this process already loaded %s (one library per process)", lib, ortLoaded)
	}
	b, err := onnxbackend.New(config)
	if err != nil {
		return nil, fmt.Errorf("ONNX Runtime library %s: %w", lib, err)
	}
	ortLoaded = lib
	return b, nil
}
