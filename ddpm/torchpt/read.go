package torchpt

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nlpodyssey/gopickle/types"
)

// maxPickleBytes bounds the data.pkl of a PyTorch file we accept.
const maxPickleBytes = 16 << 20

// Read reads a PyTorch file (the zip format of torch.save since
// PyTorch 1.6) that holds either a float tensor [N, 2] or a dict with the
// keys "data" (float tensor [N, 2]) and optionally "labels" (integer tensor
// [N]), like the course's states.pt; other keys are ignored. Labels are nil when
// the file has none.
//
// The pickle is not executed: only torch._utils._rebuild_tensor_v2, the
// storage classes torch.FloatStorage, DoubleStorage, LongStorage and
// IntStorage, and collections.OrderedDict may appear; any other global is an
// error that names it.
func Read(path string) (pts [][2]float32, labels []int, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	pts, labels, err = Decode(b)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	return pts, labels, nil
}

// Decode decodes the bytes of a PyTorch file as Read does.
func Decode(b []byte) (pts [][2]float32, labels []int, err error) {
	if len(b) == 0 {
		return nil, nil, errors.New("empty file")
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, nil, fmt.Errorf("not a PyTorch zip file (legacy or truncated?): %w", err)
	}
	a, err := newTorchArchive(zr)
	if err != nil {
		return nil, nil, err
	}
	pkl, err := a.read("data.pkl", maxPickleBytes)
	if err != nil {
		return nil, nil, err
	}
	obj, err := unpickleTorch(pkl)
	if err != nil {
		return nil, nil, err
	}
	var data, labelT *torchTensor
	switch v := obj.(type) {
	case *torchTensor:
		data = v
	case *types.Dict:
		for _, e := range *v {
			if data, labelT, err = torchDictEntry(e.Key, e.Value, data, labelT); err != nil {
				return nil, nil, err
			}
		}
	case *types.OrderedDict:
		for el := v.List.Front(); el != nil; el = el.Next() {
			e := el.Value.(*types.OrderedDictEntry)
			if data, labelT, err = torchDictEntry(e.Key, e.Value, data, labelT); err != nil {
				return nil, nil, err
			}
		}
	default:
		return nil, nil, fmt.Errorf("holds a %T, want a tensor or a dict with \"data\"", obj)
	}
	if data == nil {
		return nil, nil, errors.New(`dict has no "data" tensor`)
	}
	if pts, err = a.points(data); err != nil {
		return nil, nil, fmt.Errorf("data: %w", err)
	}
	if labelT == nil {
		return pts, nil, nil
	}
	if labels, err = a.labels(labelT); err != nil {
		return nil, nil, fmt.Errorf("labels: %w", err)
	}
	if len(labels) != len(pts) {
		return nil, nil, fmt.Errorf("%d labels for %d points", len(labels), len(pts))
	}
	return pts, labels, nil
}

// torchDictEntry records the "data" and "labels" entries of the pickled dict.
func torchDictEntry(key, value any, data, labels *torchTensor) (*torchTensor, *torchTensor, error) {
	k, ok := key.(string)
	if !ok {
		return nil, nil, fmt.Errorf("dict key %v is not a string", key)
	}
	if k != "data" && k != "labels" {
		return data, labels, nil
	}
	t, ok := value.(*torchTensor)
	if !ok {
		return nil, nil, fmt.Errorf("dict entry %q is a %T, want a tensor", k, value)
	}
	if k == "data" {
		return t, labels, nil
	}
	return data, t, nil
}

// torchArchive gives access to the records of a PyTorch zip file, which all
// sit under one top directory (e.g. "archive/" or "states/").
type torchArchive struct {
	prefix  string
	records map[string]*zip.File
}

// newTorchArchive finds the top directory holding data.pkl and checks the
// byte order record if there is one.
func newTorchArchive(zr *zip.Reader) (*torchArchive, error) {
	a := &torchArchive{records: map[string]*zip.File{}}
	for _, f := range zr.File {
		dir, base, ok := strings.Cut(f.Name, "/")
		if !ok {
			continue
		}
		if base == "data.pkl" {
			if a.prefix != "" && a.prefix != dir {
				return nil, fmt.Errorf("two data.pkl records, in %q and %q", a.prefix, dir)
			}
			a.prefix = dir
		}
	}
	if a.prefix == "" {
		return nil, errors.New("no data.pkl record: not a PyTorch file")
	}
	for _, f := range zr.File {
		if rest, ok := strings.CutPrefix(f.Name, a.prefix+"/"); ok {
			a.records[rest] = f
		}
	}
	if _, ok := a.records["byteorder"]; ok {
		bo, err := a.read("byteorder", 16)
		if err != nil {
			return nil, err
		}
		if s := strings.TrimSpace(string(bo)); s != "little" {
			return nil, fmt.Errorf("byte order %q is not supported", s)
		}
	}
	return a, nil
}

// read returns the bytes of record name, refusing more than limit bytes.
func (a *torchArchive) read(name string, limit int) ([]byte, error) {
	f, ok := a.records[name]
	if !ok {
		return nil, fmt.Errorf("missing record %s/%s", a.prefix, name)
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("record %s is %d bytes, more than %d", f.Name, f.UncompressedSize64, limit)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", f.Name, err)
	}
	if len(b) > limit {
		return nil, fmt.Errorf("record %s is more than %d bytes", f.Name, limit)
	}
	return b, nil
}
