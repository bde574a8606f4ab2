package report

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/npy"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/internal/testfix"
	"github.com/statesdiffusion/states/viz"
	"github.com/statesdiffusion/states/viz/internal/fixture"
)

// writeFixture writes a small synthetic output directory, as the pipeline
// would, and returns the data file. With full false only the required
// inputs are written.
func writeFixture(t *testing.T, dir string, full bool) string {
	t.Helper()
	data := fixture.Data(200, 1)
	if err := states.Write(filepath.Join(dir, run.DataDirName), data); err != nil {
		t.Fatal(err)
	}
	samples := fixture.Jitter(data.Points, 0.04, 3)
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check(run.WriteJSON(filepath.Join(dir, netkind.Denoiser.Spec().Curves), fixture.Curves("denoiser", 2000)))
	check(run.WriteSamples(dir, run.UncondSamplesBase, samples))
	if full {
		check(run.WriteJSON(filepath.Join(dir, netkind.Classifier.Spec().Curves), fixture.Curves("classifier", 1000)))
		for l := 0; l < states.Num; l++ {
			check(npy.WritePoints(filepath.Join(dir, run.CondSamplesBase(l)+".npy"), fixture.Jitter(fixture.StatePoints(data, l), 0.05, uint64(l))))
		}
		check(run.WriteJSON(filepath.Join(dir, run.SnapshotsFile), fixture.Snapshots(samples[:300])))
		check(run.WriteJSON(filepath.Join(dir, run.PredictionMapFile), fixture.Map(data, []int{0, 125, 250, 499})))
		check(run.WriteJSON(filepath.Join(dir, run.MetricsFile), fixture.Metrics()))
		check(run.WriteJSON(filepath.Join(dir, run.GuidanceSweepFile), fixture.Sweep()))
		check(run.WriteJSON(filepath.Join(dir, netkind.Flow.Spec().Curves), fixture.Curves("flow", 2000)))
		check(run.WriteJSON(filepath.Join(dir, netkind.Conditional.Spec().Curves), fixture.Curves("conditional", 2000)))
		check(run.WriteSamples(dir, run.FlowSamplesBase, fixture.Jitter(data.Points, 0.03, 7)))
		for l := 0; l < states.Num; l++ {
			check(run.WriteSamples(dir, run.CFGSamplesBase(l), fixture.Jitter(fixture.StatePoints(data, l), 0.03, uint64(10+l))))
		}
		check(run.WriteJSON(filepath.Join(dir, run.CFGSweepFile), fixture.CFGSweep()))
		check(run.WriteJSON(filepath.Join(dir, run.StudyFile), fixture.Study()))
		check(run.WriteJSON(filepath.Join(dir, run.AblationFile), fixture.Ablation(data)))
		check(run.WriteJSON(filepath.Join(dir, run.ProvenanceFile), run.ProvenanceTable{
			run.ResultUncond: {MadeBy: "ddpm all", Budget: "full", N: 1000, Sampler: "DDPM, posterior variance", Steps: 500, DenoiserStep: 2000},
		}))
	}
	return filepath.Join(dir, run.DataDirName, states.NPYFile)
}

// TestReport builds a report from a full fixture directory and checks the
// PDF (page count, every page drawn, via pdftoppm), the figures and, in
// headless Chromium, that every chart of report.html drew.
func TestReport(t *testing.T) {
	dir := fixture.OutDir(t, "report")
	dataPath := writeFixture(t, dir, true)
	in, err := Load(dir, dataPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Notes) != 1 || !strings.Contains(in.Notes[0], "hparams") {
		t.Errorf("notes %q, want only the missing denoiser hparams", in.Notes)
	}
	if in.Data.Len() != 1000 || in.ClassifierCurves == nil || in.PredictionMap == nil || in.Snapshots == nil || len(in.Sweep) != 6 ||
		in.FlowCurves == nil || in.ConditionalCurves == nil || in.Flow == nil || in.CFG[4] == nil || len(in.CFGSweep) != 4 || in.Study == nil || in.Ablation == nil {
		t.Fatalf("inputs not all loaded: %+v", in)
	}
	opt := DefaultOptions()
	opt.Assets = viz.Assets{EChartsJS: localEChartsOrEmpty()}
	files, err := Write(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	secs, _ := in.sections()
	if files.Pages != len(secs)+1 {
		t.Errorf("%d PDF pages, want %d (title + one per section)", files.Pages, len(secs)+1)
	}
	if want := 2 * (len(secs) + 1); len(files.Figures) != want {
		t.Errorf("%d figure files, want %d: %v", len(files.Figures), want, files.Figures)
	}
	for _, f := range append([]string{files.PDF, files.HTML}, files.Figures...) {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s: missing or empty (%v)", f, err)
		}
	}
	page, err := os.ReadFile(files.HTML)
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	for _, want := range []string{"Made from the results in " + abs + ".", "How the results were made",
		"1000 samples, DDPM, posterior variance, denoiser at step 2000, made by ddpm all (full budget)"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html does not say %q", want)
		}
	}
	t.Run("pdftoppm", func(t *testing.T) { checkPDFPages(t, files.PDF, files.Pages) })
	t.Run("browser", func(t *testing.T) {
		browser := testfix.RequireBrowser(t)
		if opt.Assets.EChartsJS == "" {
			testfix.RequireECharts(t, viz.FindECharts(), viz.EChartsVersion) // skips or fails with the install hint
		}
		st, banner := fixture.CheckCharts(t, browser, files.HTML)
		if banner {
			t.Error("'ECharts missing' banner visible")
		}
		n := 0
		for _, s := range secs {
			n += len(s.charts)
		}
		if err := fixture.AllDrawn(st, n, 1000, 50); err != nil {
			t.Error(err)
		}
		fixture.Screenshot(t, browser, files.HTML, 10000)
	})
}

// localEChartsOrEmpty returns the local echarts.min.js when installed.
func localEChartsOrEmpty() string {
	if p := os.Getenv(viz.EChartsEnv); p != "" {
		return p
	}
	p, _ := filepath.Abs("../.tools/npm/node_modules/echarts/dist/echarts.min.js")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// checkPDFPages renders the PDF with pdftoppm and checks that it has want
// pages, none of them blank.
func checkPDFPages(t *testing.T, pdf string, want int) {
	tool := testfix.RequireTool(t, "DDPM_REQUIRE_TOOLS", "pdftoppm")
	out := t.TempDir()
	if b, err := exec.Command(tool, "-r", "40", "-png", pdf, filepath.Join(out, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	pages, _ := filepath.Glob(filepath.Join(out, "page*.png"))
	if len(pages) != want {
		t.Fatalf("pdftoppm rendered %d pages, want %d", len(pages), want)
	}
	for _, p := range pages {
		img := testfix.ReadPNG(t, p)
		if ink := fixture.InkShare(img); ink < 0.01 {
			t.Errorf("%s: page looks blank (%.2f%% ink)", filepath.Base(p), 100*ink)
		}
	}
}

// TestReportRequiredInputs checks the errors for missing required inputs
// and for a corrupt optional one.
func TestReportRequiredInputs(t *testing.T) {
	dir := t.TempDir()
	dataPath := writeFixture(t, dir, false)
	in, err := Load(dir, dataPath)
	if err != nil {
		t.Fatalf("required inputs only: %v", err)
	}
	if len(in.Notes) < 6 {
		t.Errorf("notes %q: want one per missing optional input", in.Notes)
	}
	if _, err := Write(in, Options{Assets: viz.Assets{EChartsURL: "echarts.min.js"}}); err != nil {
		t.Fatalf("report of required inputs only: %v", err)
	}

	bad := filepath.Join(dir, run.MetricsFile)
	if err := os.WriteFile(bad, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, dataPath); err == nil || !strings.Contains(err.Error(), run.MetricsFile) {
		t.Errorf("corrupt metrics.json: got %v, want an error naming it", err)
	}
	os.Remove(bad)

	for _, name := range []string{run.UncondSamplesBase + ".npy", run.UncondSamplesBase + ".pt"} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Load(dir, dataPath); err == nil || !strings.Contains(err.Error(), "ddpm sample") {
		t.Errorf("no samples: got %v, want a hint to run ddpm sample", err)
	}
	if err := os.Remove(filepath.Join(dir, netkind.Denoiser.Spec().Curves)); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, dataPath); err == nil || !strings.Contains(err.Error(), netkind.Denoiser.Spec().Curves) {
		t.Errorf("no curves: got %v, want an error naming %s", err, netkind.Denoiser.Spec().Curves)
	}
	if _, err := Load(filepath.Join(dir, "nope"), ""); err == nil {
		t.Error("missing directory accepted")
	}
}

// A denoiser imported from PyTorch (ddpm import) has no training curves:
// the report goes without them and says where the weights came from.
func TestReportImportedDenoiser(t *testing.T) {
	dir := t.TempDir()
	dataPath := writeFixture(t, dir, false)
	if err := os.Remove(filepath.Join(dir, netkind.Denoiser.Spec().Curves)); err != nil {
		t.Fatal(err)
	}
	if err := run.UpdateProvenance(dir, map[string]run.Provenance{
		run.ResultImport("denoiser"): {MadeBy: "ddpm import", Origin: "PyTorch state_dict /x/denoiser.pt"},
	}); err != nil {
		t.Fatal(err)
	}
	in, err := Load(dir, dataPath)
	if err != nil {
		t.Fatal(err)
	}
	if in.DenoiserCurves != nil || !strings.Contains(strings.Join(in.Notes, "\n"), "/x/denoiser.pt") {
		t.Errorf("curves %v, notes %q: want none, and a note naming the imported file", in.DenoiserCurves, in.Notes)
	}
	if _, err := Write(in, Options{Assets: viz.Assets{EChartsURL: "echarts.min.js"}}); err != nil {
		t.Fatalf("report of an imported denoiser: %v", err)
	}
}
