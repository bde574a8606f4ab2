// Command pjrt-install installs the CUDA PJRT plugin of XLA, with the NVIDIA
// libraries it needs, for the XLA backend of GoMLX (GOMLX_BACKEND=xla:cuda).
// It runs at image build time in docker/Dockerfile.cuda, so that the program
// never downloads anything at run time.
//
// It calls the installer of go-xla at the version that go.mod pins; the
// plugin and libraries come from the JAX wheels on PyPI, checked against
// their published SHA-256 sums.
//
//	go run ./docker/pjrt-install -plugin cuda13 -version latest -path /usr/local/lib/go-xla
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gomlx/go-xla/installer"
)

func main() {
	plugin := flag.String("plugin", "cuda13", `PJRT plugin: "cuda13" or "cuda12" (match the host's NVIDIA driver)`)
	version := flag.String("version", "latest", `JAX version of the plugin, e.g. "0.8.1", or "latest"`)
	path := flag.String("path", "/usr/local/lib/go-xla", "install directory: a .../lib/go-xla directory that go-xla searches")
	verbose := flag.Bool("v", false, "verbose")
	flag.Parse()
	level := installer.Normal
	if *verbose {
		level = installer.Verbose
	}
	if err := installer.CudaInstall(*plugin, *version, *path, true, level); err != nil {
		fmt.Fprintf(os.Stderr, "pjrt-install: %+v\n", err)
		os.Exit(1)
	}
}
