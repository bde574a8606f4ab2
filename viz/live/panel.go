package live

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/statesdiffusion/states/viz"
)

// DefaultIdle is how long a live panel waits for a move before its cell
// ends (Panel.Idle).
const DefaultIdle = 10 * time.Minute

// connectTimeout is how long Show waits for the browser to answer the
// first widget; past it the notebook is taken to run headless. GoNB itself
// gives up on the browser after 3 s.
const connectTimeout = 5 * time.Second

// Frame is what a panel shows for one setting of its controls.
type Frame struct {
	// Chart is drawn under the controls.
	Chart viz.Chart
	// Caption is one line of plain text between the controls and the
	// chart: the setting's metrics, say.
	Caption string
}

// Panel is a chart with controls: Draw computes the frame of a setting,
// values[i] being the value of Controls[i] (an option's index or a
// slider's value).
type Panel struct {
	Controls []Control
	Draw     func(values []int) (Frame, error)
	// Idle ends a live cell after this long without a move (0:
	// DefaultIdle).
	Idle time.Duration
	// Assets say where the charts get ECharts (zero: viz.AssetsFromEnv).
	Assets viz.Assets
}

// Show draws the panel at its controls' initial values in the current
// GoNB cell. With a browser attached it then answers the controls: every
// move redraws the chart and the caption with Draw, until the panel's
// Stop button is pressed or nothing moves for Idle. Headless (no browser
// answers within a few seconds) it returns after the first drawing.
// Outside a notebook it does nothing. An error of Draw at the initial
// values is returned; later ones are shown in the caption.
func Show(p Panel) error {
	if err := p.validate(); err != nil {
		return err
	}
	if !gonbui.IsNotebook {
		return nil
	}
	values := make([]int, len(p.Controls))
	for i, c := range p.Controls {
		values[i] = c.Value
	}
	f, err := p.Draw(values)
	if err != nil {
		return err
	}
	if p.Assets == (viz.Assets{}) {
		p.Assets = viz.AssetsFromEnv()
	}
	id := "ddpm_live_" + gonbui.UniqueId()
	page, err := panelHTML(id, p.Controls, f, p.Assets)
	if err != nil {
		return err
	}
	gonbui.DisplayHTML(page)
	gonbui.Sync()

	w, ok := connect(id, p.Controls)
	if !ok {
		return nil // headless: the first drawing is the result
	}
	idle := p.Idle
	if idle <= 0 {
		idle = DefaultIdle
	}
	dom.SetInnerText(id+"_status", fmt.Sprintf("Live: every move redraws. The cell runs until Stop, or %s without a move.", minutes(idle)))
	p.serve(id, w, values, idle)
	return nil
}

// validate checks the controls and that there is something to draw.
func (p Panel) validate() error {
	if p.Draw == nil {
		return errors.New("live: the panel has no Draw function")
	}
	if len(p.Controls) == 0 {
		return errors.New("live: the panel has no controls")
	}
	for _, c := range p.Controls {
		if err := c.validate(); err != nil {
			return err
		}
	}
	return nil
}

// serve redraws the panel on every move until Stop or idle.
func (p Panel) serve(id string, w *wired, values []int, idle time.Duration) {
	timer := time.NewTimer(idle)
	defer timer.Stop()
	frame := 0
	for {
		select {
		case m := <-w.moves:
			values[m.control] = p.Controls[m.control].clamp(m.value)
			// Take the latest position of every control before drawing.
			for more := true; more; {
				select {
				case m := <-w.moves:
					values[m.control] = p.Controls[m.control].clamp(m.value)
				default:
					more = false
				}
			}
			frame++
			p.redraw(id, values, frame)
			timer.Reset(idle)
		case <-w.stop:
			dom.SetInnerText(id+"_status", "Stopped: run the cell again to move the controls.")
			return
		case <-timer.C:
			dom.SetInnerText(id+"_status", fmt.Sprintf("Stopped after %s without a move: run the cell again to move the controls.", minutes(idle)))
			return
		}
	}
}

// redraw shows the frame of values in one round trip to the browser: the
// controls' shown values, the caption and the chart (ReplaceChartJS); it
// then marks the panel with the frame's number (data-frame) for tests and
// tools.
func (p Panel) redraw(id string, values []int, frame int) {
	var js strings.Builder
	setText := func(elem, text string) {
		fmt.Fprintf(&js, "document.getElementById(%s).innerText = %s;\n", jsString(elem), jsString(text))
	}
	for i, c := range p.Controls {
		if s := c.Shown(values[i]); s != "" {
			setText(fmt.Sprintf("%s_val%d", id, i), s)
		}
	}
	f, err := p.Draw(values)
	if err != nil {
		setText(id+"_caption", "error: "+err.Error())
	} else {
		setText(id+"_caption", f.Caption)
		js.WriteString(viz.ReplaceChartJS(id+"_chart", f.Chart))
	}
	fmt.Fprintf(&js, "document.getElementById(%s).dataset.frame = %s;\n", jsString(id), jsString(fmt.Sprint(frame)))
	dom.TransientJavascript(js.String())
}

// minutes says d in minutes when it is a whole number of them.
func minutes(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return d.String()
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
