package ddpm

import (
	"fmt"
	"math"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/statesdiffusion/states/ddpm/netkind"
)

// Input embeddings of Embedding.Kind.
const (
	// EmbedNone feeds the MLP the course's inputs (x, y, tbar) as they
	// are; the empty kind means the same (checkpoints written before the
	// option).
	EmbedNone = "none"
	// EmbedSinusoidal feeds it sin and cos of each of x, y and the time at
	// Freqs frequencies: the embedding of tiny-diffusion and of the
	// transformer's positions.
	EmbedSinusoidal = "sinusoidal"
)

// EmbedKinds are the values of Embedding.Kind.
var EmbedKinds = []string{EmbedNone, EmbedSinusoidal}

// Defaults of the sinusoidal embedding: 32 frequencies (64 features per
// input) and a scale of 25 on the coordinates, as in tiny-diffusion.
const (
	DefaultEmbedFreqs = 32
	DefaultEmbedScale = 25.0
)

// embedMaxPeriod sets the lowest frequency of the sinusoidal embedding,
// 1/embedMaxPeriod (times the scale) radians per unit.
const embedMaxPeriod = 10000

// maxEmbedFreqs bounds Embedding.Freqs.
const maxEmbedFreqs = 4096

// Embedding says what a network's MLP reads: the course's (x, y, tbar),
// or features of them. The sinusoidal embedding turns each of x, y (times
// Scale) and the time, counted in diffusion steps s in [0, T] (s = (tbar +
// 1) T / 2 for the denoisers and the classifier, s = u T for the flow),
// into
//
//	sin(w_0 v), ..., sin(w_{F-1} v), cos(w_0 v), ..., cos(w_{F-1} v),
//	w_k = 10000^(-k / (F - 1)),
//
// F = Freqs frequencies from 1 down to 1/10000 radians per unit, so that
// the first layer can draw edges much thinner than the data's extent. The
// conditional denoiser's one-hot label follows the features unchanged.
// The zero value is EmbedNone.
type Embedding struct {
	// Kind is EmbedNone (or empty) or EmbedSinusoidal.
	Kind string `json:"kind,omitempty"`
	// Freqs is the number of frequencies of each input (sinusoidal).
	Freqs int `json:"freqs,omitempty"`
	// Scale multiplies x and y before the sines (sinusoidal): the highest
	// frequency is Scale radians per data unit.
	Scale float64 `json:"scale,omitempty"`
	// TimeOnly embeds the time alone: x and y go in as they are.
	TimeOnly bool `json:"time_only,omitempty"`
	// Raw puts the course's inputs (x, y and the time input tbar or u) in
	// front of the features, which lets the network grow its output with
	// the distance where the bounded sines cannot.
	Raw bool `json:"raw,omitempty"`
}

// SinusoidalEmbedding returns the sinusoidal embedding with freqs
// frequencies and scale (0: DefaultEmbedFreqs, DefaultEmbedScale).
func SinusoidalEmbedding(freqs int, scale float64) Embedding {
	if freqs == 0 {
		freqs = DefaultEmbedFreqs
	}
	if scale == 0 {
		scale = DefaultEmbedScale
	}
	return Embedding{Kind: EmbedSinusoidal, Freqs: freqs, Scale: scale}
}

// NewEmbedding returns the embedding named kind ("", EmbedNone or
// EmbedSinusoidal) with freqs and scale (0: the defaults; ignored by
// EmbedNone). It fails for an unknown kind or values out of range.
func NewEmbedding(kind string, freqs int, scale float64) (Embedding, error) {
	var e Embedding
	switch kind {
	case "", EmbedNone:
	case EmbedSinusoidal:
		e = SinusoidalEmbedding(freqs, scale)
	default:
		return e, fmt.Errorf("unknown embedding %q: want %q or %q", kind, EmbedNone, EmbedSinusoidal)
	}
	return e, e.Validate()
}

// None reports whether e is the course's input (no embedding).
func (e Embedding) None() bool { return e.Kind == "" || e.Kind == EmbedNone }

// Normalized returns e in the form that checkpoints record: the zero value
// for no embedding (whatever its other fields), the defaults in place of a
// sinusoidal embedding's zero Freqs or Scale.
func (e Embedding) Normalized() Embedding {
	switch {
	case e.None():
		return Embedding{}
	case e.Kind == EmbedSinusoidal:
		n := SinusoidalEmbedding(e.Freqs, e.Scale)
		n.TimeOnly, n.Raw = e.TimeOnly, e.Raw
		return n
	}
	return e
}

// Validate checks the kind and, for the sinusoidal embedding, that Freqs
// is in [1, 4096] and Scale positive and finite (zero: the defaults, see
// Normalized).
func (e Embedding) Validate() error {
	e = e.Normalized()
	switch e.Kind {
	case "", EmbedNone:
		return nil
	case EmbedSinusoidal:
	default:
		return fmt.Errorf("unknown embedding %q: want %q or %q", e.Kind, EmbedNone, EmbedSinusoidal)
	}
	if e.Freqs < 1 || e.Freqs > maxEmbedFreqs {
		return fmt.Errorf("embedding frequencies = %d, want in [1, %d]", e.Freqs, maxEmbedFreqs)
	}
	if !(e.Scale > 0) || math.IsInf(e.Scale, 1) {
		return fmt.Errorf("embedding scale = %g, want a positive number", e.Scale)
	}
	return nil
}

// Width returns the number of features of (x, y, time): 3 without
// embedding, 6 Freqs with the sinusoidal one (2 Freqs + 2 for TimeOnly),
// 3 more with Raw.
func (e Embedding) Width() int {
	if e.None() {
		return 3
	}
	w := 6 * e.Freqs
	if e.TimeOnly {
		w = 2*e.Freqs + 2
	}
	if e.Raw {
		w += 3
		if e.TimeOnly {
			w -= 2
		}
	}
	return w
}

// String describes the embedding: "none" or "sinusoidal (32 frequencies,
// scale 25)".
func (e Embedding) String() string {
	if e.None() {
		return EmbedNone
	}
	s := fmt.Sprintf("%s (%d frequencies, scale %g", e.Kind, e.Freqs, e.Scale)
	if e.TimeOnly {
		s += ", time only"
	}
	if e.Raw {
		s += ", raw inputs too"
	}
	return s + ")"
}

// frequencies returns w_k = embedMaxPeriod^(-k / (Freqs - 1)), k = 0 ..
// Freqs - 1 (1 alone for one frequency).
func (e Embedding) frequencies() []float32 {
	w := make([]float32, e.Freqs)
	for k := range w {
		if e.Freqs > 1 {
			w[k] = float32(math.Exp(-math.Log(embedMaxPeriod) * float64(k) / float64(e.Freqs-1)))
		} else {
			w[k] = 1
		}
	}
	return w
}

// features builds the embedding of x [B, 2] and the time in steps
// s [B, 1]: [B, Width()]. Without embedding it is x and tin [B, 1] side by
// side (the course's input; tin is the network's own time input, tbar or
// u). With the sinusoidal one: x and tin when Raw (x alone when TimeOnly
// and not Raw), then the sines and the cosines [B, 2F] of Scale x_0 w and
// of Scale x_1 w (unless TimeOnly), then of s w.
func (e Embedding) features(x, tin, s *Node) *Node {
	if e.None() {
		return Concatenate([]*Node{x, tin}, -1)
	}
	g := x.Graph()
	B, F := x.Shape().Dimensions[0], e.Freqs
	w := Reshape(ConvertDType(Const(g, e.frequencies()), x.DType()), 1, 1, F) // [1, 1, F]
	var parts []*Node
	switch {
	case e.Raw:
		parts = append(parts, x, tin)
	case e.TimeOnly:
		parts = append(parts, x)
	}
	arg := Mul(ExpandAxes(s, -1), w) // [B, 1, F]
	if !e.TimeOnly {
		ax := Mul(ExpandAxes(MulScalar(x, e.Scale), -1), w) // [B, 2, F]
		arg = Concatenate([]*Node{ax, arg}, 1)              // [B, 3, F]
	}
	n := arg.Shape().Dimensions[1]
	parts = append(parts, Reshape(Concatenate([]*Node{Sin(arg), Cos(arg)}, -1), B, n*2*F)) // [B, n 2F]
	return Concatenate(parts, -1)
}

// EmbedArch returns the MLP of a network of kind with the given hidden
// widths that reads the features of e (Normalized): NetArch's, with an
// input layer e.Width() wide for (x, y, time) (plus the conditional
// denoiser's label).
func EmbedArch(kind netkind.Kind, hidden []int, e Embedding) (MLP, error) {
	m, err := NetArch(kind, hidden)
	if err != nil {
		return m, err
	}
	if err := e.Validate(); err != nil {
		return m, err
	}
	e = e.Normalized()
	if !e.None() {
		m.Sizes[0] += e.Width() - 3
		m.Embed = e
	}
	return m, nil
}

// timeSteps converts the network's time input tin [B, 1] to diffusion
// steps [B, 1]: u T for a flow's velocity (netkind.TargetVelocity, u in
// [0, 1]), (tbar + 1) T / 2 for the others (tbar in [-1, 1]).
func (n *Net) timeSteps(tin *Node) *Node {
	T := float64(n.Schedule.T)
	if n.Kind.Spec().Target == netkind.TargetVelocity {
		return MulScalar(tin, T)
	}
	return MulScalar(AddScalar(tin, 1), T/2)
}
