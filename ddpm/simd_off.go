//go:build !goexperiment.simd

package ddpm

// simdEnabled reports whether this binary was built with GOEXPERIMENT=simd.
const simdEnabled = false
