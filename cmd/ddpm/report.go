package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/viz"
	"github.com/statesdiffusion/states/viz/report"
)

func init() {
	register("report", "write report.pdf, report.html and figures/ from an output directory", runReport)
}

// runReport draws what the earlier steps wrote under -out: a multi-page
// PDF, an interactive HTML page and PNG/SVG figures, next to the inputs.
func runReport(args []string) error {
	fs := newFlags("report")
	out := fs.String("out", defaultOut, "output directory of the earlier steps; the report is written there")
	data := fs.String("data", "", "data file (.pt course format, .npy, .csv); empty: the built-in STATES dataset")
	echartsJS := fs.String("echarts", viz.FindECharts(),
		"local echarts.min.js to inline into report.html for offline use (default: $"+viz.EChartsEnv+
			", else the copy that scripts/install-deps.sh put in .tools/); empty: load ECharts "+viz.EChartsVersion+" from the CDN")
	title := fs.String("title", report.DefaultOptions().Title, "report title")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("-out must not be empty")
	}
	if st, err := os.Stat(*out); err != nil || !st.IsDir() {
		return fmt.Errorf("report: output directory %s not found", *out)
	}
	// The lock keeps the inputs from changing while they are read, and the
	// report from being written twice at once.
	ws, err := run.Open(*out, run.Options{MadeBy: commandLine(), Budget: pipelineBudget})
	if err != nil {
		return err
	}
	defer ws.Close()
	in, err := report.Load(*out, *data)
	if err != nil {
		return err
	}
	for _, n := range in.Notes {
		fmt.Fprintf(os.Stderr, "report: note: %s\n", n)
	}
	files, err := report.Write(in, report.Options{Title: *title, Assets: viz.Assets{EChartsJS: *echartsJS}})
	if err != nil {
		return err
	}
	where := "ECharts from the CDN: needs network to view"
	if *echartsJS != "" {
		where = "ECharts inlined from " + *echartsJS
	}
	fmt.Printf("report: %s (%d pages), %s (%s), %d figure files in %s\n",
		files.PDF, files.Pages, files.HTML, where, len(files.Figures), filepath.Join(*out, run.FiguresDirName))
	return nil
}
