package main

import (
	"fmt"

	"github.com/statesdiffusion/states/ddpm/backends"
)

func init() {
	register("backend", "which compute backend runs here (the -backend default: auto)", runBackend)
}

// runBackend prints the banner of the selected backend, then its kind
// ("go", "onnx" or "xla") alone on the last line, for scripts.
func runBackend(args []string) error {
	fs := newFlags("backend")
	name := fs.String("backend", "", backendUsage)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c := commonFlags{backend: *name}
	b, err := c.openBackend()
	if err != nil {
		return err
	}
	fmt.Println(backends.Kind(b))
	return nil
}
