package torchpt

import (
	"encoding/binary"
	"fmt"
	"math"
)

// maxStorageBytes bounds one storage of a PyTorch file we accept.
const maxStorageBytes = 1 << 30

// storageBytes returns the bytes of the storage of t after checking that
// every element of t lies inside the storage and that the record has the
// storage's size.
func (a *torchArchive) storageBytes(t *torchTensor) ([]byte, error) {
	st := t.storage
	numel := 1
	last := t.offset // index of the last element
	for i, n := range t.size {
		if n == 0 {
			numel = 0
			break
		}
		if numel > st.numel/n {
			// Only zero strides can view more elements than a storage holds.
			return nil, fmt.Errorf("tensor of size %v has more elements than its storage of %d", t.size, st.numel)
		}
		numel *= n
		if s := t.stride[i]; n > 1 && s > 0 {
			if n-1 > (st.numel-1-last)/s {
				return nil, fmt.Errorf("tensor of size %v, stride %v, offset %d overruns its storage of %d elements", t.size, t.stride, t.offset, st.numel)
			}
			last += (n - 1) * s
		}
	}
	if numel > 0 && last >= st.numel {
		return nil, fmt.Errorf("tensor of size %v, stride %v, offset %d overruns its storage of %d elements", t.size, t.stride, t.offset, st.numel)
	}
	if st.numel > maxStorageBytes/st.dtype.size {
		return nil, fmt.Errorf("storage %s of %d %s is larger than %d bytes", st.key, st.numel, st.dtype.name, maxStorageBytes)
	}
	want := st.numel * st.dtype.size
	b, err := a.read("data/"+st.key, want)
	if err != nil {
		return nil, err
	}
	if len(b) != want {
		return nil, fmt.Errorf("storage %s has %d bytes, want %d (%d %s)", st.key, len(b), want, st.numel, st.dtype.name)
	}
	return b, nil
}

// points returns the [N, 2] float tensor t as float32 points.
func (a *torchArchive) points(t *torchTensor) ([][2]float32, error) {
	dt := t.storage.dtype
	if dt != dtFloat32 && dt != dtFloat64 {
		return nil, fmt.Errorf("dtype %s, want float32 or float64", dt.name)
	}
	if len(t.size) != 2 || t.size[1] != 2 {
		return nil, fmt.Errorf("shape %v, want [N, 2]", t.size)
	}
	b, err := a.storageBytes(t)
	if err != nil {
		return nil, err
	}
	pts := make([][2]float32, t.size[0])
	for i := range pts {
		for k := range 2 {
			j := t.offset + i*t.stride[0] + k*t.stride[1]
			if dt == dtFloat32 {
				pts[i][k] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*j:]))
				continue
			}
			v := math.Float64frombits(binary.LittleEndian.Uint64(b[8*j:]))
			if math.Abs(v) > math.MaxFloat32 && !math.IsInf(v, 0) {
				return nil, fmt.Errorf("point %d: %v is out of float32 range", i, v)
			}
			pts[i][k] = float32(v)
		}
	}
	return pts, nil
}

// labels returns the [N] integer tensor t as ints.
func (a *torchArchive) labels(t *torchTensor) ([]int, error) {
	dt := t.storage.dtype
	if dt != dtInt64 && dt != dtInt32 {
		return nil, fmt.Errorf("dtype %s, want int64 or int32", dt.name)
	}
	if len(t.size) != 1 {
		return nil, fmt.Errorf("shape %v, want [N]", t.size)
	}
	b, err := a.storageBytes(t)
	if err != nil {
		return nil, err
	}
	out := make([]int, t.size[0])
	for i := range out {
		j := t.offset + i*t.stride[0]
		if dt == dtInt32 {
			out[i] = int(int32(binary.LittleEndian.Uint32(b[4*j:])))
			continue
		}
		v := int64(binary.LittleEndian.Uint64(b[8*j:]))
		if v < math.MinInt32 || v > math.MaxInt32 {
			return nil, fmt.Errorf("label %d: %d is out of range", i, v)
		}
		out[i] = int(v)
	}
	return out, nil
}
