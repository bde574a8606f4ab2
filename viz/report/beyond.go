package report

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz"
	"github.com/statesdiffusion/states/viz/figure"
)

// beyondInputs are the optional results past the handout's DDPM: flow
// matching, classifier-free guidance and the quality-versus-steps study.
type beyondInputs struct {
	// FlowCurves and Flow are the flow's training curves and samples.
	FlowCurves *run.Curves
	Flow       [][2]float32
	// ConditionalCurves are the conditional denoiser's training curves, CFG
	// its classifier-free guided samples per state (nil where missing) and
	// CFGSweep its rows per state and weight.
	ConditionalCurves *run.Curves
	CFG               [states.Num][][2]float32
	CFGSweep          []run.SweepRow
	// Study is the quality-versus-steps study.
	Study *run.Study
}

// beyondFiles are the files of the results past DDPM, any one of which
// makes the report note the others that are missing.
var beyondFiles = []string{netkind.Flow.Spec().Curves, netkind.Conditional.Spec().Curves, run.FlowSamplesBase + ".npy",
	run.CFGSamplesBase(0) + ".npy", run.CFGSweepFile, run.StudyFile}

// loadBeyond reads the optional results of ddpm train -model flow /
// conditional, ddpm sample -model flow, ddpm guide -model conditional and
// ddpm study, noting the missing ones; a folder with none of them gets one
// note.
func (in *Inputs) loadBeyond() error {
	have := false
	for _, f := range beyondFiles {
		if _, err := os.Stat(filepath.Join(in.Dir, f)); err == nil {
			have = true
		}
	}
	if !have {
		in.Notes = append(in.Notes, "no results past DDPM (flow matching, classifier-free guidance, the study): skipped")
		return nil
	}
	for _, c := range []struct {
		kind netkind.Kind
		dst  **run.Curves
	}{{netkind.Flow, &in.FlowCurves}, {netkind.Conditional, &in.ConditionalCurves}} {
		var cv run.Curves
		ok, err := in.readOptionalJSON(c.kind.Spec().Curves, string(c.kind)+" curves", "skipped", &cv)
		if err != nil {
			return err
		}
		if ok {
			*c.dst = &cv
		}
	}
	var err error
	if in.Flow, err = loadSamples(in.Dir, run.FlowSamplesBase); err != nil {
		return err
	}
	if in.Flow == nil {
		in.Notes = append(in.Notes, fmt.Sprintf("no flow samples (%s.npy): skipped", run.FlowSamplesBase))
	}
	found := 0
	for l := range states.Num {
		if in.CFG[l], err = loadSamples(in.Dir, run.CFGSamplesBase(l)); err != nil {
			return err
		}
		if in.CFG[l] != nil {
			found++
		}
	}
	if found < states.Num {
		in.Notes = append(in.Notes, fmt.Sprintf("classifier-free guided samples of %d of %d states", found, states.Num))
	}
	if _, err := in.readOptionalJSON(run.CFGSweepFile, "classifier-free guidance sweep", "skipped", &in.CFGSweep); err != nil {
		return err
	}
	var st run.Study
	if ok, err := in.readOptionalJSON(run.StudyFile, "quality-versus-steps study", "skipped", &st); err != nil {
		return err
	} else if ok {
		in.Study = &st
	}
	return nil
}

// beyondSections are the report's sections on flow matching,
// classifier-free guidance and the study, for the results that exist.
func (in *Inputs) beyondSections() []reportSection {
	data := in.Data
	var out []reportSection
	if in.Flow != nil {
		set := viz.SampleSet{Name: "flow samples", Label: -1, Points: in.Flow}
		out = append(out, reportSection{heading: "Flow matching",
			text: fmt.Sprintf("%d samples of the flow-matching model (the ODE from noise to data, integrated with a few steps) "+
				"next to the data.", len(in.Flow)),
			charts: []viz.Chart{viz.SamplesSideBySideChart("Flow-matching samples", data, set)},
			figure: figure.SamplesSideBySide("flow_samples", "Flow-matching samples", data, set)})
	}
	if in.FlowCurves != nil || in.ConditionalCurves != nil {
		var runs []viz.Run
		if in.FlowCurves != nil {
			runs = append(runs, viz.Run{Name: "flow", Curves: in.FlowCurves})
		}
		if in.ConditionalCurves != nil {
			runs = append(runs, viz.Run{Name: "conditional denoiser", Curves: in.ConditionalCurves})
		}
		out = append(out, reportSection{heading: "Flow and conditional denoiser training",
			text:   "Training and validation loss (log scale): the flow regresses the velocity, the conditional denoiser the noise.",
			charts: []viz.Chart{viz.LossChart("Flow and conditional denoiser loss", true, runs...)},
			figure: figure.Loss("beyond_loss", "Flow and conditional denoiser loss", true, runs...)})
	}
	var sets []viz.SampleSet
	for l, pts := range in.CFG {
		if pts != nil {
			sets = append(sets, viz.Guided(l, pts))
		}
	}
	if len(sets) > 0 {
		text := "Samples of the conditional denoiser for each state, eps = (1 + w) eps(x, y) - w eps(x, no label)."
		if e := in.cfgEmbedding(); e != "" {
			text += " Input embedding of the " + e + "."
		}
		out = append(out, reportSection{heading: "Classifier-free guidance",
			text:   text,
			charts: []viz.Chart{viz.SamplesGridChart("Classifier-free guided samples per state", data, 3, sets...)},
			figure: figure.SamplesGrid("cfg_samples", "Classifier-free guided samples per state", data, 3, sets...)})
	}
	if len(in.CFGSweep) > 0 {
		out = append(out, reportSection{heading: "Classifier guidance versus classifier-free",
			text:   "Precision over recall per state, through the guidance scales and the CFG weights (up and right is better).",
			charts: []viz.Chart{viz.GuidanceTradeoffChart("Guidance trade-off", in.Sweep, in.CFGSweep), viz.SweepChart("Classifier-free guidance sweep", in.CFGSweep)},
			figure: figure.GuidanceTradeoff("guidance_tradeoff", "Guidance trade-off", in.Sweep, in.CFGSweep)})
	}
	if in.Study != nil && len(in.Study.Rows) > 0 {
		out = append(out, reportSection{heading: "Quality versus steps",
			text: fmt.Sprintf("NLL gap, precision, recall and time of %d samples per sampler and budget of network evaluations.",
				in.Study.N),
			charts: []viz.Chart{viz.StudyChart("Quality versus network evaluations", in.Study)},
			figure: figure.Study("steps_study", "Quality versus network evaluations", in.Study)})
	}
	return out
}

// cfgEmbedding names the input embedding of the network that made the
// classifier-free guided samples, as their provenance records it (e.g.
// "conditional: sinusoidal (32 frequencies, scale 25)"); empty when none
// is recorded (the course's input, or an older run).
func (in *Inputs) cfgEmbedding() string {
	for l := range in.CFG {
		if e := in.Provenance[run.ResultCFG(l)].Embed; e != "" {
			return e
		}
	}
	return ""
}
