//go:build goexperiment.simd

package backends

// simdEnabled reports whether this binary was built with GOEXPERIMENT=simd.
const simdEnabled = true
