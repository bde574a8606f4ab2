// Package plotdata turns the records of package run into what both the
// interactive charts (package viz) and the static figures (package
// viz/figure) draw: sample sets, curves and metric panels, bounds with tidy
// ticks, prediction-map runs, metric table rows and the state palette.
// Package viz re-exports the public part (SampleSet, Run, StateColor, ...).
package plotdata
