package torchpt

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"

	"github.com/statesdiffusion/states/internal/atomicfile"
)

// Encode returns a PyTorch file, as torch.save writes it, holding the
// float32 tensor pts of shape [N, 2] when labels is nil, or else the dict
// {"data": float32 [N, 2], "labels": int64 [N]} of the course's states.pt.
// torch.load reads it (also with weights_only=True).
func Encode(pts [][2]float32, labels []int) ([]byte, error) {
	if labels != nil && len(labels) != len(pts) {
		return nil, fmt.Errorf("torch: %d labels for %d points", len(labels), len(pts))
	}
	data := make([]byte, 0, 8*len(pts))
	for _, p := range pts {
		data = binary.LittleEndian.AppendUint32(data, math.Float32bits(p[0]))
		data = binary.LittleEndian.AppendUint32(data, math.Float32bits(p[1]))
	}
	var pk pickleWriter
	pk.raw(0x80, 2) // PROTO 2
	if labels == nil {
		pk.tensor("FloatStorage", "0", 2*len(pts), []int{len(pts), 2})
	} else {
		pk.raw('}', '(') // EMPTY_DICT, MARK
		pk.str("data")
		pk.tensor("FloatStorage", "0", 2*len(pts), []int{len(pts), 2})
		pk.str("labels")
		pk.tensor("LongStorage", "1", len(labels), []int{len(labels)})
		pk.raw('u') // SETITEMS
	}
	pk.raw('.') // STOP
	records := []torchRecord{
		{"data.pkl", pk.b.Bytes()},
		{"byteorder", []byte("little")},
		{"data/0", data},
	}
	if labels != nil {
		lb := make([]byte, 0, 8*len(labels))
		for _, l := range labels {
			lb = binary.LittleEndian.AppendUint64(lb, uint64(int64(l)))
		}
		records = append(records, torchRecord{"data/1", lb})
	}
	records = append(records, torchRecord{"version", []byte("3\n")})
	return writeTorchZip("archive", records)
}

// Write writes Encode(pts, labels) to path atomically.
func Write(path string, pts [][2]float32, labels []int) error {
	b, err := Encode(pts, labels)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return atomicfile.Write(path, b)
}

// torchRecord is one file of a PyTorch zip archive.
type torchRecord struct {
	name string
	data []byte
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeTorchZip stores the records uncompressed under dir/, with each
// record's data aligned on 64 bytes by an extra field, as PyTorch does (so
// that torch.load(mmap=True) works too).
func writeTorchZip(dir string, records []torchRecord) ([]byte, error) {
	var buf bytes.Buffer
	cw := &countingWriter{w: &buf}
	zw := zip.NewWriter(cw)
	for _, r := range records {
		name := dir + "/" + r.name
		// Local header: 30 bytes + name + extra; the extra field has a
		// 4-byte header ("FB" and its length) and padding.
		start := cw.n + 30 + int64(len(name)) + 4
		pad := int((64 - start%64) % 64)
		extra := make([]byte, 4+pad)
		copy(extra, "FB")
		binary.LittleEndian.PutUint16(extra[2:], uint16(pad))
		fh := &zip.FileHeader{
			Name:               name,
			Method:             zip.Store,
			CRC32:              crc32.ChecksumIEEE(r.data),
			CompressedSize64:   uint64(len(r.data)),
			UncompressedSize64: uint64(len(r.data)),
			Extra:              extra,
		}
		w, err := zw.CreateRaw(fh)
		if err != nil {
			return nil, fmt.Errorf("torch zip %s: %w", name, err)
		}
		if _, err := w.Write(r.data); err != nil {
			return nil, fmt.Errorf("torch zip %s: %w", name, err)
		}
		if err := zw.Flush(); err != nil {
			return nil, fmt.Errorf("torch zip %s: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("torch zip: %w", err)
	}
	return buf.Bytes(), nil
}
