package diffusion

import (
	"fmt"
	"math"
)

// Schedule is the noise schedule of the forward process
//
//	q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t I),   t = 1..T,
//
// with alpha_t = 1 - beta_t and alphabar_t = prod_{i<=t} alpha_i. The slices
// are indexed by t and have length T+1: index 0 is the clean data
// (beta_0 = 0, alphabar_0 = 1), index T the (almost) pure noise.
//
// The handout writes the one-step update as x_t = (1 - beta_t) x_{t-1} +
// beta_t eps; that drops the square roots of its own eq. (1). The correct
// update, used here, is x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) eps,
// which keeps unit variance: var(x_t) = (1 - beta_t) var(x_{t-1}) + beta_t.
type Schedule struct {
	// T is the number of diffusion steps.
	T int
	// Kind is "linear" or "cosine".
	Kind string
	// TimeInput is how TBar scales t: TimeHandout or TimeLinspace.
	TimeInput string
	// Beta, Alpha and AlphaBar are indexed by t in [0, T].
	Beta, Alpha, AlphaBar []float64
	// PosteriorVar is the variance of q(x_{t-1} | x_t, x_0):
	// (1 - alphabar_{t-1}) / (1 - alphabar_t) * beta_t, zero at t = 1.
	PosteriorVar []float64
}

// ScheduleConfig selects a schedule.
type ScheduleConfig struct {
	// Kind is "linear" (default) or "cosine".
	Kind string `json:"kind"`
	// T is the number of steps (default 500).
	T int `json:"t"`
	// BetaStart and BetaEnd are the linear schedule's ends (1e-4 and 0.02).
	BetaStart float64 `json:"beta_start"`
	BetaEnd   float64 `json:"beta_end"`
	// TimeInput is the time input the networks were trained with:
	// TimeHandout (empty: the default) or TimeLinspace.
	TimeInput string `json:"time_input,omitempty"`
}

// Time inputs of the networks (ScheduleConfig.TimeInput).
const (
	// TimeHandout is the handout's tbar = 2 (t - T/2) / T for t = 1..T,
	// what this project's networks are trained with.
	TimeHandout = "handout"
	// TimeLinspace is what the course's starter dataset feeds while
	// training, torch.linspace(-1, 1, T)[t - 1]: -1 at t = 1, 1 at t = T.
	// It differs from TimeHandout by up to 2/T.
	TimeLinspace = "linspace"
)

// checkTimeInput refuses an unknown time input.
func checkTimeInput(s string) error {
	switch s {
	case "", TimeHandout, TimeLinspace:
		return nil
	}
	return fmt.Errorf("unknown time input %q: want %q or %q", s, TimeHandout, TimeLinspace)
}

// DefaultScheduleConfig is the course's schedule: linear from 1e-4 to 0.02
// over T = 500 steps.
func DefaultScheduleConfig() ScheduleConfig {
	return ScheduleConfig{Kind: "linear", T: 500, BetaStart: 1e-4, BetaEnd: 0.02}
}

// NewSchedule builds the schedule described by c.
func NewSchedule(c ScheduleConfig) (*Schedule, error) {
	if err := checkTimeInput(c.TimeInput); err != nil {
		return nil, err
	}
	var s *Schedule
	var err error
	switch c.Kind {
	case "", "linear":
		s, err = LinearSchedule(c.T, c.BetaStart, c.BetaEnd)
	case "cosine":
		s, err = CosineSchedule(c.T)
	default:
		return nil, fmt.Errorf("unknown schedule %q: want \"linear\" or \"cosine\"", c.Kind)
	}
	if err != nil {
		return nil, err
	}
	s.TimeInput = c.TimeInput
	return s, nil
}

// LinearSchedule returns betas spaced evenly from betaStart (t = 1) to
// betaEnd (t = T), as torch.linspace(betaStart, betaEnd, T) in the course.
func LinearSchedule(T int, betaStart, betaEnd float64) (*Schedule, error) {
	if T < 2 {
		return nil, fmt.Errorf("schedule: T = %d, want at least 2", T)
	}
	if !(betaStart > 0 && betaStart <= betaEnd && betaEnd < 1) {
		return nil, fmt.Errorf("schedule: betas %g..%g, want 0 < start <= end < 1", betaStart, betaEnd)
	}
	beta := make([]float64, T+1)
	for t := 1; t <= T; t++ {
		beta[t] = betaStart + (betaEnd-betaStart)*float64(t-1)/float64(T-1)
	}
	return fromBetas("linear", beta), nil
}

// CosineSchedule returns the schedule of Nichol & Dhariwal (2021):
// alphabar_t = f(t)/f(0), f(t) = cos^2((t/T + s)/(1 + s) pi/2), s = 0.008,
// with betas clipped at 0.999.
func CosineSchedule(T int) (*Schedule, error) {
	if T < 2 {
		return nil, fmt.Errorf("schedule: T = %d, want at least 2", T)
	}
	const s = 0.008
	f := func(t int) float64 {
		c := math.Cos((float64(t)/float64(T) + s) / (1 + s) * math.Pi / 2)
		return c * c
	}
	beta := make([]float64, T+1)
	for t := 1; t <= T; t++ {
		beta[t] = math.Min(1-f(t)/f(t-1), 0.999)
	}
	return fromBetas("cosine", beta), nil
}

func fromBetas(kind string, beta []float64) *Schedule {
	T := len(beta) - 1
	s := &Schedule{T: T, Kind: kind, Beta: beta,
		Alpha: make([]float64, T+1), AlphaBar: make([]float64, T+1), PosteriorVar: make([]float64, T+1)}
	s.Alpha[0], s.AlphaBar[0] = 1, 1
	for t := 1; t <= T; t++ {
		s.Alpha[t] = 1 - beta[t]
		s.AlphaBar[t] = s.AlphaBar[t-1] * s.Alpha[t]
		s.PosteriorVar[t] = (1 - s.AlphaBar[t-1]) / (1 - s.AlphaBar[t]) * beta[t]
	}
	return s
}

// TBar is the time input of the networks, t scaled to [-1, 1]: the
// handout's tbar = 2 (t - T/2) / T, or with TimeInput TimeLinspace the
// starter's -1 + 2 (t - 1) / (T - 1), torch.linspace(-1, 1, T)[t - 1].
func (s *Schedule) TBar(t int) float64 {
	if s.TimeInput == TimeLinspace {
		return -1 + 2*float64(t-1)/float64(s.T-1)
	}
	return 2 * (float64(t) - float64(s.T)/2) / float64(s.T)
}

// Noise applies the closed form of the forward process to one point,
//
//	x_t = sqrt(alphabar_t) x_0 + sqrt(1 - alphabar_t) eps,
//
// the handout's eq. (2).
func (s *Schedule) Noise(x0 [2]float32, t int, eps [2]float32) [2]float32 {
	a := math.Sqrt(s.AlphaBar[t])
	b := math.Sqrt(1 - s.AlphaBar[t])
	return [2]float32{
		float32(a*float64(x0[0]) + b*float64(eps[0])),
		float32(a*float64(x0[1]) + b*float64(eps[1])),
	}
}

// Step applies one step of the forward process, x_t from x_{t-1}:
// sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) eps.
func (s *Schedule) Step(xPrev [2]float32, t int, eps [2]float32) [2]float32 {
	a := math.Sqrt(1 - s.Beta[t])
	b := math.Sqrt(s.Beta[t])
	return [2]float32{
		float32(a*float64(xPrev[0]) + b*float64(eps[0])),
		float32(a*float64(xPrev[1]) + b*float64(eps[1])),
	}
}
