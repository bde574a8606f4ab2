package ddpm

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
)

// initEMA creates, for every weight of the network, an EMA copy (not
// trainable) starting at the current value. Existing copies are kept.
func (n *Net) initEMA() error {
	var weights []string
	for v := range n.Store.IterVariables() {
		if n.isWeight(v.Path()) {
			weights = append(weights, v.Path())
		}
	}
	for _, p := range weights {
		if n.Store.GetVariable(emaPath(p)) != nil {
			continue
		}
		val, err := n.Store.GetVariable(p).Value()
		if err != nil {
			return fmt.Errorf("ema %s: %w", p, err)
		}
		cp, err := cloneTensor(val)
		if err != nil {
			return fmt.Errorf("ema %s: %w", p, err)
		}
		v, err := n.Store.CreateVariable(emaPath(p), cp)
		if err != nil {
			return fmt.Errorf("ema %s: %w", p, err)
		}
		v.SetTrainable(false)
	}
	return nil
}

// emaGraph updates every EMA copy toward the (already updated) weights:
// ema = decay ema + (1 - decay) w.
func (n *Net) emaGraph(g *Graph, decay float64) {
	for v := range n.Store.IterVariables() {
		if !n.isWeight(v.Path()) {
			continue
		}
		e := n.Store.GetVariable(emaPath(v.Path()))
		if e == nil {
			continue
		}
		w := v.NodeValue(g)
		ev := e.NodeValue(g)
		e.SetNodeValue(Add(MulScalar(ev, decay), MulScalar(w, 1-decay)))
	}
}
