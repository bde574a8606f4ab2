package testfix

import (
	"strings"
	"testing"
)

// Refusal is a fixture file (a name for Path) that a reader must refuse,
// and what its error must say.
type Refusal struct{ File, Want string }

// Refuses checks that read refuses each fixture file of cases with an
// error that names the file's path and contains its Want.
func Refuses(t testing.TB, read func(path string) error, cases ...Refusal) {
	t.Helper()
	for _, c := range cases {
		path := Path(c.File)
		if err := read(path); err == nil || !strings.Contains(err.Error(), c.Want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v, want one naming the file and containing %q", c.File, err, c.Want)
		}
	}
}
