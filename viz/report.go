package viz

import (
	"fmt"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/run"
)

// ReportOptions tune WriteReport.
type ReportOptions struct {
	// Title heads the HTML page and the first PDF page.
	Title string
	// Assets says where report.html gets ECharts from (AssetsFromEnv
	// honours DDPM_ECHARTS_JS).
	Assets Assets
}

// DefaultReportOptions returns the default title and AssetsFromEnv.
func DefaultReportOptions() ReportOptions {
	return ReportOptions{Title: "STATES diffusion report", Assets: AssetsFromEnv()}
}

// ReportFiles lists what WriteReport wrote.
type ReportFiles struct {
	PDF, HTML string
	Figures   []string
	// Pages is the number of pages of the PDF.
	Pages int
}

// WriteReport writes, into in.Dir, report.pdf (a title page with the
// metrics table, then one page per figure), report.html (the interactive
// charts on one page) and figures/*.png|svg. Every file is written
// atomically.
func WriteReport(in *ReportInputs, opt ReportOptions) (ReportFiles, error) {
	var files ReportFiles
	if opt.Title == "" {
		opt.Title = DefaultReportOptions().Title
	}
	secs, err := in.sections()
	if err != nil {
		return files, fmt.Errorf("report: %w", err)
	}
	figDir := filepath.Join(in.Dir, run.FiguresDirName)
	var figs []*Figure
	if len(in.Metrics) > 0 {
		figs = append(figs, MetricsFigure("metrics", "Metrics of the sample sets", in.Metrics))
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
	if files.Pages, err = writeReportPDF(files.PDF, opt.Title, in, secs); err != nil {
		return files, fmt.Errorf("report: %w", err)
	}
	files.HTML = filepath.Join(in.Dir, run.ReportHTMLFile)
	if err := reportPage(opt.Title, in, secs).WriteFile(files.HTML, opt.Assets); err != nil {
		return files, fmt.Errorf("report: %w", err)
	}
	return files, nil
}

// reportPage assembles the interactive report.
func reportPage(title string, in *ReportInputs, secs []reportSection) *Page {
	p := NewPage(title)
	p.Text(fmt.Sprintf("Made from the results in %s. Drag to pan, scroll to zoom, click legend entries to hide series.", in.where()))
	for _, n := range in.Notes {
		p.Text("Note: " + n + ".")
	}
	if len(in.Metrics) > 0 {
		p.Heading("Metrics").HTML(MetricsHTML(in.Metrics))
	}
	if len(in.Provenance) > 0 {
		p.Heading("How the results were made").HTML(ProvenanceHTML(in.Provenance))
	}
	for _, s := range secs {
		p.Heading(s.heading).Text(s.text).Add(s.charts...)
	}
	return p
}

// where names the folder of the inputs for readers: its absolute path.
func (in *ReportInputs) where() string {
	if abs, err := filepath.Abs(in.Dir); err == nil {
		return abs
	}
	return in.Dir
}
