// Package viz draws the charts of the STATES diffusion project: interactive
// go-echarts figures for notebooks and browsers, and static figures (PNG, SVG,
// PDF) for reports. It trains nothing: it reads the records of package run
// and the data of package states, as the ddpm packages return them.
//
// The names follow one rule: an interactive chart is XChart, its static
// version (when there is one) XFigure, with the same X. A chart's arguments
// come in one order: the title (a figure's file name first), then the data
// (*states.Dataset, drawn underneath or as the reference), then what the
// chart is about (samples, a schedule, snapshots, a prediction map).
package viz
