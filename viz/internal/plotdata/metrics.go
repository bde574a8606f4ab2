package plotdata

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/statesdiffusion/states/ddpm/run"
)

// MetricsColumns are the column heads of the metrics table.
var MetricsColumns = []string{"set", "n", "NLL", "data NLL", "precision", "recall", "label acc.", "scale"}

// MetricsRows returns the table as text cells, one row per set: the
// unconditional sets first, then guided sets by label, then by name.
// Every number column has one number of decimals: 3 for the scores, and
// for the guidance scale as many as its values need (at most 3).
func MetricsRows(t run.MetricsTable) [][]string {
	ms := make([]run.Metrics, 0, len(t))
	for name, m := range t {
		if m.Name == "" {
			m.Name = name
		}
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Label != ms[j].Label {
			return ms[i].Label < ms[j].Label
		}
		return ms[i].Name < ms[j].Name
	})
	scaleDec := 0
	for _, m := range ms {
		if m.Label >= 0 {
			scaleDec = max(scaleDec, decimals(m.Scale, 3))
		}
	}
	rows := make([][]string, len(ms))
	for i, m := range ms {
		name := m.Name
		if m.Label >= 0 {
			name = fmt.Sprintf("%s (%s)", m.Name, StateName(m.Label))
		}
		acc, scale := "-", "-"
		if m.Label >= 0 && m.LabelAccuracy >= 0 {
			acc = fmt.Sprintf("%.3f", m.LabelAccuracy)
		}
		if m.Label >= 0 {
			scale = strconv.FormatFloat(m.Scale, 'f', scaleDec, 64)
		}
		rows[i] = []string{name, fmt.Sprint(m.N), num(m.NLL), num(m.DataNLL),
			fmt.Sprintf("%.3f", m.Precision), fmt.Sprintf("%.3f", m.Recall), acc, scale}
	}
	return rows
}

// num prints a metric with 3 decimals, as every number column of the
// table ("-" when not finite).
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	return fmt.Sprintf("%.3f", v)
}

// decimals returns how many decimals, at most limit, print v exactly
// (0 for integers and non-finite values).
func decimals(v float64, limit int) int {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	shortest := strconv.FormatFloat(v, 'f', -1, 64)
	for d := 0; d < limit; d++ {
		if strconv.FormatFloat(v, 'f', d, 64) == shortest {
			return d
		}
	}
	return limit
}
