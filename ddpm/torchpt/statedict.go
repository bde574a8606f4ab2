package torchpt

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/nlpodyssey/gopickle/types"
	"github.com/statesdiffusion/states/internal/atomicfile"
)

// Tensor is one named float tensor of a state_dict: its values in row-major
// order, as float32.
type Tensor struct {
	// Name is the state_dict key, e.g. "model.0.weight".
	Name string
	// Shape are the dimensions; Data has their product elements.
	Shape []int
	Data  []float32
	// Storage names the storage the tensor views in the file: tensors that
	// share one (the course's single nn.PReLU saved under several keys) have
	// the same Storage. Encode writes one storage per distinct Storage
	// ("" : a storage of its own).
	Storage string
}

// maxStateDictEntries bounds the number of tensors of a state_dict we accept.
const maxStateDictEntries = 4096

// ReadStateDict reads a PyTorch state_dict file, as torch.save(
// model.state_dict(), path) writes it: a dict or OrderedDict of names to
// float32 or float64 tensors, on any device (a storage location such as
// "cuda:0" is ignored). Errors name the file and, for a bad entry, its key. A
// pickled whole nn.Module, a dict of other things than tensors (a training
// checkpoint with an optimizer, say) and a file that is not a PyTorch zip
// file are refused; the pickle is never executed.
func ReadStateDict(path string) ([]Tensor, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	ts, err := DecodeStateDict(b)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return ts, nil
}

// DecodeStateDict decodes the bytes of a state_dict file as ReadStateDict
// does, in the file's key order.
func DecodeStateDict(b []byte) ([]Tensor, error) {
	if len(b) == 0 {
		return nil, errors.New("empty file")
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("not a PyTorch .pt file (not a zip archive; a legacy or truncated file?): %w", err)
	}
	a, err := newTorchArchive(zr)
	if err != nil {
		return nil, err
	}
	pkl, err := a.read("data.pkl", maxPickleBytes)
	if err != nil {
		return nil, err
	}
	if g := moduleGlobal(pkl); g != "" {
		return nil, fmt.Errorf("holds a pickled torch.nn.Module (it names %s), not a state_dict: "+
			"save it with torch.save(model.state_dict(), path)", g)
	}
	obj, err := unpickleTorch(pkl)
	if err != nil {
		return nil, err
	}
	type entry struct {
		key, value any
	}
	var entries []entry
	switch v := obj.(type) {
	case *types.OrderedDict:
		for el := v.List.Front(); el != nil; el = el.Next() {
			e := el.Value.(*types.OrderedDictEntry)
			entries = append(entries, entry{e.Key, e.Value})
		}
	case *types.Dict:
		for _, e := range *v {
			entries = append(entries, entry{e.Key, e.Value})
		}
	case *torchTensor:
		return nil, errors.New("holds a single tensor, not a state_dict")
	default:
		return nil, fmt.Errorf("holds a %s, not a state_dict (a dict of names to tensors)", pyTypeName(obj))
	}
	if len(entries) == 0 {
		return nil, errors.New("the state_dict is empty")
	}
	if len(entries) > maxStateDictEntries {
		return nil, fmt.Errorf("the state_dict has %d entries, more than %d", len(entries), maxStateDictEntries)
	}
	out := make([]Tensor, 0, len(entries))
	seen := map[string]bool{}
	for _, e := range entries {
		k, ok := e.key.(string)
		if !ok {
			return nil, fmt.Errorf("key %v is a %s, not a string: not a state_dict", e.key, pyTypeName(e.key))
		}
		if seen[k] {
			return nil, fmt.Errorf("key %q appears twice", k)
		}
		seen[k] = true
		t, ok := e.value.(*torchTensor)
		if !ok {
			return nil, fmt.Errorf("key %q holds a %s, not a tensor: not a plain state_dict "+
				"(a training checkpoint? save model.state_dict() alone)", k, pyTypeName(e.value))
		}
		data, err := a.floats(t)
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", k, err)
		}
		out = append(out, Tensor{Name: k, Shape: append([]int(nil), t.size...), Data: data, Storage: t.storage.key})
	}
	return out, nil
}

// pyTypeName names the Python type of an unpickled value for messages.
func pyTypeName(v any) string {
	switch v.(type) {
	case *torchTensor:
		return "tensor"
	case *types.Dict, *types.OrderedDict:
		return "dict"
	case *types.List:
		return "list"
	case *types.Tuple:
		return "tuple"
	case string:
		return "string"
	case int, int64, float64, bool:
		return fmt.Sprintf("%T", v)
	case nil:
		return "None"
	}
	return fmt.Sprintf("%T", v)
}

// moduleGlobal returns the first global of the pickle that belongs to a
// pickled nn.Module rather than to a state_dict ("torch.nn.modules.linear.Linear",
// "__main__.MLP", "torch._utils._rebuild_parameter"), or "".
func moduleGlobal(pkl []byte) string {
	var found string
	_ = scanPickle(pkl, func(module, name string) bool {
		if found == "" && (strings.HasPrefix(module, "torch.nn") || module == "__main__" ||
			(module == "torch._utils" && name == "_rebuild_parameter")) {
			found = module + "." + name
		}
		return true
	})
	return found
}

// floats returns the float32 or float64 tensor t as float32 values in
// row-major order.
func (a *torchArchive) floats(t *torchTensor) ([]float32, error) {
	dt := t.storage.dtype
	if dt != dtFloat32 && dt != dtFloat64 {
		return nil, fmt.Errorf("dtype %s, want float32 or float64", dt.name)
	}
	b, err := a.storageBytes(t)
	if err != nil {
		return nil, err
	}
	n := 1
	for _, d := range t.size {
		n *= d
	}
	out := make([]float32, n)
	idx := make([]int, len(t.size))
	for i := range out {
		j := t.offset
		for d, k := range idx {
			j += k * t.stride[d]
		}
		if dt == dtFloat32 {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*j:]))
		} else {
			v := math.Float64frombits(binary.LittleEndian.Uint64(b[8*j:]))
			if math.Abs(v) > math.MaxFloat32 && !math.IsInf(v, 0) {
				return nil, fmt.Errorf("value %v is out of float32 range", v)
			}
			out[i] = float32(v)
		}
		for d := len(idx) - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < t.size[d] {
				break
			}
			idx[d] = 0
		}
	}
	return out, nil
}

// EncodeStateDict returns a PyTorch file, as torch.save(state_dict) writes
// it, holding the OrderedDict of the float32 tensors ts in their order, on
// the CPU. Tensors with the same non-empty Storage are written as views of
// one storage (they must have equal shapes and data), as torch saves a
// module shared under several names. torch.load reads it, also with
// weights_only=True.
func EncodeStateDict(ts []Tensor) ([]byte, error) {
	var pk pickleWriter
	pk.raw(0x80, 2) // PROTO 2
	pk.global("collections", "OrderedDict")
	pk.raw(')', 'R') // EMPTY_TUPLE, REDUCE
	pk.raw('(')      // MARK
	var records []torchRecord
	owners := map[string]int{} // Storage -> index of the tensor that wrote it
	recKey := map[string]string{}
	for i, t := range ts {
		n := 1
		for _, d := range t.Shape {
			if d < 0 {
				return nil, fmt.Errorf("torch: %s: negative dimension in %v", t.Name, t.Shape)
			}
			n *= d
		}
		if n != len(t.Data) {
			return nil, fmt.Errorf("torch: %s: %d values for shape %v", t.Name, len(t.Data), t.Shape)
		}
		pk.str(t.Name)
		if j, ok := owners[t.Storage]; ok && t.Storage != "" {
			o := ts[j]
			if fmt.Sprint(o.Shape) != fmt.Sprint(t.Shape) || !equalFloats(o.Data, t.Data) {
				return nil, fmt.Errorf("torch: %s and %s share storage %q but differ", o.Name, t.Name, t.Storage)
			}
			pk.tensor("FloatStorage", recKey[t.Storage], n, t.Shape)
			continue
		}
		key := fmt.Sprint(len(records))
		if t.Storage != "" {
			owners[t.Storage], recKey[t.Storage] = i, key
		}
		data := make([]byte, 0, 4*n)
		for _, v := range t.Data {
			data = binary.LittleEndian.AppendUint32(data, math.Float32bits(v))
		}
		records = append(records, torchRecord{"data/" + key, data})
		pk.tensor("FloatStorage", key, n, t.Shape)
	}
	pk.raw('u') // SETITEMS
	pk.raw('.') // STOP
	all := append([]torchRecord{{"data.pkl", pk.b.Bytes()}, {"byteorder", []byte("little")}}, records...)
	all = append(all, torchRecord{"version", []byte("3\n")})
	return writeTorchZip("archive", all)
}

// equalFloats reports whether a and b hold the same bits.
func equalFloats(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

// WriteStateDict writes EncodeStateDict(ts) to path atomically.
func WriteStateDict(path string, ts []Tensor) error {
	b, err := EncodeStateDict(ts)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return atomicfile.Write(path, b)
}
