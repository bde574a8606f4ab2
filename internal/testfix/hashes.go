package testfix

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// FileHashes maps every file under dir to the SHA-256 of its content,
// leaving out the folders named in skip (paths under dir); tests compare
// two maps to show that nothing in a folder changed.
func FileHashes(t testing.TB, dir string, skip ...string) map[string]string {
	t.Helper()
	skipped := map[string]bool{}
	for _, s := range skip {
		skipped[filepath.Join(dir, s)] = true
	}
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skipped[p] {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[p] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// SameFiles fails t, naming what changed them, when two FileHashes of a
// folder differ: it lists the files changed, added and removed.
func SameFiles(t testing.TB, what string, before, after map[string]string) {
	t.Helper()
	var diff []string
	for p, h := range before {
		switch a, ok := after[p]; {
		case !ok:
			diff = append(diff, p+" (removed)")
		case a != h:
			diff = append(diff, p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			diff = append(diff, p+" (new)")
		}
	}
	sort.Strings(diff)
	if len(diff) > 0 {
		t.Errorf("%s changed files: %v", what, diff)
	}
}
