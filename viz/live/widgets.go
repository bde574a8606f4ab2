package live

import (
	"fmt"
	"time"

	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// move is a control's new value.
type move struct{ control, value int }

// wired are the live widgets of a panel: their moves, and the clicks of
// its Stop button.
type wired struct {
	moves chan move
	stop  <-chan int
}

// connect puts GoNB widgets in the panel's slots and reports whether the
// browser answered within connectTimeout. A widget's Done waits for its
// first value from the browser, which never comes headless: the waiting
// goroutine is then left behind, and ends with the cell's program.
func connect(id string, cs []Control) (*wired, bool) {
	w := &wired{moves: make(chan move, 64)}
	ready := make(chan struct{})
	go func() {
		listeners := make([]*comms.AddressChan[int], len(cs))
		for i, c := range cs {
			slot := fmt.Sprintf("%s_slot%d", id, i)
			if c.isSelect() {
				s := widgets.Select(c.Options).SetDefault(c.Value).WithHtmlId(slot + "_w").AppendTo(slot).Done()
				listeners[i] = s.Listen().LatestOnly()
			} else {
				s := widgets.Slider(c.Min, c.Max, c.Value).WithHtmlId(slot + "_w").AppendTo(slot).Done()
				listeners[i] = s.Listen().LatestOnly()
			}
		}
		stop := widgets.Button("Stop").WithHtmlId(id + "_stop_w").AppendTo(id + "_stop").Done()
		w.stop = stop.Listen().C
		for i, l := range listeners {
			go func() {
				for v := range l.C {
					w.moves <- move{i, v}
				}
			}()
		}
		close(ready)
	}()
	select {
	case <-ready:
		return w, true
	case <-time.After(connectTimeout):
		return nil, false
	}
}
