package main

import (
	"flag"
	"fmt"
	"math"
	"strconv"

	"github.com/statesdiffusion/states/ddpm"
)

// maxSamples is the most samples one set of ddpm sample or ddpm guide may
// have (-n, -sweep-n). The course draws 5000; ten million points take 76
// MiB of memory and as much in each of the .npy and .pt files, and their
// scores (a KDE against the data) minutes. Far beyond it a typo (-n
// 1000000000: 7.5 GiB of points before the network's own buffers, and
// days of sampling) would only be found out when memory runs out; several
// runs with different -seed give more.
const maxSamples = 10_000_000

// checkSampleCount refuses a set of more than maxSamples samples, naming
// the flag and what the set would take.
func checkSampleCount(name string, n int) error {
	if n <= maxSamples {
		return nil
	}
	return usagef("%s %d: the points alone would take %s of memory (and as much in each of the .npy and .pt files), "+
		"before the network's buffers; one set has at most %d samples (run again with another -seed for more)",
		name, n, bytesText(8*float64(n)), maxSamples)
}

// bytesText prints a size in MiB or GiB.
func bytesText(b float64) string {
	if b >= 1<<30 {
		return fmt.Sprintf("%.1f GiB", b/(1<<30))
	}
	return fmt.Sprintf("%.0f MiB", b/(1<<20))
}

// stepsValue is the sampler's step count under one of its two names:
// -steps, and -ddim-steps, its older name, kept as an alias. Both set the
// same count; each remembers what it was given.
type stepsValue struct {
	p     *int
	given int
}

// String implements flag.Value.
func (v *stepsValue) String() string {
	if v == nil || v.p == nil {
		return "0"
	}
	return strconv.Itoa(*v.p)
}

// Set implements flag.Value.
func (v *stepsValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("%q is not an integer", s)
	}
	*v.p, v.given = n, n
	return nil
}

// stepsFlagSet returns the step flag the command line set ("" when none)
// and refuses the two names set to different values.
func stepsFlagSet(fs *flag.FlagSet) (string, error) {
	given := map[string]int{}
	fs.Visit(func(f *flag.Flag) {
		if v, ok := f.Value.(*stepsValue); ok {
			given[f.Name] = v.given
		}
	})
	a, okA := given["steps"]
	b, okB := given["ddim-steps"]
	switch {
	case okA && okB && a != b:
		return "", usagef("-steps %d and -ddim-steps %d: one setting under two names (-ddim-steps is an alias of -steps); give one", a, b)
	case okA:
		return "-steps", nil
	case okB:
		return "-ddim-steps", nil
	}
	return "", nil
}

// checkSteps refuses step counts a network trained with T diffusion steps
// cannot take: DDIM takes at most T steps (0: all T), and DDPM always
// takes all T, so a step flag given with -method ddpm must be 0 or T. The
// flow's ODE steps have no such bound.
func checkSteps(fs *flag.FlagSet, cfg ddpm.SampleConfig, T int) error {
	name, err := stepsFlagSet(fs)
	if err != nil {
		return err
	}
	if err := cfg.CheckSteps(T); err != nil {
		if name == "" {
			name = "-steps"
		}
		return usagef("%s %d: %v", name, cfg.Steps, err)
	}
	switch {
	case cfg.Method == ddpm.MethodDDPM && name != "" && cfg.Steps != 0 && cfg.Steps != T:
		return usagef("%s %d: DDPM (-method ddpm) always takes all T = %d steps; for fewer, use -method ddim", name, cfg.Steps, T)
	}
	return nil
}

// checkScale refuses a guidance scale or weight that is not a finite
// number >= 0 (a NaN would only show as "the model diverged" at the end).
func checkScale(name string, v float64) error {
	if !(v >= 0) || math.IsInf(v, 1) {
		return usagef("%s %v: want a finite number >= 0", name, v)
	}
	return nil
}
