//go:build js

package backends

import (
	"errors"

	"github.com/gomlx/compute"
)

// errNotInWasm is returned for the backends that a js/wasm build leaves
// out: go-xla and compute-onnx load native libraries, which a browser
// cannot. Only the pure-Go backend runs there.
var errNotInWasm = errors.New("not available in a js/wasm build (only the pure-Go backend \"go\" is)")

// newXLABackend fails: XLA is not in a js/wasm build.
func newXLABackend(string) (compute.Backend, error) { return nil, errNotInWasm }

// newONNXBackend fails: ONNX Runtime is not in a js/wasm build.
func newONNXBackend(string) (compute.Backend, error) { return nil, errNotInWasm }
