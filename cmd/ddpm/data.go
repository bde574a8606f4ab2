package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

func init() {
	register("data", "write the STATES dataset (or a loaded one) as .npy and .csv and print its statistics", runData)
}

// runData implements "ddpm data": it loads -data (or draws the built-in
// STATES set) and writes it into OUT/data/.
func runData(args []string) error {
	fs := newFlags("data")
	out := fs.String("out", "outputs", "output directory; the dataset goes to `DIR`/"+run.DataDirName)
	data := fs.String("data", "", "dataset `FILE` to load (.pt, .npy or .csv); empty: draw the built-in STATES set")
	def := states.DefaultConfig()
	perState := fs.Int("per-state", def.PerState, "points per state of the built-in set")
	jitter := fs.Float64("jitter", def.Jitter, "standard deviation of the Gaussian jitter of the built-in set")
	seed := fs.Uint64("seed", def.Seed, "random seed of the built-in set")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("-out must not be empty")
	}
	opts := states.Config{PerState: *perState, Jitter: *jitter, Seed: *seed}
	var d *states.Dataset
	var err error
	if *data != "" {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if set["per-state"] || set["jitter"] || set["seed"] {
			return usagef("-per-state, -jitter and -seed apply to the built-in set, not to -data %s", *data)
		}
		d, err = states.Load(*data)
	} else {
		if err := opts.Validate(); err != nil {
			return usagef("%v", err)
		}
		d, err = states.Generate(opts)
	}
	if err != nil {
		return err
	}
	ws, err := run.Open(*out, run.Options{MadeBy: commandLine(), Budget: pipelineBudget})
	if err != nil {
		return err
	}
	defer ws.Close()
	dir := filepath.Join(*out, run.DataDirName)
	if err := states.Write(dir, d); err != nil {
		return err
	}
	printDataSummary(os.Stdout, dir, d)
	return nil
}

// printDataSummary prints where the dataset went, its count per state and
// its mean and standard deviation per axis.
func printDataSummary(w io.Writer, dir string, d *states.Dataset) {
	files := states.NPYFile + ", " + states.CSVFile
	if d.Labels != nil {
		files = states.NPYFile + ", " + states.LabelsNPYFile + ", " + states.CSVFile
	}
	fmt.Fprintf(w, "wrote %d points to %s (%s)\n", d.Len(), dir, files)
	if d.Labels != nil {
		count := make([]int, states.Num)
		for _, l := range d.Labels {
			count[l]++
		}
		for l, n := range count {
			fmt.Fprintf(w, "  %d %-9s %6d\n", l, states.Names[l], n)
		}
	} else {
		fmt.Fprintln(w, "  (no labels)")
	}
	mean, std := states.AxisStats(d.Points)
	fmt.Fprintf(w, "mean x %+.4f y %+.4f\nstd  x %.4f y %.4f\n", mean[0], mean[1], std[0], std[1])
}
