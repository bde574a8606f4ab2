package viz

import (
	"bytes"
	"strings"
	"testing"
)

func TestEncodePointsRoundTrip(t *testing.T) {
	pts := [][2]float32{{0, 0}, {1.25, -2.5}, {-7.9, 7.9}, {100, -100}}
	got, err := DecodePoints(EncodePoints(pts))
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]float32{{0, 0}, {1.25, -2.5}, {-7.9, 7.9}, {32767.0 / 4096, -8}}
	for i := range want {
		for j := range 2 {
			if d := got[i][j] - want[i][j]; d > 1.0/4096 || d < -1.0/4096 {
				t.Errorf("point %d: %v, want %v", i, got[i], want[i])
			}
		}
	}
	if _, err := DecodePoints("abc"); err == nil {
		t.Error("bad base64 decoded")
	}
}

func TestExplorerKeyMatchesTheScript(t *testing.T) {
	if k := ExplorerKey("classifier-free", 2, 0.5, "ddim", 20); k != "classifier-free|2|0.5|ddim|20" {
		t.Errorf("key %q", k)
	}
	if k := ExplorerKey("none", 3, 2, "ddpm", 0); k != "none|-1|0|ddpm|0" {
		t.Errorf("unguided key %q keeps the label or scale", k)
	}
	if !strings.Contains(explorerJS, `[s.guide, s.label, s.scale, s.sampler, s.steps].join("|")`) {
		t.Error("the page's script builds its keys differently from ExplorerKey")
	}
}

func TestWriteExplorerNeedsLocalECharts(t *testing.T) {
	d := &ExplorerData{Sets: []ExplorerSet{{Key: "none|-1|0|ddpm|0"}}}
	var buf bytes.Buffer
	if err := WriteExplorer(&buf, d, Assets{EChartsURL: DefaultEChartsURL}, nil); err == nil || !strings.Contains(err.Error(), "offline") {
		t.Errorf("a page that would fetch ECharts was written (err %v)", err)
	}
}
