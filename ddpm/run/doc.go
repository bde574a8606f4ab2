// Package run owns the output folder of a run (the -out DIR of every
// subcommand, the notebooks' outputs/): the name of every file in it, the
// records saved there (training curves, snapshots, metrics, prediction map,
// guidance sweep, provenance) and how they are written and read back.
package run
