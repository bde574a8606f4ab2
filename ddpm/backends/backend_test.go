package backends

import (
	"errors"
	"runtime"
	"testing"
	"time"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
)

// A graph with more independent matrix products than the Go backend's
// default worker pool (2 x GOMAXPROCS) deadlocks on the stock backend
// (github.com/gomlx/compute v0.1.2); the backend made by newGoBackend must
// run it. The backward pass of our MLPs has such products in flight, which
// once hung a training run after 9 600 steps.
func TestGoBackendManyIndependentProducts(t *testing.T) {
	b, err := newGoBackend("") // a private backend: a hang must not leak into other tests
	if err != nil {
		t.Fatal(err)
	}
	n := 2*runtime.GOMAXPROCS(0) + 4
	exec, err := NewExec(b, func(x *Node) *Node {
		sum := MatMul(x, x)
		for i := 1; i < n; i++ {
			sum = Add(sum, MatMul(AddScalar(x, float64(i)), x))
		}
		return ReduceAllSum(sum)
	})
	if err != nil {
		t.Fatal(err)
	}
	const dim = 256 // large enough for the backend's parallel matmul kernel
	data := make([]float32, dim*dim)
	for i := range data {
		data[i] = 1 / float32(dim)
	}
	x := tensors.FromFlatDataAndDimensions(data, dim, dim)
	done := make(chan float32, 1)
	go func() {
		var got float32
		for range 20 {
			got = tensors.ToScalar[float32](exec.MustCall1(x))
		}
		done <- got
	}()
	select {
	case got := <-done:
		// Each entry of (x+i) x is (1/dim + i), so the sum is dim^2 * sum_i (1/dim + i).
		want := float64(dim*dim) * (float64(n)/dim + float64(n*(n-1)/2))
		if rel := (float64(got) - want) / want; rel > 1e-2 || rel < -1e-2 {
			t.Errorf("sum = %g, want %g", got, want)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("%d independent matrix products did not finish in 60 s: the Go backend's worker pool deadlocked", n)
	}
}

func TestNewBackendUnknownName(t *testing.T) {
	for _, name := range []string{"tpu9", "gox", "cuda:xla"} {
		if _, err := New(name); !errors.Is(err, ErrUnknown) {
			t.Errorf("NewBackend(%q): error %v, want ErrUnknownBackend", name, err)
		}
	}
}
