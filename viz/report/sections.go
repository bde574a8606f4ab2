package report

import (
	"fmt"
	"html/template"

	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz"
	"github.com/statesdiffusion/states/viz/figure"
)

// reportSection is one topic of a report: its interactive charts (HTML)
// and its static figure (PDF page and figures/ files).
type reportSection struct {
	heading string
	text    string
	charts  []viz.Chart
	figure  *figure.Figure
	// html follows the charts on the HTML page (a table, a list).
	html template.HTML
	// pdfOnly marks a page that continues the section before it in the
	// PDF, whose charts and HTML already hold its contents.
	pdfOnly bool
}

// Limits of the report's figures.
const (
	reportSnapshotPanels = 8
	reportForwardSeed    = 1
)

// sections builds the report's sections from what in holds, in order.
func (in *Inputs) sections() ([]reportSection, error) {
	data := in.Data
	den := viz.Run{Name: "denoiser", Curves: in.DenoiserCurves}
	uncond := viz.Unconditional(in.Uncond)
	out := []reportSection{
		{heading: "Data", text: fmt.Sprintf("%d training points on the outlines of %d states.", data.Len(), states.Num),
			charts: []viz.Chart{viz.DataChart("STATES data", data)}, figure: figure.Data("data", "STATES data", data)},
		{heading: "Unconditional samples", text: fmt.Sprintf("%d samples of the trained denoiser next to the data.", len(in.Uncond)),
			charts: []viz.Chart{viz.SamplesSideBySideChart("Unconditional samples", data, uncond)},
			figure: figure.SamplesSideBySide("uncond_samples", "Unconditional samples", data, uncond)},
	}
	if sets := in.guidedSets(); len(sets) > 0 {
		out = append(out, reportSection{heading: "Guided samples",
			text:   "Classifier-guided samples, one set per requested state, over the data in grey. Toggle sets in the legend.",
			charts: []viz.Chart{viz.SamplesOverlayChart("Guided samples", data, sets...), viz.SamplesGridChart("Guided samples per state", data, 3, sets...)},
			figure: figure.SamplesGrid("guided_samples", "Guided samples per state", data, 3, sets...)})
	}
	if in.DenoiserCurves != nil {
		out = append(out, reportSection{heading: "Denoiser training", text: "Training and validation loss (log scale).",
			charts: []viz.Chart{viz.LossChart("Denoiser loss", true, den)}, figure: figure.Loss("denoiser_loss", "Denoiser loss", true, den)})
	}
	if in.DenoiserCurves != nil && len(in.DenoiserCurves.NLL) > 0 {
		out = append(out, reportSection{heading: "Denoiser NLL", text: "KDE negative log-likelihood of samples drawn during training.",
			charts: []viz.Chart{viz.NLLChart("NLL during training", den)}, figure: figure.NLL("denoiser_nll", "NLL during training", den)})
	}
	if in.ClassifierCurves != nil {
		cls := viz.Run{Name: "classifier", Curves: in.ClassifierCurves}
		out = append(out,
			reportSection{heading: "Classifier training", text: "Cross-entropy of the noisy-point classifier.",
				charts: []viz.Chart{viz.LossChart("Classifier loss", false, cls)}, figure: figure.Loss("classifier_loss", "Classifier loss", false, cls)},
			reportSection{heading: "Classifier accuracy", text: "Accuracy during training and per range of diffusion time t.",
				charts: []viz.Chart{viz.AccuracyChart("Classifier accuracy", cls), viz.AccuracyByTChart("Validation accuracy by t", cls)},
				figure: figure.Accuracy("classifier_accuracy", "Classifier accuracy", cls)})
	}
	if in.PredictionMap != nil {
		ch, err := viz.PredictionMapChart("Classifier prediction map", data, in.PredictionMap)
		if err != nil {
			return nil, err
		}
		fig, err := figure.PredictionMap("prediction_map", "Classifier prediction map", data, in.PredictionMap)
		if err != nil {
			return nil, err
		}
		out = append(out, reportSection{heading: "Classifier prediction map",
			text: "The state the classifier predicts at each point of the plane, per diffusion time t.", charts: []viz.Chart{ch}, figure: fig})
	}
	if in.Snapshots != nil {
		ch, err := viz.ReverseChart("Reverse process", data, in.Snapshots)
		if err != nil {
			return nil, err
		}
		fig, err := figure.Reverse("reverse_process", "Reverse process", data, in.Snapshots, reportSnapshotPanels)
		if err != nil {
			return nil, err
		}
		out = append(out, reportSection{heading: "Reverse process", text: "A batch of samples from noise x_T to x_0; press play.",
			charts: []viz.Chart{ch}, figure: fig})
	}
	if in.Schedule != nil {
		ts := viz.DefaultForwardTs(in.Schedule.T)
		ch, err := viz.ForwardChart("Forward process", data, in.Schedule, ts, reportForwardSeed)
		if err != nil {
			return nil, err
		}
		fig, err := figure.Forward("forward_process", "Forward process", data, in.Schedule, ts, reportForwardSeed)
		if err != nil {
			return nil, err
		}
		out = append(out, reportSection{heading: "Forward process",
			text:   fmt.Sprintf("The data noised in closed form (%s schedule, T = %d).", in.Schedule.Kind, in.Schedule.T),
			charts: []viz.Chart{ch}, figure: fig})
	}
	if len(in.Sweep) > 0 {
		out = append(out, reportSection{heading: "Guidance sweep", text: "Quality of guided samples per guidance scale.",
			charts: []viz.Chart{viz.SweepChart("Guidance sweep", in.Sweep)}, figure: figure.Sweep("guidance_sweep", "Guidance sweep", in.Sweep)})
	}
	out = append(out, in.beyondSections()...)
	return append(out, in.ablationSections()...), nil
}
