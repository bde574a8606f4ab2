package diffusion_test

import (
	"fmt"

	"github.com/statesdiffusion/states/ddpm/diffusion"
)

// The course's schedule: linear betas from 1e-4 to 0.02 over 500 steps.
func ExampleNewSchedule() {
	s, err := diffusion.NewSchedule(diffusion.DefaultScheduleConfig())
	if err != nil {
		panic(err)
	}
	fmt.Printf("T=%d beta_1=%.4f beta_T=%.2f alphabar_T=%.4f tbar(0)=%g tbar(T)=%g\n",
		s.T, s.Beta[1], s.Beta[s.T], s.AlphaBar[s.T], s.TBar(0), s.TBar(s.T))
	// Output: T=500 beta_1=0.0001 beta_T=0.02 alphabar_T=0.0064 tbar(0)=-1 tbar(T)=1
}
