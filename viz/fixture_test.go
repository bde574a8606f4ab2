package viz

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// synthData returns n points per state on five polygon outlines of
// different shapes and places, a stand-in for STATES in tests.
func synthData(n int, seed uint64) *states.Dataset {
	rng := rand.New(rand.NewPCG(seed, 1))
	centres := [states.Num][2]float64{{-1.6, 0.9}, {-0.3, 1.1}, {1.2, 0.8}, {-0.9, -0.9}, {0.9, -1.0}}
	sides := [states.Num]int{3, 4, 5, 6, 8}
	d := &states.Dataset{}
	for l := 0; l < states.Num; l++ {
		k := sides[l]
		for i := 0; i < n; i++ {
			u := rng.Float64() * float64(k)
			e := int(u)
			f := u - float64(e)
			a0 := 2 * math.Pi * float64(e) / float64(k)
			a1 := 2 * math.Pi * float64(e+1) / float64(k)
			x := (1-f)*math.Cos(a0) + f*math.Cos(a1)
			y := (1-f)*math.Sin(a0) + f*math.Sin(a1)
			d.Points = append(d.Points, [2]float32{float32(centres[l][0] + 0.5*x), float32(centres[l][1] + 0.5*y)})
			d.Labels = append(d.Labels, l)
		}
	}
	return d
}

// jitter returns the points of d moved by Gaussian noise of scale sd, like
// imperfect samples.
func jitter(pts [][2]float32, sd float64, seed uint64) [][2]float32 {
	rng := rand.New(rand.NewPCG(seed, 2))
	out := make([][2]float32, len(pts))
	for i, p := range pts {
		out[i] = [2]float32{p[0] + float32(sd*rng.NormFloat64()), p[1] + float32(sd*rng.NormFloat64())}
	}
	return out
}

// statePoints returns the points of d with label l.
func statePoints(d *states.Dataset, l int) [][2]float32 {
	var out [][2]float32
	for i, p := range d.Points {
		if d.Labels[i] == l {
			out = append(out, p)
		}
	}
	return out
}

// synthCurves returns decaying loss curves (and NLL or accuracies).
func synthCurves(model string, steps int) *run.Curves {
	c := &run.Curves{Kind: model}
	for s := 0; s <= steps; s += steps / 50 {
		f := math.Exp(-float64(s) / float64(steps) * 3)
		c.Train = append(c.Train, run.CurvePoint{Step: s, Value: 0.3 + f + 0.03*math.Sin(float64(s))})
		if s%(steps/10) == 0 {
			c.Validation = append(c.Validation, run.CurvePoint{Step: s, Value: 0.33 + f})
			if model == "denoiser" {
				c.NLL = append(c.NLL, run.CurvePoint{Step: s, Value: 1.2 + 2*f})
			} else {
				c.TrainAccuracy = append(c.TrainAccuracy, run.CurvePoint{Step: s, Value: 0.9 - 0.6*f})
				c.ValidationAccuracy = append(c.ValidationAccuracy, run.CurvePoint{Step: s, Value: 0.85 - 0.6*f})
			}
		}
	}
	if model == "classifier" {
		for t := 0; t < 500; t += 100 {
			c.AccuracyByT = append(c.AccuracyByT, run.BucketAccuracy{TLow: t, THigh: t + 100, Accuracy: 0.2 + 0.75*math.Exp(-float64(t)/150)})
		}
	}
	return c
}

// synthMap classifies each grid cell by the nearest state centre of d,
// with the decision shifting with t so frames differ.
func synthMap(d *states.Dataset, ts []int) *run.PredictionMap {
	pm := &run.PredictionMap{XMin: -2.5, XMax: 2.5, YMin: -2, YMax: 2, NX: 60, NY: 48, Times: ts}
	var cx, cy [states.Num]float64
	var n [states.Num]float64
	for i, p := range d.Points {
		l := d.Labels[i]
		cx[l] += float64(p[0])
		cy[l] += float64(p[1])
		n[l]++
	}
	for l := range cx {
		cx[l] /= n[l]
		cy[l] /= n[l]
	}
	for _, t := range ts {
		cl := make([]int, pm.NX*pm.NY)
		for j := 0; j < pm.NY; j++ {
			for i := 0; i < pm.NX; i++ {
				x := pm.XMin + (float64(i)+0.5)*(pm.XMax-pm.XMin)/float64(pm.NX)
				y := pm.YMin + (float64(j)+0.5)*(pm.YMax-pm.YMin)/float64(pm.NY)
				best, bd := 0, math.Inf(1)
				for l := range cx {
					dd := math.Hypot(x-cx[l], y-cy[l]) - float64(t)/500*float64(l)*0.3
					if dd < bd {
						best, bd = l, dd
					}
				}
				cl[j*pm.NX+i] = best
			}
		}
		pm.Classes = append(pm.Classes, cl)
	}
	return pm
}

// synthSnapshots interpolates from Gaussian noise to samples.
func synthSnapshots(samples [][2]float32) *run.Snapshots {
	noise := jitter(make([][2]float32, len(samples)), 1, 9)
	s := &run.Snapshots{}
	for t := 500; t >= 0; t -= 50 {
		a := float32(t) / 500
		pts := make([][2]float32, len(samples))
		for i := range pts {
			pts[i] = [2]float32{a*noise[i][0] + (1-a)*samples[i][0], a*noise[i][1] + (1-a)*samples[i][1]}
		}
		s.Times = append(s.Times, t)
		s.Points = append(s.Points, pts)
	}
	return s
}

// synthMetrics returns a metrics table with an unconditional set and one
// guided set per state.
func synthMetrics() run.MetricsTable {
	t := run.MetricsTable{"uncond": {Name: "uncond", Label: -1, N: 1000, NLL: 1.31, DataNLL: 1.12, Precision: 0.91, Recall: 0.88, Radius: 0.05, LabelAccuracy: -1}}
	for l := 0; l < states.Num; l++ {
		name := run.CondSamplesBase(l)
		t[name] = run.Metrics{Name: name, Label: l, N: 200, NLL: 1.5 + 0.1*float64(l), DataNLL: 1.4, Precision: 0.8, Recall: 0.7, Radius: 0.05, LabelAccuracy: 0.9 - 0.05*float64(l), Scale: 2}
	}
	return t
}

// synthSweep returns a sweep over scales for state 2.
func synthSweep() []run.SweepRow {
	var rows []run.SweepRow
	for _, sc := range []float64{0, 0.5, 1, 2, 4, 8} {
		rows = append(rows, run.SweepRow{Scale: sc, Metrics: run.Metrics{Name: "cond_2", Label: 2, N: 200,
			NLL: 1.4 + 0.02*sc*sc, Precision: 0.7 + 0.03*sc, Recall: 0.8 - 0.05*sc, LabelAccuracy: 0.2 + 0.7*(1-math.Exp(-sc)), Scale: sc}})
	}
	return rows
}

// synthStudy returns a quality-versus-steps study: every sampler's NLL
// gap shrinks and its precision grows with the evaluations.
func synthStudy() *run.Study {
	st := &run.Study{N: 500, DataNLL: 1.1}
	for i, s := range []string{"DDPM", "DDIM", "flow Euler", "flow midpoint"} {
		for _, nfe := range []int{5, 10, 20, 50, 100, 500} {
			gap := 0.5 / float64(nfe) * float64(4-i)
			st.Rows = append(st.Rows, run.StudyRow{Sampler: s, Steps: nfe, NFE: nfe, Seconds: 0.01 * float64(nfe),
				Metrics: run.Metrics{Name: "study", Label: -1, N: 500, NLL: 1.1 + gap, DataNLL: 1.1, Precision: 1 - gap, Recall: 1 - gap/2}})
		}
	}
	return st
}

// synthCFGSweep returns a classifier-free sweep over weights for state 2.
func synthCFGSweep() []run.SweepRow {
	var rows []run.SweepRow
	for _, w := range []float64{0, 0.5, 1, 3} {
		rows = append(rows, run.SweepRow{Scale: w, Metrics: run.Metrics{Name: "cfg_2", Label: 2, N: 200,
			NLL: 1.4 + 0.03*w*w, Precision: 0.9 + 0.02*w, Recall: 1 - 0.2*w, LabelAccuracy: 0.99, Scale: w}})
	}
	return rows
}

// outDir returns the directory for files a test writes: DDPM_VIZ_OUT/name
// when that variable is set (to look at them), a temporary one otherwise.
func outDir(t *testing.T, name string) string {
	t.Helper()
	if base := os.Getenv("DDPM_VIZ_OUT"); base != "" {
		dir := base + "/" + name
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

// galleryInputs are the synthetic inputs of the chart and figure galleries:
// 300 points per state, unconditional samples near them, one guided set per
// state and the course's schedule.
func galleryInputs(t *testing.T) (data *states.Dataset, samples [][2]float32, guided []SampleSet, sched *diffusion.Schedule) {
	t.Helper()
	data = synthData(300, 1)
	samples = jitter(data.Points, 0.04, 3)
	for l := 0; l < states.Num; l++ {
		guided = append(guided, Guided(l, jitter(statePoints(data, l), 0.05, uint64(10+l))))
	}
	sched, err := diffusion.LinearSchedule(500, 1e-4, 0.02)
	if err != nil {
		t.Fatal(err)
	}
	return data, samples, guided, sched
}
