package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// writeEvalFiles writes a labeled data CSV (state 0 on a ring left, state 3
// on a ring right) and a samples CSV (near state 3, plus one far point left) and
// returns their paths.
func writeEvalFiles(t *testing.T) (dataPath, samplesPath string) {
	t.Helper()
	dir := t.TempDir()
	var data, samples strings.Builder
	for i := range 200 {
		a := 2 * math.Pi * float64(i) / 200
		fmt.Fprintf(&data, "%g,%g,0\n", -1+0.3*math.Cos(a), 0.3*math.Sin(a))
		fmt.Fprintf(&data, "%g,%g,3\n", 1+0.3*math.Cos(a), 0.3*math.Sin(a))
		if i%4 == 0 {
			fmt.Fprintf(&samples, "%g,%g\n", 1+0.31*math.Cos(a+0.01), 0.31*math.Sin(a+0.01))
		}
	}
	samples.WriteString("-5,5\n") // nearest to state 0
	dataPath, samplesPath = filepath.Join(dir, "data.csv"), filepath.Join(dir, "cond_gen_samples_3.csv")
	for p, s := range map[string]string{dataPath: data.String(), samplesPath: samples.String()} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dataPath, samplesPath
}

func TestEvalPrintsMetrics(t *testing.T) {
	dataPath, samplesPath := writeEvalFiles(t)
	data, err := states.Load(dataPath)
	if err != nil {
		t.Fatal(err)
	}
	samples, err := states.Load(samplesPath)
	if err != nil {
		t.Fatal(err)
	}
	kde, err := metrics.NewKDE(data.Points)
	if err != nil {
		t.Fatal(err)
	}
	want := kde.NLL(samples.Points)

	var out bytes.Buffer
	if err := evalMain([]string{"-data", dataPath, "-samples", samplesPath, "-label", "3", "-radius", "0.05"}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var got float64
	if _, err := fmt.Sscanf(lines[len(lines)-1], "NLL %g", &got); err != nil || math.Abs(got-want) > 1e-6 {
		t.Errorf("last line %q: want NLL %.6f", lines[len(lines)-1], want)
	}
	if !strings.Contains(out.String(), "\nFar        1 (samples farther than 0.3 from every data point)") {
		t.Errorf("eval output does not count the far sample:\n%s", out.String())
	}

	out.Reset()
	if err := evalMain([]string{"-data", dataPath, "-samples", samplesPath, "-label", "3", "-json"}, &out); err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(out.String()), "\n")
	var m run.Metrics
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &m); err != nil {
		t.Fatalf("last line %q is not Metrics JSON: %v", lines[len(lines)-1], err)
	}
	// 50 of the 51 samples are 0.01 from state 3's ring; the last is far, nearest to state 0.
	if m.Name != "cond_gen_samples_3" || m.Label != 3 || m.N != 51 || m.NLL != want ||
		m.Precision != 50.0/51 || m.LabelAccuracy != 50.0/51 || m.Radius != metrics.DefaultRadius {
		t.Errorf("metrics = %+v", m)
	}
	if m.Recall < 0.9 || m.Recall > 1 {
		t.Errorf("recall against state 3 = %v, want nearly 1", m.Recall)
	}
	// The far sample (-5, 5) is about |(-5, 5) - (-1, 0)| - 0.3 from state 0's ring.
	if d := math.Hypot(4, 5) - 0.3; m.Far != 1 || m.FarRadius != metrics.FarRadius || math.Abs(m.MaxDistance-d) > 0.01 {
		t.Errorf("outliers: %d farther than %g, largest distance %g; want 1, %g, %.3f", m.Far, m.FarRadius, m.MaxDistance, metrics.FarRadius, d)
	}

	out.Reset()
	if err := evalMain([]string{"-data", dataPath, "-samples", samplesPath, "-json"}, &out); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(bytes.TrimSpace(out.Bytes()), &m); err != nil || m.Label != -1 || m.LabelAccuracy != -1 || m.Recall > 0.55 {
		t.Errorf("unconditional metrics = %+v, %v (recall against both states must be about half)", m, err)
	}
}

func TestEvalRefusesBadFlags(t *testing.T) {
	dataPath, samplesPath := writeEvalFiles(t)
	for _, args := range [][]string{
		{},
		{"-samples", samplesPath, "-label", "5"},
		{"-samples", samplesPath, "-label", "-2"},
		{"-samples", samplesPath, "-radius", "0"},
		{"-samples", samplesPath, "-radius", "-1"},
		{"-samples", samplesPath, "extra"},
		{"-samples", samplesPath, "-data", samplesPath, "-label", "1"}, // unlabeled data
	} {
		var ue usageError
		if err := evalMain(args, &bytes.Buffer{}); !errors.As(err, &ue) {
			t.Errorf("eval %q: error %v, want a usage error", args, err)
		}
	}
	if err := evalMain([]string{"-data", dataPath, "-samples", filepath.Join(t.TempDir(), "none.npy")}, &bytes.Buffer{}); err == nil {
		t.Error("missing samples file: want an error")
	}
}
