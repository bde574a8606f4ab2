package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/internal/testfix"
	"github.com/statesdiffusion/states/internal/testrun"
)

// record returns the provenance record of result name in dir.
func record(t *testing.T, dir, name string) run.Provenance {
	t.Helper()
	table, err := run.ReadProvenance(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := table[name]
	if !ok {
		t.Fatalf("%s: no record of %s in %v", dir, name, table)
	}
	return p
}

// refuses runs stage in dir and checks that it refuses with a
// *run.ReplaceError that mentions want, leaving every file of dir as it was.
func refuses(t *testing.T, dir, want string, stage func() error) {
	t.Helper()
	before := testfix.FileHashes(t, dir)
	if err := stage(); !errors.Is(err, run.ErrWouldReplace) || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want a refusal mentioning %q", err, want)
	}
	testfix.SameFiles(t, "the refusal", before, testfix.FileHashes(t, dir))
}

// rig is what a stage test runs on: the tiny networks and their data,
// a scorer, and an empty folder with the workspace that writes it.
type rig struct {
	den, clf *ddpm.Net
	data     *states.Dataset
	scorer   *metrics.Scorer
	dir      string
	ws       *run.Workspace
}

func newRig(t *testing.T) *rig {
	t.Helper()
	b := &rig{dir: t.TempDir()}
	b.den, b.clf, b.data = tinyNets(t)
	b.scorer = scorerOf(t, b.data)
	b.ws = testrun.OpenWorkspace(t, b.dir, false)
	return b
}

func metricsTable(t *testing.T, dir string) run.MetricsTable {
	t.Helper()
	var table run.MetricsTable
	if err := run.ReadJSON(filepath.Join(dir, run.MetricsFile), &table); err != nil {
		t.Fatal(err)
	}
	return table
}

// SampleUncond writes the samples, their snapshots, metrics and record,
// and refuses a smaller set before sampling, leaving every file as it was.
func TestSampleUncond(t *testing.T) {
	b := newRig(t)
	cfg := tinySampler(60)
	cfg.SnapshotN = 10
	pts, m, err := SampleUncond(context.Background(), b.ws, b.den, b.scorer, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 60 || m.Name != "uncond" || m.N != 60 || m.Label != -1 {
		t.Errorf("%d samples, metrics %+v; want 60 samples scored as uncond", len(pts), m)
	}
	for _, base := range []string{run.UncondSamplesBase + ".npy", run.UncondSamplesBase + ".pt", run.SnapshotsFile} {
		if _, err := os.Stat(filepath.Join(b.dir, base)); err != nil {
			t.Errorf("missing output: %v", err)
		}
	}
	saved, err := states.Load(filepath.Join(b.dir, run.UncondSamplesBase+".npy"))
	if err != nil {
		t.Fatal(err)
	}
	testfix.EqualPoints(t, "saved samples", saved.Points, pts)
	if got := metricsTable(t, b.dir)["uncond"]; got != m {
		t.Errorf("metrics.json has %+v, want %+v", got, m)
	}
	rec := record(t, b.dir, run.ResultUncond)
	if rec.N != 60 || rec.Sampler != "DDIM, 10 steps, eta 0" || rec.Steps != 10 || rec.DenoiserStep != b.den.GlobalStep() ||
		rec.Snapshots != 10 || rec.MadeBy != "test" {
		t.Errorf("record %+v", rec)
	}

	cfg.N = 30
	refuses(t, b.dir, "60 samples (this run: 30)", func() error {
		_, _, err := SampleUncond(context.Background(), b.ws, b.den, b.scorer, cfg)
		return err
	})
}

// SampleGuided saves one set per state, in order, and refuses before
// sampling any state when one of them would replace a larger set.
func TestSampleGuided(t *testing.T) {
	b := newRig(t)
	var seen []int
	all, err := SampleGuided(context.Background(), b.ws, b.den, b.clf, b.scorer, tinySampler(40), []int{3, 0}, 2,
		func(k int, pts [][2]float32, m run.Metrics) {
			seen = append(seen, k)
			if len(pts) != 40 || m.Label != k {
				t.Errorf("state %d: %d samples, metrics %+v", k, len(pts), m)
			}
		})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, []int{3, 0}) || len(all) != 2 {
		t.Fatalf("states %v, %d metrics; want 3 then 0", seen, len(all))
	}
	table := metricsTable(t, b.dir)
	for i, k := range []int{3, 0} {
		m := table[fmt.Sprintf("cond_%d", k)]
		if m != all[i] || m.Scale != 2 || m.Label != k {
			t.Errorf("metrics.json entry of state %d: %+v, want %+v at scale 2", k, m, all[i])
		}
		rec := record(t, b.dir, run.ResultCond(k))
		if !slices.Equal(rec.Labels, []int{k}) || !slices.Equal(rec.Scales, []float64{2}) || rec.ClassifierStep != b.clf.GlobalStep() {
			t.Errorf("record of state %d: %+v", k, rec)
		}
	}

	// State 1 is new, state 0 would lose samples: nothing is sampled.
	refuses(t, b.dir, run.CondSamplesBase(0)+".npy holds a result of 40 samples", func() error {
		_, err := SampleGuided(context.Background(), b.ws, b.den, b.clf, b.scorer, tinySampler(20), []int{1, 0}, 2,
			func(k int, _ [][2]float32, _ run.Metrics) { t.Errorf("state %d sampled despite the refusal", k) })
		return err
	})
}

// Sweep returns and saves one row per state and scale, states outermost,
// records no snapshots, and refuses a sweep of fewer scales before
// sampling.
func TestSweep(t *testing.T) {
	b := newRig(t)
	cfg := tinySampler(30)
	cfg.SnapshotN = 5
	var calls int
	rows, err := Sweep(context.Background(), b.ws, b.den, b.clf, b.scorer, cfg, []int{4, 1}, []float64{0, 3},
		func(int, float64, [][2]float32, run.Metrics) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s at %g", states.Names[r.Metrics.Label], r.Scale))
		if r.Scale != r.Metrics.Scale || r.Metrics.N != 30 {
			t.Errorf("row %+v", r)
		}
	}
	want := []string{"Wisconsin at 0", "Wisconsin at 3", "Idaho at 0", "Idaho at 3"}
	if calls != 4 || !slices.Equal(got, want) {
		t.Errorf("%d calls, rows %v; want 4 calls and rows %v", calls, got, want)
	}
	var saved []run.SweepRow
	if err := run.ReadJSON(filepath.Join(b.dir, run.GuidanceSweepFile), &saved); err != nil || !slices.Equal(saved, rows) {
		t.Errorf("%s: %v, %v; want the rows returned", run.GuidanceSweepFile, saved, err)
	}
	rec := record(t, b.dir, run.ResultSweep)
	if rec.N != 30 || rec.Snapshots != 0 || !slices.Equal(rec.Labels, []int{4, 1}) || !slices.Equal(rec.Scales, []float64{0, 3}) {
		t.Errorf("record %+v", rec)
	}

	refuses(t, b.dir, "2 guidance scales (this run: 1)", func() error {
		_, err := Sweep(context.Background(), b.ws, b.den, b.clf, b.scorer, cfg, []int{4, 1}, []float64{0},
			func(int, float64, [][2]float32, run.Metrics) { t.Error("sampled despite the refusal") })
		return err
	})
}

// PredictionMap keeps the times of MapTimes that the schedule has and
// saves the map with its record.
func TestPredictionMap(t *testing.T) {
	b := newRig(t)
	pm, err := PredictionMap(b.ws, b.clf, b.data, 6)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pm.Times, []int{0, 50}) || pm.NX != 6 || pm.NY != 6 || len(pm.Classes) != 2 || len(pm.Classes[1]) != 36 {
		t.Fatalf("map at t = %v, %dx%d, %d class grids; want t = 0 and 50 (T = 50) on 6x6", pm.Times, pm.NX, pm.NY, len(pm.Classes))
	}
	for _, c := range pm.Classes[0] {
		if c < 0 || c >= states.Num {
			t.Fatalf("class %d out of range", c)
		}
	}
	var saved run.PredictionMap
	if err := run.ReadJSON(filepath.Join(b.dir, run.PredictionMapFile), &saved); err != nil || !slices.Equal(saved.Times, pm.Times) {
		t.Errorf("%s: times %v, %v", run.PredictionMapFile, saved.Times, err)
	}
	if rec := record(t, b.dir, run.ResultPredictionMap); rec.Grid != 6 || rec.ClassifierStep != b.clf.GlobalStep() {
		t.Errorf("record %+v", rec)
	}
}

func TestSamplerNameAndSteps(t *testing.T) {
	ddim := func(steps int, eta float64) ddpm.SampleConfig {
		return ddpm.SampleConfig{Method: ddpm.MethodDDIM, Steps: steps, Eta: eta}
	}
	for _, tc := range []struct {
		cfg   ddpm.SampleConfig
		name  string
		steps int // of 500
	}{
		{ddpm.DefaultSampleConfig(), "DDPM, posterior variance", 500},
		{ddpm.SampleConfig{Method: ddpm.MethodDDPM, Variance: ddpm.VarianceBeta}, "DDPM, beta variance", 500},
		{ddim(100, 0), "DDIM, 100 steps, eta 0", 100},
		{ddim(0, 1), "DDIM, all steps, eta 1", 500},
		{ddim(800, 0.5), "DDIM, 800 steps, eta 0.5", 500},
		{ddpm.SampleConfig{Method: ddpm.MethodMidpoint}, "flow ODE, midpoint, 25 steps, grid power 2", 25},
		{ddpm.SampleConfig{Method: ddpm.MethodEuler, Steps: 7, Power: 1}, "flow ODE, euler, 7 steps, grid power 1", 7},
	} {
		if got := SamplerName(tc.cfg); got != tc.name {
			t.Errorf("SamplerName(%+v) = %q, want %q", tc.cfg, got, tc.name)
		}
		if got := tc.cfg.ReverseSteps(500); got != tc.steps {
			t.Errorf("%+v.ReverseSteps(500) = %d, want %d", tc.cfg, got, tc.steps)
		}
	}
}
