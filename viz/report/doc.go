// Package report writes the report of a run of the STATES diffusion
// project from what the pipeline left in its output directory: Load reads
// the records into Inputs (noting the optional ones that are missing), and
// Write draws report.pdf (static figures of package viz/figure), report.html
// (interactive charts of package viz) and the figures/ folder, as Options
// say, and returns the Files it wrote.
//
// The names do not repeat the package: report.Load, report.Write,
// report.Inputs, report.Options.
package report
