package metrics

import (
	"math/rand/v2"
	"testing"

	"github.com/statesdiffusion/states/ddpm/states"
)

// twoStates returns data of two labeled clusters: label 0 around (-1, 0),
// label 3 around (1, 0).
func twoStates(rng *rand.Rand) *states.Dataset {
	d := &states.Dataset{}
	for i := range 400 {
		l, cx := 0, -1.0
		if i%2 == 1 {
			l, cx = 3, 1
		}
		d.Points = append(d.Points, [2]float32{float32(cx + 0.2*rng.NormFloat64()), float32(0.2 * rng.NormFloat64())})
		d.Labels = append(d.Labels, l)
	}
	return d
}

func TestScorerPerState(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	data := twoStates(rng)
	s, err := NewScorer(data, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	state3, err := s.Reference(3)
	if err != nil || len(state3) != 200 {
		t.Fatalf("Reference(3) has %d points, %v; want 200", len(state3), err)
	}
	// Samples of state 3 with a quarter wrongly near state 0.
	var samples [][2]float32
	for i := range 100 {
		cx := 1.0
		if i%4 == 0 {
			cx = -1
		}
		samples = append(samples, [2]float32{float32(cx + 0.2*rng.NormFloat64()), float32(0.2 * rng.NormFloat64())})
	}
	m, err := s.Score("cond_3", samples, 3)
	if err != nil {
		t.Fatal(err)
	}
	full, _ := NewKDE(data.Points)
	own, _ := NewKDE(state3)
	if m.NLL != full.NLL(samples) {
		t.Errorf("NLL = %v, want the full-data KDE's %v", m.NLL, full.NLL(samples))
	}
	if m.NLL == own.NLL(samples) {
		t.Error("NLL equals the state-only KDE's; the course scores under the full data")
	}
	if m.DataNLL != full.NLL(state3) {
		t.Errorf("DataNLL = %v, want the state's points under the full KDE %v", m.DataNLL, full.NLL(state3))
	}
	p, _ := Precision(state3, samples, 0.1)
	r, _ := Recall(state3, samples, 0.1)
	acc, _ := LabelAccuracy(data, samples, 3)
	if m.Precision != p || m.Recall != r || m.LabelAccuracy != acc {
		t.Errorf("precision, recall, accuracy = %v %v %v; want %v %v %v", m.Precision, m.Recall, m.LabelAccuracy, p, r, acc)
	}
	if acc < 0.6 || acc > 0.9 {
		t.Errorf("label accuracy %v, want about 0.75", acc)
	}
	if m.Name != "cond_3" || m.Label != 3 || m.N != 100 || m.Radius != 0.1 {
		t.Errorf("metrics header = %+v", m)
	}

	u, err := s.Score("uncond", samples, -1)
	if err != nil {
		t.Fatal(err)
	}
	if u.LabelAccuracy != -1 || u.DataNLL != full.NLL(data.Points) || u.NLL != m.NLL {
		t.Errorf("unconditional metrics = %+v", u)
	}
	if pAll, _ := Precision(data.Points, samples, 0.1); u.Precision != pAll {
		t.Errorf("unconditional precision = %v, want %v against all data", u.Precision, pAll)
	}
}

func TestScorerRefusesBadInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	data := twoStates(rng)
	if _, err := NewScorer(nil, DefaultRadius); err == nil {
		t.Error("nil data: want an error")
	}
	if _, err := NewScorer(data, 0); err == nil {
		t.Error("zero radius: want an error")
	}
	s, err := NewScorer(data, DefaultRadius)
	if err != nil {
		t.Fatal(err)
	}
	pts := data.Points[:10]
	for _, label := range []int{-2, 1, states.Num} { // 1 has no points
		if _, err := s.Score("x", pts, label); err == nil {
			t.Errorf("label %d: want an error", label)
		}
	}
	if _, err := s.Score("x", nil, -1); err == nil {
		t.Error("no samples: want an error")
	}
	unlabeled, _ := NewScorer(&states.Dataset{Points: data.Points}, DefaultRadius)
	if _, err := unlabeled.Score("x", pts, 0); err == nil {
		t.Error("label on unlabeled data: want an error")
	}
	if _, err := unlabeled.Score("x", pts, -1); err != nil {
		t.Errorf("unconditional on unlabeled data: %v", err)
	}
}
