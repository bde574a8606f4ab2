package run

import "github.com/statesdiffusion/states/ddpm/states"

// Deliverables are the files of an output folder that the course asks
// for, in the order a reader checks them: the unconditional and the guided
// samples (.npy and .pt), the metrics and their provenance, the guidance
// sweep, the classifier's prediction map and the report.
func Deliverables() []string {
	names := []string{UncondSamplesBase + ".npy", UncondSamplesBase + ".pt"}
	for k := range states.Num {
		names = append(names, CondSamplesBase(k)+".npy", CondSamplesBase(k)+".pt")
	}
	return append(names, MetricsFile, ProvenanceFile, GuidanceSweepFile, PredictionMapFile, ReportPDFFile, ReportHTMLFile)
}
