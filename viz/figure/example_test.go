package figure_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz/figure"
)

// Static figures are written as PNG, SVG or PDF files.
func ExampleFigure_WriteFiles() {
	data, err := states.Load("")
	if err != nil {
		log.Fatal(err)
	}
	dir, _ := os.MkdirTemp("", "figure")
	defer os.RemoveAll(dir)

	fig := figure.Data("states", "STATES", data)
	paths, err := fig.WriteFiles(dir, "png", "svg", "pdf")
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range paths {
		fmt.Println(filepath.Base(p))
	}
	// Output:
	// states.png
	// states.svg
	// states.pdf
}
