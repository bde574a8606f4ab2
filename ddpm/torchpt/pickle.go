package torchpt

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"

	"github.com/nlpodyssey/gopickle/pickle"
	"github.com/nlpodyssey/gopickle/types"
)

// This file turns the data.pkl of a PyTorch file into Go values without
// running any of its code: only the globals below may appear, each mapped to
// a Go stand-in.

// torchDType is the element type of a storage.
type torchDType struct {
	name string // e.g. "float32"
	size int    // bytes per element
}

var (
	dtFloat32 = &torchDType{"float32", 4}
	dtFloat64 = &torchDType{"float64", 8}
	dtInt64   = &torchDType{"int64", 8}
	dtInt32   = &torchDType{"int32", 4}
)

// torchStorageTypes are the allowed storage classes of module torch.
var torchStorageTypes = map[string]*torchDType{
	"FloatStorage":  dtFloat32,
	"DoubleStorage": dtFloat64,
	"LongStorage":   dtInt64,
	"IntStorage":    dtInt32,
}

// allowedPickleGlobal is the whitelist of the globals of a PyTorch pickle.
func allowedPickleGlobal(module, name string) bool {
	switch module {
	case "torch._utils":
		return name == "_rebuild_tensor_v2"
	case "torch":
		return torchStorageTypes[name] != nil
	case "collections":
		return name == "OrderedDict"
	}
	return false
}

// torchStorageRef is a storage named by a persistent id: its bytes are the
// archive entry data/KEY.
type torchStorageRef struct {
	dtype *torchDType
	key   string
	numel int
}

// torchTensor is a strided view of a storage, as _rebuild_tensor_v2 makes it.
type torchTensor struct {
	storage *torchStorageRef
	offset  int
	size    []int
	stride  []int
}

// rebuildTensorV2 stands for torch._utils._rebuild_tensor_v2.
type rebuildTensorV2 struct{}

// Call builds a torchTensor from (storage, storage_offset, size, stride,
// requires_grad, backward_hooks[, metadata]).
func (rebuildTensorV2) Call(args ...any) (any, error) {
	if len(args) < 6 || len(args) > 7 {
		return nil, fmt.Errorf("_rebuild_tensor_v2: %d arguments, want 6 or 7", len(args))
	}
	st, ok := args[0].(*torchStorageRef)
	if !ok {
		return nil, fmt.Errorf("_rebuild_tensor_v2: storage is %T, want a persistent storage", args[0])
	}
	t := &torchTensor{storage: st}
	var err error
	if t.offset, err = pickleInt(args[1]); err != nil {
		return nil, fmt.Errorf("_rebuild_tensor_v2: storage offset: %w", err)
	}
	if t.size, err = pickleInts(args[2]); err != nil {
		return nil, fmt.Errorf("_rebuild_tensor_v2: size: %w", err)
	}
	if t.stride, err = pickleInts(args[3]); err != nil {
		return nil, fmt.Errorf("_rebuild_tensor_v2: stride: %w", err)
	}
	if len(t.size) != len(t.stride) {
		return nil, fmt.Errorf("_rebuild_tensor_v2: size %v and stride %v differ in rank", t.size, t.stride)
	}
	return t, nil
}

// pickleInt converts a pickled integer to an int in [0, 1<<40].
func pickleInt(v any) (int, error) {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int64:
		n = x
	case *big.Int:
		if !x.IsInt64() {
			return 0, fmt.Errorf("integer %v out of range", x)
		}
		n = x.Int64()
	default:
		return 0, fmt.Errorf("%T is not an integer", v)
	}
	if n < 0 || n > 1<<40 {
		return 0, fmt.Errorf("integer %d out of range", n)
	}
	return int(n), nil
}

// pickleInts converts a pickled tuple of integers.
func pickleInts(v any) ([]int, error) {
	t, ok := v.(*types.Tuple)
	if !ok {
		return nil, fmt.Errorf("%T is not a tuple", v)
	}
	if t.Len() > 8 {
		return nil, fmt.Errorf("%d dimensions", t.Len())
	}
	out := make([]int, t.Len())
	for i := range out {
		n, err := pickleInt(t.Get(i))
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// persistentStorage decodes torch's persistent id of a storage:
// ("storage", storage class, key, location, numel).
func persistentStorage(pid any) (any, error) {
	t, ok := pid.(*types.Tuple)
	if !ok || t.Len() != 5 {
		return nil, fmt.Errorf("persistent id %v is not a 5-tuple", pid)
	}
	if s, _ := t.Get(0).(string); s != "storage" {
		return nil, fmt.Errorf("persistent id of kind %v, want \"storage\"", t.Get(0))
	}
	dt, ok := t.Get(1).(*torchDType)
	if !ok {
		return nil, fmt.Errorf("persistent id: storage class %v is not allowed", t.Get(1))
	}
	key, ok := t.Get(2).(string)
	if !ok || key == "" || len(key) > 64 {
		return nil, fmt.Errorf("persistent id: bad storage key %v", t.Get(2))
	}
	numel, err := pickleInt(t.Get(4))
	if err != nil {
		return nil, fmt.Errorf("persistent id: numel: %w", err)
	}
	return &torchStorageRef{dtype: dt, key: key, numel: numel}, nil
}

// unpickleTorch runs the whitelisted unpickling of data.pkl. A panic inside
// the third-party unpickler on malformed input becomes an error.
func unpickleTorch(pkl []byte) (result any, err error) {
	if err := scanPickle(pkl, allowedPickleGlobal); err != nil {
		return nil, err
	}
	u := pickle.NewUnpickler(bytes.NewReader(pkl))
	u.FindClass = func(module, name string) (any, error) {
		if module == "torch._utils" && name == "_rebuild_tensor_v2" {
			return rebuildTensorV2{}, nil
		}
		if dt := torchStorageTypes[name]; module == "torch" && dt != nil {
			return dt, nil
		}
		return nil, fmt.Errorf("pickle global %s.%s is not allowed", module, name)
	}
	u.PersistentLoad = persistentStorage
	u.GetExtension = func(code int) (any, error) {
		return nil, fmt.Errorf("pickle extension code %d is not allowed", code)
	}
	u.NextBuffer = func() (any, error) { return nil, errors.New("pickle out-of-band buffers are not allowed") }
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, fmt.Errorf("malformed pickle: %v", r)
		}
	}()
	result, err = u.Load()
	if err != nil {
		return nil, fmt.Errorf("pickle: %w", err)
	}
	return result, nil
}
