package testrun

import (
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
)

// OpenWorkspace opens dir as a workspace made by "test" with the quick
// budget (Force as force), failing t when it cannot; the workspace closes
// when the test ends.
func OpenWorkspace(t testing.TB, dir string, force bool) *run.Workspace {
	t.Helper()
	w, err := run.Open(dir, run.Options{Force: force, MadeBy: "test", Budget: "quick"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	return w
}
