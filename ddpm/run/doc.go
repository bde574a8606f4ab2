// Package run owns the output folder of a run (the -out DIR of every
// subcommand, the notebooks' outputs/): the name of every file in it, the
// records saved there (training curves, snapshots, metrics, prediction map,
// guidance sweeps, the quality-versus-steps study, the ablation grid,
// provenance), how they are written and read back, the
// folder's lock, and the Workspace through which a process writes results
// there without replacing larger ones. The files and results of each
// network kind (checkpoint folder, curves, sample sets, sweeps, its field of
// a Provenance) are named in the kind table, ddpm/netkind, which this
// package reads.
package run
