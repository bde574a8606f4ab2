package viz_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/statesdiffusion/states/ddpm/diffusion"
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
