package ddpm

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
)

// initEMA creates, for every weight of the network, an EMA copy (not
// trainable) starting at the current value. Existing copies are kept.
func (n *Net) initEMA() error {
	var weights []string
	prefix := n.scope().Scope()
	for v := range n.Store.IterVariables() {
		if p := v.Path(); len(p) > len(prefix) && p[:len(prefix)] == prefix {
			weights = append(weights, p)
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
	prefix := n.scope().Scope()
	for v := range n.Store.IterVariables() {
		p := v.Path()
		if len(p) <= len(prefix) || p[:len(prefix)] != prefix {
			continue
		}
		e := n.Store.GetVariable(emaPath(p))
		if e == nil {
			continue
		}
		w := v.NodeValue(g)
		ev := e.NodeValue(g)
		e.SetNodeValue(Add(MulScalar(ev, decay), MulScalar(w, 1-decay)))
	}
}
