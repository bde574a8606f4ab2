package npy

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"github.com/statesdiffusion/states/internal/atomicfile"
)

// encodeNPYHeader returns the magic, version 1.0 and header of a .npy file,
// padded with spaces so that the data starts at a multiple of 64 bytes, as
// NumPy writes it.
func encodeNPYHeader(descr string, shape string) []byte {
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shape)
	pre := len(npyMagic) + 4
	total := pre + len(dict) + 1
	pad := (64 - total%64) % 64
	dict += strings.Repeat(" ", pad) + "\n"
	b := make([]byte, 0, pre+len(dict))
	b = append(b, npyMagic...)
	b = append(b, 1, 0)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(dict)))
	return append(b, dict...)
}

// EncodePoints returns the bytes of a little-endian float32 .npy file of
// shape (N, 2).
func EncodePoints(pts [][2]float32) []byte {
	b := encodeNPYHeader("<f4", fmt.Sprintf("(%d, 2)", len(pts)))
	for _, p := range pts {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(p[0]))
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(p[1]))
	}
	return b
}

// EncodeLabels returns the bytes of a little-endian int64 .npy file of
// shape (N,).
func EncodeLabels(labels []int) []byte {
	b := encodeNPYHeader("<i8", fmt.Sprintf("(%d,)", len(labels)))
	for _, l := range labels {
		b = binary.LittleEndian.AppendUint64(b, uint64(int64(l)))
	}
	return b
}

// WritePoints writes pts to path as a float32 (N, 2) .npy file,
// atomically.
func WritePoints(path string, pts [][2]float32) error {
	return atomicfile.Write(path, EncodePoints(pts))
}

// WriteLabels writes labels to path as an int64 (N,) .npy file,
// atomically.
func WriteLabels(path string, labels []int) error {
	return atomicfile.Write(path, EncodeLabels(labels))
}
