package main

import (
	"fmt"

	"github.com/statesdiffusion/states/ddpm/backends"
)

func init() {
	register("backend", "which compute backend runs here and why (the -backend default: auto)", runBackend)
}

// runBackend prints the banner of the selected backend; for "auto", the
// calibration figures behind its choice and where they are cached; then the
// backend's kind ("go", "onnx" or "xla") alone on the last line, for scripts.
func runBackend(args []string) error {
	fs := newFlags("backend")
	name := fs.String("backend", "", backendUsage)
	calibrate := fs.Bool("calibrate", false, "measure the CPU backends again for \"auto\", ignoring (and replacing) the cached figures")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *calibrate {
		backends.Recalibrate()
	}
	c := commonFlags{backend: *name}
	b, err := c.openBackend()
	if err != nil {
		return err
	}
	if d, ok := backends.AutoChoice(); ok && backends.Kind(b) == d.Kind {
		printCalibration(d)
	}
	fmt.Println(backends.Kind(b))
	return nil
}

// printCalibration prints the figures behind auto's choice.
func printCalibration(d backends.AutoDecision) {
	cal := d.Calibration
	if cal == nil {
		fmt.Println("  " + d.Reason)
		return
	}
	when := "measured now"
	if d.Cached {
		when = "cached, measured " + cal.Measured.Local().Format("2006-01-02 15:04")
	}
	if cal.Load != "" {
		when += ", load average " + cal.Load
	}
	fmt.Printf("  calibration (%s; best of a few calls, lower ms is faster; %s):\n", when, cal.Key.CPU)
	for _, f := range cal.Figures {
		fmt.Println("    " + f.String())
	}
	where := "not cached"
	if d.CachePath != "" {
		where = "cache: " + d.CachePath
	}
	fmt.Printf("  %s; ddpm backend -calibrate measures again\n", where)
}
