package backends

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/internal/testfix"
)

func TestFindORTLibrary(t *testing.T) {
	root := t.TempDir()
	lib := filepath.Join(root, ORTToolsPath)
	testfix.WriteFile(t, lib, "\x7fELF")
	deep := filepath.Join(root, "notebooks", "sub")
	none := func(string) string { return "" }
	if got := findORTLibrary(none, []string{deep}); got != lib {
		t.Errorf("from %s: found %q, want %q", deep, got, lib)
	}
	if got := findORTLibrary(none, []string{t.TempDir()}); got != "" {
		t.Errorf("outside the repository: found %q, want none", got)
	}
	env := map[string]string{ORTLibraryEnv: "/opt/ort/libonnxruntime.so"}
	if got := findORTLibrary(func(k string) string { return env[k] }, []string{deep}); got != env[ORTLibraryEnv] {
		t.Errorf("with %s set: found %q", ORTLibraryEnv, got)
	}
	env = map[string]string{ToolsDirEnv: filepath.Join(root, ".tools")}
	if got := findORTLibrary(func(k string) string { return env[k] }, nil); got != lib {
		t.Errorf("with %s set: found %q, want %q", ToolsDirEnv, got, lib)
	}
}

// A missing, truncated or foreign library is an error that names the file,
// never a crash, and the explicit backend does not fall back to another.
// Each case runs in a fresh process, since a process loads ONNX Runtime once.
func TestONNXBadLibraryIsAClearError(t *testing.T) {
	if os.Getenv("DDPM_ONNX_CHILD") != "" {
		_, err := New(os.Getenv("DDPM_ONNX_CHILD"))
		if err == nil {
			os.Stdout.WriteString("NO ERROR\n")
			return
		}
		os.Stdout.WriteString("ERROR: " + err.Error() + "\n")
		return
	}
	dir := t.TempDir()
	junk := filepath.Join(dir, "libonnxruntime.so.1")
	if err := os.WriteFile(junk, []byte("this is not a library"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A real shared library that is not ONNX Runtime.
	libc, _ := filepath.Glob("/lib/x86_64-linux-gnu/libc.so.6")
	cases := map[string]string{
		"missing":   filepath.Join(dir, "nothere", "libonnxruntime.so.1"),
		"truncated": junk,
	}
	if len(libc) == 1 {
		cases["foreign"] = libc[0]
	}
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestONNXBadLibraryIsAClearError$")
			cmd.Env = append(os.Environ(), "DDPM_ONNX_CHILD=onnx:"+path)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child process failed (a crash?): %v\n%s", err, out)
			}
			s := string(out)
			if !strings.Contains(s, "ERROR: ") || !strings.Contains(s, path) {
				t.Errorf("want an error naming %s, got:\n%s", path, s)
			}
		})
	}
}
