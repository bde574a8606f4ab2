package npy

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/statesdiffusion/states/internal/atomicfile"
)

// EncodeMatrix returns the bytes of a little-endian float32 .npy file of
// shape (rows, cols) holding the row-major data.
func EncodeMatrix(data []float32, rows, cols int) ([]byte, error) {
	if rows < 0 || cols < 0 || rows*cols != len(data) {
		return nil, fmt.Errorf("npy: %d values for shape (%d, %d)", len(data), rows, cols)
	}
	b := encodeNPYHeader("<f4", fmt.Sprintf("(%d, %d)", rows, cols))
	for _, v := range data {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b, nil
}

// WriteMatrix writes EncodeMatrix(data, rows, cols) to path atomically.
func WriteMatrix(path string, data []float32, rows, cols int) error {
	b, err := EncodeMatrix(data, rows, cols)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return atomicfile.Write(path, b)
}

// DecodeMatrix decodes the bytes of a little-endian float32 .npy file of
// rank 2 into its row-major data and shape.
func DecodeMatrix(b []byte) (data []float32, rows, cols int, err error) {
	h, raw, err := parseNPY(b)
	if err != nil {
		return nil, 0, 0, err
	}
	switch {
	case h.fortran:
		return nil, 0, 0, errors.New("fortran_order arrays are not supported (save with C order)")
	case h.descr != "<f4":
		return nil, 0, 0, fmt.Errorf("dtype %q, want <f4", h.descr)
	case len(h.shape) != 2:
		return nil, 0, 0, fmt.Errorf("shape %v, want rank 2", h.shape)
	}
	rows, cols = h.shape[0], h.shape[1]
	if cols != 0 && rows > len(raw)/4/cols || len(raw) != 4*rows*cols {
		return nil, 0, 0, fmt.Errorf("data has %d bytes, shape %v needs %d", len(raw), h.shape, 4*rows*cols)
	}
	data = make([]float32, rows*cols)
	for i := range data {
		data[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return data, rows, cols, nil
}
