package main

import (
	"errors"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/pipeline"
)

// The stage flags that ddpm all derives from each budget are flags of the
// stage's subcommand with values it accepts: every stage parses them (and
// then stops at -h, before running anything).
func TestBudgetStageArgsParse(t *testing.T) {
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	stderr := os.Stderr
	os.Stderr = devNull // the usage text of -h
	defer func() { os.Stderr = stderr }()
	for _, quick := range []bool{false, true} {
		c := commonFlags{out: t.TempDir(), backend: "go"}
		stageArgs, err := allStageArgs(c, quick, map[string]bool{}, pipeline.FullBudget.N, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range allStages {
			args := append(stageArgs[st.name], "-h")
			if err := commands[st.command].run(args); !errors.Is(err, flag.ErrHelp) {
				t.Errorf("quick %v, stage %s: ddpm %s %s: %v", quick, st.name, st.command, strings.Join(args, " "), err)
			}
		}
	}
	full, err := budgetStageArgs(pipeline.FullBudget)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(full["guide"], " "); !strings.Contains(got, "-sweep 0,0.5,1,2,4,8") {
		t.Errorf("ddpm all's guide stage: %s; want the full budget's scales", got)
	}
	if len(full["train"]) != 0 {
		t.Errorf("ddpm all's train stage: %v; want the default recipe (no flags)", full["train"])
	}
}
