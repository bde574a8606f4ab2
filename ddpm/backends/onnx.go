package backends

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gomlx/compute"
	onnxbackend "github.com/gomlx/compute-onnx"
	"github.com/statesdiffusion/states/internal/tooldir"
)

// ORTLibraryEnv names the ONNX Runtime shared library to load, as in
// compute-onnx (ONNXRUNTIME_SHARED_LIBRARY_PATH=/path/libonnxruntime.so.1).
const ORTLibraryEnv = "ONNXRUNTIME_SHARED_LIBRARY_PATH"

// ORTToolsPath is where scripts/install-deps.sh puts the ONNX Runtime CPU
// library, relative to the repository root (or to $DDPM_TOOLS_DIR without
// its ".tools/" prefix).
const ORTToolsPath = ".tools/onnxruntime/libonnxruntime.so.1"

// ToolsDirEnv is the environment variable that moves the project's tools
// folder (default: .tools at the repository root).
const ToolsDirEnv = tooldir.Env

// FindORTLibrary returns the ONNX Runtime library that the "onnx" and
// "auto" backends load: $ONNXRUNTIME_SHARED_LIBRARY_PATH if set, else the
// copy that scripts/install-deps.sh installed ($DDPM_TOOLS_DIR, or .tools/
// in the working directory or one of its parents, or beside the running
// executable). It returns "" when there is none. It only looks: it never
// downloads.
func FindORTLibrary() string {
	return findORTLibrary(os.Getenv, tooldir.Starts())
}

// findORTLibrary is FindORTLibrary with the environment and the folders
// to search upward from given.
func findORTLibrary(getenv func(string) string, starts []string) string {
	if p := getenv(ORTLibraryEnv); p != "" {
		return p
	}
	return tooldir.Find(getenv, starts, strings.TrimPrefix(ORTToolsPath, tooldir.Name+"/"))
}

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

// ortLoaded is the ONNX Runtime library this process loaded ("" before the
// first ONNX backend); guarded by backendsMu.
var ortLoaded string

// configLibrary returns the library path given in a compute-onnx config
// ("" if none): a part with a slash or a shared-library suffix.
func configLibrary(config string) string {
	for _, part := range strings.Split(config, ",") {
		part = strings.TrimSpace(part)
		if strings.Contains(part, "=") {
			continue
		}
		if strings.Contains(part, "/") || strings.HasSuffix(part, ".so") || strings.Contains(part, ".so.") ||
			strings.HasSuffix(part, ".dylib") || strings.HasSuffix(part, ".dll") {
			return part
		}
	}
	return ""
}

// checkSharedLibrary fails, with a message a user can act on, for a path
// that is missing or not a shared library, before it reaches dlopen.
func checkSharedLibrary(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return errors.New("no such file")
		}
		return err
	}
	defer f.Close()
	magic := make([]byte, 4)
	if _, err := io.ReadFull(f, magic); err != nil || !isSharedLibraryMagic(magic) {
		return errors.New("not a shared library (truncated or not an ONNX Runtime build?)")
	}
	return nil
}

// isSharedLibraryMagic reports whether b starts like an ELF, Mach-O or PE file.
func isSharedLibraryMagic(b []byte) bool {
	for _, m := range [][]byte{{0x7f, 'E', 'L', 'F'}, {0xcf, 0xfa, 0xed, 0xfe}, {0xca, 0xfe, 0xba, 0xbe}, {'M', 'Z'}} {
		if bytes.HasPrefix(b, m) {
			return true
		}
	}
	return false
}
