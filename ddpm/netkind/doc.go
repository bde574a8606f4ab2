// Package netkind is the table of the project's network kinds — the
// denoiser, the noisy classifier, the flow and the conditional denoiser —
// and of what each one carries: its name and title, what its network reads
// and predicts, whether training needs labels, which sampler draws from it
// and which guidance steers it, its files and results in an output folder
// (checkpoint folder, course-format checkpoint, training curves, sample
// sets, metrics.json entries, guidance sweep) and its field in the
// provenance of a result.
//
// Code that depends on the kind reads a property of its row (Kind.Spec)
// instead of comparing kinds: ddpm builds, trains and samples the network
// from it, ddpm/run names the files, ddpm/pipeline names the results and
// records, and the ddpm command picks its samplers and guidance.
//
// Adding a kind is one row in table.go (and its constant and, for a new
// provenance field, a TrainingSteps field in steps.go), plus its network
// code in package ddpm: its default recipe (ddpm's recipes in
// trainconfig.go) and whatever its row's properties do not cover yet (a new
// Target or Sampler).
//
// The package is free of GoMLX, so that ddpm/run and viz can read it.
package netkind
