package plotdata

import (
	"math"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/run"
)

// TestMetricsRowsDecimals checks that each number column prints one
// number of decimals, whatever the values (2.270 is not "2.27" next to
// "2.276").
func TestMetricsRowsDecimals(t *testing.T) {
	tab := run.MetricsTable{
		"uncond": {Label: -1, N: 10, NLL: 2.27, DataNLL: 2, Precision: 1, Recall: 0.5, LabelAccuracy: -1},
		"a":      {Label: 0, N: 10, NLL: 2.276, DataNLL: math.NaN(), Precision: 0.9651, Recall: 1, LabelAccuracy: 1, Scale: 0.5},
		"b":      {Label: 1, N: 10, NLL: 12.3456, DataNLL: 2.1, Precision: 0, Recall: 0.25, LabelAccuracy: 0.998, Scale: 4},
	}
	rows := MetricsRows(tab)
	want := [][]string{
		{"uncond", "10", "2.270", "2.000", "1.000", "0.500", "-", "-"},
		{"a (Michigan)", "10", "2.276", "-", "0.965", "1.000", "1.000", "0.5"},
		{"b (Idaho)", "10", "12.346", "2.100", "0.000", "0.250", "0.998", "4.0"},
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %q, want %q", i, rows[i], want[i])
		}
	}
	tab["c"] = run.Metrics{Label: 2, Scale: 0.25}
	if got := MetricsRows(tab)[1][7]; got != "0.50" {
		t.Errorf("scale 0.5 next to 0.25 printed %q, want 0.50", got)
	}
}
