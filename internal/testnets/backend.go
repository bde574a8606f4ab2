package testnets

import (
	"cmp"
	"os"
	"testing"

	"github.com/gomlx/compute"
	"github.com/statesdiffusion/states/ddpm/backends"
)

// BackendEnv names the backend that the tests run on (default "go");
// scripts/test.sh runs the ddpm tests on "go" and on "onnx".
const BackendEnv = "DDPM_TEST_BACKEND"

// BackendName returns the name of the backend the tests run on: BackendEnv,
// else "go".
func BackendName() string { return cmp.Or(os.Getenv(BackendEnv), "go") }

// Backend returns a new backend named by BackendName, failing t when it
// cannot be made.
func Backend(t testing.TB) compute.Backend {
	t.Helper()
	b, err := backends.New(BackendName())
	if err != nil {
		t.Fatal(err)
	}
	return b
}
