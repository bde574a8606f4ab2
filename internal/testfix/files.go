package testfix

import (
	"os"
	"path/filepath"
	"testing"
)

// WriteFile writes content to the file at path, making the folders above
// it, and fails t when it cannot.
func WriteFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
