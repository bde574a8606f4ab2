package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

func init() { register("eval", "score samples with the course's KDE NLL", runEval) }

// runEval implements "ddpm eval": it scores a sample file against the data
// with the course's KDE NLL, precision and recall, and label accuracy.
func runEval(args []string) error { return evalMain(args, os.Stdout) }

// evalMain is runEval writing to w.
func evalMain(args []string, w io.Writer) error {
	fs := newFlags("eval")
	samplesPath := fs.String("samples", "", "samples `FILE` to score (.npy, .pt or .csv); required")
	dataPath := fs.String("data", "", "data `FILE` (.pt, .npy or .csv); empty: the built-in STATES dataset")
	label := fs.Int("label", -1, "requested state `K` of guided samples: precision and recall against that state's points, plus label accuracy; -1: unconditional")
	radius := fs.Float64("radius", metrics.DefaultRadius, "radius `R` of precision and recall, in data units")
	asJSON := fs.Bool("json", false, "print the metrics as one JSON object (run.Metrics) instead of text")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *samplesPath == "":
		return usagef("-samples FILE is required")
	case *label < -1 || *label >= states.Num:
		return usagef("-label %d: want -1 or a state in [0, %d)", *label, states.Num)
	case !(*radius > 0) || math.IsInf(*radius, 1):
		return usagef("-radius %g: want a positive number", *radius)
	}
	data, err := states.Load(*dataPath)
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if *label >= 0 && data.Labels == nil {
		return usagef("-label %d needs labeled data, and %s has no labels", *label, dataName(*dataPath))
	}
	samples, err := states.Load(*samplesPath)
	if err != nil {
		return fmt.Errorf("samples: %w", err)
	}
	scorer, err := metrics.NewScorer(data, *radius)
	if err != nil {
		return fmt.Errorf("data %s: %w", dataName(*dataPath), err)
	}
	name := strings.TrimSuffix(filepath.Base(*samplesPath), filepath.Ext(*samplesPath))
	m, err := scorer.Score(name, samples.Points, *label)
	if err != nil {
		return err
	}
	if *asJSON {
		b, err := json.Marshal(m)
		if err != nil {
			return fmt.Errorf("encode metrics: %w", err)
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	return printMetrics(w, m, *samplesPath, dataName(*dataPath), data.Len())
}

// dataName names the data for messages: its path, or "the built-in STATES
// dataset".
func dataName(path string) string {
	if path == "" {
		return "the built-in STATES dataset"
	}
	return path
}

// printMetrics writes m as text, one figure a line, ending with "NLL value".
func printMetrics(w io.Writer, m run.Metrics, samplesPath, data string, dataLen int) error {
	ref := "all data"
	if m.Label >= 0 {
		ref = fmt.Sprintf("state %d %s", m.Label, states.Names[m.Label])
	}
	lines := []string{
		fmt.Sprintf("samples    %s", samplesPath),
		fmt.Sprintf("data       %s (%d points; the KDE is built on all of them)", data, dataLen),
		fmt.Sprintf("reference  %s", ref),
		fmt.Sprintf("N          %d", m.N),
		fmt.Sprintf("DataNLL    %.6f (the reference points under the same KDE)", m.DataNLL),
		fmt.Sprintf("Precision  %.4f (samples within r = %g of a reference point)", m.Precision, m.Radius),
		fmt.Sprintf("Recall     %.4f (reference points within r of a sample)", m.Recall),
	}
	lines = append(lines,
		fmt.Sprintf("MaxDist    %.4f (the farthest sample's distance to the nearest data point)", m.MaxDistance),
		fmt.Sprintf("Far        %d (samples farther than %g from every data point)", m.Far, m.FarRadius))
	if m.Label >= 0 {
		lines = append(lines, fmt.Sprintf("LabelAcc   %.4f (samples whose nearest data point is %s)", m.LabelAccuracy, states.Names[m.Label]))
	}
	lines = append(lines, fmt.Sprintf("NLL %.6f", m.NLL))
	_, err := io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}
