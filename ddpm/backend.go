package ddpm

import (
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/gobackend"
	"github.com/gomlx/go-xla/compute/xla"
)

// BackendEnv is the environment variable that selects the compute backend
// when no explicit name is given, e.g. GOMLX_BACKEND=xla:cuda.
const BackendEnv = "GOMLX_BACKEND"

// XLAInstallEnv, when set to 1, lets the XLA backend download its PJRT plugin
// if it is missing. Without it the project never downloads anything.
const XLAInstallEnv = "DDPM_XLA_AUTO_INSTALL"

var (
	backendsMu sync.Mutex
	backends   = map[string]compute.Backend{}
)

// NewBackend returns the compute backend named by name: "go" (the pure-Go
// backend, the default) or "xla:PLUGIN" (XLA/PJRT through go-xla, e.g.
// "xla:cuda" or "xla:cpu"). An empty name reads GOMLX_BACKEND and falls back
// to "go". Backends are created once and shared.
//
// The XLA backend never downloads a plugin unless DDPM_XLA_AUTO_INSTALL=1:
// install the PJRT plugin beforehand (see docker/README.md).
func NewBackend(name string) (compute.Backend, error) {
	if name == "" {
		name = os.Getenv(BackendEnv)
	}
	if name == "" {
		name = gobackend.BackendName
	}
	backendsMu.Lock()
	defer backendsMu.Unlock()
	if b, ok := backends[name]; ok {
		return b, nil
	}
	kind, config, _ := strings.Cut(name, ":")
	var (
		b   compute.Backend
		err error
	)
	switch kind {
	case gobackend.BackendName:
		warnNoSIMD()
		b, err = gobackend.New(config)
	case "xla":
		xla.EnableAutoInstall(os.Getenv(XLAInstallEnv) == "1")
		b, err = xla.New(config)
	default:
		return nil, fmt.Errorf("unknown backend %q: want \"go\" or \"xla:PLUGIN\" (e.g. xla:cuda)", name)
	}
	if err != nil {
		return nil, fmt.Errorf("backend %q: %w", name, err)
	}
	backends[name] = b
	return b, nil
}

var warnOnce sync.Once

// warnNoSIMD prints, once, a warning when the binary was built without
// GOEXPERIMENT=simd, which makes the pure-Go backend 5-6x slower.
func warnNoSIMD() {
	if simdEnabled {
		return
	}
	warnOnce.Do(func() {
		fmt.Fprintln(os.Stderr, "warning: built without GOEXPERIMENT=simd: the pure-Go backend runs 5-6x slower; "+
			"rebuild with GOEXPERIMENT=simd (see README.md)")
	})
}
