package report

import (
	"fmt"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/viz"
	"github.com/statesdiffusion/states/viz/figure"
)

// Options tune Write.
type Options struct {
	// Title heads the HTML page and the first PDF page.
	Title string
	// Assets says where report.html gets ECharts from (AssetsFromEnv
	// honours DDPM_ECHARTS_JS).
	Assets viz.Assets
}

// DefaultOptions returns the default title and AssetsFromEnv.
func DefaultOptions() Options {
	return Options{Title: "STATES diffusion report", Assets: viz.AssetsFromEnv()}
}

// Files lists what Write wrote.
type Files struct {
	PDF, HTML string
	Figures   []string
	// Pages is the number of pages of the PDF.
	Pages int
}

// Write writes, into in.Dir, report.pdf (a title page with the
// metrics table, then one page per figure), report.html (the interactive
// charts on one page) and figures/*.png|svg. Every file is written
// atomically.
func Write(in *Inputs, opt Options) (Files, error) {
	var files Files
	if opt.Title == "" {
		opt.Title = DefaultOptions().Title
	}
	secs, err := in.sections()
	if err != nil {
		return files, fmt.Errorf("report: %w", err)
	}
	figDir := filepath.Join(in.Dir, run.FiguresDirName)
	var figs []*figure.Figure
	if len(in.Metrics) > 0 {
		figs = append(figs, figure.Metrics("metrics", "Metrics of the sample sets", in.Metrics))
	}
	for _, s := range secs {
		figs = append(figs, s.figure)
	}
	for _, f := range figs {
		paths, err := f.WriteFiles(figDir, "png", "svg")
		if err != nil {
			return files, fmt.Errorf("report: %w", err)
		}
		files.Figures = append(files.Figures, paths...)
	}
	files.PDF = filepath.Join(in.Dir, run.ReportPDFFile)
	pages, err := writeReportPDF(files.PDF, opt.Title, in, secs)
	files.Pages = len(pages)
	if err != nil {
		return files, fmt.Errorf("report: %w", err)
	}
	files.HTML = filepath.Join(in.Dir, run.ReportHTMLFile)
	if err := reportPage(opt.Title, in, secs).WriteFile(files.HTML, opt.Assets); err != nil {
		return files, fmt.Errorf("report: %w", err)
	}
	return files, nil
}

// reportPage assembles the interactive report.
func reportPage(title string, in *Inputs, secs []reportSection) *viz.Page {
	p := viz.NewPage(title)
	p.Text(fmt.Sprintf("Made from the results in %s. Drag to pan, scroll to zoom, click legend entries to hide series.", in.where()))
	for _, n := range in.Notes {
		p.Text("Note: " + n + ".")
	}
	if len(in.Metrics) > 0 {
		p.Heading("Metrics").HTML(viz.MetricsHTML(in.Metrics))
	}
	if len(in.Provenance) > 0 {
		p.Heading("How the results were made").HTML(viz.ProvenanceHTML(in.Provenance))
	}
	for _, s := range secs {
		if s.pdfOnly {
			continue
		}
		p.Heading(s.heading).Text(s.text).Add(s.charts...)
		if s.html != "" {
			p.HTML(s.html)
		}
	}
	return p
}

// where names the folder of the inputs for readers: its absolute path.
func (in *Inputs) where() string {
	if abs, err := filepath.Abs(in.Dir); err == nil {
		return abs
	}
	return in.Dir
}
