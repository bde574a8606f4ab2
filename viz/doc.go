// Package viz draws the interactive charts of the STATES diffusion project:
// go-echarts figures for notebooks (Display, NotebookHTML) and standalone
// HTML pages (Page), with the ECharts library inlined or loaded from the CDN
// (Assets). It trains nothing: it reads the records of package run and the
// data of package states, as the ddpm packages return them. The static
// figures (PNG, SVG, PDF) are in package viz/figure and the report in
// package viz/report; viz imports neither. Package viz/live puts GoNB
// controls on a chart (redrawn in place with ReplaceChartJS), and
// WriteExplorer (explorer.go) writes the offline explorer page.
//
// The names follow one rule: an interactive chart is viz.XChart, its static
// version (when there is one) figure.X, with the same X (viz.LossChart and
// figure.Loss). A chart's arguments come in one order: the title (a figure's
// file name first), then the data (*states.Dataset, drawn underneath or as
// the reference), then what the chart is about (samples, a schedule,
// snapshots, a prediction map). SampleSet, Run and the state palette are the
// vocabulary that the charts, the figures and the report share.
package viz
