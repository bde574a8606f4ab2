package backends

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"

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
