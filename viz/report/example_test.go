package report_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz/report"
)

// A report is drawn from what the pipeline wrote into its output directory;
// this one holds only the two required inputs.
func ExampleWrite() {
	dir, _ := os.MkdirTemp("", "report")
	defer os.RemoveAll(dir)
	data, err := states.Load("")
	if err != nil {
		log.Fatal(err)
	}
	curves := run.Curves{Kind: "denoiser",
		Train:      []run.CurvePoint{{Step: 0, Value: 1}, {Step: 100, Value: 0.5}, {Step: 200, Value: 0.4}},
		Validation: []run.CurvePoint{{Step: 0, Value: 1.1}, {Step: 200, Value: 0.45}}}
	if err := run.WriteJSON(filepath.Join(dir, netkind.Denoiser.Spec().Curves), curves); err != nil {
		log.Fatal(err)
	}
	if err := run.WriteSamples(dir, run.UncondSamplesBase, data.Points[:500]); err != nil {
		log.Fatal(err)
	}

	in, err := report.Load(dir, "")
	if err != nil {
		log.Fatal(err)
	}
	files, err := report.Write(in, report.Options{Title: "Example"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Base(files.PDF), files.Pages, "pages;", filepath.Base(files.HTML), len(in.Notes), "notes")
	// Output: report.pdf 5 pages; report.html 9 notes
}
