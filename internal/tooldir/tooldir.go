// Package tooldir finds the files that scripts/install-deps.sh installs
// under the project's .tools/ folder (the ONNX Runtime library, echarts),
// the same way for every package: $DDPM_TOOLS_DIR first, then .tools/ in
// the working directory or one of its parents, then beside the running
// executable or above it. It only looks: it never installs anything.
package tooldir

import (
	"os"
	"path/filepath"
)

// Env is the environment variable that moves the tools folder elsewhere
// (scripts/install-deps.sh honours it too).
const Env = "DDPM_TOOLS_DIR"

// Name is the tools folder's name in a checkout.
const Name = ".tools"

// Starts returns the folders that Find searches upward from by default:
// the working directory, then the folder of the running executable.
func Starts() []string {
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}
	return starts
}

// Find returns the regular file at rel (a slash-separated path inside the
// tools folder, e.g. "onnxruntime/libonnxruntime.so.1"): in getenv(Env)
// when that is set and holds it, else in the first .tools/ folder that holds
// it, searching upward from each of starts in turn. It returns "" when
// there is none.
func Find(getenv func(string) string, starts []string, rel string) string {
	rel = filepath.FromSlash(rel)
	if d := getenv(Env); d != "" {
		if p := filepath.Join(d, rel); isFile(p) {
			return p
		}
	}
	for _, dir := range starts {
		for {
			if p := filepath.Join(dir, Name, rel); isFile(p) {
				return p
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return ""
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
