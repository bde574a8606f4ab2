package ddpm

import (
	"testing"

	"github.com/statesdiffusion/states/ddpm/netkind"
)

// TestEveryKindHasRecipe checks that every row of the kind table has its
// default recipe here, and that the recipe builds the kind's network.
func TestEveryKindHasRecipe(t *testing.T) {
	for _, k := range netkind.All() {
		cfg, err := DefaultTrainConfig(k)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if err := cfg.Validate(); err != nil {
			t.Errorf("%s: recipe: %v", k, err)
		}
		if _, err := ConfigArch(k, cfg); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	if len(recipes) != len(netkind.All()) {
		t.Errorf("%d recipes for %d kinds", len(recipes), len(netkind.All()))
	}
	if _, err := DefaultTrainConfig("gan"); err == nil {
		t.Error("DefaultTrainConfig(gan): no error")
	}
}
