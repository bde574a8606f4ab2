package ddpm

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
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

// ErrUnknownBackend is returned (wrapped) by NewBackend for a name that is
// neither "go[:OPTIONS]" nor "xla:PLUGIN".
var ErrUnknownBackend = errors.New("unknown backend")

var (
	backendsMu sync.Mutex
	backends   = map[string]compute.Backend{}
)

// NewBackend returns the compute backend named by name: "go" (the pure-Go
// backend, the default; "go:OPT,..." passes it options) or "xla:PLUGIN" (XLA/PJRT through go-xla, e.g.
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
		b, err = newGoBackend(config)
	case "xla":
		xla.EnableAutoInstall(os.Getenv(XLAInstallEnv) == "1")
		b, err = xla.New(config)
	default:
		return nil, fmt.Errorf("%w %q: want \"go\", \"go:OPTIONS\" or \"xla:PLUGIN\" (e.g. xla:cuda)", ErrUnknownBackend, name)
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

// goParallelism is the worker-pool size given to the pure-Go backend.
//
// The backend's default, 2 x GOMAXPROCS (4 on a 2-core machine), deadlocks:
// when as many independent matrix products as the pool has workers are ready
// at once (the weight gradients of the backward pass are), every worker
// holds its slot while it waits for a free one to split its product, and
// none is ever freed. A training run hung this way after 9 600 steps;
// TestGoBackendManyIndependentProducts reproduces it in a few milliseconds.
// A pool larger than the number of products any of our graphs has in flight
// cannot fill up like that, and runs exactly as fast (measured: 40 steps/s at
// batch 256 and 12.9 at batch 1024 with 4, 16, 32 or 64 workers).
func goParallelism() int { return max(64, 4*runtime.GOMAXPROCS(0)) }

// newGoBackend creates the pure-Go backend. Unless config sets
// "parallelism", the worker pool is resized to goParallelism (see there).
// It is resized through the backend's exported Workers field rather than
// the "parallelism=N" option because that option prints a line on stdout,
// which would corrupt the JSON and last-line outputs of the CLI.
func newGoBackend(config string) (compute.Backend, error) {
	b, err := gobackend.New(config)
	if err != nil || strings.Contains(config, "parallelism") {
		return b, err
	}
	type pool interface {
		SetMaxParallelism(int)
		MaxParallelism() int
	}
	v := reflect.ValueOf(b)
	if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
		if f := v.Elem().FieldByName("Workers"); f.IsValid() && f.CanInterface() {
			if p, ok := f.Interface().(pool); ok {
				p.SetMaxParallelism(max(p.MaxParallelism(), goParallelism()))
				return b, nil
			}
		}
	}
	// A future backend without that field: fall back to the option.
	b.Finalize()
	return gobackend.New(joinConfig(config, fmt.Sprintf("parallelism=%d", goParallelism())))
}

func joinConfig(config, option string) string {
	if config == "" {
		return option
	}
	return config + "," + option
}
