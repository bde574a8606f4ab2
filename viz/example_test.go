package viz_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz"
)

// Interactive charts go onto one standalone HTML page. With
// DDPM_ECHARTS_JS pointing at a local echarts.min.js the page works offline.
func ExamplePage() {
	data, err := states.Load("") // the built-in STATES set
	if err != nil {
		log.Fatal(err)
	}
	dir, _ := os.MkdirTemp("", "viz")
	defer os.RemoveAll(dir)

	page := viz.NewPage("STATES").
		Heading("Data").Add(viz.DataChart("STATES", data)).
		Heading("Noised").Text("The data after 50 and 250 steps of noise.")
	sched, _ := diffusion.NewSchedule(diffusion.DefaultScheduleConfig())
	fwd, err := viz.ForwardChart("Forward process", data, sched, []int{0, 50, 250}, 1)
	if err != nil {
		log.Fatal(err)
	}
	page.Add(fwd)
	path := filepath.Join(dir, "states.html")
	if err := page.WriteFile(path, viz.Assets{}); err != nil { // CDN
		log.Fatal(err)
	}
	html, _ := os.ReadFile(path)
	fmt.Println(page.NumCharts(), "charts;", strings.Contains(string(html), viz.DefaultEChartsURL))
	// Output: 2 charts; true
}

// Static figures are written as PNG, SVG or PDF files.
func ExampleFigure_WriteFiles() {
	data, err := states.Load("")
	if err != nil {
		log.Fatal(err)
	}
	dir, _ := os.MkdirTemp("", "viz")
	defer os.RemoveAll(dir)

	fig := viz.DataFigure("states", "STATES", data)
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

// A report is drawn from what the pipeline wrote into its output directory;
// this one holds only the two required inputs.
func ExampleWriteReport() {
	dir, _ := os.MkdirTemp("", "viz")
	defer os.RemoveAll(dir)
	data, err := states.Load("")
	if err != nil {
		log.Fatal(err)
	}
	curves := run.Curves{Kind: "denoiser",
		Train:      []run.CurvePoint{{Step: 0, Value: 1}, {Step: 100, Value: 0.5}, {Step: 200, Value: 0.4}},
		Validation: []run.CurvePoint{{Step: 0, Value: 1.1}, {Step: 200, Value: 0.45}}}
	if err := run.WriteJSON(filepath.Join(dir, run.DenoiserCurvesFile), curves); err != nil {
		log.Fatal(err)
	}
	if err := run.WriteSamples(dir, run.UncondSamplesBase, data.Points[:500]); err != nil {
		log.Fatal(err)
	}

	in, err := viz.LoadReportInputs(dir, "")
	if err != nil {
		log.Fatal(err)
	}
	files, err := viz.WriteReport(in, viz.ReportOptions{Title: "Example"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Base(files.PDF), files.Pages, "pages;", filepath.Base(files.HTML), len(in.Notes), "notes")
	// Output: report.pdf 5 pages; report.html 8 notes
}

// In a GoNB notebook, viz.Display shows charts in the cell; NotebookHTML
// is the HTML it sends, which loads ECharts through RequireJS when the
// notebook has it.
func ExampleNotebookHTML() {
	data, err := states.Load("")
	if err != nil {
		log.Fatal(err)
	}
	html, err := viz.NotebookHTML(viz.Assets{}, viz.DataChart("STATES", data))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Contains(html, "requirejs.config"))
	// Output: true
}
