package npy

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
)

// ReadPoints reads an (N, 2) float32 or float64 .npy file. Float64 values
// are rounded to float32; values out of float32 range are errors.
func ReadPoints(path string) ([][2]float32, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	pts, err := DecodePoints(b)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return pts, nil
}

// ReadLabels reads an (N,) int64 or int32 .npy file.
func ReadLabels(path string) ([]int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	labels, err := DecodeLabels(b)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return labels, nil
}

// npyData checks the header of a .npy file against the accepted dtypes and
// the wanted rank, and returns the shape, the item size and the data bytes.
func npyData(b []byte, accept []string, rank int) (npyHeader, int, []byte, error) {
	h, data, err := parseNPY(b)
	if err != nil {
		return h, 0, nil, err
	}
	if h.fortran {
		return h, 0, nil, errors.New("fortran_order arrays are not supported (save with C order)")
	}
	ok := false
	for _, a := range accept {
		ok = ok || h.descr == a
	}
	if !ok {
		if len(h.descr) > 0 && h.descr[0] == '>' {
			return h, 0, nil, fmt.Errorf("big-endian dtype %q is not supported", h.descr)
		}
		return h, 0, nil, fmt.Errorf("dtype %q is not supported, want one of %q", h.descr, accept)
	}
	if len(h.shape) != rank || (rank == 2 && h.shape[1] != 2) {
		want := "(N,)"
		if rank == 2 {
			want = "(N, 2)"
		}
		return h, 0, nil, fmt.Errorf("shape %v, want %s", h.shape, want)
	}
	size := 8
	if h.descr[2] == '4' {
		size = 4
	}
	n := h.shape[0] * size // dims are bounded by 1<<40 and rank*size by 16
	if rank == 2 {
		n *= 2
	}
	if len(data) != n {
		return h, 0, nil, fmt.Errorf("data has %d bytes, shape %v of %s needs %d", len(data), h.shape, h.descr, n)
	}
	return h, size, data, nil
}

// DecodePoints decodes the bytes of an (N, 2) float32 or float64 .npy
// file.
func DecodePoints(b []byte) ([][2]float32, error) {
	h, size, data, err := npyData(b, []string{"<f4", "<f8"}, 2)
	if err != nil {
		return nil, err
	}
	pts := make([][2]float32, h.shape[0])
	for i := range pts {
		for k := range 2 {
			off := (2*i + k) * size
			if size == 4 {
				pts[i][k] = math.Float32frombits(binary.LittleEndian.Uint32(data[off:]))
				continue
			}
			v := math.Float64frombits(binary.LittleEndian.Uint64(data[off:]))
			if math.Abs(v) > math.MaxFloat32 && !math.IsInf(v, 0) {
				return nil, fmt.Errorf("point %d: %v is out of float32 range", i, v)
			}
			pts[i][k] = float32(v)
		}
	}
	return pts, nil
}

// DecodeLabels decodes the bytes of an (N,) int64 or int32 .npy file.
// Values that do not fit an int32 are errors.
func DecodeLabels(b []byte) ([]int, error) {
	h, size, data, err := npyData(b, []string{"<i8", "<i4"}, 1)
	if err != nil {
		return nil, err
	}
	labels := make([]int, h.shape[0])
	for i := range labels {
		if size == 4 {
			labels[i] = int(int32(binary.LittleEndian.Uint32(data[4*i:])))
			continue
		}
		v := int64(binary.LittleEndian.Uint64(data[8*i:]))
		if v < math.MinInt32 || v > math.MaxInt32 {
			return nil, fmt.Errorf("label %d: %d is out of range", i, v)
		}
		labels[i] = int(v)
	}
	return labels, nil
}
