package live

import (
	"fmt"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz"
)

func scaleText(v int) string { return fmt.Sprintf("%.2f", float64(v)/4) }

func TestPanelHTMLShowsTheInitialSetting(t *testing.T) {
	cs := []Control{
		Select("state", states.Names[:], 2),
		Slider("scale <s>", 0, 32, 4, scaleText),
	}
	data, err := states.Load("")
	if err != nil {
		t.Fatal(err)
	}
	f := Frame{Chart: viz.DataChart("data", data), Caption: "precision 0.99 < 1"}
	page, err := panelHTML("p1", cs, f, viz.Assets{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<option value="2" selected>Ohio</option>`,
		`<input class="ddpm-static" type="range" min="0" max="32" value="4" disabled/>`,
		`<span class="ddpm-value" id="p1_val1">1.00</span>`,
		`scale &lt;s&gt;`,
		`id="p1_caption">precision 0.99 &lt; 1</div>`,
		`id="p1_slot0"`, `id="p1_slot1"`, `id="p1_stop"`, `id="p1_status"`,
		`<div class="ddpm-chart" id="p1_chart">`,
		"echarts.init(",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the panel lacks %q", want)
		}
	}
	if n := strings.Count(page, "selected"); n != 1 {
		t.Errorf("%d selected options, want 1", n)
	}
}

func TestControls(t *testing.T) {
	bad := []Control{
		Select("none", []string{"a", "b"}, 2),
		Select("negative", []string{"a"}, -1),
		Slider("empty range", 3, 3, 3, nil),
		Slider("outside", 0, 10, 11, nil),
	}
	for _, c := range bad {
		if err := c.validate(); err == nil || !strings.Contains(err.Error(), c.Label) {
			t.Errorf("%q: validate = %v, want an error naming it", c.Label, err)
		}
	}
	s := Slider("steps", 1, 5, 2, nil)
	if err := s.validate(); err != nil {
		t.Fatal(err)
	}
	if s.clamp(9) != 5 || s.clamp(-3) != 1 || s.clamp(3) != 3 {
		t.Errorf("slider clamp: %d %d %d, want 5 1 3", s.clamp(9), s.clamp(-3), s.clamp(3))
	}
	if s.Shown(4) != "4" || Slider("w", 0, 8, 0, scaleText).Shown(6) != "1.50" {
		t.Error("a slider shows its value as an integer, or as its format says")
	}
	sel := Select("state", states.Names[:], 0)
	if sel.clamp(7) != len(states.Names)-1 || sel.Shown(1) != "" {
		t.Error("a select clamps to its options and shows no value beside it")
	}
}

func TestShowRefusesBadPanels(t *testing.T) {
	draw := func([]int) (Frame, error) { return Frame{}, nil }
	for _, p := range []Panel{
		{Controls: []Control{Slider("x", 0, 1, 0, nil)}},
		{Draw: draw},
		{Controls: []Control{Slider("x", 1, 0, 0, nil)}, Draw: draw},
	} {
		if err := Show(p); err == nil {
			t.Errorf("Show(%+v): no error", p.Controls)
		}
	}
	// Outside a notebook a good panel draws nothing and returns.
	called := false
	p := Panel{Controls: []Control{Slider("x", 0, 1, 0, nil)}, Draw: func([]int) (Frame, error) { called = true; return Frame{}, nil }}
	if err := Show(p); err != nil || called {
		t.Errorf("outside a notebook: err %v, drawn %v; want nil, false", err, called)
	}
}
