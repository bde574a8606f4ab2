package metrics_test

import (
	"fmt"

	"github.com/statesdiffusion/states/ddpm/metrics"
)

// The course scores samples by their negative log-likelihood under a Gaussian
// KDE of the data: -gaussian_kde(data.T).logpdf(samples.T).mean().
func ExampleNLL() {
	data := [][2]float32{{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0.5, 0.5}}
	samples := [][2]float32{{0.5, 0.5}, {0.2, 0.8}, {3, 3}}
	nll, err := metrics.NLL(data, samples)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("NLL %.6f\n", nll) // scipy.stats.gaussian_kde gives 10.325821
	// Output: NLL 10.325821
}
