package testrun

import (
	"testing"

	"github.com/statesdiffusion/states/ddpm/states"
)

// SmallStates returns the STATES data with 100 points per state, failing
// t when it cannot be made.
func SmallStates(t testing.TB) *states.Dataset {
	t.Helper()
	cfg := states.DefaultConfig()
	cfg.PerState = 100
	d, err := states.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
