package tooldir

import (
	"path/filepath"
	"testing"

	"github.com/statesdiffusion/states/internal/testfix"
)

func TestFind(t *testing.T) {
	root := t.TempDir()
	rel := "npm/node_modules/echarts/dist/echarts.min.js"
	file := filepath.Join(root, Name, filepath.FromSlash(rel))
	testfix.WriteFile(t, file, "x")
	deep := filepath.Join(root, "notebooks", "sub")
	none := func(string) string { return "" }
	if got := Find(none, []string{deep}, rel); got != file {
		t.Errorf("from %s: found %q, want %q", deep, got, file)
	}
	if got := Find(none, []string{t.TempDir()}, rel); got != "" {
		t.Errorf("outside the checkout: found %q, want none", got)
	}
	if got := Find(none, []string{deep}, "npm/missing.js"); got != "" {
		t.Errorf("a missing file: found %q", got)
	}
	// The tools folder of the environment comes first...
	other := t.TempDir()
	moved := filepath.Join(other, filepath.FromSlash(rel))
	testfix.WriteFile(t, moved, "y")
	env := func(k string) string {
		if k == Env {
			return other
		}
		return ""
	}
	if got := Find(env, []string{deep}, rel); got != moved {
		t.Errorf("with %s set: found %q, want %q", Env, got, moved)
	}
	// ...but one without the file does not hide the checkout's.
	empty := func(k string) string {
		if k == Env {
			return t.TempDir()
		}
		return ""
	}
	if got := Find(empty, []string{deep}, rel); got != file {
		t.Errorf("with an empty %s: found %q, want %q", Env, got, file)
	}
	// A folder of that name is not a file.
	if got := Find(none, []string{deep}, "npm"); got != "" {
		t.Errorf("a folder: found %q", got)
	}
}
