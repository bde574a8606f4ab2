package metrics

import (
	"errors"
	"fmt"
	"sync"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// Scorer computes the Metrics of sample sets against one data set, the way
// the course scores them: the KDE is always built on all data points, also
// for the samples of one state; the reference of precision and recall is
// all data for unconditional sets and the state's own points for a state's
// set. The KDE and the data's own NLL are computed once and reused. A
// Scorer is safe for concurrent use.
type Scorer struct {
	data   *states.Dataset
	kde    *KDE
	radius float64

	mu      sync.Mutex
	dataNLL map[int]float64 // by label, -1 for all data
}

// NewScorer prepares the scoring of samples against data with precision and
// recall at radius. It fails when the KDE of data cannot be built (see
// NewKDE) or the radius is not positive and finite.
func NewScorer(data *states.Dataset, radius float64) (*Scorer, error) {
	if data == nil {
		return nil, errors.New("scorer: no data")
	}
	if err := checkRadius(radius); err != nil {
		return nil, fmt.Errorf("scorer: %w", err)
	}
	k, err := NewKDE(data.Points)
	if err != nil {
		return nil, fmt.Errorf("scorer: %w", err)
	}
	return &Scorer{data: data, kde: k, radius: radius, dataNLL: map[int]float64{}}, nil
}

// KDE returns the KDE of all data points.
func (s *Scorer) KDE() *KDE { return s.kde }

// Reference returns the reference points of label: all data points for
// label -1, the points of that state otherwise. It fails for a label outside
// [-1, states.Num), for unlabeled data when label >= 0 and for a state
// without points.
func (s *Scorer) Reference(label int) ([][2]float32, error) {
	if label == -1 {
		return s.data.Points, nil
	}
	if label < 0 || label >= states.Num {
		return nil, fmt.Errorf("label %d outside [0, %d) (or -1 for all data)", label, states.Num)
	}
	if err := checkLabeled(s.data); err != nil {
		return nil, fmt.Errorf("label %d: %w", label, err)
	}
	var ref [][2]float32
	for i, l := range s.data.Labels {
		if l == label {
			ref = append(ref, s.data.Points[i])
		}
	}
	if len(ref) == 0 {
		return nil, fmt.Errorf("label %d: no data points with that label", label)
	}
	return ref, nil
}

// DataNLL returns the NLL of the reference points of label (see Reference)
// under the full-data KDE, computed once per label.
func (s *Scorer) DataNLL(label int) (float64, error) {
	s.mu.Lock()
	v, ok := s.dataNLL[label]
	s.mu.Unlock()
	if ok {
		return v, nil
	}
	ref, err := s.Reference(label)
	if err != nil {
		return 0, err
	}
	v = s.kde.NLL(ref)
	s.mu.Lock()
	s.dataNLL[label] = v
	s.mu.Unlock()
	return v, nil
}

// Score returns the metrics of samples named name: label -1 for an
// unconditional set, or the requested state of a guided set (which then also
// gets LabelAccuracy; it is -1 otherwise). Scale is left zero for the caller
// to fill. The outliers (Outliers: MaxDistance, Far) are measured against
// all data points. It fails for no samples and for a label refused by
// Reference.
func (s *Scorer) Score(name string, samples [][2]float32, label int) (run.Metrics, error) {
	m := run.Metrics{Name: name, Label: label, N: len(samples), Radius: s.radius, LabelAccuracy: -1}
	if len(samples) == 0 {
		return m, fmt.Errorf("score %s: no samples", name)
	}
	ref, err := s.Reference(label)
	if err != nil {
		return m, fmt.Errorf("score %s: %w", name, err)
	}
	if m.DataNLL, err = s.DataNLL(label); err != nil {
		return m, fmt.Errorf("score %s: %w", name, err)
	}
	m.NLL = s.kde.NLL(samples)
	if m.Precision, err = Precision(ref, samples, s.radius); err != nil {
		return m, fmt.Errorf("score %s: %w", name, err)
	}
	if m.Recall, err = Recall(ref, samples, s.radius); err != nil {
		return m, fmt.Errorf("score %s: %w", name, err)
	}
	m.FarRadius = FarRadius
	if m.MaxDistance, m.Far, err = Outliers(s.data.Points, samples, FarRadius); err != nil {
		return m, fmt.Errorf("score %s: %w", name, err)
	}
	if label >= 0 {
		if m.LabelAccuracy, err = LabelAccuracy(s.data, samples, label); err != nil {
			return m, fmt.Errorf("score %s: %w", name, err)
		}
	}
	return m, nil
}
