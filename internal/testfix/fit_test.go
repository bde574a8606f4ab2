package testfix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FitProblems names each way a chart does not fit, once per chart, and
// counts the drawn charts.
func TestFitProblems(t *testing.T) {
	record := strings.Join([]string{
		"page 1300 1280",
		"ok 0 0 600 600 400 10 5 200 25 0 600",
		"past 40 0 600 600 400 0 0 0 0 0 560",
		"scrolls 0 30 600 600 400 0 0 0 0 0 600",
		"wide 0 0 500 600 400 0 0 0 0 0 600",
		"clipped 0 0 600 600 400 500 5 700 25 0 600",
		"covers 0 0 600 600 400 10 5 200 25 2 600",
		"blank none",
		"garbled 1 2",
	}, "\n")
	bad, charts := FitProblems(record)
	if charts != 6 {
		t.Errorf("%d charts counted, want 6", charts)
	}
	want := []string{"page scrolls sideways: 1300 px wide in a 1280 px window", "past: 40 px past", "scrolls: a box around it overflows sideways by 30 px",
		"wide: drawn 600 px wide in a 500 px element", "clipped: legend at [500,5]-[700,25] outside", "covers: legend over 2 plots",
		"blank: not drawn", `unreadable record "garbled 1 2"`}
	if len(bad) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(bad), len(want), strings.Join(bad, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(bad[i], w) {
			t.Errorf("problem %d is %q, want one containing %q", i, bad[i], w)
		}
	}
	if bad, charts := FitProblems("page 1280 1280\nok 1 1 600 600 400 0 0 0 0 0 600"); len(bad) != 0 || charts != 1 {
		t.Errorf("a chart within a pixel of its box: %v, %d charts", bad, charts)
	}
}

// FitScript puts its selectors into the script as JavaScript strings.
func TestFitScriptSelectors(t *testing.T) {
	s := FitScript(".ddpm-chart .item", `.a, .b`)
	for _, want := range []string{`document.querySelectorAll(".ddpm-chart .item")`, `el.closest(".a, .b")`} {
		if !strings.Contains(s, want) {
			t.Errorf("the script lacks %s", want)
		}
	}
}

// A probe is the page with the script at the end of its body, and the
// probe's record is read back from the DOM.
func TestProbePage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "page.html")
	WriteFile(t, path, "<html><body><p>x</p></body></html>")
	probe := ProbePage(t, path, "probe_", "<script>s()</script>")
	if want := filepath.Join(filepath.Dir(path), "probe_page.html"); probe != want {
		t.Errorf("probe at %s, want %s", probe, want)
	}
	b, err := os.ReadFile(probe)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), "<html><body><p>x</p><script>s()</script>\n</body></html>"; got != want {
		t.Errorf("probe is %q, want %q", got, want)
	}
	if rec, ok := PreText("<body><pre id=\"ddpm-fit\">\npage 1 1\n</pre></body>", "ddpm-fit"); !ok || rec != "page 1 1" {
		t.Errorf("PreText = %q, %v", rec, ok)
	}
	if _, ok := PreText("<body></body>", "ddpm-fit"); ok {
		t.Error("PreText found a record in a page without one")
	}
}
