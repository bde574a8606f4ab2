// Package figure draws the static figures of the STATES diffusion project
// with gonum/plot: a Figure is drawn once and written as PNG, SVG or PDF
// (WriteFiles), for reports and papers.
//
// The names follow one rule: the static version of the interactive chart
// viz.XChart is figure.X, with the same X and the same arguments after a
// leading file name (viz.LossChart and figure.Loss, viz.SamplesGridChart and
// figure.SamplesGrid). Figures take the vocabulary of package viz
// (viz.SampleSet, viz.Run) and share its palette.
package figure
