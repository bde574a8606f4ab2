package main

import (
	"slices"
	"strings"
	"testing"
)

func TestParseBatches(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int
		auto bool
	}{
		{"auto", nil, true},
		{"none", nil, false},
		{"", nil, false},
		{"10000, 65536,262144", []int{10000, 65536, 262144}, false},
	} {
		got, auto, err := parseBatches(c.in)
		if err != nil || auto != c.auto || !slices.Equal(got, c.want) {
			t.Errorf("parseBatches(%q) = %v, %v, %v; want %v, %v, nil", c.in, got, auto, err, c.want, c.auto)
		}
	}
	for _, bad := range []string{"0", "-5", "1,,2", "big"} {
		if _, _, err := parseBatches(bad); err == nil {
			t.Errorf("parseBatches(%q): no error", bad)
		}
	}
}

func TestBenchBadBatchesIsAUsageError(t *testing.T) {
	code, out := runDDPM(t, "bench", "-batches", "64,zero")
	if code != 2 || !strings.Contains(out, "-batches") {
		t.Errorf("ddpm bench -batches 64,zero: exit %d, output %q; want 2 and a message naming -batches", code, out)
	}
}
