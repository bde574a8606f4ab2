package states

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/statesdiffusion/states/internal/atomicfile"
)

// ReadCSV reads a dataset from a CSV file with rows "x,y" or "x,y,label"
// (all rows alike) and an optional header line, recognized by a first field
// that is not a number.
func ReadCSV(path string) (*Dataset, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	d, err := DecodeCSV(b)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return d, nil
}

// DecodeCSV decodes the bytes of a CSV file as ReadCSV does. Labels are not
// range-checked here: see Validate.
func DecodeCSV(b []byte) (*Dataset, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.TrimLeadingSpace = true
	r.ReuseRecord = true
	r.FieldsPerRecord = -1 // checked below, with a clearer message
	d := &Dataset{}
	fields := 0
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("csv: %w", err)
		}
		if line == 1 && !looksNumeric(rec[0]) {
			if len(rec) != 2 && len(rec) != 3 {
				return nil, fmt.Errorf("csv header has %d fields, want x,y or x,y,label", len(rec))
			}
			fields = len(rec)
			continue
		}
		if fields == 0 {
			fields = len(rec)
		}
		if len(rec) != fields || (fields != 2 && fields != 3) {
			return nil, fmt.Errorf("csv row %d: %d fields, want %d (x,y or x,y,label)", line, len(rec), fields)
		}
		var p [2]float32
		for k := range 2 {
			v, err := strconv.ParseFloat(strings.TrimSpace(rec[k]), 64)
			if err != nil {
				return nil, fmt.Errorf("csv row %d: coordinate %q is not a number", line, rec[k])
			}
			if math.Abs(v) > math.MaxFloat32 && !math.IsInf(v, 0) {
				return nil, fmt.Errorf("csv row %d: %v is out of float32 range", line, v)
			}
			p[k] = float32(v)
		}
		d.Points = append(d.Points, p)
		if fields == 3 {
			l, err := strconv.Atoi(strings.TrimSpace(rec[2]))
			if err != nil {
				return nil, fmt.Errorf("csv row %d: label %q is not an integer", line, rec[2])
			}
			d.Labels = append(d.Labels, l)
		}
	}
	return d, nil
}

// looksNumeric reports whether s parses as a number (then the first line is
// data, not a header).
func looksNumeric(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

// EncodeCSV returns d as CSV with a header line: "x,y,label" when d has
// labels, "x,y" otherwise. Coordinates are written with the fewest digits
// that read back to the same float32. It fails when d has labels but not
// one per point.
func EncodeCSV(d *Dataset) ([]byte, error) {
	if d.Labels != nil && len(d.Labels) != len(d.Points) {
		return nil, fmt.Errorf("csv: %d labels for %d points", len(d.Labels), len(d.Points))
	}
	var b bytes.Buffer
	if d.Labels != nil {
		b.WriteString("x,y,label\n")
	} else {
		b.WriteString("x,y\n")
	}
	for i, p := range d.Points {
		b.WriteString(strconv.FormatFloat(float64(p[0]), 'g', -1, 32))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(float64(p[1]), 'g', -1, 32))
		if d.Labels != nil {
			b.WriteByte(',')
			b.WriteString(strconv.Itoa(d.Labels[i]))
		}
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// WriteCSV writes d to path as EncodeCSV does, atomically.
func WriteCSV(path string, d *Dataset) error {
	b, err := EncodeCSV(d)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return atomicfile.Write(path, b)
}
