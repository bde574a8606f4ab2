package states_test

import (
	"fmt"
	"math"

	"github.com/statesdiffusion/states/ddpm/states"
)

func ExampleGenerate() {
	d, err := states.Generate(states.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	count := make([]int, states.Num)
	for _, l := range d.Labels {
		count[l]++
	}
	mean, std := states.AxisStats(d.Points)
	fmt.Println(d.Len(), "points")
	for l, n := range count {
		fmt.Printf("%d %s: %d\n", l, states.Names[l], n)
	}
	fmt.Printf("|mean| < 0.001: %v, std (%.3f, %.3f)\n",
		math.Abs(mean[0]) < 1e-3 && math.Abs(mean[1]) < 1e-3, std[0], std[1])
	// Output:
	// 5000 points
	// 0 Michigan: 1000
	// 1 Idaho: 1000
	// 2 Ohio: 1000
	// 3 Oklahoma: 1000
	// 4 Wisconsin: 1000
	// |mean| < 0.001: true, std (1.000, 1.000)
}
