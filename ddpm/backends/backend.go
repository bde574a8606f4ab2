package backends

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
)

// Env is the environment variable that selects the compute backend
// when no explicit name is given, e.g. GOMLX_BACKEND=xla:cuda.
const Env = "GOMLX_BACKEND"

// XLAInstallEnv, when set to 1, lets the XLA backend download its PJRT plugin
// if it is missing. Without it the project never downloads anything.
const XLAInstallEnv = "DDPM_XLA_AUTO_INSTALL"

// ErrUnknown is returned (wrapped) by New for a name that is
// none of "auto", "go[:OPTIONS]", "onnx[:OPTIONS]" and "xla:PLUGIN".
var ErrUnknown = errors.New("unknown backend")

// Auto is the default backend name: the faster CPU backend here, by
// measurement (see New).
const Auto = "auto"

// ONNX is the name of the ONNX Runtime backend (compute-onnx).
const ONNX = "onnx"

var (
	backendsMu sync.Mutex
	backends   = map[string]compute.Backend{}
)

// New returns the compute backend named by name:
//   - "auto" (the default): the faster CPU backend here, "go" or "onnx", as
//     measured by a short calibration cached per machine and build
//     (AutoChoice, CalibrationCachePath); "go" when the ONNX Runtime library
//     is not found (FindORTLibrary);
//   - "go" (the pure-Go backend; "go:OPT,..." passes it options);
//   - "onnx" (ONNX Runtime on the CPU through compute-onnx; "onnx:OPT,..."
//     passes options such as intra_op_num_threads=1 or a library path);
//   - "xla:PLUGIN" (XLA/PJRT through go-xla, e.g. "xla:cuda", "xla:cpu" or
//     an absolute plugin path).
//
// An empty name reads GOMLX_BACKEND and falls back to "auto". An explicit
// name never falls back to another backend. Backends are created once per
// name and shared.
//
// Nothing is downloaded: the ONNX Runtime library comes from
// scripts/install-deps.sh or ONNXRUNTIME_SHARED_LIBRARY_PATH, and the XLA
// backend installs no PJRT plugin unless DDPM_XLA_AUTO_INSTALL=1 (see
// docker/README.md).
func New(name string) (compute.Backend, error) {
	if name == "" {
		name = os.Getenv(Env)
	}
	if name == "" {
		name = Auto
	}
	backendsMu.Lock()
	defer backendsMu.Unlock()
	if b, ok := backends[name]; ok {
		return b, nil
	}
	kind, config, _ := strings.Cut(name, ":")
	if kind == Auto {
		if config != "" {
			return nil, fmt.Errorf("%w %q: \"auto\" takes no options", ErrUnknown, name)
		}
		kind = resolveAuto().Kind
		if b, ok := backends[kind]; ok { // made for the calibration
			backends[name] = b
			return b, nil
		}
	}
	var (
		b   compute.Backend
		err error
	)
	switch kind {
	case gobackend.BackendName:
		warnNoSIMD()
		b, err = newGoBackend(config)
	case ONNX, "onnxruntime":
		kind = ONNX
		b, err = newONNXBackend(config)
	case "xla":
		b, err = newXLABackend(config)
	default:
		return nil, fmt.Errorf("%w %q: want \"auto\", \"go[:OPTIONS]\", \"onnx[:OPTIONS]\" or \"xla:PLUGIN\" (e.g. xla:cuda)", ErrUnknown, name)
	}
	if err != nil {
		return nil, fmt.Errorf("backend %q: %w", name, err)
	}
	backends[name] = b
	backendKinds[b] = kind
	return b, nil
}

// backendKinds maps each backend made by New to its kind ("go",
// "onnx", "xla"); guarded by backendsMu.
var backendKinds = map[compute.Backend]string{}

// Kind returns "go", "onnx" or "xla" for a backend made by
// New ("" for another one).
func Kind(b compute.Backend) string {
	backendsMu.Lock()
	defer backendsMu.Unlock()
	return backendKinds[b]
}

// Banner is the line that says which backend runs, and why when "auto"
// picked it, for the first line of a program's output; on the pure-Go
// backend without ONNX Runtime it also says how to get it.
func Banner(b compute.Backend) string {
	backendsMu.Lock()
	why := ""
	if autoDecision != nil && backends[Auto] == b {
		why = "; " + autoDecision.Reason
	}
	backendsMu.Unlock()
	switch kind := Kind(b); kind {
	case gobackend.BackendName:
		hint := ""
		if FindORTLibrary() == "" {
			hint = "; for ONNX Runtime (faster on some CPUs) run scripts/install-deps.sh --runtime, or set " + ORTLibraryEnv
		}
		return "backend: go (pure Go" + simdNote() + why + hint + ")"
	case "":
		return "backend: " + b.Name() + " (" + b.Description() + ")"
	default:
		return "backend: " + kind + " (" + b.Description() + why + ")"
	}
}

func simdNote() string {
	if simdEnabled {
		return " with SIMD"
	}
	return " without SIMD (build with GOEXPERIMENT=simd)"
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
